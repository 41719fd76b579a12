"""The gazetteer admin as an editor uses it: a logged-in staff account with the topic,
alias, candidate and tag permissions, through the real admin pages and actions."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tests.understanding.factories import ensure_gazetteer, make_article
from tribune.understanding import actions
from tribune.understanding.models import Alias, Candidate, Tag, Topic
from tribune.understanding.seed import alias_key

pytestmark = pytest.mark.django_db

QUEUE = "/admin/understanding/candidate/"
TOPICS = "/admin/understanding/topic/"
TAGS = "/admin/understanding/tag/"


@pytest.fixture(autouse=True)
def gazetteer():
    ensure_gazetteer()


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("desk", "desk@example.org", "pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="understanding",
            content_type__model__in=["topic", "alias", "candidate", "tag"],
        )
    )
    client.force_login(user)
    return client


def _queue(*texts: str) -> list[Candidate]:
    articles = [make_article(f"Story {n}", text) for n, text in enumerate(texts)]
    actions.do_tag_articles([a.pk for a in articles])
    return list(Candidate.objects.order_by("-article_count", "name"))


def _act(client, action: str, candidates: list[Candidate], url: str = QUEUE):
    return client.post(
        url,
        {"action": action, "index": 0, "_selected_action": [c.pk for c in candidates]},
        follow=True,
    )


def test_the_queue_lists_new_names_most_used_first(staff_client) -> None:
    widgets, marsh = _queue(
        "Officials at Harbour Widgets met.",
        "Officials at Harbour Widgets met Councillor Ivo Marsh.",
    )
    actions.check_dismiss_candidate(marsh)
    Candidate.objects.create(name="Old Name", key="old name", article_count=9, status="promoted")
    page = staff_client.get(QUEUE)
    assert page.status_code == 200
    rows = list(page.context["cl"].result_list)
    assert rows == [widgets]
    everything = staff_client.get(QUEUE + "?queue=all")
    assert {c.name for c in everything.context["cl"].result_list} == {
        "Harbour Widgets",
        "Ivo Marsh",
        "Old Name",
    }


def test_promoting_from_the_admin_makes_a_topic_and_tags_the_articles(staff_client) -> None:
    (widgets,) = _queue("Officials at Harbour Widgets met.")
    page = _act(staff_client, "promote_to_organization", [widgets])
    assert page.status_code == 200
    assert "1 promoted" in page.content.decode()
    widgets.refresh_from_db()
    topic = widgets.topic
    assert widgets.status == "promoted"
    assert (topic.kind, topic.origin) == ("organization", "candidate")
    assert Tag.objects.filter(topic=topic).count() == 1


def test_promoting_to_a_person_from_the_admin(staff_client) -> None:
    (marsh,) = _queue("The cup was presented by Councillor Ivo Marsh.")
    assert marsh.guess == "person"
    _act(staff_client, "promote_to_person", [marsh])
    marsh.refresh_from_db()
    assert marsh.topic.kind == "person"


def test_dismissing_from_the_admin_stops_the_counting(staff_client) -> None:
    (widgets,) = _queue("Officials at Harbour Widgets met.")
    page = _act(staff_client, "dismiss", [widgets])
    assert "1 dismissed" in page.content.decode()
    _queue("Officials at Harbour Widgets met again.")
    widgets.refresh_from_db()
    assert (widgets.status, widgets.article_count) == ("dismissed", 1)


def test_an_action_that_cannot_apply_says_why(staff_client) -> None:
    (widgets,) = _queue("Officials at Harbour Widgets met.")
    actions.check_promote_candidate(widgets, "organization")
    page = _act(staff_client, "dismiss", [widgets], QUEUE + "?queue=all")
    assert "is a topic now" in page.content.decode()


def test_candidates_are_not_added_by_hand(staff_client) -> None:
    assert staff_client.get(QUEUE + "add/").status_code == 403


def test_a_candidate_page_links_its_example_articles(staff_client) -> None:
    (widgets,) = _queue("Officials at Harbour Widgets met.")
    page = staff_client.get(f"{QUEUE}{widgets.pk}/change/")
    assert page.status_code == 200
    assert f"/admin/news/article/{widgets.examples[0]}/change/" in page.content.decode()


def _topic_form(name: str, slug: str, aliases: list[tuple[str, bool]]) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "organization",
        "name": name,
        "slug": slug,
        "description": "",
        "is_active": "on",
        "aliases-TOTAL_FORMS": len(aliases),
        "aliases-INITIAL_FORMS": 0,
        "aliases-MIN_NUM_FORMS": 0,
        "aliases-MAX_NUM_FORMS": 1000,
    }
    for n, (alias, case_sensitive) in enumerate(aliases):
        data[f"aliases-{n}-name"] = alias
        if case_sensitive:
            data[f"aliases-{n}-case_sensitive"] = "on"
    return data


def test_an_editor_adds_a_topic_with_aliases_and_the_tagger_uses_them(staff_client) -> None:
    actions.do_tag_articles([make_article("Warm", "NATO met.").pk])  # a matcher is compiled
    response = staff_client.post(
        TOPICS + "add/",
        _topic_form("Guild of Widget Makers", "widget-guild", [("GWM", True)]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    topic = Topic.objects.get(slug="widget-guild")
    assert topic.origin == "editor"
    assert set(topic.aliases.values_list("name", "key", "case_sensitive", "origin")) == {
        ("Guild of Widget Makers", "guild of widget makers", False, "editor"),
        ("GWM", "gwm", True, "editor"),
    }
    article = make_article("GWM votes", "The Guild of Widget Makers met; gwm was lowercase.")
    actions.do_tag_articles([article.pk])
    tag = Tag.objects.get(article=article, topic=topic)
    assert (tag.mentions, tag.in_title) == (2, True)


def test_an_alias_that_names_another_topic_is_refused_in_the_form(staff_client) -> None:
    response = staff_client.post(
        TOPICS + "add/", _topic_form("Harbour Alliance", "harbour-alliance", [("NATO", True)])
    )
    assert response.status_code == 200
    assert "already names North Atlantic Treaty Organization" in response.content.decode()
    assert not Topic.objects.filter(slug="harbour-alliance").exists()


def test_editing_an_alias_in_the_admin_updates_its_key(staff_client) -> None:
    topic = actions.check_add_topic("organization", "Harbour Alliance", ["HBA"])
    alias = topic.aliases.get(name="HBA")
    name_alias = topic.aliases.get(name="Harbour Alliance")
    data = _topic_form("Harbour Alliance", topic.slug, [])
    data.update(
        {
            "aliases-TOTAL_FORMS": 2,
            "aliases-INITIAL_FORMS": 2,
            "aliases-0-id": alias.pk,
            "aliases-0-topic": topic.pk,
            "aliases-0-name": "HB Alliance",
            "aliases-1-id": name_alias.pk,
            "aliases-1-topic": topic.pk,
            "aliases-1-name": "Harbour Alliance",
            "aliases-1-DELETE": "on",
        }
    )
    response = staff_client.post(f"{TOPICS}{topic.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    alias.refresh_from_db()
    assert (alias.name, alias.key) == ("HB Alliance", alias_key("HB Alliance"))
    # An editor may drop the topic's own name as an alias (an ambiguous name, say).
    assert set(topic.aliases.values_list("name", flat=True)) == {"HB Alliance"}


def test_typing_the_topics_name_as_an_alias_too_is_harmless(staff_client) -> None:
    response = staff_client.post(
        TOPICS + "add/",
        _topic_form("Harbour Alliance", "harbour-alliance", [("Harbour Alliance", True)]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    topic = Topic.objects.get(slug="harbour-alliance")
    assert list(topic.aliases.values_list("name", "case_sensitive")) == [("Harbour Alliance", True)]


def test_a_topic_named_like_another_topics_alias_is_refused(staff_client) -> None:
    response = staff_client.post(TOPICS + "add/", _topic_form("NATO", "nato-2", []))
    assert response.status_code == 200
    assert "already names North Atlantic Treaty Organization" in response.content.decode()


def test_renaming_in_the_admin_adds_the_new_name_as_an_alias(staff_client) -> None:
    topic = actions.check_add_topic("organization", "Harbour Alliance")
    data = _topic_form("Harbour League", topic.slug, [])
    response = staff_client.post(f"{TOPICS}{topic.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(topic.aliases.values_list("name", flat=True)) == {
        "Harbour Alliance",
        "Harbour League",
    }


def test_the_topic_list_searches_aliases_and_filters_by_kind(staff_client) -> None:
    page = staff_client.get(TOPICS + "?q=IAEA&kind__exact=organization")
    assert page.status_code == 200
    assert [t.name for t in page.context["cl"].result_list] == [
        "International Atomic Energy Agency"
    ]


def test_the_topic_list_costs_the_same_for_many_topics(
    staff_client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(12):
        assert staff_client.get(TOPICS).status_code == 200


def test_a_place_topic_has_no_alias_form(staff_client) -> None:
    actions.do_tag_articles([make_article("Floods in Kenya", "Rain.").pk])
    kenya = Topic.objects.get(code="KE")
    page = staff_client.get(f"{TOPICS}{kenya.pk}/change/")
    assert page.status_code == 200
    assert "aliases-TOTAL_FORMS" not in page.content.decode()


def test_deleting_a_topic_in_the_admin_removes_its_aliases(staff_client) -> None:
    topic = actions.check_add_topic("organization", "Harbour Alliance", ["HBA"])
    response = staff_client.post(f"{TOPICS}{topic.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Alias.objects.filter(key="hba").exists()


def test_an_editor_adds_a_tag_by_hand_and_it_survives_tagging(staff_client) -> None:
    article = make_article("Quiet day", "Nothing named.")
    topic = actions.check_add_topic("organization", "Harbour Alliance")
    response = staff_client.post(TAGS + "add/", {"article": article.pk, "topic": topic.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    actions.do_tag_articles([article.pk])
    tag = Tag.objects.get(article=article, topic=topic)
    assert (tag.origin, tag.published_at) == ("editor", article.published_at)


def test_a_taggers_tag_is_read_only_in_the_admin(staff_client) -> None:
    article = make_article("NATO meets", "NATO met.")
    actions.do_tag_articles([article.pk])
    tag = Tag.objects.get(article=article, topic__name="North Atlantic Treaty Organization")
    page = staff_client.get(f"{TAGS}{tag.pk}/change/")
    assert page.status_code == 200
    assert 'name="matched"' not in page.content.decode()
    assert staff_client.get(TAGS).status_code == 200


def test_a_topics_tag_link_lists_its_tags(staff_client) -> None:
    article = make_article("NATO meets", "NATO met.")
    actions.do_tag_articles([article.pk])
    nato = Topic.objects.get(name="North Atlantic Treaty Organization")
    listing = staff_client.get(TOPICS + "?q=NATO")
    assert f"topic__id__exact={nato.pk}" in listing.content.decode()
    page = staff_client.get(f"{TAGS}?topic__id__exact={nato.pk}")
    assert page.status_code == 200
    assert [t.article_id for t in page.context["cl"].result_list] == [article.pk]
