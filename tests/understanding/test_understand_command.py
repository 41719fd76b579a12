"""`tribune understand`: catching up, rebuilding, and refusing what makes no sense."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.factories import make_source
from tests.understanding.story_factories import store_many
from tribune.news.models import Article, Story

pytestmark = pytest.mark.django_db

NOW = timezone.now()
EVENT = (
    "Lebanon ceasefire monitoring committee meets in Naqoura, agrees monthly schedule",
    "The committee overseeing the ceasefire between Israel and Lebanon met at Naqoura.",
)
EVENT_2 = (
    "Lebanon ceasefire committee meets in Naqoura as UNIFIL's final weeks approach",
    "Officers of the committee met at the Naqoura base and agreed to meet monthly.",
)


def run(*args: str) -> str:
    out = StringIO()
    call_command("understand", *args, stdout=out)
    return out.getvalue()


def stored_pair() -> list[int]:
    return store_many(make_source(), [(*EVENT, NOW - timedelta(hours=5))]) + store_many(
        make_source(), [(*EVENT_2, NOW - timedelta(hours=3))]
    )


def test_understand_tags_and_clusters_what_was_left():
    ids = stored_pair()  # stored, never understood
    output = run()
    articles = Article.objects.filter(pk__in=ids)
    assert not articles.filter(understood_at__isnull=True).exists()
    assert len(set(articles.values_list("story_id", flat=True))) == 1
    assert "2 articles tagged, 2 clustered" in output
    assert "0 articles tagged, 0 clustered" in run()  # nothing left


def test_understand_rebuild_reforms_the_stories_under_their_keys():
    ids = stored_pair()
    run()
    story = Article.objects.get(pk=ids[0]).story_id
    output = run("--rebuild")
    assert set(Article.objects.filter(pk__in=ids).values_list("story_id", flat=True)) == {story}
    assert "2 articles: 2 tagged, 2 clustered into 1 stories (1 with two sources" in output
    assert Story.objects.get(pk=story).source_count == 2


def test_understand_since_leaves_older_articles_alone():
    old = store_many(make_source(), [(*EVENT, NOW - timedelta(days=10))])
    run("--since", "3")
    assert Article.objects.get(pk=old[0]).understood_at is None
    run()
    assert Article.objects.get(pk=old[0]).understood_at is not None


@pytest.mark.parametrize("days", ["0", "-2"])
def test_understand_refuses_a_period_that_is_not_positive(days):
    with pytest.raises(CommandError):
        run("--since", days)


def test_understand_refuses_a_period_that_is_not_a_number():
    with pytest.raises(CommandError):
        run("--since", "lots")
