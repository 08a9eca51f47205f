"""load_content with ``changed`` (what the preview's watcher reported): the files it names
are read again, the others are taken from ``known`` without a stat, unless ``known`` has
them by content (changed just before they were last read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.content.loader import load_content
from builder.core import filestate
from builder.core.settings import SiteConfig


def write(root: Path, name: str, title: str) -> Path:
    path = root / "content" / "2025" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'---\ntitle: "{title}"\ndate: 2025-11-25\n---\nTexto.\n', encoding="utf-8")
    return path


def titles(result) -> list[str]:
    return sorted(b.title for b in result.bulletins)


def test_only_the_files_named_changed_are_read_again(tmp_path, monkeypatch):
    monkeypatch.setattr(filestate, "RECENT_NS", 0)  # every file settled: known by its stat
    write(tmp_path, "a.md", "A")
    write(tmp_path, "b.md", "B")
    content = tmp_path / "content"
    first = load_content(content, SiteConfig())
    write(tmp_path, "a.md", "A2")
    write(tmp_path, "b.md", "B2")
    write(tmp_path, "c.md", "C")  # new: not in known, so read
    result = load_content(content, SiteConfig(), known=first.files, changed={"2025/a.md"})
    assert titles(result) == ["A2", "B", "C"]
    assert titles(load_content(content, SiteConfig(), known=first.files)) == ["A2", "B2", "C"]


def test_a_file_known_by_its_content_is_read_again_though_not_named(tmp_path, monkeypatch):
    write(tmp_path, "a.md", "A")  # just written: the load knows it by content, not by stat
    content = tmp_path / "content"
    first = load_content(content, SiteConfig())
    write(tmp_path, "a.md", "A2")
    assert titles(load_content(content, SiteConfig(), known=first.files, changed=())) == ["A2"]


@pytest.mark.parametrize("changed", [None, set(), {"2025/a.md"}])
def test_a_deleted_file_is_gone_whether_named_or_not(tmp_path, monkeypatch, changed):
    monkeypatch.setattr(filestate, "RECENT_NS", 0)
    write(tmp_path, "a.md", "A")
    write(tmp_path, "b.md", "B")
    content = tmp_path / "content"
    first = load_content(content, SiteConfig())
    (content / "2025" / "a.md").unlink()
    result = load_content(content, SiteConfig(), known=first.files, changed=changed)
    assert titles(result) == ["B"]
