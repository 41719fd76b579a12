"""The newsroom's pieces are understood when published: tagged, and placed in the story they
comment on, marked as the site's own; an edit tags them again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_source
from tests.understanding.story_factories import store
from tribune.news import actions
from tribune.news.models import Article, Source
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


def publish(title: str, standfirst: str, **kwargs: object) -> Article:
    author = actions.do_save_house_author(name="Ada Columnist", slug="ada", bio="Writes.")
    return actions.do_publish_piece(
        actions.house_source(),
        guid=str(kwargs.pop("guid", "piece:swap")),
        title=title,
        standfirst=standfirst,
        body_markdown="The exchange of prisoners matters more than the numbers suggest.",
        authors=[author],
        **kwargs,  # type: ignore[arg-type]
    )


def test_an_opinion_piece_joins_the_story_it_comments_on_without_leading_it():
    wire, dispatch = make_source(), make_source()
    first = store(wire, *SWAP, NOW - timedelta(hours=6))
    second = store(dispatch, *SWAP_2, NOW - timedelta(hours=5))
    pipeline.understand_articles([first, second])

    piece = publish(
        "What the 150-for-150 prisoner swap between Russia and Ukraine tells us",
        "The UAE-mediated exchange of prisoners of war shows what quiet diplomacy can still do.",
        published_at=NOW - timedelta(hours=1),
    )
    piece.refresh_from_db()
    assert piece.understood_at is not None
    assert {"RU", "UA"} <= set(piece.tags.values_list("topic__code", flat=True))
    story = piece.story
    assert story is not None
    assert Article.objects.get(pk=first).story == story
    assert (story.article_count, story.source_count) == (3, 3)
    assert story.lead_article_id == first  # a report leads, not the opinion piece
    assert story.last_published_at == piece.published_at
    members = story.articles.select_related("source")
    own = [a for a in members if a.source.kind == Source.Kind.HOUSE]
    assert [(a.pk, a.kind) for a in own] == [(piece.pk, Article.Kind.OPINION)]


def test_an_edited_piece_is_tagged_again_and_stays_in_its_story():
    piece = publish(
        "Why the Danube flood plan needs Hungary",
        "Ten states along the river signed; one of them matters most.",
    )
    piece.refresh_from_db()
    story, seq = piece.story_id, piece.clustered_seq
    assert story is not None and "HU" in set(piece.tags.values_list("topic__code", flat=True))

    edited = publish(
        "Why the Danube flood plan needs Austria",
        "Ten states along the river signed; one of them matters most.",
    )
    edited.refresh_from_db()
    tags = set(edited.tags.values_list("topic__code", flat=True))
    assert "AT" in tags and "HU" not in tags
    assert (edited.story_id, edited.clustered_seq) == (story, seq)
    assert edited.story is not None and edited.story.title == edited.title


def test_a_piece_on_a_subject_nobody_covers_is_a_story_of_its_own():
    piece = publish(
        "Why we are keeping the comments open",
        "How we mean to keep them civil.",
        guid="piece:comments",
        kind=Article.Kind.OPINION,
    )
    piece.refresh_from_db()
    assert piece.story is not None
    assert (piece.story.article_count, piece.story.lead_article_id) == (1, piece.pk)
