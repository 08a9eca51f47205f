"""Folders of this user's alone, for the build cache and its trash.

The cache holds pickles (loading one can run code) and the trash is emptied with
``rm -rf``, so both must be out of every other user's reach, however the cache home was
chosen: ``XDG_CACHE_HOME=/tmp`` lets anyone make ``/tmp/boletines`` first, as a folder of
theirs or as a symlink to a folder of the victim's. Nothing is trusted that this user did
not make: each folder is made with :func:`os.mkdir` (which never follows a symlink in the
last place) and then looked at with :func:`os.lstat`; it must be a real folder (not a
symlink), owned by this user, and writable by nobody else. A folder that fails is not
used at all: the build goes on without the cache, and says so once.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


@dataclass(frozen=True)
class Refusal:
    """Why ``folder`` is not used: ``untrusted`` (a symlink, another user's, writable by
    others: worth a warning) or merely unusable (cannot be made, a file in the way)."""

    folder: Path
    untrusted: bool


def own_folder(path: Path, *, tighten: bool = False) -> Refusal | None:
    """Make ``path`` (mode 700) unless it exists, then check it is this user's alone;
    None when it is. With ``tighten``, a folder of this user's that its group or others
    may write is made private instead of refused (cache homes made by earlier versions
    under a ``umask 002``); the caller checks each entry it later uses in it."""
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass  # a symlink in the way is "existing" too: lstat says what it is
    except OSError:
        return Refusal(path, untrusted=False)
    try:
        st = os.lstat(path)
    except OSError:
        return Refusal(path, untrusted=False)
    if stat.S_ISLNK(st.st_mode) or st.st_uid != os.getuid():
        return Refusal(path, untrusted=True)
    if not stat.S_ISDIR(st.st_mode):
        return Refusal(path, untrusted=False)
    if st.st_mode & _OTHERS_WRITE and not (tighten and _tighten(path, st)):
        return Refusal(path, untrusted=True)
    return None


def _tighten(path: Path, seen: os.stat_result) -> bool:
    """Take group and others' write away from ``path``, the folder ``seen`` stat'ed."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if (st.st_dev, st.st_ino) != (seen.st_dev, seen.st_ino) or st.st_uid != os.getuid():
            return False  # replaced since it was looked at
        os.fchmod(fd, stat.S_IMODE(st.st_mode) & ~_OTHERS_WRITE)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def safe_parent(path: Path) -> Refusal | None:
    """Whether another user could rename ``path`` away and put a symlink in its place:
    they can when its parent is writable by them and not sticky (``/tmp`` is sticky)."""
    parent = path.parent
    try:
        st = os.stat(parent)
    except OSError:
        return None  # made below by own_folder, or reported by it
    if st.st_mode & stat.S_ISVTX:
        return None
    if st.st_mode & stat.S_IWOTH or (st.st_mode & stat.S_IWGRP and st.st_uid != os.getuid()):
        return Refusal(parent, untrusted=True)
    return None


def open_own_file(path: Path) -> int:
    """A read-only descriptor of the regular file ``path``, never through a symlink, and
    only if this user owns it; raises OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
            raise PermissionError(f"{path} is not a file of this user's")
    except BaseException:
        os.close(fd)
        raise
    return fd
