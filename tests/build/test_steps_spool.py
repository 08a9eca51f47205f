"""A large build writes its bulletin pages and export through a spool folder beside the
output (render workers write them there; the site links them), and leaves nothing there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import make_tree

import builder.build.steps
from builder.build.steps import BuildOptions, build
from builder.output import writer
from builder.render.parallel import PARALLEL_MIN

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="parallel rendering only")


def site(root: Path, count: int) -> Path:
    files = {"site.yaml": 'title: "Prueba"\n'}
    for i in range(count):
        files[f"content/{2020 + i % 4}/b{i:04d}.md"] = (
            f'---\ntitle: "Boletín {i}"\ndate: {2020 + i % 4}-03-{1 + i % 28:02d}\n---\n'
            f"Texto del boletín {i}.\n"
        )
    return make_tree(root, files)


def options(root: Path, out: str) -> BuildOptions:
    return BuildOptions(
        config_path=root / "site.yaml",
        content_dir=root / "content",
        out_dir=root / out,
        search=False,
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_spooled_pages_are_linked_into_the_site_and_the_spool_goes_to_the_trash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(tmp_path / "site", PARALLEL_MIN + 20)
    discarded: list[Path] = []
    real = writer.discard_later

    def spy(folder: Path, trash: Path) -> None:
        discarded.append(folder)
        assert any(folder.rglob("index.html")), "the pages were spooled there"
        real(folder, trash)

    monkeypatch.setattr(builder.build.steps.writer, "discard_later", spy)
    build(options(root, "_site"))
    [spool] = discarded
    assert spool.name.startswith(f"{writer.SPOOL_PREFIX}_site-{os.getpid()}-")
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".boletines-")) == [
        ".boletines-_site.lock"
    ]
    page = root / "_site" / "2021" / "b0001" / "index.html"
    assert "Texto del boletín 1." in page.read_text(encoding="utf-8")
    assert page.stat().st_mode & 0o777 == 0o644
    assert (root / "_site" / "bulletins.json").stat().st_mode & 0o777 == 0o644


def test_a_small_site_spools_nothing_and_removes_its_empty_spool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(tmp_path / "site", 5)
    monkeypatch.setattr(builder.build.steps.writer, "discard_later", pytest.fail)
    build(options(root, "_site"))
    assert not list(root.glob(f"{writer.SPOOL_PREFIX}*"))


def test_a_spooled_build_is_the_site_a_build_in_memory_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(tmp_path / "site", PARALLEL_MIN + 20)
    build(options(root, "spooled"))
    monkeypatch.setattr(builder.build.steps, "RenderOptions", _without_spool)
    build(options(root, "in-memory"))
    assert tree(root / "spooled") == tree(root / "in-memory")


def _without_spool(**fields: object) -> object:
    from builder.render.site import RenderOptions

    return RenderOptions(**{**fields, "spool": None})
