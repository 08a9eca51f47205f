"""Whose folder the output folder is, before a build replaces it, and whether its files
are still the ones the last build wrote.

A build replaces the whole output folder, so it must never take a folder that holds
anything else: a ``gh-pages`` checkout (``.git/``, ``CNAME``, photos), a folder given by
mistake. Every site written since this module exists carries :data:`SITE_MARKER`, a file
only a build writes; ``.nojekyll`` proves nothing (GitHub Pages checkouts have it).

Sites built before the marker existed are recognised by their layout, conservatively
(:func:`older_build`): ``.nojekyll``, ``index.html`` and ``404.html`` at the top, no
symlinks, no hidden names but ``.nojekyll``, and no file a build never writes (anything
outside ``static/`` and ``pagefind/`` but ``index.html`` pages and the known root files).
The next build adds the marker; a folder that fails the test must be emptied once by hand.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

SITE_MARKER = ".boletines-site"
SITE_MARKER_TEXT = (
    "Carpeta generada por boletines: cada compilación la reemplaza entera.\n"
    "Folder written by boletines: every build replaces all of it.\n"
).encode()
NOJEKYLL = ".nojekyll"


def deployment_files(cname: str | None) -> dict[str, bytes]:
    """The files at the top of every site besides its pages: the marker that makes the
    folder ours to replace, ``.nojekyll`` (GitHub Pages serves the site as it is) and,
    with a custom domain, ``CNAME``."""
    files = {SITE_MARKER: SITE_MARKER_TEXT, NOJEKYLL: b""}
    if cname:
        files["CNAME"] = cname.strip().encode("ascii", "replace") + b"\n"
    return files


# What a build before SITE_MARKER wrote at the top of the site, besides folders.
_OLD_ROOT_FILES = frozenset(
    {NOJEKYLL, "index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt"}
    | {"bulletins.json", "CNAME", "favicon.ico", "favicon.svg"}
)
_OLD_SITEMAP = re.compile(r"sitemap-\d+\.xml")
_OLD_FREE = ("static", "pagefind")  # asset folders: any (visible) name inside
SHOWN_NAMES = 5  # entries named in the refusal


def is_ours(out: Path) -> bool:
    """Whether ``out`` holds the marker a build writes (a regular file, not a link)."""
    try:
        return stat.S_ISREG(os.lstat(out / SITE_MARKER).st_mode)
    except OSError:
        return False


def older_build(out: Path) -> bool:
    """Whether ``out`` is laid out exactly as a site built before :data:`SITE_MARKER`."""
    top = os.fspath(out)
    for name in (NOJEKYLL, "index.html", "404.html"):
        try:
            if not stat.S_ISREG(os.lstat(os.path.join(top, name)).st_mode):
                return False
        except OSError:
            return False
    for dirpath, dirnames, filenames in os.walk(top, onerror=_raise):
        relative = os.path.relpath(dirpath, top).replace(os.sep, "/")
        free = relative.split("/")[0] in _OLD_FREE
        for name in dirnames:
            if name.startswith(".") or os.path.islink(os.path.join(dirpath, name)):
                return False
        for name in filenames:
            if os.path.islink(os.path.join(dirpath, name)):
                return False
            if relative == ".":
                if name not in _OLD_ROOT_FILES and not _OLD_SITEMAP.fullmatch(name):
                    return False
            elif name.startswith(".") or not (free or name == "index.html"):
                return False
    return True


def _raise(exc: OSError) -> None:
    raise exc


def some_names(out: Path) -> str:
    """A few of the entries of ``out``, for a message: hidden ones first, they surprise."""
    try:
        names = sorted(os.listdir(out), key=lambda n: (not n.startswith("."), n))
    except OSError:
        return ""
    shown = [n + "/" if (out / n).is_dir() and not (out / n).is_symlink() else n for n in names]
    more = len(shown) - SHOWN_NAMES
    return ", ".join(shown[:SHOWN_NAMES]) + (f" … (+{more})" if more > 0 else "")


Snapshot = dict[str, tuple[int, int, int]]
"""Every entry below an output folder: file path -> (inode, size, mtime_ns), folder path
(with "/" after it; "/" alone for the top) -> (inode, -1, mtime_ns)."""


def snapshot(out: Path) -> Snapshot | None:
    """What :func:`damaged` compares against, taken after a build; None when ``out``
    cannot be walked. A folder's mtime changes when an entry is added, removed or renamed
    in it; a file's inode, size or mtime when it is replaced or edited (not when an edit
    keeps its size and puts its mtime back: ``touch -r`` on the output is not guarded).
    The change time is left out: the background deletion of the previous output changes
    the link count, and so the change time, of every page kept by link."""
    found: Snapshot = {}
    top = os.fspath(out)
    pending = [""]
    try:
        while pending:
            relative = pending.pop()
            folder = os.path.join(top, relative) if relative else top
            st = os.lstat(folder)
            found[relative + "/"] = (st.st_ino, -1, st.st_mtime_ns)
            with os.scandir(folder) as entries:
                for entry in entries:
                    path = f"{relative}/{entry.name}" if relative else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(path)
                    else:
                        st = entry.stat(follow_symlinks=False)
                        found[path] = (st.st_ino, st.st_size, st.st_mtime_ns)
    except OSError:
        return None
    return found


def damaged(out: Path, known: Snapshot) -> bool:
    """Whether anything below ``out`` differs from the :func:`snapshot` ``known``: one
    ``lstat`` per entry, no listing (a site of 6,165 files in 6,150 folders, on a machine
    with a load average of 20: 140-200 ms, against 378-525 ms for :func:`snapshot`)."""
    top = os.fspath(out)
    for path, (inode, size, mtime) in known.items():
        try:
            st = os.lstat(f"{top}/{path}")
        except OSError:
            return True
        now = st.st_size if size >= 0 else -1  # a folder's size says nothing
        if (st.st_ino, now, st.st_mtime_ns) != (inode, size, mtime):
            return True
    return False
