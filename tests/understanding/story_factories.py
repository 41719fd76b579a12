"""Builders for the story tests: articles with chosen titles, leads and dates stored through
the real store action, the labeled story set, and a real database fault for failure paths."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path

from django.db import connection
from django.utils import timezone

from tests.factories import entry
from tribune.news import actions
from tribune.news.models import Article, Source

LABELED = Path(__file__).resolve().parents[1] / "data" / "stories" / "articles.jsonl"
_guid = count(1)


def store(source: Source, title: str, lead: str, published: datetime) -> int:
    """One feed article, stored as the ingest pipeline stores it; returns its id."""
    (article_id,) = store_many(source, [(title, lead, published)])
    return article_id


def store_many(source: Source, items: list[tuple[str, str, datetime]]) -> list[int]:
    records = []
    for title, lead, published in items:
        record = entry(f"story-{next(_guid)}", published=published)
        record.title, record.summary, record.content_text = title, lead, lead
        records.append(record)
    return actions.do_store_entries(source, records).created_ids


def labeled_rows() -> list[dict[str, object]]:
    """The labeled set of tests/data/stories, moved so that its newest article is an hour old
    (the store keeps no article in the future)."""
    with LABELED.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    newest = max(datetime.fromisoformat(str(r["published"])) for r in rows)
    shift = timezone.now() - timedelta(hours=1) - newest
    for r in rows:
        r["published"] = datetime.fromisoformat(str(r["published"])) + shift
    rows.sort(key=lambda r: (r["published"], r["id"]))
    return rows


def partition(article_ids: list[int]) -> set[frozenset[int]]:
    """The articles grouped by their story, as sets (story keys left out)."""
    groups: dict[int | None, set[int]] = {}
    for aid, story_id in Article.objects.filter(pk__in=article_ids).values_list("id", "story_id"):
        groups.setdefault(story_id, set()).add(aid)
    assert None not in groups, "an article has no story"
    return {frozenset(g) for g in groups.values()}


@contextlib.contextmanager
def refuse_inserts(table: str, when: str = "") -> Iterator[None]:
    """A trigger that makes every INSERT into ``table`` fail (those matching ``when``, a
    condition on NEW, if given), as a broken database would: a real failure for the code
    under test, no stand-in of our own code."""
    condition = f"WHEN ({when}) " if when else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION tribune_test_refuse() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'insert refused by the test'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER tribune_test_refuse BEFORE INSERT ON {table} "
                f"FOR EACH ROW {condition}EXECUTE FUNCTION tribune_test_refuse()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER tribune_test_refuse BEFORE INSERT ON {table} {condition}"
                "BEGIN SELECT RAISE(ABORT, 'insert refused by the test'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER tribune_test_refuse ON {table}")
                cursor.execute("DROP FUNCTION tribune_test_refuse()")
            else:
                cursor.execute("DROP TRIGGER tribune_test_refuse")
