"""Builds for the cache tests: each test gets its own cache folder, and outputs are
compared as a map of file path to SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builder.build import BuildOptions, BuildReport, build


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def run(root: Path, out: str = "_site", **options: object) -> BuildReport:
    options.setdefault("search", False)
    return build(
        BuildOptions(
            config_path=root / "site.yaml",
            content_dir=root / "content",
            out_dir=root / out,
            **options,  # type: ignore[arg-type]
        )
    )


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
