"""A thread as readers see it: order, sorts, nesting, permalinks, placeholders, blocks,
quotes; and the number of queries it takes, whatever its size."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.discussions.conftest import respond, start
from tribune.accounts.models import Block
from tribune.discussions import actions, queries
from tribune.discussions.models import Discussion, Response, Visibility

pytestmark = pytest.mark.django_db


def ids_in_page(html: str) -> list[int]:
    """Response ids in the order the page shows them."""
    return [int(n) for n in re.findall(r'<li class="thread-item[^"]*" id="r(\d+)"', html)]


def page(client, discussion: Discussion, query: str = "") -> str:
    answer = client.get(f"/discussions/{discussion.pk}/{query}")
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_thread_renders_in_path_order_with_replies_nested_under_their_parents(
    client, ana, ben, discussion
):
    first = respond(ben, discussion, "first")
    second = respond(ana, discussion, "second")
    reply = respond(ana, discussion, "reply to first", parent=first)
    html = page(client, discussion, "?sort=old")
    assert ids_in_page(html) == [first.pk, reply.pk, second.pk]
    # The reply sits inside its parent's list of replies.
    inside_first = html.split(f'id="replies-{first.pk}"')[1].split(f'id="r{second.pk}"')[0]
    assert f'id="r{reply.pk}"' in inside_first


def test_best_orders_siblings_by_score_and_keeps_replies_under_their_parent(
    client, ana, ben, cleo, discussion
):
    low = respond(ben, discussion, "low")
    high = respond(ben, discussion, "high")
    under_low = respond(cleo, discussion, "under low", parent=low)
    actions.do_vote(ana, high)
    actions.do_vote(cleo, high)
    html = page(client, discussion, "?sort=best")
    assert ids_in_page(html) == [high.pk, low.pk, under_low.pk]


def test_new_orders_siblings_newest_first(client, ben, discussion):
    earlier = respond(ben, discussion, "earlier")
    later = respond(ben, discussion, "later")
    Response.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - timedelta(hours=1))
    first_reply = respond(ben, discussion, "reply one", parent=earlier)
    second_reply = respond(ben, discussion, "reply two", parent=earlier)
    html = page(client, discussion, "?sort=new")
    assert ids_in_page(html) == [later.pk, earlier.pk, second_reply.pk, first_reply.pk]


def test_an_unknown_sort_falls_back_to_best(client, ben, discussion):
    respond(ben, discussion)
    answer = client.get(f"/discussions/{discussion.pk}/?sort=<script>")
    assert answer.status_code == 200
    assert answer.context["thread"].sort == "best"


def chain(user, discussion, length: int) -> list[Response]:
    out, parent = [], None
    for i in range(length):
        parent = respond(user, discussion, f"level {i}", parent=parent)
        out.append(parent)
    return out


def test_replies_deeper_than_the_page_shows_become_a_continue_this_thread_link(
    client, ben, discussion
):
    levels = chain(ben, discussion, 9)
    html = page(client, discussion)
    shown = ids_in_page(html)
    assert shown == [r.pk for r in levels[: queries.RENDER_DEPTH]]
    last_shown = levels[queries.RENDER_DEPTH - 1]
    assert f'href="/discussions/responses/{last_shown.pk}/">Continue this thread (3 more)' in html
    # The link renders that subtree, again nested a page deep.
    deeper = client.get(f"/discussions/responses/{last_shown.pk}/").content.decode()
    assert ids_in_page(deeper) == [r.pk for r in levels[queries.RENDER_DEPTH - 1 :]]


def test_a_permalink_shows_the_response_highlighted_with_its_replies_only(
    client, ana, ben, discussion
):
    other = respond(ben, discussion, "another branch")
    target = respond(ben, discussion, "the one")
    reply = respond(ana, discussion, "its reply", parent=target)
    answer = client.get(target.get_absolute_url())
    html = answer.content.decode()
    assert answer.status_code == 200
    assert ids_in_page(html) == [target.pk, reply.pk]
    assert other.pk not in ids_in_page(html)
    assert re.search(rf'class="response is-visible is-highlighted" id="c{target.pk}"', html)
    assert f'href="/discussions/{discussion.pk}/#r{target.pk}">See the whole thread' in html


def test_every_response_links_to_its_permalink(client, ben, discussion):
    response = respond(ben, discussion)
    assert f'href="/discussions/responses/{response.pk}/"' in page(client, discussion)


def test_an_edited_response_is_marked_edited(client, ben, discussion):
    response = respond(ben, discussion, "first take")
    actions.check_edit_response(ben, response, "second take")
    html = page(client, discussion)
    assert "second take" in html and "first take" not in html
    assert '<span class="edited"' in html


def test_a_deleted_response_leaves_a_placeholder_and_keeps_its_replies(
    client, ana, ben, discussion
):
    parent = respond(ben, discussion, "regrettable words")
    reply = respond(ana, discussion, "a fair answer", parent=parent)
    actions.check_delete_response(ben, parent)
    html = page(client, discussion)
    assert "regrettable words" not in html
    assert "[deleted]" in html
    assert ids_in_page(html) == [parent.pk, reply.pk]
    assert "a fair answer" in html


def test_a_pending_response_is_seen_only_by_its_author_with_a_note(
    client, settings, ana, ben, discussion
):
    settings.FIRST_POSTS_NEED_APPROVAL = 1
    held = actions.check_respond(ben, discussion, "my first words")
    assert held.visibility == Visibility.PENDING
    client.force_login(ben)
    mine = page(client, discussion)
    assert "my first words" in mine and "waiting for a moderator" in mine
    client.force_login(ana)
    assert "my first words" not in page(client, discussion)
    client.logout()
    assert "my first words" not in page(client, discussion)


def test_a_hidden_response_shows_the_moderators_reason_instead_of_its_text(client, ben, discussion):
    response = respond(ben, discussion, "rude words")
    # Hiding is the moderation app's action; here only its effect on the row matters.
    Response.objects.filter(pk=response.pk).update(
        visibility=Visibility.HIDDEN, moderation_reason="Personal attack"
    )
    html = page(client, discussion)
    assert "rude words" not in html
    assert "[hidden by a moderator: Personal attack]" in html


def test_a_removed_response_goes_unless_replies_need_its_place(client, ana, ben, discussion):
    alone = respond(ben, discussion, "spam alone")
    answered = respond(ben, discussion, "spam answered")
    reply = respond(ana, discussion, "do not click", parent=answered)
    Response.objects.filter(pk__in=[alone.pk, answered.pk]).update(visibility=Visibility.REMOVED)
    html = page(client, discussion, "?sort=old")
    assert ids_in_page(html) == [answered.pk, reply.pk]
    assert "spam" not in html
    assert "[removed by a moderator]" in html


def test_responses_by_someone_the_reader_blocked_are_collapsed_for_that_reader_only(
    client, ana, ben, cleo, discussion
):
    troll = respond(ben, discussion, "provocation")
    answer = respond(cleo, discussion, "an answer", parent=troll)
    Block.objects.create(blocker=ana, blocked=ben)
    client.force_login(ana)
    html = page(client, discussion)
    assert "provocation" not in html
    assert "[a response by someone you blocked]" in html
    assert "an answer" in html and ids_in_page(html) == [troll.pk, answer.pk]
    client.force_login(cleo)
    assert "provocation" in page(client, discussion)


def test_the_quote_link_works_without_javascript_and_prefills_a_blockquote(
    client, ana, ben, discussion
):
    parent = respond(ben, discussion, "Bridges are\n\nexpensive.")
    client.force_login(ana)
    html = page(client, discussion, f"?quote={parent.pk}")
    form = html.split(f'id="reply-form-{parent.pk}"')[1].split("</form>")[0]
    assert f'action="/discussions/responses/{parent.pk}/reply/"' in form
    assert "&gt; Bridges are\n&gt;\n&gt; expensive.\n\n</textarea>" in form


def test_the_reply_link_without_javascript_opens_an_empty_form_under_the_response(
    client, ana, ben, discussion
):
    parent = respond(ben, discussion, "something")
    client.force_login(ana)
    html = page(client, discussion, f"?reply={parent.pk}")
    slot = html.split(f'id="reply-slot-{parent.pk}"')[1].split(f'id="replies-{parent.pk}"')[0]
    assert f'id="reply-form-{parent.pk}"' in slot
    assert "\n</textarea>" in slot


def test_htmx_asks_for_the_quote_form_as_a_fragment(client, ana, ben, discussion):
    parent = respond(ben, discussion, "Quote *me*")
    client.force_login(ana)
    answer = client.get(
        f"/discussions/responses/{parent.pk}/reply/?quote=1", HTTP_HX_REQUEST="true"
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "<html" not in html
    assert "&gt; Quote *me*" in html
    assert f'hx-target="#replies-{parent.pk}"' in html
    assert "HX-Request" in answer["Vary"]


def test_the_reply_page_without_htmx_is_a_whole_page(client, ana, ben, discussion):
    parent = respond(ben, discussion, "Quote me")
    client.force_login(ana)
    html = client.get(f"/discussions/responses/{parent.pk}/reply/?quote=1").content.decode()
    assert "<html" in html and "&gt; Quote me" in html
    assert "hx-post" not in html.split(f'id="reply-form-{parent.pk}"')[1].split(">")[0]


def test_a_long_quote_is_cut_short():
    response = Response(body_markdown="word " * 2000, visibility=Visibility.VISIBLE)
    quoted = queries.quote_of(response)
    assert len(quoted) < queries.QUOTE_MAX + 20
    assert quoted.startswith("> word") and quoted.endswith(" …\n\n")


def fill(discussion: Discussion, users, n: int) -> None:
    """n responses: a third top-level, the rest replies nested a few deep, some voted."""
    responses: list[Response] = []
    for i in range(n):
        parent = responses[i // 3] if i % 3 and responses else None
        responses.append(respond(users[i % len(users)], discussion, f"Response {i}", parent))
    for r in responses[::7]:
        actions.do_vote(users[0] if r.author_id != users[0].pk else users[1], r)


def queries_for(client, url: str) -> tuple[int, str]:
    client.get(url)  # caches that are meant to be warm
    with CaptureQueriesContext(connection) as ctx:
        answer = client.get(url)
    assert answer.status_code == 200
    return len(ctx.captured_queries), answer.content.decode()


@pytest.mark.parametrize("logged_in", [False, True])
def test_a_thread_of_1000_responses_takes_as_many_queries_as_one_of_10(
    client, logged_in, ana, ben, cleo
):
    users = [ana, ben, cleo]
    small, large = start(ana, "small"), start(ana, "large")
    fill(small, users, 10)
    fill(large, users, 1000)
    Block.objects.create(blocker=ana, blocked=cleo)
    if logged_in:
        client.force_login(ana)
    few, _ = queries_for(client, f"/discussions/{small.pk}/")
    many, html = queries_for(client, f"/discussions/{large.pk}/")
    assert few == many
    assert many <= (10 if logged_in else 5)
    assert len(ids_in_page(html)) > 300


def test_other_readers_can_flag_a_response_but_not_their_own_or_as_visitors(
    client, ana, ben, discussion
):
    response = respond(ben, discussion, "flag me")
    flag = f'href="/moderation/flag/response/{response.pk}/?next=%2Fdiscussions%2Fresponses%2F{response.pk}%2F">Flag</a>'
    assert flag not in page(client, discussion)
    client.force_login(ben)
    assert flag not in page(client, discussion)
    client.force_login(ana)
    assert flag in page(client, discussion)


def test_the_permalink_of_a_removed_or_someone_elses_pending_response_is_404(
    client, settings, ana, ben, discussion
):
    removed = respond(ben, discussion, "spam")
    Response.objects.filter(pk=removed.pk).update(visibility=Visibility.REMOVED)
    settings.FIRST_POSTS_NEED_APPROVAL = 5
    pending = actions.check_respond(ana, discussion, "held")
    assert client.get(f"/discussions/responses/{removed.pk}/").status_code == 404
    assert client.get(f"/discussions/responses/{pending.pk}/").status_code == 404
    client.force_login(ana)
    assert client.get(f"/discussions/responses/{pending.pk}/").status_code == 200
