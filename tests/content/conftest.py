"""Fixtures for the content loader tests: files written into the throwaway site
(``site``, from the top-level conftest) and loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import make_tree

from builder.content.loader import LoadResult, load_content
from builder.core.settings import SiteConfig


@pytest.fixture
def load(site: Path) -> Callable[..., LoadResult]:
    """Write files under content/ and load them: ``load({"2025/a.md": "..."})``."""

    def run(files: dict[str, str | bytes], *, drafts: bool = False) -> LoadResult:
        make_tree(site / "content", files)
        return load_content(Path("content"), SiteConfig(root=site), drafts=drafts)

    return run
