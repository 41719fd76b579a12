"""The demo tells its big stories through several outlets: after loading (and moving its dates
to now) every article is tagged and in a story, at its new date."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db.models import F

from tribune.demo.load import load_demo
from tribune.news.models import Article, Story
from tribune.understanding.models import Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    cache.clear()
    return load_demo(log=lambda line: None)


def story_with(title_start: str) -> Story:
    article = Article.objects.select_related("story").get(title__startswith=title_start)
    assert article.story is not None
    return article.story


def test_every_demo_article_is_tagged_and_in_a_story(demo):
    assert not Article.objects.filter(understood_at__isnull=True).exists()
    assert not Article.objects.filter(clustered_seq__isnull=True).exists()
    assert not Article.objects.filter(story__isnull=True).exists()


def test_the_demo_has_stories_told_by_several_outlets(demo):
    assert Story.objects.filter(source_count__gte=2).count() >= 8
    iran = story_with("Iran and UN nuclear watchdog open Vienna talks")
    assert story_with("Iran agrees new schedule of IAEA inspections") == iran
    assert iran.source_count >= 3
    swap = story_with("Russia and Ukraine swap 150 prisoners")
    assert story_with("Russia and Ukraine exchange 150 prisoners") == swap
    assert swap != iran
    lebanon = story_with("Lebanon ceasefire monitoring committee meets in Naqoura")
    assert story_with("Lebanon ceasefire committee meets in Naqoura") == lebanon


def test_the_demo_keeps_unrelated_news_apart(demo):
    # No story mixes the big events with each other.
    for story in Story.objects.filter(source_count__gte=2):
        titles = " ".join(story.articles.values_list("title", flat=True))
        events = [w for w in ("IAEA", "prisoners", "Naqoura", "ECB", "comet") if w in titles]
        assert len(events) <= 1, titles


def test_tags_and_stories_carry_the_demo_dates_after_they_moved(demo):
    assert not Tag.objects.exclude(published_at=F("article__published_at")).exists()
    for story in Story.objects.filter(article_count__gte=2):
        dates = list(story.articles.values_list("published_at", flat=True))
        assert story.first_published_at == min(dates)
        assert story.last_published_at == max(dates)
        assert story.article_count == len(dates)


def test_loading_the_demo_again_keeps_its_stories(demo):
    before = dict(Article.objects.values_list("id", "story_id"))
    load_demo(log=lambda line: None)
    assert dict(Article.objects.values_list("id", "story_id")) == before
