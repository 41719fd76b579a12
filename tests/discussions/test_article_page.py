"""An article's page: its response count, its own thread (created by the first response,
never by a read), and the other discussions about it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.discussions.conftest import respond, start
from tribune.discussions import actions
from tribune.discussions.models import Discussion, Response

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_reading_an_article_shows_an_empty_thread_and_a_form_but_creates_nothing(
    client, ben, article
):
    client.force_login(ben)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="#responses">0 responses</a>' in html
    assert f'action="/discussions/articles/{article.pk}/respond/"' in html
    assert "No responses yet: be the first." in html
    assert not Discussion.objects.exists()


def test_the_first_response_creates_the_articles_thread(client, ben, article):
    client.force_login(ben)
    answer = client.post(f"/discussions/articles/{article.pk}/respond/", {"body": "First!"})
    thread = Discussion.objects.get()
    response = Response.objects.get()
    assert thread.kind == Discussion.Kind.ARTICLE and thread.article == article
    assert answer["Location"] == f"{article.get_absolute_url()}#r{response.pk}"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "First!" in html and 'href="#responses">1 response</a>' in html


def test_later_responses_join_the_same_thread(client, ana, ben, article):
    client.force_login(ben)
    client.post(f"/discussions/articles/{article.pk}/respond/", {"body": "one"})
    client.force_login(ana)
    client.post(f"/discussions/articles/{article.pk}/respond/", {"body": "two"}, **HTMX)
    assert Discussion.objects.count() == 1
    assert Discussion.objects.get().response_count == 2


def test_a_refused_first_response_creates_no_thread(client, ben, article):
    client.force_login(ben)
    answer = client.post(f"/discussions/articles/{article.pk}/respond/", {"body": "x" * 20_001})
    assert answer.status_code == 400
    assert not Discussion.objects.filter(kind=Discussion.Kind.ARTICLE).exists()


def test_a_rate_limited_first_response_creates_no_thread(ben, article):
    for i in range(actions.POST_LIMIT.count):
        actions.check_start_discussion(ben, f"Topic {i}", "")
    with pytest.raises(actions.Refused) as refused:
        actions.check_respond_to_article(ben, article, "too fast")
    assert refused.value.retry_after
    assert not Discussion.objects.filter(kind=Discussion.Kind.ARTICLE).exists()


def test_responses_to_an_unpublished_or_missing_article_are_404(client, ben, article):
    client.force_login(ben)
    assert client.post("/discussions/articles/999999/respond/", {"body": "x"}).status_code == 404


def test_the_article_page_shows_its_thread_sorted_and_with_replies(client, ana, ben, article):
    first = actions.check_respond_to_article(ben, article, "older")
    thread = first.discussion
    second = respond(ana, thread, "newer")
    reply = respond(ana, thread, "reply", parent=first)
    html = client.get(f"{article.get_absolute_url()}?sort=new").content.decode()
    shown = [int(n) for n in re.findall(r'<li class="thread-item" id="r(\d+)"', html)]
    assert shown == [second.pk, first.pk, reply.pk]
    # Replying without JavaScript opens the form on the article's page.
    client.force_login(ana)
    html = client.get(f"{article.get_absolute_url()}?reply={first.pk}").content.decode()
    assert f'id="reply-form-{first.pk}"' in html


def test_the_article_page_lists_other_discussions_about_it(client, ana, ben, article):
    start(ana, "What the minister meant", article=article)
    start(ben, "Elsewhere entirely")
    html = client.get(article.get_absolute_url()).content.decode()
    aside = html.split('class="other-discussions"')[1].split("</aside>")[0]
    assert "What the minister meant" in aside and "Elsewhere entirely" not in aside
    assert (
        f'href="/discussions/new/?article={article.pk}">Start a discussion about this article'
        in aside
    )
    assert f'href="/discussions/?article={article.pk}"' in aside


def test_the_article_page_takes_as_many_queries_for_300_responses_as_for_3(
    client, ana, ben, cleo, article
):
    from tests.discussions.conftest import make_article

    other = make_article("other")
    for target, n in ((article, 3), (other, 300)):
        parent = None
        for i in range(n):
            r = actions.do_respond(
                (ana, ben, cleo)[i % 3],
                actions.thread_for_article(target),
                f"r{i}",
                parent=parent if i % 2 else None,
            )
            parent = r
        start(ana, f"about {target.pk}", article=target)
    client.force_login(ana)
    counts = []
    for target in (article, other):
        client.get(target.get_absolute_url())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(target.get_absolute_url()).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
