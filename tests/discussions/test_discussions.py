"""Starting a discussion, its page, following and voting for it, and the discussions list."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.discussions.conftest import make_article, respond, start
from tribune.accounts.models import Block
from tribune.discussions import actions
from tribune.discussions.models import Discussion, Visibility, Vote
from tribune.discussions.ranking import do_refresh_hot_ranks
from tribune.notifications.models import Subscription

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


# Starting ------------------------------------------------------------------------------------


def test_a_reader_starts_a_discussion_and_lands_on_it(client, ana):
    client.force_login(ana)
    assert client.get("/discussions/new/").status_code == 200
    answer = client.post("/discussions/new/", {"title": "  Trams  or buses? ", "body": "*Both*"})
    discussion = Discussion.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/discussions/{discussion.pk}/"
    assert discussion.title == "Trams or buses?" and discussion.author == ana
    assert discussion.kind == Discussion.Kind.DISCUSSION
    assert discussion.body_html == "<p><em>Both</em></p>\n"
    assert Subscription.objects.filter(user=ana, discussion=discussion).exists()


def test_a_discussion_about_an_article_is_attached_to_it_and_its_section(client, ana, article):
    client.force_login(ana)
    form = client.get(f"/discussions/new/?article={article.pk}").content.decode()
    assert article.title in form and f'name="article" value="{article.pk}"' in form
    client.post("/discussions/new/", {"title": "About this", "article": article.pk})
    discussion = Discussion.objects.get()
    assert discussion.article == article and discussion.section == article.section


def test_a_discussion_in_a_section_is_listed_under_it(client, ana, article):
    client.force_login(ana)
    client.post("/discussions/new/", {"title": "In world", "section": article.section.slug})
    assert Discussion.objects.get().section == article.section


def test_a_discussion_without_a_title_is_refused_and_keeps_the_body(client, ana):
    client.force_login(ana)
    answer = client.post("/discussions/new/", {"title": "", "body": "my long thoughts"})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Give the discussion a title." in html and "my long thoughts</textarea>" in html
    assert not Discussion.objects.exists()


def test_starting_discussions_too_fast_answers_429(client, ana):
    client.force_login(ana)
    for i in range(actions.POST_LIMIT.count):
        client.post("/discussions/new/", {"title": f"Topic {i}"})
    answer = client.post("/discussions/new/", {"title": "One more", "body": "kept"})
    assert answer.status_code == 429 and int(answer["Retry-After"]) > 0
    assert "kept</textarea>" in answer.content.decode()


def test_visitors_are_sent_to_log_in_to_start_a_discussion(client):
    answer = client.get("/discussions/new/?article=3")
    assert answer.status_code == 302
    assert answer["Location"] == "/login/?next=/discussions/new/%3Farticle%3D3"


# The discussion's page -----------------------------------------------------------------------


def test_the_discussion_page_shows_title_body_author_article_and_section(client, ana, article):
    discussion = start(ana, "Bridge costs", "**Too high**", article=article)
    html = client.get(f"/discussions/{discussion.pk}/").content.decode()
    assert '<h1 class="page-title">Bridge costs</h1>' in html
    assert "<strong>Too high</strong>" in html
    assert '<a class="author" href="/u/ana/">Ana Lima</a>' in html
    assert f'href="{article.get_absolute_url()}">{article.title}</a>' in html
    assert f'?section={article.section.slug}">{article.section.name}</a>' in html


def test_a_pending_discussion_is_seen_only_by_its_author(client, settings, ana, ben):
    settings.FIRST_POSTS_NEED_APPROVAL = 1
    discussion = actions.check_start_discussion(ana, "New here", "hello")
    assert discussion.visibility == Visibility.PENDING
    client.force_login(ana)
    mine = client.get(f"/discussions/{discussion.pk}/")
    assert mine.status_code == 200 and "waiting for a moderator" in mine.content.decode()
    client.force_login(ben)
    assert client.get(f"/discussions/{discussion.pk}/").status_code == 404
    assert "New here" not in client.get("/discussions/?sort=new").content.decode()


def test_a_hidden_discussion_shows_the_reason_instead_of_its_body(client, ana):
    discussion = start(ana, "Heated", "insults")
    Discussion.objects.filter(pk=discussion.pk).update(
        visibility=Visibility.HIDDEN, moderation_reason="Flame war"
    )
    html = client.get(f"/discussions/{discussion.pk}/").content.decode()
    assert "insults" not in html and "[hidden by a moderator: Flame war]" in html


def test_a_removed_discussion_is_gone(client, ana):
    discussion = start(ana)
    Discussion.objects.filter(pk=discussion.pk).update(visibility=Visibility.REMOVED)
    assert client.get(f"/discussions/{discussion.pk}/").status_code == 404


def test_an_article_threads_discussion_address_leads_to_the_article(client, ben, article):
    thread = actions.check_respond_to_article(ben, article, "first")
    answer = client.get(f"/discussions/{thread.discussion_id}/")
    assert answer.status_code == 302
    assert answer["Location"] == f"{article.get_absolute_url()}#responses"


def test_a_reader_follows_and_unfollows_a_discussion(client, ana, ben, discussion):
    client.force_login(ben)
    assert ">Follow</button>" in client.get(f"/discussions/{discussion.pk}/").content.decode()
    answer = client.post(f"/discussions/{discussion.pk}/follow/", {"follow": "1"})
    assert answer.status_code == 302
    assert Subscription.objects.filter(user=ben, discussion=discussion).exists()
    assert ">Unfollow</button>" in client.get(f"/discussions/{discussion.pk}/").content.decode()
    answer = client.post(f"/discussions/{discussion.pk}/follow/", {"follow": "0"}, **HTMX)
    assert answer.status_code == 200 and ">Follow</button>" in answer.content.decode()
    assert not Subscription.objects.filter(user=ben, discussion=discussion).exists()


def test_a_pending_discussion_cannot_be_followed_by_others(client, settings, ana, ben):
    settings.FIRST_POSTS_NEED_APPROVAL = 1
    discussion = actions.check_start_discussion(ana, "New here", "hello")
    client.force_login(ben)
    assert client.post(f"/discussions/{discussion.pk}/follow/").status_code == 404
    assert not Subscription.objects.filter(user=ben).exists()


def test_a_discussion_is_upvoted_once_and_never_by_its_author(client, ana, ben, discussion):
    client.force_login(ben)
    client.post(f"/discussions/{discussion.pk}/vote/")
    answer = client.post(f"/discussions/{discussion.pk}/vote/", **HTMX)
    assert answer.status_code == 200 and "1 point<" in answer.content.decode()
    assert "disabled" in answer.content.decode()
    client.force_login(ana)
    assert client.post(f"/discussions/{discussion.pk}/vote/").status_code == 400
    assert Vote.objects.filter(discussion=discussion).count() == 1
    discussion.refresh_from_db()
    assert discussion.score == 1


# The list ------------------------------------------------------------------------------------


def titles(client, query: str = "") -> list[str]:
    answer = client.get(f"/discussions/{query}")
    assert answer.status_code == 200
    return re.findall(
        r'<h2 class="item-title"><a href="[^"]+">([^<]+)</a>', answer.content.decode()
    )


def aged(discussion: Discussion, **delta) -> Discussion:
    when = timezone.now() - timedelta(**delta)
    Discussion.objects.filter(pk=discussion.pk).update(created_at=when, last_activity_at=when)
    return discussion


def test_the_list_sorts_by_new_top_and_active(client, ana, ben, cleo):
    old = aged(start(ana, "Old"), days=3)
    middle = aged(start(ana, "Middle"), hours=5)
    start(ana, "Newest")
    for voter in (ben, cleo):
        actions.check_vote_discussion(voter, old)
    actions.check_vote_discussion(ben, middle)
    respond(ben, old, "revived")
    assert titles(client, "?sort=new") == ["Newest", "Middle", "Old"]
    assert titles(client, "?sort=top&t=all") == ["Old", "Middle", "Newest"]
    assert titles(client, "?sort=top&t=day") == ["Middle", "Newest"]
    assert titles(client, "?sort=top&t=week") == ["Old", "Middle", "Newest"]
    assert titles(client, "?sort=active") == ["Old", "Newest", "Middle"]


def test_an_unknown_sort_shows_hot(client, ana):
    start(ana, "Anything")
    answer = client.get("/discussions/?sort=drop+table&t=<b>")
    assert answer.status_code == 200 and answer.context["sort"] == "hot"


def test_the_list_filters_by_section_and_by_article(client, ana):
    world = make_article("w1", "World")
    science = make_article("s1", "Science")
    start(ana, "About world", article=world)
    start(ana, "About science", article=science)
    start(ana, "About nothing")
    assert titles(client, "?section=world&sort=new") == ["About world"]
    assert titles(client, f"?article={science.pk}") == ["About science"]
    assert client.get("/discussions/?section=nowhere").status_code == 404
    assert client.get("/discussions/?article=999999").status_code == 404


def test_article_threads_are_listed_once_someone_has_responded(client, ana, ben, article):
    quiet = make_article("quiet")
    actions.thread_for_article(quiet)  # a thread without responses is not a conversation
    actions.check_respond_to_article(ben, article, "first!")
    start(ana, "A reader's discussion")
    listed = titles(client, "?sort=new")
    assert article.title in listed and quiet.title not in listed
    html = client.get("/discussions/?sort=new").content.decode()
    assert f'href="{article.get_absolute_url()}#responses"' in html


def test_the_list_leaves_out_pending_hidden_and_blocked_authors_discussions(client, ana, ben, cleo):
    start(ana, "Shown")
    hidden = start(ana, "Hidden")
    Discussion.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    pending = start(ana, "Pending")
    Discussion.objects.filter(pk=pending.pk).update(visibility=Visibility.PENDING)
    start(cleo, "By cleo")
    Block.objects.create(blocker=ben, blocked=cleo)
    assert sorted(titles(client, "?sort=new")) == ["By cleo", "Shown"]
    client.force_login(ben)
    assert titles(client, "?sort=new") == ["Shown"]


def test_each_item_shows_author_response_count_age_and_article(client, ana, ben, article):
    discussion = start(ana, "Talk", article=article)
    respond(ben, discussion)
    respond(ben, discussion)
    html = client.get("/discussions/").content.decode()
    item = html.split('class="item discussion-item"')[1].split("</article>")[0]
    assert "Ana Lima" in item and "2 responses" in item and "now</time>" in item
    assert f'about <a href="{article.get_absolute_url()}">{article.title}</a>' in item


@pytest.mark.parametrize("sort", ["hot", "new", "top", "active"])
def test_paging_through_the_list_shows_every_discussion_once(client, ana, ben, sort):
    for i in range(65):
        discussion = aged(start(ana, f"Topic {i}"), minutes=i)
        if i % 4 == 0:  # ties on score and on hot rank too: the id breaks them
            Discussion.objects.filter(pk=discussion.pk).update(score=i % 7)
    do_refresh_hot_ranks()
    seen, url = [], f"/discussions/?sort={sort}&t=all"
    while url:
        answer = client.get(url)
        seen += [d.pk for d in answer.context["page"].items]
        url = "/discussions/" + answer.context["next_url"] if answer.context["next_url"] else None
    assert len(seen) == 65 == len(set(seen))


def test_a_garbled_cursor_shows_the_first_page(client, ana):
    start(ana, "Only one")
    for cursor in ("%%%", "bm90LWEtY3Vyc29y", "MXwy"):
        assert titles(client, f"?sort=new&after={cursor}") == ["Only one"]


def fill(n: int, users) -> None:
    for i in range(n):
        article = make_article(f"fill-{n}-{i}") if i % 3 == 0 else None
        discussion = start(users[i % len(users)], f"Topic {n}-{i}", article=article)
        respond(users[(i + 1) % len(users)], discussion)


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_list_takes_as_many_queries_for_30_discussions_as_for_3(
    client, logged_in, ana, ben, cleo
):
    users = [ana, ben, cleo]
    Block.objects.create(blocker=ana, blocked=cleo)
    if logged_in:
        client.force_login(ana)
    fill(3, users)
    client.get("/discussions/")
    with CaptureQueriesContext(connection) as few:
        client.get("/discussions/?sort=new")
    fill(60, users)
    with CaptureQueriesContext(connection) as many:
        answer = client.get("/discussions/?sort=new")
    assert len(answer.context["page"].items) == 30
    # Signed in: the session, the reader, their blocks and their mutes, then the page.
    assert len(few) == len(many) <= (5 if logged_in else 2)
