"""Every write to topics, aliases, tags and candidates: tagging articles, and the editors'
gazetteer work (topics, aliases, promoting and dismissing candidates).

`do_*` functions assume valid input and run in one transaction; `check_*` validate first.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from tribune.core.db import insert_new
from tribune.news.models import Article, Section
from tribune.understanding.entities import (
    MAX_CHARS,
    EntityMatcher,
    GazetteerAlias,
    NameCandidate,
    drop_places_inside_names,
)
from tribune.understanding.models import Alias, Candidate, Tag, Topic
from tribune.understanding.places import tag_places
from tribune.understanding.sections import classify_section
from tribune.understanding.seed import alias_key, free_slug

VERSION_KEY = "understanding:gazetteer-version"
# A process whose cache is its own (LocMemCache) never sees another process's version bump;
# the database fingerprint catches added and removed aliases at once, this catches the rest.
MATCHER_MAX_AGE = 300.0
EXAMPLES = 5
RETAG_WINDOW = timedelta(days=30)
RETAG_LIMIT = 300
MAX_MENTIONS = 32_767

_ENTITY_KINDS = (Topic.Kind.ORGANIZATION, Topic.Kind.PERSON)


# -- The compiled gazetteer ------------------------------------------------------------------


@dataclass
class _Compiled:
    matcher: EntityMatcher
    version: object
    fingerprint: tuple[object, ...]
    built_at: float


_compiled: _Compiled | None = None
_compile_lock = threading.Lock()


def bump_gazetteer_version() -> None:
    """Tell every process that topics or aliases changed: their matchers rebuild."""
    global _compiled
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, int(time.time()), None)
    _compiled = None


def _fingerprint() -> tuple[object, ...]:
    found = Alias.objects.filter(topic__is_active=True, topic__kind__in=_ENTITY_KINDS).aggregate(
        n=Count("id"), top=Max("id"), topics=Sum("topic_id")
    )
    return (found["n"], found["top"], found["topics"])


def entity_matcher() -> EntityMatcher:
    """The matcher for the current gazetteer: one cache read and one small query per call,
    a rebuild only when something changed."""
    global _compiled
    version = cache.get(VERSION_KEY)
    fingerprint = _fingerprint()
    current = _compiled
    if (
        current is not None
        and current.version == version
        and current.fingerprint == fingerprint
        and time.monotonic() - current.built_at < MATCHER_MAX_AGE
    ):
        return current.matcher
    with _compile_lock:
        rows = Alias.objects.filter(
            topic__is_active=True, topic__kind__in=_ENTITY_KINDS
        ).values_list("topic_id", "topic__kind", "name", "case_sensitive", "topic__name")
        matcher = EntityMatcher(GazetteerAlias(*row) for row in rows)
        _compiled = _Compiled(matcher, version, fingerprint, time.monotonic())
    return matcher


# -- Tagging ---------------------------------------------------------------------------------


@dataclass
class _Seen:
    """One candidate name across a batch: the articles (and their sources) that used it."""

    name: str
    guess: str
    articles: list[tuple[int, int]] = field(default_factory=list)


def _article_text(row: dict[str, Any]) -> str:
    body = row["content_text"] or row["summary"] or ""
    standfirst = row["standfirst"] or ""
    if standfirst and not body.startswith(standfirst[:80]):
        body = f"{standfirst}\n\n{body}"
    return str(body[:MAX_CHARS])


def do_tag_articles(article_ids: list[int]) -> int:
    """Tag the articles with places, organizations and people, record name candidates (the
    first time an article is read), give a section to those without one, and set
    ``understood_at``. Re-running replaces every tag but an editor's. Returns tags written."""
    if not article_ids:
        return 0
    matcher = entity_matcher()
    with transaction.atomic():
        return _tag(matcher, sorted(set(article_ids)))


def _tag(matcher: EntityMatcher, article_ids: list[int]) -> int:
    articles: list[dict[str, Any]] = [
        dict(row)
        # No ORDER BY: the model's default (by date) made PostgreSQL sort instead of probing
        # the primary key.
        for row in Article.objects.filter(id__in=article_ids)
        .order_by()
        .values(
            "id",
            "title",
            "standfirst",
            "summary",
            "content_text",
            "published_at",
            "section_id",
            "kind",
            "categories",
            "source_id",
            "understood_at",
        )
    ]
    if not articles:
        return 0
    now = timezone.now()
    tag_rows: list[dict[str, Any]] = []
    # article, code, origin, matched, title, mentions
    place_rows: list[tuple[dict[str, Any], str, str, str, str, int]] = []
    place_names: dict[str, str] = {}
    sections: dict[int, str] = {}
    seen: dict[str, _Seen] = {}
    for row in articles:
        title = row["title"] or ""
        text = _article_text(row)
        reading = matcher.read(title, text, candidates=row["understood_at"] is None)
        places = tag_places(title, text)
        hidden = drop_places_inside_names(
            [p.matched for p in places], f"{title}\n\n{text}", reading.person_names
        )
        for place in places:
            if place.matched in hidden:
                continue  # "Paris" in "Paris Hilton"
            place_names[place.code] = place.name
            # Mentions of the word that showed the place (other names for it not counted).
            mentions = title.count(place.matched) + text.count(place.matched)
            place_rows.append((row, place.code, place.source, place.matched, title, mentions))
        for entity in reading.entities:
            tag_rows.append(
                {
                    "article_id": row["id"],
                    "topic_id": entity.topic_id,
                    "origin": Tag.Origin.GAZETTEER,
                    "matched": entity.matched[:200],
                    "mentions": min(entity.mentions, MAX_MENTIONS),
                    "in_title": entity.in_title,
                    "published_at": row["published_at"],
                }
            )
        for candidate in reading.candidates:
            _remember(seen, candidate, row["id"], row["source_id"])
        if row["section_id"] is None:
            lead = row["standfirst"] or row["summary"] or (row["content_text"] or "")[:600]
            categories = row["categories"] if isinstance(row["categories"], list) else []
            guess = classify_section(title, lead, categories, row["kind"])
            if guess is not None:
                sections[row["id"]] = guess.name

    topic_ids = _place_topics(place_names)
    for row, code, source, matched, title, mentions in place_rows:
        if code not in topic_ids:
            continue  # lost a race for the slug to another worker; the next run tags it
        tag_rows.append(
            {
                "article_id": row["id"],
                "topic_id": topic_ids[code],
                "origin": source,
                "matched": matched[:200],
                "mentions": max(1, min(mentions, MAX_MENTIONS)),
                "in_title": matched in title,
                "published_at": row["published_at"],
            }
        )
    ids = [row["id"] for row in articles]
    Tag.objects.filter(article_id__in=ids).exclude(origin=Tag.Origin.EDITOR).delete()
    written = len(insert_new(Tag, tag_rows))
    _set_sections(sections)
    Article.objects.filter(id__in=ids).update(understood_at=now)
    if seen:
        _record_candidates(seen, now)
    return written


def _remember(seen: dict[str, _Seen], candidate: NameCandidate, article: int, source: int) -> None:
    entry = seen.get(candidate.key)
    if entry is None:
        entry = seen[candidate.key] = _Seen(candidate.name, candidate.guess)
    elif entry.guess == Candidate.Guess.UNKNOWN:
        entry.guess = candidate.guess
    entry.articles.append((article, source))


def _place_topics(names: dict[str, str]) -> dict[str, int]:
    """Topic ids for place codes, creating the place topics not seen before."""
    if not names:
        return {}
    found = dict(Topic.objects.filter(code__in=names).values_list("code", "id"))
    missing = [code for code in names if code not in found]
    if missing:
        near = Q()
        for code in missing:
            root = free_slug(names[code], set())
            near |= Q(slug=root) | Q(slug__startswith=f"{root}-")
        taken = set(Topic.objects.filter(near).values_list("slug", flat=True))
        rows = []
        for code in missing:
            slug = free_slug(names[code], taken)
            rows.append(
                {
                    "kind": Topic.Kind.PLACE,
                    "name": names[code],
                    "slug": slug,
                    "code": code,
                    "origin": Topic.Origin.PLACE_DATA,
                }
            )
        insert_new(Topic, rows)
        found.update(Topic.objects.filter(code__in=missing).values_list("code", "id"))
    return {code: pk for code, pk in found.items() if code is not None}


def _set_sections(chosen: dict[int, str]) -> None:
    """Sections by name or slug; a section the site does not have is never created."""
    if not chosen:
        return
    by_name: dict[str, int] = {}
    for pk, name, slug in Section.objects.values_list("id", "name", "slug"):
        by_name.setdefault(slug.lower(), pk)
        by_name[name.lower()] = pk
    groups: dict[int, list[int]] = {}
    for article_id, name in chosen.items():
        section_id = by_name.get(name.lower())
        if section_id is not None:
            groups.setdefault(section_id, []).append(article_id)
    for section_id, article_ids in groups.items():
        Article.objects.filter(id__in=article_ids, section__isnull=True).update(
            section_id=section_id
        )


def _merge_examples(
    examples: list[int], sources: dict[int, int], new: Iterable[tuple[int, int]]
) -> tuple[list[int], int]:
    """Examples (article ids) keep one article per source while they can, so the source
    count stays exact up to ``EXAMPLES`` sources. Returns examples and new sources."""
    examples = list(examples)
    represented = [sources.get(pk) for pk in examples]
    added = 0
    for article, source in new:
        if article in examples:
            continue
        if source not in represented:
            added += 1
            if len(examples) < EXAMPLES:
                examples.append(article)
                represented.append(source)
            else:
                # Replace an example whose source another example already shows.
                for index, other in enumerate(represented):
                    if represented.count(other) > 1:
                        examples[index], represented[index] = article, source
                        break
        elif len(examples) < EXAMPLES:
            examples.append(article)
            represented.append(source)
    return examples, added


def _record_candidates(seen: dict[str, _Seen], now: datetime) -> None:
    keys = sorted(seen)
    # Locked in key order, so two workers counting the same names wait rather than deadlock.
    existing = {
        c.key: c for c in Candidate.objects.select_for_update().filter(key__in=keys).order_by("key")
    }
    fresh = []
    for key in keys:
        if key in existing:
            continue
        entry = seen[key]
        articles = list(dict.fromkeys(entry.articles))
        examples, sources = _merge_examples([], {}, articles)
        fresh.append(
            {
                "name": entry.name[:200],
                "key": key[:200],
                "guess": entry.guess,
                "status": Candidate.Status.NEW,
                "article_count": len({a for a, _ in articles}),
                "source_count": sources,
                "examples": examples,
                "first_seen_at": now,
                "last_seen_at": now,
            }
        )
    inserted = {row[0] for row in insert_new(Candidate, fresh, returning=("key",))}
    raced = [row["key"] for row in fresh if row["key"] not in inserted]
    if raced:  # another worker created them meanwhile: count into theirs
        existing.update(
            (c.key, c)
            for c in Candidate.objects.select_for_update().filter(key__in=raced).order_by("key")
        )
    counted = [c for c in existing.values() if c.status == Candidate.Status.NEW]
    if not counted:
        return
    example_ids = {pk for c in counted for pk in c.examples if isinstance(pk, int)}
    example_sources = dict(
        Article.objects.filter(id__in=example_ids).order_by().values_list("id", "source_id")
    )
    for candidate in counted:
        entry = seen[candidate.key]
        articles = [a for a in dict.fromkeys(entry.articles) if a[0] not in candidate.examples]
        old = [pk for pk in candidate.examples if isinstance(pk, int)]
        candidate.examples, added = _merge_examples(old, example_sources, articles)
        candidate.article_count += len({a for a, _ in articles})
        candidate.source_count += added
        candidate.last_seen_at = now
        if candidate.guess == Candidate.Guess.UNKNOWN:
            candidate.guess = entry.guess
    Candidate.objects.bulk_update(
        counted, ["examples", "article_count", "source_count", "last_seen_at", "guess"]
    )


# -- Editors: topics and aliases -------------------------------------------------------------


def _clean_name(name: str, what: str = "Name") -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(f"{what} is required.")
    if len(name) > 200:
        raise ValidationError(f"{what} is longer than 200 characters.")
    if not any(char.isalnum() for char in name):
        raise ValidationError(f"{what} must contain a letter or digit.")
    return name


def _check_alias_free(name: str, topic: Topic | None = None) -> None:
    owner = Alias.objects.filter(key=alias_key(name)).select_related("topic").first()
    if owner is not None and (topic is None or owner.topic_id != topic.pk):
        raise ValidationError(f"“{name}” already names {owner.topic.name}.")


def _default_case_sensitive(name: str) -> bool:
    """Acronyms (WHO, UN, IAEA) match their exact case; other names any capitalization."""
    letters = [char for char in name if char.isalpha()]
    return bool(letters) and name.isupper() and len(letters) <= 6


def check_add_topic(kind: str, name: str, aliases: Sequence[str] = ()) -> Topic:
    if kind not in _ENTITY_KINDS:
        raise ValidationError("Editors add organizations and people; places come from data.")
    name = _clean_name(name)
    cleaned = [_clean_name(alias, "Alias") for alias in aliases]
    keys = [alias_key(n) for n in [name, *cleaned]]
    if len(set(keys)) != len(keys):
        raise ValidationError("The same alias is given twice.")
    for alias in [name, *cleaned]:
        _check_alias_free(alias)
    return do_add_topic(kind, name, cleaned)


def do_add_topic(
    kind: str, name: str, aliases: Sequence[str] = (), origin: str = Topic.Origin.EDITOR
) -> Topic:
    with transaction.atomic():
        taken = set(
            Topic.objects.filter(slug__startswith=free_slug(name, set())).values_list(
                "slug", flat=True
            )
        )
        topic = Topic.objects.create(
            kind=kind, name=name, slug=free_slug(name, taken), origin=origin
        )
        alias_origin = Alias.Origin.CANDIDATE if origin == Topic.Origin.CANDIDATE else origin
        for alias in [name, *aliases]:
            Alias.objects.create(
                topic=topic,
                name=alias,
                key=alias_key(alias),
                case_sensitive=_default_case_sensitive(alias),
                origin=alias_origin,
            )
        bump_gazetteer_version()
    return topic


def check_rename_topic(topic: Topic, name: str) -> Topic:
    name = _clean_name(name)
    if topic.kind == Topic.Kind.PLACE:
        raise ValidationError("Place names come from the place data.")
    _check_alias_free(name, topic)
    return do_rename_topic(topic, name)


def do_rename_topic(topic: Topic, name: str) -> Topic:
    """The new name becomes the display name and an alias; the old name stays an alias (old
    copy still says it) and the slug stays (links and follows keep working)."""
    with transaction.atomic():
        topic.name = name
        topic.save(update_fields=["name"])
        Alias.objects.get_or_create(
            key=alias_key(name),
            defaults={
                "topic": topic,
                "name": name,
                "case_sensitive": _default_case_sensitive(name),
                "origin": Alias.Origin.EDITOR,
            },
        )
        bump_gazetteer_version()
    return topic


def check_add_alias(topic: Topic, name: str, case_sensitive: bool | None = None) -> Alias:
    name = _clean_name(name, "Alias")
    if topic.kind == Topic.Kind.PLACE:
        raise ValidationError("Places are matched from the place data, not from aliases.")
    _check_alias_free(name)
    return do_add_alias(topic, name, case_sensitive)


def do_add_alias(topic: Topic, name: str, case_sensitive: bool | None = None) -> Alias:
    with transaction.atomic():
        alias = Alias.objects.create(
            topic=topic,
            name=name,
            key=alias_key(name),
            case_sensitive=(
                _default_case_sensitive(name) if case_sensitive is None else case_sensitive
            ),
            origin=Alias.Origin.EDITOR,
        )
        bump_gazetteer_version()
    return alias


def do_save_topic(topic: Topic, name_changed: bool = True) -> Topic:
    """Save a topic edited as a whole (the admin form). A new or renamed topic's name becomes
    an alias too, unless it already names something."""
    with transaction.atomic():
        topic.save()
        if name_changed and topic.kind != Topic.Kind.PLACE:
            Alias.objects.get_or_create(
                key=alias_key(topic.name),
                defaults={
                    "topic": topic,
                    "name": topic.name,
                    "case_sensitive": _default_case_sensitive(topic.name),
                    "origin": Alias.Origin.EDITOR,
                },
            )
        bump_gazetteer_version()
    return topic


def do_save_alias(alias: Alias) -> Alias:
    """Save an alias edited as a whole; a new alias its topic already has (the topic's own name
    typed again) updates that one."""
    with transaction.atomic():
        alias.key = alias_key(alias.name)
        twin = Alias.objects.filter(key=alias.key, topic_id=alias.topic_id).first()
        if alias.pk is None and twin is not None:
            twin.name, twin.case_sensitive = alias.name, alias.case_sensitive
            alias = twin
        alias.save()
        bump_gazetteer_version()
    return alias


def do_delete_alias(alias: Alias) -> None:
    with transaction.atomic():
        alias.delete()
        bump_gazetteer_version()


def do_delete_topic(topic: Topic) -> None:
    """Delete a topic, its aliases and its tags (follows of it go too)."""
    with transaction.atomic():
        Candidate.objects.filter(topic=topic).update(status=Candidate.Status.NEW)
        topic.delete()
        bump_gazetteer_version()


def do_add_editor_tag(article: Article, topic: Topic) -> Tag:
    """An editor's tag: kept when the article is tagged again."""
    with transaction.atomic():
        tag, _ = Tag.objects.update_or_create(
            article=article,
            topic=topic,
            defaults={
                "origin": Tag.Origin.EDITOR,
                "matched": "",
                "published_at": article.published_at,
            },
        )
    return tag


# -- Editors: candidates ---------------------------------------------------------------------


def check_promote_candidate(candidate: Candidate, kind: str) -> Topic:
    if kind not in _ENTITY_KINDS:
        raise ValidationError("A candidate becomes an organization or a person.")
    if candidate.status == Candidate.Status.PROMOTED:
        raise ValidationError(f"“{candidate.name}” was already promoted.")
    _clean_name(candidate.name)
    return do_promote_candidate(candidate, kind)


def do_promote_candidate(candidate: Candidate, kind: str) -> Topic:
    """Make the candidate a topic (or, if its name became an alias meanwhile, point it at that
    topic), then tag again the recent articles that contain the name."""
    with transaction.atomic():
        owner = Alias.objects.filter(key=alias_key(candidate.name)).select_related("topic").first()
        if owner is not None:
            topic = owner.topic
        else:
            topic = do_add_topic(kind, candidate.name, origin=Topic.Origin.CANDIDATE)
        candidate.status = Candidate.Status.PROMOTED
        candidate.topic = topic
        candidate.save(update_fields=["status", "topic"])
        do_tag_articles(_articles_naming(candidate))
    return topic


def _articles_naming(candidate: Candidate) -> list[int]:
    name = candidate.name
    recent = (
        Article.objects.filter(published_at__gte=timezone.now() - RETAG_WINDOW)
        .filter(
            Q(title__contains=name) | Q(summary__contains=name) | Q(content_text__contains=name)
        )
        .order_by("-published_at")
        .values_list("id", flat=True)[:RETAG_LIMIT]
    )
    examples = [pk for pk in candidate.examples if isinstance(pk, int)]
    return sorted({*recent, *examples})


def check_dismiss_candidate(candidate: Candidate) -> Candidate:
    if candidate.status == Candidate.Status.PROMOTED:
        raise ValidationError(f"“{candidate.name}” is a topic now; deactivate the topic instead.")
    return do_dismiss_candidate(candidate)


def do_dismiss_candidate(candidate: Candidate) -> Candidate:
    """Never propose this name again (its counts stop)."""
    with transaction.atomic():
        candidate.status = Candidate.Status.DISMISSED
        candidate.save(update_fields=["status"])
    return candidate
