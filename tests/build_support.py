"""Builds for the cache, rebuild and output-folder tests: a small archive, each test its
own cache folder, and outputs compared as a map of file path to SHA-256."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from builder.build.steps import BuildOptions, BuildReport, build
from builder.cache.store import cache_dir


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


def assert_equals_clean(root: Path, **options: object) -> None:
    """The site in ``root/_site`` is what a clean build (no output, no cache) writes."""
    shutil.rmtree(root / "_clean", ignore_errors=True)
    shutil.rmtree(cache_dir(root / "_clean"), ignore_errors=True)
    clean = run(root, "_clean", **options)
    assert not clean.unchanged
    assert tree(root / "_site") == tree(root / "_clean")


SITE = 'title: "Prueba"\nbase_url: "/archivo/"\n'


def write_archive(root: Path, count: int = 12) -> None:
    (root / "site.yaml").write_text(SITE, encoding="utf-8")
    for i in range(count):
        path = root / "content" / "2024" / f"boletin-{i:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'---\ntitle: "Boletín {i}"\ndate: 2024-01-{i + 1:02d}\ntags: [salud]\n---\n'
            f"Texto original número {i:02d} del boletín.\n",
            encoding="utf-8",
        )
