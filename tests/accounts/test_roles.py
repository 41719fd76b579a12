import pytest
from django.contrib.auth.models import AnonymousUser, Group

from tests.accounts.conftest import make_user
from tribune.accounts import actions, roles

pytestmark = pytest.mark.django_db


def permissions_of(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_role_groups_exist_with_sensible_permissions():
    moderators = permissions_of(roles.MODERATORS)
    editors = permissions_of(roles.EDITORS)
    admins = permissions_of(roles.ADMINS)
    assert {"discussions.change_response", "moderation.change_flag"} <= moderators
    assert "news.add_article" not in moderators
    assert {"news.add_article", "news.change_article", "news.view_source"} <= editors
    assert "discussions.change_response" not in editors
    assert "news.change_source" not in editors
    assert moderators | editors <= admins
    assert {"news.change_source", "accounts.change_user"} <= admins


def test_readers_have_no_role():
    reader = make_user("ana")
    assert not roles.is_moderator(reader)
    assert not roles.is_editor(reader)
    assert not roles.is_moderator(AnonymousUser())
    assert not roles.is_editor(AnonymousUser())


def test_role_helpers_follow_the_groups():
    moderator = make_user("mod")
    editor = make_user("ed")
    admin = make_user("boss")
    actions.do_grant_role(moderator, roles.MODERATORS)
    actions.do_grant_role(editor, roles.EDITORS)
    actions.do_grant_role(admin, roles.ADMINS)
    assert roles.is_moderator(moderator) and not roles.is_editor(moderator)
    assert roles.is_editor(editor) and not roles.is_moderator(editor)
    assert roles.is_moderator(admin) and roles.is_editor(admin)
    superuser = make_user("root_user", is_superuser=True)
    assert roles.is_moderator(superuser) and roles.is_editor(superuser)


def test_revoking_a_role_takes_away_the_admin_too():
    editor = make_user("ed")
    actions.do_grant_role(editor, roles.EDITORS)
    assert editor.is_staff
    actions.do_revoke_role(editor, roles.EDITORS)
    editor.refresh_from_db()
    assert not editor.is_staff
    assert not roles.is_editor(editor)


def test_an_editor_may_write_articles_in_the_admin_but_a_moderator_may_not(client):
    editor = make_user("ed")
    actions.do_grant_role(editor, roles.EDITORS)
    client.force_login(editor)
    assert client.get("/admin/news/article/add/").status_code == 200
    assert client.get("/admin/news/source/add/").status_code == 403
    moderator = make_user("mod")
    actions.do_grant_role(moderator, roles.MODERATORS)
    client.force_login(moderator)
    assert client.get("/admin/news/article/add/").status_code == 403


def test_readers_cannot_open_the_admin(client):
    client.force_login(make_user("ana"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_admin_manages_accounts_in_the_admin(client):
    admin = make_user("boss")
    actions.do_grant_role(admin, roles.ADMINS)
    reader = make_user("ana")
    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{reader.pk}/change/")
    assert page.status_code == 200
    assert "Terms of Service" in page.content.decode()


def test_sync_roles_is_idempotent_and_restores_missing_groups():
    from django.apps import apps

    Group.objects.filter(name=roles.EDITORS).delete()
    roles.sync_roles(apps)
    roles.sync_roles(apps)
    assert Group.objects.filter(name__in=roles.STAFF_ROLES).count() == 3
    assert "news.add_article" in permissions_of(roles.EDITORS)
