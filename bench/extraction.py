"""Article extraction benchmark: Tribune's extract_page against plain trafilatura.

    .venv/bin/python bench/extraction.py              # quality tables and speed
    .venv/bin/python bench/extraction.py --details    # plus one line per page
    .venv/bin/python bench/extraction.py --ablate     # plus each chrome rule's effect

Data: tests/data/extraction/{heldout,dev}, article pages written to imitate real news-site
templates (the two splits use different templates; rules were tuned on dev only), each
``NAME.html`` beside its gold ``NAME.json`` (see the README there).

Quality, per split, for three extractors: ours (``tribune.ingest.extract.extract_page``),
trafilatura with its default settings (which include reader comments), and trafilatura with
comments off. Columns: micro-averaged bag-of-words precision, recall and F1 of the text
against the gold (``tribune.ingest.extract_eval``), the number of pages whose text contains a
chrome phrase listed in their gold (navigation labels, "Add to Home Screen", "Join the
conversation", footer links ...) and the number of such phrases. Then the metadata accuracy
of ours (title, author, published, language, image) with every miss listed.

Speed: pages per second per core, from process CPU time (``time.process_time``), for ours
and trafilatura over every gold page, and again over the same pages padded to a typical
real-world size (a few hundred KB of inline script, JSON and CSS, and a 400-link menu), with
the ours/trafilatura ratio. ``pages_per_second_per_core()`` returns the same figures for
bench/ingest.py.

``--ablate`` shows, on both splits, the F1 and leak change from adding each candidate chrome
rule that is not kept and from removing each kept one: the evidence for which rules
``extract.CHROME_RULES`` keeps.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from pathlib import Path

from tribune.ingest import extract
from tribune.ingest import extract_eval as ev

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "extraction"
SPLITS = ("heldout", "dev")
EXTRACTORS: dict[str, ev.TextExtractor] = {
    "ours": ev.ours,
    "trafilatura (defaults)": ev.trafilatura_default,
    "trafilatura (comments off)": ev.trafilatura_no_comments,
}
SPEED_ROUNDS = 3


def quality(split: str, details: bool) -> None:
    cases = ev.load_cases(DATA / split)
    print(f"\n== {split}: {len(cases)} pages")
    print(
        f"{'extractor':28s} {'precision':>9s} {'recall':>7s} {'F1':>7s}"
        f" {'leaking':>8s} {'leaks':>6s}"
    )
    reports = {}
    for name, extractor in EXTRACTORS.items():
        report = ev.evaluate(cases, extractor)
        reports[name] = report
        micro = report.micro
        leaks = sum(len(p.leaks) for p in report.pages)
        print(
            f"{name:28s} {micro.precision:9.4f} {micro.recall:7.4f} {micro.f1:7.4f} "
            f"{len(report.leaking_pages):5d}/{len(cases):<2d} {leaks:6d}"
        )
    if details:
        ours, plain = reports["ours"], reports["trafilatura (defaults)"]
        print(
            f"\n  {'page':32s} {'template':12s} {'ours P/R':>13s} {'trafilatura P/R':>16s}  leaks"
        )
        for mine, theirs in zip(ours.pages, plain.pages, strict=True):
            print(
                f"  {mine.name:32s} {mine.template:12s} "
                f"{mine.score.precision:6.3f}/{mine.score.recall:.3f} "
                f"{theirs.score.precision:9.3f}/{theirs.score.recall:.3f}  "
                f"ours {mine.leaks or '-'}; trafilatura {len(theirs.leaks)}"
            )

    meta = ev.evaluate_metadata(cases)
    fields = "  ".join(f"{f} {meta.correct[f]}/{meta.checked[f]}" for f in ev.METADATA_FIELDS)
    print(f"metadata (ours): {fields}")
    for name, field_name, got, want in meta.misses:
        print(f"  miss {name}: {field_name} = {got!r}, gold {want!r}")


def ablate() -> None:
    print("\n== chrome rules: F1 / leak change against the kept set")
    kept = extract.CHROME_RULES
    for split in SPLITS:
        cases = ev.load_cases(DATA / split)

        def run(
            rules: tuple[extract.ChromeRule, ...], cases: list[ev.Case] = cases
        ) -> tuple[float, int]:
            report = ev.evaluate(cases, lambda h, u: _text_or_empty(h, u, rules))
            return report.micro.f1, sum(len(p.leaks) for p in report.pages)

        base_f1, base_leaks = run(kept)
        none_f1, none_leaks = run(())
        print(
            f"{split}: kept rules F1 {base_f1:.4f}, {base_leaks} leaks; "
            f"no rules F1 {none_f1:.4f}, {none_leaks} leaks"
        )
        for rule in extract.CANDIDATE_RULES:
            if rule in kept:
                trial, label = tuple(r for r in kept if r is not rule), "without"
            else:
                trial, label = (*kept, rule), "adding"
            f1, leaks = run(trial)
            print(
                f"  {label:8s} {rule.name:16s} F1 {f1 - base_f1:+.4f}"
                f"  leaks {leaks - base_leaks:+d}"
            )


def _text_or_empty(html: bytes, url: str, rules: tuple[extract.ChromeRule, ...]) -> str:
    try:
        return extract._extract(html, url, rules).text
    except extract.ExtractError:
        return ""


# ---------------------------------------------------------------- speed

_PAD_SCRIPT = (
    "<script>window.__APP_STATE__ = {"
    + ",".join(f'"k{i}": {{"id": {i}, "slot": "ad-{i}", "flags": [1, 2, 3]}}' for i in range(4500))
    + "};</script>"
)
_PAD_JSON = (
    '<script type="application/json" id="__DATA__">['
    + ",".join(f'{{"headline": "Story {i}", "url": "/news/{i}"}}' for i in range(3000))
    + "]</script>"
)
_PAD_STYLE = (
    "<style>"
    + "".join(f".c{i}{{margin:{i % 9}px;color:#{i:06x}}}" for i in range(2500))
    + "</style>"
)
_PAD_MENU = (
    '<div class="mega-menu" role="navigation"><ul>'
    + "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(400))
    + "</ul></div>"
)


def realistic_size(page: bytes) -> bytes:
    """The page with the weight real article pages carry around the same content."""
    head = (_PAD_STYLE + _PAD_SCRIPT + _PAD_JSON).encode()
    page = page.replace(b"</head>", head + b"</head>", 1)
    body_at = page.find(b"<body")
    if body_at >= 0:
        insert_at = page.index(b">", body_at) + 1
        page = page[:insert_at] + _PAD_MENU.encode() + page[insert_at:]
    return page


def _pages_per_second(pages: list[tuple[bytes, str]], extractor: ev.TextExtractor) -> float:
    for html, url in pages[:3]:  # warm caches and lazy imports
        extractor(html, url)
    started = time.process_time()
    for _ in range(SPEED_ROUNDS):
        for html, url in pages:
            extractor(html, url)
    return SPEED_ROUNDS * len(pages) / (time.process_time() - started)


def pages_per_second_per_core() -> dict[str, float]:
    """Pages/s per core (process CPU time) of ours and trafilatura, on gold and padded pages."""
    logging.disable(logging.WARNING)
    try:
        cases = [c for split in SPLITS for c in ev.load_cases(DATA / split)]
        gold = [(c.html, c.url) for c in cases]
        padded = [(realistic_size(c.html), c.url) for c in cases]
        result: dict[str, float] = {
            "pages": float(len(cases)),
            "mean_page_kb": sum(len(h) for h, _ in gold) / len(gold) / 1024,
            "mean_padded_page_kb": sum(len(h) for h, _ in padded) / len(padded) / 1024,
        }
        for label, pages in (("gold", gold), ("padded", padded)):
            ours = _pages_per_second(pages, ev.ours)
            plain = _pages_per_second(pages, ev.trafilatura_default)
            result[f"ours_{label}"] = ours
            result[f"trafilatura_{label}"] = plain
            result[f"ratio_{label}"] = ours / plain
        return result
    finally:
        logging.disable(logging.NOTSET)


def speed() -> None:
    figures = pages_per_second_per_core()
    print(
        f"\n== speed: pages/s per core (process CPU time), {int(figures['pages'])} pages, "
        f"{SPEED_ROUNDS} rounds"
    )
    print(f"{'pages':34s} {'ours':>8s} {'trafilatura':>12s} {'ours/trafilatura':>17s}")
    for label, title in (
        ("gold", f"gold pages (mean {figures['mean_page_kb']:.0f} KB)"),
        ("padded", f"padded pages (mean {figures['mean_padded_page_kb']:.0f} KB)"),
    ):
        print(
            f"{title:34s} {figures[f'ours_{label}']:8.1f} {figures[f'trafilatura_{label}']:12.1f} "
            f"{figures[f'ratio_{label}']:17.2f}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--details", action="store_true", help="one line per page")
    parser.add_argument("--ablate", action="store_true", help="each chrome rule's effect")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # trafilatura logs every page it finds no text in
    steps: list[Callable[[], None]] = [lambda s=s: quality(s, args.details) for s in SPLITS]
    if args.ablate:
        steps.append(ablate)
    if not args.no_speed:
        steps.append(speed)
    for step in steps:
        step()


if __name__ == "__main__":
    main()
