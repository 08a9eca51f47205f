"""Pagefind started as soon as the bulletin pages are rendered (``EarlyIndex``): the same
site as indexing after the writing, and a failure or an interruption still leaves the
previous site as it was, no Pagefind running and nothing beside the output."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from helpers import make_tree

import builder.build.indexing
import builder.cache.store
import builder.search.early
from builder.build.steps import BuildOptions, build
from builder.core.errors import BoletinesError
from builder.output import writer as output
from builder.render.parallel import PARALLEL_MIN
from builder.search.early import EarlyIndex

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="parallel rendering only")

COUNT = PARALLEL_MIN + 40
TOPICS = ("salud", "guarderías", "pensiones", "becas")


def bulletin(i: int) -> str:
    date = f"date: {2021 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}\n" if i % 17 else ""
    return (
        f'---\ntitle: "Boletín {i} sobre {TOPICS[i % 4]}"\n{date}number: "{i}/2024"\n'
        f"tags: [{TOPICS[i % 4]}, {TOPICS[(i * 3 + 1) % 4]}]\n---\n"
        f"Texto número {i} del programa de {TOPICS[i % 4]}.\n"
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    # About 75 bulletins in each of 2021-2023 and 15 undated: shards of 80 pages or more
    # group them as 2022-2023 and 2021 with the undated, each from its own lane.
    files = {"site.yaml": 'title: "Prueba"\nsearch_shard_pages: 80\n'}
    for i in range(COUNT):
        files[f"content/b{i:04d}.md"] = bulletin(i)
    return make_tree(tmp_path / "site", files)


def options(root: Path, out: str = "_site") -> BuildOptions:
    return BuildOptions(
        config_path=root / "site.yaml", content_dir=root / "content", out_dir=root / out
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def beside(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if p.name.startswith(".boletines-") and p.is_dir()}


def test_the_early_index_gives_the_site_indexing_after_the_writing_gives(root, monkeypatch):
    started: list[EarlyIndex] = []
    real = builder.build.indexing.EarlyIndex

    def spy(*args: object) -> EarlyIndex:
        started.append(real(*args))
        return started[-1]

    monkeypatch.setattr(builder.build.indexing, "EarlyIndex", spy)
    build(options(root, "early"))
    assert len(started) == 1 and list(started[0].shards) == ["2022-2023", "2021-sin-fecha"]
    monkeypatch.setattr(builder.build.indexing, "PARALLEL_MIN", COUNT + 1)  # no early start
    build(options(root, "late"))
    assert len(started) == 1
    assert tree(root / "early") == tree(root / "late")
    assert not beside(root)


def test_a_failing_early_index_keeps_the_previous_site(root, monkeypatch):
    build(options(root))
    before = tree(root / "_site")
    (root / "content/b0001.md").write_text(bulletin(1).replace("Texto", "Otro"), "utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(BoletinesError) as caught:
        build(options(root))
    assert [d.code for d in caught.value.diagnostics] == ["search.failed"]
    assert caught.value.diagnostics[0].args == {"detail": "exit status 1"}
    assert tree(root / "_site") == before
    assert not beside(root)


def running(marker: str) -> bool:
    found = subprocess.run(["pgrep", "-f", marker], capture_output=True, check=False)
    return found.returncode == 0


def test_an_interrupted_build_stops_the_early_pagefind(root, tmp_path, monkeypatch):
    marker = tmp_path / "slow-pagefind"
    marker.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    marker.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(marker))

    def interrupted(*args: object) -> None:
        assert running(str(marker)), "Pagefind should be running while the pages are written"
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "write_files", interrupted)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        build(options(root))
    assert time.monotonic() - started < 30, "the build waited for Pagefind"
    assert not running(str(marker))
    assert not (root / "_site").exists()
    assert not beside(root)


def test_a_dead_build_s_index_folder_is_removed_and_a_live_one_kept(tmp_path):
    out = tmp_path / "_site"
    dead = subprocess.Popen(["true"])
    dead.wait()
    gone = tmp_path / f"{output.INDEX_PREFIX}_site-{dead.pid}-abc_1"
    alive = tmp_path / f"{output.INDEX_PREFIX}_site-{os.getpid()}-xyz_2"
    other = tmp_path / f"{output.INDEX_PREFIX}_site2-{dead.pid}-abc_3"
    for folder in (gone, alive, other):
        (folder / "staging").mkdir(parents=True)
    output.clear_leftovers(out)
    assert not gone.exists()
    assert alive.exists() and other.exists()


def test_the_early_index_folder_goes_to_the_trash_not_deleted_while_the_build_waits(
    root, monkeypatch
):
    """It holds a staged copy of every page indexed: deleting it file by file would be
    the last thing the build waits for (seconds at 10,000 pages)."""
    discarded: list[tuple[Path, Path]] = []
    real = builder.search.early.discard_later

    def spy(folder: Path, trash: Path) -> None:
        assert (folder / "staging").is_dir()  # not emptied first
        discarded.append((folder, trash))
        real(folder, trash)

    monkeypatch.setattr(builder.search.early, "discard_later", spy)
    build(options(root))
    [(folder, trash)] = discarded
    assert folder.name.startswith(".boletines-index-")
    assert trash == builder.cache.store.trash_dir()
    assert not beside(root)


class _FullDisk(type(Path())):  # type: ignore[misc]
    """A path whose files cannot be written, as on a full disk."""

    def write_bytes(self, data: bytes) -> int:  # type: ignore[override]
        raise OSError(28, "No space left on device", str(self))


def test_pages_the_early_index_cannot_stage_are_indexed_after_the_writing(root, monkeypatch):
    build(options(root, "late"))
    failed: list[OSError] = []
    real = builder.build.indexing.EarlyIndex

    def spy(*args: object) -> EarlyIndex:
        try:
            return real(*args)
        except OSError as exc:
            failed.append(exc)
            raise

    monkeypatch.setattr(builder.build.indexing, "EarlyIndex", spy)
    monkeypatch.setattr(builder.search.early, "Path", _FullDisk)
    build(options(root, "early"))
    assert [exc.errno for exc in failed] == [28]
    assert tree(root / "early") == tree(root / "late")
    assert not beside(root)
