"""The guarded outbound HTTP client: every request Tribune makes to another server goes through it.

It owns the scheme check, the address check (made on the address actually connected to, on every
redirect hop, with no DNS-rebinding window), the redirect cap, the total deadline, the byte cap
counted after decompression, and the per-host concurrency limit.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from http import HTTPStatus
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, Protocol, TypeAlias

import brotli
import httpcore
import httpx

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 10
DEFAULT_PER_HOST = 2
DEFAULT_USER_AGENT = "Tribune/0.1 (+http://127.0.0.1:8000)"

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECT_STATUSES = frozenset({301, 308})
ACCEPT_ENCODING = "gzip, deflate, br"

# Decoders hand out at most this much at a time, so a bomb never inflates past the cap + one piece.
_PIECE = 64 * 1024
# Redirect bodies up to this size are read so the connection can be reused; larger ones close it.
_REDIRECT_DRAIN = 64 * 1024
# Headers that must not follow a redirect to another origin.
_CREDENTIAL_HEADERS = ("authorization", "cookie", "proxy-authorization")


class FetchError(Exception):
    """A fetch that did not produce a usable response; `code` is for machines, `message` for admins.

    Codes: bad_url, bad_scheme, blocked_address, dns, connect, timeout, too_large,
    too_many_redirects, redirect_loop, http_status, tls, protocol.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return f"FetchError({self.code!r}, {self.message!r}, status={self.status!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields survive pickling (process pools, task queues).
        return (_rebuild_error, (self.code, self.message, self.status, self.retry_after))


def _rebuild_error(
    code: str, message: str, status: int | None, retry_after: float | None
) -> FetchError:
    return FetchError(code, message, status=status, retry_after=retry_after)


@dataclass(frozen=True)
class Guard:
    """The limits one request runs under. Build it explicitly or from Django settings."""

    # CIDR strings or networks, e.g. ["10.0.0.0/8"]; always stored as a tuple of networks
    # (read them typed through `networks`).
    allowed_networks: Sequence[str | IPNetwork] = ()
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    user_agent: str = DEFAULT_USER_AGENT
    per_host: int = DEFAULT_PER_HOST
    # A PEM bundle of certificate authorities to trust instead of the public (certifi) ones.
    ca_file: str | None = None
    networks: tuple[IPNetwork, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        networks = tuple(
            n
            if isinstance(n, ipaddress.IPv4Network | ipaddress.IPv6Network)
            else ipaddress.ip_network(n, strict=False)
            for n in self.allowed_networks
        )
        object.__setattr__(self, "allowed_networks", networks)
        object.__setattr__(self, "networks", networks)
        if self.timeout <= 0 or self.max_bytes <= 0 or self.per_host <= 0:
            raise ValueError("Guard timeout, max_bytes and per_host must be positive")
        if self.max_redirects < 0:
            raise ValueError("Guard max_redirects must not be negative")

    @classmethod
    def from_settings(cls) -> Guard:
        """The guard described by the FETCH_* and USER_AGENT settings (defaults when unset)."""
        # Imported here so this module stays usable (and importable) without Django configured.
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        try:
            return _guard_from_values(
                tuple(getattr(settings, "FETCH_ALLOWED_NETWORKS", ()) or ()),
                float(getattr(settings, "FETCH_TIMEOUT", DEFAULT_TIMEOUT)),
                int(getattr(settings, "FETCH_MAX_BYTES", DEFAULT_MAX_BYTES)),
                int(getattr(settings, "FETCH_PER_HOST", DEFAULT_PER_HOST)),
                str(getattr(settings, "USER_AGENT", "") or DEFAULT_USER_AGENT),
            )
        except ImproperlyConfigured:
            return cls()  # a script running without Django settings


@lru_cache(maxsize=16)
def _guard_from_values(
    networks: tuple[str, ...], timeout: float, max_bytes: int, per_host: int, user_agent: str
) -> Guard:
    return Guard(
        allowed_networks=tuple(ipaddress.ip_network(n, strict=False) for n in networks),
        timeout=timeout,
        max_bytes=max_bytes,
        per_host=per_host,
        user_agent=user_agent,
    )


@dataclass
class Hop:
    """One redirect followed: `url` answered with redirect `status`."""

    status: int
    url: str


@dataclass
class HttpResponse:
    url: str  # the final URL, after redirects
    status: int
    headers: httpx.Headers
    body: bytes  # content-encoding removed
    hops: list[Hop] = field(default_factory=list)  # the redirects followed, in order
    address: str | None = None  # the IP the final response came from


# --- Address checks -------------------------------------------------------------------------

_V4_BLOCKED: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (ipaddress.IPv4Network(net), reason)
    for net, reason in (
        ("0.0.0.0/8", "unspecified address"),
        ("10.0.0.0/8", "private address"),
        ("100.64.0.0/10", "shared (CGNAT) address"),
        ("127.0.0.0/8", "loopback address"),
        ("169.254.0.0/16", "link-local address"),
        ("172.16.0.0/12", "private address"),
        ("192.0.0.0/24", "IETF protocol address"),
        ("192.0.2.0/24", "documentation address"),
        ("192.88.99.0/24", "6to4 relay address"),
        ("192.168.0.0/16", "private address"),
        ("198.18.0.0/15", "benchmarking address"),
        ("198.51.100.0/24", "documentation address"),
        ("203.0.113.0/24", "documentation address"),
        ("224.0.0.0/4", "multicast address"),
        ("255.255.255.255/32", "broadcast address"),
        ("240.0.0.0/4", "reserved address"),
    )
)

_V6_BLOCKED: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.IPv6Network(net), reason)
    for net, reason in (
        ("::/128", "unspecified address"),
        ("::1/128", "loopback address"),
        # Deprecated IPv4-compatible form (::a.b.c.d); nothing public lives there.
        ("::/96", "IPv4-compatible address"),
        ("64:ff9b:1::/48", "local-use NAT64 address"),
        ("100::/64", "discard-only address"),
        # Teredo, ORCHID, AMT and other protocol assignments: no feed lives here.
        ("2001::/23", "IETF protocol address"),
        ("2001:db8::/32", "documentation address"),
        ("3fff::/20", "documentation address"),
        ("5f00::/16", "segment-routing address"),
        ("fc00::/7", "private (unique local) address"),
        ("fe80::/10", "link-local address"),
        ("fec0::/10", "site-local address"),
        ("ff00::/8", "multicast address"),
    )
)

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SIIT = ipaddress.IPv6Network("::ffff:0:0:0/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form reaches: mapped, SIIT-translated, 6to4 or NAT64."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or ip in _SIIT:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _v4_reason(ip: ipaddress.IPv4Address) -> str | None:
    for network, reason in _V4_BLOCKED:
        if ip in network:
            return reason
    if not ip.is_global or ip.is_multicast:
        return "non-public address"
    return None


def blocked_reason(ip: IPAddress, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """Why Tribune must not connect to `ip` ("private address"...), or None when it may.

    Addresses inside `allowed` always pass (an admin's explicit choice, e.g. an intranet feed).
    IPv6 forms that carry an IPv4 address (mapped, 6to4, NAT64) are judged by that address too.
    """
    if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id:
        ip = ipaddress.IPv6Address(str(ip).split("%", 1)[0])
    embedded = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    for network in allowed:
        if ip in network or (embedded is not None and embedded in network):
            return None
    if isinstance(ip, ipaddress.IPv4Address):
        return _v4_reason(ip)
    if embedded is not None:
        reason = _v4_reason(embedded)
        if reason is not None:
            return f"{reason} ({embedded} inside {ip})"
        if ip.ipv4_mapped is not None or ip in _NAT64:
            # These reach exactly the embedded address, which is public.
            return None
    for network6, reason in _V6_BLOCKED:
        if ip in network6:
            return reason
    if not ip.is_global or ip.is_multicast:
        return "non-public address"
    return None


_DIGITS = {8: frozenset("01234567"), 10: frozenset("0123456789"), 16: frozenset("0123456789abcdef")}


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Parse the forms inet_aton accepts: 2130706433, 0x7f.1, 017700000001, 127.1."""
    parts = host.lower().split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # a trailing dot, as in "127.0.0.1."
    if not 1 <= len(parts) <= 4:
        return None
    values: list[int] = []
    for part in parts:
        if part.startswith("0x"):
            digits, base = part[2:], 16
        elif len(part) > 1 and part.startswith("0"):
            digits, base = part[1:], 8
        else:
            digits, base = part, 10
        if not digits:
            if base != 16:
                return None
            digits = "0"
        if not set(digits) <= _DIGITS[base]:
            return None
        values.append(int(digits, base))
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    number = last
    for i, value in enumerate(head):
        number += value << (8 * (3 - i))
    return ipaddress.IPv4Address(number)


def literal_address(host: str) -> IPAddress | None:
    """The IP address a URL host names literally (any notation a resolver accepts), else None."""
    host = host.strip("[]")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    return _legacy_ipv4(host)


# --- Deadline-aware network backend ---------------------------------------------------------


class _Clock:
    """The deadline of the request the owning thread is running; its pooled streams share it."""

    __slots__ = ("deadline",)

    def __init__(self) -> None:
        self.deadline: float | None = None

    def bound(self, timeout: float | None, expired: type[Exception]) -> float | None:
        """`timeout` cut down to what is left of the deadline; raises `expired` when none is."""
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise expired("the request's total deadline has passed")
        return left if timeout is None or timeout > left else timeout


class _GuardedStream(httpcore.NetworkStream):
    """Every read and write waits no longer than the current request's deadline allows."""

    def __init__(self, inner: httpcore.NetworkStream, clock: _Clock) -> None:
        self._inner = inner
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._clock.bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clock.bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # server_hostname is the URL's host name, so SNI and certificate checks use it even
        # though the socket was opened to a literal IP.
        try:
            inner = self._inner.start_tls(
                ssl_context, server_hostname, self._clock.bound(timeout, httpcore.ConnectTimeout)
            )
        except httpcore.ConnectError as exc:
            if isinstance(exc.__cause__, ssl.SSLError):
                detail = getattr(exc.__cause__, "verify_message", None) or exc.__cause__.reason
                raise FetchError(
                    "tls", f"TLS handshake with {server_hostname} failed: {detail}"
                ) from exc
            raise
        return _GuardedStream(inner, self._clock)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves host names itself, checks every address, and connects only to a checked one.

    The IP that passed the check is the IP the socket is opened to, so a resolver that answers
    differently a second time (DNS rebinding) cannot steer the connection elsewhere.
    """

    def __init__(self, allowed: tuple[IPNetwork, ...], clock: _Clock) -> None:
        self._inner = httpcore.SyncBackend()
        self._allowed = allowed
        self._clock = clock

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        refused: list[tuple[IPAddress, str]] = []
        failure: httpcore.ConnectError | None = None
        wait = self._clock.bound(timeout, httpcore.ConnectTimeout)
        for ip in _resolve(host, port, wait):
            reason = blocked_reason(ip, self._allowed)
            if reason is not None:
                refused.append((ip, reason))
                continue
            try:
                stream = self._inner.connect_tcp(
                    str(ip),
                    port,
                    timeout=self._clock.bound(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc  # try the next address, as browsers do
                continue
            return _GuardedStream(stream, self._clock)
        if failure is not None:
            raise failure
        ip, reason = refused[0]
        shown = str(ip) if literal_address(host) is not None else f"{host} ({ip})"
        raise FetchError("blocked_address", f"Refused to connect to {shown}: {reason}")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise FetchError("bad_url", "Refused to connect to a Unix socket")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


_resolver_lock = threading.Lock()
_resolver: ThreadPoolExecutor | None = None


def _lookup(host: str, port: int, wait: float | None) -> list[Any]:
    """getaddrinfo, given up on after `wait` seconds: the system resolver has no deadline."""
    global _resolver
    if literal_address(host) is not None:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)  # numeric: no lookup
    with _resolver_lock:
        if _resolver is None:
            _resolver = ThreadPoolExecutor(max_workers=16, thread_name_prefix="tribune-dns")
    future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        return future.result(timeout=wait)
    except FutureTimeout as exc:
        raise FetchError("timeout", f"Timed out resolving {host}") from exc


def _resolve(host: str, port: int, wait: float | None) -> list[IPAddress]:
    try:
        infos = _lookup(host, port, wait)
    except (socket.gaierror, UnicodeError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        raise FetchError("dns", f"Could not resolve {host}: {detail}") from exc
    addresses: list[IPAddress] = []
    for family, _type, _proto, _name, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise FetchError("dns", f"Could not resolve {host}: no IP addresses")
    return addresses


# --- One client per thread ------------------------------------------------------------------


class _Transport(httpx.HTTPTransport):
    def __init__(self, backend: _GuardedBackend, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx builds its pool with the default backend; swap in one that dials through the
        # guard. Pinned httpx 0.28 keeps the pool in `_pool`; fail loudly if that changes.
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("httpx.HTTPTransport no longer keeps its pool in _pool")
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            # One request at a time per thread; the rest are kept-alive connections to reuse.
            max_connections=16,
            max_keepalive_connections=16,
            keepalive_expiry=15.0,
            network_backend=backend,
        )


@dataclass
class _Session:
    client: httpx.Client
    clock: _Clock


_local = threading.local()


def _session(guard: Guard) -> _Session:
    # Keyed by what the pool's connections were checked against: a connection opened under a
    # looser guard must never be reused by a stricter one.
    sessions: dict[tuple[object, ...], _Session] | None = getattr(_local, "sessions", None)
    if sessions is None:
        sessions = _local.sessions = {}
    key = (guard.networks, guard.ca_file)
    session = sessions.get(key)
    if session is None:
        clock = _Clock()
        if guard.ca_file:
            context = ssl.create_default_context(cafile=guard.ca_file)
        else:
            context = httpx.create_ssl_context(trust_env=False)
        client = httpx.Client(
            transport=_Transport(_GuardedBackend(guard.networks, clock), context),
            trust_env=False,
            follow_redirects=False,
            # Fetches are independent; no cookie may leak from one site or source to the next.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        )
        session = sessions[key] = _Session(client, clock)
    return session


def close_clients() -> None:
    """Close this thread's clients (and their kept-alive connections)."""
    sessions: dict[tuple[object, ...], _Session] = getattr(_local, "sessions", None) or {}
    for session in sessions.values():
        session.client.close()
    sessions.clear()


# --- Per-host concurrency -------------------------------------------------------------------

_slots_lock = threading.Lock()
_slots: dict[tuple[str, int], threading.BoundedSemaphore] = {}


@contextmanager
def _host_slot(host: str, limit: int, deadline: float) -> Iterator[None]:
    key = (host, limit)
    with _slots_lock:
        slot = _slots.get(key)
        if slot is None:
            slot = _slots[key] = threading.BoundedSemaphore(limit)
    if not slot.acquire(timeout=max(0.0, deadline - time.monotonic())):
        raise FetchError("timeout", f"Timed out waiting for a free connection to {host}")
    try:
        yield
    finally:
        slot.release()


def _forget_after_fork() -> None:
    # A forked child must not share its parent's sockets or inherit a lock held mid-request.
    global _local, _slots_lock, _slots, _resolver_lock, _resolver
    _local = threading.local()
    _slots_lock = threading.Lock()
    _slots = {}
    _resolver_lock = threading.Lock()
    _resolver = None  # its threads did not survive the fork


os.register_at_fork(after_in_child=_forget_after_fork)


# --- Decoding with an output limit ----------------------------------------------------------


class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...


class _DecodeError(Exception):
    pass


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data


class _Zlib:
    """gzip or deflate; deflate falls back to raw deflate, which some servers send."""

    def __init__(self, wbits: int, *, raw_fallback: bool = False) -> None:
        self._d = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback

    def _step(self, data: bytes) -> bytes:
        try:
            out = self._d.decompress(data, _PIECE)
        except zlib.error as exc:
            if not self._raw_fallback:
                raise _DecodeError(str(exc)) from exc
            self._d = zlib.decompressobj(-zlib.MAX_WBITS)
            self._raw_fallback = False
            return self._step(data)
        self._raw_fallback = False
        return out

    def feed(self, data: bytes) -> Iterator[bytes]:
        while not self._d.eof:
            out = self._step(data)
            data = self._d.unconsumed_tail
            if out:
                yield out
            # A full piece may leave output pending inside zlib even with no input left.
            if not data and len(out) < _PIECE:
                return


class _Brotli:
    def __init__(self) -> None:
        self._d = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            if self._d.is_finished():
                return
            out = self._d.process(data, output_buffer_limit=_PIECE)
            while True:
                if out:
                    yield out
                if self._d.can_accept_more_data() or not out:
                    return
                out = self._d.process(b"", output_buffer_limit=_PIECE)
        except brotli.error as exc:
            raise _DecodeError(str(exc)) from exc


class _Chain:
    """Undo several encodings in turn ("gzip, br" is decoded br first)."""

    def __init__(self, stages: list[_Decoder]) -> None:
        self._stages = stages

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._run(0, data)

    def _run(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._stages):
            if data:
                yield data
            return
        for piece in self._stages[index].feed(data):
            yield from self._run(index + 1, piece)


def _decoder(encodings: list[str], url: httpx.URL) -> _Decoder:
    stages: list[_Decoder] = []
    for name in reversed([e.strip().lower() for e in encodings]):
        if name in ("", "identity"):
            continue
        if name in ("gzip", "x-gzip"):
            stages.append(_Zlib(zlib.MAX_WBITS | 16))
        elif name == "deflate":
            stages.append(_Zlib(zlib.MAX_WBITS, raw_fallback=True))
        elif name == "br":
            stages.append(_Brotli())
        else:
            raise FetchError("protocol", f"{url} sent an unsupported content encoding: {name!r}")
    if len(stages) > 3:
        raise FetchError("protocol", f"{url} stacked too many content encodings")
    if not stages:
        return _Identity()
    return stages[0] if len(stages) == 1 else _Chain(stages)


def _too_large(url: httpx.URL, guard: Guard) -> FetchError:
    return FetchError("too_large", f"{url} sent more than the {guard.max_bytes:,} byte limit")


def _read_body(response: httpx.Response, url: httpx.URL, guard: Guard, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > guard.max_bytes:
        raise FetchError(
            "too_large",
            f"{url} announced {int(declared):,} bytes, over the {guard.max_bytes:,} byte limit",
        )
    encodings = response.headers.get_list("content-encoding", split_commas=True)
    decoder = _decoder(encodings, url)
    body = bytearray()
    try:
        # Raw bytes, decoded here: httpx's decoders would inflate a whole chunk without a limit.
        for raw in response.iter_raw():
            if time.monotonic() > deadline:
                raise FetchError("timeout", f"Timed out reading {url} after {guard.timeout:g} s")
            for piece in decoder.feed(raw):
                body += piece
                if len(body) > guard.max_bytes:
                    raise _too_large(url, guard)
        for piece in decoder.feed(b""):
            body += piece
            if len(body) > guard.max_bytes:
                raise _too_large(url, guard)
    except _DecodeError as exc:
        raise FetchError("protocol", f"Could not decode the body of {url}: {exc}") from exc
    return bytes(body)


def _drain(response: httpx.Response) -> None:
    """Read a small redirect body so its connection can serve the next hop; else drop it."""
    declared = response.headers.get("content-length")
    if declared is None or not declared.isdigit() or int(declared) > _REDIRECT_DRAIN:
        return
    for _ in response.iter_raw():
        pass


# --- Requests -------------------------------------------------------------------------------


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value: delta-seconds or an HTTP date (None if neither)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _checked_url(url: str | httpx.URL, guard: Guard) -> httpx.URL:
    """Scheme and literal-address checks that need no connection (the socket is checked again)."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError("bad_url", f"Not a valid URL: {url!r} ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        shown = f"{parsed.scheme}:" if parsed.scheme else "scheme-less"
        raise FetchError(
            "bad_scheme", f"Refused {shown} URL {url}: only http and https are fetched"
        )
    if not parsed.host:
        raise FetchError("bad_url", f"Not a valid URL: {url!r} (no host)")
    ip = literal_address(parsed.host)
    if ip is not None:
        reason = blocked_reason(ip, guard.networks)
        if reason is not None:
            raise FetchError("blocked_address", f"Refused to connect to {parsed.host}: {reason}")
    return parsed.copy_with(fragment=None) if parsed.fragment else parsed


def _translate(exc: httpx.HTTPError, url: httpx.URL, guard: Guard) -> FetchError:
    if isinstance(exc, httpx.TimeoutException):
        return FetchError("timeout", f"Timed out fetching {url} after {guard.timeout:g} s")
    if isinstance(exc, httpx.ConnectError):
        return FetchError("connect", f"Could not connect to {url.host}: {exc}")
    if isinstance(exc, httpx.NetworkError):
        return FetchError("connect", f"The connection to {url.host} failed: {exc}")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError("bad_scheme", f"Refused {url}: {exc}")
    return FetchError("protocol", f"{url.host} broke the HTTP protocol: {exc}")


def _status_error(response: httpx.Response, url: httpx.URL) -> FetchError:
    try:
        phrase = HTTPStatus(response.status_code).phrase
    except ValueError:
        phrase = "error"
    return FetchError(
        "http_status",
        f"{url} answered {response.status_code} {phrase}",
        status=response.status_code,
        retry_after=parse_retry_after(response.headers.get("retry-after")),
    )


def request(
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    guard: Guard | None = None,
    method: str = "GET",
) -> HttpResponse:
    """Fetch `url` under `guard` (from settings when None), following redirects by hand.

    Returns 2xx and 3xx responses (304 included, with an empty body); raises FetchError for
    everything else, including 4xx/5xx statuses (with `retry_after` on 429/503).
    """
    guard = guard if guard is not None else Guard.from_settings()
    deadline = time.monotonic() + guard.timeout
    session = _session(guard)
    session.clock.deadline = deadline
    try:
        return _follow(session.client, url, headers, guard, method.upper(), deadline)
    finally:
        session.clock.deadline = None


def _follow(
    client: httpx.Client,
    url: str,
    extra_headers: Mapping[str, str] | None,
    guard: Guard,
    method: str,
    deadline: float,
) -> HttpResponse:
    headers = httpx.Headers({"Accept": "*/*"})
    headers.update(extra_headers or {})
    headers["User-Agent"] = guard.user_agent
    headers["Accept-Encoding"] = ACCEPT_ENCODING
    timeout = httpx.Timeout(guard.timeout)
    hops: list[Hop] = []
    target = _checked_url(url, guard)
    visited = {str(target)}
    while True:
        with _host_slot(target.host, guard.per_host, deadline):
            try:
                outgoing = client.build_request(method, target, headers=headers, timeout=timeout)
                response = client.send(outgoing, stream=True)
            except httpx.HTTPError as exc:
                raise _translate(exc, target, guard) from exc
            address = _peer(response)  # now: the socket may be closed once the body is read
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    hops.append(Hop(response.status_code, str(target)))
                    following = _next_hop(target, location, guard)
                    if str(following) in visited:
                        raise FetchError(
                            "redirect_loop", f"Redirect loop: {target} leads back to {following}"
                        )
                    if len(hops) > guard.max_redirects:
                        raise FetchError(
                            "too_many_redirects",
                            f"Gave up on {url} after {guard.max_redirects} redirects",
                        )
                    visited.add(str(following))
                    if response.status_code == 303 and method != "HEAD":
                        method = "GET"
                    if following.netloc != target.netloc or following.scheme != target.scheme:
                        for name in _CREDENTIAL_HEADERS:
                            headers.pop(name, None)
                    # On failure the connection is dropped at close; the next hop dials anew.
                    with suppress(httpx.HTTPError):
                        _drain(response)
                    target = following
                    continue
                if response.status_code < 200 or response.status_code >= 400:
                    raise _status_error(response, target)
                if method == "HEAD" or response.status_code in (204, 304):
                    body = b""
                else:
                    body = _read_body(response, target, guard, deadline)
                return HttpResponse(
                    url=str(target),
                    status=response.status_code,
                    headers=response.headers,
                    body=body,
                    hops=hops,
                    address=address,
                )
            except httpx.HTTPError as exc:
                raise _translate(exc, target, guard) from exc
            finally:
                response.close()


def _next_hop(current: httpx.URL, location: str, guard: Guard) -> httpx.URL:
    try:
        following = current.join(location.strip())
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(
            "protocol", f"{current} redirected to an invalid address: {location!r}"
        ) from exc
    return _checked_url(following, guard)


def _peer(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    try:
        address = stream.get_extra_info("server_addr")
    except OSError:
        return None
    return str(address[0]) if address else None
