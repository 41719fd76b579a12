import pytest
from django.core.cache import cache
from django.test import RequestFactory

from tribune.core.ratelimit import Limit, RateLimited, client_ip, hit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_the_limit_allows_its_count_then_refuses_with_a_retry_time():
    limit = Limit("test", count=3, window=60)
    for _ in range(3):
        hit(limit, "k")
    with pytest.raises(RateLimited) as refused:
        hit(limit, "k")
    assert 1 <= refused.value.retry_after <= 60
    hit(limit, "other-key")  # keys are counted apart


def test_without_proxies_the_forwarded_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_saw_is_used_and_client_lies_are_not(settings):
    settings.PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    assert client_ip(request) == "198.51.100.7"
