import pytest
from tests.accounts.conftest import make_user

@pytest.mark.django_db
def test_show(client):
    print(client.get("/latest/?a=1&b=2").content.decode().split('<nav class="user-nav"')[1].split("</nav>")[0])
    u = make_user("ana"); client.force_login(u)
    print(client.get("/latest/?a=1&b=2").content.decode().split('<nav class="user-nav"')[1].split("</nav>")[0])
    print(client.get("/signup/").content.decode().split('<main')[1] if False else "")
    client.logout()
    print(client.get("/signup/").content.decode().split('<main')[1])
