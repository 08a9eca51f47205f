"""The build cache saves work and never changes a byte: incremental builds equal clean ones."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from build_support import (  # noqa: F401 (private_cache: autouse fixture)
    assert_equals_clean,
    private_cache,
    run,
    tree,
)
from test_parallel import write_archive

from builder.cache.store import cache_dir


def edit(root: Path, index: int = 7) -> None:
    path = next((root / "content").rglob(f"boletin-{index:04d}.md"))
    text = path.read_text(encoding="utf-8").replace("Párrafo con", "Párrafo corregido con")
    path.write_text(text + "\nOtro párrafo *nuevo*.\n", encoding="utf-8")


def add(root: Path) -> None:
    path = root / "content" / "2024" / "nuevo.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '---\ntitle: "Nuevo"\ndate: 2024-01-02\ntags: [salud]\n---\nTexto **nuevo**.\n',
        encoding="utf-8",
    )


def test_no_change_rebuild_leaves_the_output_alone(tmp_path: Path) -> None:
    write_archive(tmp_path, 30)
    first = run(tmp_path)
    page = next((tmp_path / "_site").rglob("boletin-0003/index.html"))
    before = page.stat()
    again = run(tmp_path)
    assert again.unchanged and not first.unchanged
    counts = (first.bulletins, first.pages, first.files)
    assert (again.bulletins, again.pages, again.files) == counts
    assert page.stat().st_ino == before.st_ino and page.stat().st_mtime_ns == before.st_mtime_ns
    assert not run(tmp_path, drafts=True).unchanged  # other options: a real build
    assert not run(tmp_path, base_url="/otro/").unchanged
    assert not run(tmp_path).unchanged  # back to the first options, a different output


def test_any_changed_input_or_replaced_output_means_a_real_build(tmp_path: Path) -> None:
    write_archive(tmp_path, 30)
    run(tmp_path)
    assert run(tmp_path).unchanged
    edit(tmp_path)
    assert not run(tmp_path).unchanged
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "unused.html").write_text("x", encoding="utf-8")
    assert not run(tmp_path).unchanged
    with (tmp_path / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write('description: "Otra"\n')
    assert not run(tmp_path).unchanged
    assert run(tmp_path).unchanged
    shutil.rmtree(tmp_path / "_site")
    assert not run(tmp_path).unchanged
    assert (tmp_path / "_site" / "index.html").is_file()
    assert_equals_clean(tmp_path)


@pytest.mark.parametrize("count", [30, 260])  # one process, and the worker pool
def test_edited_and_added_bulletins_build_like_a_clean_build(tmp_path: Path, count: int) -> None:
    write_archive(tmp_path, count)
    run(tmp_path)
    edit(tmp_path)
    assert not run(tmp_path).unchanged
    assert_equals_clean(tmp_path)
    add(tmp_path)
    run(tmp_path)
    assert_equals_clean(tmp_path)


def test_a_corrupt_cache_is_a_cold_cache(tmp_path: Path) -> None:
    write_archive(tmp_path, 20)
    run(tmp_path)
    for entry in cache_dir(tmp_path / "_site").iterdir():
        entry.write_bytes(b"\x80garbage")
    edit(tmp_path)
    assert not run(tmp_path).unchanged
    assert_equals_clean(tmp_path)


def shard_inodes(root: Path) -> dict[str, int]:
    """Each search shard of the output, by the inode of its entry file (a reused shard is
    a hard link of the previous one)."""
    bundle = root / "_site" / "pagefind"
    return {p.parent.name: p.stat().st_ino for p in bundle.glob("*/pagefind-entry.json")}


@pytest.mark.slow
def test_search_shards_are_reused_only_for_the_same_pages(tmp_path: Path) -> None:
    write_archive(tmp_path, 80)  # 2020, 2021 and undated bulletins
    with (tmp_path / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("search_shard_pages: 1\n")  # a shard per year
    run(tmp_path, search=True)
    first = shard_inodes(tmp_path)
    assert sorted(first) == ["2020", "2021", "sin-fecha"]
    # touched, not changed: a real build, the same bulletin pages, the same index files
    source = next((tmp_path / "content").rglob("boletin-0003.md"))
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
    reused = run(tmp_path, search=True)
    assert not reused.unchanged and reused.search_pages == 80
    assert shard_inodes(tmp_path) == first
    assert_equals_clean(tmp_path, search=True)
    edit(tmp_path, 3)  # a 2020 bulletin: only the 2020 shard is indexed again
    edited = run(tmp_path, search=True)
    assert edited.search_pages == 80
    after = shard_inodes(tmp_path)
    assert after["2020"] != first["2020"]
    assert {k: v for k, v in after.items() if k != "2020"} == {
        k: v for k, v in first.items() if k != "2020"
    }
    assert_equals_clean(tmp_path, search=True)
    # a 2024 bulletin (a year of its own): a new shard; its neighbour's page changes, not its index
    add(tmp_path)
    assert run(tmp_path, search=True).search_pages == 81
    added = shard_inodes(tmp_path)
    assert sorted(added) == ["2020", "2021", "2024", "sin-fecha"]
    assert {k: v for k, v in added.items() if k != "2024"} == after
    assert_equals_clean(tmp_path, search=True)
    shutil.rmtree(next((tmp_path / "content").rglob("nuevo.md")).parent)
    assert run(tmp_path, search=True).search_pages == 80
    assert sorted(shard_inodes(tmp_path)) == ["2020", "2021", "sin-fecha"]
    assert_equals_clean(tmp_path, search=True)


def test_a_no_change_rebuild_shows_the_same_warnings(tmp_path: Path) -> None:
    """Warnings do not cost the no-change fast path; it shows them again, and a damaged
    list of them in the cache means a real build."""
    write_archive(tmp_path, 30)
    warned = tmp_path / "content" / "2024" / "comillas.md"
    warned.parent.mkdir(parents=True, exist_ok=True)
    warned.write_text(
        '---\ntitle: "Comillas"\nnumber: “7/2024”\ndate: 2024-01-02\n---\nTexto.\n',
        encoding="utf-8",
    )
    first = run(tmp_path)
    assert [(w.path, w.line, w.code) for w in first.warnings] == [
        (str(warned), 3, "content.curly_quotes")
    ]
    again = run(tmp_path)
    assert again.unchanged
    assert again.warnings == first.warnings
    manifest = next(cache_dir(tmp_path / "_site").glob("manifest*"))
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "warnings": [{"path": 3}]}), encoding="utf-8")
    damaged = run(tmp_path)
    assert not damaged.unchanged and damaged.warnings == first.warnings
    warned.unlink()
    assert run(tmp_path).warnings == []
    assert run(tmp_path).unchanged and run(tmp_path).warnings == []
