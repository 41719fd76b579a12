"""Ingest benchmark: Tribune's feed worker against lemon24/reader on the same generated feeds.

    .venv/bin/python bench/ingest.py [--feeds 500] [--db sqlite|postgres] [--hosts 20]
                                     [--stages] [--profile] [--skip-reader] [--skip-tribune]

Not a test; never run in CI. bench/feedgen.py generates the feeds (seeded: RSS 2.0 and Atom,
20-50 items each with 1-3 KB of HTML) and serves them from a loopback server in its own process,
spread over 127.0.0.1 .. 127.0.0.<hosts> so Tribune's per-host limit (TRIBUNE_FETCH_PER_HOST)
sees many hosts, as in production. Each system is measured in its own fresh subprocess, so CPU
time (user + sys of that process, all threads) and peak RSS belong to it alone:

  Tribune  `tribune migrate` and creating the sources run in a setup process (not timed); the
           measured process runs tribune.ingest.worker.run_pass -- the worker's own loop --
           on a ThreadPoolExecutor(settings.FETCH_CONCURRENCY) with the worker's batch size,
           once cold and once more after making every source due again (all 304s expected).
  reader   make_reader(<tmp sqlite>) and add_feed() in a setup process; the measured process
           runs update_feeds_iter() cold and again with scheduled=False (all unchanged). Run
           twice, with workers=1 (its default) and workers=FETCH_CONCURRENCY; ratios use the
           faster of the two for each pass. reader runs with READER_NO_VENDORED_FEEDPARSER=1:
           its vendored feedparser needs sgmllib3k, which the project does not install.

Prints a table (feeds/s, entries/s, CPU s, peak RSS MB per pass), the Tribune/reader ratios and
the targets (cold >= 20x reader; unchanged >= 1,000 feeds/s with every request conditional;
worker peak RSS < 300 MB), and writes everything to bench/out/ingest-<timestamp>.json.
--db postgres uses postgres://postgres@127.0.0.1:5432/tribune_bench, which the script creates
and drops (reader has no PostgreSQL backend; it always uses SQLite). --profile also profiles
Tribune's passes (per-thread CPU time; the timings are then inflated) and prints the top
functions; --stages prints Tribune's CPU by pipeline stage (cheap enough to leave the numbers
honest). Extraction pages/s per core comes from bench/extraction.py's
pages_per_second_per_core() when it is there; otherwise the report says where to look.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import inspect
import json
import os
import platform
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import children  # noqa: E402  (bench/ is not a package)
import feedgen  # noqa: E402  (bench/ is not a package)

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "tribune_bench"
TARGET_COLD_RATIO = 20.0
TARGET_UNCHANGED_FEEDS_PER_S = 1000.0
TARGET_PEAK_MB = 300.0


# --- Measuring inside a child process -------------------------------------------------------


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) of this process, so a pass's peak is its own."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _process_peak_mb(passes: list[dict[str, Any]]) -> float:
    """The whole process's peak RSS: ru_maxrss can lag the kernel's VmHWM, and VmHWM was reset
    before each pass, so take the largest of all of them."""
    rusage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return max([rusage, _peak_rss_mb(), *(float(p["peak_rss_mb"]) for p in passes)])


def _cpu_seconds() -> float:
    """CPU of this process and of the worker processes it forked and reaped (--processes)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _measure(stats_url: str, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Wall, CPU and peak RSS of run(), plus what the feed server saw meanwhile."""
    peak_is_pass = _reset_peak_rss()
    before = feedgen.fetch_stats(stats_url)
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    outcome = run()
    wall, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    peak = _peak_rss_mb()
    server = feedgen.stats_delta(before, feedgen.fetch_stats(stats_url))
    return {
        **outcome,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": peak,
        "peak_is_pass_only": peak_is_pass,
        "server": server,
    }


class _ThreadProfiles:
    """cProfile on every pool thread (and the calling one), timed in per-thread CPU time."""

    def __init__(self) -> None:
        self.profiles: list[cProfile.Profile] = []
        self._lock = threading.Lock()

    def start_thread(self) -> None:
        profile = cProfile.Profile(time.thread_time)
        with self._lock:
            self.profiles.append(profile)
        profile.enable()

    def stats(self) -> pstats.Stats | None:
        merged: pstats.Stats | None = None
        for profile in self.profiles:
            profile.create_stats()  # stops it on this thread; others are snapshotted as they are
            if not getattr(profile, "stats", None):
                continue
            if merged is None:
                merged = pstats.Stats(profile)
            else:
                merged.add(profile)
        return merged


class _Stages:
    """Per-thread CPU time spent inside chosen functions, by wrapping them at run time in this
    process (Tribune's source is untouched). Times are inclusive: a stage contains the stages
    it calls (prepare_entry contains clean_html ...)."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self.order: list[str] = []

    def wrap(self, owner: Any, attr: str, name: str) -> None:
        original = getattr(owner, attr)
        clock, wall_clock = time.thread_time, time.perf_counter
        cpu, wall, calls, lock = self.cpu, self.wall, self.calls, self._lock

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0, w0 = clock(), wall_clock()
            try:
                return original(*args, **kwargs)
            finally:
                spent, waited = clock() - t0, wall_clock() - w0
                with lock:
                    cpu[name] += spent
                    wall[name] += waited
                    calls[name] += 1

        setattr(owner, attr, timed)
        self.order.append(name)

    def snapshot(self) -> dict[str, dict[str, float | int]]:
        with self._lock:
            out = {
                name: {
                    "cpu_s": self.cpu[name],
                    "wall_s": self.wall[name],
                    "calls": self.calls[name],
                }
                for name in self.order
            }
            self.cpu.clear()
            self.wall.clear()
            self.calls.clear()
        return out


def _instrument_tribune() -> _Stages:
    from django.db import connections
    from django.db.backends.utils import CursorWrapper

    from tribune.core import http
    from tribune.ingest import pipeline, worker
    from tribune.news import actions

    stages = _Stages()
    stages.wrap(worker, "claim_due", "claim_due (main thread)")
    stages.wrap(worker, "_refresh_in_thread", "_refresh_in_thread (all per-source work)")
    stages.wrap(worker, "refresh_source", "  refresh_source")
    stages.wrap(
        type(connections["default"]), "connect", "    database connect (incl. init PRAGMAs)"
    )
    stages.wrap(pipeline, "fetch_feed", "    fetch_feed")
    stages.wrap(http, "request", "      core.http.request")
    stages.wrap(http, "_session", "        core.http._session (client lookup/creation)")
    stages.wrap(pipeline, "parse_feed", "    parse_feed")
    stages.wrap(pipeline, "prepare_entry", "    prepare_entry")
    stages.wrap(pipeline, "clean_html", "      clean_html")
    stages.wrap(pipeline, "html_to_text", "      html_to_text")
    stages.wrap(pipeline, "word_count", "      word_count")
    stages.wrap(actions, "do_store_entries", "    do_store_entries")
    stages.wrap(actions, "_section_map", "      _section_map")
    stages.wrap(actions, "_article_row", "      _article_row (column values)")
    stages.wrap(actions, "insert_new", "      insert_new (INSERT ... RETURNING)")
    stages.wrap(actions, "_attach_authors", "      _attach_authors")
    stages.wrap(pipeline, "_succeed", "    _succeed (do_record_success)")
    # Across every stage above: time inside the database driver (for SQLite, the engine too).
    stages.wrap(CursorWrapper, "_execute", "database driver execute (all statements)")
    stages.wrap(CursorWrapper, "_executemany", "database driver executemany")
    return stages


def _child_tribune_setup(job: dict[str, Any]) -> dict[str, Any]:
    subprocess.run(
        [sys.executable, "-m", "tribune", "migrate", "--no-input", "-v", "0"], check=True
    )
    import django

    django.setup()
    from tribune.news.actions import do_add_source

    t0 = time.perf_counter()
    for url, title in zip(job["urls"], job["titles"], strict=True):
        do_add_source(url, title=title)
    return {"sources_added": len(job["urls"]), "add_s": time.perf_counter() - t0}


def _forked_worker(batch: int, concurrency: int, results: Any) -> None:
    """One more worker process for --processes: its own pool and connections, the same
    database leases as `tribune worker --processes N` uses to share the work."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from tribune.ingest.worker import close_thread_connections, run_pass

    counts: Counter[str] = Counter()

    def on_report(report: Any) -> None:
        counts["refreshed"] += 1
        counts["errors"] += not report.ok
        counts["not_modified"] += bool(report.ok and report.not_modified)
        counts["created"] += report.created
        counts["updated"] += report.updated

    with ThreadPoolExecutor(concurrency, thread_name_prefix="fetch") as pool:
        run_pass(pool, batch=batch, on_report=on_report)
        close_thread_connections(pool, concurrency)
    connections.close_all()
    results.put((dict(counts), _peak_rss_mb()))


def _tribune_pass(
    run_pass: Callable[..., int],
    pool: Any,
    batch: int,
    on_report: Callable[[Any], None],
    main_profile: cProfile.Profile | None,
    processes: int = 1,
    concurrency: int = 1,
    merge: Callable[[dict[str, int]], None] | None = None,
) -> dict[str, Any]:
    import multiprocessing

    from django.db import connections

    helpers = []
    results: Any = None
    if processes > 1:
        connections.close_all()  # no connection may cross the fork
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        helpers = [
            context.Process(target=_forked_worker, args=(batch, concurrency, results))
            for _ in range(processes - 1)
        ]
        for helper in helpers:
            helper.start()
    if main_profile:
        main_profile.enable()
    refreshed = run_pass(pool, batch=batch, on_report=on_report)
    if main_profile:
        main_profile.disable()
    peaks = []
    for _ in helpers:
        counts, peak = results.get(timeout=600)
        refreshed += counts.get("refreshed", 0)
        peaks.append(peak)
        if merge:
            merge(counts)
    for helper in helpers:
        helper.join()
    return {"feeds": refreshed, "helper_peak_rss_mb": max(peaks, default=0.0)}


def _child_tribune(job: dict[str, Any]) -> dict[str, Any]:
    import django

    django.setup()
    from concurrent.futures import ThreadPoolExecutor

    from django.conf import settings
    from django.db.backends.signals import connection_created
    from django.utils import timezone

    from tribune.ingest.pipeline import RefreshReport
    from tribune.ingest.worker import run_pass
    from tribune.news.models import Article, Source

    concurrency = max(1, int(settings.FETCH_CONCURRENCY))
    processes = max(1, int(job.get("processes", 1)))
    batch = concurrency * 4  # what Worker.run passes
    opened = Counter[str]()
    opened_lock = threading.Lock()

    def count_connection(sender: object, **kwargs: object) -> None:
        with opened_lock:
            opened["connections"] += 1

    connection_created.connect(count_connection, weak=False)
    profiles = _ThreadProfiles() if job["profile"] else None
    stages = _instrument_tribune() if job["stages"] else None
    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()

    def on_report(report: RefreshReport) -> None:
        counts["refreshed"] += 1
        if not report.ok:
            counts["errors"] += 1
            errors[f"{report.error_code}: {report.error[:120]}"] += 1
        elif report.not_modified:
            counts["not_modified"] += 1
        counts["created"] += report.created
        counts["updated"] += report.updated

    passes: list[dict[str, Any]] = []
    # One pool for both passes, as in Worker.run; when profiling, a fresh pool per pass so every
    # thread starts under its own profiler.
    shared = None if profiles else ThreadPoolExecutor(concurrency, thread_name_prefix="fetch")
    for name in ("cold", "unchanged"):
        if name == "unchanged":
            Source.objects.update(next_fetch_at=timezone.now(), leased_until=None)
        counts.clear()
        errors.clear()
        opened.clear()
        articles_before = Article.objects.count()
        pool = shared or ThreadPoolExecutor(
            concurrency,
            thread_name_prefix="fetch",
            initializer=profiles.start_thread if profiles else None,
        )
        main_profile = cProfile.Profile(time.thread_time) if profiles else None
        if stages:
            stages.snapshot()  # drop whatever the setup queries above counted

        def merge(helper_counts: dict[str, int]) -> None:
            counts.update({k: v for k, v in helper_counts.items() if k != "refreshed"})

        one_pass = partial(
            _tribune_pass,
            run_pass,
            pool,
            batch,
            on_report,
            main_profile,
            processes=processes,
            concurrency=concurrency,
            merge=merge,
        )
        result = _measure(job["stats_url"], one_pass)
        entries = Article.objects.count() - articles_before
        result.update(
            system="tribune",
            variant=f"threads={concurrency}"
            + (f" x {processes} processes" if processes > 1 else ""),
            pass_name=name,
            entries=entries,
            ok=result["feeds"] - counts["errors"],
            not_modified=counts["not_modified"],
            errors=counts["errors"],
            error_kinds=dict(errors.most_common(5)),
            created=counts["created"],
            updated=counts["updated"],
            db_connections_opened=opened["connections"],
        )
        if stages:
            result["stages"] = stages.snapshot()
        if profiles and main_profile:
            pool.shutdown()
            merged = profiles.stats()
            main_profile.create_stats()
            if merged is None:
                merged = pstats.Stats(main_profile)
            else:
                merged.add(main_profile)
            path = Path(job["profile_prefix"] + f"-{job['db']}-{name}.pstats")
            merged.dump_stats(path)
            result["profile"] = str(path)
            profiles.profiles.clear()
        passes.append(result)
    if shared:
        shared.shutdown()
    with_validators = Source.objects.exclude(etag="", last_modified="").count()
    return {
        "passes": passes,
        "concurrency": concurrency,
        "processes": processes,
        "batch": batch,
        "per_host": int(settings.FETCH_PER_HOST),
        "sources_with_validators": with_validators,
        "database": str(settings.DATABASES["default"]["ENGINE"]).rsplit(".", 1)[-1],
        "process_peak_rss_mb": _process_peak_mb(passes),
    }


def _child_reader_setup(job: dict[str, Any]) -> dict[str, Any]:
    from reader import make_reader

    reader = make_reader(job["reader_db"])
    t0 = time.perf_counter()
    for url in job["urls"]:
        reader.add_feed(url)
    reader.close()
    return {"feeds_added": len(job["urls"]), "add_s": time.perf_counter() - t0}


def _reader_pass(
    reader: Any, scheduled: bool, workers: int, tally: Counter[str], errors: Counter[str]
) -> dict[str, Any]:
    # update_feeds() is this loop; iterating lets us count outcomes for free.
    for result in reader.update_feeds_iter(scheduled=scheduled, workers=workers):
        tally["feeds"] += 1
        if result.error is not None:
            tally["errors"] += 1
            errors[repr(result.error)[:120]] += 1
        elif result.value is None:
            tally["not_modified"] += 1
        else:
            tally["created"] += result.value.new
            tally["updated"] += result.value.modified
    return {"feeds": tally["feeds"]}


def _child_reader(job: dict[str, Any]) -> dict[str, Any]:
    import reader as reader_package
    from reader import make_reader

    reader = make_reader(job["reader_db"])
    workers = int(job["workers"])
    passes: list[dict[str, Any]] = []
    for name in ("cold", "unchanged"):
        entries_before = reader.get_entry_counts().total or 0
        tally: Counter[str] = Counter()
        errors: Counter[str] = Counter()

        # The second pass ignores reader's schedule (it would wait an hour otherwise), just as
        # Tribune's sources are made due again.
        one_pass = partial(_reader_pass, reader, name == "cold", workers, tally, errors)
        result = _measure(job["stats_url"], one_pass)
        result.update(
            system="reader",
            variant=f"workers={workers}",
            pass_name=name,
            entries=(reader.get_entry_counts().total or 0) - entries_before,
            ok=tally["feeds"] - tally["errors"],
            not_modified=tally["not_modified"],
            errors=tally["errors"],
            error_kinds=dict(errors.most_common(5)),
            created=tally["created"],
            updated=tally["updated"],
        )
        passes.append(result)
    reader.close()
    return {
        "passes": passes,
        "reader_version": reader_package.__version__,
        "process_peak_rss_mb": _process_peak_mb(passes),
    }


CHILDREN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "tribune-setup": _child_tribune_setup,
    "tribune": _child_tribune,
    "reader-setup": _child_reader_setup,
    "reader": _child_reader,
}


def _child_main(role: str, job_path: str) -> None:
    job = json.loads(Path(job_path).read_text())
    result = CHILDREN[role](job)
    Path(job["result_path"]).write_text(json.dumps(result))


# --- The parent: server, children, report ---------------------------------------------------


def _child_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(
        DJANGO_SETTINGS_MODULE="tribune.settings",
        TRIBUNE_DATA_DIR=str(data_dir),
        TRIBUNE_FETCH_ALLOWED_NETWORKS="127.0.0.0/8",
        TRIBUNE_DEBUG="0",  # DEBUG keeps every query in memory
        PYTHONUNBUFFERED="1",
    )
    env.pop("TRIBUNE_DATABASE_URL", None)
    if database_url:
        env["TRIBUNE_DATABASE_URL"] = database_url
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _run_child(role: str, job: dict[str, Any], work: Path, env: dict[str, str]) -> dict[str, Any]:
    return children.run_child(__file__, role, job, work, env)


def _postgres(action: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=10) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")


def _rates(row: dict[str, Any]) -> None:
    wall = row["wall_s"] or 1e-9
    row["feeds_per_s"] = row["feeds"] / wall
    row["entries_per_s"] = row["entries"] / wall


def _fmt_table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'system':<26} {'pass':<10} {'feeds':>6} {'entries':>8} {'wall s':>8} {'feeds/s':>9} "
        f"{'entries/s':>10} {'CPU s':>7} {'peak MB':>8} {'requests':>9} {'cond.':>6} {'304':>5}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        s = r["server"]
        lines.append(
            f"{r['system'] + ' (' + r['variant'] + ')':<26} {r['pass_name']:<10} {r['feeds']:>6} "
            f"{r['entries']:>8} {r['wall_s']:>8.2f} {r['feeds_per_s']:>9.1f} "
            f"{r['entries_per_s']:>10.0f} "
            f"{r['cpu_s']:>7.2f} {r['peak_rss_mb']:>8.1f} {s['requests']:>9} {s['conditional']:>6} "
            f"{s['not_modified']:>5}"
        )
    return "\n".join(lines)


def _extraction(skip: bool) -> dict[str, Any]:
    """Pages/s per core from bench/extraction.py, when it offers a function to call."""
    path = BENCH_DIR / "extraction.py"
    if skip:
        return {"status": "skipped", "note": "--no-extraction given"}
    if not path.exists():
        return {
            "status": "absent",
            "note": "bench/extraction.py does not exist yet; run it separately when it does",
        }
    spec = importlib.util.spec_from_file_location("bench_extraction", path)
    if spec is None or spec.loader is None:
        return {"status": "unloadable", "note": f"could not load {path}"}
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except Exception as exc:  # someone else's file, possibly mid-edit
        return {"status": "error", "note": f"importing bench/extraction.py failed: {exc!r}"}
    for name in ("pages_per_second_per_core", "measure", "run_benchmark", "benchmark"):
        func = getattr(module, name, None)
        if not callable(func):
            continue
        required = [
            p
            for p in inspect.signature(func).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if required:
            continue
        try:
            return {"status": "measured", "function": name, "result": func()}
        except Exception as exc:
            return {"status": "error", "note": f"extraction.{name}() failed: {exc!r}"}
    return {
        "status": "no-function",
        "note": "bench/extraction.py has no argument-less function to call; run "
        ".venv/bin/python bench/extraction.py",
    }


def _best(rows: list[dict[str, Any]], system: str, pass_name: str) -> dict[str, Any] | None:
    candidates = [r for r in rows if r["system"] == system and r["pass_name"] == pass_name]
    return max(candidates, key=lambda r: r["feeds_per_s"]) if candidates else None


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _print_profile(path: str, title: str, limit: int = 25) -> None:
    print(f"\n--- {title}: top {limit} by own CPU time ({path}) ---")
    stats = pstats.Stats(path)
    stats.sort_stats("tottime").print_stats(limit)
    print(f"--- {title}: top {limit} by cumulative CPU time ---")
    stats.sort_stats("cumulative").print_stats(limit)


def _counts(text: str) -> list[int]:
    return sorted({max(1, int(part)) for part in text.split(",") if part.strip()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--hosts",
        type=int,
        default=feedgen.DEFAULT_HOSTS,
        help="loopback addresses to spread feeds over",
    )
    parser.add_argument("--seed", type=int, default=feedgen.DEFAULT_SEED)
    parser.add_argument(
        "--skip-reader", action="store_true", help="measure Tribune only (no ratios)"
    )
    parser.add_argument(
        "--skip-tribune", action="store_true", help="measure reader only (no ratios)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile Tribune's passes (timings inflate)"
    )
    parser.add_argument(
        "--stages", action="store_true", help="time Tribune's pipeline stages (CPU per stage)"
    )
    parser.add_argument(
        "--no-extraction", action="store_true", help="do not call bench/extraction.py"
    )
    parser.add_argument(
        "--processes",
        default="1,2",
        help="Tribune worker process counts to measure, comma-separated (each on a fresh database)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child_main(args.child, args.job)
        return

    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tribune.settings")
    from tribune import config

    concurrency = max(1, config.integer("TRIBUNE_FETCH_CONCURRENCY"))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    OUT_DIR.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tribune-bench-ingest-"))
    database_url = f"{PG_SERVER}/{PG_DATABASE}" if args.db == "postgres" else None
    rows: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    t_start = time.perf_counter()
    print(
        f"generating {args.feeds} feeds over {args.hosts} loopback hosts (seed {args.seed}) ...",
        flush=True,
    )
    server = feedgen.FeedServer(args.feeds, hosts=args.hosts, seed=args.seed).start()
    try:
        feeds = server.feeds
        corpus = {
            "feeds": len(feeds),
            "rss": sum(f.kind == "rss" for f in feeds),
            "atom": sum(f.kind == "atom" for f in feeds),
            "items": sum(f.items for f in feeds),
            "bytes": sum(f.bytes for f in feeds),
            "gzip_bytes": sum(f.gzip_bytes for f in feeds),
            "hosts": args.hosts,
            "port": server.port,
        }
        print(
            f"serving {corpus['feeds']} feeds ({corpus['rss']} RSS, {corpus['atom']} Atom), "
            f"{corpus['items']} items, {corpus['bytes'] / 1e6:.1f} MB "
            f"({corpus['gzip_bytes'] / 1e6:.1f} MB gzipped) "
            f"from 127.0.0.1-{args.hosts} port {server.port}, server pid {server.pid}",
            flush=True,
        )
        job = {
            "urls": [f.url for f in feeds],
            "titles": [f.title for f in feeds],
            "stats_url": server.stats_url,
            "profile": args.profile,
            "stages": args.stages,
            "db": args.db,
            "profile_prefix": str(OUT_DIR / f"ingest-{stamp}-profile"),
        }

        # reader first: after Tribune on PostgreSQL, the database's own background work
        # (checkpoint, autovacuum, the drop) would take CPU from whatever runs next.
        if not args.skip_reader:
            env = _child_env(work, None)
            # reader's vendored feedparser 6.0.11 imports `sgmllib` (the sgmllib3k package), which
            # this venv lacks; reader's own switch makes it use the installed feedparser 6.0.14.
            env["READER_NO_VENDORED_FEEDPARSER"] = "1"
            for workers in sorted({1, concurrency}):
                reader_job = {
                    **job,
                    "reader_db": str(work / f"reader-{workers}.sqlite"),
                    "workers": workers,
                }
                print(
                    f"reader: add {len(feeds)} feeds, then cold and unchanged passes "
                    f"(workers={workers}) ...",
                    flush=True,
                )
                meta[f"reader_setup_workers_{workers}"] = _run_child(
                    "reader-setup", reader_job, work, env
                )
                result = _run_child("reader", reader_job, work, env)
                rows.extend(result.pop("passes"))
                meta[f"reader_workers_{workers}"] = result

        for processes in [] if args.skip_tribune else _counts(args.processes):
            if args.db == "postgres":
                _postgres("create")
            try:
                data_dir = work / f"tribune-{processes}"
                data_dir.mkdir()
                env = _child_env(data_dir, database_url)
                print(f"tribune: migrate + add {len(feeds)} sources ({args.db}) ...", flush=True)
                meta[f"tribune_setup_{processes}"] = _run_child("tribune-setup", job, work, env)
                print(f"tribune: cold and unchanged passes ({processes} processes) ...", flush=True)
                result = _run_child("tribune", {**job, "processes": processes}, work, env)
                rows.extend(result.pop("passes"))
                meta[f"tribune_{processes}"] = result
            finally:
                if args.db == "postgres":
                    _postgres("drop")
        server_totals = server.stats()
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    tribune_runs = [v for k, v in meta.items() if k.startswith("tribune_") and "setup" not in k]
    rows.sort(key=lambda r: r["system"] != "tribune")  # Tribune's rows first; stable otherwise
    for row in rows:
        _rates(row)
    extraction = _extraction(args.no_extraction)

    # --- Ratios and targets
    ratios: dict[str, Any] = {}
    targets: dict[str, Any] = {}
    t_cold, t_unch = _best(rows, "tribune", "cold"), _best(rows, "tribune", "unchanged")
    r_cold, r_unch = _best(rows, "reader", "cold"), _best(rows, "reader", "unchanged")
    if t_cold and r_cold:
        ratios["cold_feeds_per_s"] = t_cold["feeds_per_s"] / r_cold["feeds_per_s"]
        ratios["cold_entries_per_s"] = t_cold["entries_per_s"] / max(r_cold["entries_per_s"], 1e-9)
        ratios["cold_reader_variant"] = r_cold["variant"]
        targets["cold_at_least_20x_reader"] = {
            "value": ratios["cold_feeds_per_s"],
            "target": TARGET_COLD_RATIO,
            "met": ratios["cold_feeds_per_s"] >= TARGET_COLD_RATIO,
        }
    if t_unch and r_unch:
        ratios["unchanged_feeds_per_s"] = t_unch["feeds_per_s"] / r_unch["feeds_per_s"]
        ratios["unchanged_reader_variant"] = r_unch["variant"]
    if t_unch:
        s = t_unch["server"]
        all_conditional = (
            s["requests"] == s["conditional"] == t_unch["feeds"]
            and s["not_modified"] == s["requests"]
        )
        targets["unchanged_at_least_1000_feeds_per_s"] = {
            "value": t_unch["feeds_per_s"],
            "target": TARGET_UNCHANGED_FEEDS_PER_S,
            "met": t_unch["feeds_per_s"] >= TARGET_UNCHANGED_FEEDS_PER_S,
        }
        targets["unchanged_every_request_conditional"] = {
            "value": f"{s['conditional']}/{s['requests']} conditional, "
            f"{s['not_modified']} answered 304, {t_unch['feeds']} feeds",
            "met": all_conditional,
        }
    if tribune_runs:
        # Per process: the measuring one and any worker processes it forked.
        peak = max(
            [r["process_peak_rss_mb"] for r in tribune_runs]
            + [row.get("helper_peak_rss_mb", 0.0) for row in rows]
        )
        targets["worker_peak_rss_under_300_mb"] = {
            "value": peak,
            "target": TARGET_PEAK_MB,
            "met": peak < TARGET_PEAK_MB,
        }

    # --- Report
    print()
    print(
        f"Ingest benchmark, {args.feeds} feeds, Tribune on {args.db}, {platform.python_version()}, "
        f"{os.cpu_count()} cores, {corpus['items']} items, {corpus['bytes'] / 1e6:.1f} MB "
        f"({corpus['gzip_bytes'] / 1e6:.1f} MB gzipped), {args.hosts} loopback hosts"
    )
    if tribune_runs:
        m = tribune_runs[0]
        print(
            f"Tribune: run_pass on ThreadPoolExecutor({m['concurrency']}), batch {m['batch']}, "
            f"per-host limit {m['per_host']} over {args.hosts} hosts, database {m['database']}"
        )
    print()
    print(_fmt_table(rows))
    print()
    print(
        "peak MB: the pass's own peak RSS (VmHWM reset before each pass); "
        "CPU s: user+sys of the measuring process."
    )
    print("requests / cond. / 304: what the loopback server saw during the pass.")
    for row in rows:
        if "db_connections_opened" in row:
            print(
                f"  {row['system']} {row['pass_name']}: {row['db_connections_opened']} "
                f"database connections opened for {row['feeds']} feeds; "
                f"{row['server']['connections']} HTTP connections accepted by the server"
            )
    for row in rows:
        if row["errors"]:
            print(
                f"  {row['system']} ({row['variant']}) {row['pass_name']}: "
                f"{row['errors']} failed feeds: {row['error_kinds']}"
            )
    for run in tribune_runs:
        print(
            f"Tribune with {run['processes']} worker process(es): peak RSS per process "
            f"(both passes, Django loaded): {run['process_peak_rss_mb']:.1f} MB; "
            f"sources holding validators after the cold pass: {run['sources_with_validators']}"
        )
    if ratios:
        print()
        if "cold_feeds_per_s" in ratios:
            print(
                f"cold      Tribune/reader feeds/s: {ratios['cold_feeds_per_s']:.2f}x "
                f"(against reader {ratios['cold_reader_variant']}, the faster reader run)"
            )
        if "unchanged_feeds_per_s" in ratios:
            print(
                f"unchanged Tribune/reader feeds/s: {ratios['unchanged_feeds_per_s']:.2f}x "
                f"(against reader {ratios['unchanged_reader_variant']})"
            )
    if targets:
        print()
        print("Targets:")
        for name, t in targets.items():
            value = t["value"]
            shown = f"{value:.1f}" if isinstance(value, float) else str(value)
            goal = f" (target {t['target']:g})" if "target" in t else ""
            print(f"  {name:<40} {shown}{goal}: {_verdict(t['met'])}")
    print()
    if extraction["status"] == "measured":
        found = extraction["result"]
        print(f"Extraction (bench/extraction.py {extraction['function']}(), pages/s per core):")
        if isinstance(found, dict):
            for key, value in found.items():
                shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
                print(f"  {key:<22} {shown}")
        else:
            print(f"  {found}")
    else:
        print(f"Extraction pages/s per core: not measured here: {extraction['note']}")
    for row in rows:
        if row.get("stages"):
            print(
                f"\nTribune {row['pass_name']} pass by stage (inclusive). "
                "CPU: per-thread CPU, share of "
                f"the process's {row['cpu_s']:.2f} s. Wall: thread-seconds inside the stage, "
                "summed "
                "over threads (waiting included)."
            )
            print(
                f"  {'stage':<58} {'calls':>7} {'CPU s':>7} {'share':>6} {'CPU ms/call':>11} "
                f"{'wall s':>8} {'wall ms/call':>12}"
            )
            for name, stage in row["stages"].items():
                share = stage["cpu_s"] / row["cpu_s"] * 100 if row["cpu_s"] else 0.0
                calls = stage["calls"] or 1
                print(
                    f"  {name:<58} {stage['calls']:>7} {stage['cpu_s']:>7.2f} {share:>5.1f}% "
                    f"{stage['cpu_s'] / calls * 1000:>11.3f} {stage['wall_s']:>8.2f} "
                    f"{stage['wall_s'] / calls * 1000:>12.3f}"
                )
    if args.profile:
        for row in rows:
            if row.get("profile"):
                _print_profile(row["profile"], f"Tribune {row['pass_name']} pass")

    out = OUT_DIR / f"ingest-{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "command": " ".join([".venv/bin/python", "bench/ingest.py", *sys.argv[1:]]),
                "when": stamp,
                "python": platform.python_version(),
                "cores": os.cpu_count(),
                "db": args.db,
                "profiled": args.profile,
                "stages_timed": args.stages,
                "corpus": corpus,
                "rows": rows,
                "ratios": ratios,
                "targets": targets,
                "meta": meta,
                "server_totals": server_totals,
                "extraction": extraction,
                "total_s": time.perf_counter() - t_start,
            },
            indent=2,
            default=str,
        )
    )
    print(f"\nresults written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
