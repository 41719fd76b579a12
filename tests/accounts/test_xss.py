"""Stored XSS: what readers type in their display name and bio is inert wherever it shows."""

import html
from html.parser import HTMLParser

import pytest

from tests.accounts.conftest import make_user
from tribune.accounts import actions

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)><use href='#x'/></svg>",
    '"><iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "' onmouseover='alert(1)",
    "</title><script>alert(1)</script>",
    "{{ 7|add:7 }}{% now 'Y' %}",
]


class _Elements(HTMLParser):
    """Every element a browser would build from the page, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        # The site's own scripts (the policy allows no others): not something a reader wrote.
        if tag == "script" and (dict(attrs).get("src") or "").startswith("/static/"):
            return
        if tag in {"script", "iframe", "svg", "img", "use", "object", "embed"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc":
                self.found.append(f"{tag}[{name}]")
            if (
                name in {"href", "src", "action"}
                and value
                and (value.strip().lower().startswith(("javascript:", "data:")))
            ):
                self.found.append(f"{tag}[{name}={value}]")


def dangerous(page: str) -> list[str]:
    parser = _Elements()
    parser.feed(page)
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_display_name_and_bio_are_inert_on_the_profile_and_in_the_account_menu(client, payload):
    baseline_user = make_user("plain")
    client.force_login(baseline_user)
    baseline = dangerous(client.get("/u/plain/").content.decode())

    user = make_user("ana")
    actions.check_update_settings(
        user, actions.ProfileSettings(payload[:80], f"About me: {payload}\nLine two", True, True)
    )
    client.force_login(user)
    for url in ("/u/ana/", "/settings/", "/"):
        page = client.get(url).content.decode()
        assert dangerous(page) == baseline, (url, dangerous(page))
        if "{{ 7|add:7 }}" in payload:  # shown as typed, never evaluated as a template
            header = html.unescape(page.split("<main", 1)[0])
            assert "{{ 7|add:7 }}" in header

    profile = client.get("/u/ana/").content.decode()
    assert "&lt;" in profile or "&#x27;" in profile or "{{" in profile
    client.logout()
    assert dangerous(client.get("/u/ana/").content.decode()) == []
