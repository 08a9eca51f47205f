"""A small site with every page kind, built into a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import make_tree
from site_support import FILES, SITE_YAML, bulletin, require  # noqa: F401  (fixtures use them)

from builder.build.steps import BuildOptions, BuildReport, build
from builder.tools.screenshots import CHROMIUM, CHROMIUM_ARGS, serve


@pytest.fixture
def site_files() -> dict[str, str]:
    return dict(FILES)


BuildSite = Callable[..., tuple[Path, BuildReport]]


@pytest.fixture
def build_site(tmp_path: Path) -> BuildSite:
    """``build_site(files=None, out="_site", **options)`` -> (output folder, report)."""

    def run(files: dict[str, str] | None = None, out: str = "_site", **options: object):
        root = tmp_path / "site"
        if not root.exists():
            make_tree(root, FILES if files is None else files)
        (root / "content").mkdir(exist_ok=True)
        options.setdefault("search", False)
        report = build(
            BuildOptions(
                config_path=root / "site.yaml",
                content_dir=root / "content",
                out_dir=root / out,
                **options,  # type: ignore[arg-type]
            )
        )
        return root / out, report

    return run


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module."""
    require(Path(CHROMIUM), "chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site_url(build_site):
    """The small site built and served under its base path; its URL."""
    out, _ = build_site()
    with serve(out) as base:
        yield base
