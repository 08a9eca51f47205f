"""What a build's output depends on, as digests: the builder's own code and libraries,
the site's templates and theme by content, every input file by its state (and by content
when it changed too recently for its state to tell)."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import stat
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.core.filestate import FileState

_LIBRARIES = ("markdown", "nh3", "jinja2", "pyyaml", "pagefind-bin", "markupsafe")


@functools.lru_cache(maxsize=1)
def builder_version() -> str:
    """A digest of the builder's own source and its libraries' versions: any change to the
    code that makes the site invalidates everything cached."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parents[1]  # the whole builder package
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


def body_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def tree_stats(folder: Path, *, follow_links: bool = True) -> list[tuple[str, FileState]]:
    """(relative path, :class:`FileState`) of every file below ``folder``,
    hidden ones too.

    With ``follow_links`` (templates and the theme: a site's templates may be linked from
    elsewhere, and Jinja reads through the link) symlinked folders are walked, each folder
    once (``ln -s .. templates/x`` would never end), but never one that holds ``folder``
    itself (``ln -s / templates/raiz`` would walk the whole disk). Without it (``content/``,
    whose symlinked folders the loader never reads) a symlinked folder is one entry, known
    by the link's own stat, and nothing behind it is looked at.

    Size and mtime alone miss a same-size edit whose old mtime was put back (``touch
    -r``, ``cp -p``, ``rsync -a``, archives with fixed dates); the change time cannot be
    set by anyone, and a file replaced by another has another inode."""
    found: list[tuple[str, FileState]] = []
    if not folder.is_dir():
        return found
    top = os.fspath(folder)
    real_top = os.path.realpath(top)
    walked: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(top, followlinks=follow_links):
        try:
            here = os.stat(dirpath)
        except OSError:
            continue
        if (here.st_dev, here.st_ino) in walked:  # a symlink back up: a loop, or seen
            dirnames.clear()
            continue
        walked.add((here.st_dev, here.st_ino))
        dirnames.sort()
        # strings, not Paths: this runs on every build, for every file, before anything else
        relative = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        links = [name for name in dirnames if os.path.islink(os.path.join(dirpath, name))]
        for name in links:
            path = os.path.join(dirpath, name)
            if follow_links and not _holds(os.path.realpath(path), real_top):
                continue
            dirnames.remove(name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            found.append((prefix + name, FileState.from_stat(st)))
        for name in sorted(filenames):
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            found.append((prefix + name, FileState.from_stat(st)))
    return found


def _holds(folder: str, path: str) -> bool:
    """Whether the real path ``folder`` is ``path`` or one of the folders it lies in."""
    return folder == path or path.startswith(folder.rstrip(os.sep) + os.sep)


def folders_digest(folders: Iterable[Path]) -> str:
    """Every file below ``folders`` by relative path and content, through symlinked
    folders as Jinja reads them (``templates/partes -> ../compartidas``): what every page
    of a site depends on in its theme and templates."""
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(str(folder).encode("utf-8", "surrogatepass") + b"\0")
        for name, _ in tree_stats(folder):
            content = _content_digest(os.path.join(folder, name), {})
            digest.update(f"{name}\0{content}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads (:func:`inputs_digest`), as the manifest compares it."""

    digest: str  # to save: files in ``recent`` by stat and content, the others by stat
    recent: tuple[str, ...]  # files changed just before their stat was taken
    against: str  # the last build's ``recent`` files by content: equals its ``digest`` if unchanged


def inputs_digest(
    files: Iterable[Path],
    folders: Iterable[Path],
    options: Mapping[str, Any],
    recent_before: object = (),
    *,
    unlinked: Iterable[Path] = (),
) -> Inputs:
    """Digests of everything a build reads: files and folders by stat (files changed just
    before, and those the last build found so, by content too), the options. ``recent_before``
    is the last build's :attr:`Inputs.recent`, as its manifest holds it. ``unlinked``
    folders (``content/``) are walked without following symlinked folders."""
    now = time.time_ns()
    rows: list[tuple[str, Any]] = []
    for path in files:
        rows.append((str(path.resolve()), FileState.of(path)))
    walks = [(folder, True) for folder in folders] + [(folder, False) for folder in unlinked]
    for folder, follow in walks:
        top = str(folder.resolve())
        rows.append((top, None))
        found = tree_stats(folder, follow_links=follow)
        rows.extend((f"{top}/{name}", state) for name, state in found)
    recent = {path for path, state in rows if state is not None and not state.settled(now)}
    before = set(recent_before) if isinstance(recent_before, list | tuple) else set()
    contents: dict[str, str] = {}

    def digest(by_content: set[str]) -> str:
        state: dict[str, Any] = {"builder": builder_version(), "options": dict(options)}
        state["files"] = [
            (path, (stat, _content_digest(path, contents)) if path in by_content else stat)
            for path, stat in rows
        ]
        text = json.dumps(state, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    against = digest(before)
    now_digest = against if recent == before else digest(recent)
    return Inputs(now_digest, tuple(sorted(recent)), against)


def _content_digest(path: str, memo: dict[str, str]) -> str:
    if path not in memo:
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                memo[path] = "not a file"  # a FIFO would block the build until written to
            else:
                with open(path, "rb") as handle:
                    memo[path] = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            memo[path] = f"unreadable: {exc.errno}"
    return memo[path]
