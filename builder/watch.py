"""File watching for ``boletines serve``, through ``watchfiles.watch()``.

``watch()`` only starts watching once its generator is first advanced, so a file saved
right after "Vista previa en ..." is printed could be missed. A :class:`Watcher` takes
that first step when it is created (it returns after :data:`READY_MS` at most, with any
change seen meanwhile kept for later), so the preview creates its watchers before it
says it is ready. ``WATCHFILES_FORCE_POLLING`` (for network or VM folders) is read by
watchfiles itself.
"""

from __future__ import annotations

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

        self._stop = _Stop()
        self._batches = watch(
            *paths,
            watch_filter=wanted,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self._stop,
            rust_timeout=READY_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
            recursive=recursive,
        )
        self._pending = next(self._batches, set())

    def changes(self, stop: Event) -> Iterator[list[str]]:
        """Batches of changed paths (sorted) until ``stop`` is set."""
        self._stop.current = stop
        pending, self._pending = self._pending, set()
        if pending and not stop.is_set():
            yield sorted(path for _, path in pending)
        for batch in self._batches:
            if stop.is_set():
                return
            if batch:
                yield sorted(path for _, path in batch)

    def close(self) -> None:
        self._batches.close()
