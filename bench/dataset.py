"""A generated community for the discussions benchmark: users, sources, articles, article
threads and reader discussions, threaded responses, votes, follows and notifications.

    .venv/bin/python bench/discussions.py --scale 0.01     # generates (and caches) through this

At scale 1: 10,000 users, 50 sources in 8 sections, 100,000 articles over the last year,
1,000,000 responses and 5,000 reader discussions. Deterministic for a seed (ids, trees, text);
times are relative to the hour the dataset was generated. Realistic in shape:

- about 60% of articles have a response thread; thread sizes follow a Pareto tail (most get
  a few responses, a few get hundreds, none more than 900), reader discussions are livelier;
- ONE recent article (the "bench article") has exactly 1,000 responses in a tree up to depth
  8, and one (the "small article") exactly 10, for the constant-query check;
- who writes follows a steep power law (the most active user has about 1% of everything);
- every response's `path` follows discussions.actions (zero-padded base-36 ids joined by
  "/"): ids are assigned here, parents before children;
- about 1% of responses are deleted (placeholder kept), 0.5% hidden by a moderator, 3% edited;
- votes as rows only in the bench and small articles' threads (scores elsewhere are stored
  counts without vote rows); every reply notifies its parent's author (most read); every
  participant follows the thread; the logged-in reader ("bench_reader") has unread
  notifications and some votes in the bench article.

Rows go in through the driver directly: executemany in big transactions on SQLite (with
synchronous=OFF and a large page cache during the load), COPY on PostgreSQL. Columns a row
leaves out take the model field's default, so fields added by later migrations still load.
`generate()` runs in a Django-configured process on a migrated, empty database.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

GENERATOR_VERSION = 1
DEFAULT_SEED = 20261125
BENCH_RESPONSES = 1000
SMALL_RESPONSES = 10
MAX_DEPTH = 8
MAX_THREAD = 900  # no other thread is larger than the bench article's
BATCH = 50_000


def _words(text: str) -> list[str]:
    return text.split("|")


_WORDS = _words(
    "council|budget|harbour|river|school|station|bridge|tram|library|market|housing|rent|"
    "water|energy|grid|wind|solar|clinic|nurses|teachers|union|strike|vote|mayor|minister|"
    "court|ruling|appeal|police|festival|museum|stadium|season|coach|league|drought|flood|"
    "storm|forecast|farmers|harvest|prices|wages|jobs|factory|port|ferry|airport|runway|"
    "noise|traffic|cycle|lane|park|trees|heat|report|survey|data|scientists|study|trial|"
    "vaccine|hospital|beds|waiting|list|plan|proposal|deal|treaty|border|trade|tariffs|"
    "exports|bank|rates|inflation|savings|pension|tax|reform|election|campaign|poll|"
    "candidate|debate|parliament|committee"
)
_OPENERS = (
    "I think",
    "Honestly,",
    "As someone who lives near the {w},",
    "Not sure about this, but",
    "The article misses that",
    "Worth remembering that",
    "My neighbour says",
    "In my experience",
    "Fair point, although",
    "This is the third time",
    "Good reporting.",
    "Does anyone know whether",
    "The real question is why",
    "People forget that",
)
_MIDDLES = (
    "the {w} decision was always going to hit the {w2} hardest",
    "nobody asked the {w} what they needed before the {w2} vote",
    "the numbers on the {w} do not add up once you count the {w2}",
    "the {w} has been promised for years and the {w2} keeps slipping",
    "we saw the same thing with the {w} last spring",
    "the {w} story and the {w2} story are really one story",
    "the {w} costs more every year while the {w2} stays the same",
    "the {w} plan looks fine on paper but the {w2} will decide it",
    "the {w} report from last month said the opposite about the {w2}",
    "local people could run the {w} better than the {w2} ever did",
)
_CLOSERS = (
    ".",
    ", and I doubt that changes soon.",
    ", which is the part nobody reports.",
    ". Happy to be proven wrong.",
    ". We will see after the {w}.",
    ", at least where I live.",
    ". Source: I work in {w}.",
    "?",
)
_FIRST = _words(
    "mara|tobias|ines|kofi|lena|arvid|noor|dario|helka|samir|oona|pavel|idris|talia|yuki|"
    "bram|emeka|freya|luca|amara|niklas|zoe|rafael|hana|oskar|priya|mateo|sol|vera|jonas"
)
_LAST = _words(
    "berg|okafor|lindqvist|moreau|haddad|kowalski|tanaka|fischer|costa|novak|reyes|holm|"
    "adeyemi|marsh|quinn|varga|sato|dumont|ferreira|ibsen"
)
_SECTIONS = ("News", "Politics", "Business", "Climate", "Science", "Culture", "Sport", "Local")


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def segment(pk: int) -> str:
    """The path segment of response `pk`, as discussions.actions.do_respond writes it."""
    return _base36(pk).rjust(8, "0")


class _Text:
    """Invented, news-shaped text from small word lists; never copied."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.sentences = [self._sentence() for _ in range(800)]

    def _sentence(self) -> str:
        r = self.rnd
        words = {"w": r.choice(_WORDS), "w2": r.choice(_WORDS)}
        opener = r.choice(_OPENERS).format(**words)
        middle = r.choice(_MIDDLES).format(**words)
        closer = r.choice(_CLOSERS).format(w=r.choice(_WORDS))
        return f"{opener} {middle}{closer}"

    def response(self) -> tuple[str, str]:
        """(markdown, html) of a response: 1-3 paragraphs, sometimes a quote or a link."""
        r = self.rnd
        paragraphs = [
            " ".join(r.choice(self.sentences) for _ in range(r.randint(1, 3)))
            for _ in range(r.choice((1, 1, 1, 2, 2, 3)))
        ]
        md: list[str] = []
        html: list[str] = []
        if r.random() < 0.12:
            quoted = r.choice(self.sentences)
            md.append(f"> {quoted}")
            html.append(f"<blockquote>\n<p>{quoted}</p>\n</blockquote>")
        for p in paragraphs:
            md.append(p)
            html.append(f"<p>{p}</p>")
        if r.random() < 0.08:
            slug = f"{r.choice(_WORDS)}-{r.choice(_WORDS)}"
            url = f"https://example.org/{slug}"
            md.append(f"More here: <{url}>")
            html.append(f'<p>More here: <a href="{url}" rel="nofollow ugc noopener">{url}</a></p>')
        return "\n\n".join(md), "\n".join(html)

    def title(self) -> str:
        r = self.rnd
        a, b = r.choice(_WORDS), r.choice(_WORDS)
        shapes = (
            f"{a.capitalize()} {b} plan faces new questions",
            f"What the {a} vote means for the {b}",
            f"{a.capitalize()} and {b}: the week in review",
            f"City weighs {a} changes as {b} costs rise",
            f"Inside the fight over the {a} {b}",
            f"{a.capitalize()} report warns on {b}",
            f"Why the {a} matters more than the {b}",
        )
        return r.choice(shapes)

    def article_body(self) -> tuple[str, str]:
        paragraphs = [
            " ".join(self.rnd.choice(self.sentences) for _ in range(3))
            for _ in range(self.rnd.randint(2, 4))
        ]
        return "".join(f"<p>{p}</p>" for p in paragraphs), "\n\n".join(paragraphs)


# --- Loading rows through the driver -----------------------------------------------------------


class _Loader:
    """Bulk rows into one model's table: rows are tuples for `columns` (attnames); every other
    concrete field takes its default. SQLite: executemany; PostgreSQL: COPY."""

    def __init__(self, model: Any, columns: Sequence[str]) -> None:
        from django.db import connection

        self.connection = connection
        self.vendor = connection.vendor
        self.table = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{self.table} has no {unknown}")
        # Left-out columns take their defaults; a left-out primary key is the database's.
        rest = [f for name, f in fields.items() if name not in columns and not f.primary_key]
        self.columns = [fields[c].column for c in columns] + [f.column for f in rest]
        self.extra = tuple(self._prepare(f, f.get_default()) for f in rest)
        self.rows = 0

    def _prepare(self, field: Any, value: Any) -> Any:
        from django.db import models

        if value is None:
            return None
        if isinstance(field, models.JSONField):
            return json.dumps(value)
        if isinstance(field, models.DateTimeField):
            return _dt(value, self.vendor)
        return value

    def write(self, rows: Iterable[tuple[Any, ...]]) -> None:
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(c) for c in self.columns)
        extra = self.extra
        raw = self.connection.connection
        if self.vendor == "postgresql":
            statement = f"COPY {quote(self.table)} ({columns}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row + extra)
                    self.rows += 1
        else:
            marks = ", ".join("?" * len(self.columns))
            batch = [row + extra for row in rows]
            raw.executemany(f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})", batch)
            self.rows += len(batch)


def _dt(value: datetime, vendor: str) -> Any:
    """A timestamp as the driver takes it: aware for psycopg, Django's UTC text for sqlite3."""
    if vendor == "postgresql":
        return value
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


# --- The generator --------------------------------------------------------------------------


def sizes(scale: float) -> dict[str, int]:
    return {
        "users": max(100, round(10_000 * scale)),
        "sources": 50,
        "articles": max(300, round(100_000 * scale)),
        "responses": max(3 * BENCH_RESPONSES, round(1_000_000 * scale)),
        "reader_discussions": max(50, round(5_000 * scale)),
    }


def cache_key(scale: float, seed: int) -> str:
    raw = f"v{GENERATOR_VERSION}-scale{scale:g}-seed{seed}"
    return raw + "-" + hashlib.sha1(raw.encode()).hexdigest()[:8]


def generate(
    scale: float = 1.0, seed: int = DEFAULT_SEED, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Fill the (migrated, empty) default database. Returns what the benchmark needs to know:
    the bench and small articles, the reader, the profiles to render, counts and timings."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils.text import slugify

    from tribune.accounts.models import User
    from tribune.discussions.models import Discussion, Response, Visibility, Vote
    from tribune.discussions.ranking import ACTIVE_WINDOW, hot_rank
    from tribune.news.models import Article, Section, Source
    from tribune.notifications.models import Notification, Subscription

    t_start = time.perf_counter()
    rnd = random.Random(seed)
    text = _Text(rnd)
    n = sizes(scale)
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    vendor = connection.vendor
    connection.ensure_connection()
    raw = connection.connection
    if vendor == "sqlite":
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA cache_size=-1000000")  # 1 GB: index pages stay in memory
        raw.execute("PRAGMA foreign_keys=OFF")  # checked once loaded, below
    else:
        # Discussions go in after their responses (their counts come from them): no foreign
        # key triggers during the load. SQLite's check below covers the same generator.
        raw.execute("SET session_replication_role = replica")
    timings: dict[str, float] = {}

    def dt(value: datetime) -> Any:
        return _dt(value, vendor)

    def stage(name: str, t0: float) -> None:
        timings[name] = time.perf_counter() - t0
        log(f"  {name}: {timings[name]:.1f} s")

    # Users -------------------------------------------------------------------------------------
    t0 = time.perf_counter()
    password = make_password("bench-password-not-secret")  # hashed once (Argon2), reused
    users = _Loader(
        User,
        [
            "id",
            "password",
            "username",
            "email",
            "display_name",
            "bio",
            "date_joined",
            "is_active",
            "terms_version",
            "terms_accepted_at",
            "email_confirmed_at",
            "approved_posts",
        ],
    )
    usernames: list[str] = []
    reader_index = n["users"] // 25  # an ordinary, fairly active reader
    with transaction.atomic():
        rows: list[tuple[Any, ...]] = []
        for i in range(n["users"]):
            pk = i + 1
            if i == reader_index:
                name = "bench_reader"
            else:
                name = f"{_FIRST[i % len(_FIRST)]}_{_LAST[(i // 30) % len(_LAST)]}{i}"
            usernames.append(name)
            joined = now - timedelta(days=rnd.uniform(1, 900))
            first, last = _FIRST[i % len(_FIRST)], _LAST[(i // 30) % len(_LAST)]
            display = f"{first.capitalize()} {last.capitalize()}" if rnd.random() < 0.6 else ""
            bio = (
                " ".join(rnd.choice(text.sentences) for _ in range(2)) if rnd.random() < 0.3 else ""
            )
            rows.append(
                (
                    pk,
                    password,
                    name,
                    f"{name}@example.org",
                    display,
                    bio[:600],
                    dt(joined),
                    True,
                    "2026-01",
                    dt(joined),
                    dt(joined),
                    10,
                )
            )
        users.write(rows)
    stage("users", t0)

    # Sections, sources, articles --------------------------------------------------------------
    t0 = time.perf_counter()
    with transaction.atomic():
        _Loader(Section, ["id", "name", "slug", "position"]).write(
            (i + 1, name, slugify(name), i * 10) for i, name in enumerate(_SECTIONS)
        )
        source_rows = []
        for i in range(n["sources"]):
            kind = ("Courier", "Wire", "Gazette", "Post", "Ledger")[i % 5]
            title = f"The {_LAST[i % len(_LAST)].capitalize()} {kind} {i}"
            slug = slugify(title)
            source_rows.append(
                (
                    i + 1,
                    "feed",
                    title,
                    slug,
                    f"https://{slug}.example/feed.xml",
                    f"https://{slug}.example/",
                    "en",
                    (i % len(_SECTIONS)) + 1,
                    dt(now + timedelta(days=3650)),  # never due: the benchmark runs no worker
                )
            )
        _Loader(
            Source,
            [
                "id",
                "kind",
                "title",
                "slug",
                "feed_url",
                "site_url",
                "language",
                "section_id",
                "next_fetch_at",
            ],
        ).write(source_rows)
    source_slugs = [row[3] for row in source_rows]
    source_sections = [row[7] for row in source_rows]

    articles = _Loader(
        Article,
        [
            "id",
            "source_id",
            "section_id",
            "kind",
            "status",
            "guid",
            "url",
            "url_key",
            "slug",
            "title",
            "standfirst",
            "summary",
            "content_html",
            "content_text",
            "byline",
            "published_at",
            "fetched_at",
            "language",
            "word_count",
            "reading_minutes",
            "has_full_text",
        ],
    )
    # Ids follow publication time, as ingestion makes them; the last few hours hold the bench
    # article (the newest but two) and the small one.
    span = timedelta(days=365).total_seconds()
    published = sorted(now - timedelta(seconds=rnd.random() * span) for _ in range(n["articles"]))
    published[-3] = now - timedelta(hours=20)
    published[-2] = now - timedelta(hours=6)
    published.sort()
    bench_article_id = n["articles"] - 2
    small_article_id = n["articles"] - 1

    def byline(pk: int) -> str:
        return f"{_FIRST[pk % len(_FIRST)].capitalize()} {_LAST[pk % len(_LAST)].capitalize()}"

    article_titles: dict[int, str] = {}
    article_meta: dict[int, tuple[int, datetime]] = {}  # id -> (section, published)
    with transaction.atomic():
        rows = []
        for i, when in enumerate(published):
            pk = i + 1
            source = rnd.randrange(n["sources"])
            title = text.title()
            slug = slugify(title)[:100]
            html, plain = text.article_body()
            url = f"https://{source_slugs[source]}.example/{when:%Y/%m}/{slug}-{pk}"
            words = len(plain.split())
            article_titles[pk] = title
            article_meta[pk] = (source_sections[source], when)
            rows.append(
                (
                    pk,
                    source + 1,
                    source_sections[source],
                    "report",
                    "published",
                    url,
                    url,
                    url.split("://", 1)[1],
                    slug,
                    title,
                    text.rnd.choice(text.sentences),
                    plain[:280],
                    html,
                    plain,
                    byline(pk),
                    dt(when),
                    dt(when + timedelta(minutes=5)),
                    "en",
                    words,
                    max(1, words // 230),
                    rnd.random() < 0.5,
                )
            )
            if len(rows) >= BATCH:
                articles.write(rows)
                rows = []
        articles.write(rows)
    stage("articles", t0)

    # Threads: which discussions get how many responses ------------------------------------------
    t0 = time.perf_counter()
    threads: list[dict[str, Any]] = []
    discussion_id = 0
    for pk in range(1, n["articles"] + 1):
        if pk in (bench_article_id, small_article_id) or rnd.random() < 0.6:
            discussion_id += 1
            article_section, when = article_meta[pk]
            threads.append(
                {
                    "id": discussion_id,
                    "kind": "article",
                    "article": pk,
                    "section": article_section,
                    "title": article_titles[pk][:200],
                    "author": None,
                    "created": when,
                    "weight": rnd.paretovariate(1.16),
                }
            )
    for _ in range(n["reader_discussions"]):
        discussion_id += 1
        created = now - timedelta(seconds=rnd.random() * 60 * 86400)
        about = rnd.random()
        article: int | None = rnd.randint(1, n["articles"]) if about < 0.3 else None
        section: int | None = (
            article_meta[article][0]
            if article
            else (rnd.randint(1, len(_SECTIONS)) if about < 0.7 else None)
        )
        threads.append(
            {
                "id": discussion_id,
                "kind": "discussion",
                "article": article,
                "section": section,
                "title": text.title().replace("plan", "question", 1),
                "author": _author(rnd, n["users"]),
                "created": created,
                "weight": rnd.paretovariate(1.16) * 3,
            }
        )
    special = {bench_article_id: BENCH_RESPONSES, small_article_id: SMALL_RESPONSES}
    free = [t for t in threads if t["article"] not in special or t["kind"] != "article"]
    budget = n["responses"] - BENCH_RESPONSES - SMALL_RESPONSES
    total_weight = sum(t["weight"] for t in free)
    assigned = 0
    for t in free:
        t["count"] = min(MAX_THREAD, int(budget * t["weight"] / total_weight))
        assigned += t["count"]
    # The rounding remainder: one more response each for threads drawn at random.
    while assigned < budget:
        t = free[rnd.randrange(len(free))]
        if t["count"] < MAX_THREAD:
            t["count"] += 1
            assigned += 1
    for t in threads:
        if t["kind"] == "article" and t["article"] in special:
            t["count"] = special[t["article"]]
    stage("thread sizes", t0)

    # Responses, votes, follows, notifications -------------------------------------------------
    t0 = time.perf_counter()
    response_loader = _Loader(
        Response,
        [
            "id",
            "discussion_id",
            "parent_id",
            "author_id",
            "body_markdown",
            "body_html",
            "depth",
            "path",
            "created_at",
            "edited_at",
            "deleted_at",
            "score",
            "visibility",
            "moderation_reason",
        ],
    )
    vote_loader = _Loader(Vote, ["user_id", "response_id", "created_at"])
    follow_loader = _Loader(Subscription, ["user_id", "discussion_id", "created_at"])
    notice_loader = _Loader(
        Notification,
        [
            "recipient_id",
            "kind",
            "actor_id",
            "discussion_id",
            "response_id",
            "created_at",
            "read_at",
        ],
    )
    reader_pk = reader_index + 1
    response_pk = 0
    responses_by_user = [0] * (n["users"] + 1)
    response_rows: list[tuple[Any, ...]] = []
    vote_rows: list[tuple[Any, ...]] = []
    follow_rows: list[tuple[Any, ...]] = []
    notice_rows: list[tuple[Any, ...]] = []
    discussion_rows: list[tuple[Any, ...]] = []
    max_depth_seen = 0
    bench_depths: list[int] = []
    small_bodies: list[str] = []
    bench_bodies: list[str] = []
    seen_bench_bodies: set[str] = set()
    unread_for_reader = 0

    def flush() -> None:
        nonlocal response_rows, vote_rows, follow_rows, notice_rows
        with transaction.atomic():
            response_loader.write(response_rows)
            vote_loader.write(vote_rows)
            follow_loader.write(follow_rows)
            notice_loader.write(notice_rows)
        response_rows, vote_rows, follow_rows, notice_rows = [], [], [], []

    for t in threads:
        count = t["count"]
        start = t["created"] + timedelta(minutes=rnd.uniform(2, 90))
        lifetime = min(36 * 3600.0, max(60.0, (now - start).total_seconds() - 60))
        gaps = [rnd.expovariate(1.0) for _ in range(count)]
        scale_gap = lifetime / (sum(gaps) or 1.0)
        special_thread = t["kind"] == "article" and t["article"] in special
        paths: list[str] = []
        depths: list[int] = []
        authors: list[int] = []
        parents: list[int | None] = []
        ids: list[int] = []
        participants: dict[int, datetime] = {}
        if t["author"]:
            participants[t["author"]] = t["created"]
        when = start
        last = t["created"]
        for k in range(count):
            when = when + timedelta(seconds=gaps[k] * scale_gap)
            response_pk += 1
            parent_index: int | None = None
            if k and rnd.random() > 0.3:
                # Conversations go on under the latest response, or come back to an older one.
                parent_index = k - 1 if rnd.random() < 0.55 else rnd.randrange(k)
                while parent_index is not None and depths[parent_index] >= MAX_DEPTH:
                    parent_index = parents[parent_index]
            author = _author(rnd, n["users"])
            if parent_index is not None and authors[parent_index] == author:
                author = _author(rnd, n["users"])
            if special_thread and t["article"] == bench_article_id:
                md, html = text.response()
                while html in seen_bench_bodies:
                    md, html = text.response()
                seen_bench_bodies.add(html)
            else:
                md, html = text.response()
            depth = depths[parent_index] + 1 if parent_index is not None else 0
            path = (
                f"{paths[parent_index]}/{segment(response_pk)}"
                if parent_index is not None
                else segment(response_pk)
            )
            roll = rnd.random()
            deleted = when + timedelta(hours=1) if roll < 0.01 else None
            visibility = (
                Visibility.HIDDEN.value if 0.01 <= roll < 0.015 else Visibility.VISIBLE.value
            )
            edited = when + timedelta(minutes=10) if 0.015 <= roll < 0.045 else None
            score = min(500, int(rnd.paretovariate(1.4)) - 1)
            if deleted:
                md = html = ""
            if special_thread and visibility == "visible" and not deleted:
                (bench_bodies if t["article"] == bench_article_id else small_bodies).append(html)
            response_rows.append(
                (
                    response_pk,
                    t["id"],
                    ids[parent_index] if parent_index is not None else None,
                    author,
                    md,
                    html,
                    depth,
                    path,
                    dt(when),
                    dt(edited) if edited else None,
                    dt(deleted) if deleted else None,
                    score,
                    visibility,
                    "Off topic" if visibility == "hidden" else "",
                )
            )
            if special_thread:
                voters = rnd.sample(range(1, n["users"] + 1), min(score, n["users"] - 1))
                if (
                    t["article"] == bench_article_id
                    and rnd.random() < 0.05
                    and reader_pk not in voters
                ):
                    voters = [reader_pk, *voters[1:]] if voters else []
                for voter in voters:
                    if voter != author:
                        vote_rows.append((voter, response_pk, dt(when + timedelta(minutes=30))))
            if parent_index is not None and authors[parent_index] != author:
                recipient = authors[parent_index]
                unread = recipient == reader_pk and unread_for_reader < 25
                unread = unread or rnd.random() < 0.1
                if recipient == reader_pk and unread:
                    unread_for_reader += 1
                notice_rows.append(
                    (
                        recipient,
                        "reply",
                        author,
                        t["id"],
                        response_pk,
                        dt(when),
                        None if unread else dt(when + timedelta(hours=2)),
                    )
                )
            participants.setdefault(author, when)
            responses_by_user[author] += 1
            paths.append(path)
            depths.append(depth)
            authors.append(author)
            ids.append(response_pk)
            parents.append(parent_index)
            max_depth_seen = max(max_depth_seen, depth)
            if special_thread and t["article"] == bench_article_id:
                bench_depths.append(depth)
            last = when
        for user, since in participants.items():
            follow_rows.append((user, t["id"], dt(since)))
        t["last"] = last if count else t["created"]
        if len(response_rows) >= BATCH:
            flush()
    flush()
    stage("responses, votes, follows, notifications", t0)

    # Discussions (after the responses: counts and last activity are known) --------------------
    t0 = time.perf_counter()
    discussion_loader = _Loader(
        Discussion,
        [
            "id",
            "kind",
            "title",
            "body_markdown",
            "body_html",
            "author_id",
            "article_id",
            "section_id",
            "created_at",
            "last_activity_at",
            "response_count",
            "score",
            "hot_rank",
            "visibility",
        ],
    )
    window_start = now - ACTIVE_WINDOW
    with transaction.atomic():
        for t in threads:
            md, html = ("", "") if t["kind"] == "article" else text.response()
            score = 0 if t["kind"] == "article" else min(2000, int(rnd.paretovariate(1.2)) - 1)
            rank = (
                hot_rank(score, t["count"], t["created"], now) if t["last"] >= window_start else 0.0
            )
            discussion_rows.append(
                (
                    t["id"],
                    t["kind"],
                    t["title"],
                    md,
                    html,
                    t["author"],
                    t["article"],
                    t["section"],
                    dt(t["created"]),
                    dt(t["last"]),
                    t["count"],
                    score,
                    rank,
                    "visible",
                )
            )
            if len(discussion_rows) >= BATCH:
                discussion_loader.write(discussion_rows)
                discussion_rows = []
        discussion_loader.write(discussion_rows)
    stage("discussions", t0)

    # Finish: sequences, statistics, integrity ------------------------------------------------
    t0 = time.perf_counter()
    from django.core.management.color import no_style

    models = [
        User,
        Section,
        Source,
        Article,
        Discussion,
        Response,
        Vote,
        Subscription,
        Notification,
    ]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        if vendor == "sqlite":
            problems = cursor.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign key problems: {problems[:5]}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
        else:
            cursor.execute("SET session_replication_role = DEFAULT")
    stage("sequences and checks", t0)

    heavy = max(range(1, n["users"] + 1), key=lambda u: responses_by_user[u])
    # The lightest writer with at least two responses (at full size: a handful).
    light = min(
        (u for u in range(1, n["users"] + 1) if responses_by_user[u] >= 2),
        key=lambda u: (responses_by_user[u], u),
    )
    sizes_sorted = sorted(t["count"] for t in threads)
    info = {
        "generator_version": GENERATOR_VERSION,
        "scale": scale,
        "seed": seed,
        "generated_at": now.isoformat(),
        "sizes": n,
        "counts": {
            "users": users.rows,
            "articles": articles.rows,
            "discussions": len(threads),
            "article_threads": sum(t["kind"] == "article" for t in threads),
            "reader_discussions": sum(t["kind"] == "discussion" for t in threads),
            "responses": response_loader.rows,
            "votes": vote_loader.rows,
            "subscriptions": follow_loader.rows,
            "notifications": notice_loader.rows,
        },
        "thread_sizes": {
            "median": sizes_sorted[len(sizes_sorted) // 2],
            "p90": sizes_sorted[int(len(sizes_sorted) * 0.9)],
            "p99": sizes_sorted[int(len(sizes_sorted) * 0.99)],
            "max": sizes_sorted[-1],
            "zero": sum(1 for s in sizes_sorted if s == 0),
        },
        "max_depth": max_depth_seen,
        "bench_article": {
            "id": bench_article_id,
            "slug": slugify(article_titles[bench_article_id])[:100],
            "responses": BENCH_RESPONSES,
            "max_depth": max(bench_depths),
            "top_level": sum(1 for d in bench_depths if d == 0),
            "visible_bodies": bench_bodies,
        },
        "small_article": {
            "id": small_article_id,
            "slug": slugify(article_titles[small_article_id])[:100],
            "responses": SMALL_RESPONSES,
            "visible_bodies": small_bodies,
        },
        "reader": {"username": usernames[reader_index], "unread_notifications": unread_for_reader},
        "profile_heavy": {"username": usernames[heavy - 1], "responses": responses_by_user[heavy]},
        "profile_light": {"username": usernames[light - 1], "responses": responses_by_user[light]},
        "timings_s": timings,
        "seconds": time.perf_counter() - t_start,
    }
    return info


def _author(rnd: random.Random, users: int) -> int:
    """A user id drawn from a steep power law: a few people write most of everything."""
    return 1 + min(users - 1, int(users * math.pow(rnd.random(), 2.0)))
