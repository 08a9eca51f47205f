"""Many sources at once: what to import from the paths given, and importing them on
every core.

Folders are walked recursively for the formats the importer reads; anything else found
there is listed as skipped, with its reason, so a migration accounts for every file.
Importing is pure (bytes in, text out), so it runs in worker processes; writing stays in
the command, one file after another, in the order of the sources.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from builder.content.loader import MAX_FILE_BYTES
from builder.core.display import display_path
from builder.core.errors import BoletinesError, Diagnostic, os_reason
from builder.core.regularfile import NotRegular, TooLarge, read_regular
from builder.core.settings import SiteConfig
from builder.importer.formats import MAX_DOCUMENT_BYTES, sniff
from builder.importer.model import ImportResult, Overrides, refuse
from builder.importer.pipeline import import_file

FORMATS = (".txt", ".md", ".pdf", ".docx", ".doc", ".docm")
"""What a folder import picks up (any case); a file named on its own is always tried.
Old Word files (.doc) and macro-enabled ones (.docm) are picked up to be refused with
the reason and what to do, rather than passed over as not bulletins."""

SERIAL_BELOW = 8
"""Fewer sources than this import in the command's own process: starting workers costs
more than it saves."""


@dataclass(frozen=True)
class Source:
    """One file to import, and how messages name it (as the editor typed it)."""

    path: Path
    shown: str


@dataclass(frozen=True)
class Skipped:
    """A file found in a folder that is not imported, and why (a message code)."""

    shown: str
    code: str
    args: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Collected:
    sources: list[Source]
    skipped: list[Skipped]
    folders: bool
    """Whether any path given was a folder (the command then ends with a summary)."""


@dataclass(frozen=True)
class Outcome:
    """What importing one source gave: a result, or the reasons it was refused."""

    source: Source
    result: ImportResult | None = None
    raw: bytes | None = None
    """The source's bytes, for a document (which is kept beside its bulletin)."""
    refused: tuple[Diagnostic, ...] = ()


def collect(paths: Sequence[Path]) -> Collected:
    """The sources in ``paths``: files as given, folders walked for :data:`FORMATS`.

    Links inside a folder are not followed (a link may point anywhere), hidden files and
    folders (``.git``) are passed over, and a file reached twice is imported once.
    """
    sources: list[Source] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    folders = False

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            sources.append(Source(path, display_path(path)))

    for path in paths:
        if not path.is_dir():
            add(path)
            continue
        folders = True
        found: list[Path] = []
        for folder, subfolders, files in os.walk(path, followlinks=False):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            found += (Path(folder) / name for name in files if not name.startswith("."))
        for file in sorted(found):
            if file.is_symlink():
                skipped.append(Skipped(display_path(file), "import.skipped_link"))
            elif file.suffix.lower() in FORMATS:
                add(file)
            else:
                kind = file.suffix.lower() or file.name
                skipped.append(Skipped(display_path(file), "import.skipped_kind", {"kind": kind}))
    return Collected(sources, skipped, folders)


def read_source(source: Source) -> bytes:
    """The source's bytes; refused (naming it) when it is not a regular file (a FIFO
    would block, ``/dev/zero`` never end), cannot be read or is too large. A document
    may be up to :data:`MAX_DOCUMENT_BYTES`; text only what the build reads back."""
    shown = source.shown
    try:
        raw = read_regular(source.path, MAX_DOCUMENT_BYTES)
    except TooLarge as exc:
        raise _too_large(shown, "import.document_too_large", exc.size, MAX_DOCUMENT_BYTES) from None
    except NotRegular:
        raise refuse(shown, "import.not_regular") from None
    except OSError as exc:
        raise refuse(shown, "import.unreadable", reason=os_reason(exc)) from exc
    if len(raw) > MAX_FILE_BYTES and sniff(raw, shown) == "text":
        raise _too_large(shown, "content.too_large", len(raw), MAX_FILE_BYTES)
    return raw


def _too_large(shown: str, code: str, size: int, limit: int) -> BoletinesError:
    return refuse(
        shown,
        code,
        size_mb=f"{size / 1024 / 1024:.1f}",
        limit_mb=f"{limit / 1024 / 1024:.0f}",
    )


def import_source(source: Source, config: SiteConfig, overrides: Overrides) -> Outcome:
    """Read and import one source; never raises for bad input."""
    try:
        raw = read_source(source)
        result = import_file(raw, source.shown, config, overrides)
    except BoletinesError as exc:
        return Outcome(source, refused=tuple(exc.diagnostics))
    return Outcome(source, result, raw if result.original_suffix else None)


class _Job:
    """:func:`import_source` with the command's settings, sent once to each worker."""

    def __init__(self, config: SiteConfig, overrides: Overrides) -> None:
        self.config = config
        self.overrides = overrides

    def __call__(self, source: Source) -> Outcome:
        return import_source(source, self.config, self.overrides)


def import_all(
    sources: Sequence[Source],
    config: SiteConfig,
    overrides: Overrides,
    workers: int | None = None,
) -> Iterator[Outcome]:
    """Each source's outcome, in the order of ``sources``, imported on ``workers``
    processes (every core by default)."""
    job = _Job(config, overrides)
    workers = min(workers or os.cpu_count() or 1, len(sources))
    if workers < 2 or len(sources) < SERIAL_BELOW:
        yield from map(job, sources)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent) as pool:
        # Small chunks keep the progress bar moving.
        yield from pool.map(job, sources, chunksize=4)


def _exit_with_parent() -> None:
    """In each worker: exit once the import that started it is gone. A parent killed
    outright (``kill -9``, a CI time limit) closes no pipe a worker would notice, and the
    workers would wait for work forever."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
