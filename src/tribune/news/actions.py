"""Every write to sources, articles and authors.

`do_*` functions assume valid input and run in one transaction; `check_*` validate first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from tribune.core.canonical import canonical_key
from tribune.core.db import insert_new, update_rows
from tribune.news.models import Article, Author, Section, Source, Story
from tribune.understanding import clustering
from tribune.understanding.clustering import Mark, Placement, Row, StoryClusterer


@dataclass
class EntryRecord:
    """One entry ready to store: cleaned, sanitized, with its canonical key computed."""

    guid: str
    url: str
    title: str
    summary: str
    content_html: str
    content_text: str
    authors: list[str]
    categories: list[str]
    published: datetime
    updated: datetime | None
    enclosures: list[dict[str, object]]
    image_url: str
    language: str
    word_count: int
    reading_minutes: int
    has_full_text: bool
    content_hash: str


@dataclass
class StoreReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    created_ids: list[int] = field(default_factory=list)


def unique_slug(model: type[Author] | type[Source], base: str, max_length: int = 100) -> str:
    root = (slugify(base) or "item")[:max_length]
    slug, n = root, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{root}-{n}"[: max_length + 6], n + 1
    return slug


def _section_for(
    categories: list[str], default: int | None, sections: dict[str, int]
) -> int | None:
    for category in categories:
        if (section_id := sections.get(category.strip().lower())) is not None:
            return section_id
    return default


def _section_map() -> dict[str, int]:
    return {name.lower(): pk for pk, name in Section.objects.values_list("pk", "name")}


def do_store_entries(source: Source, entries: list[EntryRecord]) -> StoreReport:
    """Insert new entries, update changed ones, leave the rest. Idempotent and race-safe:
    the unique (source, guid) and url_key constraints turn a racing twin into a no-op."""
    report = StoreReport()
    if not entries:
        return report
    by_guid: dict[str, EntryRecord] = {}
    for entry in entries:  # a feed that repeats a guid: the first one wins
        by_guid.setdefault(entry.guid, entry)
    sections = _section_map()
    now = timezone.now()
    with transaction.atomic():
        existing = {
            row["guid"]: row
            for row in Article.objects.filter(source=source, guid__in=list(by_guid)).values(
                "id", "guid", "content_hash"
            )
        }
        fresh: list[dict[str, Any]] = []
        changed: list[Article] = []
        for guid, entry in by_guid.items():
            row = existing.get(guid)
            if row is None:
                fresh.append(_article_row(source, entry, sections, now))
            elif row["content_hash"] != entry.content_hash:
                changed.append(Article(pk=row["id"], **_article_row(source, entry, sections, now)))
            else:
                report.unchanged += 1
        if fresh:
            # A row that loses to a twin (the same url_key from elsewhere, or a racing worker
            # storing the same feed) is skipped and not returned: only what this call added.
            created = dict(insert_new(Article, fresh, returning=("guid", "id")))
            report.created_ids = list(created.values())
            report.created = len(created)
            _attach_authors(source, {pk: by_guid[guid].authors for guid, pk in created.items()})
        if changed:
            Article.objects.bulk_update(
                changed,
                [
                    "url",
                    "title",
                    "summary",
                    "content_html",
                    "content_text",
                    "byline",
                    "updated_at",
                    "image_url",
                    "enclosures",
                    "categories",
                    "word_count",
                    "reading_minutes",
                    "has_full_text",
                    "content_hash",
                    "language",
                ],
            )
            report.updated = len(changed)
    return report


def _article_row(
    source: Source, entry: EntryRecord, sections: dict[str, int], now: datetime
) -> dict[str, Any]:
    """The columns of a feed entry's article, by attribute name."""
    return {
        "source_id": source.pk,
        "section_id": _section_for(entry.categories, source.section_id, sections),
        "kind": Article.Kind.REPORT,
        "status": Article.Status.PUBLISHED,
        "guid": entry.guid[:1000],
        "url": entry.url[:2000],
        "url_key": canonical_key(entry.url) if entry.url else None,
        "slug": slugify(entry.title)[:80],
        "title": entry.title[:1000] or "(untitled)",
        "summary": entry.summary,
        "content_html": entry.content_html,
        "content_text": entry.content_text,
        "byline": ", ".join(entry.authors)[:500],
        "published_at": min(entry.published, now),
        "updated_at": entry.updated,
        "fetched_at": now,
        "language": entry.language[:20],
        "image_url": entry.image_url[:2000],
        "enclosures": entry.enclosures,
        "categories": entry.categories,
        "word_count": entry.word_count,
        "reading_minutes": entry.reading_minutes,
        "has_full_text": entry.has_full_text,
        "content_hash": entry.content_hash,
    }


def _attach_authors(source: Source, names_by_article: dict[int, list[str]]) -> None:
    names = {n[:200] for names in names_by_article.values() for n in names if n.strip()}
    if not names:
        return
    known = dict(Author.objects.filter(source=source, name__in=names).values_list("name", "id"))
    if missing := names - set(known):
        rows = [
            {"source_id": source.pk, "name": n, "slug": _author_slug(source, n)} for n in missing
        ]
        known.update(insert_new(Author, rows, returning=("name", "id")))
        if missing - set(known):  # another worker added some at the same moment
            known.update(
                Author.objects.filter(source=source, name__in=missing).values_list("name", "id")
            )
    insert_new(
        Article.authors.through,
        [
            {"article_id": article_id, "author_id": known[n[:200]]}
            for article_id, article_names in names_by_article.items()
            for n in dict.fromkeys(article_names)
            if n[:200] in known
        ],
    )


def _author_slug(source: Source, name: str) -> str:
    # Unique without a query per author: the source's slug scopes the byline.
    return f"{slugify(name)[:80] or 'author'}-{source.slug}"[:220]


# Fetch bookkeeping -------------------------------------------------------------------------


def do_record_success(
    source: Source,
    *,
    next_fetch_in: timedelta,
    interval: int,
    etag: str | None,
    last_modified: str | None,
    new_url: str | None,
    feed_title: str,
    site_url: str,
    description: str,
    language: str,
    parser: str,
    had_new_entries: bool,
) -> None:
    now = timezone.now()
    fields: dict[str, object] = {
        "etag": (etag or "")[:500],
        "last_modified": (last_modified or "")[:100],
        "next_fetch_at": now + next_fetch_in,
        "leased_until": None,
        "fetch_interval": interval,
        "last_fetched_at": now,
        "last_success_at": now,
        "error_count": 0,
        "last_error": "",
        "last_error_code": "",
    }
    if parser:
        fields["parser"] = parser
    if had_new_entries:
        fields["last_new_entry_at"] = now
    if feed_title and not source.title:
        fields["title"] = feed_title[:300]
    if site_url and not source.site_url:
        fields["site_url"] = site_url[:2000]
    if description and not source.description:
        fields["description"] = description
    if language and not source.language:
        fields["language"] = language[:20]
    with transaction.atomic():
        Source.objects.filter(pk=source.pk).update(**fields)
        if new_url and new_url != source.feed_url:
            _move_feed_url(source, new_url)


def _move_feed_url(source: Source, new_url: str) -> None:
    """A permanent redirect names the feed's new home; keep the old one if another source has it."""
    try:
        with transaction.atomic():
            Source.objects.filter(pk=source.pk).update(feed_url=new_url[:2000])
    except IntegrityError:
        pass


def do_record_failure(
    source: Source, *, code: str, message: str, next_fetch_in: timedelta, error_count: int
) -> None:
    """Only the source's bookkeeping changes: a failed fetch never touches its articles."""
    now = timezone.now()
    Source.objects.filter(pk=source.pk).update(
        last_fetched_at=now,
        error_count=error_count,
        last_error=message[:2000],
        last_error_code=code[:40],
        next_fetch_at=now + next_fetch_in,
        leased_until=None,
    )


# Sources ------------------------------------------------------------------------------------


def do_add_source(
    feed_url: str,
    *,
    title: str = "",
    site_url: str = "",
    description: str = "",
    section: Section | None = None,
    full_text: bool = False,
) -> tuple[Source, bool]:
    """The source for `feed_url`, created if new (due at once). Returns (source, created)."""
    with transaction.atomic():
        existing = Source.objects.filter(feed_url=feed_url).first()
        if existing:
            return existing, False
        source = Source.objects.create(
            feed_url=feed_url,
            title=title[:300],
            slug=unique_slug(Source, title or feed_url, 100),
            site_url=site_url[:2000],
            description=description,
            section=section,
            full_text=full_text,
            next_fetch_at=timezone.now(),
        )
        return source, True


def house_source() -> Source:
    """The site's own newsroom: the source of its original and opinion pieces."""
    from django.conf import settings

    source, _ = Source.objects.get_or_create(
        kind=Source.Kind.HOUSE,
        slug="newsroom",
        defaults={
            "title": settings.SITE_NAME,
            "next_fetch_at": None,
            "site_url": settings.SITE_URL + "/",
        },
    )
    return source


def do_ensure_section(name: str, position: int = 100) -> Section:
    section, _ = Section.objects.get_or_create(
        name=name, defaults={"slug": slugify(name), "position": position}
    )
    return section


# The site's own pieces -----------------------------------------------------------------------


def do_save_house_author(*, name: str, slug: str, role: str = "", bio: str = "") -> Author:
    author, _ = Author.objects.update_or_create(
        slug=slug, defaults={"name": name, "role": role, "bio": bio, "source": None}
    )
    return author


def render_piece(article: Article) -> None:
    """Fill an editorial piece's derived fields from its Markdown body."""
    from tribune.core.markdown import render_markdown
    from tribune.core.sanitize import html_to_text, reading_minutes, word_count

    body = article.body_markdown.strip()
    if article.dateline and body and body[0].isalnum():
        # The dateline opens the first paragraph, as in print: "PORT ALDER — The ferry ..."
        body = f"**{article.dateline.strip().upper()}** — {body}"
    article.content_html = render_markdown(body)
    article.content_text = html_to_text(article.content_html)
    article.word_count = word_count(article.content_text)
    article.reading_minutes = reading_minutes(article.word_count)
    article.has_full_text = True
    if not article.summary:
        article.summary = article.standfirst or article.content_text[:300]
    if not article.slug:
        article.slug = slugify(article.title)[:80]


def do_publish_piece(
    newsroom: Source,
    *,
    guid: str,
    title: str,
    body_markdown: str,
    authors: list[Author],
    standfirst: str = "",
    dateline: str = "",
    section: Section | None = None,
    kind: str = Article.Kind.OPINION,
    published_at: datetime | None = None,
) -> Article:
    """Create or update one of the site's own pieces, keyed by guid (idempotent)."""
    with transaction.atomic():
        article = Article.objects.filter(source=newsroom, guid=guid).first() or Article(
            source=newsroom, guid=guid, published_at=published_at or timezone.now()
        )
        article.title = title
        article.standfirst = standfirst
        article.body_markdown = body_markdown
        article.dateline = dateline
        article.section = section
        article.kind = kind
        article.status = Article.Status.PUBLISHED
        article.byline = ", ".join(a.name for a in authors)
        render_piece(article)
        creating = article._state.adding
        article.save()
        article.authors.set(authors)
    # Tagged and placed in a story like any article (an edit re-tags; its story stays).
    from tribune.understanding import pipeline

    if creating:
        pipeline.understand_articles([article.pk])
    else:
        pipeline.understand_changed_articles([article.pk])
    return article


def do_shift_article_dates(articles: QuerySet[Article], shift: timedelta) -> int:
    with transaction.atomic():
        return articles.update(
            published_at=F("published_at") + shift, fetched_at=F("fetched_at") + shift
        )


# Stories --------------------------------------------------------------------------------------


@dataclass
class StoryReuse:
    """While rebuilding: the story each article was in before, and the former stories left
    without articles. A re-formed story takes back its founding article's former story (its
    page's URL and its thread stay) if no other new story took it first."""

    previous: dict[int, int] = field(default_factory=dict)
    free: set[int] = field(default_factory=set)


def do_cluster_articles(
    article_ids: list[int],
    *,
    clusterer: StoryClusterer | None = None,
    reference: datetime | None = None,
    reuse: StoryReuse | None = None,
) -> None:
    """Place published, not yet clustered articles in stories (an existing one or a new one),
    give each the next ``clustered_seq``, and recount the stories they joined.

    Runs under the cluster lock, so processes on any machine take turns; ``clusterer`` is
    this process's (``clustering.default_clusterer()``) unless a test or a rebuild brings its
    own; ``reference`` is "now" unless a rebuild walks through the past."""
    if not article_ids:
        return
    c = clusterer or clustering.default_clusterer()
    c.prepare(reference or timezone.now())  # the long reads, before the lock
    with transaction.atomic():
        clustering.hold_cluster_lock()
        with c.lock:
            try:
                _cluster(c, article_ids, reference, reuse)
            except BaseException:
                c.forget()  # the index may hold what the database will not
                raise


def _cluster(
    c: StoryClusterer, article_ids: list[int], reference: datetime | None, reuse: StoryReuse | None
) -> None:
    # Looked up by key alone, then filtered and ordered here: with more conditions or an
    # order, the planners may walk an index of every article instead of fetching these.
    found = (
        Article.objects.filter(pk__in=article_ids)
        .order_by()
        .values_list(
            "clustered_seq",
            "status",
            "id",
            "title",
            "standfirst",
            "summary",
            "published_at",
            "source_id",
        )
    )
    rows = sorted(
        (
            Row.of(values)
            for seq, status, *values in found
            if seq is None and status == Article.Status.PUBLISHED
        ),
        key=lambda row: (row.published, row.id),
    )
    if not rows:
        return
    now = reference or timezone.now()
    for _attempt in range(2):
        next_seq = c.catch_up(now)
        placement = c.place(rows)
        taken = _take_former_stories(placement, reuse)
        wanted = placement.existing() | set(taken.values())
        created: dict[int, datetime] = {}
        if wanted:
            created = dict(Story.objects.filter(pk__in=wanted).values_list("pk", "created_at"))
        if placement.existing() <= created.keys():
            break
        # A story the index knows was deleted (in the admin): read the index again, where
        # its articles no longer belong to it, and place the batch anew.
        c.forget()
    else:
        raise RuntimeError("stories keep disappearing while clustering")
    taken = {ph: old for ph, old in taken.items() if old in created}
    if reuse is not None:
        reuse.free -= set(taken.values())
    titles = {row.id: row for row in rows}
    stamp = timezone.now()
    fresh = [ph for ph in placement.opened if ph not in taken]
    inserted = dict(
        insert_new(
            Story,
            [
                {
                    "title": titles[placement.opened[ph][0]].title[:1000],
                    "lead_article_id": placement.opened[ph][0],
                    "first_published_at": titles[placement.opened[ph][0]].published,
                    "last_published_at": titles[placement.opened[ph][0]].published,
                    "created_at": stamp,
                }
                for ph in fresh
            ],
            returning=("lead_article", "id"),
        )
    )
    story_ids = dict(taken)
    for ph in fresh:
        story_ids[ph] = inserted[placement.opened[ph][0]]
        created[story_ids[ph]] = stamp
    updates = []
    for seq, row in enumerate(rows, start=next_seq):
        story = placement.story_of[row.id]
        updates.append((row.id, story_ids.get(story, story), seq))
    update_rows(Article, ["story", "clustered_seq"], updates)
    do_recount_stories({story for _, story, _ in updates})
    last_id, last_story, last_seq = updates[-1]
    c.confirm(placement, story_ids, Mark(last_seq, last_id, last_story, created[last_story]))


def _take_former_stories(placement: Placement, reuse: StoryReuse | None) -> dict[int, int]:
    """Placeholder -> the former story its founding article may take back (rebuilding)."""
    if reuse is None:
        return {}
    taken: dict[int, int] = {}
    used: set[int] = set()
    for placeholder, members in placement.opened.items():
        old = reuse.previous.get(members[0])
        if old is not None and old in reuse.free and old not in used:
            taken[placeholder] = old
            used.add(old)
    return taken


_STORY_COUNTED = [
    "title",
    "lead_article",
    "section",
    "first_published_at",
    "last_published_at",
    "article_count",
    "source_count",
]


def do_recount_stories(story_ids: Iterable[int]) -> None:
    """Set each story's counters, dates, lead article, title and section from its published
    articles. The lead is the earliest that is not an opinion piece (the earliest of all when
    every member is one); the section is the lead's, else the members' most common."""
    ids = sorted(set(story_ids))
    if not ids:
        return
    members: dict[int, list[tuple[int, int, datetime, str, int | None, str]]] = {}
    # Filtered and ordered here, not in SQL: given a status or an order, SQLite walks the
    # whole published-articles index instead of looking up each story's members.
    found = (
        Article.objects.filter(story_id__in=ids)
        .order_by()
        .values_list(
            "story_id", "status", "id", "source_id", "published_at", "kind", "section_id", "title"
        )
    )
    for story_id, status, *member in found:
        if status == Article.Status.PUBLISHED:
            members.setdefault(story_id, []).append(tuple(member))  # type: ignore[arg-type]
    for listed in members.values():
        listed.sort(key=lambda m: (m[2], m[0]))
    stories: list[tuple[object, ...]] = []
    for story_id in ids:
        rows = members.get(story_id)
        if not rows:
            continue
        lead = next((r for r in rows if r[3] != Article.Kind.OPINION), rows[0])
        section = lead[4]
        if section is None:
            common = Counter(r[4] for r in rows if r[4] is not None).most_common(1)
            section = common[0][0] if common else None
        stories.append(
            (
                story_id,
                lead[5][:1000],
                lead[0],
                section,
                rows[0][2],
                rows[-1][2],
                len(rows),
                len({r[1] for r in rows}),
            )
        )
    with transaction.atomic():
        update_rows(Story, _STORY_COUNTED, stories)
        if empty := [sid for sid in ids if sid not in members]:
            Story.objects.filter(pk__in=empty).update(
                article_count=0, source_count=0, lead_article=None
            )


def do_repair_story_counts(since: datetime | None = None) -> int:
    """Recount the stories (last published since ``since``) whose article count is wrong,
    as after an article was deleted. Returns how many were recounted."""
    stories = Story.objects.all()
    if since is not None:
        stories = stories.filter(last_published_at__gte=since)
    wrong = list(
        stories.annotate(n=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED)))
        .exclude(article_count=F("n"))
        .values_list("pk", flat=True)
    )
    do_recount_stories(wrong)
    return len(wrong)


def do_reset_stories(since: datetime | None = None) -> StoryReuse:
    """Take the articles published since ``since`` (all when None) out of their stories, to
    cluster them again. Stories that keep older members are recounted; the others stay, empty,
    for the rebuild to take back (``StoryReuse``) or ``do_drop_empty_stories`` to remove."""
    with transaction.atomic():
        clustering.hold_cluster_lock()
        articles = Article.objects.filter(clustered_seq__isnull=False)
        stories = Story.objects.all()
        if since is not None:
            articles = articles.filter(published_at__gte=since)
            stories = stories.filter(last_published_at__gte=since)
        previous = dict(articles.filter(story__isnull=False).values_list("id", "story_id"))
        articles.update(story=None, clustered_seq=None)
        kept: set[int] = set()
        if since is not None:
            kept = set(
                Article.objects.filter(published_at__lt=since, story__last_published_at__gte=since)
                .order_by()
                .values_list("story_id", flat=True)
                .distinct()
            )
            do_recount_stories(kept)
        stories.exclude(pk__in=kept).update(article_count=0, source_count=0, lead_article=None)
        return StoryReuse(previous=previous, free=set(previous.values()) - kept)


def do_drop_empty_stories() -> int:
    """Delete stories left without articles, except those readers talked about (their thread
    would go with them). Returns how many were deleted."""
    with transaction.atomic():
        _, deleted = Story.objects.filter(article_count=0, discussions__isnull=True).delete()
    return deleted.get(Story._meta.label, 0)
