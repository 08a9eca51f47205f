"""The HTTP side of ``boletines serve``: the built site under its base path, plus live reload.

Files are read from the output folder on every request, so a rebuild (which swaps the
whole folder at once) is visible immediately and a failed rebuild leaves the last good
pages in place. HTML responses get the live-reload script added here, in memory; the
files on disk stay exactly what ``boletines build`` writes.

Only requests addressed to the server by one of its own names are answered (the ``Host``
header: ``localhost``, ``127.0.0.1``, ``[::1]`` or the address it listens on, with its
port): a web page the editor visits could otherwise point a name of its own at
127.0.0.1 (DNS rebinding) and read the preview, the live-reload stream included.
A client that goes away mid-request (a tab closed, a reload) is not an error.
"""

from __future__ import annotations

import mimetypes
import posixpath
import sys
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from builder.serve.livereload import EVENTS_PATH, LiveState, event_stream, inject

HTML_TYPES = ("text/html", "application/xhtml+xml")
GONE = (ConnectionError, TimeoutError)  # the client went away: broken pipe, reset, aborted


def own_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` headers a browser sends for this server's own names (lower case)."""
    names = {"localhost", "127.0.0.1", "[::1]", f"[{host}]" if ":" in host else host}
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:  # the default port is left out of the header
        hosts |= names
    return frozenset(name.lower() for name in hosts)


class DevServer(ThreadingHTTPServer):
    """Serves ``output_dir`` below ``base_path()``; one thread per request, SSE included."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        output_dir: Path,
        base_path: Callable[[], str],
        state: LiveState,
        script: bytes,
        fallback: bytes = b"<!doctype html><title>404</title><p>404</p>",
        misdirected: bytes = b"421 Misdirected Request\n",
    ) -> None:
        self.output_dir = output_dir
        self.base_path = base_path
        self.state = state
        self.script = script
        self.fallback = fallback  # shown while no site has been built yet
        self.misdirected = misdirected  # the answer to a request for another host name
        self._serving = False
        super().__init__(address, _Handler)
        self.hosts = own_hosts(address[0], self.port)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self._serving = True
        super().serve_forever(poll_interval)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away is no news; anything else is a bug, printed."""
        if isinstance(sys.exc_info()[1], GONE):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    def stop(self) -> None:
        """End the event streams, then the server, without waiting for idle keep-alives."""
        self.state.close()
        if self._serving:  # shutdown() would wait forever for a loop that never ran
            self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: DevServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the terminal is for the editor's errors, not for every request."""

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._respond(head=False)

    def _respond(self, head: bool) -> None:
        if self.headers.get("Host", "").strip().lower() not in self.server.hosts:
            self._plain(HTTPStatus.MISDIRECTED_REQUEST, self.server.misdirected, head)
            return
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS_PATH:
            self._events()
            return
        base = self.server.base_path()
        if not path.startswith(base):
            if path.rstrip("/") == base.rstrip("/") or path == "/":
                self._redirect(base)
            else:
                self._not_found(head)
            return
        relative = posixpath.normpath("/" + path[len(base) :]).lstrip("/")
        if ".." in relative.split("/"):
            self._not_found(head)
            return
        target = self.server.output_dir / relative if relative not in ("", ".") else None
        target = target or self.server.output_dir
        if target.is_dir():
            if not path.endswith("/"):
                self._redirect(quote(path + "/"))
                return
            target = target / "index.html"
        if not target.is_file():
            self._not_found(head)
            return
        self._file(target, HTTPStatus.OK, head)

    def _file(self, target: Path, status: HTTPStatus, head: bool) -> None:
        try:
            data = target.read_bytes()
        except OSError:  # swapped away by a rebuild between the check and the read
            self._plain(HTTPStatus.NOT_FOUND, b"404", head)
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind in HTML_TYPES:
            data = inject(data, self.server.script)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _plain(self, status: HTTPStatus, text: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if not head:
            self.wfile.write(text)

    def _not_found(self, head: bool) -> None:
        page = self.server.output_dir / "404.html"
        if page.is_file():
            self._file(page, HTTPStatus.NOT_FOUND, head)
            return
        data = inject(self.server.fallback, self.server.script)
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            for chunk in event_stream(self.server.state):
                self.wfile.write(chunk)
                self.wfile.flush()
        except GONE:
            return
