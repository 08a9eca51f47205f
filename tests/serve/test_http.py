"""The preview server on its own: base path, directories, traversal, HEAD, injection."""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import make_tree

from builder.serve.http import DevServer, own_hosts
from builder.serve.livereload import LiveState

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


def raw(server: DevServer, data: bytes) -> bytes:
    """What the server answers to ``data`` sent as is (Host headers of one's choosing),
    read until it closes the connection (ask for that with ``Connection: close``)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(data)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


MISDIRECTED = b"421 Misdirected Request\n"


@pytest.mark.parametrize(
    "host",
    [b"evil.example:PORT", b"127.0.0.1.nip.io:PORT", b"127.0.0.1:1", b"localhost", b"127.0.0.1"],
)
@pytest.mark.parametrize("path", [b"/archivo/", b"/__boletines/events"])
def test_a_request_for_another_host_name_is_refused(server, host, path):
    """DNS rebinding: a page on evil.example points its name at 127.0.0.1 and reads."""
    host = host.replace(b"PORT", str(server.port).encode())
    request = b"GET " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    answer = raw(server, request)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 421 ")
    assert body == MISDIRECTED
    assert b"retry" not in answer and b"inicio" not in answer


def test_a_request_without_a_host_is_refused(server):
    answer = raw(server, b"GET /archivo/ HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 421 ") and answer.endswith(MISDIRECTED)


@pytest.mark.parametrize("name", ["localhost", "127.0.0.1", "[::1]", "LOCALHOST"])
def test_the_server_answers_to_its_own_names(server, name):
    host = f"{name}:{server.port}".encode()
    answer = raw(
        server, b"GET /archivo/ HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert b"inicio" in answer


def test_the_host_it_listens_on_is_one_of_its_names():
    assert "192.168.1.20:8000" in own_hosts("192.168.1.20", 8000)
    assert "[fe80::1]:8000" in own_hosts("fe80::1", 8000)
    assert "localhost" not in own_hosts("127.0.0.1", 8000)
    assert "localhost" in own_hosts("127.0.0.1", 80)


def reset(connection: socket.socket) -> None:
    """Close as a killed browser does: a TCP reset, not a goodbye."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def test_clients_that_go_away_at_once_print_nothing(server, capfd):
    """Many tabs closed at once (live-reload streams reset), and requests cut off halfway:
    no traceback in the editor's terminal, and the server still answers."""
    streams = []
    events = b"GET /__boletines/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % server.port
    for _ in range(30):
        stream = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        stream.sendall(events)
        assert stream.recv(4096).startswith(b"HTTP/1.1 200 ")
        streams.append(stream)
    for stream in streams:
        reset(stream)
    for _ in range(3):
        server.state.failed("error " * 20000)  # written to streams that are gone
        time.sleep(0.2)
    for _ in range(30):
        halfway = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        halfway.sendall(b"GET /archivo/ HTTP/1.1\r\nHo")
        time.sleep(0.01)
        reset(halfway)
    time.sleep(0.5)
    assert request(server, "/archivo/")[0] == 200
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
