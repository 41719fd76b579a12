"""Everything tied to one account, as a JSON document streamed in pieces.

One query per kind of data whatever its size: each is read with a chunked iterator (a
server-side cursor on PostgreSQL), and responses are joined with their earlier versions by
walking two id-ordered streams side by side, so memory stays flat for a reader with years of
posts. The order of sections is the order of `_sections`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from tribune.accounts.models import Block, User
from tribune.discussions.models import Discussion, Response, ResponseRevision, Vote
from tribune.moderation.models import Flag, ModerationAction
from tribune.notifications.models import Notification, Subscription
from tribune.personalization.models import ReaderSettings, ReadMark, Rule, Weight
from tribune.pwa.models import PushSubscription
from tribune.site.models import Feedback

FORMAT = "tribune-export"
FORMAT_VERSION = 1
CHUNK = 2_000  # rows fetched at a time
FLUSH = 64 * 1024  # characters per piece sent

_encoder = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str:
    return _encoder.encode(value)


def filename(user: User, when: datetime) -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", user.username)[:40] or "reader"
    site = re.sub(r"[^A-Za-z0-9_.-]", "_", settings.SITE_NAME.lower())[:40] or "tribune"
    return f"{site}-{name}-{when:%Y-%m-%d}.json"


def stream(user: User) -> Iterator[str]:
    """The export of `user` as pieces of one JSON object (about FLUSH characters each)."""
    buffer: list[str] = []
    size = 0
    for piece in _document(user):
        buffer.append(piece)
        size += len(piece)
        if size >= FLUSH:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def _document(user: User) -> Iterator[str]:
    from django.utils import timezone

    head = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "site": {"name": settings.SITE_NAME, "url": settings.SITE_URL},
    }
    yield "{\n"
    for key, value in head.items():
        yield f"{_dumps(key)}:{_dumps(value)},\n"
    yield f'"profile":{_dumps(_profile(user))}'
    for name, rows in _sections(user):
        yield f",\n{_dumps(name)}:"
        if isinstance(rows, dict) or rows is None:
            yield _dumps(rows)
            continue
        yield "["
        first = True
        for row in rows:
            yield ("\n" if first else ",\n") + _dumps(row)
            first = False
        yield "]"
    yield "\n}\n"


Section = Iterable[dict[str, Any]] | dict[str, Any] | None


def _sections(user: User) -> Iterator[tuple[str, Section]]:
    yield "responses", _responses(user)
    yield "discussions", _discussions(user)
    yield (
        "votes",
        _rows(Vote.objects.filter(user=user), "response_id", "discussion_id", "created_at"),
    )
    yield (
        "followed_discussions",
        _rows(
            Subscription.objects.filter(user=user),
            "discussion_id",
            "discussion__title",
            "created_at",
            rename={"discussion__title": "discussion_title"},
        ),
    )
    yield (
        "follows_and_mutes",
        _targets(Rule.objects.filter(user=user), "verb", "expires_at", "created_at"),
    )
    yield "weights", _targets(Weight.objects.filter(user=user), "value", "updated_at")
    yield (
        "read_marks",
        _rows(
            ReadMark.objects.filter(user=user),
            "article_id",
            "article__title",
            "read_at",
            rename={"article__title": "article_title"},
        ),
    )
    yield (
        "reader_settings",
        _first(ReaderSettings.objects.filter(user=user), "hide_read", "onboarded_at"),
    )
    yield (
        "notifications",
        _rows(
            Notification.objects.filter(recipient=user),
            "kind",
            "discussion_id",
            "response_id",
            "message",
            "created_at",
            "read_at",
            "emailed_at",
        ),
    )
    yield (
        "blocks",
        _rows(
            Block.objects.filter(blocker=user),
            "blocked__username",
            "created_at",
            rename={"blocked__username": "blocked"},
        ),
    )
    yield (
        "flags",
        _rows(
            Flag.objects.filter(reporter=user),
            "reason",
            "note",
            "status",
            "response_id",
            "discussion_id",
            "created_at",
        ),
    )
    # What moderators did about the reader, without naming the moderator.
    yield (
        "moderation_record",
        _rows(
            ModerationAction.objects.filter(target_user=user),
            "kind",
            "reason",
            "until",
            "response_id",
            "discussion_id",
            "created_at",
        ),
    )
    yield (
        "feedback",
        _rows(
            Feedback.objects.filter(user=user),
            "category",
            "message",
            "email",
            "page",
            "status",
            "created_at",
        ),
    )
    yield (
        "push_subscriptions",
        _rows(
            PushSubscription.objects.filter(user=user), "endpoint", "created_at", "last_success_at"
        ),
    )


def _profile(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "email_confirmed_at": user.email_confirmed_at,
        "bio": user.bio,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "terms_version": user.terms_version,
        "terms_accepted_at": user.terms_accepted_at,
        "email_on_reply": user.email_on_reply,
        "email_on_mention": user.email_on_mention,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "approved_posts": user.approved_posts,
        "suspended_until": user.suspended_until,
        "banned": user.banned,
        "suspension_reason": user.suspension_reason,
        "url": _absolute(user.get_absolute_url()),
    }


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _url_pattern(name: str) -> str:
    """The URL of `name` for any id, built once: "{}" stands for the id."""
    marker = 987654321
    return _absolute(reverse(name, args=[marker])).replace(str(marker), "{}")


def _rows(
    queryset: Any, *fields: str, rename: dict[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    rename = rename or {}
    for row in queryset.order_by("pk").values(*fields).iterator(chunk_size=CHUNK):
        yield {rename.get(key, key): value for key, value in row.items()}


def _first(queryset: Any, *fields: str) -> dict[str, Any] | None:
    row = queryset.values(*fields).first()
    return dict(row) if row is not None else None


def _responses(user: User) -> Iterator[dict[str, Any]]:
    url = _url_pattern("discussions:response")
    revisions = (
        ResponseRevision.objects.filter(response__author=user)
        .order_by("response_id", "replaced_at", "pk")
        .values_list("response_id", "body_markdown", "replaced_at")
        .iterator(chunk_size=CHUNK)
    )
    pending = next(revisions, None)
    rows = (
        Response.objects.filter(author=user)
        .order_by("pk")
        .values(
            "id",
            "discussion_id",
            "discussion__title",
            "parent_id",
            "body_markdown",
            "created_at",
            "edited_at",
            "deleted_at",
            "visibility",
            "moderation_reason",
            "score",
        )
        .iterator(chunk_size=CHUNK)
    )
    for row in rows:
        earlier = []
        # Both streams are in response-id order: take this response's revisions off the top.
        while pending is not None and pending[0] <= row["id"]:
            if pending[0] == row["id"]:
                earlier.append({"body_markdown": pending[1], "replaced_at": pending[2]})
            pending = next(revisions, None)
        yield {
            "id": row["id"],
            "url": url.format(row["id"]),
            "discussion_id": row["discussion_id"],
            "discussion_title": row["discussion__title"],
            "parent_id": row["parent_id"],
            "body_markdown": row["body_markdown"],
            "created_at": row["created_at"],
            "edited_at": row["edited_at"],
            "deleted_at": row["deleted_at"],
            "visibility": row["visibility"],
            "moderation_reason": row["moderation_reason"],
            "score": row["score"],
            "earlier_versions": earlier,
        }
    # Ends the cursor early if a response vanished between the two reads.
    getattr(revisions, "close", lambda: None)()


def _discussions(user: User) -> Iterator[dict[str, Any]]:
    url = _url_pattern("discussions:detail")
    rows = (
        Discussion.objects.filter(author=user)
        .order_by("pk")
        .values(
            "id",
            "kind",
            "title",
            "body_markdown",
            "article_id",
            "section__name",
            "created_at",
            "edited_at",
            "visibility",
            "moderation_reason",
            "locked",
            "response_count",
            "score",
        )
        .iterator(chunk_size=CHUNK)
    )
    for row in rows:
        out: dict[str, Any] = dict(row)
        out["url"] = url.format(row["id"])
        out["section"] = out.pop("section__name")
        yield out


_TARGET_FIELDS = (
    "kind",
    "topic_id",
    "topic__name",
    "section_id",
    "section__name",
    "source_id",
    "source__title",
    "author_id",
    "author__name",
    "phrase",
)


def _targets(queryset: Any, *fields: str) -> Iterator[dict[str, Any]]:
    """Rules and weights: what they are about, by kind, id and name (or phrase)."""
    names = {
        "topic": "topic__name",
        "section": "section__name",
        "source": "source__title",
        "author": "author__name",
    }
    for row in queryset.order_by("pk").values(*_TARGET_FIELDS, *fields).iterator(chunk_size=CHUNK):
        kind = row["kind"]
        target: dict[str, Any] = {"kind": kind}
        if kind == "keyword":
            target["phrase"] = row["phrase"]
        else:
            target["id"] = row[f"{kind}_id"]
            target["name"] = row[names[kind]]
        yield {**target, **{field: row[field] for field in fields}}
