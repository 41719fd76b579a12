"""A real threaded HTTP/1.1 server on 127.0.0.x for tests, with scriptable handlers.

Handlers get an `Exchange` and can answer normally, stream, drip bytes slowly or write raw
bytes (lying headers, broken framing). The server records every request, and counts
connections and the most requests it had in flight at once.

    from tests.servers import LocalServer, http_server

    __all__ = ["http_server"]  # fixtures are used by name; this tells ruff the import is used

    def test_feed_is_read(http_server: LocalServer) -> None:
        http_server.reply("/feed.xml", 200, b"<rss/>", {"Content-Type": "text/xml"})
        fetch_feed(http_server.url("/feed.xml"), guard=Guard(allowed_networks=["127.0.0.0/8"]))

A conftest.py can import the fixture the same way (with `# noqa: F401`). For a second host,
`with LocalServer("127.0.0.2") as other:` (Linux routes all of 127/8 to the loopback interface).
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import ssl
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from types import TracebackType

import pytest


@dataclass
class Received:
    """One request as the server saw it; header names are lowercase."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]
    body: bytes
    connection: int  # which accepted connection carried it (1, 2, ...)


Handler = Callable[["Exchange"], None]


class Exchange:
    """The request being answered and the means to answer it."""

    def __init__(self, handler: _RequestHandler, request: Received, stopping: threading.Event):
        self._handler = handler
        self.request = request
        self.stopping = stopping  # set when the server shuts down: long handlers should end

    def respond(
        self, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        """A complete response with a correct Content-Length (unless `headers` sets one)."""
        merged = {"Content-Length": str(len(body)), **(headers or {})}
        self.start(status, merged, body=b"" if self.request.method == "HEAD" else body)

    def start(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        """The status line and headers (and `body`, in the same write); more through write()."""
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Unknown"
        lines = [f"HTTP/1.1 {status} {phrase}\r\n"]
        lines += [f"{name}: {value}\r\n" for name, value in (headers or {}).items()]
        self.write("".join(lines).encode("latin-1") + b"\r\n" + body)
        names = {n.lower() for n in headers or {}}
        values = {v.lower() for v in (headers or {}).values()}
        if "content-length" not in names and "chunked" not in values:
            self.close_after()  # the body ends when the connection does

    def write(self, data: bytes | memoryview) -> None:
        self._handler.wfile.write(data)

    def chunk(self, data: bytes) -> None:
        """One chunk of a `Transfer-Encoding: chunked` body; an empty one ends it."""
        self.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    def drip(self, data: Iterable[int] | bytes, interval: float) -> None:
        """Write one byte every `interval` seconds until done, the client leaves or shutdown."""
        for byte in data:
            if self.stopping.wait(interval):
                return
            self.write(bytes([byte]))

    def close_after(self) -> None:
        self._handler.close_connection = True


def reply(status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> Handler:
    """A handler that always gives the same response."""

    def handler(exchange: Exchange) -> None:
        exchange.respond(status, body, headers)

    return handler


def redirect(location: str, status: int = 302) -> Handler:
    return reply(status, b"moved", {"Location": location})


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 20  # a forgotten client connection ends on its own
    server: _TCPServer

    def setup(self) -> None:
        super().setup()
        # Without this, a head and body written separately wait out the client's delayed ACK.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.number = self.server.owner._accepted(self.connection)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _dispatch(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        received = Received(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            connection=self.number,
        )
        handler = owner._handler_for(received)
        owner._enter(received)
        try:
            handler(Exchange(self, received, owner.stopping))
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, TimeoutError):
            self.close_connection = True
        finally:
            owner._leave()

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _dispatch


class _TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, owner: LocalServer, address: tuple[str, int], tls: ssl.SSLContext | None):
        self.owner = owner
        self.tls = tls
        super().__init__(address, _RequestHandler)

    def get_request(self) -> tuple[socket.socket, object]:
        sock, address = super().get_request()
        if self.tls is not None:
            # The handshake happens on the handler's first read, in its own thread.
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up or fail TLS on purpose are the point of many tests


class LocalServer:
    """A threaded HTTP server on `host` (any 127.0.0.0/8 address), port chosen by the OS."""

    def __init__(
        self, host: str = "127.0.0.1", *, port: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.routes: dict[str, Handler] = {}
        self.fallback: Handler = reply(404, b"not found")
        self.requests: list[Received] = []
        self.connections = 0
        self.active = 0
        self.max_active = 0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._server = _TCPServer(self, (host, port), tls)
        self.host = host
        self.port: int = self._server.server_address[1]
        self.scheme = "https" if tls else "http"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def url(self, path: str = "/", *, host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> None:
        """Answer requests for `path` (query string ignored) with `handler`."""
        self.routes[path] = handler

    def reply(
        self, path: str, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        self.route(path, reply(status, body, headers))

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.route(path, redirect(location, status))

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def close(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        # End kept-alive connections too, so handler threads finish and clients see the close.
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(5)

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _accepted(self, sock: socket.socket) -> int:
        with self._lock:
            self._sockets.append(sock)
            self.connections += 1
            return self.connections

    def _handler_for(self, request: Received) -> Handler:
        return self.routes.get(request.path.split("?", 1)[0], self.fallback)

    def _enter(self, request: Received) -> None:
        with self._lock:
            self.requests.append(request)
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def _leave(self) -> None:
        with self._lock:
            self.active -= 1


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A fresh server on 127.0.0.1 for one test."""
    with LocalServer() as server:
        yield server
