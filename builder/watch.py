"""File watching for ``boletines serve``, on top of ``watchfiles``' notifier.

``watchfiles.watch()`` only starts watching once its generator is first advanced, in the
watching thread, so a file saved right after "Vista previa en ..." is printed could be
missed. A :class:`Watcher` registers its watches when it is created, so the preview
creates its watchers before it says it is ready.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from watchfiles import Change, DefaultFilter
from watchfiles._rust_notify import RustNotify  # watchfiles' own notifier (has a .pyi)

DEBOUNCE_MS = 400  # longest a burst of saves is grouped into one rebuild
STEP_MS = 30  # quiet time that ends a burst
TIMEOUT_MS = 500  # how often the stop event is looked at while nothing happens


class Event(Protocol):
    def is_set(self) -> bool: ...


def _force_polling() -> bool:
    """Same switch as watchfiles: WATCHFILES_FORCE_POLLING, for network or VM folders."""
    value = os.environ.get("WATCHFILES_FORCE_POLLING", "").strip().lower()
    return bool(value) and value not in ("false", "disable", "disabled")


class Watcher:
    """Watches ``paths`` (recursively or not) from the moment it is created."""

    def __init__(
        self,
        paths: Iterable[Path],
        *,
        recursive: bool = True,
        accept: Callable[[str], bool] | None = None,
    ) -> None:
        self.paths = [str(p) for p in paths]
        self.accept = accept
        self._ignore = DefaultFilter()  # editor swap files, .git, __pycache__ ...
        self._notify = RustNotify(self.paths, False, _force_polling(), 300, recursive, False)

    def changes(self, stop: Event) -> Iterator[list[str]]:
        """Batches of changed paths (sorted) until ``stop`` is set."""
        while not stop.is_set():
            result = self._notify.watch(DEBOUNCE_MS, STEP_MS, TIMEOUT_MS, stop)
            if not isinstance(result, set):
                if result == "stop":
                    return
                continue  # "timeout" or "signal": the caller decides through ``stop``
            paths = sorted(
                path
                for kind, path in result
                if self._ignore(Change(kind), path) and (self.accept is None or self.accept(path))
            )
            if paths:
                yield paths

    def close(self) -> None:
        self._notify.close()
