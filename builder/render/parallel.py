"""Bulletin pages rendered on every core: forked workers that inherit the renderer.

Workers are given index ranges into ``archive.bulletins`` (the archive, templates and
Markdown instance come with the fork, nothing big is pickled) and send back each page's
texts; given a spool folder, they write each page and body into it and the parent keeps
only where (13 KB of page and 9 KB of body a bulletin held until the end of the build
otherwise: 265 MB at 10,000 bulletins), else they send the bytes and texts back.
Rendering a page is a pure function of the bulletin, so the pages are the same bytes in
whichever process they are made. Small sites stay in one process: starting workers costs
more than it saves below a few hundred pages.

A worker renders at most :data:`CHUNK` pages and exits; the next slice goes to a new fork.
A worker's memory grows as it renders even though it makes nothing to keep: reading an
inherited object writes its reference count, which copies the parent's page holding it.
Two workers that each rendered half of 100,000 bulletins had copied about 1 GB each; a
fresh fork starts again from sharing everything.
"""

from __future__ import annotations

import functools
import os
import select
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from builder.content.model import Bulletin
from builder.core.background import Forked
from builder.output.writer import Spooled, spool_file
from builder.render.bulletin import BulletinPages, RenderedBulletin
from builder.render.export import record_chunk
from builder.render.spooled import TextRef, TextWriter

PARALLEL_MIN = 200  # bulletins; below this one process is faster
CHUNK = 4000  # bulletins a worker renders before it exits (see the module's docstring)


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
    spool: Path | None = None,
    records: Path | None = None,
) -> list[RenderedBulletin]:
    """Every bulletin's page, in ``bulletins`` order; in parallel when it pays.

    Given ``records`` (a folder, with ``spool``), each process also writes the export's
    record of each bulletin it renders (:func:`builder.render.export.record_chunk`, at the
    bulletin's index in ``bulletins``) into a file of that folder named by its slice's
    start, so that the files in name order hold the records in order: the export is then
    joined from them instead of made in a forked child that copied the parent's memory as
    it read every bulletin (600 MB at 100,000 bulletins).

    Plain forked children (:class:`builder.core.background.Forked`, one pipe each) rather than
    ``multiprocessing.Pool``: the pool's helper threads could hang the build on Ctrl-C. A
    worker renders one contiguous slice and writes its pages down its pipe; if the build
    stops, the workers are killed. Slices are taken by as many workers as there are
    cores, each a new fork (:data:`CHUNK`), and their pages put back in order at the end.
    """
    workers = worker_count() if workers is None else workers
    total = len(bulletins)
    if workers < 2 or total < PARALLEL_MIN or not hasattr(os, "fork"):
        return _serial(renderer, bulletins, progress)
    if spool is not None:  # a folder of this call's own: a second render of the site may follow
        spool = Path(tempfile.mkdtemp(prefix="pages-", dir=spool))
    # the first page in this process: templates compiled and modules imported before forking
    rendered = [renderer.render(bulletins[0])]
    if records is not None:
        first = rendered[0]
        body = first.body if isinstance(first.body, str) else first.body.read()
        (records / _part(0)).write_bytes(record_chunk(first.bulletin, renderer.config, body, 0))
    rounds = -(-(total - 1) // (workers * CHUNK))  # every worker gets as many slices
    size = -(-(total - 1) // (workers * rounds))
    slices = [(start, min(start + size, total)) for start in range(1, total, size)]
    done: dict[int, list[tuple[str, bytes | Spooled, str | TextRef, str]]] = {}
    running: dict[Forked[list[tuple[str, bytes | Spooled, str | TextRef, str]]], int] = {}
    todo = list(reversed(slices))
    try:
        while todo or running:
            while todo and len(running) < workers:
                start, stop = todo.pop()
                job = functools.partial(
                    _render_slice, renderer, bulletins, start, stop, spool, records
                )
                running[Forked(job)] = start
            ready, _, _ = select.select(list(running), [], [])
            for child in ready:
                done[running.pop(child)] = child.result()
                if progress is not None:
                    progress(len(rendered) + sum(map(len, done.values())), total)
    finally:
        for child in running:
            child.cancel()
    for start, _stop in slices:
        for offset, (path, html, body, description) in enumerate(done.pop(start)):
            bulletin = bulletins[start + offset]
            rendered.append(RenderedBulletin(bulletin, path, html, body, description))
    return rendered


def _render_slice(
    renderer: BulletinPages,
    bulletins: Sequence[Bulletin],
    start: int,
    stop: int,
    spool: Path | None,
    records: Path | None = None,
) -> list[tuple[str, bytes | Spooled, str | TextRef, str]]:
    """In a worker: the pages of ``bulletins[start:stop]`` as plain tuples for the pipe.
    With a spool folder, each page is written into it and the bodies into one file of this
    worker's, and only where they are is sent."""
    pages: list[tuple[str, bytes | Spooled, str | TextRef, str]] = []
    if spool is None:
        for bulletin in bulletins[start:stop]:
            r = renderer.render(bulletin)
            pages.append((r.output_path, r.html, r.body, r.description))
        return pages
    texts = TextWriter(spool / f"bodies-{start}")
    chunks = open(records / _part(start), "xb") if records is not None else None  # noqa: SIM115
    try:
        for index in range(start, stop):
            r = renderer.render(bulletins[index])
            page = spool_file(spool, r.output_path, r.html) if isinstance(r.html, bytes) else r.html
            pages.append((r.output_path, page, texts.write(r.body), r.description))
            if chunks is not None:
                chunks.write(record_chunk(r.bulletin, renderer.config, r.body, index))
    finally:
        texts.close()
        if chunks is not None:
            chunks.close()
    return pages


def _part(start: int) -> str:
    return f"records-{start:09d}"


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
