"""File watching for ``boletines serve``, through ``watchfiles.watch()``.

A recursive watch follows symbolic links to folders (a link to ``/`` in content/ walked
the whole disk and ended in a PermissionError), so a :class:`Watcher` walks its folders
itself without following links and watches each real folder on its own; a folder that
appears later is added by watching again.

``watch()`` only starts watching once its generator is first advanced, so a file saved
right after "Vista previa en ..." is printed could be missed. A :class:`Watcher` takes
that first step when it is created (it returns after :data:`READY_MS` at most, with any
change seen meanwhile kept for later), so the preview creates its watchers before it
says it is ready. ``WATCHFILES_FORCE_POLLING`` (for network or VM folders) is read by
watchfiles itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from watchfiles import Change, DefaultFilter, watch

DEBOUNCE_MS = 400  # longest a burst of saves is grouped into one rebuild
STEP_MS = 30  # quiet time that ends a burst
READY_MS = 100  # longest the first step, and each idle step, waits before returning


class Event(Protocol):
    def is_set(self) -> bool: ...


class _Stop:
    """The stop event handed to ``watch()`` once, answering for the one that
    :meth:`Watcher.changes` is given later."""

    def __init__(self) -> None:
        self.current: Event | None = None

    def is_set(self) -> bool:
        return self.current is not None and self.current.is_set()


def _real_folder(path: str) -> bool:
    return os.path.isdir(path) and not os.path.islink(path)


class Watcher:
    """Watches ``paths`` (recursively or not) from the moment it is created."""

    def __init__(
        self,
        paths: Iterable[Path],
        *,
        recursive: bool = True,
        accept: Callable[[str], bool] | None = None,
    ) -> None:
        ignore = DefaultFilter()  # editor swap files, .git, __pycache__ ...

        def wanted(change: Change, path: str) -> bool:
            return ignore(change, path) and (accept is None or accept(path))

        self._paths = [Path(p) for p in paths]
        self._recursive = recursive
        self._wanted = wanted
        self._stop = _Stop()
        self._start()

    def _folders(self) -> list[Path]:
        """What to watch: the paths given and, when recursive, every real folder below
        them (links not followed, hidden folders such as .git left out)."""
        if not self._recursive:
            return list(self._paths)
        found = []
        for path in self._paths:
            for folder, subfolders, _ in os.walk(path, followlinks=False):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                found.append(Path(os.path.abspath(folder)))
        return found or list(self._paths)

    def _start(self) -> None:
        self._watched = self._folders()
        self._batches = watch(
            *self._watched,
            watch_filter=self._wanted,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self._stop,
            rust_timeout=READY_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
            recursive=False,
        )
        self._pending = next(self._batches, set())

    def _new_folder(self, batch: set[tuple[Change, str]]) -> bool:
        watched = set(self._watched)
        return self._recursive and any(
            change == Change.added and Path(path) not in watched and _real_folder(path)
            for change, path in batch
        )

    def changes(self, stop: Event) -> Iterator[list[str]]:
        """Batches of changed paths (sorted) until ``stop`` is set."""
        self._stop.current = stop
        pending, self._pending = self._pending, set()
        if pending and not stop.is_set():
            yield sorted(path for _, path in pending)
        while not stop.is_set():
            batch = next(self._batches, None)
            if batch is None or stop.is_set():
                return
            if self._new_folder(batch):  # watch it too, from now on
                self._batches.close()
                self._start()
                batch |= self._pending
                self._pending = set()
            if batch:
                yield sorted(path for _, path in batch)

    def close(self) -> None:
        self._batches.close()
