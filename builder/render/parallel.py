"""Bulletin pages rendered on every core: a fork pool whose workers inherit the renderer.

Workers are given index ranges into ``archive.bulletins`` (the archive, templates and
Markdown instance come with the fork, nothing big is pickled) and send back each page's
bytes and texts. Rendering a page is a pure function of the bulletin, so the pages are the
same bytes in whichever process they are made. Small sites stay in one process: starting
workers costs more than it saves below a few hundred pages.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence

from builder.model import Bulletin
from builder.render.bulletin import BulletinPages, RenderedBulletin

PARALLEL_MIN = 200  # bulletins; below this one process is faster
CHUNK = 64

_renderer: BulletinPages | None = None
_bulletins: Sequence[Bulletin] = ()


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
    """Every bulletin's page, in ``bulletins`` order; in parallel when it pays."""
    workers = worker_count() if workers is None else workers
    total = len(bulletins)
    if workers < 2 or total < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return _serial(renderer, bulletins, progress)
    global _renderer, _bulletins
    _renderer, _bulletins = renderer, bulletins
    try:
        ranges = [(start, min(start + CHUNK, total)) for start in range(0, total, CHUNK)]
        rendered: list[RenderedBulletin] = []
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_ignore_interrupts) as pool:
            for start, chunk in zip(
                (r[0] for r in ranges), pool.imap(_render_range, ranges), strict=True
            ):
                for offset, (path, html, body, description) in enumerate(chunk):
                    bulletin = bulletins[start + offset]
                    rendered.append(RenderedBulletin(bulletin, path, html, body, description))
                if progress is not None:
                    progress(len(rendered), total)
        return rendered
    finally:
        _renderer, _bulletins = None, ()


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


def _ignore_interrupts() -> None:
    """Ctrl-C is the parent's to handle: it stops the pool and exits with 130."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_range(bounds: tuple[int, int]) -> list[tuple[str, bytes, str, str]]:
    assert _renderer is not None
    out = []
    for bulletin in _bulletins[bounds[0] : bounds[1]]:
        r = _renderer.render(bulletin)
        out.append((r.output_path, r.html, r.body, r.description))
    return out
