"""Originals in rebuilds: a replaced, added or removed document rebuilds like a clean build,
and an unchanged one is linked from the previous output instead of copied again."""

from __future__ import annotations

import json
import os
from pathlib import Path

from build_support import assert_equals_clean, private_cache, run  # noqa: F401 (autouse)
from test_parallel import write_archive

COUNT = 12


def document(root: Path, index: int) -> Path:
    return next((root / "content").rglob(f"boletin-{index:04d}.md")).with_suffix(".pdf")


def published(root: Path, index: int) -> Path:
    source = document(root, index)
    slug = source.relative_to(root / "content").with_suffix("").as_posix()
    return root / "_site" / slug / source.name


def page(root: Path, index: int) -> str:
    return (published(root, index).parent / "index.html").read_text(encoding="utf-8")


def export_record(root: Path, index: int) -> dict:
    data = json.loads((root / "_site/bulletins.json").read_text(encoding="utf-8"))
    name = f"boletin-{index:04d}"
    return next(b for b in data["bulletins"] if b["path"].endswith(name))


def test_documents_replaced_added_and_removed_rebuild_like_a_clean_build(tmp_path: Path):
    write_archive(tmp_path, COUNT)
    document(tmp_path, 3).write_bytes(b"%PDF primero" * 100)
    document(tmp_path, 5).write_bytes(b"%PDF otro" * 50)
    run(tmp_path)
    assert_equals_clean(tmp_path)
    assert "(PDF, 1 KB)" in page(tmp_path, 3)
    kept = published(tmp_path, 5).stat().st_ino

    document(tmp_path, 3).write_bytes(b"%PDF segundo" * 200_000)  # 2.3 MB, same .md
    assert not run(tmp_path).unchanged
    assert_equals_clean(tmp_path)
    assert "(PDF, 2,3 MB)" in page(tmp_path, 3)
    assert export_record(tmp_path, 3)["original"]["size"] == 2_400_000
    assert published(tmp_path, 5).stat().st_ino == kept  # unchanged: linked, not copied

    document(tmp_path, 7).write_bytes(b"%PDF nuevo")
    document(tmp_path, 5).unlink()
    assert not run(tmp_path).unchanged
    assert_equals_clean(tmp_path)
    assert published(tmp_path, 7).read_bytes() == b"%PDF nuevo"
    assert not published(tmp_path, 5).exists()
    assert export_record(tmp_path, 5)["original"] is None
    assert "original-download" not in page(tmp_path, 5)


def test_a_document_edited_in_place_does_not_change_the_published_site(tmp_path: Path):
    write_archive(tmp_path, COUNT)
    document(tmp_path, 3).write_bytes(b"%PDF primero")
    run(tmp_path)
    with document(tmp_path, 3).open("r+b") as handle:  # same inode, as some editors save
        handle.write(b"%PDF cambiado")
    assert published(tmp_path, 3).read_bytes() == b"%PDF primero"  # a copy, not a link
    assert os.stat(published(tmp_path, 3)).st_ino != os.stat(document(tmp_path, 3)).st_ino
    run(tmp_path)
    assert published(tmp_path, 3).read_bytes() == b"%PDF cambiado"
    assert_equals_clean(tmp_path)
