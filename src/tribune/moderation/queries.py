"""Named reads for moderators: the queue (flagged items, held posts), the log, one item's or
one person's record. Each page is a fixed number of queries, whatever the queue holds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery

from tribune.accounts.models import User
from tribune.core.pagination import Page, keyset_page
from tribune.discussions.models import Discussion, Response, ResponseRevision, Visibility
from tribune.moderation.models import Flag, ModerationAction

QUEUE_PAGE = 25
HELD_LIMIT = 50
LOG_PAGE = 50
NOTES_SHOWN = 5


@dataclass
class QueueItem:
    """A flagged or held post, with what readers said about it."""

    item: Response | Discussion
    flag_count: int = 0
    first_flagged_at: datetime | None = None
    reasons: list[tuple[str, int]] = field(default_factory=list)  # (label, count), most first
    notes: list[Flag] = field(default_factory=list)  # the newest few flags with a note

    @property
    def is_response(self) -> bool:
        return isinstance(self.item, Response)

    @property
    def noun(self) -> str:
        return "response" if self.is_response else "discussion"

    @property
    def act_url_name(self) -> str:
        return f"moderation:act_{self.noun}"

    @property
    def review_url_name(self) -> str:
        return f"moderation:{self.noun}"


def _responses() -> QuerySet[Response]:
    return Response.objects.select_related("author", "discussion").defer(
        "body_html", "discussion__body_markdown", "discussion__body_html"
    )


def _discussions() -> QuerySet[Discussion]:
    return Discussion.objects.select_related("author").defer("body_html")


def _key(item: Response | Discussion) -> tuple[str, int]:
    return ("r", item.pk) if isinstance(item, Response) else ("d", item.pk)


def flagged(page: int = 1, size: int = QUEUE_PAGE) -> tuple[list[QueueItem], bool]:
    """Items with open flags, most flagged first (then the longest waiting), one page; and
    whether there is a next page. Four queries: the groups, their flags, the responses and
    the discussions they are about."""
    start = (max(page, 1) - 1) * size
    groups = list(
        Flag.objects.filter(status=Flag.Status.OPEN)
        .values("response_id", "discussion_id")
        .annotate(n=Count("id"), first=Min("created_at"))
        .order_by("-n", "first", "response_id", "discussion_id")[start : start + size + 1]
    )
    more = len(groups) > size
    groups = groups[:size]
    if not groups:
        return [], False
    response_ids = [g["response_id"] for g in groups if g["response_id"]]
    discussion_ids = [g["discussion_id"] for g in groups if g["discussion_id"]]
    flags = list(
        Flag.objects.filter(status=Flag.Status.OPEN)
        .filter(Q(response_id__in=response_ids) | Q(discussion_id__in=discussion_ids))
        .select_related("reporter")
        .only(
            "reason",
            "note",
            "created_at",
            "response_id",
            "discussion_id",
            "reporter__username",
            "reporter__display_name",
        )
        .order_by("-created_at")
    )
    responses = {r.pk: r for r in _responses().filter(pk__in=response_ids)}
    discussions = {d.pk: d for d in _discussions().filter(pk__in=discussion_ids)}
    by_item: dict[tuple[str, int], list[Flag]] = {}
    for f in flags:
        key = ("r", f.response_id) if f.response_id else ("d", f.discussion_id or 0)
        by_item.setdefault(key, []).append(f)
    labels = dict(Flag.Reason.choices)
    items = []
    for group in groups:
        item: Response | Discussion | None = (
            responses.get(group["response_id"])
            if group["response_id"]
            else discussions.get(group["discussion_id"])
        )
        if item is None:
            continue
        mine = by_item.get(_key(item), [])
        reasons = Counter(labels.get(f.reason, f.reason) for f in mine)
        items.append(
            QueueItem(
                item=item,
                flag_count=group["n"],
                first_flagged_at=group["first"],
                reasons=reasons.most_common(),
                notes=[f for f in mine if f.note][:NOTES_SHOWN],
            )
        )
    return items, more


def held(limit: int = HELD_LIMIT) -> list[QueueItem]:
    """Posts waiting for a moderator (the word filter, or a new member's first posts), the
    longest waiting first: discussions, then responses. Two queries."""
    discussions = _discussions().filter(visibility=Visibility.PENDING).order_by("created_at")
    responses = _responses().filter(visibility=Visibility.PENDING).order_by("created_at")
    return [QueueItem(item=d) for d in discussions[:limit]] + [
        QueueItem(item=r) for r in responses[:limit]
    ]


def queue_size() -> int:
    """What waits for a moderator: flagged items plus held posts (the header's number)."""
    flagged_items = (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .values("response_id", "discussion_id")
        .distinct()
        .count()
    )
    return (
        flagged_items
        + Response.objects.filter(visibility=Visibility.PENDING).count()
        + Discussion.objects.filter(visibility=Visibility.PENDING).count()
    )


# The log -------------------------------------------------------------------------------------


def log(
    cursor: str | None = None,
    *,
    user: User | None = None,
    item: Response | Discussion | None = None,
    size: int = LOG_PAGE,
) -> Page[ModerationAction]:
    """The moderation log, newest first (all of it, or about one person or one item), one
    query per page."""
    qs = (
        ModerationAction.objects.select_related(
            "moderator", "target_user", "response", "discussion"
        )
        .defer(
            "response__body_markdown",
            "response__body_html",
            "discussion__body_markdown",
            "discussion__body_html",
        )
        # A correlated count, worked out for the page's rows only (a join and GROUP BY would
        # aggregate the whole log before the LIMIT).
        .annotate(
            flags_resolved=Subquery(
                Flag.objects.filter(resolved_by=OuterRef("pk"))
                .order_by()
                .values("resolved_by")
                .annotate(n=Count("id"))
                .values("n")
            )
        )
    )
    if user is not None:
        qs = qs.filter(target_user=user)
    if isinstance(item, Response):
        qs = qs.filter(response=item)
    elif isinstance(item, Discussion):
        qs = qs.filter(discussion=item)
    return keyset_page(qs, "created_at", cursor, size)


# One item, one person ------------------------------------------------------------------------


def response_for_review(pk: int) -> Response | None:
    return Response.objects.select_related("author", "discussion").filter(pk=pk).first()


def discussion_for_review(pk: int) -> Discussion | None:
    return _discussions().filter(pk=pk).first()


def flags_on(item: Response | Discussion) -> list[Flag]:
    """Every flag on the item, open and resolved, newest first."""
    target = {"response": item} if isinstance(item, Response) else {"discussion": item}
    return list(Flag.objects.filter(**target).select_related("reporter").order_by("-created_at"))


def revisions_of(response: Response) -> list[ResponseRevision]:
    """The text a response had before each edit (and before its deletion)."""
    return list(response.revisions.order_by("-replaced_at"))


@dataclass(frozen=True)
class Record:
    """A person as moderators see them."""

    responses: int
    discussions: int
    flags_against: int
    first_post_at: datetime | None


def record_of(user: User) -> Record:
    responses = Response.objects.filter(author=user).aggregate(
        n=Count("id"), first=Min("created_at")
    )
    discussions = Discussion.objects.filter(author=user).count()
    flags_against = Flag.objects.filter(
        Q(response__author=user) | Q(discussion__author=user)
    ).count()
    return Record(responses["n"], discussions, flags_against, responses["first"])
