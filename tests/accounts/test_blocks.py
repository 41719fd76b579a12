import pytest

from tests.accounts.conftest import csrf_client, csrf_token, make_user
from tribune.accounts import actions, queries
from tribune.accounts.models import Block

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(client):
    user = make_user("ana")
    client.force_login(user)
    return user


def test_a_reader_blocks_and_unblocks_someone_from_their_profile(client, ana):
    troll = make_user("troll")
    assert "/u/troll/block/" in client.get("/u/troll/").content.decode()
    response = client.post("/u/troll/block/")
    assert response.status_code == 302
    assert response["Location"] == "/u/troll/"
    assert queries.blocked_ids(ana) == {troll.pk}
    page = client.get("/u/troll/").content.decode()
    assert "You blocked troll" in page
    assert "/u/troll/unblock/" in page
    assert client.post("/u/troll/unblock/").status_code == 302
    assert queries.blocked_ids(ana) == set()


def test_blocking_twice_keeps_one_block(client, ana):
    make_user("troll")
    client.post("/u/troll/block/")
    client.post("/u/troll/block/")
    assert Block.objects.filter(blocker=ana).count() == 1


def test_a_reader_cannot_block_themselves(client, ana):
    response = client.post("/u/ana/block/", follow=True)
    assert "You cannot block yourself" in response.content.decode()
    assert not Block.objects.exists()
    with pytest.raises(actions.Refused):
        actions.check_block(ana, ana)


def test_block_and_unblock_are_posts_only(client, ana):
    make_user("troll")
    assert client.get("/u/troll/block/").status_code == 405
    assert client.get("/u/troll/unblock/").status_code == 405
    assert not Block.objects.exists()


def test_blocking_needs_an_account(client):
    make_user("troll")
    client.logout()
    response = client.post("/u/troll/block/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not Block.objects.exists()


def test_blocking_an_unknown_reader_is_404(client, ana):
    assert client.post("/u/nobody/block/").status_code == 404


def test_a_block_only_ever_belongs_to_the_reader_who_posted(client, ana):
    bea = make_user("bea")
    troll = make_user("troll")
    actions.do_block(bea, troll)
    client.post("/u/troll/unblock/")  # ana has no block on troll: bea's stays
    assert queries.blocked_ids(bea) == {troll.pk}


def test_block_requires_the_csrf_token():
    client = csrf_client()
    client.force_login(make_user("ana"))
    make_user("troll")
    assert client.post("/u/troll/block/").status_code == 403
    assert not Block.objects.exists()
    token = csrf_token(client, "/u/troll/")
    assert client.post("/u/troll/block/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert Block.objects.count() == 1


def test_block_goes_back_to_a_safe_next_only(client, ana):
    make_user("troll")
    response = client.post("/u/troll/block/", {"next": "https://evil.example/"})
    assert response["Location"] == "/u/troll/"
    response = client.post("/u/troll/unblock/", {"next": "/settings/"})
    assert response["Location"] == "/settings/"
