"""Named reads about accounts: profiles, what a profile lists, who blocks whom.

Each list is a fixed number of queries whatever its length, paged by keyset (created_at, id).
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from tribune.accounts import roles
from tribune.accounts.models import Block, User
from tribune.core.pagination import Page, keyset_page
from tribune.discussions.models import Discussion, Response, Visibility

PAGE_SIZE = 20

T = TypeVar("T", bound=Model)


def profile_user(username: str, viewer: User | AnonymousUser) -> User | None:
    """The account at /u/<username>/ (any letter case); closed accounts only for moderators."""
    user = User.objects.filter(username__iexact=username).first()
    if user is None or (not user.is_active and not roles.is_moderator(viewer)):
        return None
    return user


def sees_everything_of(viewer: User | AnonymousUser, author: User) -> bool:
    """Moderators see every post on a profile, with its state; authors see their own."""
    return viewer.is_authenticated and (viewer.pk == author.pk or roles.is_moderator(viewer))


def profile_responses(
    author: User, viewer: User | AnonymousUser, cursor: str | None, size: int = PAGE_SIZE
) -> Page[Response]:
    qs = (
        Response.objects.filter(author=author, deleted_at__isnull=True)
        .select_related("discussion")
        .only(
            "id",
            "body_html",
            "created_at",
            "edited_at",
            "score",
            "visibility",
            "moderation_reason",
            "discussion_id",
            "discussion__id",
            "discussion__kind",
            "discussion__title",
            "discussion__article_id",
            "discussion__visibility",
        )
    )
    if not sees_everything_of(viewer, author):
        qs = qs.filter(visibility=Visibility.VISIBLE, discussion__visibility=Visibility.VISIBLE)
    return _page(qs, cursor, size)


def profile_discussions(
    author: User, viewer: User | AnonymousUser, cursor: str | None, size: int = PAGE_SIZE
) -> Page[Discussion]:
    qs = Discussion.objects.filter(author=author, kind=Discussion.Kind.DISCUSSION).only(
        "id",
        "kind",
        "title",
        "article_id",
        "created_at",
        "response_count",
        "score",
        "visibility",
        "moderation_reason",
        "locked",
    )
    if not sees_everything_of(viewer, author):
        qs = qs.filter(visibility=Visibility.VISIBLE)
    return _page(qs, cursor, size)


def _page(qs: QuerySet[T], cursor: str | None, size: int) -> Page[T]:
    return keyset_page(qs, "created_at", cursor, size)


def has_blocked(viewer: User | AnonymousUser, other: User) -> bool:
    if not viewer.is_authenticated:
        return False
    return Block.objects.filter(blocker_id=viewer.pk, blocked=other).exists()


def blocked_ids(viewer: User | AnonymousUser) -> set[int]:
    """Ids of the accounts `viewer` blocked: their responses are hidden from `viewer`."""
    if not viewer.is_authenticated:
        return set()
    return set(Block.objects.filter(blocker_id=viewer.pk).values_list("blocked_id", flat=True))


def blocks_of(user: User) -> list[Block]:
    """The accounts `user` blocked, newest first, for the settings page."""
    return list(
        Block.objects.filter(blocker=user)
        .select_related("blocked")
        .only("id", "created_at", "blocked__id", "blocked__username", "blocked__display_name")
        .order_by("-created_at", "-id")
    )
