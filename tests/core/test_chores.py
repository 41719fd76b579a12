import pytest
from django.core.cache import cache

from tribune.core.chores import Chore, run_due_chores

calls: list[str] = []


def record() -> None:
    calls.append("ran")


def explode() -> None:
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    calls.clear()


def test_a_chore_runs_once_per_interval_whatever_the_number_of_passes():
    chores = (Chore("record", 60, "tests.core.test_chores:record"),)
    assert run_due_chores(chores) == ["record"]
    assert run_due_chores(chores) == []
    assert calls == ["ran"]


def test_a_failing_chore_does_not_stop_the_others():
    chores = (
        Chore("explode", 60, "tests.core.test_chores:explode"),
        Chore("record", 60, "tests.core.test_chores:record"),
    )
    assert run_due_chores(chores) == ["record"]


def test_every_registered_chore_names_a_real_function():
    from tribune.core.chores import CHORES

    for chore in CHORES:
        assert callable(chore.load())
