"""A one-line progress bar for long imports and builds, on a terminal only.

Stages never print: they accept a ``progress(done, total)`` callback and call it as they
go. The CLI passes :func:`progress_bar`'s result, which is ``None`` (nothing shown) when
stderr is not a terminal or ``CI`` is set, so logs and pipes stay clean. Short tasks never
draw: the bar appears only once a task has run for ``delay`` seconds.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from builder.errors import BoletinesError
from builder.i18n import DEFAULT_LANGUAGE, load_catalog
from builder.settings import load_settings

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
    ) -> None:
        self.label = label
        self.stream = stream
        self.width = width
        self.delay = delay
        self.clock = clock
        self._started: float | None = None
        self._last_draw = float("-inf")
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self._started is None:
            self._started = now
        finished = total > 0 and done >= total
        if now - self._started < self.delay:
            return
        if not finished and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        self._draw(done, total)
        if finished:
            self.close()

    def _draw(self, done: int, total: int) -> None:
        total = max(total, 0)
        done = min(max(done, 0), total) if total else max(done, 0)
        filled = self.width * done // total if total else 0
        bar = "#" * filled + " " * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Erase the bar so the next line printed starts clean."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False


def progress_bar(
    label: str | Callable[[], str], stream: TextIO | None = None
) -> ProgressBar | None:
    """A bar on ``stream`` (stderr by default) when a person is watching, else ``None``.

    ``label`` may be a function, so that finding it (reading the site's language) is
    skipped when no bar is shown."""
    stream = stream if stream is not None else sys.stderr
    if not wants_progress(stream):
        return None
    return ProgressBar(label if isinstance(label, str) else label(), stream)


def site_progress_bar(config_path: Path, code: str) -> ProgressBar | None:
    """:func:`progress_bar` labelled with message ``code`` in the site's language."""

    def label() -> str:
        try:
            language = load_settings(config_path).language
        except BoletinesError:  # the command itself reports it
            language = DEFAULT_LANGUAGE
        return load_catalog(language).message(code)

    return progress_bar(label)
