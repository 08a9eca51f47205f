"""A bulletin's original document (PDF, Word), kept beside its Markdown file.

Which file it is: the one ``original:`` names, in the bulletin's folder; without that key,
a file with the same name as the ``.md`` and a document extension
(:data:`~builder.content.schema.ORIGINAL_SUFFIXES`, first in that order when there are
several), so a PDF an editor drops beside a bulletin is linked too. The key wins: with
it, other documents beside the bulletin are not looked at.

Only a regular file is published: a symbolic link (it could point at anything on the
machine), a folder, a FIFO (reading it would block the build) or a file over
:data:`MAX_ORIGINAL_BYTES` is an error naming it. The file is opened without following a
link, and what is published is what was hashed then (:class:`~builder.content.model.Original`).

Its size and SHA-256 are measured at every load, not cached with the ``.md`` file (which
does not change when the document is replaced); a document whose stat is the one measured
last time, and settled (see :meth:`builder.core.filestate.FileState.settled`), is not read again.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field

from builder.content.model import Original
from builder.content.schema import ORIGINAL_SUFFIXES
from builder.core.display import display_path
from builder.core.errors import Diagnostic, error, os_reason, warning
from builder.core.filestate import FileState

MAX_ORIGINAL_BYTES = 20 * 1024 * 1024
"""Largest original published: the loader's limit for a ``.md`` file (5 MB) is for text; a
bulletin's PDF with photos is larger, and a file of hundreds of megabytes is a mistake."""

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class OriginalState:
    """An original as the last load measured it: its name, its file's state, its SHA-256."""

    name: str
    file: FileState
    sha256: str


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be published as an original: a message code and its arguments
    (the file's name is added by :meth:`Originals.find`)."""

    code: str
    args: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Declared:
    """What a bulletin's front matter says of its original, and on which lines."""

    name: str | None = None
    recorded: str | None = None
    line: int | None = None  # of ``original:``, else of ``original_sha256:``


@dataclass
class Found:
    """The outcome for one bulletin: its original (None if it has none or it is refused),
    the findings, and the state to remember for the next load."""

    original: Original | None
    diagnostics: list[Diagnostic]
    state: OriginalState | None = None


class Originals:
    """Finds and measures originals for one load of ``content/``: each folder is listed
    once, for the documents that have a bulletin's name without being declared."""

    def __init__(self, now_ns: int) -> None:
        self.now_ns = now_ns  # files changed just before are read even if their stat is known
        self._folders: dict[str, dict[str, list[str]]] = {}

    def find(
        self, source: str, shown: str, declared: Declared, known: OriginalState | None
    ) -> Found:
        """The original of the bulletin in ``source`` (``shown`` names it to the user)."""
        folder, md_name = os.path.split(source)
        name = declared.name
        found: list[Diagnostic] = []
        if name is None:
            candidates = self._documents(folder).get(md_name[: -len(".md")], [])
            if not candidates:
                if declared.recorded is not None:
                    return Found(None, [error(shown, declared.line, "content.original_hash_alone")])
                return Found(None, [])
            name = candidates[0]
            if len(candidates) > 1:
                found.append(
                    warning(
                        shown,
                        None,
                        "content.original_several",
                        files=", ".join(candidates),
                        chosen=name,
                    )
                )
        path = os.path.join(folder, name)
        measured = self._measure(path, name, known)
        if isinstance(measured, Problem):
            file = display_path(path)
            found.append(error(shown, declared.line, measured.code, file=file, **measured.args))
            return Found(None, found)
        original = Original(name, measured.file.size, measured.sha256, declared.recorded)
        return Found(original, found, measured)

    def _documents(self, folder: str) -> Mapping[str, list[str]]:
        """Document names in ``folder`` by stem, in :data:`ORIGINAL_SUFFIXES` order."""
        known = self._folders.get(folder)
        if known is not None:
            return known
        by_stem: dict[str, list[str]] = {}
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            names = []
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if (
                dot
                and stem
                and not name.startswith(".")
                and f".{suffix.lower()}" in ORIGINAL_SUFFIXES
            ):
                by_stem.setdefault(stem, []).append(name)
        for names_of_stem in by_stem.values():
            names_of_stem.sort(
                key=lambda n: ORIGINAL_SUFFIXES.index("." + n.rpartition(".")[2].lower())
            )
        self._folders[folder] = by_stem
        return by_stem

    def _measure(
        self, path: str, name: str, known: OriginalState | None
    ) -> OriginalState | Problem:
        """The file's state with its SHA-256, or the problem with it."""
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return Problem("content.original_missing", {"name": name})
        except OSError as exc:
            return Problem("content.original_unreadable", {"reason": os_reason(exc)})
        problem = _refusal(st)
        if problem is not None:
            return problem
        state = FileState.from_stat(st)
        if (
            known is not None
            and (known.name, known.file) == (name, state)
            and state.settled(self.now_ns)
        ):
            return known
        try:
            # O_NOFOLLOW: a link put there since the lstat is refused, not followed;
            # O_NONBLOCK: a FIFO put there opens without waiting for a writer.
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as exc:
            return Problem("content.original_unreadable", {"reason": os_reason(exc)})
        try:
            st = os.fstat(fd)
            problem = _refusal(st)
            if problem is not None:
                return problem
            digest = hashlib.sha256()
            size = 0
            while chunk := os.read(fd, _CHUNK):
                size += len(chunk)
                if size > MAX_ORIGINAL_BYTES:
                    return _too_large(size)
                digest.update(chunk)
        except OSError as exc:
            return Problem("content.original_unreadable", {"reason": os_reason(exc)})
        finally:
            os.close(fd)
        measured = FileState(size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
        return OriginalState(name, measured, digest.hexdigest())


def _refusal(st: os.stat_result) -> Problem | None:
    if stat.S_ISLNK(st.st_mode):
        return Problem("content.original_symlink")
    if not stat.S_ISREG(st.st_mode):
        return Problem("content.original_not_file")
    if st.st_size > MAX_ORIGINAL_BYTES:
        return _too_large(st.st_size)
    return None


def _too_large(size: int) -> Problem:
    args = {
        "size_mb": f"{size / 1024 / 1024:.1f}",
        "limit_mb": f"{MAX_ORIGINAL_BYTES / 1024 / 1024:.0f}",
    }
    return Problem("content.original_too_large", args)
