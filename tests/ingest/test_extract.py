"""Article-page extraction: quality on the gold set, metadata, decoding and hostile input."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from tribune.ingest import extract_eval as ev
from tribune.ingest.extract import ExtractedPage, ExtractError, extract_page

DATA = Path(__file__).resolve().parent.parent / "data" / "extraction"
URL = "https://news.example/2024/05/article"
PARAGRAPH = (
    "<p>The harbour commission met on Tuesday evening and agreed a budget for dredging the "
    "channel, after two hours of debate about who should pay for the work and when.</p>"
)
# Hostile inputs must come back fast; generous for slow CI machines.
QUICK_SECONDS = 5.0


@cache
def cases(split: str) -> tuple[ev.Case, ...]:
    return tuple(ev.load_cases(DATA / split))


@cache
def report(split: str, extractor_name: str) -> ev.Report:
    extractor = {
        "ours": ev.ours,
        "trafilatura": ev.trafilatura_default,
        "trafilatura-no-comments": ev.trafilatura_no_comments,
    }[extractor_name]
    return ev.evaluate(cases(split), extractor)


def page(body: str, head: str = "", url: str = URL) -> ExtractedPage:
    return extract_page(f"<html><head>{head}</head><body>{body}</body></html>", url)


# ---------------------------------------------------------------- the gold set


def test_gold_set_has_twenty_pages_per_split_on_disjoint_templates() -> None:
    dev, heldout = cases("dev"), cases("heldout")
    assert len(dev) >= 20 and len(heldout) >= 20
    dev_templates = {c.gold["template"] for c in dev}
    heldout_templates = {c.gold["template"] for c in heldout}
    assert not dev_templates & heldout_templates


def test_gold_set_covers_french_german_and_spanish_pages() -> None:
    languages = {c.gold["language"] for split in ("dev", "heldout") for c in cases(split)}
    assert {"en", "fr", "de", "es"} <= languages


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_no_chrome_phrase_of_a_page_is_part_of_its_gold_text(split: str) -> None:
    for case in cases(split):
        assert case.gold["chrome"], case.name
        assert ev.chrome_leaks(case.gold["text"], case.gold["chrome"]) == [], case.name


# ---------------------------------------------------------------- quality


def test_heldout_micro_f1_is_at_least_096() -> None:
    f1 = report("heldout", "ours").micro.f1
    assert f1 >= 0.96, f"held-out micro F1 {f1:.4f}"


@pytest.mark.parametrize("baseline", ["trafilatura", "trafilatura-no-comments"])
def test_heldout_micro_f1_is_not_below_plain_trafilatura(baseline: str) -> None:
    ours, theirs = report("heldout", "ours").micro.f1, report("heldout", baseline).micro.f1
    assert ours >= theirs, f"ours {ours:.4f} < {baseline} {theirs:.4f}"


def test_no_heldout_page_leaks_site_chrome_into_its_text() -> None:
    leaks = {p.name: p.leaks for p in report("heldout", "ours").leaking_pages}
    assert leaks == {}


def test_dev_quality_does_not_regress() -> None:
    dev = report("dev", "ours")
    assert dev.micro.f1 >= 0.99
    assert dev.leaking_pages == []


@cache
def metadata(split: str) -> ev.MetadataReport:
    return ev.evaluate_metadata(cases(split))


@pytest.mark.parametrize("split", ["dev", "heldout"])
@pytest.mark.parametrize("field_name", ev.METADATA_FIELDS)
def test_metadata_matches_the_gold_where_the_gold_has_it(split: str, field_name: str) -> None:
    result = metadata(split)
    misses = [m for m in result.misses if m[1] == field_name]
    assert misses == []


# ---------------------------------------------------------------- the result


def test_json_dict_has_the_cli_keys_and_an_iso_utc_date() -> None:
    result = page(
        PARAGRAPH * 3,
        head='<meta property="article:published_time" content="2024-05-02T09:15:00-04:00">',
    ).to_json_dict()
    assert list(result) == [
        "url",
        "title",
        "author",
        "published",
        "language",
        "image",
        "text",
        "html",
    ]
    assert result["published"] == "2024-05-02T13:15:00+00:00"
    assert result["url"] == URL


def test_missing_publication_time_is_none_in_json() -> None:
    assert page(PARAGRAPH * 3).to_json_dict()["published"] is None


def test_html_keeps_paragraphs_and_links_but_not_scripts() -> None:
    body = (
        '<article><p class="para-big">The council <a href="/budget" class="link">published the'
        " budget</a> today, a week later than planned, and members will vote on it on Thursday"
        " evening.</p>" + PARAGRAPH * 2 + "<script>alert(1)</script></article>"
    )
    result = page(body)
    assert "<p>" in result.html
    assert "class=" not in result.html
    assert 'href="https://news.example/budget"' in result.html
    assert "script" not in result.html
    assert "alert" not in result.text


def test_text_has_one_block_per_line() -> None:
    result = page("<article>" + PARAGRAPH + "<h2>What comes next</h2>" + PARAGRAPH + "</article>")
    assert result.text.splitlines()[1] == "What comes next"


def test_reader_comments_are_not_part_of_the_text() -> None:
    comments = (
        '<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment">'
        "<p>First! This is a reader comment that says a good deal about nothing at all.</p>"
        "</li></ol></div>"
    )
    result = page(f"<article>{PARAGRAPH * 3}</article>{comments}")
    assert "reader comment" not in result.text


# ---------------------------------------------------------------- metadata details


def test_title_drops_the_site_name_suffix() -> None:
    head = (
        '<meta property="og:site_name" content="Harbour Herald">'
        '<meta property="og:title" content="Dredging approved | Harbour Herald">'
    )
    assert page(PARAGRAPH * 3, head).title == "Dredging approved"


def test_truncated_schema_headline_yields_to_the_full_title() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Council approves harbour dredging after a long..."}</script>'
        '<meta property="og:title" content="Council approves harbour dredging after a long debate">'
    )
    assert page(PARAGRAPH * 3, head).title == (
        "Council approves harbour dredging after a long debate"
    )


def test_authors_come_from_json_ld_people_not_organisations() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
        '{"@type": "Person", "name": "Maren Okafor"}, {"@type": "Person", "name": "Jonah Pike"},'
        '{"@type": "NewsMediaOrganization", "name": "Harbour Herald"}]}</script>'
    )
    assert page(PARAGRAPH * 3, head).author == "Maren Okafor, Jonah Pike"


def test_author_references_in_a_json_ld_graph_are_resolved() -> None:
    head = (
        '<script type="application/ld+json">{"@graph": ['
        '{"@type": "Article", "author": {"@id": "#maren"}},'
        '{"@type": "Person", "@id": "#maren", "name": "Maren Okafor"}]}</script>'
    )
    assert page(PARAGRAPH * 3, head).author == "Maren Okafor"


def test_author_url_in_meta_tag_is_not_taken_for_a_name() -> None:
    head = '<meta property="article:author" content="https://news.example/staff/okafor">'
    assert page(PARAGRAPH * 3, head).author == ""


def test_date_without_offset_is_read_as_utc() -> None:
    head = '<meta property="article:published_time" content="2024-03-12T18:40:00">'
    assert page(PARAGRAPH * 3, head).published == datetime(2024, 3, 12, 18, 40, tzinfo=UTC)


def test_publication_time_far_in_the_future_is_ignored() -> None:
    head = '<meta property="article:published_time" content="2999-01-01T00:00:00Z">'
    assert page(PARAGRAPH * 3, head).published is None


def test_time_element_in_the_article_gives_the_date_when_nothing_is_declared() -> None:
    body = f'<article><time datetime="2024-08-26T06:00:00-05:00">Aug 26</time>{PARAGRAPH * 3}'
    assert page(body + "</article>").published == datetime(2024, 8, 26, 11, 0, tzinfo=UTC)


def test_language_is_the_primary_subtag() -> None:
    result = extract_page(f'<html lang="pt-BR"><body>{PARAGRAPH * 3}</body></html>', URL)
    assert result.language == "pt"


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("/img/lead.jpg", "https://news.example/img/lead.jpg"),
        ("//cdn.news.example/lead.jpg", "https://cdn.news.example/lead.jpg"),
        ("https://img.example/a.jpg?w=1200", "https://img.example/a.jpg?w=1200"),
        ("javascript:alert(1)", ""),
        ("data:image/png;base64,AAAA", ""),
    ],
)
def test_share_image_is_an_absolute_http_url(declared: str, expected: str) -> None:
    head = f'<meta property="og:image" content="{declared}">'
    assert page(PARAGRAPH * 3, head).image == expected


def test_image_of_a_page_read_from_a_file_resolves_against_its_canonical_url() -> None:
    head = (
        '<link rel="canonical" href="https://news.example/a/b">'
        '<meta property="og:image" content="/i.jpg">'
    )
    assert page(PARAGRAPH * 3, head, url="").image == "https://news.example/i.jpg"


# ---------------------------------------------------------------- chrome rules


def test_article_container_named_like_chrome_is_kept_when_it_holds_the_text() -> None:
    result = page(f'<div class="newsletter-issue">{PARAGRAPH * 4}</div>')
    assert "harbour commission" in result.text


def test_long_paragraph_that_mentions_a_chrome_phrase_is_kept() -> None:
    quoted = (
        "<p>Join the conversation at the library on Thursday, the mayor told residents, who "
        "have argued for a year about the ferry timetable, the harbour budget, the closure of "
        "the night bus and the new parking charges on the seafront, and who packed the hall "
        "again on Monday to ask the council for a vote before the summer.</p>"
    )
    result = page(f"<article>{PARAGRAPH}{quoted}{PARAGRAPH}</article>")
    assert "mayor told residents" in result.text


def test_add_to_home_screen_box_inside_the_article_is_dropped() -> None:
    box = (
        '<div class="tip"><p>Add the Herald to your home screen: tap Share, then Add to Home '
        "Screen.</p><button>Close</button></div>"
    )
    result = page(f"<article>{PARAGRAPH}{box}{PARAGRAPH * 2}</article>")
    assert "home screen" not in result.text.lower()


def test_ad_label_block_is_dropped_but_a_table_cell_reading_pub_is_kept() -> None:
    table = (
        "<table><tr><th>Venue</th><th>Kind</th></tr><tr><td>The Anchor</td><td>Pub</td></tr>"
        "<tr><td>Harbour Hall</td><td>Theatre</td></tr></table>"
    )
    ad = '<div class="slot"><p>Advertisement</p></div>'
    result = page(f"<article>{PARAGRAPH}{ad}{table}{PARAGRAPH * 2}</article>")
    assert "Advertisement" not in result.text
    assert "Pub" in result.text


def test_live_blog_entries_keep_their_headings() -> None:
    entries = "".join(
        f'<article class="entry"><h2>Update {n}</h2><div class="post-body">{PARAGRAPH}</div>'
        "</article>"
        for n in range(4)
    )
    result = page(f"<main><h1>Storm live</h1>{entries}</main>")
    assert [f"Update {n}" in result.text for n in range(4)] == [True] * 4


# ---------------------------------------------------------------- decoding


def test_meta_charset_decides_the_decoding() -> None:
    html = (
        '<html><head><meta http-equiv="content-type" content="text/html; charset=windows-1252">'
        "</head><body><p>The new ground cost \u00a3310m, said the club\u2019s chairman, and "
        "it opened on Saturday night in front of a full house of home supporters.</p>"
        + PARAGRAPH * 2
        + "</body></html>"
    ).encode("cp1252")
    assert "\u00a3310m" in extract_page(html, URL).text


def test_latin1_label_is_read_as_windows_1252_like_browsers_do() -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"></head><body><p>\u201cWe are open,\u201d the '
        "owner said on Sunday morning, before the first customers of the season arrived.</p>"
        + PARAGRAPH * 2
        + "</body></html>"
    ).encode("cp1252")
    assert "\u201cWe are open,\u201d" in extract_page(html, URL).text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_mark_decides_the_decoding(encoding: str) -> None:
    html = f"<html><body><p>Caf\u00e9 r\u00e9ouvert.</p>{PARAGRAPH * 3}</body></html>"
    assert "Caf\u00e9 r\u00e9ouvert." in extract_page(html.encode(encoding), URL).text


def test_undeclared_non_utf8_bytes_fall_back_to_windows_1252() -> None:
    html = f"<html><body><p>Caf\u00e9 r\u00e9ouvert.</p>{PARAGRAPH * 3}</body></html>"
    assert "Caf\u00e9 r\u00e9ouvert." in extract_page(html.encode("cp1252"), URL).text


# ---------------------------------------------------------------- hostile input


def _deep(levels: int) -> str:
    return "<html><body>" + "<div>" * levels + PARAGRAPH * 3 + "</div>" * levels + "</body></html>"


def _garbage() -> bytes:
    return random.Random(7).randbytes(300_000)


def _five_mb_of_script() -> str:
    script = "<script>" + "var a=[1,2,3];" * 360_000 + "</script>"
    return f"<html><head>{script}</head><body><article>{PARAGRAPH * 5}</article></body></html>"


def _five_mb_of_paragraphs() -> str:
    return "<html><body><article>" + PARAGRAPH * 28_000 + "</article></body></html>"


def _five_mb_of_elements() -> str:
    return "<html><body>" + "<div><span>a</span></div>" * 200_000 + "</body></html>"


HOSTILE = {
    "empty bytes": lambda: b"",
    "empty text": lambda: "",
    "whitespace": lambda: " \n\t ",
    "binary garbage": _garbage,
    "10k nested divs": lambda: _deep(10_000),
    "10k unclosed divs": lambda: "<html><body>" + "<div>" * 10_000 + PARAGRAPH,
    "no body": lambda: "<html><head><title>Only a title</title></head></html>",
    "no html at all": lambda: "no markup, just words " * 40,
    "5 MB of script": _five_mb_of_script,
    "5 MB of paragraphs": _five_mb_of_paragraphs,
    "5 MB of elements": _five_mb_of_elements,
    "broken json-ld": lambda: (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"author": [null, 5, {"@id": 3}], "datePublished": 12, "image": [[]]}</script>'
        f"</head><body>{PARAGRAPH * 3}</body></html>"
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_gives_a_result_or_extract_error_quickly(name: str) -> None:
    data = HOSTILE[name]()
    started = time.process_time()
    try:
        result = extract_page(data, URL)
    except ExtractError as err:
        assert str(err)
    else:
        assert isinstance(result, ExtractedPage)
    assert time.process_time() - started < QUICK_SECONDS


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty document"),
        (_garbage(), "looks binary"),
        (_deep(10_000), "nests deeper than"),
        (_five_mb_of_elements(), "page too complex"),
    ],
    ids=["empty", "binary", "too deep", "too many elements"],
)
def test_extract_error_says_why(data: bytes | str, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        extract_page(data, URL)


def test_page_with_script_megabytes_still_yields_its_article() -> None:
    assert "harbour commission" in extract_page(_five_mb_of_script(), URL).text


def test_stray_nul_byte_does_not_make_a_page_binary() -> None:
    html = f"<html><body>{PARAGRAPH}\x00{PARAGRAPH * 2}</body></html>"
    assert "harbour commission" in extract_page(html, URL).text
