"""Topic pages, section pages' same components, and the topics index: latest stories grouped
and paged, the coverage timeline, the topics mentioned with it, its discussions, follow."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.discussions.conftest import make_user
from tests.factories import make_section, make_source
from tests.news.story_factories import make_story, make_topic, mute, publish, tag, visitor
from tribune.discussions import actions as discussion_actions
from tribune.news import queries as news_queries
from tribune.news.models import Article
from tribune.understanding import queries
from tribune.understanding.models import Topic

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
def iran():
    return make_topic("Iran")


def told_by_all(outlets, world, title, topics, hours_ago=1.0):
    articles = [
        publish(s, f"{title} ({s.title})", hours_ago=hours_ago + i / 10, section=world)
        for i, s in enumerate(outlets)
    ]
    for article in articles:
        tag(article, *topics)
    return make_story(*articles), articles


def headlines(html: str) -> list[str]:
    return re.findall(r'class="item-title"><a href="[^"]+">([^<]+)</a>', html)


# The topic page ----------------------------------------------------------------------------


def test_a_topic_page_shows_its_stories_once_each_with_their_outlets(client, outlets, world, iran):
    story, _ = told_by_all(outlets, world, "Vienna talks", [iran])
    lone = publish(outlets[0], "Sanctions review", hours_ago=5, section=world)
    tag(lone, iran)
    publish(outlets[1], "Harbour dredging", section=world)  # not about Iran
    html = client.get("/topics/iran/").content.decode()
    assert "<h1" in html and ">Iran</h1>" in html
    assert headlines(html) == ["Vienna talks (Harbor Gazette)", "Sanctions review"]
    assert f'href="/stories/{story.pk}/">3 sources' in html


def test_an_inactive_or_unknown_topic_has_no_page(client):
    make_topic("Persia", active=False)
    assert client.get("/topics/persia/").status_code == 404
    assert client.get("/topics/nowhere/").status_code == 404
    assert client.get("/topics/%3Cscript%3E/").status_code == 404


def test_a_story_appears_on_one_page_of_a_topic_only(outlets, world, iran):
    # Its newest article is on page one, its older ones would fall on page two.
    a = publish(outlets[0], "Talks, day two", hours_ago=1, section=world)
    others = [
        publish(outlets[1], f"Other Iran news {i}", hours_ago=2 + i, section=world)
        for i in range(3)
    ]
    b = publish(outlets[2], "Talks, day one", hours_ago=10, section=world)
    for article in (a, b, *others):
        tag(article, iran)
    story = make_story(a, b)
    seen, cursor = [], None
    while True:
        page = queries.topic_stories_page(iran, visitor(), cursor, size=2)
        seen += [item.article for item in page.items]
        if not (cursor := page.next_cursor):
            break
    assert [x.title for x in seen] == [
        "Talks, day two",
        "Other Iran news 0",
        "Other Iran news 1",
        "Other Iran news 2",
    ]
    assert sum(1 for x in seen if x.story_id == story.pk) == 1


def test_a_muted_source_is_left_out_of_a_topic_page(client, outlets, world, iran):
    ana = make_user("ana")
    told_by_all(outlets, world, "Vienna talks", [iran])
    mute(ana, "source", outlets[0])
    client.force_login(ana)
    html = client.get("/topics/iran/").content.decode()
    # The story stands on the newest article its mutes leave.
    assert headlines(html) == ["Vienna talks (Coastline Daily)"]
    assert "2 sources" in html


def test_the_topic_page_has_a_follow_button(client, iran):
    html = client.get("/topics/iran/").content.decode()
    assert 'action="/for-you/follow/"' in html
    assert f'name="id" value="{iran.pk}"' in html


def test_the_timeline_is_inline_svg_with_a_label_and_a_summary(client, outlets, world, iran):
    for h in (1, 2, 50):
        tag(publish(outlets[0], f"Iran {h}", hours_ago=h, section=world), iran)
    old = publish(outlets[0], "Iran long ago", hours_ago=24 * 40, section=world)
    tag(old, iran)
    html = client.get("/topics/iran/").content.decode()
    assert '<svg class="timeline-chart"' in html
    assert 'aria-label="Articles a day about Iran, last 30 days"' in html
    assert html.count('class="timeline-bar"') in (2, 3)  # two days, or three across midnight
    assert "3 articles in the last 30 days" in html
    assert "style=" not in html.split('<svg class="timeline-chart"', 1)[1].split("</svg>")[0]


def test_coverage_by_day_counts_published_articles_of_the_window_only(outlets, world, iran):
    today = publish(outlets[0], "Today", hours_ago=0, section=world)
    draft = publish(outlets[1], "Draft", hours_ago=0, section=world)
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    old = publish(outlets[2], "Old", hours_ago=24 * 31, section=world)
    for article in (today, draft, old):
        tag(article, iran)
    series = queries.coverage_by_day(iran)
    assert len(series) == 30
    assert series[-1].day == timezone.localdate()
    assert sum(d.count for d in series) == 1 == series[-1].count
    # A section counts all its articles, tagged or not.
    publish(outlets[0], "Untagged", hours_ago=0, section=world)
    assert sum(d.count for d in queries.coverage_by_day(world)) == 2


def test_the_topics_most_mentioned_with_it_come_first_with_their_counts(
    client, outlets, world, iran
):
    russia, israel, iaea = (
        make_topic("Russia"),
        make_topic("Israel"),
        make_topic("IAEA", "organization"),
    )
    banned = make_topic("Persia", active=False)
    for i in range(3):
        tag(publish(outlets[i], f"Iran and Russia {i}", section=world), iran, russia)
    for i in range(2):
        tag(publish(outlets[i], f"Iran and Israel {i}", section=world), iran, israel, banned)
    tag(publish(outlets[0], "Iran and the IAEA", section=world), iran, iaea)
    # Outside the window, and without Iran: neither counts.
    tag(publish(outlets[1], "Old", hours_ago=24 * 40, section=world), iran, iaea)
    tag(publish(outlets[2], "Israel and the IAEA", section=world), israel, iaea)
    found = queries.co_mentions(iran)
    assert [(t.name, t.n) for t in found] == [("Russia", 3), ("Israel", 2), ("IAEA", 1)]
    html = client.get("/topics/iran/").content.decode()
    side = html.split('id="co-mentions-heading"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'href="/topics/([^/]+)/"', side) == ["russia", "israel", "iaea"]
    assert ">3<" in side


def test_co_mentions_are_limited(outlets, world, iran):
    article = publish(outlets[0], "Everything", section=world)
    tag(article, iran, *(make_topic(f"Place {i}") for i in range(12)))
    assert len(queries.co_mentions(iran)) == queries.CO_MENTIONS


def test_its_discussions_are_about_its_articles_and_its_stories(client, outlets, world, iran):
    ana = make_user("ana")
    story, (first, *_rest) = told_by_all(outlets, world, "Vienna talks", [iran])
    unrelated = publish(outlets[0], "Harbour dredging", section=world)
    discussion_actions.do_start_discussion(ana, "Will the deal hold?", "", article=first)
    discussion_actions.do_respond(ana, discussion_actions.do_ensure_story_thread(story), "Hm.")
    discussion_actions.do_start_discussion(ana, "Dredging again", "", article=unrelated)
    html = client.get("/topics/iran/").content.decode()
    side = html.split('id="discussions-heading"', 1)[1].split("</section>", 1)[0]
    assert "Will the deal hold?" in side
    assert f'href="/stories/{story.pk}/#responses"' in side
    assert "Dredging again" not in side


def test_its_discussions_leave_out_what_the_reader_muted(client, outlets, world, iran):
    ana, ben = make_user("ana"), make_user("ben")
    _, (first, second, _third) = told_by_all(outlets, world, "Vienna talks", [iran])
    discussion_actions.do_start_discussion(ana, "About the Gazette piece", "", article=first)
    discussion_actions.do_start_discussion(ana, "About the Coastline piece", "", article=second)
    discussion_actions.do_start_discussion(ana, "Sanctions are theatre", "", article=second)
    mute(ben, "source", outlets[0])
    mute(ben, "keyword", phrase="theatre")
    client.force_login(ben)
    side = client.get("/topics/iran/").content.decode().split('id="discussions-heading"', 1)[1]
    assert "About the Coastline piece" in side
    assert "About the Gazette piece" not in side and "Sanctions are theatre" not in side


def fill(outlets, world, topics, n):
    for i in range(n):
        told_by_all(outlets, world, f"Story {n}-{i}", topics, hours_ago=i + 1)


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_topic_page_takes_as_many_queries_for_many_stories_as_for_few(
    client, django_assert_num_queries, outlets, world, iran, signed_in
):
    russia = make_topic("Russia")
    if signed_in:
        ana = make_user("ana")
        mute(ana, "keyword", phrase="nothing-matches")
        client.force_login(ana)
    fill(outlets, world, [iran, russia], 2)
    # The topic, its stories, their other outlets, the timeline, the co-mentions, the
    # discussions; signed in, also the session, the reader, their rules, read marks and
    # hide-read setting, and the header's notifications.
    expected = 12 if signed_in else 6
    kept = f"tribune:surroundings:topic:{iran.pk}"
    client.get("/topics/iran/")
    cache.delete(kept)
    with django_assert_num_queries(expected):
        client.get("/topics/iran/")
    # The timeline and the co-mentions are the same for everyone: kept a few minutes.
    with django_assert_num_queries(expected - 2):
        client.get("/topics/iran/")
    fill(outlets, world, [iran, russia], 40)
    cache.delete(kept)
    with django_assert_num_queries(expected):
        response = client.get("/topics/iran/")
    assert len(response.context["page"].items) == 30


# Section pages -----------------------------------------------------------------------------


def test_a_section_page_shows_its_stories_once_with_the_topic_components(
    client, outlets, world, iran
):
    story, _ = told_by_all(outlets, world, "Vienna talks", [iran, make_topic("Russia")])
    publish(outlets[0], "Elsewhere", section=make_section("Business"))
    html = client.get("/sections/world/").content.decode()
    assert headlines(html) == ["Vienna talks (Harbor Gazette)"]
    assert f'href="/stories/{story.pk}/">3 sources' in html
    assert '<svg class="timeline-chart"' in html
    assert "3 articles in the last 30 days" in html
    side = html.split('id="co-mentions-heading"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'href="/topics/([^/]+)/"', side) == ["iran", "russia"]
    assert 'action="/for-you/follow/"' in html


def test_a_section_pages_through_every_story_once(outlets, world):
    for i in range(7):
        a = publish(outlets[0], f"S{i} first", hours_ago=i + 1, section=world)
        b = publish(outlets[1], f"S{i} second", hours_ago=i + 1.5, section=world)
        make_story(a, b)
        publish(outlets[2], f"Single {i}", hours_ago=i + 1.2, section=world)
    seen, cursor = [], None
    while True:
        page = news_queries.section_stories_page(world, visitor(), cursor, size=4)
        seen += [item.article.title for item in page.items]
        if not (cursor := page.next_cursor):
            break
    assert len(seen) == 14 == len(set(seen))
    assert not any("second" in title for title in seen)


def test_a_section_page_lists_its_discussions(client, outlets, world):
    ana = make_user("ana")
    article = publish(outlets[0], "Harbour dredging", section=world)
    discussion_actions.do_start_discussion(ana, "Dredging again", "", article=article)
    discussion_actions.do_start_discussion(ana, "Elsewhere", "", section=make_section("Business"))
    side = client.get("/sections/world/").content.decode().split('id="discussions-heading"')[1]
    assert "Dredging again" in side and "Elsewhere" not in side


# The topics index ----------------------------------------------------------------------------


def test_the_topics_index_shows_this_weeks_topics_by_kind_and_the_sections(client, outlets, world):
    iran, russia = make_topic("Iran"), make_topic("Russia")
    iaea = make_topic("IAEA", Topic.Kind.ORGANIZATION)
    grossi = make_topic("Rafael Grossi", Topic.Kind.PERSON)
    quiet = make_topic("Chile")
    hidden = make_topic("Persia", active=False)
    for i in range(3):
        tag(publish(outlets[i], f"Iran {i}", section=world), iran, iaea)
    tag(publish(outlets[0], "Russia", section=world), russia, grossi, hidden)
    tag(publish(outlets[0], "Chile long ago", hours_ago=24 * 8, section=world), quiet)
    html = client.get("/topics/").content.decode()
    places = html.split('id="shelf-place"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'href="/topics/([^/]+)/"', places) == ["iran", "russia"]
    assert 'href="/topics/iaea/"' in html.split('id="shelf-organization"', 1)[1]
    assert 'href="/topics/rafael-grossi/"' in html.split('id="shelf-person"', 1)[1]
    assert "Persia" not in html and "Chile" not in html
    sections = html.split('id="shelf-sections"', 1)[1]
    assert 'href="/sections/world/"' in sections


def test_the_topics_index_keeps_a_dozen_per_kind(outlets, world):
    article = publish(outlets[0], "Everything", section=world)
    tag(article, *(make_topic(f"Place {i}") for i in range(20)))
    shelves = {s.kind: s.topics for s in queries.popular_topics()}
    assert len(shelves[Topic.Kind.PLACE]) == queries.POPULAR_PER_KIND
    assert shelves[Topic.Kind.PERSON] == []


def test_the_topics_index_takes_one_query_whatever_the_number_of_topics_and_is_kept(
    client, django_assert_num_queries, outlets, world
):
    client.get("/topics/")  # the section nav's cache
    tag(publish(outlets[0], "A", section=world), make_topic("Iran"))
    cache.delete("tribune:popular-topics:7:12")
    with django_assert_num_queries(1):
        client.get("/topics/")
    with django_assert_num_queries(0):
        client.get("/topics/")
    article = publish(outlets[1], "B", section=world)
    tag(article, *(make_topic(f"Org {i}", Topic.Kind.ORGANIZATION) for i in range(30)))
    cache.delete("tribune:popular-topics:7:12")
    with django_assert_num_queries(1):
        response = client.get("/topics/")
    assert "Org 0" in response.content.decode()


@pytest.mark.parametrize("cursor", ["%%%", "bm90LWEtY3Vyc29y", "MXwy", "x" * 500])
def test_a_garbled_cursor_shows_the_first_page_of_a_topic_or_a_section(
    client, outlets, world, iran, cursor
):
    tag(publish(outlets[0], "Talks in Vienna", section=world), iran)
    for url in ("/topics/iran/", "/sections/world/"):
        response = client.get(url, {"before": cursor})
        assert response.status_code == 200
        assert "Talks in Vienna" in headlines(response.content.decode())
