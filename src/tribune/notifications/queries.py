"""Named reads for notifications: a reader's inbox, the header's counts, followed discussions.
Each list is a fixed number of queries, whatever its size. Notices about discussions on what
the reader muted (sources, sections, authors, topics) are left out of the inbox and count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from tribune.accounts.models import User
from tribune.core.pagination import Page, keyset_page
from tribune.discussions.models import Visibility
from tribune.moderation.permissions import MODERATOR_GROUPS
from tribune.news.models import Article
from tribune.notifications.models import Notification, Subscription
from tribune.personalization.models import Rule
from tribune.understanding.models import Tag

PAGE_SIZE = 30
EXCERPT = 240
T = TypeVar("T")


def _unmuted(qs: QuerySet[Notification], user: Any) -> QuerySet[Notification]:
    """Leave out notices about a discussion whose article (a story thread: its lead article)
    or section the reader muted: by its source, section, an author or a topic. The mutes are
    read inside the same query (so no query is added, however many mutes); those expired no
    longer count. Moderators' messages about no discussion always stay."""
    mutes = Rule.objects.filter(user=user, verb=Rule.Verb.MUTE).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )

    def muted(kind: str) -> Any:
        return mutes.filter(kind=kind).values(f"{kind}_id")

    muted_article = Article.objects.filter(
        Q(pk=OuterRef("discussion__article_id"))
        | Q(pk=OuterRef("discussion__story__lead_article_id"))
    ).filter(
        Q(source_id__in=muted("source"))
        | Q(section_id__in=muted("section"))
        | Exists(Tag.objects.filter(article_id=OuterRef("pk"), topic_id__in=muted("topic")))
        | Exists(
            Article.authors.through.objects.filter(
                article_id=OuterRef("pk"), author_id__in=muted("author")
            )
        )
    )
    muted_section = mutes.filter(kind="section", section_id=OuterRef("discussion__section_id"))
    return qs.exclude(Exists(muted_article)).exclude(Exists(muted_section))


def inbox(user: User, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[Notification]:
    """The reader's notifications, newest first, in pages (keyset: stable while new ones
    arrive). One query: actor, discussion and response come joined; of a response's text
    only its first characters leave the database."""
    qs = (
        _unmuted(Notification.objects.filter(recipient=user), user)
        .select_related("actor", "discussion", "response")
        .defer(
            "discussion__body_markdown",
            "discussion__body_html",
            "response__body_markdown",
            "response__body_html",
            "actor__bio",
            "actor__password",
        )
        .annotate(excerpt=Substr("response__body_markdown", 1, EXCERPT))
    )
    return keyset_page(qs, "created_at", cursor, size)


def notice_for(user: User, pk: int) -> Notification | None:
    """One of the reader's own notifications (never another reader's)."""
    return (
        Notification.objects.filter(pk=pk, recipient=user)
        .select_related("discussion", "response")
        .first()
    )


@dataclass(frozen=True)
class HeaderCounts:
    unread: int
    moderates: bool


def header_counts(user: User) -> HeaderCounts:
    """The unread count and whether the reader moderates, in one query, both answered from
    indexes (the inbox index on recipient and read_at; the groups join)."""
    unread = (
        _unmuted(Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True), user)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    in_group = User.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name__in=MODERATOR_GROUPS
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(unread=Coalesce(Subquery(unread), 0), in_group=Exists(in_group))
        .values_list("unread", "in_group")
        .first()
    )
    if row is None:
        return HeaderCounts(0, False)
    # The same rule as accounts.roles.is_moderator, answered inside this one query.
    moderates = user.is_active and (bool(row[1]) or user.is_superuser)
    return HeaderCounts(int(row[0]), moderates)


def following(user: User, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[Subscription]:
    """Discussions the reader follows, most recently active first. Those a moderator hid or
    removed drop out (unless the reader started them)."""
    qs = (
        Subscription.objects.filter(user=user)
        .filter(Q(discussion__visibility=Visibility.VISIBLE) | Q(discussion__author=user))
        .select_related("discussion")
        .defer("discussion__body_markdown", "discussion__body_html")
    )
    return keyset_page(qs, "discussion__last_activity_at", cursor, size, tiebreak="discussion_id")


def is_following(user: User, discussion_id: int) -> bool:
    return Subscription.objects.filter(user=user, discussion_id=discussion_id).exists()
