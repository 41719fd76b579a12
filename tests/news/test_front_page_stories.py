"""The front page shows stories, not duplicates: one headline per story with the other
outlets that tell it, the reader's mutes applied before grouping, read articles marked."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from tests.discussions.conftest import make_user
from tests.factories import make_section, make_source
from tests.news.story_factories import make_story, make_topic, mute, publish, reader, tag, visitor
from tribune.news import queries
from tribune.news.models import Article
from tribune.personalization.actions import do_mark_read, do_set_hide_read

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


def ferry_story(outlets, world, hours=(1, 2, 3)):
    """The same event from three outlets, the first outlet's article the newest."""
    articles = [
        publish(source, f"Ferry {source.title}", hours_ago=h, section=world)
        for source, h in zip(outlets, hours, strict=True)
    ]
    return make_story(*articles), articles


def headlines(html: str) -> list[str]:
    return re.findall(r'class="item-title"><a href="[^"]+">([^<]+)</a>', html)


def test_a_story_told_by_three_outlets_shows_once_with_its_source_count(client, outlets, world):
    story, _ = ferry_story(outlets, world)
    html = client.get("/").content.decode()
    shown = headlines(html)
    assert shown.count("Ferry Harbor Gazette") == 1
    assert "Ferry Coastline Daily" not in shown and "Ferry Meridian Wire" not in shown
    assert f'href="/stories/{story.pk}/">3 sources' in html


def test_the_other_outlets_are_named_first_reporter_first(outlets, world):
    ferry_story(outlets, world, hours=(1, 5, 3))
    page = queries.front_page(visitor())
    item = page.lead[0]
    assert item.article.title == "Ferry Harbor Gazette"
    assert item.source_count == 3
    assert item.others == ["Coastline Daily", "Meridian Wire"]


def test_single_source_articles_still_appear_on_their_own(client, outlets, world):
    publish(outlets[0], "Library opens late", section=world)
    lone = publish(outlets[1], "Tide tables change", section=world)
    make_story(lone)  # a story of one outlet is just an article
    html = client.get("/").content.decode()
    assert "Library opens late" in headlines(html)
    assert "Tide tables change" in headlines(html)
    assert 'class="story-line"' not in html


def test_a_story_shows_once_across_the_lead_and_the_sections(outlets, world):
    story, _ = ferry_story(outlets, world)
    # Enough other news that the story's older articles fall out of the lead into World.
    for i in range(8):
        publish(outlets[i % 3], f"Other news {i}", hours_ago=0.1 * (i + 1), section=world)
    page = queries.front_page(visitor())
    shown = [item.article for item in page.lead] + [
        item.article for _, items in page.sections for item in items
    ]
    assert sum(1 for a in shown if a.story_id == story.pk) == 1


def test_opinion_pieces_stand_for_themselves_and_are_not_counted_as_coverage(outlets, world):
    story, _ = ferry_story(outlets, world)
    column = publish(
        make_source(title="Tribune"), "Why the ferry matters", kind=Article.Kind.OPINION
    )
    Article.objects.filter(pk=column.pk).update(story=story)
    page = queries.front_page(visitor())
    titles = [item.article.title for item in page.lead]
    assert "Why the ferry matters" in titles and "Ferry Harbor Gazette" in titles
    item = next(i for i in page.lead if i.article.title == "Ferry Harbor Gazette")
    assert "Tribune" not in item.others
    assert not next(i for i in page.lead if i.article.title == "Why the ferry matters").is_story


def test_a_muted_source_never_reaches_the_front_page_nor_its_story_lines(client, outlets, world):
    ana = make_user("ana")
    ferry_story(outlets, world)
    publish(outlets[0], "Gazette only", hours_ago=0.5, section=world)
    mute(ana, "source", outlets[0])
    client.force_login(ana)
    html = client.get("/").content.decode()
    assert "Gazette only" not in html
    assert "Ferry Harbor Gazette" not in headlines(html)
    # The story stands on its newest unmuted article, told now by two outlets.
    assert "Ferry Coastline Daily" in headlines(html)
    assert "2 sources" in html and "Harbor Gazette" not in html.split("<main", 1)[1]


def test_a_muted_topic_hides_its_articles(outlets, world):
    ana = make_user("ana")
    iran = make_topic("Iran")
    tagged = publish(outlets[0], "Talks in Vienna", section=world)
    tag(tagged, iran)
    publish(outlets[1], "Harbour dredging starts", section=world)
    mute(ana, "topic", iran)
    titles = [i.article.title for i in queries.front_page(reader(ana)).lead]
    assert titles == ["Harbour dredging starts"]


def test_a_muted_keyword_drops_an_article_before_grouping(outlets, world):
    ana = make_user("ana")
    a = publish(outlets[0], "Ferry strike begins", hours_ago=1, section=world)
    b = publish(outlets[1], "Crossings halted at dawn", hours_ago=2, section=world)
    make_story(a, b)
    mute(ana, "keyword", phrase="strike")
    lead = queries.front_page(reader(ana)).lead
    assert [i.article.title for i in lead] == ["Crossings halted at dawn"]
    assert lead[0].others == ["Harbor Gazette"]


def test_read_articles_are_marked(client, outlets, world):
    ana = make_user("ana")
    article = publish(outlets[0], "Harbour dredging starts", section=world)
    do_mark_read(ana, article.pk)
    client.force_login(ana)
    html = client.get("/").content.decode()
    assert "item-top is-read" in html
    assert '<span class="read-mark">Read</span>' in html
    # A visitor has no read state.
    client.logout()
    assert "read-mark" not in client.get("/").content.decode()


def test_a_reader_who_hides_read_articles_sees_the_story_by_an_unread_outlet(outlets, world):
    ana = make_user("ana")
    _, articles = ferry_story(outlets, world)
    publish(outlets[2], "Library opens late", hours_ago=4, section=world)
    do_mark_read(ana, articles[0].pk)
    do_set_hide_read(ana, True)
    lead = queries.front_page(reader(ana)).lead
    assert [i.article.title for i in lead] == ["Ferry Coastline Daily", "Library opens late"]
    assert not any(i.read for i in lead)


def fill(outlets, world, n: int) -> None:
    """n stories of three outlets and n single articles, in two sections."""
    business = make_section("Business")
    for i in range(n):
        section = world if i % 2 else business
        group = [
            publish(source, f"Story {n}-{i} {source.title}", hours_ago=i + j / 10, section=section)
            for j, source in enumerate(outlets)
        ]
        make_story(*group)
        publish(outlets[i % 3], f"Single {n}-{i}", hours_ago=i + 0.5, section=section)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_front_page_takes_as_many_queries_for_many_stories_as_for_few(
    client, django_assert_num_queries, outlets, world, signed_in
):
    if signed_in:
        ana = make_user("ana")
        mute(ana, "keyword", phrase="nothing-matches")
        client.force_login(ana)
    fill(outlets, world, 2)
    client.get("/")  # warm the section nav's cache
    # Visitor: the lead's candidates, where the newest 1000 end, the sections' candidates,
    # the sections, the chosen articles, the other outlets. Signed in, also: the session, the
    # reader, their rules, their read marks, their hide-read setting and the header's unread
    # notifications.
    expected = 12 if signed_in else 6
    with django_assert_num_queries(expected):
        few = client.get("/")
    fill(outlets, world, 25)
    with django_assert_num_queries(expected):
        many = client.get("/")
    assert len(few.context["lead"]) < len(many.context["lead"]) == 7
    assert sum(len(items) for _, items in many.context["sections"]) == 10


def test_a_visitors_mutes_kept_in_their_cookie_apply_too(client, outlets, world):
    from django.utils import timezone

    from tribune.personalization import cookie
    from tribune.personalization.prefs import MUTE, Pref, Prefs, Target

    ferry_story(outlets, world)
    publish(outlets[0], "Gazette only", hours_ago=0.5, section=world)
    publish(outlets[1], "Strike at the port", hours_ago=0.6, section=world)
    prefs = Prefs(
        rules=[
            Pref(Target("source", id=outlets[0].pk), MUTE),
            Pref(Target("keyword", phrase="strike"), MUTE),
        ]
    )
    client.cookies[cookie.NAME] = cookie.encode(prefs, timezone.now())
    shown = headlines(client.get("/").content.decode())
    assert "Gazette only" not in shown and "Strike at the port" not in shown
    assert "Ferry Coastline Daily" in shown


def test_a_tampered_prefs_cookie_counts_as_none(client, outlets, world):
    from tribune.personalization import cookie

    publish(outlets[0], "Gazette only", section=world)
    client.cookies[cookie.NAME] = "not-a-signed-value"
    assert "Gazette only" in headlines(client.get("/").content.decode())
