"""The search step of a build: which shards to index, Pagefind started early on the
bulletin pages of a large site (while the listings, feeds and export are made), and the
indexing that runs while the pages are written."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from builder.build.manifest import reusable_shards, search_key
from builder.cache.store import BuildCache
from builder.core.background import Threaded
from builder.core.settings import SiteConfig
from builder.core.timing import Timer
from builder.render.incremental import Reuse, known_documents
from builder.render.parallel import PARALLEL_MIN
from builder.search.index import (
    BODY_MARK,
    BUNDLE_DIR,
    EarlyIndex,
    SearchStats,
    Shard,
    index_site,
    plan_shards,
)


class SearchStep:
    """One build's search index, or none when ``enabled`` is false. :meth:`close` stops
    whatever Pagefind still runs: call it whatever happens."""

    def __init__(
        self, enabled: bool, config: SiteConfig, out: Path, cache: BuildCache, timed: Timer
    ) -> None:
        self.enabled, self.config, self.out, self.cache = enabled, config, out, cache
        self.timed = timed
        self.early: EarlyIndex | None = None
        self._early_plan: list[Shard] = []
        self._early_pages: set[str] = set()

    def start_early(self, pages: Mapping[str, bytes]) -> None:
        """Start Pagefind on the bulletin pages of a large site while the rest is made."""
        if not self.enabled or self.early is not None or len(pages) < PARALLEL_MIN:
            return
        with self.timed("search"):
            shards = self._plan(pages, hold=False)
            digests = {shard.name: shard.digest for shard in shards}
            old = reusable_shards(self.cache.manifest(), digests, self.out)
            todo = [shard for shard in shards if shard.name not in old]
            if todo:
                with contextlib.suppress(OSError):  # then indexed after the writing
                    self.early = EarlyIndex(self.out, todo, self.config.language, pages)
            self._early_plan = shards
            self._early_pages = set(pages)

    def plan(
        self, files: Mapping[str, bytes], reuse: Reuse | None, keys: Mapping[str, str]
    ) -> list[Shard]:
        """The shards of the site made of ``files``; the early plan when the bulletin
        pages it was made from are all that is indexed."""
        if not self.enabled:
            return []
        if self._early_plan and not _marked(files, self._early_pages):
            return self._early_plan
        return self._plan(files, known_documents(reuse, keys))

    def replan(self, files: Mapping[str, bytes]) -> list[Shard]:
        """The shards of a site rendered again from nothing."""
        return self._plan(files) if self.enabled else []

    def _plan(
        self,
        files: Mapping[str, bytes],
        planned: Mapping[str, tuple[str, str]] | None = None,
        hold: bool = True,
    ) -> list[Shard]:
        """The shards; without ``hold``, their documents are made again from the pages
        when staged (all of them at once were 900 MB at 100,000 bulletins)."""
        key = search_key(self.config)
        pages = self.config.search_shard_pages
        return plan_shards(files, key, planned, shard_pages=pages, hold=hold)

    def start(
        self,
        temp: Path,
        shards: list[Shard],
        previous: Mapping[str, object],
        pages: Mapping[str, bytes],
        cancel: threading.Event,
    ) -> Threaded[SearchStats] | None:
        """Index ``shards`` into ``temp`` in a thread (Pagefind runs while the pages are
        written: it reads ``pages``), taking from the old output what did not change."""
        if not self.enabled:
            return None
        digests = {shard.name: shard.digest for shard in shards}
        reusable = reusable_shards(previous, digests, self.out)
        before = self.out / BUNDLE_DIR
        return Threaded(
            lambda: index_site(
                temp,
                self.config,
                shards,
                previous=before,
                reuse=reusable,
                pages=pages,
                early=self.early,
                cancel=cancel,
            )
        )

    def close(self) -> None:
        if self.early is not None:
            self.early.close()


def _marked(files: Mapping[str, bytes], besides: set[str]) -> bool:
    """Whether a page of ``files`` other than ``besides`` is one the search indexes."""
    return any(
        path.endswith(".html") and BODY_MARK in files[path] for path in files if path not in besides
    )


def search_memo(
    shards: Iterable[Shard], files: Iterable[str], keys: Mapping[str, str]
) -> dict[str, tuple[str, str, str]]:
    """What :func:`~builder.render.incremental.known_documents` gives the next build:
    each keyed HTML page's year in the search plan ("" for a page the plan left out) and
    document digest."""
    memo = {path: (keys[path], "", "") for path in files if path.endswith(".html") and path in keys}
    for shard in shards:
        for (path, _), year, document in zip(
            shard.pages, shard.years, shard.documents, strict=True
        ):
            if path in keys:
                memo[path] = (keys[path], year, document)
    return memo
