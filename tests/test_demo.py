"""The demo a newcomer sees: bundled outlets through the real pipeline, offline."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from tribune.demo.load import demo_sites, load_demo
from tribune.news.models import Article, Author, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.FETCH_ALLOWED_NETWORKS = []  # the demo needs no network access at all
    cache.clear()
    return load_demo(log=lambda line: None)


def test_the_demo_fills_the_site_from_its_bundled_outlets(demo):
    assert demo["failed"] == 0
    assert Source.objects.filter(kind=Source.Kind.FEED).count() >= 6
    assert Article.objects.filter(kind=Article.Kind.REPORT).count() >= 60
    assert Source.objects.filter(kind=Source.Kind.FEED, error_count__gt=0).count() == 0


def test_every_bundled_feed_format_is_represented():
    paths = {str(site["feed_path"]).rsplit(".", 1)[-1] for site in demo_sites()}
    assert {"xml", "json", "rdf"} <= paths


def test_summary_only_outlets_get_their_full_text_from_article_pages(demo):
    full_text_sources = Source.objects.filter(full_text=True)
    assert full_text_sources.count() >= 2
    for source in full_text_sources:
        articles = Article.objects.filter(source=source)
        assert articles.exists()
        assert all(a.has_full_text and a.word_count > 150 for a in articles), source.title


def test_the_newsroom_has_opinion_pieces_with_bylines_datelines_and_bios(demo):
    pieces = Article.objects.filter(kind=Article.Kind.OPINION)
    assert pieces.count() >= 2
    for piece in pieces:
        authors = list(piece.authors.all())
        assert authors and all(a.bio for a in authors)
        assert piece.dateline and piece.byline
    assert Author.objects.filter(source__isnull=True, bio__gt="").count() >= 2


def test_the_demo_is_dated_to_now(demo):
    newest = Article.objects.order_by("-published_at").first()
    assert timezone.now() - newest.published_at < timezone.timedelta(hours=2)
    assert not Article.objects.filter(published_at__gt=timezone.now()).exists()


def test_loading_the_demo_again_changes_nothing(demo):
    before = list(Article.objects.values_list("id", "published_at", "content_hash").order_by("id"))
    again = load_demo(log=lambda line: None)
    assert again["failed"] == 0
    assert (
        list(Article.objects.values_list("id", "published_at", "content_hash").order_by("id"))
        == before
    )


def test_the_front_page_of_the_demo_is_full(demo, client):
    html = client.get("/").content.decode()
    assert html.count('class="item') >= 20
    assert "Opinion" in html
