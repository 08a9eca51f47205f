"""What the browser tests share besides fixtures: the sample site's base path, a static
server that serves a built site under it (like a GitHub Pages project site), and the
missing-tool rule. A module of its own name, so test modules import it unambiguously
(``conftest`` names one module per folder)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import posixpath
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
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


def vaccination_bulletin(
    i: int, day: dt.date | None, front: Sequence[str] = ("tags: [salud]",), extra: str = ""
) -> str:
    """A generated bulletin about vaccination, the word more or less often (so relevance and
    date orders differ): ``front`` ends its front matter, ``extra`` its text."""
    lines = ["---", f'title: "Boletín {i}: jornada de vacunación {i}"']
    if day:
        lines += [f"date: {day.isoformat()}", f'number: "{i}/{day.year}"']
    lines += [
        *front,
        "---",
        " ".join(["La vacunación avanza."] * (1 + i % 4)) + f" Texto número {i}.{extra}",
        "",
    ]
    return "\n".join(lines)


def yearly(years: dict[int, int], bulletin: Callable[[int, int, int], str]) -> dict[str, str]:
    """``bulletin(i, year, n)``, the ``n``-th of each year and ``i``-th in all, for each of
    ``years`` (year -> how many), by path under content/."""
    files, i = {}, 0
    for year, count in years.items():
        for n in range(count):
            files[f"{year}/b{i:03d}.md"] = bulletin(i, year, n)
            i += 1
    return files


def build_generated(
    work: Path,
    shard_pages: int,
    bulletins: dict[str, str],
    first_search_bytes: int | None = None,
    split_pages: int | None = None,
) -> Site:
    """The sample site's settings with ``search_shard_pages``, and ``bulletins`` (path under
    content/ -> text), built under ``BASE`` into ``work/_site``; with ``first_search_bytes``
    or ``split_pages``, the first-search allowance or the size from which a shard is split
    patched while it is built."""
    from builder.build.steps import BuildOptions, build
    from builder.search import index as search
    from builder.search import plan

    settings = (ROOT / "site.yaml").read_text(encoding="utf-8")
    for path, text in {
        "site.yaml": f"{settings}\nsearch_shard_pages: {shard_pages}\n",
        **{f"content/{name}": body for name, body in bulletins.items()},
    }.items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        if first_search_bytes is not None:
            patch.setattr(search, "FIRST_SEARCH_BYTES", first_search_bytes)
        if split_pages is not None:
            patch.setattr(plan, "SPLIT_PAGES", split_pages)
        build(
            BuildOptions(
                config_path=work / "site.yaml",
                content_dir=work / "content",
                out_dir=work / "_site",
                base_url=BASE,
            )
        )
    export = json.loads((work / "_site" / "bulletins.json").read_text(encoding="utf-8"))
    return Site(work / "_site", export["bulletins"])
