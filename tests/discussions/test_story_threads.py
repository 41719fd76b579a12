"""A story's shared thread (readers of every outlet's version meet in one place), readers'
discussions about a story, and the discussions list without what the reader muted."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.discussions.conftest import respond, start
from tests.factories import make_section, make_source
from tests.news.story_factories import make_story, make_topic, mute, publish, tag
from tribune.discussions import actions
from tribune.discussions.models import Discussion, Response

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world():
    return make_section("World")


@pytest.fixture
def outlets(world):
    return [make_source(title=n, section=world) for n in ("Harbor Gazette", "Coastline Daily")]


@pytest.fixture
def story(outlets, world):
    a = publish(outlets[0], "Ferry enters service", hours_ago=3, section=world)
    b = publish(outlets[1], "New ferry takes its first passengers", hours_ago=2, section=world)
    return make_story(a, b)  # the Gazette's, the first, leads


def url(story) -> str:
    return f"/discussions/stories/{story.pk}/respond/"


def test_reading_a_story_shows_a_form_for_its_thread_but_creates_nothing(client, ben, story):
    client.force_login(ben)
    html = client.get(f"/stories/{story.pk}/").content.decode()
    assert f'action="{url(story)}"' in html
    assert "No responses yet: be the first." in html
    assert not Discussion.objects.exists()


def test_the_first_response_creates_the_storys_thread_and_lands_on_the_story_page(
    client, ben, story
):
    client.force_login(ben)
    answer = client.post(url(story), {"body": "Read it in the Gazette."})
    thread = Discussion.objects.get()
    response = Response.objects.get()
    assert thread.kind == Discussion.Kind.STORY and thread.story == story
    assert thread.title == story.title and thread.section == story.section
    assert answer["Location"] == f"/stories/{story.pk}/#r{response.pk}"
    html = client.get(f"/stories/{story.pk}/").content.decode()
    assert "Read it in the Gazette." in html and ">1 response</a>" in html


def test_readers_of_every_outlet_meet_in_one_thread(client, ana, ben, story):
    client.force_login(ben)
    client.post(url(story), {"body": "one"})
    client.force_login(ana)
    answer = client.post(url(story), {"body": "two"}, **HTMX)
    assert answer.status_code == 201
    assert Discussion.objects.count() == 1
    assert Discussion.objects.get().response_count == 2


def test_ensuring_the_thread_twice_gives_the_same_thread(story):
    first = actions.do_ensure_story_thread(story)
    assert actions.do_ensure_story_thread(story) == first
    assert Discussion.objects.filter(kind=Discussion.Kind.STORY).count() == 1


def test_a_refused_first_response_creates_no_thread(client, ben, story):
    client.force_login(ben)
    answer = client.post(url(story), {"body": "x" * 20_001})
    assert answer.status_code == 400
    assert "to the story" in answer.content.decode()
    empty = client.post(url(story), {"body": "   "})
    assert empty.status_code == 400
    assert not Discussion.objects.exists()


def test_a_visitor_is_sent_to_log_in_and_nothing_is_created(client, story):
    answer = client.post(url(story), {"body": "hello"})
    assert answer.status_code == 302 and answer["Location"].startswith("/login/?next=")
    assert not Discussion.objects.exists()


def test_responding_to_a_missing_story_is_404_and_reading_the_address_is_not_allowed(
    client, ben, story
):
    client.force_login(ben)
    assert client.post("/discussions/stories/999999/respond/", {"body": "x"}).status_code == 404
    assert client.get(url(story)).status_code == 405


def test_a_locked_story_thread_refuses_responses(client, ben, story):
    thread = actions.do_ensure_story_thread(story)
    Discussion.objects.filter(pk=thread.pk).update(locked=True)
    client.force_login(ben)
    answer = client.post(url(story), {"body": "late"})
    assert answer.status_code == 400
    assert not Response.objects.exists()


def test_a_replys_permalink_and_the_threads_address_lead_to_the_story_page(client, ana, ben, story):
    top = actions.check_respond_to_story(ben, story, "top")
    reply = respond(ana, top.discussion, "reply", parent=top)
    answer = client.get(f"/discussions/{top.discussion.pk}/")
    assert answer.status_code == 302
    assert answer["Location"] == f"/stories/{story.pk}/#responses"
    client.force_login(ben)
    posted = client.post(f"/discussions/responses/{top.pk}/reply/", {"body": "again"})
    assert posted["Location"].startswith(f"/stories/{story.pk}/#r")
    html = client.get(f"/discussions/responses/{reply.pk}/").content.decode()
    assert f'href="/stories/{story.pk}/' in html


def test_the_story_thread_is_in_the_discussions_list_once_someone_responds(client, ben, story):
    actions.do_ensure_story_thread(story)
    assert story.title not in client.get("/discussions/?sort=new").content.decode()
    actions.check_respond_to_story(ben, story, "first")
    html = client.get("/discussions/?sort=new").content.decode()
    assert f'href="/stories/{story.pk}/#responses">{story.title}</a>' in html
    assert "Responses to the story" in html


def test_each_article_of_the_story_leads_to_its_thread(client, story):
    for article in story.articles.all():
        html = client.get(article.get_absolute_url()).content.decode()
        assert f'href="/stories/{story.pk}/#responses"' in html


# Readers' discussions about a story -----------------------------------------------------------


def test_a_reader_starts_a_discussion_about_a_story(client, ana, story):
    client.force_login(ana)
    form = client.get(f"/discussions/new/?story={story.pk}").content.decode()
    assert f'<input type="hidden" name="story" value="{story.pk}">' in form
    assert "About the story" in form
    answer = client.post(
        "/discussions/new/", {"title": "Is the ferry worth it?", "body": "", "story": story.pk}
    )
    discussion = Discussion.objects.get(kind=Discussion.Kind.DISCUSSION)
    assert answer["Location"] == f"/discussions/{discussion.pk}/"
    assert discussion.story == story and discussion.section == story.section
    page = client.get(f"/discussions/{discussion.pk}/").content.decode()
    assert f'About the story <a href="/stories/{story.pk}/">' in page
    story_page = client.get(f"/stories/{story.pk}/").content.decode()
    assert "Is the ferry worth it?" in story_page
    listed = client.get("/discussions/?sort=new").content.decode()
    assert "about the story" in listed


def test_a_missing_story_on_the_start_form_is_ignored(client, ana):
    client.force_login(ana)
    answer = client.post("/discussions/new/", {"title": "Anything", "story": "999999"})
    assert answer.status_code == 302
    assert Discussion.objects.get().story is None
    assert client.get("/discussions/new/?story=abc").status_code == 200


def test_discussions_about_the_storys_articles_show_on_its_page(client, ana, story):
    article = story.articles.first()
    start(ana, "About one outlet and its version", article=article)
    start(ana, "Unrelated")
    html = client.get(f"/stories/{story.pk}/").content.decode()
    side = html.split('id="other-discussions-heading"', 1)[1].split("</section>", 1)[0]
    assert "About one outlet and its version" in side and "Unrelated" not in side


# The discussions list without what the reader muted ----------------------------------------------


def titles(client, query="?sort=new") -> list[str]:
    html = client.get(f"/discussions/{query}").content.decode()
    return re.findall(r'class="item-title"><a href="[^"]+">([^<]+)</a>', html)


def test_the_list_hides_discussions_about_muted_sources_sections_topics_and_keywords(
    client, ana, ben, outlets, world, story
):
    business = make_section("Business")
    iran = make_topic("Iran")
    gazette_piece = publish(outlets[0], "Gazette piece", section=world)
    coastline_piece = publish(outlets[1], "Coastline piece", section=world)
    tagged = publish(outlets[1], "Talks in Vienna", section=world)
    tag(tagged, iran)
    start(ana, "About the Gazette", article=gazette_piece)
    start(ana, "About Coastline", article=coastline_piece)
    start(ana, "About Iran", article=tagged)
    start(ana, "Markets this week", section=business)
    start(ana, "Strike at the port")
    start(ana, "About the ferry story", story=story)
    actions.check_respond_to_article(ana, coastline_piece, "hm")  # its own thread, listed
    everything = set(titles(client))
    assert {"About the Gazette", "About Iran", "Strike at the port"} <= everything
    mute(ben, "source", outlets[0])
    mute(ben, "section", business)
    mute(ben, "topic", iran)
    mute(ben, "keyword", phrase="strike")
    client.force_login(ben)
    shown = titles(client)
    assert "About Coastline" in shown and "Coastline piece" in shown
    for hidden in (
        "About the Gazette",
        "About Iran",
        "Markets this week",
        "Strike at the port",
        # The story's lead article is the Gazette's: the reader muted its outlet.
        "About the ferry story",
    ):
        assert hidden not in shown


def test_the_list_hides_discussions_about_a_muted_authors_article_and_a_muted_topics_story(
    client, ana, ben, outlets, world, story
):
    from tribune.news.models import Article, Author

    writer = Author.objects.create(name="Dana Fell", slug="dana-fell", source=outlets[1])
    column = publish(outlets[1], "Dana on the budget", section=world)
    column.authors.add(writer)
    start(ana, "About Dana's column", article=column)
    actions.check_respond_to_story(ana, story, "first")
    ferry = make_topic("Ferries")
    lead = Article.objects.get(pk=story.lead_article_id)
    tag(lead, ferry)
    mute(ben, "author", writer)
    mute(ben, "topic", ferry)
    client.force_login(ben)
    shown = titles(client)
    assert "About Dana&#x27;s column" not in shown
    assert story.title not in shown
    client.logout()
    everyone = titles(client)
    assert "About Dana&#x27;s column" in everyone and story.title in everyone


def test_a_keyword_in_the_articles_title_hides_its_thread(client, ana, ben, outlets, world):
    article = publish(outlets[0], "Strike closes the port", section=world)
    actions.check_respond_to_article(ana, article, "first")
    mute(ben, "keyword", phrase="strike")
    client.force_login(ben)
    assert "Strike closes the port" not in titles(client)


def test_the_list_with_mutes_takes_as_many_queries_for_30_discussions_as_for_3(
    client, ana, ben, outlets, world
):
    iran = make_topic("Iran")
    mute(ben, "source", outlets[0])
    mute(ben, "topic", iran)
    mute(ben, "section", make_section("Business"))
    mute(ben, "keyword", phrase="strike")
    client.force_login(ben)

    def fill(n: int) -> None:
        for i in range(n):
            article = publish(outlets[1], f"Piece {n}-{i}", section=world)
            start(ana, f"Topic {n}-{i}", article=article if i % 2 else None)

    fill(3)
    client.get("/discussions/?sort=new")
    with CaptureQueriesContext(connection) as few:
        client.get("/discussions/?sort=new")
    fill(40)
    with CaptureQueriesContext(connection) as many:
        answer = client.get("/discussions/?sort=new")
    assert len(answer.context["page"].items) == 30
    assert len(few) == len(many) <= 5
