import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_source
from tribune.news import actions
from tribune.news.models import Article, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "correct horse battery"
    )
    client.force_login(user)
    return client


def test_an_editor_publishes_an_opinion_piece_written_in_markdown(editor_client):
    author = actions.do_save_house_author(
        name="Ines Vale", slug="ines-vale", bio="Ines Vale is a columnist."
    )
    section = actions.do_ensure_section("Opinion")
    form = editor_client.get("/admin/news/article/add/")
    assert form.status_code == 200
    initial = form.context["adminform"].form.initial
    response = editor_client.post(
        "/admin/news/article/add/",
        {
            "title": "The harbour deserves better",
            "standfirst": "A deck.",
            "kind": "opinion",
            "status": "published",
            "section": section.pk,
            "authors": [author.pk],
            "dateline": "Port Alder",
            "published_at_0": "2026-11-24",
            "published_at_1": "08:00:00",
            "body_markdown": "First *point*.\n\n<script>alert(1)</script>\n\n## Then\n\nSecond.",
            "source": initial["source"],
            "guid": initial["guid"],
            "url": "",
            "byline": "",
            "summary": "",
            "image_url": "",
            "language": "en",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    piece = Article.objects.get(title="The harbour deserves better")
    assert piece.source == Source.objects.get(kind=Source.Kind.HOUSE)
    assert "<em>point</em>" in piece.content_html
    assert "<script" not in piece.content_html
    assert piece.byline == "Ines Vale"
    assert piece.word_count > 0


def test_the_source_list_shows_fetch_health(editor_client):
    source = make_source(title="Flaky Feed")
    actions.do_record_failure(
        source,
        code="timeout",
        message="Gave up after 30 s",
        next_fetch_in=actions.timedelta(hours=1),
        error_count=3,
    )
    html = editor_client.get("/admin/news/source/").content.decode()
    assert "Flaky Feed" in html and "timeout" in html
    detail = editor_client.get(f"/admin/news/source/{source.pk}/change/").content.decode()
    assert "Gave up after 30 s" in detail
