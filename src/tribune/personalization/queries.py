"""Named reads for personalization: a reader's preferences (rows or the cookie), the filter
every list applies for mutes and read state, and For You's candidates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Substr
from django.http import HttpRequest
from django.utils import timezone

from tribune.accounts.models import User
from tribune.discussions.models import Discussion, Visibility
from tribune.news.models import Article, Author, Section, Source
from tribune.personalization import cookie
from tribune.personalization.keywords import KeywordMatcher
from tribune.personalization.models import ReaderSettings, ReadMark, Rule, Weight
from tribune.personalization.prefs import FOLLOW, MUTE, Pref, Prefs, Target
from tribune.personalization.ranking import Candidate, Interests, Profile
from tribune.understanding.models import Tag, Topic

M = TypeVar("M", bound=Article)
Followable = Topic | Section | Source | Author

_REQUEST_ATTR = "_tribune_reader_filter"
MODELS: dict[str, type[Followable]] = {
    "topic": Topic,
    "section": Section,
    "source": Source,
    "author": Author,
}


def target_of(obj: Followable) -> Target:
    """The Target for a topic, section, source or author."""
    for model, kind in (
        (Topic, "topic"),
        (Section, "section"),
        (Source, "source"),
        (Author, "author"),
    ):
        if isinstance(obj, model):
            return Target(kind, id=obj.pk)
    raise TypeError(f"Cannot follow a {type(obj).__name__}")


def existing_ids(kind: str, ids: set[int]) -> set[int]:
    """Which of these ids of a kind are still on the site (topics: and active)."""
    if not ids:
        return set()
    qs = _live(kind).filter(pk__in=ids)
    return set(qs.values_list("pk", flat=True))


def followable(target: Target) -> Followable | None:
    """The topic, section, source or author a target names, if it is still on the site."""
    if target.is_keyword or target.kind not in MODELS:
        return None
    found: Followable | None = _live(target.kind).filter(pk=target.id).first()
    return found


def _live(kind: str) -> QuerySet[Any]:
    """The objects of a kind one may follow: every one, but only active topics."""
    if kind == "topic":
        return Topic.objects.filter(is_active=True)
    return MODELS[kind].objects.all()


def _target_of_row(kind: str, ids: dict[str, int | None], phrase: str) -> Target:
    if kind == "keyword":
        return Target("keyword", phrase=phrase)
    return Target(kind, id=ids[kind] or 0)


def active_rules_q(now: datetime) -> Q:
    """Rules still in force: follows, and mutes not yet expired (no job clears them)."""
    return Q(expires_at__isnull=True) | Q(expires_at__gt=now)


def stored_prefs(user: User, now: datetime, *, weights: bool = True) -> Prefs:
    """A signed-in reader's rules in force (one query) and weights (one more, if asked)."""
    rows = (
        Rule.objects.filter(user=user)
        .filter(active_rules_q(now))
        .values_list(
            "kind",
            "verb",
            "topic_id",
            "section_id",
            "source_id",
            "author_id",
            "phrase",
            "expires_at",
        )
    )
    rules = [
        Pref(
            _target_of_row(kind, {"topic": t, "section": c, "source": s, "author": a}, phrase),
            verb,
            expires,
        )
        for kind, verb, t, c, s, a, phrase, expires in rows
    ]
    return Prefs(rules=rules, weights=_weights(user) if weights else {})


@dataclass(frozen=True)
class RuleIds:
    """The ids a set of rules names, by kind, and its phrases."""

    topics: frozenset[int]
    sections: frozenset[int]
    sources: frozenset[int]
    authors: frozenset[int]
    phrases: tuple[str, ...]

    @classmethod
    def of(cls, prefs: Iterable[Pref]) -> RuleIds:
        by_kind: dict[str, set[int]] = {
            "topic": set(),
            "section": set(),
            "source": set(),
            "author": set(),
        }
        phrases: list[str] = []
        for pref in prefs:
            if pref.target.is_keyword:
                phrases.append(pref.target.phrase)
            else:
                by_kind[pref.target.kind].add(pref.target.id)
        return cls(
            frozenset(by_kind["topic"]),
            frozenset(by_kind["section"]),
            frozenset(by_kind["source"]),
            frozenset(by_kind["author"]),
            tuple(phrases),
        )

    def __bool__(self) -> bool:
        return bool(self.topics or self.sections or self.sources or self.authors or self.phrases)


class ReaderFilter:
    """What one reader asked to see and not to see, for any list of articles.

    Built once per request by `reader_filter(request)`. Costs, all lazy: the rules one
    query on first use (none for an anonymous reader: the cookie), `hide_read` one query,
    `read_ids` one query per call (none for anonymous readers, who have no read state).
    """

    def __init__(
        self, user: User | None, prefs: Prefs | None = None, now: datetime | None = None
    ) -> None:
        self.user = user if user is not None and user.is_authenticated else None
        self.now = now or timezone.now()
        self._given = prefs

    @property
    def is_anonymous(self) -> bool:
        return self.user is None

    @cached_property
    def prefs(self) -> Prefs:
        """The rules in force (and, for an anonymous reader, the weights)."""
        if self._given is not None:
            return Prefs(self._given.active(self.now), dict(self._given.weights))
        if self.user is None:
            return Prefs()
        return stored_prefs(self.user, self.now, weights=False)

    def load_all(self) -> None:
        """Read rules, weights and hide-read in one query (For You needs all three)."""
        if self.user is None or "prefs" in self.__dict__:
            return
        no_ids = [Value(None, output_field=IntegerField())] * 4
        rules = (
            Rule.objects.filter(user=self.user)
            .filter(active_rules_q(self.now))
            .values_list(
                Value("rule", output_field=CharField()),
                "kind",
                "verb",
                "topic_id",
                "section_id",
                "source_id",
                "author_id",
                "phrase",
                "expires_at",
                Value(None, output_field=FloatField()),
            )
        )
        weights = Weight.objects.filter(user=self.user).values_list(
            Value("weight", output_field=CharField()),
            "kind",
            Value("", output_field=CharField()),
            "topic_id",
            "section_id",
            "source_id",
            "author_id",
            "phrase",
            Value(None, output_field=DateTimeField()),
            "value",
        )
        switches = ReaderSettings.objects.filter(user=self.user).values_list(
            Value("settings", output_field=CharField()),
            Value("", output_field=CharField()),
            Value("", output_field=CharField()),
            *no_ids,
            Value("", output_field=CharField()),
            Value(None, output_field=DateTimeField()),
            Case(When(hide_read=True, then=Value(1.0)), default=Value(0.0)),
        )
        found_rules: list[Pref] = []
        found_weights: dict[Target, float] = {}
        hide = False
        for row, kind, verb, t, c, s, a, phrase, expires, value in rules.union(
            weights, switches, all=True
        ):
            if row == "settings":
                hide = bool(value)
                continue
            ids = {"topic": t, "section": c, "source": s, "author": a}
            target = _target_of_row(kind, ids, phrase)
            if row == "rule":
                found_rules.append(Pref(target, verb, expires))
            else:
                found_weights[target] = value
        self.__dict__.update(prefs=Prefs(rules=found_rules), weights=found_weights, hide_read=hide)

    @cached_property
    def weights(self) -> dict[Target, float]:
        if self.user is None:
            return self.prefs.weights
        return _weights(self.user)

    @cached_property
    def muted(self) -> RuleIds:
        return RuleIds.of(p for p in self.prefs.rules if p.verb == MUTE)

    @cached_property
    def followed(self) -> RuleIds:
        return RuleIds.of(p for p in self.prefs.rules if p.verb == FOLLOW)

    @cached_property
    def _muted_keywords(self) -> KeywordMatcher:
        return KeywordMatcher(self.muted.phrases)

    @cached_property
    def followed_keywords(self) -> KeywordMatcher:
        return KeywordMatcher(self.followed.phrases)

    def rule_for(self, target: Target) -> Pref | None:
        return self.prefs.rule_for(target)

    def apply(self, qs: QuerySet[M]) -> QuerySet[M]:
        """The articles of `qs` without muted sources, sections, authors and topics. Adds no
        query; readers without mutes get `qs` back unchanged."""
        muted = self.muted
        if muted.sources:
            qs = qs.exclude(source_id__in=muted.sources)
        if muted.sections:
            qs = qs.exclude(section_id__in=muted.sections)
        if muted.authors:
            through = Article.authors.through.objects.filter(
                article_id=OuterRef("pk"), author_id__in=muted.authors
            )
            qs = qs.exclude(Exists(through))
        if muted.topics:
            tags = Tag.objects.filter(article_id=OuterRef("pk"), topic_id__in=muted.topics)
            qs = qs.exclude(Exists(tags))
        return qs

    def hides(self, title: str, text: str = "") -> bool:
        """Whether a muted keyword appears in the title or text (whole words, any case)."""
        return self._muted_keywords.matches(title, text)

    def muted_keyword(self, title: str, text: str = "") -> str | None:
        return self._muted_keywords.first_match(title, text)

    def visible(self, articles: Iterable[M]) -> list[M]:
        """The articles no muted keyword hides (by title, standfirst and summary)."""
        if not self._muted_keywords:
            return list(articles)
        return [a for a in articles if not self.hides(a.title, f"{a.standfirst}\n{a.summary}")]

    @cached_property
    def hide_read(self) -> bool:
        if self.user is None:
            return False
        value = (
            ReaderSettings.objects.filter(user=self.user)
            .values_list("hide_read", flat=True)
            .first()
        )
        return bool(value)

    def read_ids(self, article_ids: Iterable[int]) -> set[int]:
        """Which of these articles the reader has opened (one query; none when anonymous)."""
        ids = list(article_ids)
        if self.user is None or not ids:
            return set()
        return set(
            ReadMark.objects.filter(user=self.user, article_id__in=ids).values_list(
                "article_id", flat=True
            )
        )


def _weights(user: User) -> dict[Target, float]:
    found: dict[Target, float] = {}
    for kind, t, c, s, a, phrase, value in Weight.objects.filter(user=user).values_list(
        "kind", "topic_id", "section_id", "source_id", "author_id", "phrase", "value"
    ):
        found[
            _target_of_row(kind, {"topic": t, "section": c, "source": s, "author": a}, phrase)
        ] = value
    return found


def reader_filter(request: HttpRequest) -> ReaderFilter:
    """The reader's filter, built once per request: signed-in readers' rules come from the
    database, anonymous readers' from the prefs cookie (a bad cookie counts as none)."""
    found = getattr(request, _REQUEST_ATTR, None)
    if isinstance(found, ReaderFilter):
        return found
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        made = ReaderFilter(user)
    else:
        made = ReaderFilter(None, cookie.read(request))
    setattr(request, _REQUEST_ATTR, made)
    return made


def refresh_reader_filter(request: HttpRequest, prefs: Prefs | None = None) -> ReaderFilter:
    """Forget the request's filter after a change (anonymous readers: the new prefs)."""
    if hasattr(request, _REQUEST_ATTR):
        delattr(request, _REQUEST_ATTR)
    user = getattr(request, "user", None)
    if prefs is not None and (user is None or not user.is_authenticated):
        made = ReaderFilter(None, prefs)
        setattr(request, _REQUEST_ATTR, made)
        return made
    return reader_filter(request)


# For You --------------------------------------------------------------------------------------

# Candidates are drawn from this window, and at most so many from each kind of follow; the
# newest articles and the busiest discussions join them, so popular news can place too. A week,
# not a day or two: a small community's sources may cover a followed topic only every few
# days, and recency already ranks the older items down (every part is bounded by its LIMIT).
WINDOW = timedelta(days=7)
PER_FOLLOW_KIND = 80
RECENT_POOL = 80
BUSY_POOL = 25
TEXT_CHARS = 400  # of standfirst and summary, where keywords also look


def _sql(qs: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    return sql, tuple(params)


def _candidate_ids_sql(rf: ReaderFilter, since: datetime) -> tuple[str, tuple[Any, ...]]:
    """One statement naming every candidate article: per kind of follow, the newest from its
    index (tags by topic and date; articles by source, section and date; authors' articles),
    plus the newest articles and those with the busiest threads. Each part is bounded, so
    the whole is whatever the number of follows."""
    follows = rf.followed
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    parts: list[QuerySet[Any]] = []
    if follows.topics:
        parts.append(
            Tag.objects.filter(topic_id__in=follows.topics, published_at__gte=since)
            .order_by("-published_at")
            .values_list("article_id")[:PER_FOLLOW_KIND]
        )
    for field_name, ids in (("source_id", follows.sources), ("section_id", follows.sections)):
        if ids:
            parts.append(
                published.filter(**{f"{field_name}__in": ids, "published_at__gte": since})
                .order_by("-published_at")
                .values_list("id")[:PER_FOLLOW_KIND]
            )
    if follows.authors:
        # Bylines carry no date, and reading the date of every article the authors ever
        # wrote cost 4-14 ms at 100k articles. Ids grow as articles arrive, so the newest
        # bylines by article id are their latest articles; the window is applied after.
        parts.append(
            Article.authors.through.objects.filter(author_id__in=follows.authors)
            .order_by("-article_id")
            .values_list("article_id")[:PER_FOLLOW_KIND]
        )
    parts.append(
        published.filter(published_at__gte=since)
        .order_by("-published_at")
        .values_list("id")[:RECENT_POOL]
    )
    parts.append(
        Discussion.objects.filter(
            visibility=Visibility.VISIBLE, kind=Discussion.Kind.ARTICLE, hot_rank__gt=0
        )
        .order_by("-hot_rank")
        .values_list("article_id")[:BUSY_POOL]
    )
    sqls: list[str] = []
    params: list[Any] = []
    for n, part in enumerate(parts):
        sql, p = _sql(part)
        # Wrapped, so each part keeps its own ORDER BY and LIMIT inside the UNION.
        sqls.append(f"SELECT * FROM ({sql}) AS part{n}")  # noqa: S608 - compiled by Django
        params.extend(p)
    return " UNION ALL ".join(sqls), tuple(params)


def _text_sample() -> Substr:
    """The first TEXT_CHARS of standfirst and summary: where keywords look besides titles."""
    joined = Concat("standfirst", Value("\n"), "summary", output_field=TextField())
    return Substr(joined, 1, TEXT_CHARS, output_field=TextField())


def _placeholders(values: list[int]) -> str:
    return ", ".join(["%s"] * len(values))


def _column(model: Any, field: str) -> str:
    return str(connection.ops.quote_name(model._meta.get_field(field).column))


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _links(
    article_ids: list[int], topics: Iterable[int] | None, authors: Iterable[int] | None
) -> dict[int, tuple[list[tuple[int, str]], list[tuple[int, str]]]]:
    """The articles' topics (most prominent first) and authors, in one query; `topics` and
    `authors` narrow them to those ids (None: all). Nothing is asked when both are empty.

    Written as SQL (names from the models) because it runs on every For You page with
    hundreds of ids: the ORM spent more time preparing the id lists than the database
    spent answering."""
    found: dict[int, tuple[list[tuple[int, str]], list[tuple[int, str]]]] = {}
    if not article_ids:
        return found
    ids = list(article_ids)
    parts: list[str] = []
    params: list[Any] = []
    if topics is None or topics:
        t_article, t_topic = _column(Tag, "article"), _column(Tag, "topic")
        sql = (
            f"SELECT t.{t_article}, 'topic', t.{t_topic}, p.{_column(Topic, 'name')}, "  # noqa: S608 - names from the models, values as parameters
            f"t.{_column(Tag, 'in_title')}, t.{_column(Tag, 'mentions')} "
            f"FROM {_table(Tag)} t INNER JOIN {_table(Topic)} p ON p.id = t.{t_topic} "
            f"WHERE p.{_column(Topic, 'is_active')} AND t.{t_article} IN ({_placeholders(ids)})"
        )
        params += ids
        if topics is not None:
            wanted = sorted(topics)
            # Said of both sides of the join, so PostgreSQL reads those topics by key
            # instead of hashing the whole topic table.
            sql += f" AND t.{t_topic} IN ({_placeholders(wanted)})"
            sql += f" AND p.id IN ({_placeholders(wanted)})"
            params += wanted + wanted
        parts.append(sql)
    if authors is None or authors:
        through = Article.authors.through
        b_article, b_author = _column(through, "article"), _column(through, "author")
        sql = (
            f"SELECT b.{b_article}, 'author', b.{b_author}, a.{_column(Author, 'name')}, "  # noqa: S608 - names from the models, values as parameters
            f"FALSE, 0 FROM {_table(through)} b "
            f"INNER JOIN {_table(Author)} a ON a.id = b.{b_author} "
            f"WHERE b.{b_article} IN ({_placeholders(ids)})"
        )
        params += ids
        if authors is not None:
            wanted = sorted(authors)
            sql += f" AND b.{b_author} IN ({_placeholders(wanted)})"
            params += wanted
        parts.append(sql)
    if not parts:
        return found
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    # Title mentions first, then the most mentioned: the article's main topic leads.
    rows.sort(key=lambda r: (r[1], not r[4], -(r[5] or 0), r[2]))
    for article_id, kind, pk, name, _in_title, _mentions in rows:
        entry = found.setdefault(article_id, ([], []))
        entry[0 if kind == "topic" else 1].append((pk, name))
    return found


def for_you_candidates(rf: ReaderFilter) -> list[Candidate]:
    """For You's candidates as plain data, in two queries whatever the number of follows:
    the articles (their threads' activity and the reader's read marks joined in), then the
    topics and authors among them the reader follows or trained. Mutes of sources, sections,
    authors and topics are applied in the query already; keywords are left to the ranking."""
    since = rf.now - WINDOW
    ids_sql, ids_params = _candidate_ids_sql(rf, since)
    qs = rf.apply(
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gte=since).filter(
            id__in=RawSQL(ids_sql, ids_params)  # noqa: S611 - compiled by Django
        )
    )
    visible = Visibility.VISIBLE
    # One thread of each kind at most (unique constraints): joined, never multiplied.
    qs = qs.annotate(
        text=_text_sample(),
        article_thread=FilteredRelation(
            "discussions",
            condition=Q(discussions__kind="article", discussions__visibility=visible),
        ),
        story_thread=FilteredRelation(
            "story__discussions",
            condition=Q(story__discussions__kind="story", story__discussions__visibility=visible),
        ),
    )
    fields = [
        "id",
        "title",
        "slug",
        "published_at",
        "source_id",
        "source__title",
        "source__slug",
        "section_id",
        "section__name",
        "story_id",
        "story__title",
        "story__source_count",
        "text",
        "article_thread__response_count",
        "article_thread__hot_rank",
        "story_thread__response_count",
        "story_thread__hot_rank",
    ]
    if rf.user is not None:
        qs = qs.annotate(
            is_read=Exists(ReadMark.objects.filter(user=rf.user, article_id=OuterRef("pk")))
        )
        fields.append("is_read")
    rows = list(qs.order_by().values_list(*fields))
    weighted = rf.weights
    links = _links(
        [r[0] for r in rows],
        rf.followed.topics | {t.id for t in weighted if t.kind == "topic"},
        rf.followed.authors | {t.id for t in weighted if t.kind == "author"},
    )
    none: tuple[list[tuple[int, str]], list[tuple[int, str]]] = ([], [])
    candidates = []
    for r in rows:
        topics, authors = links.get(r[0], none)
        candidates.append(
            Candidate(
                id=r[0],
                title=r[1],
                slug=r[2] or "",
                published_at=r[3],
                source_id=r[4],
                source_name=r[5] or r[6],
                section_id=r[7],
                section_name=r[8] or "",
                story_id=r[9],
                story_title=r[10] or "",
                story_sources=r[11] or 1,
                text=r[12] or "",
                responses=(r[13] or 0) + (r[15] or 0),
                hot=max(r[14] or 0.0, r[16] or 0.0),
                read=bool(r[17]) if len(r) > 17 else False,
                topics=tuple(topics),
                authors=tuple(authors),
            )
        )
    return candidates


@dataclass(frozen=True)
class Details:
    """What the trainer menu offers for a shown article: its main topic and bylines."""

    topic: tuple[int, str] | None
    authors: tuple[tuple[int, str], ...]


def item_details(article_ids: list[int]) -> dict[int, Details]:
    """The main topic and first two authors of each shown article: one query."""
    return {
        article_id: Details(topics[0] if topics else None, tuple(authors[:2]))
        for article_id, (topics, authors) in _links(article_ids, None, None).items()
    }


def _interests(ids: RuleIds) -> Interests:
    return Interests(
        topics=ids.topics,
        sections=ids.sections,
        sources=ids.sources,
        authors=ids.authors,
        keywords=KeywordMatcher(ids.phrases),
    )


def profile(rf: ReaderFilter) -> Profile:
    """The ranking's view of the reader: follows, mutes, weights, hide-read."""
    return Profile(
        follows=_interests(rf.followed),
        mutes=_interests(rf.muted),
        weights={(t.kind, t.id): v for t, v in rf.weights.items() if not t.is_keyword},
        hide_read=rf.hide_read,
    )


# The rules page, previews and onboarding ------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    """A rule as the rules page lists it."""

    target: Target
    verb: str
    name: str
    url: str
    expires_at: datetime | None
    expired: bool


@dataclass(frozen=True)
class WeightRow:
    target: Target
    name: str
    value: float


def _named(targets: Iterable[Target]) -> dict[Target, Followable]:
    """The objects the targets name, one query per kind present; gone ones are left out."""
    ids: dict[str, set[int]] = {}
    for t in targets:
        if not t.is_keyword:
            ids.setdefault(t.kind, set()).add(t.id)
    found: dict[Target, Followable] = {}
    for kind, wanted in ids.items():
        for obj in MODELS[kind].objects.filter(pk__in=wanted):
            found[Target(kind, id=obj.pk)] = obj
    return found


def _row_for(target: Target, obj: Followable | None) -> tuple[str, str] | None:
    if target.is_keyword:
        return f"\u201c{target.phrase}\u201d", ""
    if obj is None:
        return None
    return str(obj), obj.get_absolute_url()


def rule_rows(rf: ReaderFilter) -> list[RuleRow]:
    """Every rule of the reader with its name: signed-in readers' from rows (expired mutes
    included, marked, until removed), in one query; anonymous readers' from the cookie."""
    now = rf.now
    if rf.user is not None:
        rules = Rule.objects.filter(user=rf.user).select_related(
            "topic", "section", "source", "author"
        )
        rows = []
        for rule in rules.order_by("verb", "kind", "created_at", "id"):
            target = _target_of_row(
                rule.kind,
                {
                    "topic": rule.topic_id,
                    "section": rule.section_id,
                    "source": rule.source_id,
                    "author": rule.author_id,
                },
                rule.phrase,
            )
            obj = None if target.is_keyword else getattr(rule, target.kind)
            shown = _row_for(target, obj)
            if shown is not None:
                rows.append(
                    RuleRow(
                        target,
                        rule.verb,
                        shown[0],
                        shown[1],
                        rule.expires_at,
                        rule.expires_at is not None and rule.expires_at <= now,
                    )
                )
        return rows
    prefs = rf.prefs.rules
    named = _named(p.target for p in prefs)
    rows = []
    for pref in sorted(prefs, key=lambda p: (p.verb, p.target.kind)):
        shown = _row_for(pref.target, named.get(pref.target))
        if shown is not None:
            rows.append(RuleRow(pref.target, pref.verb, shown[0], shown[1], pref.expires_at, False))
    return rows


def weight_rows(rf: ReaderFilter) -> list[WeightRow]:
    weights = rf.weights
    named = _named(weights)
    rows = []
    for target, value in sorted(weights.items(), key=lambda kv: kv[1]):
        shown = _row_for(target, named.get(target))
        if shown is not None:
            rows.append(WeightRow(target, shown[0], value))
    return rows


@dataclass(frozen=True)
class Headline:
    id: int
    title: str
    slug: str
    source_name: str
    published_at: datetime


PREVIEW_LIMIT = 20
PREVIEW_POOL = 500  # keyword previews look at this many of the newest articles


def _headlines(qs: QuerySet[Article], limit: int) -> list[Headline]:
    return [
        Headline(pk, title, slug or "", source or slug_, when)
        for pk, title, slug, source, slug_, when in qs.order_by("-published_at", "-id").values_list(
            "id", "title", "slug", "source__title", "source__slug", "published_at"
        )[:limit]
    ]


@dataclass(frozen=True)
class Preview:
    headlines: list[Headline]
    scanned: int  # keywords: how many recent articles were looked at (0: not a keyword)


def preview(target: Target, limit: int = PREVIEW_LIMIT) -> Preview:
    """The newest articles a rule about `target` would match: one query. Keywords are
    matched over the newest PREVIEW_POOL articles' titles, standfirsts and summaries."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    if target.is_keyword:
        matcher = KeywordMatcher([target.phrase])
        rows = list(
            published.annotate(text=_text_sample())
            .order_by("-published_at", "-id")
            .values_list(
                "id", "title", "slug", "source__title", "source__slug", "published_at", "text"
            )[:PREVIEW_POOL]
        )
        found = [
            Headline(pk, title, slug or "", source or source_slug, when)
            for pk, title, slug, source, source_slug, when, text in rows
            if matcher.matches(title, text or "")
        ]
        return Preview(found[:limit], len(rows))
    if target.kind == "topic":
        qs = published.filter(
            id__in=Tag.objects.filter(topic_id=target.id)
            .order_by("-published_at")
            .values("article_id")[: limit * 2]
        )
    elif target.kind == "author":
        qs = published.filter(authors=target.id)
    else:
        qs = published.filter(**{f"{target.kind}_id": target.id})
    return Preview(_headlines(qs, limit), 0)


POPULAR_DAYS = 7
POPULAR_PER_KIND = 12


@dataclass(frozen=True)
class PopularTopic:
    id: int
    name: str
    kind: str
    articles: int


def popular_topics(
    now: datetime, per_kind: int = POPULAR_PER_KIND
) -> dict[str, list[PopularTopic]]:
    """The most tagged active topics of the last POPULAR_DAYS days, by kind: one grouped
    query over the tag index's date range."""
    since = now - timedelta(days=POPULAR_DAYS)
    rows = (
        Tag.objects.filter(published_at__gte=since, topic__is_active=True)
        .values("topic_id", "topic__name", "topic__kind")
        .annotate(n=Count("id"))
        .order_by("-n", "topic__name")[: per_kind * 10]
    )
    by_kind: dict[str, list[PopularTopic]] = {k: [] for k in Topic.Kind.values}
    for row in rows:
        bucket = by_kind.setdefault(row["topic__kind"], [])
        if len(bucket) < per_kind:
            bucket.append(
                PopularTopic(row["topic_id"], row["topic__name"], row["topic__kind"], row["n"])
            )
    return by_kind


POPULAR_CACHE_SECONDS = 900


def cached_popular_topics(now: datetime) -> dict[str, list[PopularTopic]]:
    """popular_topics, kept for a quarter of an hour (the grouping reads a week of tags).
    A topic deleted meanwhile may still be offered; following it then simply adds nothing."""
    key = "personalization:popular-topics"
    found = cache.get(key)
    if isinstance(found, dict):
        return found
    fresh = popular_topics(now)
    cache.set(key, fresh, POPULAR_CACHE_SECONDS)
    return fresh
