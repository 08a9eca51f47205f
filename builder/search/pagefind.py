"""One Pagefind run: the command line, the process, its time limit and its end.

Every index the build makes, whether started early beside the writing
(:class:`builder.search.early.EarlyIndex`) or after it (:func:`builder.search.index.index_site`),
is made by :func:`run`: Pagefind over one staging folder into one output folder, in a
process group of its own that is killed with everything it started when it takes longer
than :func:`timeout_for` its pages, when the build stops it, or when the build ends first.

Why the bundled binary and not ``PagefindIndex.add_directory``: both run the same
executable from the ``pagefind-bin`` package. Measured on 1,000 generated bulletin pages
(2 cores, pagefind 1.5.2): the binary took 1.8-1.9 s, the Python API 2.5-2.6 s (its service
answers through a 0.1 s polling loop and writes the bundle slower), and 2.9-4.2 s used as an
``async with`` block around an explicit ``write_files``, which writes the bundle twice.
``tests/search/bench_indexing.py`` repeats the comparison.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from builder.core.errors import BoletinesError, error

# How long a Pagefind run may take before it is killed as stuck: Pagefind indexed 1,000
# bulletin pages in 1.8-1.9 s here (see above), and hangs instead of failing on some
# output it cannot write; the allowance is some fifty times that, plus two minutes.
TIMEOUT_BASE_SECONDS = 120.0
TIMEOUT_SECONDS_PER_PAGE = 0.1
MAX_PARALLEL = 2
POLL_SECONDS = 0.02  # how often a run looks whether it was stopped or took too long
_ERROR_LINES = 6


class PagefindFailed(Exception):
    """A run could not start, failed, took too long or was stopped; ``detail`` says which."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def timeout_for(pages: int) -> float:
    """Seconds a Pagefind run over ``pages`` pages may take before it is stopped."""
    return TIMEOUT_BASE_SECONDS + pages * TIMEOUT_SECONDS_PER_PAGE


class _Children:
    """Every Pagefind process group this process started and has not yet seen end: each
    runs in a session of its own (the terminal's Ctrl-C goes to the build alone, which
    decides), so the build must kill them itself, whatever happens. At exit, whatever is
    left (a preview stopped while a rebuild indexed in its thread) is killed too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        atexit.register(self.kill_all)

    def start(self, command: list[str], **options: object) -> subprocess.Popen[bytes]:
        with self._lock:
            process = subprocess.Popen(command, start_new_session=True, **options)  # type: ignore[call-overload]
            self._running.add(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """Kill ``process`` and its group (anything it started), and reap it."""
        with self._lock:
            if process.poll() is None:
                with contextlib.suppress(OSError):
                    os.killpg(process.pid, signal.SIGKILL)
            self._running.discard(process)
        process.wait()

    def kill_all(self) -> None:
        with self._lock:
            running = list(self._running)
        for process in running:
            self.kill(process)


CHILDREN = _Children()


def pagefind_executable() -> Path:
    """The binary the ``pagefind-bin`` wheel ships (``PAGEFIND_BINARY_PATH`` overrides it)."""
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return Path(override)
    from pagefind_bin import get_executable

    return get_executable()


def run(
    site: Path,
    output: Path,
    language: str,
    *,
    limit: float,
    stops: Sequence[threading.Event] = (),
) -> None:
    """Index the documents under ``site`` into the Pagefind bundle ``output``.

    Pagefind runs in ``site`` (it reads a ``pagefind.yml`` from its working directory, and
    the index must depend on the pages alone). Raises :class:`PagefindFailed` when it
    cannot start or fails, after killing it when it runs longer than ``limit`` seconds or
    when one of ``stops`` is set (from another thread), and whenever anything raises here.
    """
    try:
        executable = str(pagefind_executable())
    except (OSError, ImportError) as exc:
        raise PagefindFailed(str(exc)) from exc
    command = [
        executable,
        "--site",
        str(site.resolve()),
        "--output-path",
        str(output.resolve()),
        "--force-language",
        language,
        "--silent",
    ]
    with tempfile.TemporaryFile() as log:
        try:
            process = CHILDREN.start(
                command, cwd=site.resolve(), stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )
        except OSError as exc:
            raise PagefindFailed(str(exc)) from exc
        try:
            since = time.monotonic()
            while True:
                try:
                    returncode = process.wait(timeout=POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    if any(stop.is_set() for stop in stops):
                        raise PagefindFailed("interrupted") from None
                    if time.monotonic() - since > limit:
                        raise PagefindFailed(f"timed out after {limit:.0f} s") from None
        finally:
            CHILDREN.kill(process)  # reaps a run that ended; kills one that did not
        if returncode != 0:
            log.seek(0)
            raise PagefindFailed(_last_lines(log.read().decode("utf-8", "replace"), returncode))


def _last_lines(output: str, returncode: int) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    detail = " ".join(lines[-_ERROR_LINES:])
    return detail or f"exit status {returncode}"


def failure(site_dir: Path, detail: str) -> BoletinesError:
    """The build's error for a search index of ``site_dir`` that could not be made."""
    return BoletinesError([error(str(site_dir), None, "search.failed", detail=detail)])
