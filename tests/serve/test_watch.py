"""The preview's watcher: on from the moment it exists, never through a link, and
following folders that appear after it started."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from builder.serve.watch import Watcher


def first_batch(watcher: Watcher, seconds: float = 10.0) -> list[str]:
    """The first batch of changes the watcher reports, or [] after ``seconds``."""
    stop = threading.Event()
    timer = threading.Timer(seconds, stop.set)
    timer.start()
    try:
        return next(watcher.changes(stop), [])
    finally:
        timer.cancel()


def test_a_save_right_after_the_watcher_exists_is_seen(tmp_path: Path) -> None:
    watcher = Watcher([tmp_path])
    try:
        (tmp_path / "a.md").write_text("x", encoding="utf-8")
        assert first_batch(watcher) == [str(tmp_path / "a.md")]
    finally:
        watcher.close()


def test_a_link_to_the_root_folder_is_not_walked(tmp_path: Path) -> None:
    """A recursive watch through content/raiz -> / walked the disk for seconds and then
    failed on a folder it could not read."""
    (tmp_path / "2025").mkdir()
    (tmp_path / "raiz").symlink_to("/")
    started = time.monotonic()
    watcher = Watcher([tmp_path])
    try:
        assert time.monotonic() - started < 5
        (tmp_path / "2025" / "b.md").write_text("x", encoding="utf-8")
        assert first_batch(watcher) == [str(tmp_path / "2025" / "b.md")]
    finally:
        watcher.close()


def test_a_folder_made_after_the_start_is_watched_too(tmp_path: Path) -> None:
    watcher = Watcher([tmp_path])
    try:
        (tmp_path / "2026").mkdir()
        assert first_batch(watcher) == [str(tmp_path / "2026")]
        (tmp_path / "2026" / "c.md").write_text("x", encoding="utf-8")
        assert first_batch(watcher) == [str(tmp_path / "2026" / "c.md")]
    finally:
        watcher.close()
