import pytest

from tribune.core.canonical import canonical_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://example.com/a", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y", "https://example.com/a"),
        ("https://EXAMPLE.com:443/a/", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?fbclid=123#comments", "https://example.com/a"),
    ],
)
def test_twins_share_one_key(a, b):
    assert canonical_key(a) == canonical_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.com/a", "https://example.com/b"),
        ("https://example.com/a?id=1", "https://example.com/a?id=2"),
        ("https://example.com:8080/a", "https://example.com/a"),
    ],
)
def test_different_articles_keep_different_keys(a, b):
    assert canonical_key(a) != canonical_key(b)


@pytest.mark.parametrize(
    "url", ["", "javascript:alert(1)", "ftp://example.com/x", "http://[bad", "mailto:a@b.c"]
)
def test_non_web_urls_have_no_key(url):
    assert canonical_key(url) is None
