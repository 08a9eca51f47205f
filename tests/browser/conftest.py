"""Browser tests: the sample bulletins built once under ``/archivo/``, served by a local
static server, driven by Debian's chromium through Playwright.

One site build and one server per session, one browser per test module; each test gets
a fresh page whose every request is recorded, and fails if the page logged a console
error, a request failed or returned an error status, or anything was asked of another host.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from browser_support import (
    AXE,
    BASE,
    CHROMIUM,
    ROOT,
    SAMPLE_CONTENT,
    Server,
    Site,
    missing,
    serving,
)

from builder.tools.screenshots import CHROMIUM_ARGS


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    from builder.build.steps import BuildOptions, build

    sources = sorted(SAMPLE_CONTENT.rglob("*.md"))
    if not sources:
        pytest.fail(f"no sample bulletins in {SAMPLE_CONTENT}: the browser tests build them")
    work = tmp_path_factory.mktemp("browser-site")
    shutil.copytree(SAMPLE_CONTENT, work / "content")
    shutil.copy(ROOT / "site.yaml", work / "site.yaml")
    report = build(
        BuildOptions(
            config_path=work / "site.yaml",
            content_dir=work / "content",
            out_dir=work / "_site",
            base_url=BASE,
            search=True,
        )
    )
    export = json.loads((work / "_site" / "bulletins.json").read_text(encoding="utf-8"))
    assert report.search_pages == len(export["bulletins"]) > 0
    return Site(work / "_site", export["bulletins"])


@pytest.fixture(scope="session")
def server(site: Site) -> Iterator[Server]:
    with serving(site.out) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Module-scoped: Playwright's sync API allows one running instance per thread, and
    other test folders start their own after this one's module is done."""
    if not CHROMIUM.exists():
        missing(str(CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What one page asked for and complained about."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def request_failed(self, request) -> None:
        """A local request that failed; ERR_ABORTED is the browser dropping what a page
        still had in flight (a favicon, say) when the test moved on to the next page."""
        if request.url.startswith(self.origin) and request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url} ({request.failure})")

    def problems(self) -> list[str]:
        return [
            *(f"console error: {m}" for m in self.console_errors),
            *(f"failed request: {m}" for m in self.failed),
            *(f"request to another host: {m}" for m in self.foreign),
        ]


@pytest.fixture
def traffic(server: Server) -> Traffic:
    return Traffic(server.origin)


@pytest.fixture
def page(browser, server: Server, traffic: Traffic):
    """A fresh page; any request off the local server is blocked and recorded, and the test
    fails afterwards if anything went wrong on the page."""
    context = browser.new_context(locale="es-MX", service_workers="block")

    def route(route) -> None:
        url = route.request.url
        if url.startswith(traffic.origin + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            traffic.foreign.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: m.type == "error" and traffic.console_errors.append(m.text))
    page.on("pageerror", lambda e: traffic.console_errors.append(str(e)))
    page.on("request", lambda r: traffic.requests.append(r.url))
    page.on("requestfailed", traffic.request_failed)
    page.on(
        "response",
        lambda r: traffic.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None,
    )
    yield page
    context.close()
    assert not traffic.problems(), "\n".join(traffic.problems())


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing(f"{AXE} (run npm install)")
    return AXE.read_text(encoding="utf-8")
