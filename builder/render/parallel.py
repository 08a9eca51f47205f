"""Bulletin pages rendered on every core: forked workers that inherit the renderer.

Workers are given index ranges into ``archive.bulletins`` (the archive, templates and
Markdown instance come with the fork, nothing big is pickled) and send back each page's
bytes and texts. Rendering a page is a pure function of the bulletin, so the pages are the
same bytes in whichever process they are made. Small sites stay in one process: starting
workers costs more than it saves below a few hundred pages.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence

from builder.model import Bulletin
from builder.render.bulletin import BulletinPages, RenderedBulletin

PARALLEL_MIN = 200  # bulletins; below this one process is faster


def worker_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def render_bulletins(
    renderer: BulletinPages,
    bulletins: Sequence[Bulletin],
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> list[RenderedBulletin]:
    """Every bulletin's page, in ``bulletins`` order; in parallel when it pays.

    Plain ``os.fork`` and one pipe per worker rather than ``multiprocessing.Pool``: the
    pool's helper threads could hang the build on Ctrl-C. A worker renders one contiguous
    slice and writes its pages down its pipe; if the build dies, the pipe breaks and the
    worker dies with it.
    """
    workers = worker_count() if workers is None else workers
    total = len(bulletins)
    if workers < 2 or total < PARALLEL_MIN or not hasattr(os, "fork"):
        return _serial(renderer, bulletins, progress)
    # the first page in this process: templates compiled and modules imported before forking
    rendered = [renderer.render(bulletins[0])]
    size = -(-(total - 1) // workers)
    slices = [(start, min(start + size, total)) for start in range(1, total, size)]
    children: list[tuple[int, int]] = []
    try:
        for start, stop in slices:
            children.append(_fork(renderer, bulletins, start, stop))
        for (start, _stop), (pid, fd) in zip(slices, children, strict=True):
            with os.fdopen(fd, "rb") as pipe:
                status, payload = pickle.load(pipe)
            if status != "ok":
                raise RuntimeError(f"rendering worker failed:\n{payload}")
            for offset, (path, html, body, description) in enumerate(payload):
                bulletin = bulletins[start + offset]
                rendered.append(RenderedBulletin(bulletin, path, html, body, description))
            os.waitpid(pid, 0)
            children = [c for c in children if c[0] != pid]
            if progress is not None:
                progress(len(rendered), total)
    finally:
        for pid, fd in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.close(fd)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
    return rendered


def _fork(
    renderer: BulletinPages, bulletins: Sequence[Bulletin], start: int, stop: int
) -> tuple[int, int]:
    """A child rendering ``bulletins[start:stop]``; returns its pid and the pipe to read."""
    read, write = os.pipe()
    # Signals wait until the fork is over: a SIGTERM handled inside the interpreter's
    # at-fork callbacks would be printed as "Exception ignored" and lost, not unwind.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        raise
    if pid:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(write)
        return pid, read
    code = 1
    try:  # the child: never returns into the build
        os.close(read)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # killed with the build, no unwinding
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # parent gone: die quietly
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        try:
            pages = []
            for bulletin in bulletins[start:stop]:
                r = renderer.render(bulletin)
                pages.append((r.output_path, r.html, r.body, r.description))
            result: tuple[str, object] = ("ok", pages)
        except BaseException:
            result = ("error", traceback.format_exc())
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)


def _serial(
    renderer: BulletinPages,
    bulletins: Sequence[Bulletin],
    progress: Callable[[int, int], None] | None,
) -> list[RenderedBulletin]:
    rendered = []
    for bulletin in bulletins:
        rendered.append(renderer.render(bulletin))
        if progress is not None:
            progress(len(rendered), len(bulletins))
    return rendered
