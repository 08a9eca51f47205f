"""Symlinks that lead out of the site's folders end every command at once: no walk over
the inputs (the change check, the loader, ``check``'s scan of stray files) follows a
symlinked folder out of ``content/``, nor into a folder that holds the templates."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from build_support import assert_equals_clean, write_archive
from reliability_support import looks_like_traceback, run_process

import builder.cache.digests


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.mark.parametrize("command", [["build", "--no-search"], ["check"]])
def test_a_link_to_the_root_folder_in_content_is_refused_at_once(
    tmp_path: Path, command: list[str]
) -> None:
    write_archive(tmp_path)
    (tmp_path / "content" / "raiz").symlink_to("/")
    started = time.monotonic()
    done = run_process(command, tmp_path, timeout=60)
    assert time.monotonic() - started < 30  # it walked the whole disk: 300 s and more
    assert done.code == 1, done.text
    assert not looks_like_traceback(done.text)
    assert (
        "content/raiz: es un enlace simbólico a /, fuera de la carpeta content; no se publica. "
        "Copie el archivo dentro de content." in done.text
    )
    assert not (tmp_path / "_site").exists()


def test_the_change_check_does_not_look_behind_a_folder_link_in_content(tmp_path: Path) -> None:
    """Walked without following links, a symlinked folder is one entry (its own stat)."""
    write_archive(tmp_path)
    elsewhere = tmp_path / "fuera"
    (elsewhere / "hondo").mkdir(parents=True)
    (elsewhere / "hondo" / "x.md").write_text("x", encoding="utf-8")
    (tmp_path / "content" / "fuera").symlink_to(elsewhere)
    names = [
        row[0] for row in builder.cache.digests.tree_stats(tmp_path / "content", follow_links=False)
    ]
    assert "fuera" in names
    assert not any(name.startswith("fuera/") for name in names)
    followed = [row[0] for row in builder.cache.digests.tree_stats(tmp_path / "content")]
    assert "fuera/hondo/x.md" in followed


def test_a_link_in_templates_to_a_folder_above_it_is_not_walked(tmp_path: Path) -> None:
    """Templates may link a shared folder (walked, see test_cache_staleness), but a link
    to ``/`` or to a folder that holds the site would walk the whole disk."""
    write_archive(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "raiz").symlink_to("/")
    (tmp_path / "templates" / "sitio").symlink_to(tmp_path)
    started = time.monotonic()
    for _ in range(2):
        done = run_process(["build", "--no-search"], tmp_path, timeout=60)
        assert done.code == 0, done.text
    assert time.monotonic() - started < 60
    names = [row[0] for row in builder.cache.digests.tree_stats(tmp_path / "templates")]
    assert names == ["raiz", "sitio"]
    (tmp_path / "templates" / "raiz").unlink()
    (tmp_path / "templates" / "sitio").unlink()
    assert_equals_clean(tmp_path)
