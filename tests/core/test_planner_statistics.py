"""The daily chore that gives SQLite's planner statistics (a no-op on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection

from tribune.core.chores import CHORES
from tribune.core.db import refresh_planner_statistics

pytestmark = pytest.mark.django_db


def test_sqlite_gets_statistics_for_its_indexes():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    from tribune.news.models import Section

    Section.objects.create(name="World", slug="world")
    refresh_planner_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1")
        assert cursor.fetchone()[0] > 0


def test_the_worker_runs_it_daily():
    chore = next(c for c in CHORES if c.name == "planner-statistics")
    assert chore.every == 86400
    assert chore.load() is refresh_planner_statistics
