"""Keyset pagination ("older" links): a page is the rows after the last one shown, ordered
by one column and the id. Constant cost on any page and stable while new rows arrive,
unlike OFFSET. The cursor is the last row's (value, id), opaque in the URL."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.dateparse import parse_datetime

T = TypeVar("T", bound=Model)


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode(value: object, pk: int) -> str:
    text = value.isoformat() if isinstance(value, datetime) else repr(value)
    return base64.urlsafe_b64encode(f"{text}|{pk}".encode()).decode().rstrip("=")


def parse_when(text: str) -> datetime:
    when = parse_datetime(text)
    if when is None:
        raise ValueError(text)
    return when


def decode(cursor: str, parse: Callable[[str], Any] = parse_when) -> tuple[Any, int] | None:
    """The (value, id) in a cursor, or None for anything garbled (the first page is shown)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        text, pk = raw.rsplit("|", 1)
        return parse(text), int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


def keyset_page(
    queryset: QuerySet[T],
    column: str,
    cursor: str | None,
    size: int,
    parse: Callable[[str], Any] = parse_when,
    tiebreak: str = "id",
) -> Page[T]:
    """The page of `queryset` after `cursor`, largest `column` first, ties by `tiebreak`
    (both may follow relations: "discussion__last_activity_at", "discussion_id")."""
    qs = queryset.order_by(f"-{column}", f"-{tiebreak}")
    if cursor and (position := decode(cursor, parse)):
        value, key = position
        qs = qs.filter(Q(**{f"{column}__lt": value}) | Q(**{column: value, f"{tiebreak}__lt": key}))
    items = list(qs[: size + 1])
    more = len(items) > size
    items = items[:size]
    if not (more and items):
        return Page(items, None)
    return Page(items, encode(_read(items[-1], column), _read(items[-1], tiebreak)))


def _read(row: object, path: str) -> Any:
    for name in path.split("__"):
        row = getattr(row, name)
    return row
