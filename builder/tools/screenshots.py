"""``make screenshots``: build the sample site, serve it on localhost and photograph it.

PNGs of the home page, a bulletin, a year archive and the 404 page at 375 px and 1280 px
wide (and the home page in dark mode) go to ``screenshots/`` (git-ignored), so anyone can
look at the theme without serving the site. Any request that leaves localhost is blocked
and reported: the site must make no external requests.

Usage: ``python -m builder.tools.screenshots [--config site.yaml] [--content content]
[--out screenshots]``.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from builder.build.steps import BuildOptions, build
from builder.cache.store import cache_dir
from builder.commands.common import print_diagnostics
from builder.content.archive import build_archive
from builder.content.loader import load_content
from builder.core.errors import BoletinesError
from builder.core.i18n import load_catalog
from builder.core.settings import load_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WIDTHS = (375, 1280)


class SiteHandler(SimpleHTTPRequestHandler):
    """A static server that answers missing paths with 404.html, as GitHub Pages does."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(SiteHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def pages_to_shoot(config_path: Path, content_dir: Path) -> dict[str, str]:
    """Name -> path below the site root: home, newest bulletin, newest year, a missing page."""
    config = load_settings(config_path)
    archive = build_archive(load_content(content_dir, config).bulletins)
    pages = {"home": ""}
    if archive.bulletins:
        pages["bulletin"] = archive.bulletins[0].url_path
    if archive.years:
        pages["year"] = archive.years[0].url_path
    pages["404"] = "no-existe/"
    return pages


def shoot(base: str, pages: dict[str, str], out: Path) -> list[str]:
    """Save the PNGs; return the external URLs the pages tried to load (should be none)."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    host = urlsplit(base).netloc
    blocked: list[str] = []

    def guard(route, request) -> None:  # noqa: ANN001 - Playwright's types
        if urlsplit(request.url).netloc == host:
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            shots = [(w, "light") for w in WIDTHS] + [(WIDTHS[-1], "dark")]
            for width, scheme in shots:
                context = browser.new_context(
                    viewport={"width": width, "height": 900}, color_scheme=scheme
                )
                context.route("**/*", guard)
                page = context.new_page()
                for name, path in pages.items():
                    if scheme == "dark" and name != "home":
                        continue
                    page.goto(base + path, wait_until="networkidle")
                    suffix = f"{width}-dark" if scheme == "dark" else str(width)
                    page.screenshot(path=str(out / f"{name}-{suffix}.png"), full_page=True)
                context.close()
        finally:
            browser.close()
    return blocked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m builder.tools.screenshots")
    parser.add_argument("--config", type=Path, default=Path("site.yaml"))
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file():
        print(f"{CHROMIUM} not found: install it (sudo apt-get install chromium)", file=sys.stderr)
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="boletines-shots-") as temp:
            site = Path(temp) / "_site"
            try:
                build(BuildOptions(args.config, args.content, site, base_url="/"))
            finally:  # a throwaway folder: its build cache would never be used again
                shutil.rmtree(cache_dir(site), ignore_errors=True)
            pages = pages_to_shoot(args.config, args.content)
            with serve(site) as base:
                blocked = shoot(base, pages, args.out)
    except BoletinesError as exc:  # bad content or settings: the build's own messages
        print_diagnostics(exc.diagnostics, load_catalog(_language(args.config)), sys.stderr)
        return 1
    for url in blocked:
        print(f"external request blocked: {url}", file=sys.stderr)
    print(f"{len(list(args.out.glob('*.png')))} screenshots in {args.out}/")
    return 1 if blocked else 0


def _language(config_path: Path) -> str:
    try:
        return load_settings(config_path).language
    except BoletinesError:
        return "es"


if __name__ == "__main__":
    sys.exit(main())
