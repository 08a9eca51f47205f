"""Files ``check`` is asked about or finds under ``content/`` that the build would not
publish: a name that does not exist, a file outside the content folder, a bulletin saved
without ``.md``, a command typed outside any archive."""

from __future__ import annotations

import os
from collections.abc import Container, Iterable, Iterator
from pathlib import Path

from builder.core.display import display_path
from builder.core.errors import Diagnostic, error, warning


def named_file_problems(files: Iterable[Path], content_dir: Path) -> Iterator[Diagnostic]:
    """A file named on the command line that does not exist (a typo would otherwise pass as
    a clean bulletin) or that lies outside the content folder, where nothing is published."""
    content = os.path.realpath(content_dir)
    for file in files:
        shown = display_path(file)
        if not file.exists():
            yield error(shown, None, "check.no_such_file")
        elif not os.path.realpath(file).startswith(content + os.sep):
            yield error(shown, None, "check.outside_content", content=display_path(content_dir))


# Files editors leave behind that are nobody's business: backups and swap files.
_LEFTOVERS = ("~", ".swp", ".swo", ".tmp", ".bak", ".orig")


_TEXT_SUFFIXES = ("", ".markdown", ".mdown", ".mkd", ".txt", ".text")


def stray_files(content_dir: Path, originals: Container[str] = ()) -> Iterator[Diagnostic]:
    """Files under ``content/`` that the build skips without a word because their name does
    not end in ``.md``: a bulletin saved as ``.txt``, ``.MD`` or without extension, a photo
    put next to its bulletin. Each gets a warning saying it is not published, and why."""
    content = display_path(content_dir)
    for folder, dirs, files in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith(".md") or name.endswith(_LEFTOVERS):
                continue
            path = os.path.join(folder, name)
            if path in originals or not os.path.isfile(path):
                continue
            shown = display_path(path)
            stem, suffix = os.path.splitext(name)
            if suffix.lower() == ".txt" and stem.lower().endswith(".md"):
                stem, suffix = stem[:-3], ".md"
            if suffix.lower() == ".md" or _starts_with_front_matter(path):
                yield warning(shown, 1, "check.not_markdown", suggestion=f"{stem}.md")
            elif suffix.lower() in _TEXT_SUFFIXES:
                yield warning(shown, 1, "check.raw_text", file=shown)
            else:
                yield warning(shown, None, "check.not_published", content=content)


def _starts_with_front_matter(path: str) -> bool:
    try:
        with open(path, "rb") as file:
            start = file.read(8)
    except OSError:
        return False
    return start.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


def outside_an_archive(config_path: Path, content_dir: Path) -> Diagnostic | None:
    """An error when neither site.yaml nor the content folder is here: the command was typed
    in another folder (a new terminal opens in the home folder), not in the archive's."""
    if config_path.exists() or content_dir.exists():
        return None
    return error(
        display_path(config_path),
        None,
        "check.not_an_archive",
        folder=os.path.abspath(config_path.parent),
        content=display_path(content_dir),
    )
