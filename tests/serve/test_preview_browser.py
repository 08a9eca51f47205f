"""In a real browser: a page open on ``boletines serve`` reloads by itself after an edit,
shows a banner while a file is broken (keeping the last good page), and clears it once
the file is fixed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import PAGE, SOURCE

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing (CI is set, so browser tests must run)")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def test_the_page_reloads_by_itself_and_shows_errors_in_a_banner(chromium, served, site):
    page = chromium.new_page()
    page.set_default_timeout(15_000)
    page.goto(served.url + PAGE)
    assert "Primera versión del texto." in page.inner_text("main")
    page.wait_for_selector("html[data-boletines-serve=connected]")
    page.evaluate("window.stillTheSamePage = true")

    source = site / SOURCE
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("Primera", "Segunda"), encoding="utf-8")
    page.wait_for_function("document.body.innerText.includes('Segunda versión del texto.')")
    assert page.evaluate("window.stillTheSamePage") is None  # a reload, not an update in place

    page.wait_for_selector("html[data-boletines-serve=connected]")
    source.write_text(good.replace("date: 2025-11-25", "date: 2025-11-31"), encoding="utf-8")
    banner = page.locator("#boletines-serve-error")
    banner.wait_for(state="visible")
    assert banner.get_attribute("role") == "alert"
    assert f"{SOURCE}:3: la fecha 2025-11-31 no existe en el calendario" in banner.inner_text()
    assert "Segunda versión del texto." in page.inner_text("main")  # the last good page

    source.write_text(good.replace("Primera", "Tercera"), encoding="utf-8")
    page.wait_for_function("document.body.innerText.includes('Tercera versión del texto.')")
    assert page.locator("#boletines-serve-error").count() == 0
    assert served.stop() == 0
