"""Which files under ``content/`` are bulletins, and the addresses their names give: a
bulletin's path below the content folder is its address, so a name must be one a web
server and every reader's system can serve."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from builder.core.display import display_path
from builder.core.errors import Diagnostic, error, os_reason, warning
from builder.core.text import fold

_SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+")
_FORBIDDEN_NAME = re.compile(r"[\\\x00-\x1f\x7f]")


def find_sources(content_dir: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every ``*.md`` file under ``content_dir``, sorted, and problems with the tree."""
    names, problems = source_names(content_dir)
    return [Path(name) for name in names], problems


def source_names(content_dir: Path) -> tuple[list[str], list[Diagnostic]]:
    """:func:`find_sources` as strings (``str(content_dir)`` joined with each name)."""
    shown_dir = display_path(content_dir)
    if not content_dir.is_dir():
        return [], [error(shown_dir, None, "content.missing_dir")]
    root = os.path.realpath(content_dir)
    found: list[str] = []
    problems: list[Diagnostic] = []
    pending = [str(content_dir)]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            problems.append(
                error(display_path(folder), None, "content.unreadable", reason=os_reason(exc))
            )
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            is_md = name.endswith(".md")
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                inside = target == root or target.startswith(root + os.sep)
                if not inside:
                    if is_md or os.path.isdir(target):
                        problems.append(
                            error(
                                display_path(entry.path),
                                None,
                                "content.symlink_outside",
                                target=target,
                                content_dir=shown_dir,
                            )
                        )
                elif os.path.isdir(target):
                    problems.append(warning(display_path(entry.path), None, "content.symlink_dir"))
                elif is_md and os.path.isfile(target):  # not a FIFO or device: reading blocks
                    found.append(entry.path)
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif is_md and entry.is_file(follow_symlinks=False):
                found.append(entry.path)
    # Sorted as Paths sort (by parts), but comparing tuples of strings is much faster.
    found.sort(key=lambda name: name.split(os.sep))
    return found, problems


def slug_path_of(source: Path, content_dir: Path) -> str:
    """The page path of ``source``: POSIX path under ``content_dir``, no ``.md``, NFC."""
    return slug_path_for(source.relative_to(content_dir).as_posix())


def slug_path_for(relative: str) -> str:
    relative = relative.replace(os.sep, "/")
    return unicodedata.normalize("NFC", relative[: -len(".md")])


def check_name(slug_path: str, shown: str) -> list[Diagnostic]:
    """Problems with a file's name, which is its URL."""
    if _FORBIDDEN_NAME.search(slug_path):
        return [error(shown, None, "content.bad_filename")]
    parts = slug_path.split("/")
    if all(_SAFE_NAME.fullmatch(part) for part in parts):
        return []
    return [
        warning(shown, None, "content.unsafe_filename", suggestion=safe_name(slug_path) + ".md")
    ]


def safe_name(slug_path: str) -> str:
    """A suggestion for a file name: ASCII lower case, dashes for everything else."""
    parts = []
    for part in slug_path.split("/"):
        cleaned = re.sub(r"[^a-z0-9._-]+", "-", fold(part)).strip("-")
        parts.append(cleaned or "boletin")
    return "/".join(parts)


def url_key(path: str) -> str:
    """How two page paths are compared: NFC, case-insensitive, no surrounding slashes."""
    return unicodedata.normalize("NFC", path.strip("/")).casefold()
