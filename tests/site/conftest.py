"""A small site with every page kind, built into a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import make_tree
from site_support import FILES, SITE_YAML, bulletin  # noqa: F401  (fixtures use them)

from builder.build import BuildOptions, BuildReport, build


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
