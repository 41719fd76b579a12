"""Named reads of discussions: a thread as a reader sees it (one query for every response),
the discussions list (without what the reader muted), an article's or a story's thread and
its other discussions, and the discussions about a topic or in a section."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tribune.accounts.models import Block, User
from tribune.core.pagination import Page, keyset_page, parse_when
from tribune.discussions.models import Discussion, Response, Visibility, Vote
from tribune.news.models import Article, Section, Story

if TYPE_CHECKING:
    from tribune.personalization.queries import ReaderFilter
    from tribune.understanding.models import Topic

Viewer = User | AnonymousUser

THREAD_SORTS = ("best", "new", "old")
LIST_SORTS = ("hot", "new", "top", "active")
TOP_PERIODS: dict[str, timedelta | None] = {
    "day": timedelta(days=1),
    "week": timedelta(days=7),
    "all": None,
}
# A page nests replies this deep; deeper ones are behind "Continue this thread".
RENDER_DEPTH = 6
PAGE_SIZE = 30
QUOTE_MAX = 2_000  # characters of a response that a "Quote" pre-fills
OTHER_DISCUSSIONS = 5
ABOUT_TOPIC = 6
# A topic's discussions are those about its this-many newest articles and their stories:
# bounded, and recent is what a topic page is about.
TOPIC_ARTICLES = 500

# What a thread needs of each response and its author, in ThreadResponse's order; the
# Markdown source stays behind.
_THREAD_COLUMNS = (
    "id",
    "parent_id",
    "author_id",
    "author__username",
    "author__display_name",
    "body_html",
    "depth",
    "created_at",
    "edited_at",
    "deleted_at",
    "score",
    "visibility",
    "moderation_reason",
)
_LIST_FIELDS = (
    "id",
    "kind",
    "title",
    "author_id",
    "article_id",
    "section_id",
    "story_id",
    "created_at",
    "last_activity_at",
    "response_count",
    "score",
    "hot_rank",
    "locked",
    "visibility",
    "author__id",
    "author__username",
    "author__display_name",
    "article__id",
    "article__title",
    "article__slug",
    "section__id",
    "section__name",
    "section__slug",
    "story__id",
    "story__title",
)


# Threads ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class ThreadResponse:
    """A response as a thread shows it: plain values from one row, not a model instance (a
    thousand model instances with their authors cost more than the rest of the page)."""

    pk: int
    parent_id: int | None
    author_id: int | None
    author_username: str | None
    author_display_name: str | None
    body_html: str
    depth: int
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    score: int
    visibility: str
    moderation_reason: str

    @classmethod
    def of(cls, response: Response) -> ThreadResponse:
        author = response.author
        return cls(
            response.pk,
            response.parent_id,
            response.author_id,
            author.username if author else None,
            author.display_name if author else None,
            response.body_html,
            response.depth,
            response.created_at,
            response.edited_at,
            response.deleted_at,
            response.score,
            response.visibility,
            response.moderation_reason,
        )


# How a response shows for one reader. "visible", "pending" (their own, waiting for a
# moderator), "hidden" (with the moderator's reason) and "deleted" and "blocked" (placeholders)
# always show; "removed" and "withheld" (someone else's post waiting for review) show only as
# placeholders that keep replies in place.
SHOWN = frozenset({"visible", "pending", "hidden", "deleted", "blocked"})


@dataclass(eq=False)
class _Node:
    response: ThreadResponse
    state: str
    children: list[_Node] = field(default_factory=list)
    descendants: int = 0
    keep: bool = True


@dataclass
class Item:
    """One response as a page shows it: the thread is a flat list of these, in page order."""

    response: ThreadResponse
    state: str
    depth: int  # below the rendered root
    closes: int  # how many nested lists end after this one
    more: int = 0  # replies not shown here: "Continue this thread"
    voted: bool = False
    own: bool = False
    highlighted: bool = False


@dataclass
class Thread:
    items: list[Item]
    sort: str
    root: Response | None = None


def _state(response: ThreadResponse, viewer_id: int | None, blocked: set[int]) -> str:
    if response.deleted_at is not None:
        return "deleted"
    if response.visibility == Visibility.REMOVED:
        return "removed"
    if response.visibility == Visibility.HIDDEN:
        return "hidden"
    if response.visibility == Visibility.PENDING:
        return "pending" if viewer_id and response.author_id == viewer_id else "withheld"
    if response.author_id is not None and response.author_id in blocked:
        return "blocked"
    return "visible"


def _sort_key(sort: str) -> Any:
    if sort == "new":
        return lambda n: (n.response.created_at, n.response.pk)
    return lambda n: (-n.response.score, n.response.created_at, n.response.pk)


def viewer_extras(viewer: Viewer, discussion_id: int) -> tuple[set[int], set[int]]:
    """The reader's votes in a discussion and the readers they block: two queries, whatever
    the size of the thread (none for a visitor)."""
    if not viewer.is_authenticated:
        return set(), set()
    voted = set(
        Vote.objects.filter(user_id=viewer.pk, response__discussion_id=discussion_id).values_list(
            "response_id", flat=True
        )
    )
    blocked = set(Block.objects.filter(blocker_id=viewer.pk).values_list("blocked_id", flat=True))
    return voted, blocked


def thread(
    discussion: Discussion,
    viewer: Viewer,
    sort: str = "best",
    *,
    root: Response | None = None,
    highlight: int | None = None,
    max_depth: int = RENDER_DEPTH,
) -> Thread:
    """Every response of `discussion` (or of `root`'s subtree) in one query, ordered by path,
    then arranged in Python: siblings by score (best), newest first (new) or in path order
    (old), nested `max_depth` deep."""
    rows = Response.objects.filter(discussion_id=discussion.pk)
    if root is not None:
        # Segments have a fixed width, so a prefix of the path is exactly the subtree.
        rows = rows.filter(path__startswith=root.path)
    found: Iterable[tuple[Any, ...]] = rows.order_by("path").values_list(*_THREAD_COLUMNS)
    voted, blocked = viewer_extras(viewer, discussion.pk)
    viewer_id = viewer.pk if viewer.is_authenticated else None

    nodes: dict[int, _Node] = {}
    tops: list[_Node] = []
    ordered: list[_Node] = []
    for row in found:
        response = ThreadResponse(*row)
        node = _Node(response, _state(response, viewer_id, blocked))
        nodes[response.pk] = node
        ordered.append(node)
        parent = nodes.get(response.parent_id) if response.parent_id else None
        if parent is not None:
            parent.children.append(node)
        else:
            tops.append(node)

    # Children come after their parents in path order: walking backwards settles every child
    # before its parent. A post the reader may not see stays only as a placeholder for replies.
    for node in reversed(ordered):
        node.children = [c for c in node.children if c.keep]
        node.descendants = sum(1 + c.descendants for c in node.children)
        node.keep = node.state in SHOWN or bool(node.children)
    tops = [n for n in tops if n.keep]

    if sort != "old":
        key = _sort_key(sort)
        reverse = sort == "new"
        tops.sort(key=key, reverse=reverse)
        for node in ordered:
            if len(node.children) > 1:
                node.children.sort(key=key, reverse=reverse)

    items: list[Item] = []

    def walk(node: _Node, depth: int) -> None:
        response = node.response
        item = Item(
            response=response,
            state=node.state,
            depth=depth,
            closes=0,
            voted=response.pk in voted,
            own=viewer_id is not None and response.author_id == viewer_id,
            highlighted=response.pk == highlight,
        )
        items.append(item)
        if not node.children:
            return
        if depth + 1 >= max_depth:
            item.more = node.descendants
            return
        for child in node.children:
            walk(child, depth + 1)

    for top in tops:
        walk(top, 0)
    for i, item in enumerate(items):
        following = items[i + 1].depth if i + 1 < len(items) else 0
        item.closes = item.depth - following + 1
    return Thread(items, sort if sort in THREAD_SORTS else "best", root)


def single_item(response: Response, viewer: Viewer) -> Item:
    """One response alone (a fragment after a reply, an edit or a vote)."""
    viewer_id = viewer.pk if viewer.is_authenticated else None
    voted = bool(
        viewer_id and Vote.objects.filter(user_id=viewer_id, response_id=response.pk).exists()
    )
    shown = ThreadResponse.of(response)
    return Item(
        response=shown,
        state=_state(shown, viewer_id, set()),
        depth=0,
        closes=1,
        voted=voted,
        own=viewer_id is not None and response.author_id == viewer_id,
    )


def response_for_page(pk: int) -> Response | None:
    return (
        Response.objects.filter(pk=pk)
        .select_related("author", "discussion", "discussion__article", "discussion__author")
        .defer("discussion__article__content_html", "discussion__article__content_text")
        .first()
    )


def quote_of(response: Response) -> str:
    """The response's text as a Markdown blockquote, to start a reply with."""
    if response.is_deleted or response.visibility != Visibility.VISIBLE:
        return ""
    text = response.body_markdown.strip()
    if len(text) > QUOTE_MAX:
        cut = text.rfind("\n", 0, QUOTE_MAX)
        text = text[: cut if cut > QUOTE_MAX // 2 else QUOTE_MAX].rstrip() + " …"
    lines = [f"> {line}".rstrip() for line in text.splitlines()]
    return "\n".join(lines) + "\n\n" if lines else ""


# Discussions -----------------------------------------------------------------------------------


def discussion_for_page(pk: int) -> Discussion | None:
    return (
        Discussion.objects.filter(pk=pk)
        .select_related("author", "article", "section", "story")
        .defer("article__content_html", "article__content_text", "article__body_markdown")
        .first()
    )


def can_see(discussion: Discussion, viewer: Viewer) -> bool:
    """Visible and hidden discussions are public (a hidden one without its body); a pending
    one only to its author; a removed one to nobody."""
    if discussion.visibility in (Visibility.VISIBLE, Visibility.HIDDEN):
        return True
    return (
        discussion.visibility == Visibility.PENDING
        and viewer.is_authenticated
        and discussion.author_id == viewer.pk
    )


def has_voted_for(discussion: Discussion, viewer: Viewer) -> bool:
    return bool(
        viewer.is_authenticated
        and Vote.objects.filter(user_id=viewer.pk, discussion_id=discussion.pk).exists()
    )


def is_following(discussion: Discussion, viewer: Viewer) -> bool:
    from tribune.notifications.models import Subscription

    return bool(
        viewer.is_authenticated
        and Subscription.objects.filter(user_id=viewer.pk, discussion_id=discussion.pk).exists()
    )


def article_thread(article: Article) -> Discussion | None:
    """The article's own thread if anyone has responded yet (it is never created by a read)."""
    return Discussion.objects.filter(kind=Discussion.Kind.ARTICLE, article_id=article.pk).first()


def story_thread(story: Story) -> Discussion | None:
    """The story's shared thread if anyone has responded yet (never created by a read)."""
    return Discussion.objects.filter(kind=Discussion.Kind.STORY, story_id=story.pk).first()


def _listed(
    viewer: Viewer, reader: ReaderFilter | None = None, *, visible_in_sql: bool = True
) -> QuerySet[Discussion]:
    """What the discussions list shows: readers' discussions, and article and story threads
    once someone has responded (their conversations are discussions too, and this is where
    readers find the lively ones). Authors the reader blocked are left out, and with a
    reader's filter, what they muted (see `without_muted`).

    `visible_in_sql=False` leaves the visibility test to the caller (`_visible`): for a few
    discussions found by their article or story, SQLite would otherwise walk every visible
    discussion by the visibility index rather than use the article and story indexes."""
    qs = Discussion.objects.all()
    if visible_in_sql:
        qs = qs.filter(visibility=Visibility.VISIBLE)
    qs = (
        qs.filter(Q(kind=Discussion.Kind.DISCUSSION) | Q(response_count__gt=0))
        .select_related("author", "article", "section", "story")
        .only(*_LIST_FIELDS)
    )
    if viewer.is_authenticated:
        qs = qs.exclude(author__in=Block.objects.filter(blocker_id=viewer.pk).values("blocked"))
    if reader is not None:
        qs = without_muted(qs, reader)
    return qs


def without_muted(qs: QuerySet[Discussion], reader: ReaderFilter) -> QuerySet[Discussion]:
    """Discussions without those about what the reader muted: about an article (or a story
    whose lead article is) from a muted source, in a muted section, by a muted author or
    tagged with a muted topic; or in a muted section. Keyword mutes are `hides_keyword`'s,
    after the query.

    The same rules as the reader filter's `apply()`, written on the discussion's own row:
    each article is tested by its key (NOT IN lists, NOT EXISTS probes of the (article,
    topic) and (article, author) indexes). An EXISTS over `apply()`'s articles reads well,
    but PostgreSQL hashes every unmuted article for it (50 ms at 100k)."""
    from tribune.understanding.models import Tag

    muted = reader.muted
    through = Article.authors.through
    for article in ("article", "story__lead_article"):
        if muted.sources:
            qs = qs.exclude(**{f"{article}__source_id__in": muted.sources})
        if muted.sections:
            qs = qs.exclude(**{f"{article}__section_id__in": muted.sections})
        if muted.topics:
            tagged = Tag.objects.filter(
                article_id=OuterRef(f"{article}_id"), topic_id__in=muted.topics
            )
            qs = qs.filter(~Exists(tagged))
        if muted.authors:
            written = through.objects.filter(
                article_id=OuterRef(f"{article}_id"), author_id__in=muted.authors
            )
            qs = qs.filter(~Exists(written))
    if muted.sections:
        qs = qs.exclude(section_id__in=muted.sections)
    return qs


def hides_keyword(discussion: Discussion, reader: ReaderFilter) -> bool:
    """Whether a muted keyword is in the discussion's title (or its article's)."""
    article_title = discussion.article.title if discussion.article is not None else ""
    return reader.hides(discussion.title, article_title)


def _shown(items: Iterable[Discussion], reader: ReaderFilter | None) -> list[Discussion]:
    if reader is None:
        return list(items)
    return [d for d in items if not hides_keyword(d, reader)]


def _visible(items: Iterable[Discussion]) -> list[Discussion]:
    return [d for d in items if d.visibility == Visibility.VISIBLE]


def _rows(chosen: QuerySet[Discussion, Any], order: tuple[str, ...]) -> QuerySet[Discussion]:
    """The few discussions a subquery chose, with what a list shows of them. Chosen apart,
    PostgreSQL cannot misjudge how many there are and join whole tables to them."""
    return (
        Discussion.objects.filter(pk__in=chosen)
        .select_related("author", "article", "section", "story")
        .only(*_LIST_FIELDS)
        .order_by(*order)
    )


def other_discussions(
    article: Article, viewer: Viewer, limit: int = OTHER_DISCUSSIONS
) -> list[Discussion]:
    """The most recent readers' discussions about an article."""
    return list(
        _listed(viewer)
        .filter(kind=Discussion.Kind.DISCUSSION, article_id=article.pk)
        .order_by("-created_at", "-id")[:limit]
    )


def story_discussions(
    story: Story, article_ids: list[int], viewer: Viewer, limit: int = OTHER_DISCUSSIONS
) -> list[Discussion]:
    """The most recent readers' discussions about a story or about any of its articles
    (`article_ids`, the ones its page lists)."""
    about = Q(story_id=story.pk)
    if article_ids:
        about |= Q(article_id__in=article_ids)
    order = ("-created_at", "-id")
    chosen = (
        _listed(viewer, visible_in_sql=False)
        .filter(about, kind=Discussion.Kind.DISCUSSION)
        .order_by(*order)
        .values("pk")[: limit * 3]
    )
    return _visible(_rows(chosen, order))[:limit]


def topic_discussions(
    topic: Topic, viewer: Viewer, reader: ReaderFilter | None = None, limit: int = ABOUT_TOPIC
) -> list[Discussion]:
    """The liveliest recent conversations about a topic: readers' discussions and article
    threads about its newest articles, and the threads of their stories. One query, driven
    by the article and story indexes."""
    from tribune.understanding.models import Tag

    recent = (
        Tag.objects.filter(topic=topic)
        .order_by("-published_at")
        .values("article_id")[:TOPIC_ARTICLES]
    )
    stories = Article.objects.filter(pk__in=recent, story__isnull=False).values("story_id")
    order = ("-last_activity_at", "-id")
    chosen = (
        _listed(viewer, reader, visible_in_sql=False)
        .filter(Q(article_id__in=recent) | Q(story_id__in=stories))
        .order_by(*order)
        .values("pk")[: limit * 3]
    )
    return _shown(_visible(_rows(chosen, order)), reader)[:limit]


def section_discussions(
    section: Section, viewer: Viewer, reader: ReaderFilter | None = None, limit: int = ABOUT_TOPIC
) -> list[Discussion]:
    """The liveliest recent conversations in a section (articles', stories' and readers')."""
    found = (
        _listed(viewer, reader)
        .filter(section_id=section.pk)
        .order_by("-last_activity_at", "-id")[: limit * 2]
    )
    return _shown(found, reader)[:limit]


_SORT_FIELD = {"hot": "hot_rank", "new": "created_at", "top": "score", "active": "last_activity_at"}


_PARSE = {"hot": float, "top": int}


def discussions_page(
    viewer: Viewer,
    sort: str = "hot",
    *,
    period: str = "week",
    section: Section | None = None,
    article: Article | None = None,
    cursor: str | None = None,
    size: int = PAGE_SIZE,
    reader: ReaderFilter | None = None,
) -> Page[Discussion]:
    """One page of the discussions list, in one query: keyset pagination on the sort's stored
    column and the id (hot ranks are stored and indexed, never computed here). With a
    reader's filter, discussions about what they muted are left out (a page may then hold
    fewer; the cursor still follows the rows read)."""
    sort = sort if sort in LIST_SORTS else "hot"
    qs = _listed(viewer, reader)
    if section is not None:
        qs = qs.filter(section_id=section.pk)
    if article is not None:
        qs = qs.filter(article_id=article.pk)
    if sort == "top" and (span := TOP_PERIODS.get(period, TOP_PERIODS["week"])):
        qs = qs.filter(created_at__gte=timezone.now() - span)
    page = keyset_page(qs, _SORT_FIELD[sort], cursor, size, _PARSE.get(sort, parse_when))
    return Page(_shown(page.items, reader), page.next_cursor)
