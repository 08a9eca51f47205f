"""What the browser tests share besides fixtures: the sample site's base path, a static
server that serves a built site under it (like a GitHub Pages project site), and the
missing-tool rule. A module of its own name, so test modules import it unambiguously
(``conftest`` names one module per folder)."""

from __future__ import annotations

import contextlib
import functools
import os
import posixpath
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BASE = "/archivo/"
# The sample bulletins (the importer's output for ../shared/seeds); override for experiments.
SAMPLE_CONTENT = Path(os.environ.get("BOLETINES_BROWSER_CONTENT", ROOT / "content"))


def missing(what: str) -> None:
    """In CI a missing browser tool is a failure; on a workstation the tests skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing (CI is set, so browser tests must run)")
    pytest.skip(f"{what} is missing")


class PrefixHandler(SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``/archivo/`` only, like a GitHub Pages project site."""

    prefix = BASE

    def translate_path(self, path: str) -> str:
        path = urllib.parse.urlsplit(path).path
        if not path.startswith(self.prefix):
            return os.path.join(self.directory, "\0outside-the-base-path")
        rest = posixpath.normpath(urllib.parse.unquote(path[len(self.prefix) :]))
        parts = [p for p in rest.split("/") if p not in ("", ".", "..")]
        local = os.path.join(self.directory, *parts)
        return local + "/" if path.endswith("/") and parts else local

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@dataclass
class Server:
    root: Path
    origin: str

    def url(self, path: str = "") -> str:
        return self.origin + BASE + path.lstrip("/")


@dataclass
class Site:
    """The built sample site and what its data export says about each bulletin."""

    out: Path
    bulletins: list[dict]
    by_url: dict[str, dict] = field(init=False)

    def __post_init__(self) -> None:
        self.by_url = {b["url"]: b for b in self.bulletins}


@contextlib.contextmanager
def serving(out: Path) -> Iterator[Server]:
    """A static server for the built site ``out``, under ``BASE``, on a free port."""
    handler = functools.partial(PrefixHandler, directory=str(out))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(out, f"http://127.0.0.1:{httpd.server_address[1]}")
    finally:
        httpd.shutdown()
        httpd.server_close()
