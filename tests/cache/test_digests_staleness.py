"""The build cache never publishes stale text: a rebuild after any edit equals a clean build,
however the edit kept a file's size and times (a restored mtime, a second write within the
same tick of the file system's clock)."""

from __future__ import annotations

import os
import shutil
import time
import types
from pathlib import Path

import pytest
from build_support import (  # noqa: F401 (private_cache: autouse fixture)
    assert_equals_clean,
    private_cache,
    run,
    tree,
    write_archive,
)

import builder.cache.digests
import builder.cache.store
import builder.content.loader
import builder.core.filestate

TITLE = "Prueba"


def same_size_edit(path: Path, old: str, new: str) -> None:
    """Rewrite ``path`` in place (same inode), same size, ``old`` -> ``new``."""
    assert len(old.encode()) == len(new.encode())
    text = path.read_text(encoding="utf-8")
    assert old in text
    with path.open("r+", encoding="utf-8") as handle:
        handle.write(text.replace(old, new))


def page(root: Path, i: int) -> str:
    return (root / "_site" / "2024" / f"boletin-{i:02d}" / "index.html").read_text("utf-8")


def test_same_size_edit_with_its_old_mtime_put_back_is_published(tmp_path: Path) -> None:
    """``touch -r``, ``cp -p``, ``rsync -a`` and archives with fixed dates give an edited
    file its old size and mtime: the build must still see the edit."""
    write_archive(tmp_path)
    run(tmp_path)
    source = tmp_path / "content" / "2024" / "boletin-03.md"
    before = source.stat()
    time.sleep(0.01)
    same_size_edit(source, "Texto original", "Texto CAMBIADO")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (source.stat().st_size, source.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    report = run(tmp_path)
    assert not report.unchanged
    assert "Texto CAMBIADO número 03" in page(tmp_path, 3)
    assert_equals_clean(tmp_path)


def test_a_file_restored_by_copy_with_old_times_is_published(tmp_path: Path) -> None:
    """A backup copied back over an edited file (``cp -p``): same size, the mtime the
    last build saw."""
    write_archive(tmp_path)
    source = tmp_path / "content" / "2024" / "boletin-05.md"
    backup = tmp_path / "backup.md"
    shutil.copy2(source, backup)
    same_size_edit(source, "Texto original", "Texto EDITADO!")
    stat = backup.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    run(tmp_path)
    assert "Texto EDITADO! número 05" in page(tmp_path, 5)
    source.unlink()
    shutil.copy2(backup, source)  # a new inode, the old text, the time the build saw
    run(tmp_path)
    assert "Texto original número 05" in page(tmp_path, 5)
    assert_equals_clean(tmp_path)


class CoarseClock:
    """A file system whose clock ticks once for the whole test: every content file keeps
    its inode and the same mtime and ctime whatever is written, as two writes within one
    tick do (ext4 ticks every few milliseconds, FAT every two seconds)."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self.tick = time.time_ns()

    def stat(self, path: object, *args: object, **kwargs: object) -> object:
        real = os.stat(path, *args, **kwargs)  # type: ignore[arg-type]
        if not os.fspath(path).startswith(self.folder):  # type: ignore[arg-type]
            return real
        fields = {name: getattr(real, name) for name in dir(real) if name.startswith("st_")}
        fields.update(st_mtime_ns=self.tick, st_ctime_ns=self.tick)
        return types.SimpleNamespace(**fields)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for module in (builder.cache.digests, builder.content.loader, builder.core.filestate):
            fake = types.SimpleNamespace(**{**vars(os), "stat": self.stat})
            monkeypatch.setattr(module, "os", fake)


@pytest.mark.parametrize("settle", [False, True])
def test_second_write_within_one_clock_tick_is_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settle: bool
) -> None:
    """The edit keeps size, inode, mtime and ctime: only the bytes tell. With ``settle``
    the build after the edit comes long after the tick (the clock moved on), else in it."""
    write_archive(tmp_path)
    clock = CoarseClock(tmp_path / "content")
    clock.install(monkeypatch)
    run(tmp_path)
    assert run(tmp_path).unchanged  # unchanged bytes: still nothing to do
    same_size_edit(tmp_path / "content" / "2024" / "boletin-07.md", "original", "REVISADO")
    if settle:
        monkeypatch.setattr(builder.core.filestate, "RECENT_NS", -(10**12))
    assert not run(tmp_path).unchanged
    assert "Texto REVISADO número 07" in page(tmp_path, 7)
    if not settle:  # (a settled clock has moved on: a new write would change the stat)
        same_size_edit(tmp_path / "content" / "2024" / "boletin-08.md", "original", "SEGUNDO!")
        run(tmp_path)
        assert "Texto SEGUNDO! número 08" in page(tmp_path, 8)
    assert_equals_clean(tmp_path)


def test_settled_files_are_known_by_stat_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files changed just before a build are read by content by the next one; once the
    clock has moved on, a build finds them settled and stops reading them."""
    write_archive(tmp_path)
    first = run(tmp_path)
    manifest = builder.cache.store.BuildCache(tmp_path / "_site").manifest()
    assert not first.unchanged and len(manifest["recent"]) >= 12  # just written
    monkeypatch.setattr(builder.core.filestate, "RECENT_NS", -(10**12))
    assert run(tmp_path).unchanged
    assert builder.cache.store.BuildCache(tmp_path / "_site").manifest()["recent"] == []
    assert run(tmp_path).unchanged


def test_an_edit_in_a_symlinked_template_folder_is_published(tmp_path: Path) -> None:
    """A site's templates/ may link a folder shared with other sites; Jinja reads through
    the link, so the pages' keys must see an edit made there."""
    write_archive(tmp_path)
    shared = tmp_path / "compartidas"
    shared.mkdir()
    (shared / "pie.html").write_text('<p class="pie">VERSIÓN UNO</p>\n', encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "partes").symlink_to("../compartidas")
    (tmp_path / "templates" / "bulletin.html").write_text(
        '{% extends "!theme/bulletin.html" %}{% block content %}'
        '{% include "partes/pie.html" %}{{ super() }}{% endblock %}\n',
        encoding="utf-8",
    )
    run(tmp_path)
    assert "VERSIÓN UNO" in page(tmp_path, 4)
    (shared / "pie.html").write_text('<p class="pie">VERSIÓN DOS</p>\n', encoding="utf-8")
    assert not run(tmp_path).unchanged
    assert "VERSIÓN DOS" in page(tmp_path, 4)
    assert_equals_clean(tmp_path)


def test_a_correction_date_edited_in_place_reaches_the_topic_feed(tmp_path: Path) -> None:
    """The topic feed is kept from the last build unless one of its bulletins changed: a
    correction date edited with the old size and mtime put back still rewrites it."""
    write_archive(tmp_path)
    source = tmp_path / "content" / "2024" / "boletin-05.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("tags:", "updated: 2024-02-01\ntags:"), encoding="utf-8")
    run(tmp_path)
    feed = tmp_path / "_site" / "temas" / "salud" / "feed.xml"
    assert b"<updated>2024-02-01T00:00:00-06:00</updated>" in feed.read_bytes()
    before = source.stat()
    same_size_edit(source, "updated: 2024-02-01", "updated: 2024-02-09")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not run(tmp_path).unchanged
    assert b"<updated>2024-02-09T00:00:00-06:00</updated>" in feed.read_bytes()
    assert_equals_clean(tmp_path)
