"""Discussions benchmark: Tribune's reading pages for a logged-in reader under wrk, next to a
bare Django endpoint on the same server in the same run.

    .venv/bin/python bench/discussions.py                      # full size, SQLite
    .venv/bin/python bench/discussions.py --db postgres        # full size, PostgreSQL
    .venv/bin/python bench/discussions.py --db both            # one after the other
    .venv/bin/python bench/discussions.py --scale 0.01         # small, while developing
    .venv/bin/python bench/discussions.py --profile            # also cProfile each page

Not a test; never run in CI. Needs wrk (Debian: apt-get install wrk).

1. Dataset (bench/dataset.py): at --scale 1, 10,000 users, 100,000 articles, 1,000,000
   responses, 5,000 reader discussions; one article with exactly 1,000 responses in a tree up
   to depth 8 and one with exactly 10. Generated once per (generator version, scale, seed) and
   cached: SQLite as bench/out/cache/discussions-<key>.sqlite3 (copied for each run),
   PostgreSQL as the template database tribune_bench_template (each run gets
   CREATE DATABASE tribune_bench_discussions TEMPLATE ...). --regenerate forces it. Migrations
   added since are applied on top of the cache (and the cache kept migrated).
2. Setup process (not timed): `migrate`; logs in the reader (bench_reader) with Django's test
   client and takes its session cookie; renders every page with the same session, counting
   queries (CaptureQueriesContext) and their time, checking the page shows the reader as logged
   in and, for article pages, how many of the thread's response bodies appear in the HTML.
3. Server: the real `tribune serve --no-worker` (gunicorn gthread, WhiteNoise, --workers 2
   --threads 4 by default) with TRIBUNE_DEBUG=0, TRIBUNE_ALLOWED_HOSTS=127.0.0.1, its data
   dir in a temporary directory and DJANGO_SETTINGS_MODULE=bench_settings: Tribune's settings
   with one more route, /__bare/ (bench_urls: "ok" through the full middleware stack).
4. Load: for every page that answered 200 in setup, wrk -t2 -c16 --latency --timeout 30s with
   the reader's session cookie, 2 s warm-up then --duration (10 s). CPU seconds of the server
   processes, wrk, PostgreSQL and everything else are read from /proc around each run.

Pages: the bare endpoint, the front page, the article with 1,000 responses and the one with
10, the discussions list (/discussions/, hot by default), the profile of the most active user
and of a light one (/u/<username>/). Reports per database: req/s, req/s per core (req/s over
the machine's cores: wrk and PostgreSQL share them), p50/p99 ms, ratio to the bare endpoint,
queries per page, server CPU ms per request; then the targets, each met or MISSED: the
discussions list and the 1,000-response article page at least 300 req/s per core with p99
under 50 ms; queries per article page the same for 10 and 1,000 responses. Pages that do not
exist yet are reported as not measurable. Results: bench/out/discussions-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
CACHE_DIR = OUT_DIR / "cache"
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import children  # noqa: E402  (bench/ is not a package)
import dataset  # noqa: E402  (bench/ is not a package)

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_TEMPLATE = "tribune_bench_template"
PG_RUN = "tribune_bench_discussions"
TARGET_RPS_PER_CORE = 300.0
TARGET_P99_MS = 50.0
TARGET_PAGES = ("article-1000", "discussions-hot")
WARMUP_S = 2


# --- Child processes (Django configured by the environment) ----------------------------------


def _child_generate(job: dict[str, Any]) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - t0
    print(f"  migrate: {migrate_s:.1f} s", flush=True)
    info = dataset.generate(job["scale"], job["seed"], log=lambda s: print(s, flush=True))
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # what autovacuum would do after a bulk load
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    info["timings_s"]["finish (vacuum/checkpoint)"] = time.perf_counter() - t0
    info["timings_s"]["migrate"] = migrate_s
    info["migrations"] = _applied_migrations()
    connection.close()
    return info


def _applied_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(f"{a}.{n}" for a, n in MigrationRecorder(connection).applied_migrations())


def _child_migrate(job: dict[str, Any]) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    before = set(_applied_migrations())
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    applied = sorted(set(_applied_migrations()) - before)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return {"applied": applied, "seconds": time.perf_counter() - t0}


def _child_setup(job: dict[str, Any]) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tribune.accounts.models import User

    # The manifest the templates' {% static %} needs; `tribune serve` does the same at start.
    call_command("collectstatic", interactive=False, verbosity=0)
    reader = User.objects.get(username=job["reader"])
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(reader)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    pages: list[dict[str, Any]] = []
    timings: list[tuple[str, float]] = []  # (SQL, seconds) of the latest render

    def timed(execute: Any, sql_text: str, params: Any, many: bool, context: Any) -> Any:
        t = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            timings.append((sql_text, time.perf_counter() - t))

    for page in job["pages"]:
        first = client.get(page["url"])
        result: dict[str, Any] = {**page, "status": first.status_code}
        if first.status_code != 200:
            result["note"] = f"{first.status_code} in setup: not measurable yet"
            pages.append(result)
            continue
        html = first.content.decode("utf-8", "replace")
        result["bytes"] = len(first.content)
        result["logged_in_shown"] = page["key"] == "bare" or job["reader"] in html
        bodies = page.get("bodies")
        if bodies is not None:
            result["bodies_found"] = sum(1 for b in bodies if b in html)
            result["bodies_visible"] = len(bodies)
            result.pop("bodies")
        walls, sql = [], []
        for _ in range(job["repeat"]):
            timings.clear()
            with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed):
                t0 = time.perf_counter()
                client.get(page["url"])
                walls.append(time.perf_counter() - t0)
            sql.append(sum(t for _, t in timings))
        result["queries"] = len(queries.captured_queries)
        result["query_sql"] = [
            {"ms": t * 1000, "sql": q["sql"][:1500]}
            for q, (_, t) in zip(queries.captured_queries, timings, strict=False)
        ]
        result["render_ms"] = statistics.median(walls) * 1000
        result["sql_ms"] = statistics.median(sql) * 1000
        if job.get("profile_prefix") and page["key"] != "bare":
            # CPU time of this thread: on a busy machine, wall time would charge preemptions
            # to whatever function happened to be running.
            profile = cProfile.Profile(time.thread_time)
            profile.enable()
            for _ in range(job["profile_repeat"]):
                client.get(page["url"])
            profile.disable()
            path = f"{job['profile_prefix']}-{page['key']}.pstats"
            profile.dump_stats(path)
            result["profile"] = path
        pages.append(result)
    connection.close()
    return {"cookie_name": settings.SESSION_COOKIE_NAME, "cookie": cookie, "pages": pages}


CHILDREN = {"generate": _child_generate, "migrate": _child_migrate, "setup": _child_setup}


def _child_main(role: str, job_path: str) -> None:
    job = json.loads(Path(job_path).read_text())
    result = CHILDREN[role](job)
    Path(job["result_path"]).write_text(json.dumps(result, default=str))


# --- The parent ------------------------------------------------------------------------------


def _env(
    data_dir: Path, database_url: str | None, settings: str = "tribune.settings"
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        TRIBUNE_DATA_DIR=str(data_dir),
        TRIBUNE_DEBUG="0",
        TRIBUNE_ALLOWED_HOSTS="127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    env.pop("TRIBUNE_DATABASE_URL", None)
    env.pop("TRIBUNE_CACHE_URL", None)
    if database_url:
        env["TRIBUNE_DATABASE_URL"] = database_url
    paths = [str(ROOT / "src"), str(BENCH_DIR)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def _run_child(role: str, job: dict[str, Any], work: Path, env: dict[str, str]) -> dict[str, Any]:
    return children.run_child(__file__, role, job, work, env)


def _pg(sql: str, database: str = "postgres") -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/{database}", autocommit=True, connect_timeout=10) as conn:
        cursor = conn.execute(sql)
        return list(cursor.fetchall()) if cursor.description else []


def _pg_template_key() -> str | None:
    rows = _pg(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        f"WHERE datname = '{PG_TEMPLATE}'"
    )
    return rows[0][0] if rows else None


def _ensure_dataset(db: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """The cached dataset for this database, generated first if missing (or --regenerate)."""
    key = dataset.cache_key(args.scale, args.seed)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    sidecar = CACHE_DIR / f"discussions-{key}-{db}.json"
    job = {"scale": args.scale, "seed": args.seed}
    if db == "sqlite":
        cached = CACHE_DIR / f"discussions-{key}.sqlite3"
        if cached.exists() and sidecar.exists() and not args.regenerate:
            info: dict[str, Any] = json.loads(sidecar.read_text())
            info["from_cache"] = str(cached.relative_to(ROOT))
            return info
        gen_dir = work / "generate-sqlite"
        gen_dir.mkdir()
        print(f"generating the dataset on SQLite (scale {args.scale:g}) ...", flush=True)
        t0 = time.perf_counter()
        info = _run_child("generate", job, work, _env(gen_dir, None))
        shutil.move(str(gen_dir / "tribune.sqlite3"), cached)
        info["generation_wall_s"] = time.perf_counter() - t0
        sidecar.write_text(json.dumps(info))
        info["from_cache"] = None
        return info
    if _pg_template_key() == key and sidecar.exists() and not args.regenerate:
        info = dict(json.loads(sidecar.read_text()))
        info["from_cache"] = f"template database {PG_TEMPLATE}"
        return info
    print(f"generating the dataset on PostgreSQL (scale {args.scale:g}) ...", flush=True)
    t0 = time.perf_counter()
    _pg(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)")
    _pg(f"CREATE DATABASE {PG_TEMPLATE}")
    gen_dir = work / "generate-postgres"
    gen_dir.mkdir()
    info = _run_child("generate", job, work, _env(gen_dir, f"{PG_SERVER}/{PG_TEMPLATE}"))
    _pg(f"COMMENT ON DATABASE {PG_TEMPLATE} IS '{key}'")
    info["generation_wall_s"] = time.perf_counter() - t0
    sidecar.write_text(json.dumps(info))
    info["from_cache"] = None
    return info


def _prepare_run_database(
    db: str, args: argparse.Namespace, work: Path, data_dir: Path
) -> tuple[str | None, dict[str, Any]]:
    """Copy the cached dataset for this run, migrated to the current code. Returns the
    database URL (None for SQLite) and what migrate did."""
    key = dataset.cache_key(args.scale, args.seed)
    if db == "sqlite":
        cached = CACHE_DIR / f"discussions-{key}.sqlite3"
        t0 = time.perf_counter()
        shutil.copyfile(cached, data_dir / "tribune.sqlite3")
        copy_s = time.perf_counter() - t0
        migrated = _run_child("migrate", {}, work, _env(data_dir, None))
        if migrated["applied"]:
            shutil.copyfile(data_dir / "tribune.sqlite3", cached)  # keep the cache migrated
        migrated["copy_s"] = copy_s
        return None, migrated
    template_url = f"{PG_SERVER}/{PG_TEMPLATE}"
    migrated = _run_child("migrate", {}, work, _env(work / "migrate-template", template_url))
    t0 = time.perf_counter()
    _pg(f"DROP DATABASE IF EXISTS {PG_RUN} WITH (FORCE)")
    _pg(f"CREATE DATABASE {PG_RUN} TEMPLATE {PG_TEMPLATE}")
    migrated["copy_s"] = time.perf_counter() - t0
    return f"{PG_SERVER}/{PG_RUN}", migrated


def _pages(info: dict[str, Any]) -> list[dict[str, Any]]:
    big, small = info["bench_article"], info["small_article"]
    heavy, light = info["profile_heavy"], info["profile_light"]
    return [
        {"key": "bare", "name": "bare Django endpoint", "url": "/__bare/"},
        {"key": "front", "name": "front page", "url": "/"},
        {
            "key": "article-1000",
            "name": f"article, {big['responses']:,} responses",
            "url": f"/articles/{big['id']}/{big['slug'] or '-'}/",
            "bodies": big["visible_bodies"],
        },
        {
            "key": "article-10",
            "name": f"article, {small['responses']} responses",
            "url": f"/articles/{small['id']}/{small['slug'] or '-'}/",
            "bodies": small["visible_bodies"],
        },
        {"key": "discussions-hot", "name": "discussions list (hot)", "url": "/discussions/"},
        {
            "key": "profile-heavy",
            "name": f"profile, {heavy['responses']:,} responses",
            "url": f"/u/{heavy['username']}/",
        },
        {
            "key": "profile-light",
            "name": f"profile, {light['responses']} responses",
            "url": f"/u/{light['username']}/",
        },
    ]


def _server_args(args: argparse.Namespace) -> str:
    return f"--workers {args.workers} --threads {args.threads}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class _Server:
    """`tribune serve --no-worker` in its own session (process group), so its CPU can be read
    and it can be stopped as one group."""

    def __init__(self, env: dict[str, str], work: Path, workers: int, threads: int) -> None:
        self.port = _free_port()
        self.log_path = work / "server.log"
        cmd = [
            sys.executable,
            "-m",
            "tribune",
            "serve",
            "--no-worker",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ]
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            cmd,
            env=env,
            cwd=work,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/__bare/", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"server not ready after {timeout:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_snapshot(server_pgid: int) -> dict[int, tuple[str, float]]:
    """Every process's group and CPU seconds: the server's processes, the PostgreSQL backends
    serving the benchmark's database, and everything else (other work on the machine)."""
    snapshot: dict[int, tuple[str, float]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        pgrp, cpu = int(fields[2]), (int(fields[11]) + int(fields[12])) / _TICK
        group = "server" if pgrp == server_pgid else "other"
        if group == "other" and comm.startswith("postgres"):
            # Backends show their database in their title; only the benchmark's count.
            try:
                title = Path(entry.path, "cmdline").read_bytes()
            except OSError:
                title = b""
            if PG_RUN.encode() in title:
                group = "postgres"
        snapshot[int(entry.name)] = (group, cpu)
    return snapshot


def _cpu_delta(
    before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]
) -> dict[str, float]:
    """CPU seconds spent between two snapshots by group (processes that ended in between
    are not counted; new ones count in full)."""
    totals = {"server": 0.0, "postgres": 0.0, "other": 0.0}
    for pid, (group, cpu) in after.items():
        previous = before.get(pid)
        totals[group] += cpu - (previous[1] if previous and previous[0] == group else 0.0)
    return totals


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _parse_wrk(out: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for pct in ("50", "75", "90", "99"):
        if m := re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M):
            result[f"p{pct}_ms"] = _ms(m.group(1))
    if m := re.search(r"(\d+) requests in ([\d.]+)(\w+)", out):
        result["requests"] = int(m.group(1))
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result["rps"] = float(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["socket_errors"] = sum(int(g) for g in m.groups()) if m else 0
    if m := re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out):
        result["mean_ms"], result["max_ms"] = _ms(m.group(1)), _ms(m.group(3))
    return result


def _wrk(
    url: str, cookie: str, seconds: float, connections: int, threads: int, pgid: int
) -> dict[str, Any]:
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "30s",
        "--latency",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    import resource

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    before, wrk_before = _cpu_snapshot(pgid), children_cpu()
    completed = subprocess.run(
        cmd, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    # wrk has exited and been reaped by now: its CPU is in this process's children's usage.
    after, wrk_after = _cpu_snapshot(pgid), children_cpu()
    out = completed.stdout + completed.stderr
    result = _parse_wrk(out)
    result["cpu_s"] = _cpu_delta(before, after)
    result["cpu_s"]["wrk"] = wrk_after - wrk_before
    result["raw"] = out
    return result


def _idle_share(seconds: float = 1.0) -> float:
    """The machine's idle share of CPU time over `seconds` (from /proc/stat)."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    idle0, total0 = sample()
    time.sleep(seconds)
    idle1, total1 = sample()
    return (idle1 - idle0) / max(1, total1 - total0)


def _wait_until_idle(limit: float, want: float = 0.85) -> float:
    """Wait (up to `limit` seconds) for the machine to be mostly idle: other work on a shared
    machine takes cores from the server. Returns the idle share seen last."""
    deadline = time.monotonic() + limit
    idle = _idle_share()
    while idle < want and time.monotonic() < deadline:
        idle = _idle_share(2.0)
    return idle


def _measure_db(db: str, args: argparse.Namespace, work: Path, stamp: str) -> dict[str, Any]:
    info = _ensure_dataset(db, args, work)
    if info.get("from_cache"):
        took = info.get("generation_wall_s", info["seconds"])
        print(f"dataset from cache: {info['from_cache']} (generated in {took:.0f} s)")
    else:
        print(f"dataset generated in {info['generation_wall_s']:.0f} s: {info['counts']}")
    data_dir = work / f"data-{db}"
    data_dir.mkdir()
    database_url, migrated = _prepare_run_database(db, args, work, data_dir)
    if migrated["applied"]:
        print(f"migrations applied on top of the cached dataset: {migrated['applied']}")
    try:
        pages = _pages(info)
        if args.pages:
            wanted = set(args.pages.split(",")) | {"bare"}
            pages = [p for p in pages if p["key"] in wanted]
        print("setup: log in the reader, count queries per page ...", flush=True)
        setup_job = {
            "reader": info["reader"]["username"],
            "pages": pages,
            "repeat": args.repeat,
            "profile_prefix": str(OUT_DIR / f"discussions-{stamp}-{db}") if args.profile else None,
            "profile_repeat": args.profile_repeat,
        }
        setup = _run_child(
            "setup", setup_job, work, _env(data_dir, database_url, settings="bench_settings")
        )
        cookie = f"{setup['cookie_name']}={setup['cookie']}"
        rows = setup["pages"]
        if args.setup_only:
            return {"db": db, "dataset": _info_summary(info), "migrate": migrated, "pages": rows}
        env = _env(data_dir, database_url, settings="bench_settings")
        print(f"server: tribune serve --no-worker {_server_args(args)} ...", flush=True)
        server = _Server(env, work, args.workers, args.threads)
        try:
            server.wait_ready()
            for row in rows:
                if row["status"] != 200:
                    print(f"  {row['name']:<34} {row['note']}")
                    continue
                url = server.base + row["url"]
                if args.wait_idle:
                    row["idle_before"] = _wait_until_idle(args.wait_idle)
                _wrk(url, cookie, WARMUP_S, args.connections, args.wrk_threads, server.process.pid)
                result = _wrk(
                    url,
                    cookie,
                    args.duration,
                    args.connections,
                    args.wrk_threads,
                    server.process.pid,
                )
                row["wrk"] = result
                print(
                    f"  {row['name']:<34} {result.get('rps', 0):>9.1f} req/s  "
                    f"p50 {result.get('p50_ms', float('nan')):>8.1f} ms  "
                    f"p99 {result.get('p99_ms', float('nan')):>8.1f} ms  "
                    f"{row['queries']} queries",
                    flush=True,
                )
        finally:
            server.stop()
    finally:
        if db == "postgres":
            _pg(f"DROP DATABASE IF EXISTS {PG_RUN} WITH (FORCE)")
    return {"db": db, "dataset": _info_summary(info), "migrate": migrated, "pages": rows}


def _info_summary(info: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in info.items() if k not in ("bench_article", "small_article")}
    for key in ("bench_article", "small_article"):
        out[key] = {k: v for k, v in info[key].items() if k != "visible_bodies"}
    return out


def _derive(result: dict[str, Any], cores: int, duration: float) -> None:
    """Per-core figures, ratios to bare, and the targets."""
    pages = {p["key"]: p for p in result["pages"]}
    bare = pages.get("bare", {}).get("wrk", {}).get("rps")
    for page in result["pages"]:
        w = page.get("wrk")
        if not w or "rps" not in w:
            continue
        w["rps_per_core"] = w["rps"] / cores
        w["ratio_to_bare"] = w["rps"] / bare if bare else None
        if w.get("requests"):
            w["server_cpu_ms_per_request"] = w["cpu_s"]["server"] / w["requests"] * 1000
            w["db_cpu_ms_per_request"] = w["cpu_s"]["postgres"] / w["requests"] * 1000
            # What one core could serve if it did nothing else: robust to a busy machine.
            spent = w["server_cpu_ms_per_request"] + w["db_cpu_ms_per_request"]
            w["cpu_bound_rps_per_core"] = 1000 / spent if spent else None
        # Share of the machine other processes (not the server, wrk or PostgreSQL) took.
        w["other_share"] = w["cpu_s"]["other"] / (duration * cores)
    result["busiest_other_share"] = max(
        (p["wrk"]["other_share"] for p in result["pages"] if p.get("wrk")), default=0.0
    )
    targets: dict[str, Any] = {}
    for key in TARGET_PAGES:
        page = pages.get(key)
        name = page["name"] if page else key
        w = (page or {}).get("wrk")
        if not w or "rps" not in w:
            targets[
                f"{name}: >= {TARGET_RPS_PER_CORE:g} req/s per core, p99 < {TARGET_P99_MS:g} ms"
            ] = {
                "met": None,
                "value": (page or {}).get("note", "not measured"),
            }
            continue
        ok = (
            w["rps_per_core"] >= TARGET_RPS_PER_CORE
            and w["p99_ms"] < TARGET_P99_MS
            and w["non_2xx"] == 0
            and w["socket_errors"] == 0
        )
        targets[
            f"{name}: >= {TARGET_RPS_PER_CORE:g} req/s per core, p99 < {TARGET_P99_MS:g} ms"
        ] = {
            "met": ok,
            "value": f"{w['rps_per_core']:.1f} req/s per core, p99 {w['p99_ms']:.1f} ms"
            + (f", {w['non_2xx']} non-2xx" if w["non_2xx"] else "")
            + (f", {w['socket_errors']} socket errors" if w["socket_errors"] else ""),
        }
    for big_key, small_key, label in (
        ("article-1000", "article-10", "queries per article page constant (10 vs 1,000 responses)"),
        (
            "profile-heavy",
            "profile-light",
            "queries per profile page constant (few vs many responses)",
        ),
    ):
        big, small = pages.get(big_key, {}), pages.get(small_key, {})
        if "queries" in big and "queries" in small:
            targets[label] = {
                "met": big["queries"] == small["queries"],
                "value": f"{small['queries']} vs {big['queries']}",
            }
        else:
            targets[label] = {
                "met": None,
                "value": big.get("note") or small.get("note") or "not measured",
            }
    result["targets"] = targets


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "not measurable yet"}[met]


def _report(result: dict[str, Any], args: argparse.Namespace, cores: int) -> None:
    ds = result["dataset"]
    c = ds["counts"]
    print()
    print(
        f"Discussions benchmark on {result['db']}: {c['users']:,} users, "
        f"{c['articles']:,} articles, "
        f"{c['responses']:,} responses in {c['discussions']:,} discussions "
        f"({c['reader_discussions']:,} started by readers), {c['notifications']:,} notifications; "
        f"{cores} cores, Python {platform.python_version()}"
    )
    print(
        f"server: tribune serve --no-worker --workers {args.workers} --threads {args.threads}; "
        f"wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration:g}s, logged in as "
        f"{ds['reader']['username']} (session cookie)"
    )
    print()
    head = (
        f"{'page':<34} {'req/s':>8} {'/core':>7} {'p50 ms':>8} {'p99 ms':>8} {'x bare':>7} "
        f"{'queries':>7} {'SQL ms':>7} {'srv CPU ms/req':>14} {'db CPU ms/req':>13} "
        f"{'CPU-bound/core':>14}"
    )
    print(head)
    print("-" * len(head))
    for page in result["pages"]:
        w = page.get("wrk")
        if not w or "rps" not in w:
            print(f"{page['name']:<34} {page.get('note', 'not measured')}")
            continue
        ratio = f"{w['ratio_to_bare']:.3f}" if w.get("ratio_to_bare") else "-"
        print(
            f"{page['name']:<34} {w['rps']:>8.1f} {w['rps_per_core']:>7.1f} {w['p50_ms']:>8.1f} "
            f"{w['p99_ms']:>8.1f} {ratio:>7} {page['queries']:>7} {page['sql_ms']:>7.1f} "
            f"{w.get('server_cpu_ms_per_request', 0):>14.2f} "
            f"{w.get('db_cpu_ms_per_request', 0):>13.2f} "
            f"{w.get('cpu_bound_rps_per_core') or 0:>14.1f}"
        )
    print()
    for page in result["pages"]:
        notes = []
        if "bodies_found" in page:
            found, visible = page["bodies_found"], page["bodies_visible"]
            notes.append(f"{found}/{visible} visible response bodies in the HTML")
        if page.get("logged_in_shown") is False:
            notes.append("the reader's name is NOT on the page (logged in?)")
        w = page.get("wrk") or {}
        if w.get("non_2xx") or w.get("socket_errors"):
            notes.append(f"{w.get('non_2xx')} non-2xx, {w.get('socket_errors')} socket errors")
        slow = sorted(page.get("query_sql", []), key=lambda q: -q["ms"])[:2]
        for q in slow:
            if q["ms"] >= 2:
                notes.append(f"slow query {q['ms']:.1f} ms: {_summary(q['sql'])}")
        if "render_ms" in page:
            notes.append(
                f"in-process render {page['render_ms']:.1f} ms ({page['sql_ms']:.1f} ms SQL), "
                f"{page['bytes'] / 1024:.0f} KB"
            )
        if w.get("cpu_s"):
            cpu = w["cpu_s"]
            notes.append(
                f"CPU s during the run: server {cpu['server']:.1f}, wrk {cpu['wrk']:.1f}, "
                f"postgres {cpu['postgres']:.1f}, other {cpu['other']:.1f}"
            )
        if notes:
            print(f"  {page['name']}: " + "; ".join(notes))
    print(
        "/core: req/s over all cores (wrk and PostgreSQL share them). CPU-bound/core: 1000 / "
        "(server + PostgreSQL CPU ms per request), what one core would serve doing only this."
    )
    if result["busiest_other_share"] > 0.1:
        print(
            f"WARNING: other processes on this machine used up to "
            f"{result['busiest_other_share']:.0%} of its cores during a run: req/s and "
            "latencies understate Tribune; the CPU-bound column is the steadier figure."
        )
    print()
    print("Targets:")
    for name, t in result["targets"].items():
        print(f"  {name:<78} {t['value']}: {_verdict(t['met'])}")


def _summary(sql: str) -> str:
    """The shape of a query, short: its FROM table and what follows WHERE."""
    table = re.search(r'\bFROM\s+"?(\w+)"?', sql)
    where = re.search(r"\bWHERE\b(.{0,90})", sql)
    return (table.group(1) if table else sql[:40]) + (f" WHERE{where.group(1)}..." if where else "")


def _print_profile(path: str, title: str, limit: int) -> None:
    print(f"\n--- {title}: top {limit} by cumulative time ({path}) ---")
    stats = pstats.Stats(path)
    stats.sort_stats("cumulative").print_stats(limit)
    print(f"--- {title}: top {limit} by own time ---")
    stats.sort_stats("tottime").print_stats(limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 1M responses (default)")
    parser.add_argument("--seed", type=int, default=dataset.DEFAULT_SEED)
    parser.add_argument("--regenerate", action="store_true", help="ignore the cached dataset")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn web processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per web process")
    parser.add_argument(
        "--repeat", type=int, default=5, help="in-process renders per page in setup"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each page in setup")
    parser.add_argument("--profile-repeat", type=int, default=20)
    parser.add_argument(
        "--pages",
        help="only these pages (comma-separated keys: front, article-1000, article-10, "
        "discussions-hot, profile-heavy, profile-light); bare is always measured",
    )
    parser.add_argument(
        "--setup-only",
        action="store_true",
        help="query counts, in-process timings (and --profile) only: no server, no wrk",
    )
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=0.0,
        help="before each page, wait up to this many seconds for the machine to be 85%% idle",
    )
    parser.add_argument(
        "--generate-only", action="store_true", help="make sure the dataset is cached, then stop"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child_main(args.child, args.job)
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")

    cores = os.cpu_count() or 1
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    OUT_DIR.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tribune-bench-discussions-"))
    t_start = time.perf_counter()
    results = []
    try:
        for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
            if args.generate_only:
                info = _ensure_dataset(db, args, work)
                print(json.dumps(_info_summary(info), indent=2))
                continue
            result = _measure_db(db, args, work, stamp)
            _derive(result, cores, args.duration)
            _report(result, args, cores)
            results.append(result)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    if args.profile:
        for result in results:
            for page in result["pages"]:
                if page.get("profile"):
                    _print_profile(page["profile"], f"{result['db']} {page['name']}", 25)
    if args.generate_only:
        return
    out = OUT_DIR / f"discussions-{stamp}.json"
    for result in results:
        for page in result["pages"]:
            if page.get("wrk"):
                page["wrk"].pop("raw", None) if not args.keep else None
    out.write_text(
        json.dumps(
            {
                "command": " ".join([".venv/bin/python", "bench/discussions.py", *sys.argv[1:]]),
                "when": stamp,
                "python": platform.python_version(),
                "cores": cores,
                "settings": {
                    "workers": args.workers,
                    "threads": args.threads,
                    "connections": args.connections,
                    "wrk_threads": args.wrk_threads,
                    "duration_s": args.duration,
                    "scale": args.scale,
                    "seed": args.seed,
                },
                "results": results,
                "total_s": time.perf_counter() - t_start,
            },
            indent=2,
            default=str,
        )
    )
    print(f"\nresults written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
