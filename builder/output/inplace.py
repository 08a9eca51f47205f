"""Updating a preview's own output folder in place: only the files that changed.

A build writes a whole new folder and swaps it into place (:mod:`builder.output.writer`),
which at 10,000 bulletins means linking some 12,000 files for every edit (1-3 s measured on
a busy 2-core machine). The preview (``boletines serve``) owns its output folder and knows
which files it wrote there, so after an edit it writes the few files whose bytes changed
and deletes those the site no longer has. Each file is written beside its place and renamed
over it, so a page being served is either the old or the new one, never half of either,
and a file that is a hard link shared with an older output is replaced, not changed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Collection, Mapping
from pathlib import Path

from builder.core.filestate import FileState
from builder.output.writer import Content, link_or_copy

_PART = ".boletines-part-"  # prefix of a file being written, beside its final name


def update_in_place(
    out: Path, files: Mapping[str, Content], before: Collection[str]
) -> dict[str, FileState]:
    """Make ``out`` hold ``files`` when it held ``before`` (paths below ``out``): files
    that are the one already at their path (a :class:`Path` to ``out/<path>``), or bytes
    equal to that file's, stay; the others are written; paths of ``before`` that ``files``
    lacks are deleted, with the folders they leave empty. Returns the state of each file
    written."""
    base = os.fspath(out)
    gone = sorted(set(before) - files.keys(), reverse=True)
    for path in gone:  # first: a deleted file may be where a new folder goes
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{base}/{path}")
        _prune(base, os.path.dirname(path))
    written: dict[str, FileState] = {}
    for path, data in files.items():
        target = f"{base}/{path}"
        if isinstance(data, Path) and os.fspath(data) == target:
            continue
        if isinstance(data, bytes) and _holds(target, data):
            continue  # made again (its key changed) with the same bytes: a page's neighbours
        written[path] = _replace(target, data)
    return written


def _holds(target: str, data: bytes) -> bool:
    """Whether the regular file at ``target`` has exactly the bytes ``data``."""
    try:
        st = os.lstat(target)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        with open(target, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def _replace(target: str, data: Content) -> FileState:
    folder = os.path.dirname(target)
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)  # a folder where the site now has a file (it had pages below)
    os.makedirs(folder, exist_ok=True)
    part = os.path.join(folder, _PART + os.path.basename(target))
    with contextlib.suppress(FileNotFoundError):
        os.unlink(part)  # left by an interrupted update
    try:
        if isinstance(data, Path):
            link_or_copy(data, part)
        else:
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data if isinstance(data, bytes) else data.read_bytes())
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise
    return FileState.from_stat(os.stat(target))


def _prune(base: str, folder: str) -> None:
    """Remove ``folder`` (relative to ``base``) and its parents while they are empty."""
    while folder:
        try:
            os.rmdir(f"{base}/{folder}")
        except OSError:
            return  # not empty, or already gone
        folder = os.path.dirname(folder)


def replace_folder(new: Path, target: Path, old: Path) -> None:
    """Put the folder ``new`` at ``target`` (two renames; the previous one goes to ``old``,
    which must not exist, and is deleted)."""
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
