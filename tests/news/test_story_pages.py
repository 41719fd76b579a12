"""A story's page: every outlet's take, the opinion pieces apart, its topics with follow
buttons, its shared thread; and the box on each of its articles that leads there."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from tests.discussions.conftest import make_user
from tests.factories import make_section, make_source
from tests.news.story_factories import make_story, make_topic, mute, publish, tag
from tribune.discussions import actions as discussion_actions
from tribune.news.models import Article
from tribune.personalization.models import ReadMark

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def world():
    return make_section("World")


@pytest.fixture
def outlets(world):
    return [
        make_source(title=name, section=world)
        for name in ("Harbor Gazette", "Coastline Daily", "Meridian Wire")
    ]


@pytest.fixture
def talks(outlets, world):
    """Three outlets on the Vienna talks; the Gazette twice."""
    gazette, coastline, meridian = outlets
    articles = [
        publish(
            gazette,
            "Iran and the IAEA open talks in Vienna",
            hours_ago=30,
            section=world,
            standfirst="Inspectors want access by December.",
        ),
        publish(gazette, "Vienna talks: a schedule agreed", hours_ago=2, section=world),
        publish(
            coastline,
            "Europe welcomes the inspection deal",
            hours_ago=5,
            section=world,
            summary="Governments call it a first step.",
        ),
        publish(meridian, "Oil slips as the deal trims risk", hours_ago=8, section=world),
    ]
    return make_story(*articles, title="Iran and the IAEA open talks in Vienna"), articles


def page(client, story) -> str:
    response = client.get(f"/stories/{story.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_story_page_shows_each_sources_take_with_links_to_our_article_pages(client, talks):
    story, (first, update, europe, oil) = talks
    html = page(client, story)
    assert "<h1" in html and "Iran and the IAEA open talks in Vienna" in html
    assert "Covered by 3 sources" in html
    for article in (update, europe, oil):
        assert f'href="{article.get_absolute_url()}">{article.title}</a>' in html
    # A source's newest article is its take; its earlier ones are listed under it.
    assert html.index(update.title) < html.index("Earlier from Harbor Gazette")
    assert f'<a href="{first.get_absolute_url()}">{first.title}</a>' in html
    assert "Governments call it a first step." in html
    # Newest take first, and the time span of the coverage.
    assert html.index(update.title) < html.index(europe.title) < html.index(oil.title)
    assert f'datetime="{first.published_at.isoformat()}"' in html


def test_a_standfirst_is_shown_before_a_summary(client, outlets, world):
    a = publish(outlets[0], "A", section=world, standfirst="The deck.", summary="The summary.")
    b = publish(outlets[1], "B", section=world)
    html = page(client, make_story(a, b))
    assert "The deck." in html and "The summary." not in html


def test_opinion_pieces_are_marked_and_listed_apart(client, talks):
    story, _ = talks
    column = publish(
        make_source(title="Tribune"), "Why inspections matter", kind=Article.Kind.OPINION
    )
    Article.objects.filter(pk=column.pk).update(story=story)
    html = page(client, story)
    opinion = html.split('id="opinion-heading"', 1)[1]
    assert "Why inspections matter" in opinion
    assert '<p class="kicker">Opinion</p>' in opinion
    takes = html.split('id="takes-heading"', 1)[1].split('id="opinion-heading"', 1)[0]
    assert "Why inspections matter" not in takes
    assert "Covered by 3 sources" in html


def test_the_storys_topics_link_to_their_pages_and_the_main_ones_have_follow_buttons(client, talks):
    story, (first, update, europe, oil) = talks
    iran, iaea, vienna, oil_topic = (
        make_topic("Iran"),
        make_topic("IAEA", "organization"),
        make_topic("Vienna"),
        make_topic("Oil markets", "organization"),
    )
    gone = make_topic("Persia", active=False)
    for article in (first, update, europe, oil):
        tag(article, iran)
    for article in (first, update, europe):
        tag(article, iaea)
    tag(first, vienna, gone)
    tag(update, vienna)
    tag(oil, oil_topic)
    html = page(client, story)
    chips = html.split('aria-label="Topics of this story"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="/topics/([^/]+)/"', chips) == [
        "iran",
        "iaea",
        "vienna",
        "oil-markets",
    ]
    assert "Persia" not in html
    follow = html.split('id="follow-heading"', 1)[1].split("</section>", 1)[0]
    assert follow.count('action="/for-you/follow/"') == 3
    assert "Oil markets" not in follow


def test_a_missing_story_is_404(client):
    assert client.get("/stories/999999/").status_code == 404


def test_a_story_whose_articles_are_all_withdrawn_is_404(client, talks):
    story, _ = talks
    Article.objects.filter(story=story).update(status=Article.Status.DRAFT)
    assert client.get(f"/stories/{story.pk}/").status_code == 404


def test_a_muted_sources_take_is_hidden_with_a_note(client, talks, outlets):
    story, _ = talks
    ana = make_user("ana")
    mute(ana, "source", outlets[2])
    client.force_login(ana)
    html = page(client, story)
    assert "Oil slips as the deal trims risk" not in html
    assert "1 article of this story is hidden by your mutes." in html
    assert "Covered by 2 sources" in html


def test_a_story_title_and_a_headline_are_escaped(client, outlets, world):
    hostile = '<script>alert("x")</script>'
    a = publish(outlets[0], hostile, section=world)
    b = publish(outlets[1], "Calm headline", section=world)
    html = page(client, make_story(a, b, title=hostile))
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_the_story_page_takes_as_many_queries_for_forty_articles_as_for_four(
    client, django_assert_num_queries, world, talks
):
    story, articles = talks
    iran = make_topic("Iran")
    for article in articles:
        tag(article, iran)
    ana = make_user("ana")
    discussion_actions.do_respond(
        ana, discussion_actions.do_ensure_story_thread(story), "A first word."
    )
    client.force_login(ana)
    client.get(f"/stories/{story.pk}/")
    # The session, the reader, the story, its articles, its topics, the reader's rules (for
    # the follow buttons), read marks, the thread, its responses, the reader's votes and
    # blocks, the readers' discussions, the header's notifications.
    with django_assert_num_queries(13):
        client.get(f"/stories/{story.pk}/")
    more = [
        publish(make_source(title=f"Outlet {i}", section=world), f"Take {i}", section=world)
        for i in range(36)
    ]
    for article in more:
        tag(article, iran)
    Article.objects.filter(pk__in=[a.pk for a in more]).update(story=story)
    with django_assert_num_queries(13):
        html = client.get(f"/stories/{story.pk}/").content.decode()
    assert "Covered by 39 sources" in html


# The article page's box ------------------------------------------------------------------------


def test_an_article_of_a_story_told_by_several_outlets_leads_to_it(client, talks):
    story, (first, *_rest) = talks
    html = client.get(first.get_absolute_url()).content.decode()
    box = html.split('class="story-box"', 1)[1].split("</aside>", 1)[0]
    assert f'href="/stories/{story.pk}/">This story on 3 sources</a>' in box
    assert "Coastline Daily" in box and "Meridian Wire" in box and "Harbor Gazette" not in box
    assert f'href="/stories/{story.pk}/#responses"' in box


def test_an_article_alone_in_its_story_has_no_box(client, outlets, world):
    lone = publish(outlets[0], "Only here", section=world)
    make_story(lone)
    twice = publish(outlets[0], "Same outlet twice", section=world)
    make_story(twice, publish(outlets[0], "Same outlet again", section=world))
    for article in (lone, twice):
        assert 'class="story-box"' not in client.get(article.get_absolute_url()).content.decode()


def test_reading_an_article_marks_it_read_for_a_signed_in_reader_only(client, talks):
    _, (first, *_rest) = talks
    client.get(first.get_absolute_url())
    assert not ReadMark.objects.exists()
    ana = make_user("ana")
    client.force_login(ana)
    client.get(first.get_absolute_url())
    client.get(first.get_absolute_url())
    assert list(ReadMark.objects.values_list("user_id", "article_id")) == [(ana.pk, first.pk)]


def test_a_story_of_one_outlet_has_a_page_all_the_same(client, outlets, world):
    only = publish(outlets[0], "Harbour dredging starts", section=world)
    html = page(client, make_story(only))
    assert "Covered by 1 source<" in html
    assert only.title in html
