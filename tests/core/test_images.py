import pytest

from tests.servers import http_server
from tribune.core.images import proxied, proxy_html_images, sniff

__all__ = ["http_server"]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _loopback_allowed(settings, tmp_path):
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.DATA_DIR = tmp_path


def test_an_image_is_fetched_once_then_served_from_disk(client, http_server):
    http_server.reply("/a.png", 200, PNG, {"Content-Type": "image/png"})
    path = proxied(http_server.url("/a.png"))
    first = client.get(path)
    second = client.get(path)
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert b"".join(second.streaming_content) == PNG
    assert http_server.paths().count("/a.png") == 1
    assert "immutable" in first["Cache-Control"]


def test_svg_and_html_are_not_served_as_images(client, http_server):
    http_server.reply(
        "/x.svg",
        200,
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        {"Content-Type": "image/svg+xml"},
    )
    http_server.reply(
        "/x.png", 200, b"<html><script>alert(1)</script></html>", {"Content-Type": "image/png"}
    )
    assert client.get(proxied(http_server.url("/x.svg"))).status_code == 404
    assert client.get(proxied(http_server.url("/x.png"))).status_code == 404


def test_the_proxy_fetches_only_urls_the_site_signed(client, http_server):
    http_server.reply("/a.png", 200, PNG)
    token = proxied(http_server.url("/a.png")).rstrip("/").split("/")[-1]
    assert client.get("/img/" + token[:-2] + "xx").status_code == 404
    assert http_server.requests == []


def test_the_proxy_refuses_private_addresses_like_every_fetch(client, http_server, settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    http_server.reply("/a.png", 200, PNG)
    assert client.get(proxied(http_server.url("/a.png"))).status_code == 404
    assert http_server.requests == []


def test_article_html_images_point_at_the_proxy():
    html = '<p>x</p><img src="https://pub.test/a.jpg?w=1&amp;h=2" alt="A" loading="lazy"><img alt="b" src="https://pub.test/b.jpg">'
    out = proxy_html_images(html)
    assert "pub.test" not in out
    assert out.count('src="/img/') == 2
    assert 'alt="A"' in out


def test_sniffing_knows_raster_formats_only():
    assert sniff(PNG) == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(b"<svg") is None
