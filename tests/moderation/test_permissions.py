"""Nobody but a moderator sees or does anything under /moderation/ (flagging aside): every
page and every action answers 403 to readers and to anonymous visitors, and changes nothing.
Moderators' writes need the CSRF token like everyone's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern

from tests.notifications.conftest import make_moderator, make_user, respond, start
from tribune.accounts.models import User
from tribune.discussions.models import Discussion, Response, Visibility
from tribune.moderation.models import Flag, ModerationAction
from tribune.notifications.models import Notification

pytestmark = pytest.mark.django_db

PAGES = [
    "/moderation/",
    "/moderation/log/",
    "/moderation/response/{r}/",
    "/moderation/discussion/{d}/",
    "/moderation/user/{u}/",
]
WRITES = [
    *(
        f"/moderation/response/{{r}}/{verb}/"
        for verb in ("approve", "dismiss", "hide", "remove", "restore")
    ),
    *(
        f"/moderation/discussion/{{d}}/{verb}/"
        for verb in ("approve", "dismiss", "hide", "remove", "restore", "lock", "unlock")
    ),
    *(f"/moderation/user/{{u}}/{verb}/" for verb in ("warn", "suspend", "ban", "lift")),
]
DATA = {"reason": "because", "days": "7"}


@pytest.fixture
def world(ana, ben):
    discussion = start(ana, "Topic")
    response = respond(ana, discussion, "text")
    Flag.objects.create(reporter=ben, response=response, reason="spam")
    return {"r": response.pk, "d": discussion.pk, "u": ana.pk}


def unchanged(world) -> None:
    assert not ModerationAction.objects.exists()
    assert Response.objects.get(pk=world["r"]).visibility == Visibility.VISIBLE
    discussion = Discussion.objects.get(pk=world["d"])
    assert discussion.visibility == Visibility.VISIBLE and not discussion.locked
    person = User.objects.get(pk=world["u"])
    assert not person.banned and person.suspended_until is None
    assert Flag.objects.get().status == "open"
    assert not Notification.objects.filter(kind="moderation").exists()


def test_every_moderation_url_is_covered_here():
    """A new moderation URL must be added to these lists (and so get its 403 test)."""
    from tribune.moderation import urls

    routes = {str(p.pattern) for p in urls.urlpatterns if isinstance(p, URLPattern)}
    assert routes == {
        "",
        "log/",
        "flag/response/<int:pk>/",
        "flag/discussion/<int:pk>/",
        "response/<int:pk>/",
        "response/<int:pk>/<slug:verb>/",
        "discussion/<int:pk>/",
        "discussion/<int:pk>/<slug:verb>/",
        "user/<int:pk>/",
        "user/<int:pk>/<slug:verb>/",
    }


@pytest.mark.parametrize("page", PAGES)
def test_readers_and_anonymous_visitors_get_403_on_every_moderation_page(page, world, cleo):
    url = page.format(**world)
    assert Client().get(url).status_code == 403
    reader = Client()
    reader.force_login(cleo)
    assert reader.get(url).status_code == 403


@pytest.mark.parametrize("write", WRITES)
def test_readers_and_anonymous_visitors_get_403_on_every_moderation_action(write, world, cleo):
    url = write.format(**world)
    if url.endswith("/approve/"):  # make approving possible, so only the permission stops it
        Response.objects.filter(pk=world["r"]).update(visibility=Visibility.PENDING)
        Discussion.objects.filter(pk=world["d"]).update(visibility=Visibility.PENDING)
    assert Client().post(url, DATA).status_code == 403
    reader = Client()
    reader.force_login(cleo)
    assert reader.post(url, DATA).status_code == 403
    assert reader.get(url).status_code == 403
    Response.objects.filter(pk=world["r"]).update(visibility=Visibility.VISIBLE)
    Discussion.objects.filter(pk=world["d"]).update(visibility=Visibility.VISIBLE)
    unchanged(world)


@pytest.mark.parametrize("write", WRITES)
def test_the_author_of_the_post_cannot_act_on_it_either(write, world, ana):
    client = Client()
    client.force_login(ana)
    assert client.post(write.format(**world), DATA).status_code == 403
    unchanged(world)


def test_editors_and_staff_without_a_moderator_role_are_not_moderators(world):
    editor = make_user("eddie", is_staff=True)
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    client = Client()
    client.force_login(editor)
    assert client.get("/moderation/").status_code == 403
    assert client.post(f"/moderation/response/{world['r']}/hide/", DATA).status_code == 403
    unchanged(world)


@pytest.mark.parametrize("group", ["Moderators", "Admins"])
def test_moderators_and_admins_may(group, world):
    client = Client()
    client.force_login(make_moderator(f"m{group.lower()}", group=group))
    assert client.get("/moderation/").status_code == 200
    assert client.get("/moderation/log/").status_code == 200


@pytest.mark.parametrize("write", WRITES)
def test_a_moderators_write_without_the_csrf_token_is_refused(write, world, mona):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mona)
    if write.endswith("/approve/"):
        Response.objects.filter(pk=world["r"]).update(visibility=Visibility.PENDING)
        Discussion.objects.filter(pk=world["d"]).update(visibility=Visibility.PENDING)
    assert client.post(write.format(**world), DATA).status_code == 403
    Response.objects.filter(pk=world["r"]).update(visibility=Visibility.VISIBLE)
    Discussion.objects.filter(pk=world["d"]).update(visibility=Visibility.VISIBLE)
    unchanged(world)


@pytest.mark.parametrize("write", WRITES)
def test_moderators_act_only_by_post(write, world, mona):
    client = Client()
    client.force_login(mona)
    assert client.get(write.format(**world)).status_code == 405
    unchanged(world)


def test_a_reader_demoted_mid_session_loses_access_at_once(world):
    moderator = make_moderator("temp")
    client = Client()
    client.force_login(moderator)
    assert client.get("/moderation/").status_code == 200
    moderator.groups.clear()
    assert client.get("/moderation/").status_code == 403
