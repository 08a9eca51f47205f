"""A one-line progress bar for long imports and builds, on a terminal only.

Stages never print: they accept a ``progress(done, total)`` callback and call it as they
go. The CLI passes :func:`progress_bar`'s result, which is ``None`` (nothing shown) when
stderr is not a terminal or ``CI`` is set, so logs and pipes stay clean. Short tasks never
draw: the bar appears only once a task has run for ``delay`` seconds.

A build reports only its rendering step, and in few large steps when it renders in
parallel; searching and writing come after. So a command may make the bar *tick*
(:meth:`ProgressBar.ticking`): a thread redraws it twice a second with the seconds gone by,
from the start of the command until the command is done, and the bar stays up when the
count is complete, so the terminal never looks stuck.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from builder.core.errors import BoletinesError
from builder.core.i18n import DEFAULT_LANGUAGE, load_catalog
from builder.core.settings import load_settings

Progress = Callable[[int, int], None]

_FALSE = ("", "0", "false", "no")


def in_ci(environ: os._Environ[str] | dict[str, str] | None = None) -> bool:
    value = (environ if environ is not None else os.environ).get("CI", "")
    return value.strip().lower() not in _FALSE


def wants_progress(stream: TextIO) -> bool:
    """A bar only helps a person watching a terminal; never in CI or when piped."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not in_ci()


class ProgressBar:
    """Draws ``label [#####     ] 12/40`` on one line, redrawn at most ten times a second."""

    def __init__(
        self,
        label: str,
        stream: TextIO,
        *,
        width: int = 30,
        delay: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        remaining: Callable[[int], str] | None = None,
    ) -> None:
        self.label = label
        self.remaining = remaining
        """Words for the seconds left (``"quedan 12 s"``): shown once a part is done."""
        self.stream = stream
        self.width = width
        self.delay = delay
        self.clock = clock
        self._started: float | None = None
        self._last_draw = float("-inf")
        self._drawn = False
        self._count: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._ticker: threading.Thread | None = None
        self._stop = threading.Event()

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            now = self.clock()
            if self._started is None:
                self._started = now
            self._count = (done, total)
            finished = total > 0 and done >= total
            if now - self._started < self.delay:
                return
            if not finished and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            self._draw()
            if finished and self._ticker is None:
                self._erase()

    @contextlib.contextmanager
    def ticking(self, interval: float = 0.5) -> Iterator[ProgressBar]:
        """Redraw every ``interval`` seconds with the time gone by, until the block ends;
        then erase the bar (also on an error or Ctrl-C)."""
        with self._lock:
            if self._started is None:
                self._started = self.clock()
        self._stop.clear()
        self._ticker = threading.Thread(
            target=self._tick, args=(interval,), name="progress", daemon=True
        )
        self._ticker.start()
        try:
            yield self
        finally:
            self._stop.set()
            self._ticker.join()
            self._ticker = None
            self.close()

    def _tick(self, interval: float) -> None:
        while not self._stop.wait(interval):
            with self._lock:
                if self._started is not None and self.clock() - self._started >= self.delay:
                    self._draw()

    def _draw(self) -> None:
        """The bar for the last count (or the label alone before any), on one line."""
        text = f"\r{self.label}"
        if self._count is not None:
            done, total = self._count
            total = max(total, 0)
            done = min(max(done, 0), total) if total else max(done, 0)
            filled = self.width * done // total if total else 0
            bar = "#" * filled + " " * (self.width - filled)
            text += f" [{bar}] {done}/{total}"
            if self.remaining is not None and 0 < done < total and self._started is not None:
                left = (self.clock() - self._started) / done * (total - done)
                text += f" · {self.remaining(round(left))}\x1b[K"
        if self._ticker is not None and self._started is not None:
            text += f" · {int(self.clock() - self._started)} s\x1b[K"
        self._write(text)
        self._drawn = True

    def _write(self, text: str) -> None:
        # Straight to the file descriptor when there is one: the build forks rendering
        # workers, and a child must not inherit the stream's lock held by this thread.
        fileno = getattr(self.stream, "fileno", None)
        try:
            descriptor = fileno() if fileno else None
        except (OSError, ValueError):
            descriptor = None
        if descriptor is None:
            self.stream.write(text)
            self.stream.flush()
        else:
            os.write(descriptor, text.encode("utf-8", errors="replace"))

    def _erase(self) -> None:
        if self._drawn:
            self._write("\r\x1b[K")
            self._drawn = False

    def close(self) -> None:
        """Erase the bar so the next line printed starts clean."""
        with self._lock:
            self._erase()


def progress_bar(
    label: str | Callable[[], str],
    stream: TextIO | None = None,
    remaining: Callable[[int], str] | None = None,
) -> ProgressBar | None:
    """A bar on ``stream`` (stderr by default) when a person is watching, else ``None``.

    ``label`` may be a function, so that finding it (reading the site's language) is
    skipped when no bar is shown; ``remaining`` words the seconds left, if shown."""
    stream = stream if stream is not None else sys.stderr
    if not wants_progress(stream):
        return None
    return ProgressBar(label if isinstance(label, str) else label(), stream, remaining=remaining)


def site_progress_bar(config_path: Path, code: str) -> ProgressBar | None:
    """:func:`progress_bar` labelled with message ``code`` in the site's language."""

    def label() -> str:
        try:
            language = load_settings(config_path).language
        except BoletinesError:  # the command itself reports it
            language = DEFAULT_LANGUAGE
        return load_catalog(language).message(code)

    return progress_bar(label)
