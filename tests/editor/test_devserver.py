"""The preview server on its own: base path, directories, traversal, HEAD, injection."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import make_tree

from builder.devserver import DevServer
from builder.livereload import LiveState

SCRIPT = b"<script data-boletines-serve></script>"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DevServer]:
    out = make_tree(
        tmp_path / "out",
        {
            "index.html": "<html><body>inicio</body></html>",
            "2025/a/index.html": "<html><body>boletín</body></html>",
            "feed.xml": "<feed/>",
            "404.html": "<html><body>no está</body></html>",
        },
    )
    make_tree(tmp_path, {"secreto.txt": "no"})
    running = DevServer(("127.0.0.1", 0), out, lambda: "/archivo/", LiveState(), SCRIPT)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    yield running
    running.stop()


def request(server: DevServer, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request(method, path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def test_pages_are_served_below_the_base_path_with_the_script(server):
    status, headers, body = request(server, "/archivo/2025/a/")
    assert status == 200
    assert body == "<html><body>boletín".encode() + SCRIPT + b"</body></html>"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert int(headers["Content-Length"]) == len(body)


def test_other_files_are_served_untouched(server):
    status, headers, body = request(server, "/archivo/feed.xml")
    assert (status, body) == (200, b"<feed/>")


def test_redirects_to_the_base_path_and_to_the_folder_with_a_slash(server):
    assert request(server, "/")[1]["Location"] == "/archivo/"
    assert request(server, "/archivo")[1]["Location"] == "/archivo/"
    status, headers, _ = request(server, "/archivo/2025/a")
    assert (status, headers["Location"]) == (302, "/archivo/2025/a/")


@pytest.mark.parametrize(
    "path", ["/archivo/../secreto.txt", "/archivo/%2e%2e/secreto.txt", "/otra/", "/archivo/x/"]
)
def test_missing_and_outside_paths_get_the_404_page(server, path):
    status, _, body = request(server, path)
    assert status == 404
    assert b"no est" in body and SCRIPT in body


def test_head_sends_headers_only(server):
    status, headers, body = request(server, "/archivo/", "HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) > 0
