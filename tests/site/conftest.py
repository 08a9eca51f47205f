"""The browser for the site's browser tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_support import require

from builder.tools.screenshots import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module."""
    require(Path(CHROMIUM), "chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
