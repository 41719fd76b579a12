import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import entry, make_section, make_source
from tribune.news import actions
from tribune.news.actions import do_store_entries
from tribune.news.models import Article, Author

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def fill(n: int) -> None:
    sections = [make_section(name) for name in ("World", "Business", "Science")]
    for i, section in enumerate(sections):
        source = make_source(section=section)
        do_store_entries(source, [entry(f"{i}-{j}", authors=[f"Writer {j % 3}"]) for j in range(n)])


def queries_for(client, url: str) -> int:
    client.get(url)  # warm caches that are meant to be warm
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/", "/latest/", "/sources/"])
def test_list_pages_use_the_same_number_of_queries_for_5_or_50_articles(client, url):
    fill(5)
    few = queries_for(client, url)
    fill(45)
    many = queries_for(client, url)
    assert few == many
    # The front page weighs light candidates, then loads the chosen headlines.
    assert many <= (6 if url == "/" else 4)


def test_source_author_and_section_pages_use_a_constant_number_of_queries(client):
    fill(5)
    article = Article.objects.first()
    author = Author.objects.first()
    urls = [
        article.source.get_absolute_url(),
        author.get_absolute_url(),
        article.section.get_absolute_url(),
    ]
    few = [queries_for(client, u) for u in urls]
    fill(45)
    many = [queries_for(client, u) for u in urls]
    assert few == many
    # A section page also draws its timeline, the topics mentioned in it and its discussions.
    source_page, author_page, section_page = many
    assert max(source_page, author_page) <= 4
    assert section_page <= 6


def test_front_page_shows_latest_and_sections(client):
    fill(10)
    html = client.get("/").content.decode()
    assert "Latest" in html
    for name in ("World", "Business", "Science"):
        assert f">{name}</a></h2>" in html


def test_latest_pages_through_every_article_once(client):
    source = make_source()
    do_store_entries(source, [entry(f"p{i}") for i in range(75)])
    seen, url = [], "/latest/"
    while url:
        response = client.get(url)
        page = response.context["page"]
        seen += [a.pk for a in page.items]
        url = f"/latest/?before={page.next_cursor}" if page.next_cursor else None
    assert len(seen) == 75 == len(set(seen))


def test_a_garbled_page_cursor_shows_the_first_page(client):
    make_source()
    assert client.get("/latest/?before=%%%garbage").status_code == 200


def test_article_page_shows_body_source_and_link_to_the_original(client):
    source = make_source(title="Harbor Gazette")
    do_store_entries(
        source,
        [
            entry(
                "a",
                title="Ferry enters service",
                url="https://gazette.test/ferry",
                authors=["Ana Ruiz"],
            )
        ],
    )
    article = Article.objects.get()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Ferry enters service" in html
    assert "Harbor Gazette" in html
    assert 'href="https://gazette.test/ferry"' in html
    assert "Ana Ruiz" in html
    assert "min read" in html


def test_an_article_url_with_a_stale_slug_redirects_to_the_right_one(client):
    do_store_entries(make_source(), [entry("a", title="Right title")])
    article = Article.objects.get()
    response = client.get(f"/articles/{article.pk}/wrong-slug/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_a_missing_article_is_404(client):
    assert client.get("/articles/999999/x/").status_code == 404


def test_an_opinion_piece_shows_byline_dateline_and_author_bio(client):
    newsroom = actions.house_source()
    author = actions.do_save_house_author(
        name="Mira Holt",
        slug="mira-holt",
        role="Columnist",
        bio="Mira Holt writes about the coast.",
    )
    piece = actions.do_publish_piece(
        newsroom,
        guid="p1",
        title="Why the harbour matters",
        body_markdown="The tide came in.\n\n## Next\n\nMore.",
        authors=[author],
        dateline="Port Alder",
        section=make_section("Opinion"),
    )
    html = client.get(piece.get_absolute_url()).content.decode()
    assert "Opinion" in html
    assert "<strong>PORT ALDER</strong> — The tide came in." in html
    assert "Mira Holt writes about the coast." in html
    assert 'href="/authors/mira-holt/"' in html
    author_page = client.get("/authors/mira-holt/").content.decode()
    assert "Why the harbour matters" in author_page
    assert "Mira Holt writes about the coast." in author_page


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
