"""Pagefind started on the shards as soon as the bulletin pages are rendered.

Pagefind is most of a build with search: started early, the rest of the build (listings,
feeds, export, writing) runs beside it instead of before it.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from builder.cache.store import trash_folder
from builder.output.writer import INDEX_PREFIX, discard_later
from builder.search import pagefind
from builder.search.plan import BUNDLE_DIR, Shard, stage


class EarlyIndex:
    """Pagefind over the shards of a build, started before the site is written.

    The shards are split into ``MAX_PARALLEL`` lanes of about as many pages each, every
    lane one thread running its shards' Pagefind one after the other (:func:`pagefind.run`,
    each in a process group of its own, so the terminal's Ctrl-C goes to the build alone).
    The work happens in a folder beside the output (``INDEX_PREFIX`` and this process's id:
    :func:`builder.output.writer.clear_leftovers` removes it once this process is gone);
    :meth:`take` moves finished shards into the site's bundle. A document the plan did not
    hold is made again from its page in ``pages``. :meth:`close` stops the
    lanes and removes the folder: call it whatever happens, so a failed or interrupted
    build leaves no Pagefind running.
    """

    def __init__(
        self, out: Path, shards: list[Shard], language: str, pages: Mapping[str, bytes]
    ) -> None:
        self.shards = {shard.name: shard.digest for shard in shards}
        out.parent.mkdir(parents=True, exist_ok=True)
        prefix = f"{INDEX_PREFIX}{out.name}-{os.getpid()}-"
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=out.parent)).resolve()
        self._stop = threading.Event()
        self._lanes: list[threading.Thread] = []
        self._problems: list[BaseException] = []  # what the lanes raised, in order
        try:
            self._start(shards, language, pages)
        except BaseException:
            self.close()
            raise

    def _start(self, shards: list[Shard], language: str, pages: Mapping[str, bytes]) -> None:
        lanes: list[list[Shard]] = [
            [] for _ in range(max(1, min(pagefind.MAX_PARALLEL, len(shards))))
        ]
        sizes = [0] * len(lanes)
        for shard in sorted(shards, key=lambda s: -len(s.pages)):  # the biggest first
            lane = sizes.index(min(sizes))
            lanes[lane].append(shard)
            sizes[lane] += len(shard.pages)
        for lane in lanes:
            for shard in lane:
                stage(shard, self.folder / "staging" / shard.name, pages.__getitem__)
        for lane in lanes:
            # A daemon: a build that dies without close() must not wait for it to exit
            # (its Pagefind is killed at exit by pagefind.CHILDREN).
            thread = threading.Thread(target=self._run_lane, args=(lane, language), daemon=True)
            thread.start()
            self._lanes.append(thread)

    def _run_lane(self, lane: list[Shard], language: str) -> None:
        for shard in lane:
            try:
                pagefind.run(
                    self.folder / "staging" / shard.name,
                    self.folder / BUNDLE_DIR / shard.name,
                    language,
                    limit=pagefind.timeout_for(len(shard.pages)),
                    stops=(self._stop,),
                )
            except BaseException as exc:  # raised by take(), in the build's thread
                self._problems.append(exc)
                self._stop.set()  # the index is unusable: the other lane need not go on
                return

    def started(self, shard: Shard) -> bool:
        """Whether this index was started on exactly ``shard``'s pages."""
        return self.shards.get(shard.name) == shard.digest

    def take(self, shards: list[Shard], bundle: Path, site_dir: Path) -> list[str]:
        """Wait for Pagefind, then move the bundles of ``shards`` into ``bundle``; their names."""
        if not shards:
            return []
        for thread in self._lanes:
            while thread.is_alive():  # in short waits, so that a signal reaches the build
                thread.join(timeout=0.1)
        if self._problems:
            problem = self._problems[0]
            if isinstance(problem, pagefind.PagefindFailed):
                raise pagefind.failure(site_dir, problem.detail) from problem
            raise problem
        for shard in shards:
            os.replace(self.folder / BUNDLE_DIR / shard.name, bundle / shard.name)
        return [shard.name for shard in shards]

    def close(self) -> None:
        """Stop whatever still runs and remove the folder; safe to call more than once.
        The folder holds a staged copy of every page indexed, a file each: it goes to the
        trash and is deleted in the background, as a replaced site is, so the build does
        not wait for the unlinks (3 s at 10,000 pages, measured)."""
        self._stop.set()
        for thread in self._lanes:
            thread.join()
        self._lanes = []
        if not self.folder.exists():
            return
        trash = trash_folder()
        discard_later(self.folder, trash if isinstance(trash, Path) else None)
