"""The guarded HTTP client against real servers on 127.0.0.x; no mocks at the HTTP level."""

from __future__ import annotations

import gzip
import io
import ipaddress
import itertools
import pickle
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import brotli
import pytest

from tests.servers import Exchange, Handler, LocalServer, http_server
from tribune.core import http
from tribune.core.http import FetchError, Guard, blocked_reason, literal_address, request

__all__ = ["http_server"]  # a fixture from tests.servers, used by name

LOOPBACK = ["127.0.0.0/8"]
MiB = 1024 * 1024


def guard(**overrides: object) -> Guard:
    settings: dict[str, object] = {"allowed_networks": LOOPBACK, "timeout": 5.0}
    settings.update(overrides)
    return Guard(**settings)  # type: ignore[arg-type]


def failure(url: str, **guard_overrides: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        request(url, guard=guard(**guard_overrides))
    return caught.value


@pytest.fixture
def second_server() -> Iterator[LocalServer]:
    """A server on 127.0.0.2 (Linux routes all of 127/8 to the loopback interface)."""
    with LocalServer("127.0.0.2") as server:
        yield server


# --- Address checks, as a table ---------------------------------------------------------------

BLOCKED = [
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("10.0.0.5", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"),
    ("100.64.0.1", "CGNAT"),
    ("0.0.0.0", "unspecified"),
    ("0.1.2.3", "unspecified"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("255.255.255.255", "broadcast"),
    ("240.0.0.1", "reserved"),
    ("198.18.0.1", "benchmarking"),
    ("198.19.255.255", "benchmarking"),
    ("192.0.2.1", "documentation"),
    ("198.51.100.7", "documentation"),
    ("203.0.113.9", "documentation"),
    ("192.0.0.8", "IETF"),
    ("192.88.99.1", "6to4 relay"),
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("fe80::1", "link-local"),
    ("fc00::1", "unique local"),
    ("fd12:3456::1", "unique local"),
    ("fec0::1", "site-local"),
    ("ff02::1", "multicast"),
    ("2001:db8::1", "documentation"),
    ("3fff::1", "documentation"),
    ("100::1", "discard"),
    ("2001::1", "IETF"),
    ("::ffff:127.0.0.1", "loopback"),
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "link-local"),
    ("::ffff:0:127.0.0.1", "loopback"),
    ("::127.0.0.1", "IPv4-compatible"),
    ("::8.8.8.8", "IPv4-compatible"),
    ("2002:7f00:1::1", "loopback"),
    ("2002:a00:1::", "private"),
    ("64:ff9b::127.0.0.1", "loopback"),
    ("64:ff9b::a9fe:a9fe", "link-local"),
    ("64:ff9b:1::1", "NAT64"),
]

PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "100.63.255.255",
    "100.128.0.0",
    "2606:4700:4700::1111",
    "2a00:1450:4001::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
]


@pytest.mark.parametrize(("address", "reason"), BLOCKED)
def test_non_public_address_is_refused_with_its_reason(address: str, reason: str) -> None:
    found = blocked_reason(ipaddress.ip_address(address))
    assert found is not None
    assert reason in found


@pytest.mark.parametrize("address", PUBLIC)
def test_public_address_is_allowed(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_allowed_networks_let_a_private_address_through() -> None:
    allowed = [ipaddress.ip_network("10.0.0.0/8")]
    assert blocked_reason(ipaddress.ip_address("10.1.2.3"), allowed) is None
    assert blocked_reason(ipaddress.ip_address("::ffff:10.1.2.3"), allowed) is None
    assert blocked_reason(ipaddress.ip_address("192.168.0.1"), allowed) == "private address"


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7F000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("10.0.0.1.", "10.0.0.1"),
        ("0", "0.0.0.0"),
        ("[::1]", "::1"),
        ("::ffff:127.0.0.1", "::ffff:127.0.0.1"),
        ("fe80::1%25eth0", "fe80::1"),
    ],
)
def test_every_literal_ip_notation_is_recognized(host: str, address: str) -> None:
    assert literal_address(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize(
    "host", ["example.com", "localhost", "1.2.3.4.5", "08.0.0.1", "256.0.0.1", "0x1g", "1_000", ""]
)
def test_host_names_are_not_taken_for_ip_literals(host: str) -> None:
    assert literal_address(host) is None


# --- Schemes and addresses at request time ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/feed.xml",
        "gopher://example.com/",
        "javascript:alert(1)",
        "data:text/plain,hello",
        "//example.com/feed.xml",
    ],
)
def test_non_http_scheme_is_refused(url: str) -> None:
    assert failure(url).code == "bad_scheme"


def test_loopback_is_refused_by_default(http_server: LocalServer) -> None:
    http_server.reply("/", 200, b"secret")
    error = failure(http_server.url("/"), allowed_networks=[])
    assert error.code == "blocked_address"
    assert "127.0.0.1" in error.message and "loopback" in error.message
    assert http_server.requests == []


def test_loopback_is_reachable_when_its_network_is_allowed(http_server: LocalServer) -> None:
    http_server.reply("/", 200, b"hello")
    response = request(http_server.url("/"), guard=guard())
    assert (response.status, response.body) == (200, b"hello")
    assert response.address == "127.0.0.1"


@pytest.mark.parametrize(
    "host", ["2130706433", "0x7f.1", "017700000001", "127.1", "[::ffff:127.0.0.1]", "[::1]"]
)
def test_loopback_in_any_notation_is_refused(http_server: LocalServer, host: str) -> None:
    error = failure(http_server.url("/", host=host), allowed_networks=[])
    assert error.code == "blocked_address"
    assert http_server.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://[fe80::1]/",
        "http://[::]/",
        "http://[fd00::1]/",
        "http://[::ffff:10.0.0.1]/",
    ],
)
def test_private_addresses_are_refused_before_any_connection(url: str) -> None:
    assert failure(url, allowed_networks=[]).code == "blocked_address"


def test_host_name_resolving_to_loopback_is_refused_at_connect(http_server: LocalServer) -> None:
    http_server.reply("/", 200, b"secret")
    error = failure(http_server.url("/", host="localhost"), allowed_networks=[])
    assert error.code == "blocked_address"
    assert "localhost" in error.message
    assert http_server.requests == []


def test_host_name_resolving_to_an_allowed_address_connects(http_server: LocalServer) -> None:
    http_server.reply("/", 200, b"hi")
    response = request(http_server.url("/", host="localhost"), guard=guard())
    assert response.body == b"hi"


def test_redirect_from_allowed_to_blocked_address_is_refused(
    http_server: LocalServer, second_server: LocalServer
) -> None:
    second_server.reply("/", 200, b"internal")
    http_server.redirect("/", second_server.url("/"))
    error = failure(http_server.url("/"), allowed_networks=["127.0.0.1/32"])
    assert error.code == "blocked_address"
    assert "127.0.0.2" in error.message
    assert second_server.requests == []


def test_redirect_to_a_name_resolving_to_a_blocked_address_is_refused_at_connect(
    http_server: LocalServer, second_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dns(monkeypatch, {"internal.test": ["127.0.0.2"]})
    second_server.reply("/", 200, b"internal")
    http_server.redirect("/", f"http://internal.test:{second_server.port}/")
    error = failure(http_server.url("/"), allowed_networks=["127.0.0.1/32"])
    assert error.code == "blocked_address"
    assert "internal.test (127.0.0.2)" in error.message
    assert second_server.requests == []


def test_redirect_to_a_non_http_scheme_is_refused(http_server: LocalServer) -> None:
    http_server.redirect("/", "file:///etc/passwd")
    assert failure(http_server.url("/")).code == "bad_scheme"


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    """Answer lookups of the given names in turn from `answers`; returns the lookups made."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in answers:
            return list(real(host, port, *args, **kwargs))
        lookups.append(host)
        queue = answers[host]
        if not queue:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        address = queue.pop(0) if len(queue) > 1 else queue[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr("tribune.core.http.socket.getaddrinfo", getaddrinfo)
    return lookups


def test_dns_rebinding_cannot_redirect_the_connection_after_the_check(
    http_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first answer passes the check, any later one would not: a guard that resolved to
    # check and resolved again to connect would land on the server at 127.0.0.2.
    lookups = fake_dns(monkeypatch, {"rebind.test": ["127.0.0.1", "127.0.0.2"]})
    http_server.reply("/", 200, b"public")
    with LocalServer("127.0.0.2", port=http_server.port) as internal:
        internal.reply("/", 200, b"internal")
        response = request(
            f"http://rebind.test:{http_server.port}/",
            guard=guard(allowed_networks=["127.0.0.1/32"]),
        )
        assert internal.requests == []
    assert response.body == b"public"
    assert response.address == "127.0.0.1"
    assert lookups == ["rebind.test"]


def test_dns_failure_is_reported_as_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"no-such-host.test": []})
    error = failure("http://no-such-host.test/")
    assert error.code == "dns"
    assert "no-such-host.test" in error.message


def test_slow_dns_counts_against_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    answered = threading.Event()

    def stuck_resolver(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        answered.wait(5)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr("tribune.core.http.socket.getaddrinfo", stuck_resolver)
    started = time.monotonic()
    try:
        error = failure("http://slow-dns.test/", timeout=0.5)
    finally:
        answered.set()
    assert error.code == "timeout"
    assert "slow-dns.test" in error.message
    assert time.monotonic() - started < 1.5


def test_refused_connection_is_reported_as_connect() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, not listening: connections are refused
        assert failure(f"http://127.0.0.1:{port}/").code == "connect"


# --- Redirects -------------------------------------------------------------------------------


def chain(server: LocalServer, length: int, status: int = 302) -> None:
    """/r/N redirects to /r/N-1 ... /r/0 answers 200."""

    def handler(exchange: Exchange) -> None:
        n = int(exchange.request.path.rsplit("/", 1)[1])
        if n == 0:
            exchange.respond(200, b"arrived")
        else:
            exchange.respond(status, b"", {"Location": f"/r/{n - 1}"})

    for n in range(length + 1):
        server.route(f"/r/{n}", handler)


def test_ten_redirects_are_followed(http_server: LocalServer) -> None:
    chain(http_server, 10)
    response = request(http_server.url("/r/10"), guard=guard())
    assert response.body == b"arrived"
    assert response.url == http_server.url("/r/0")
    assert [hop.url for hop in response.hops] == [
        http_server.url(f"/r/{n}") for n in range(10, 0, -1)
    ]
    assert {hop.status for hop in response.hops} == {302}


def test_eleven_redirects_are_too_many(http_server: LocalServer) -> None:
    chain(http_server, 11)
    assert failure(http_server.url("/r/11")).code == "too_many_redirects"
    assert http_server.url("/r/0") not in [http_server.url(p) for p in http_server.paths()]


def test_redirect_loop_is_detected(http_server: LocalServer) -> None:
    http_server.redirect("/a", "/b")
    http_server.redirect("/b", "/a")
    error = failure(http_server.url("/a"))
    assert error.code == "redirect_loop"
    assert http_server.paths() == ["/a", "/b"]


def test_relative_locations_are_resolved_against_the_current_url(http_server: LocalServer) -> None:
    http_server.redirect("/dir/a", "b", 301)
    http_server.redirect("/dir/b", "../c?x=1#frag", 308)
    http_server.reply("/c", 200, b"here")
    response = request(http_server.url("/dir/a"), guard=guard())
    assert response.url == http_server.url("/c?x=1")
    assert [(h.status, h.url) for h in response.hops] == [
        (301, http_server.url("/dir/a")),
        (308, http_server.url("/dir/b")),
    ]


def test_see_other_turns_the_request_into_a_get(http_server: LocalServer) -> None:
    http_server.redirect("/form", "/done", 303)
    http_server.reply("/done", 200, b"ok")
    request(http_server.url("/form"), guard=guard(), method="POST")
    assert [r.method for r in http_server.requests] == ["POST", "GET"]


def test_credentials_do_not_follow_a_redirect_to_another_host(
    http_server: LocalServer, second_server: LocalServer
) -> None:
    http_server.redirect("/", second_server.url("/"))
    second_server.reply("/", 200, b"ok")
    request(http_server.url("/"), headers={"Authorization": "Bearer x"}, guard=guard())
    assert http_server.requests[0].headers["authorization"] == "Bearer x"
    assert "authorization" not in second_server.requests[0].headers


# --- Deadline ---------------------------------------------------------------------------------


def test_slow_drip_headers_stop_at_the_deadline(http_server: LocalServer) -> None:
    def drip_headers(exchange: Exchange) -> None:
        exchange.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        exchange.drip(itertools.repeat(ord("a")), 0.05)

    http_server.route("/", drip_headers)
    started = time.monotonic()
    error = failure(http_server.url("/"), timeout=1.0)
    elapsed = time.monotonic() - started
    assert error.code == "timeout"
    assert 0.9 <= elapsed < 3


def test_slow_drip_body_stops_at_the_deadline(http_server: LocalServer) -> None:
    def drip_body(exchange: Exchange) -> None:
        exchange.start(200, {"Content-Length": "100000"})
        exchange.drip(itertools.repeat(ord("a")), 0.05)

    http_server.route("/", drip_body)
    started = time.monotonic()
    error = failure(http_server.url("/"), timeout=1.0)
    elapsed = time.monotonic() - started
    assert error.code == "timeout"
    assert 0.9 <= elapsed < 3


def test_deadline_covers_all_redirect_hops_together(http_server: LocalServer) -> None:
    def slow_redirect(exchange: Exchange) -> None:
        exchange.stopping.wait(0.4)
        n = int(exchange.request.path.rsplit("/", 1)[1])
        exchange.respond(302, b"", {"Location": f"/slow/{n + 1}"})

    for n in range(10):
        http_server.route(f"/slow/{n}", slow_redirect)
    started = time.monotonic()
    error = failure(http_server.url("/slow/0"), timeout=1.0)
    assert error.code == "timeout"
    assert time.monotonic() - started < 3
    assert len(http_server.requests) <= 3


def test_silent_server_times_out(http_server: LocalServer) -> None:
    def silent(exchange: Exchange) -> None:
        exchange.stopping.wait(10)

    http_server.route("/", silent)
    started = time.monotonic()
    assert failure(http_server.url("/"), timeout=0.5).code == "timeout"
    assert time.monotonic() - started < 2


# --- Byte cap ---------------------------------------------------------------------------------


def zeros_bomb(size: int, container: str) -> bytes:
    """`size` zero bytes deflated, built from one repeated block instead of compressing it all.

    A full flush makes every block independent, so the block for 1 MiB of zeros can be repeated.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(bytes(MiB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = size // MiB
    final = b"\x03\x00"  # an empty final block
    zeros = bytes(MiB)
    if container == "gzip":
        crc = 0
        for _ in range(count):
            crc = zlib.crc32(zeros, crc)
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
        return header + block * count + final + struct.pack("<II", crc, size & 0xFFFFFFFF)
    adler = 1
    for _ in range(count):
        adler = zlib.adler32(zeros, adler)
    return b"\x78\xda" + block * count + final + struct.pack(">I", adler)


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    return zeros_bomb(1024 * MiB, "gzip")


@pytest.fixture(scope="module")
def deflate_bomb() -> bytes:
    return zeros_bomb(1024 * MiB, "zlib")


@pytest.fixture(scope="module")
def brotli_bomb() -> bytes:
    compressor = brotli.Compressor(quality=1)  # fast; still over 5000 to 1
    zeros = bytes(16 * MiB)
    parts = [compressor.process(zeros) for _ in range(64)]
    return bytes(b"".join(parts) + compressor.finish())


def test_gzip_bomb_builder_makes_a_valid_gigabyte(gzip_bomb: bytes) -> None:
    assert len(gzip_bomb) < 2 * MiB
    with gzip.GzipFile(fileobj=io.BytesIO(gzip_bomb)) as stream:
        assert stream.read(MiB) == bytes(MiB)


def fails_too_large_in_bounded_memory(url: str, cap: int = MiB) -> None:
    tracemalloc.start()
    try:
        error = failure(url, max_bytes=cap)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "too_large"
    assert "announced" not in error.message  # the limit was met while reading, not up front
    assert cap // 2 < peak < 12 * cap, f"peak {peak:,} bytes while capped at {cap:,}"


def serve_body(body: bytes, headers: dict[str, str], *, chunked: bool = True) -> Handler:
    """Send `body` in 64 KiB pieces, chunked (no length to refuse up front) or with a length."""

    def handler(exchange: Exchange) -> None:
        framing = (
            {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(len(body))}
        )
        exchange.start(200, {**framing, **headers})
        view = memoryview(body)
        for start in range(0, len(body), 64 * 1024):
            piece = view[start : start + 64 * 1024]
            if chunked:
                exchange.chunk(bytes(piece))
            else:
                exchange.write(piece)
        if chunked:
            exchange.chunk(b"")

    return handler


def test_gzip_bomb_fails_too_large_in_bounded_memory(
    http_server: LocalServer, gzip_bomb: bytes
) -> None:
    http_server.route("/", serve_body(gzip_bomb, {"Content-Encoding": "gzip"}))
    fails_too_large_in_bounded_memory(http_server.url("/"))


def test_gzip_bomb_with_a_modest_content_length_fails_too_large_in_bounded_memory(
    http_server: LocalServer, gzip_bomb: bytes
) -> None:
    # The announced (compressed) size is under the cap; only the decompressed count catches it.
    http_server.route("/", serve_body(gzip_bomb, {"Content-Encoding": "gzip"}, chunked=False))
    fails_too_large_in_bounded_memory(http_server.url("/"), cap=2 * MiB)


def test_deflate_bomb_fails_too_large_in_bounded_memory(
    http_server: LocalServer, deflate_bomb: bytes
) -> None:
    http_server.route("/", serve_body(deflate_bomb, {"Content-Encoding": "deflate"}))
    fails_too_large_in_bounded_memory(http_server.url("/"))


def test_brotli_bomb_fails_too_large_in_bounded_memory(
    http_server: LocalServer, brotli_bomb: bytes
) -> None:
    assert len(brotli_bomb) < 256 * 1024
    http_server.route("/", serve_body(brotli_bomb, {"Content-Encoding": "br"}, chunked=False))
    fails_too_large_in_bounded_memory(http_server.url("/"))


def endless(exchange: Exchange, *, chunked: bool) -> None:
    block = b"x" * 65536
    if chunked:
        exchange.start(200, {"Transfer-Encoding": "chunked"})
    else:
        exchange.start(200, {})  # no length: the body runs until the connection closes
    while not exchange.stopping.is_set():
        if chunked:
            exchange.chunk(block)
        else:
            exchange.write(block)


def test_endless_chunked_body_fails_too_large_in_bounded_memory(http_server: LocalServer) -> None:
    http_server.route("/", lambda exchange: endless(exchange, chunked=True))
    fails_too_large_in_bounded_memory(http_server.url("/"))


def test_endless_unframed_body_fails_too_large_in_bounded_memory(http_server: LocalServer) -> None:
    http_server.route("/", lambda exchange: endless(exchange, chunked=False))
    fails_too_large_in_bounded_memory(http_server.url("/"))


def test_content_length_over_the_cap_fails_before_the_body_is_read(
    http_server: LocalServer,
) -> None:
    def announce_a_gigabyte(exchange: Exchange) -> None:
        exchange.start(200, {"Content-Length": str(1024 * MiB)})
        exchange.stopping.wait(10)  # sends nothing: only the header can end this quickly

    http_server.route("/", announce_a_gigabyte)
    started = time.monotonic()
    error = failure(http_server.url("/"), max_bytes=MiB)
    assert error.code == "too_large"
    assert "announced" in error.message
    assert time.monotonic() - started < 1


def test_content_length_smaller_than_the_body_keeps_only_the_declared_bytes(
    http_server: LocalServer,
) -> None:
    def lie_small(exchange: Exchange) -> None:
        exchange.start(200, {"Content-Length": "10"})
        exchange.write(b"0123456789" + b"x" * (4 * MiB))
        exchange.close_after()

    http_server.route("/", lie_small)
    response = request(http_server.url("/"), guard=guard(max_bytes=MiB))
    assert response.body == b"0123456789"


def test_content_length_larger_than_the_body_is_a_protocol_error(
    http_server: LocalServer,
) -> None:
    def lie_large(exchange: Exchange) -> None:
        exchange.start(200, {"Content-Length": "1000"})
        exchange.write(b"short")
        exchange.close_after()

    http_server.route("/", lie_large)
    assert failure(http_server.url("/")).code == "protocol"


def test_compressed_body_under_the_cap_that_inflates_past_it_fails(
    http_server: LocalServer,
) -> None:
    body = gzip.compress(bytes(MiB + 1))
    http_server.reply("/", 200, body, {"Content-Encoding": "gzip"})
    assert failure(http_server.url("/"), max_bytes=MiB).code == "too_large"


def test_body_exactly_at_the_cap_is_accepted(http_server: LocalServer) -> None:
    http_server.reply("/exact", 200, b"a" * 1000)
    http_server.reply("/over", 200, b"a" * 1001)
    assert len(request(http_server.url("/exact"), guard=guard(max_bytes=1000)).body) == 1000
    assert failure(http_server.url("/over"), max_bytes=1000).code == "too_large"


# --- Decoding ---------------------------------------------------------------------------------

TEXT = "<rss><channel><title>Tribune — news</title></channel></rss>\n".encode() * 2000


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("br", brotli.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send
        ("identity", lambda data: data),
        ("gzip, br", lambda data: brotli.compress(gzip.compress(data))),
    ],
    ids=["gzip", "x-gzip", "br", "deflate", "raw-deflate", "identity", "gzip-then-br"],
)
def test_compressed_bodies_are_decoded(
    http_server: LocalServer, encoding: str, encode: Callable[[bytes], bytes]
) -> None:
    http_server.reply("/", 200, encode(TEXT), {"Content-Encoding": encoding})
    response = request(http_server.url("/"), guard=guard())
    assert response.body == TEXT
    assert http_server.requests[0].headers["accept-encoding"] == "gzip, deflate, br"


def test_unknown_content_encoding_is_a_protocol_error(http_server: LocalServer) -> None:
    http_server.reply("/", 200, b"???", {"Content-Encoding": "zstd"})
    assert failure(http_server.url("/")).code == "protocol"


def test_corrupt_gzip_is_a_protocol_error(http_server: LocalServer) -> None:
    http_server.reply("/", 200, b"\x1f\x8b\x08\x00garbage-garbage", {"Content-Encoding": "gzip"})
    assert failure(http_server.url("/")).code == "protocol"


# --- Statuses, headers --------------------------------------------------------------------------


def test_user_agent_is_sent_on_every_hop(http_server: LocalServer) -> None:
    http_server.redirect("/", "/next")
    http_server.reply("/next", 200, b"ok")
    request(
        http_server.url("/"),
        headers={"User-Agent": "spoofed"},
        guard=guard(user_agent="Tribune/9 (+https://news.example)"),
    )
    agents = [r.headers["user-agent"] for r in http_server.requests]
    assert agents == ["Tribune/9 (+https://news.example)"] * 2


def test_error_status_raises_with_the_status(http_server: LocalServer) -> None:
    http_server.reply("/", 404, b"gone")
    error = failure(http_server.url("/"))
    assert (error.code, error.status, error.retry_after) == ("http_status", 404, None)
    assert "404 Not Found" in error.message


def test_too_many_requests_carries_retry_after_seconds(http_server: LocalServer) -> None:
    http_server.reply("/", 429, b"", {"Retry-After": "120"})
    error = failure(http_server.url("/"))
    assert (error.code, error.status, error.retry_after) == ("http_status", 429, 120.0)


def test_unavailable_carries_retry_after_from_an_http_date(http_server: LocalServer) -> None:
    later = datetime.now(UTC) + timedelta(hours=1)
    http_server.reply("/", 503, b"", {"Retry-After": format_datetime(later, usegmt=True)})
    error = failure(http_server.url("/"))
    assert error.status == 503
    assert error.retry_after is not None and 3590 < error.retry_after <= 3600


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0.0),
        ("3600", 3600.0),
        (" 60 ", 60.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 60.0),
        ("Wed, 21 Oct 2015 07:00:00 GMT", 0.0),  # already past
        ("soon", None),
        ("-5", None),
        ("1.5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_parsed_from_seconds_or_a_date(
    value: str | None, seconds: float | None
) -> None:
    now = datetime(2015, 10, 21, 7, 27, tzinfo=UTC)
    assert http.parse_retry_after(value, now=now) == seconds


def test_not_modified_is_returned_not_raised(http_server: LocalServer) -> None:
    http_server.reply("/", 304, b"", {"ETag": '"v1"'})
    response = request(http_server.url("/"), guard=guard())
    assert (response.status, response.body) == (304, b"")


def test_head_request_returns_no_body(http_server: LocalServer) -> None:
    http_server.reply("/", 200, b"body")
    response = request(http_server.url("/"), guard=guard(), method="HEAD")
    assert (response.status, response.body) == (200, b"")
    assert http_server.requests[0].method == "HEAD"


def test_cookies_are_never_carried_between_requests(http_server: LocalServer) -> None:
    http_server.reply("/set", 200, b"", {"Set-Cookie": "session=abc; Path=/"})
    http_server.reply("/next", 200, b"")
    request(http_server.url("/set"), guard=guard())
    request(http_server.url("/next"), guard=guard())
    assert "cookie" not in http_server.requests[1].headers


# --- Connections ------------------------------------------------------------------------------


def test_sequential_requests_reuse_one_kept_alive_connection(http_server: LocalServer) -> None:
    http_server.reply("/", 200, b"x" * 1000)
    for _ in range(20):
        request(http_server.url("/"), guard=guard())
    assert http_server.connections == 1


def test_short_redirects_reuse_the_connection(http_server: LocalServer) -> None:
    chain(http_server, 3)
    request(http_server.url("/r/3"), guard=guard())
    assert http_server.connections == 1


def test_a_stricter_guard_never_reuses_a_looser_guards_connection(
    http_server: LocalServer,
) -> None:
    http_server.reply("/", 200, b"ok")
    request(http_server.url("/", host="localhost"), guard=guard())
    assert failure(http_server.url("/", host="localhost"), allowed_networks=[]).code == (
        "blocked_address"
    )
    assert len(http_server.requests) == 1


def test_per_host_limit_is_never_exceeded(http_server: LocalServer) -> None:
    # Counted by the handler, and let go just before it answers: the server's own count ends
    # after the answer is sent, when the client may already have started its next request.
    lock = threading.Lock()
    active = [0, 0]  # now, most

    def slow(exchange: Exchange) -> None:
        with lock:
            active[0] += 1
            active[1] = max(active[1], active[0])
        exchange.stopping.wait(0.05)
        with lock:
            active[0] -= 1
        exchange.respond(200, b"ok")

    http_server.route("/", slow)
    limited = guard(per_host=2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(3):
                request(http_server.url("/"), guard=limited)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(http_server.requests) == 18
    assert active[1] == 2


def test_waiting_for_a_host_slot_counts_against_the_deadline(http_server: LocalServer) -> None:
    release = threading.Event()

    def hold(exchange: Exchange) -> None:
        release.wait(5)
        exchange.respond(200)

    http_server.route("/hold", hold)
    http_server.reply("/", 200, b"ok")
    limited = guard(per_host=1, timeout=5.0)
    holder = threading.Thread(
        target=request, args=(http_server.url("/hold"),), kwargs={"guard": limited}
    )
    holder.start()
    try:
        deadline = time.monotonic() + 5
        while not http_server.requests and time.monotonic() < deadline:
            time.sleep(0.01)
        started = time.monotonic()
        error = failure(http_server.url("/"), per_host=1, timeout=0.3)
        assert error.code == "timeout"
        assert time.monotonic() - started < 1.5
    finally:
        release.set()
        holder.join()


# --- TLS --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A throwaway CA and a certificate for "localhost" signed by it (needs the openssl CLI)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not available")
    where = tmp_path_factory.mktemp("tls")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=where, check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl(
        "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Tribune Test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
    (where / "ext.cnf").write_text("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n")
    openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf",
    )  # fmt: skip
    return {name: where / f"{name}" for name in ("ca.pem", "server.pem", "server.key")}


@pytest.fixture
def https_server(certificates: dict[str, Path]) -> Iterator[LocalServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificates["server.pem"], certificates["server.key"])
    with LocalServer(tls=context) as server:
        server.reply("/", 200, b"secure")
        yield server


def test_https_verifies_the_certificate_against_the_host_name(
    https_server: LocalServer, certificates: dict[str, Path]
) -> None:
    # Connected to 127.0.0.1 literally, yet SNI and the check use "localhost".
    response = request(
        https_server.url("/", host="localhost"), guard=guard(ca_file=str(certificates["ca.pem"]))
    )
    assert response.body == b"secure"
    assert response.address == "127.0.0.1"


def test_https_with_an_untrusted_certificate_fails_as_tls(https_server: LocalServer) -> None:
    error = failure(https_server.url("/", host="localhost"))
    assert error.code == "tls"
    assert https_server.requests == []


def test_https_certificate_for_another_name_fails_as_tls(
    https_server: LocalServer, certificates: dict[str, Path]
) -> None:
    error = failure(https_server.url("/"), ca_file=str(certificates["ca.pem"]))
    assert error.code == "tls"
    assert "127.0.0.1" in error.message


# --- Settings ---------------------------------------------------------------------------------


def test_guard_is_built_from_settings(settings: Any) -> None:
    settings.FETCH_ALLOWED_NETWORKS = ["10.0.0.0/8", "fd00::/8"]
    settings.FETCH_TIMEOUT = 7.5
    settings.FETCH_MAX_BYTES = 12345
    settings.FETCH_PER_HOST = 3
    settings.USER_AGENT = "Tribune/test"
    built = Guard.from_settings()
    assert (
        built.networks
        == built.allowed_networks
        == (
            ipaddress.ip_network("10.0.0.0/8"),
            ipaddress.ip_network("fd00::/8"),
        )
    )
    assert (built.timeout, built.max_bytes, built.per_host, built.user_agent) == (
        7.5,
        12345,
        3,
        "Tribune/test",
    )
    assert built.max_redirects == 10


def test_guard_accepts_cidr_strings() -> None:
    assert Guard(allowed_networks=["127.0.0.1"]).networks == (ipaddress.ip_network("127.0.0.1/32"),)


def test_fetch_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(FetchError("http_status", "busy", status=429, retry_after=9)))
    assert (error.code, error.message, error.status, error.retry_after) == (
        "http_status",
        "busy",
        429,
        9,
    )
