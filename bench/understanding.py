"""Understanding cost at 100k articles: tagging and story clustering of new articles, per article.

    .venv/bin/python bench/understanding.py                        # SQLite, 100k articles
    .venv/bin/python bench/understanding.py --db postgres          # PostgreSQL
    .venv/bin/python bench/understanding.py --articles 20000       # quicker, while developing

One run, each part in a fresh child process (bench/children.py):

1. **Setup** (not timed as the measure): a migrated database in a temporary directory (or
   the PostgreSQL database ``tribune_bench_understanding``, created and dropped), 50 sources,
   and ``--articles`` generated articles over the 14 days before now (seeded): 20% as many
   stories, each with made-up names (people, places, firms nobody has heard of), one or two
   real countries and sometimes an organization or a person from the gazetteer, told by 3-7
   articles over the story's first two days, each with a title, a lead and about 1.5 KB of
   text amid a Zipf-distributed vocabulary of common words. Every article is tagged by the
   real ``do_tag_articles`` (tags, candidates, sections) and given its generated story
   (Story rows with their counters, ``clustered_seq`` in published order), as if Tribune had
   understood them as they came.
2. **Measure**: a fresh process, as a worker starting. Its first clustering builds the story
   index from the database (timed apart, with the memory it takes). Then ``--new`` articles
   arrive "now" in batches of ``--batch`` (a feed's worth: half continue the stories of the
   last two days, half open new ones), stored untimed, then ``do_tag_articles(ids)`` and
   ``do_cluster_articles(ids)`` timed apart (wall clock, this process; PostgreSQL's own CPU is
   not counted), with the queries each batch of clustering takes.
3. **Peer**: the plain ``StoryIndex.add`` for the same new articles, into an index holding the
   same window of articles, in the same process.

Ceilings (issue 4): tagging + clustering under 10 ms per article, clustering under 5 ms, at
100k articles.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
sys.path.insert(0, str(BENCH_DIR))

import children  # noqa: E402  (bench/ is not a package)
from stories import make_word  # noqa: E402

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "tribune_bench_understanding"
SECTIONS = ("World", "Politics", "Business", "Technology", "Science", "Climate", "Sport", "Local")
TAG_CHUNK = 500
CEILING_TOTAL_MS = 10.0
CEILING_CLUSTER_MS = 5.0


# --- Text -------------------------------------------------------------------------------------


class Corpus:
    """Seeded generator of stories and their articles."""

    def __init__(self, seed: int, countries: list[str], entities: list[str]) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.countries = countries
        self.entities = entities
        common = list(dict.fromkeys(make_word(rng) for _ in range(45_000)))[:40_000]
        self.common = common
        self.cum: list[float] = []
        total = 0.0
        for rank in range(len(common)):
            total += 1 / (rank + 1)
            self.cum.append(total)

    def story(self) -> dict[str, list[str]]:
        rng = self.rng
        names = [make_word(rng).title() for _ in range(6)]
        places = rng.sample(self.countries, rng.randint(1, 2))
        extra = rng.sample(self.entities, 1) if self.entities and rng.random() < 0.5 else []
        return {"names": names, "places": places, "extra": extra}

    def _common(self, k: int) -> list[str]:
        return self.rng.choices(self.common, cum_weights=self.cum, k=k)

    def _sentence(self, story: dict[str, list[str]], n_story: int, n_words: int) -> str:
        rng = self.rng
        pool = story["names"] + story["places"] + story["extra"]
        words = rng.sample(pool, min(n_story, len(pool))) + self._common(n_words)
        rng.shuffle(words)
        text = " ".join(words)
        return text[:1].upper() + text[1:] + "."

    def article(self, story: dict[str, list[str]]) -> tuple[str, str, str]:
        rng = self.rng
        title = self._sentence(story, rng.randint(3, 4), rng.randint(3, 6))[:-1]
        lead = self._sentence(story, rng.randint(3, 5), rng.randint(12, 20))
        body = " ".join(
            self._sentence(story, rng.randint(0, 2), rng.randint(15, 24))
            for _ in range(rng.randint(8, 12))
        )
        return title, lead, f"{lead} {body}"


def _article_row(
    source_id: int, section_id: int, guid: str, text: tuple[str, str, str], published: datetime
) -> dict[str, Any]:
    title, lead, body = text
    return {
        "source_id": source_id,
        "section_id": section_id,
        "kind": "report",
        "status": "published",
        "guid": guid,
        "url": f"https://bench.example/{guid}",
        "url_key": f"bench.example/{guid}",
        "slug": guid,
        "title": title,
        "summary": lead,
        "content_text": body,
        "content_html": "",
        "published_at": published,
        "fetched_at": published,
        "word_count": len(body.split()),
        "reading_minutes": 2,
        "has_full_text": True,
        "content_hash": guid,
    }


def _countries() -> list[str]:
    import pycountry

    return sorted(c.name for c in pycountry.countries if "," not in c.name and len(c.name) < 20)


# --- Children ----------------------------------------------------------------------------------


def _django() -> None:
    import django

    django.setup()


def child_setup(job: dict[str, Any]) -> dict[str, Any]:
    _django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from tribune.core.db import insert_new
    from tribune.news import actions
    from tribune.news.models import Article, Source, Story
    from tribune.understanding.actions import do_tag_articles
    from tribune.understanding.models import Topic

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    sections = [actions.do_ensure_section(name, i).pk for i, name in enumerate(SECTIONS)]
    sources = [
        actions.do_add_source(f"https://bench{i}.example/feed.xml", title=f"Bench {i}")[0].pk
        for i in range(50)
    ]
    Source.objects.update(next_fetch_at=None)
    entities = list(
        Topic.objects.filter(kind__in=[Topic.Kind.ORGANIZATION, Topic.Kind.PERSON]).values_list(
            "name", flat=True
        )
    )
    corpus = Corpus(job["seed"], _countries(), entities)
    rng = corpus.rng
    now = timezone.now()
    n = job["articles"]
    n_stories = max(1, n // 5)
    start = now - timedelta(days=14)
    rows: list[dict[str, Any]] = []
    truth: list[int] = []  # story number of each row
    stories = []
    for s in range(n_stories):
        story = corpus.story()
        stories.append(story)
        begins = start + timedelta(days=14 * s / n_stories)
        for _ in range(rng.randint(3, 7)):
            published = min(begins + timedelta(minutes=rng.randint(0, 48 * 60)), now)
            rows.append(
                _article_row(
                    rng.choice(sources),
                    rng.choice(sections),
                    f"a{len(rows)}",
                    corpus.article(story),
                    published,
                )
            )
            truth.append(s)
    order = sorted(range(len(rows)), key=lambda i: rows[i]["published_at"])[:n]
    rows = [rows[i] for i in order]
    truth = [truth[i] for i in order]
    generated = time.perf_counter() - t0

    t0 = time.perf_counter()
    with transaction.atomic():
        ids = [pk for (pk,) in insert_new(Article, rows)]
    inserted = time.perf_counter() - t0

    t0 = time.perf_counter()
    for i in range(0, len(ids), TAG_CHUNK):
        do_tag_articles(ids[i : i + TAG_CHUNK])
        if i and i % 20_000 == 0:
            print(f"  tagged {i:,} articles", flush=True)
    tagged = time.perf_counter() - t0

    # Stories as generated, with their counters; seqs in published order.
    t0 = time.perf_counter()
    members: dict[int, list[int]] = {}
    for i, s in enumerate(truth):
        members.setdefault(s, []).append(i)
    story_rows = []
    for idx in members.values():
        first, last = rows[idx[0]], rows[idx[-1]]
        story_rows.append(
            {
                "title": first["title"][:1000],
                "lead_article_id": ids[idx[0]],
                "section_id": first["section_id"],
                "first_published_at": first["published_at"],
                "last_published_at": last["published_at"],
                "article_count": len(idx),
                "source_count": len({rows[i]["source_id"] for i in idx}),
                "created_at": first["published_at"],
            }
        )
    with transaction.atomic():
        story_ids = dict(insert_new(Story, story_rows, returning=("lead_article", "id")))
        story_of = {s: story_ids[ids[idx[0]]] for s, idx in members.items()}
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE news_article SET story_id = %s, clustered_seq = %s WHERE id = %s",
                [(story_of[truth[i]], i + 1, ids[i]) for i in range(len(ids))],
            )
    clustered = time.perf_counter() - t0

    # The articles that arrive during the measure: continuing the last two days' stories, or
    # opening new ones, published in the hour before the measure.
    recent = sorted(
        {truth[i] for i in range(len(rows)) if rows[i]["published_at"] > now - timedelta(days=2)}
    )
    arriving = []
    for k in range(job["new"]):
        story = stories[rng.choice(recent)] if k % 2 == 0 else corpus.story()
        title, lead, body = corpus.article(story)
        arriving.append(
            {
                "source_id": rng.choice(sources),
                "section_id": rng.choice(sections),
                "guid": f"new{k}",
                "title": title,
                "lead": lead,
                "body": body,
                "minutes_ago": 60 - 60 * k / job["new"],
            }
        )
    Path(job["arriving_path"]).write_text(json.dumps(arriving))
    return {
        "articles": len(ids),
        "stories": len(members),
        "generate_s": generated,
        "insert_s": inserted,
        "tag_s": tagged,
        "cluster_s": clustered,
        "tags": _count("understanding_tag"),
        "candidates": _count("understanding_candidate"),
    }


def _count(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # our own table names
        return int(cursor.fetchone()[0])


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_measure(job: dict[str, Any]) -> dict[str, Any]:
    _django()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tribune.core.db import insert_new
    from tribune.news import actions
    from tribune.news.models import Article
    from tribune.understanding import clustering
    from tribune.understanding.actions import do_tag_articles
    from tribune.understanding.stories import StoryIndex

    arriving = json.loads(Path(job["arriving_path"]).read_text())
    now = timezone.now()
    # Warm what any worker has warm before its first batch (the tagger's gazetteer, imports).
    do_tag_articles(list(Article.objects.order_by("-id").values_list("id", flat=True)[:5]))

    rss0 = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    clusterer = clustering.default_clusterer()
    clusterer.prepare(now)  # what the first do_cluster_articles does before taking the lock
    build_s, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert clusterer.index is not None
    window = len(clusterer.index)
    build_mb = _rss_mb() - rss0

    profiler = cProfile.Profile() if job.get("profile") else None
    tag_ms: list[float] = []
    cluster_ms: list[float] = []
    tag_cpu: list[float] = []
    cluster_cpu: list[float] = []
    queries: list[int] = []
    batch = job["batch"]
    stored: list[tuple[int, dict[str, Any]]] = []
    for start in range(0, len(arriving), batch):
        items = arriving[start : start + batch]
        rows = [
            _article_row(
                a["source_id"],
                a["section_id"],
                a["guid"],
                (a["title"], a["lead"], f"{a['lead']} {a['body']}"),
                now - timedelta(minutes=a["minutes_ago"]),
            )
            for a in items
        ]
        with transaction.atomic():
            ids = [pk for (pk,) in insert_new(Article, rows)]
        stored.extend(zip(ids, rows, strict=True))
        t, c = time.perf_counter(), time.process_time()
        do_tag_articles(ids)
        tag_ms.append((time.perf_counter() - t) * 1000 / len(ids))
        tag_cpu.append((time.process_time() - c) * 1000 / len(ids))
        with CaptureQueriesContext(connection) as captured:
            if profiler:
                profiler.enable()
            t, c = time.perf_counter(), time.process_time()
            actions.do_cluster_articles(ids)
            cluster_ms.append((time.perf_counter() - t) * 1000 / len(ids))
            cluster_cpu.append((time.process_time() - c) * 1000 / len(ids))
            if profiler:
                profiler.disable()
        queries.append(len(captured))
    if profiler:
        OUT_DIR.mkdir(exist_ok=True)
        profiler.dump_stats(OUT_DIR / "understanding-cluster.pstats")
    joined = Article.objects.filter(
        pk__in=[pk for pk, _ in stored], story__article_count__gte=2
    ).count()

    # The peer: the pure index, holding the same window, adding the same articles.
    index = StoryIndex()
    window_rows = (
        Article.objects.filter(
            clustered_seq__isnull=False, published_at__gte=now - clusterer.horizon
        )
        .exclude(pk__in=[pk for pk, _ in stored])
        .order_by("clustered_seq")
        .values_list(
            "id", "title", "standfirst", "summary", "published_at", "source_id", "story_id"
        )
    )
    for aid, title, standfirst, summary, published, source_id, story_id in window_rows.iterator():
        index.add(
            aid,
            title,
            clustering.lead_of(standfirst, summary),
            published,
            source_id,
            story_id=story_id,
        )
    pure_ms, pure_cpu = [], []
    for pk, row in stored:
        lead = clustering.lead_of("", row["summary"])
        t, c = time.perf_counter(), time.process_time()
        index.add(pk, row["title"], lead, row["published_at"], row["source_id"])
        pure_ms.append((time.perf_counter() - t) * 1000)
        pure_cpu.append((time.process_time() - c) * 1000)
    return {
        "build_s": build_s,
        "build_cpu": build_cpu,
        "build_mb": build_mb,
        "window": window,
        "tag_ms": tag_ms,
        "cluster_ms": cluster_ms,
        "queries": queries,
        "pure_ms": pure_ms,
        "tag_cpu": tag_cpu,
        "cluster_cpu": cluster_cpu,
        "pure_cpu": pure_cpu,
        "joined": joined,
        "new": len(stored),
        "rss_mb": _rss_mb(),
    }


CHILDREN = {"setup": child_setup, "measure": child_measure}


# --- Parent ------------------------------------------------------------------------------------


def _postgres(action: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=10) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tribune.settings",
        TRIBUNE_DATA_DIR=str(data_dir),
        TRIBUNE_DEBUG="0",
        PYTHONUNBUFFERED="1",
    )
    env.pop("TRIBUNE_DATABASE_URL", None)
    if database_url:
        env["TRIBUNE_DATABASE_URL"] = database_url
    env["PYTHONPATH"] = str(ROOT / "src") + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    return env


def _stats(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    mean, median = statistics.fmean(values), statistics.median(values)
    return f"mean {mean:.2f}, median {median:.2f}, p95 {p95:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1_000, help="articles arriving, measured")
    parser.add_argument("--batch", type=int, default=25, help="articles per arriving batch")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (and the database)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the clustering calls to bench/out/understanding-cluster.pstats",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        job = json.loads(Path(args.job).read_text())
        result = CHILDREN[args.child](job)
        Path(job["result_path"]).write_text(json.dumps(result))
        return

    work = Path(tempfile.mkdtemp(prefix="tribune-bench-understanding-"))
    database_url = f"{PG_SERVER}/{PG_DATABASE}" if args.db == "postgres" else None
    if database_url:
        _postgres("create")
    env = _env(work, database_url)
    job = {
        "seed": args.seed,
        "articles": args.articles,
        "new": args.new,
        "batch": args.batch,
        "arriving_path": str(work / "arriving.json"),
        "profile": args.profile,
    }
    try:
        print(f"setup: {args.articles:,} articles on {args.db} in {work} ...", flush=True)
        setup = children.run_child(__file__, "setup", job, work, env)
        print(
            f"setup: {setup['articles']:,} articles in {setup['stories']:,} stories, "
            f"{setup['tags']:,} tags, {setup['candidates']:,} candidates; generated in "
            f"{setup['generate_s']:.0f} s, inserted in {setup['insert_s']:.0f} s, tagged in "
            f"{setup['tag_s']:.0f} s ({1000 * setup['tag_s'] / setup['articles']:.2f} ms per "
            f"article, chunks of {TAG_CHUNK}), stories stored in {setup['cluster_s']:.0f} s",
            flush=True,
        )
        m = children.run_child(__file__, "measure", job, work, env)
    finally:
        if database_url and not args.keep:
            _postgres("drop")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    tag = statistics.fmean(m["tag_ms"])
    cluster = statistics.fmean(m["cluster_ms"])
    pure = statistics.fmean(m["pure_ms"])
    print(
        f"\nfirst clustering in a fresh process: index built from the database in "
        f"{m['build_s']:.1f} s ({m['build_cpu']:.1f} s of this process's CPU), "
        f"{m['window']:,} articles in its window, "
        f"+{m['build_mb']:.0f} MB resident (process {m['rss_mb']:.0f} MB at the end)"
    )
    print(
        f"{m['new']:,} new articles at {setup['articles']:,}, batches of {args.batch} "
        f"({args.db}), ms per article over batches, wall clock [this process's CPU]:"
    )
    for label, key in (
        ("tagging    (do_tag_articles)    ", "tag"),
        ("clustering (do_cluster_articles)", "cluster"),
        ("peer: StoryIndex.add alone      ", "pure"),
    ):
        cpu = statistics.fmean(m[f"{key}_cpu"])
        print(f"  {label} {_stats(m[f'{key}_ms'])} [mean {cpu:.2f}]")
    print(
        f"  clustering queries per batch: {min(m['queries'])}-{max(m['queries'])}; "
        f"{m['joined']} of {m['new']} new articles in a story of two or more"
    )
    total = tag + cluster
    print(
        f"\ntagging + clustering {total:.2f} ms per article: {total / CEILING_TOTAL_MS:.2f} of the "
        f"{CEILING_TOTAL_MS:g} ms ceiling ({'met' if total < CEILING_TOTAL_MS else 'MISSED'})"
    )
    verdict = "met" if cluster < CEILING_CLUSTER_MS else "MISSED"
    print(
        f"clustering {cluster:.2f} ms per article: {cluster / CEILING_CLUSTER_MS:.2f} of the "
        f"{CEILING_CLUSTER_MS:g} ms ceiling ({verdict}); "
        f"{cluster / pure:.1f}x the pure index ({pure:.2f} ms)"
    )


if __name__ == "__main__":
    main()
