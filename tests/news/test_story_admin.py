"""Stories in the admin: listed with their counts, members shown read-only; articles show their
story; a piece saved in the admin is understood; a deleted article leaves its story right."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.factories import make_source
from tests.understanding.story_factories import store_many
from tribune.news import actions
from tribune.news.models import Article, Story
from tribune.understanding import pipeline

pytestmark = pytest.mark.django_db

NOW = timezone.now()
SWAP = (
    "Russia and Ukraine swap 150 prisoners each in UAE-mediated exchange",
    "Both sides returned 150 prisoners of war in a deal brokered by the United Arab Emirates.",
)
SWAP_2 = (
    "Russia and Ukraine exchange 150 prisoners each in a UAE-mediated swap",
    "The Emirates brokered the exchange of prisoners of war, 150 from each side.",
)


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw horse 123")
    client.force_login(user)
    return client


@pytest.fixture
def story_ids() -> list[int]:
    ids = store_many(make_source(title="Wire"), [(*SWAP, NOW - timedelta(hours=5))])
    ids += store_many(make_source(title="Dispatch"), [(*SWAP_2, NOW - timedelta(hours=3))])
    pipeline.understand_articles(ids)
    return ids


def test_the_story_list_shows_titles_and_counts(editor_client, story_ids):
    page = editor_client.get("/admin/news/story/")
    assert page.status_code == 200
    html = page.content.decode()
    assert SWAP[0] in html
    story = Story.objects.get()
    assert (story.source_count, story.article_count) == (2, 2)


def test_a_story_page_lists_its_articles_read_only_and_cannot_be_deleted(editor_client, story_ids):
    story = Story.objects.get()
    page = editor_client.get(f"/admin/news/story/{story.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert SWAP[0] in html and SWAP_2[0] in html
    assert 'name="articles-0-title"' not in html  # shown, not editable
    assert editor_client.get("/admin/news/story/add/").status_code == 403
    assert editor_client.get(f"/admin/news/story/{story.pk}/delete/").status_code == 403


def test_the_article_list_shows_each_story(editor_client, story_ids):
    html = editor_client.get("/admin/news/article/").content.decode()
    assert html.count(SWAP[0]) >= 2  # the article's title, and its story's


def test_deleting_an_article_in_the_admin_recounts_its_story(editor_client, story_ids):
    response = editor_client.post(f"/admin/news/article/{story_ids[0]}/delete/", {"post": "yes"})
    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.article_count, story.source_count, story.title) == (1, 1, SWAP_2[0])


def test_deleting_articles_in_bulk_in_the_admin_recounts_their_stories(editor_client, story_ids):
    response = editor_client.post(
        "/admin/news/article/",
        {"action": "delete_selected", "_selected_action": [story_ids[1]], "post": "yes"},
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.article_count, story.lead_article_id) == (1, story_ids[0])


def test_a_piece_saved_in_the_admin_is_tagged_and_placed_in_a_story(
    editor_client, story_ids, django_capture_on_commit_callbacks
):
    author = actions.do_save_house_author(name="Ines Vale", slug="ines-vale", bio="Columnist.")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            "/admin/news/article/add/",
            {
                "title": "What the 150-for-150 prisoner swap between Russia and Ukraine tells us",
                "standfirst": "The UAE-mediated exchange of prisoners of war shows what quiet "
                "diplomacy can still do.",
                "kind": "opinion",
                "status": "published",
                "authors": [author.pk],
                "published_at_0": (NOW - timedelta(hours=1)).strftime("%Y-%m-%d"),
                "published_at_1": (NOW - timedelta(hours=1)).strftime("%H:%M:%S"),
                "body_markdown": "Quiet diplomacy.",
                "source": actions.house_source().pk,
                "guid": "piece:admin-swap",
            },
        )
    assert response.status_code == 302
    piece = Article.objects.get(guid="piece:admin-swap")
    assert piece.understood_at is not None
    assert piece.story_id == Article.objects.get(pk=story_ids[0]).story_id
