"""For You benchmark: the personal page of a reader with 50 follows and 20 muted keywords over
100k articles in 20k stories, next to the plain Latest page and the front page, same run.

    .venv/bin/python bench/for_you.py                       # SQLite and PostgreSQL
    .venv/bin/python bench/for_you.py --db sqlite           # one database
    .venv/bin/python bench/for_you.py --articles 20000      # smaller, while developing

Not a test; never run in CI.

Each database runs in a fresh child process (bench/children.py) with its own data directory:
`migrate`, then the dataset goes in through the driver (bench/dataset.py's loader: executemany
on SQLite, COPY on PostgreSQL), untimed:

- 8 sections, 50 sources with 10 authors each, 1,000 topics (200 places, 300 organizations,
  500 people);
- --stories stories (20,000) starting uniformly over the last 60 days, each with 1-9 articles
  (--articles in all, 100,000) from different sources within its first two days, and 2-4
  topics drawn with a Zipf tail, which tag every article of the story (about 300,000 tags);
- an article thread with responses for one story in five (response counts and hot ranks);
- the reader: 35 followed topics (from the popular 200), 5 sources, 7 authors, 3 sections,
  and 20 muted keywords taken from the headlines' vocabulary, onboarding done.

Then the reader's pages are rendered with Django's test client in the same process (the full
middleware stack and templates, no network): a few warm-up requests, then --repeat timed
requests each, reporting p50/p95/max milliseconds and queries per page. The target (issue 4):
For You p95 under 50 ms on SQLite and PostgreSQL; the ratio to Latest shows what the
personalization costs over the plain chronological page.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import children  # noqa: E402  (bench/ is not a package)

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "tribune_bench_for_you"
TARGET_P95_MS = 50.0
SEED = 20261125


# --- The child: load, then measure ----------------------------------------------------------


def _load(n_articles: int, n_stories: int, log: Any) -> dict[str, Any]:
    """Fill the migrated, empty database; returns the reader's name and a followed topic."""
    from django.db import connection, transaction

    import dataset
    from tribune.accounts.models import User
    from tribune.discussions.models import Discussion
    from tribune.news.models import Article, Author, Section, Source, Story
    from tribune.personalization.models import ReaderSettings, Rule
    from tribune.understanding.models import Tag, Topic

    rnd = random.Random(SEED)
    text = dataset._Text(rnd)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    vendor = connection.vendor
    connection.ensure_connection()
    if vendor == "sqlite":
        connection.connection.execute("PRAGMA synchronous=OFF")

    def dt(value: datetime) -> Any:
        return dataset._dt(value, vendor)

    t0 = time.perf_counter()
    with transaction.atomic():
        sections = [
            Section.objects.create(name=name, slug=name.lower(), position=i)
            for i, name in enumerate(dataset._SECTIONS)
        ]
        sources = [
            Source.objects.create(
                title=f"Outlet {i}", slug=f"outlet-{i}", feed_url=f"https://o{i}.example/feed"
            )
            for i in range(50)
        ]
        authors = Author.objects.bulk_create(
            Author(name=f"Writer {s}-{a}", slug=f"writer-{s}-{a}", source=sources[s])
            for s in range(50)
            for a in range(10)
        )
        kinds = ["place"] * 200 + ["organization"] * 300 + ["person"] * 500
        topics = Topic.objects.bulk_create(
            Topic(
                kind=kind,
                name=f"Topic {i}",
                slug=f"topic-{i}",
                code=f"X{i:04d}" if kind == "place" else None,
                origin="gazetteer",
            )
            for i, kind in enumerate(kinds)
        )
    # Zipf over topics: a few are everywhere, most are rare.
    topic_weights = [1 / (rank + 1) for rank in range(len(topics))]
    source_weights = [1 / (rank + 1) ** 0.6 for rank in range(len(sources))]

    stories: list[tuple[Any, ...]] = []
    articles: list[tuple[Any, ...]] = []
    article_authors: list[tuple[int, int]] = []
    tags: list[tuple[Any, ...]] = []
    threads: list[tuple[Any, ...]] = []
    sizes = [rnd.randint(1, 9) for _ in range(n_stories)]
    scale = n_articles / sum(sizes)
    article_id = 0
    for story_id in range(1, n_stories + 1):
        size = max(1, round(sizes[story_id - 1] * scale))
        start = now - timedelta(minutes=rnd.randint(60, 60 * 24 * 60))
        section = rnd.choice(sections)
        story_topics = {topics[i].pk for i in rnd.choices(range(len(topics)), topic_weights, k=3)}
        members: list[tuple[int, datetime, int]] = []
        for _ in range(size):
            if article_id >= n_articles:
                break
            article_id += 1
            source = rnd.choices(sources, source_weights)[0]
            author = authors[sources.index(source) * 10 + rnd.randrange(10)]
            published = min(now, start + timedelta(minutes=rnd.randint(0, 48 * 60)))
            title = text.title()
            summary = " ".join(rnd.choice(text.sentences) for _ in range(2))
            articles.append(
                (
                    article_id,
                    source.pk,
                    section.pk,
                    f"bench-{article_id}",
                    f"https://o{source.pk}.example/a/{article_id}",
                    f"article-{article_id}",
                    title,
                    summary,
                    dt(published),
                    dt(published),
                    story_id,
                    article_id,
                    dt(published),
                )
            )
            article_authors.append((article_id, author.pk))
            for topic_id in story_topics:
                tags.append((article_id, topic_id, "gazetteer", dt(published)))
            members.append((article_id, published, source.pk))
        if not members:
            break
        members.sort(key=lambda m: m[1])
        stories.append(
            (
                story_id,
                articles[members[0][0] - 1][6],
                members[0][0],
                section.pk,
                dt(members[0][1]),
                dt(members[-1][1]),
                len(members),
                len({m[2] for m in members}),
                dt(members[0][1]),
            )
        )
        if story_id % 5 == 0:
            responses = int(rnd.paretovariate(1.2) * 2)
            lead, when = members[0][0], members[-1][1]
            threads.append(
                (
                    "article",
                    articles[lead - 1][6],
                    lead,
                    dt(when),
                    dt(when),
                    responses,
                    responses / (1 + (now - when).total_seconds() / 3600) ** 1.5,
                )
            )
    log(f"generated {len(articles):,} articles, {len(stories):,} stories, {len(tags):,} tags")

    with transaction.atomic():
        dataset._Loader(
            Story,
            [
                "id",
                "title",
                "lead_article_id",
                "section_id",
                "first_published_at",
                "last_published_at",
                "article_count",
                "source_count",
                "created_at",
            ],
        ).write(stories)  # foreign keys are checked at commit: lead articles come next
        dataset._Loader(
            Article,
            [
                "id",
                "source_id",
                "section_id",
                "guid",
                "url",
                "slug",
                "title",
                "summary",
                "published_at",
                "fetched_at",
                "story_id",
                "clustered_seq",
                "understood_at",
            ],
        ).write(articles)
        dataset._Loader(Article.authors.through, ["article_id", "author_id"]).write(article_authors)
        dataset._Loader(Tag, ["article_id", "topic_id", "origin", "published_at"]).write(tags)
        dataset._Loader(
            Discussion,
            [
                "kind",
                "title",
                "article_id",
                "created_at",
                "last_activity_at",
                "response_count",
                "hot_rank",
            ],
        ).write(threads)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Story, Article, Discussion):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
            cursor.execute("ANALYZE")
    else:
        connection.connection.execute("ANALYZE")
    log(f"loaded in {time.perf_counter() - t0:.1f} s")

    reader = User.objects.create_user("bench_reader", "reader@example.org", "x" * 12)
    ReaderSettings.objects.create(user=reader, onboarded_at=now)
    followed = rnd.sample(topics[:200], 35)
    rules = [Rule(user=reader, verb="follow", kind="topic", topic=t) for t in followed]
    rules += [Rule(user=reader, verb="follow", kind="source", source=s) for s in sources[:5]]
    rules += [
        Rule(user=reader, verb="follow", kind="author", author=a) for a in rnd.sample(authors, 7)
    ]
    rules += [Rule(user=reader, verb="follow", kind="section", section=s) for s in sections[:3]]
    vocabulary = sorted({w.lower() for t in rnd.sample(articles, 2000) for w in t[6].split()})
    muted = rnd.sample([w for w in vocabulary if len(w) > 4], 20)
    rules += [Rule(user=reader, verb="mute", kind="keyword", phrase=w) for w in muted]
    Rule.objects.bulk_create(rules)
    return {"reader": reader.username, "topic": followed[0].slug, "muted": muted}


def _measure(client: Any, url: str, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(url)
    result: dict[str, Any] = {"url": url, "status": first.status_code, "bytes": len(first.content)}
    if first.status_code != 200:
        return result
    for _ in range(4):
        client.get(url)
    walls = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        client.get(url)
        walls.append((time.perf_counter() - t0) * 1000)
    timings: list[tuple[str, float]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((sql, (time.perf_counter() - t) * 1000))

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed):
        t0 = time.perf_counter()
        client.get(url)
        result["traced_ms"] = (time.perf_counter() - t0) * 1000
    result["sql_ms"] = sum(t for _, t in timings)
    result["slowest_sql"] = [
        {"ms": round(t, 2), "sql": q[:300]} for q, t in sorted(timings, key=lambda x: -x[1])[:3]
    ]
    walls.sort()
    result.update(
        queries=len(queries.captured_queries),
        p50_ms=statistics.median(walls),
        p95_ms=walls[max(0, int(len(walls) * 0.95) - 1)],
        max_ms=walls[-1],
    )
    return result


def _child_run(job: dict[str, Any]) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tribune.accounts.models import User

    def log(message: str) -> None:
        print(f"  [{job['db']}] {message}", flush=True)

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    info = _load(job["articles"], job["stories"], log)
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(User.objects.get(username=info["reader"]))
    pages = {
        "for_you": "/for-you/",
        "latest": "/latest/",
        "front_page": "/",
        "topic": f"/topics/{info['topic']}/",
    }
    results = {}
    for key, url in pages.items():
        results[key] = _measure(client, url, job["repeat"])
        r = results[key]
        if r["status"] == 200:
            log(
                f"{key:<10} p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
                f"q {r['queries']}  sql {r['sql_ms']:.1f} ms"
            )
            if job.get("verbose"):
                for q in r["slowest_sql"]:
                    log(f"    {q['ms']:6.2f} ms  {q['sql']}")
        else:
            log(f"{key:<10} HTTP {r['status']}")
    return {"info": info, "pages": results}


# --- The parent -------------------------------------------------------------------------------


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(
        DJANGO_SETTINGS_MODULE="tribune.settings",
        TRIBUNE_DATA_DIR=str(data_dir),
        TRIBUNE_DEBUG="0",
        TRIBUNE_ALLOWED_HOSTS="127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    env.pop("TRIBUNE_DATABASE_URL", None)
    env.pop("TRIBUNE_CACHE_URL", None)
    if database_url:
        env["TRIBUNE_DATABASE_URL"] = database_url
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(BENCH_DIR)])
    return env


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--verbose", action="store_true", help="print each page's slowest SQL")
    parser.add_argument("--child")
    parser.add_argument("--job")
    args = parser.parse_args()
    if args.child:
        job = json.loads(Path(args.job).read_text())
        result = {"run": _child_run}[args.child](job)
        Path(job["result_path"]).write_text(json.dumps(result, default=str))
        return

    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    print(
        f"For You benchmark: {args.articles:,} articles, {args.stories:,} stories, "
        f"{args.repeat} timed requests per page; {platform.node()}, {os.cpu_count()} cores"
    )
    report: dict[str, Any] = {"args": vars(args), "results": {}}
    for db in dbs:
        with tempfile.TemporaryDirectory(prefix="tribune-bench-for-you-") as tmp:
            work = Path(tmp)
            url = None
            if db == "postgres":
                _pg(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
                _pg(f"CREATE DATABASE {PG_DB}")
                url = f"{PG_SERVER}/{PG_DB}"
            job = {
                "db": db,
                "articles": args.articles,
                "stories": args.stories,
                "repeat": args.repeat,
                "verbose": args.verbose,
            }
            report["results"][db] = children.run_child(__file__, "run", job, work, _env(work, url))
            if db == "postgres":
                _pg(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")

    print()
    print(f"{'db':<9}{'page':<12}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
    for db, result in report["results"].items():
        for key, r in result["pages"].items():
            if r["status"] != 200:
                print(f"{db:<9}{key:<12}  HTTP {r['status']}")
                continue
            print(
                f"{db:<9}{key:<12}{r['p50_ms']:9.1f}{r['p95_ms']:9.1f}{r['max_ms']:9.1f}"
                f"{r['queries']:9d}"
            )
    print()
    for db, result in report["results"].items():
        pages = result["pages"]
        fy, latest = pages["for_you"], pages["latest"]
        if fy["status"] != 200 or latest["status"] != 200:
            continue
        met = "met" if fy["p95_ms"] < TARGET_P95_MS else "MISSED"
        print(
            f"{db}: For You p95 {fy['p95_ms']:.1f} ms = {fy['p95_ms'] / TARGET_P95_MS:.2f}x "
            f"the 50 ms ceiling ({met}); {fy['p95_ms'] / latest['p95_ms']:.2f}x Latest's p95"
        )
    OUT_DIR.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = OUT_DIR / f"for-you-{stamp}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"results: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
