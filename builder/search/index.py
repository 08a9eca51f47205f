"""The search index: Pagefind over the bulletin pages, in shards of consecutive years.

Layout of ``<site>/pagefind/``::

    pagefind.js        Pagefind's JS API, the one file the search page imports
    shards.json        {"first": 3, "ranking": {...}, "shards": [{"name": "2025", "pages": 684},
                       ..., {"name": "2011-2013", ...}]}
    2025/ 2024/ ...    one Pagefind bundle per shard: a year, or a run of consecutive years
    2011-2013/         ("sin-fecha" for the undated bulletins, sort key 0000-00-00, which
                       belong to the oldest shard: "2011-2013-sin-fecha", or alone)

The build steps: :mod:`builder.search.plan` decides which pages go in which shard (runs of
consecutive years, from the oldest up), :mod:`builder.search.pagefind` runs Pagefind over
one shard, :class:`builder.search.early.EarlyIndex` starts the runs while the site is still
being written, and this module puts the bundle together: shards reused from the previous
output, the others indexed, each made canonical, and ``shards.json``.

Each shard is a whole Pagefind bundle (``pagefind-entry.json``, ``pagefind.<lang>_<hash>
.pf_meta``, ``index/``, ``fragment/``, ``filter/``, plus ``pagefind-worker.js`` and the
WebAssembly module, which the page takes from whichever shard it loads first) without
Pagefind's Default UI files, which the search page does not use. ``theme/static/search.js``
loads the first (newest) shard and merges the others with ``mergeIndex``, each tagged with
a synthetic ``shard`` filter so that a date-sorted search can ask one shard at a time:
shards are runs of consecutive years, so newest shard first, each in its own date order, is
the date order of the whole archive (Pagefind's own merged search orders everything by score).

Why shards: a Pagefind run costs memory in proportion to the pages it indexes (3.3 GB for
10,000 bulletins in one run, about 0.2 GB for one year of 650), and a shard whose pages did
not change is taken from the previous output (hard links) instead of being indexed again,
so editing or adding one bulletin re-indexes one shard. Each shard is indexed from a
staging folder holding, at the pages' own paths (so the URLs are the site's), a minimal
document per bulletin page: just its ``data-pagefind-body`` element, which holds all that
Pagefind takes from the page (text, metadata, filters, sort key). Pagefind then neither
parses the listing pages nor the navigation, and the digest that decides whether a shard
is reused covers exactly what is indexed: a bulletin whose neighbours or related list
changed (around an added bulletin, say) does not re-index its year. Up to two shards are
indexed at once (:data:`builder.search.pagefind.MAX_PARALLEL`).

A first search opens only the newest shards, ``first`` of them in ``shards.json``: as many
as fit :data:`FIRST_SEARCH_BYTES` with what Pagefind fetches of each to run a query
(:func:`first_search_cost`), at least one. The search page opens the others when the
reader asks for the whole archive, for more results than the newest shards hold, for a year
they do not hold, or when they hold fewer than a page of results.

One ranking: Pagefind applies ranking settings only to the index they are given to, and a
merged index given none keeps Pagefind's built-in weights whatever the primary index uses
(Pagefind issue #796). ``shards.json`` therefore carries :data:`RANKING`, which the search
page gives to every shard alike, and ``bench/ranking.py`` gives to the one plain index it
compares the shards with.

Pagefind's filter index comes out in a different order on every run;
:func:`builder.search.bundle.stabilise` rewrites it so the same pages give the same shard.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from builder.core.settings import SiteConfig
from builder.output.writer import link_or_copy, link_tree
from builder.search import pagefind
from builder.search.bundle import stabilise
from builder.search.early import EarlyIndex
from builder.search.pagefind import CHILDREN, pagefind_executable, timeout_for
from builder.search.plan import (
    BODY_MARK,
    BUNDLE_DIR,
    DEFAULT_SHARD_PAGES,
    STAGING_DIR,
    UNDATED_SHARD,
    Shard,
    group_years,
    indexed_document,
    plan_shards,
    shard_name,
    shard_of,
    site_pages,
    stage,
)

# The names the build, the preview and the tests take from here, wherever they are defined.
__all__ = [
    "BODY_MARK",
    "BUNDLE_DIR",
    "CHILDREN",
    "DEFAULT_SHARD_PAGES",
    "FIRST_SEARCH_BYTES",
    "MANIFEST",
    "RANKING",
    "RUNTIME",
    "STAGING_DIR",
    "UNDATED_SHARD",
    "EarlyIndex",
    "SearchStats",
    "Shard",
    "first_search_cost",
    "group_years",
    "index_site",
    "indexed_document",
    "indexed_pages",
    "pagefind_executable",
    "plan_shards",
    "shard_name",
    "shard_of",
    "site_pages",
    "timeout_for",
    "write_manifest",
]

MANIFEST = "shards.json"
RUNTIME = "pagefind.js"  # Pagefind's JS API, one copy at the top of the bundle

# What the shards a first search opens may weigh, as counted by first_search_cost: each
# shard of one year of the bench corpus (about 650 bulletins) costs 50-60 KB, mostly its
# largest index chunk (up to 44 KB), so 10,000 bulletins open their three newest years; the
# rest of a first search (Pagefind's JS, worker and WebAssembly, the page's own script and
# style, ten result fragments) is about 200 KB: 382 KB in all, measured. At 100,000 (about
# 6,600 bulletins a year) the newest year alone costs 365 KB, so it is opened alone: 569 KB.
FIRST_SEARCH_BYTES = 200 * 1024
# The ranking settings every shard is searched with (Pagefind's ``ranking`` option, its
# documented defaults written out): the search page passes them to the first shard and to
# every merged one, since a merged index does not take the primary's (Pagefind issue #796).
RANKING = {"pageLength": 0.75, "termFrequency": 1.0, "termSaturation": 1.4, "termSimilarity": 1.0}
# What a shard keeps of Pagefind's output besides the WebAssembly modules of its languages;
# the rest is Pagefind's Default UI, which the search page does not use.
_SHARD_FILES = re.compile(r"pagefind-entry\.json|pagefind\..+\.pf_meta|pagefind-worker\.js")
_SHARD_DIRS = ("index", "fragment", "filter")


@dataclass(frozen=True)
class SearchStats:
    """What indexing did, for the build summary and the benchmark."""

    pages: int
    seconds: float
    bundle_dir: Path
    bundle_bytes: int
    shards: tuple[str, ...] = ()
    indexed: tuple[str, ...] = field(default=())  # shards Pagefind ran on; the rest reused


def index_site(
    site_dir: Path,
    config: SiteConfig,
    shards: list[Shard] | None = None,
    *,
    previous: Path | None = None,
    reuse: Collection[str] = (),
    pages: Mapping[str, bytes] | None = None,
    early: EarlyIndex | None = None,
    cancel: threading.Event | None = None,
) -> SearchStats:
    """Index the bulletin pages under ``site_dir`` (a finished site) into ``site_dir/pagefind``.

    ``shards`` is the plan (:func:`plan_shards` of the site's files; read from the folder
    when not given). Documents the plan left unread come from ``pages`` (the site's files)
    when given, so indexing may run while the pages are still being written. The shards
    named in ``reuse`` are hard-linked from the bundle folder ``previous`` when it holds
    them; the others are indexed, or taken from ``early`` when it was started on exactly
    their pages. Raises :class:`BoletinesError` (code ``search.failed``)
    when Pagefind cannot run or fails, so the build stops before the old site is replaced;
    setting ``cancel`` (from another thread) stops Pagefind and raises it too.
    """
    started = time.perf_counter()
    bundle = site_dir / BUNDLE_DIR
    if shards is None:
        shards = plan_shards(
            site_pages(site_dir), config.language, shard_pages=config.search_shard_pages
        )
    if not shards:
        return SearchStats(0, time.perf_counter() - started, bundle, 0)
    bundle.mkdir(parents=True, exist_ok=True)
    reused = _link_previous(shards, bundle, previous, reuse)
    todo = [s for s in shards if s.name not in reused]
    taken = early.take([s for s in todo if early.started(s)], bundle, site_dir) if early else []
    staging = site_dir / STAGING_DIR
    try:
        rest = [s for s in todo if s.name not in taken]
        _run_pagefind(rest, site_dir, staging, bundle, config.language, pages, cancel)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for shard in todo:
        _finish_shard(bundle / shard.name, bundle, site_dir)
    total = write_manifest(bundle, shards, site_dir)
    size = _folder_bytes(bundle)
    return SearchStats(
        total,
        time.perf_counter() - started,
        bundle,
        size,
        tuple(s.name for s in shards),
        tuple(s.name for s in todo),
    )


def write_manifest(bundle: Path, shards: list[Shard], site_dir: Path) -> int:
    """Write ``shards.json`` for the shard folders of ``bundle``, newest first; the pages
    they index. (The preview calls it too, after replacing the shards it indexed again.)"""
    counts = []
    first, spent = 0, 0
    for shard in shards:
        pages = indexed_pages(bundle / shard.name)
        if pages is None:
            entry = bundle / shard.name / "pagefind-entry.json"
            raise pagefind.failure(site_dir, f"{entry} missing or unreadable")
        counts.append({"name": shard.name, "pages": pages})
        spent += first_search_cost(bundle / shard.name)
        if first == len(counts) - 1 and (spent <= FIRST_SEARCH_BYTES or not first):
            first += 1
    manifest = json.dumps(
        {"first": first, "ranking": RANKING, "shards": counts}, ensure_ascii=False, sort_keys=True
    )
    (bundle / MANIFEST).write_text(manifest + "\n", encoding="utf-8")
    return sum(c["pages"] for c in counts)


def first_search_cost(shard_dir: Path) -> int:
    """Bytes a query fetches of one shard at most: its entry, its metadata, every filter file
    (the search page shows filter counts) and its largest index chunk (Pagefind fetches the
    chunk that holds each query word; the largest is the worst case)."""

    def sizes(pattern: str) -> list[int]:
        return [path.stat().st_size for path in shard_dir.glob(pattern)]

    return (
        sum(sizes("pagefind-entry.json"))
        + sum(sizes("pagefind.*.pf_meta"))
        + sum(sizes("filter/*.pf_filter"))
        + max(sizes("index/*.pf_index"), default=0)
    )


def _folder_bytes(folder: Path) -> int:
    """The size of the files below ``folder`` (some 10,000 at 10,000 pages: walked with
    strings, each stat'ed once, not as Paths asked is_file() and then stat())."""
    total = 0
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            st = os.lstat(os.path.join(dirpath, name))
            if stat.S_ISREG(st.st_mode):
                total += st.st_size
    return total


def _link_previous(
    shards: list[Shard], bundle: Path, previous: Path | None, reuse: Collection[str]
) -> set[str]:
    """Hard-link the reusable shards (and the JS API) from the previous bundle."""
    if previous is None or not reuse or not (previous / RUNTIME).is_file():
        return set()
    try:
        link_or_copy(previous / RUNTIME, bundle / RUNTIME)
    except OSError:
        return set()
    reused = set()
    for shard in shards:
        source = previous / shard.name
        if shard.name in reuse and source.is_dir() and link_tree(source, bundle / shard.name):
            reused.add(shard.name)
    if len(reused) < len(shards):
        (bundle / RUNTIME).unlink()  # a fresh run writes it again, from this Pagefind
    return reused


def _run_pagefind(
    todo: list[Shard],
    site_dir: Path,
    staging: Path,
    bundle: Path,
    language: str,
    pages: Mapping[str, bytes] | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Index each shard from its own staging folder, up to ``MAX_PARALLEL`` at a time.

    Each run is killed with its process group when it takes longer than
    :func:`timeout_for` its pages, when ``cancel`` is set (the build was interrupted or
    failed while this ran in a thread), when another run failed, or when anything raises
    here."""
    if not todo:
        return
    waiting = sorted(todo, key=lambda s: -len(s.pages))  # the biggest first: even finish
    stop = threading.Event()
    stops = (stop, cancel) if cancel is not None else (stop,)
    problems: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        while not stop.is_set():
            with lock:
                if not waiting:
                    return
                shard = waiting.pop(0)
            try:
                folder = _stage(shard, site_dir, staging / shard.name, pages)
                limit = timeout_for(len(shard.pages))
                pagefind.run(folder, bundle / shard.name, language, limit=limit, stops=stops)
            except pagefind.PagefindFailed as exc:
                problems.append(pagefind.failure(site_dir, exc.detail))
                stop.set()
            except BaseException as exc:  # handed to the build's thread, raised there
                problems.append(exc)
                stop.set()

    parallel = max(1, min(pagefind.MAX_PARALLEL, os.cpu_count() or 1, len(waiting)))
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(parallel)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():  # in short waits, so that a signal reaches the build
                thread.join(timeout=0.1)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    if problems:
        raise problems[0]


def _stage(
    shard: Shard, site_dir: Path, folder: Path, pages: Mapping[str, bytes] | None = None
) -> Path:
    """A folder with the documents of the shard's pages, at the pages' paths in the site."""

    def page(path: str) -> bytes:  # of a document the plan did not hold
        return pages[path] if pages is not None else (site_dir / path).read_bytes()

    try:
        stage(shard, folder, page)
    except OSError as exc:
        raise pagefind.failure(site_dir, f"cannot stage the pages to index: {exc}") from exc
    return folder


def _finish_shard(shard_dir: Path, bundle: Path, site_dir: Path) -> None:
    """Make a fresh shard canonical and small; keep one copy of the JS API at the top."""
    try:
        stabilise(shard_dir)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        detail = f"unexpected Pagefind bundle in {shard_dir}: {exc!r}"
        raise pagefind.failure(site_dir, detail) from exc
    runtime = shard_dir / RUNTIME
    if runtime.is_file() and not (bundle / RUNTIME).exists():
        os.replace(runtime, bundle / RUNTIME)
    languages = json.loads((shard_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
    wasm = {
        f"wasm.{info.get('wasm') or 'unknown'}.pagefind" for info in languages["languages"].values()
    }
    for entry in shard_dir.iterdir():
        if entry.is_dir():
            if entry.name not in _SHARD_DIRS:
                shutil.rmtree(entry)
        elif not (_SHARD_FILES.fullmatch(entry.name) or entry.name in wasm):
            entry.unlink()


def indexed_pages(bundle: Path) -> int | None:
    """Page count from ``pagefind-entry.json`` (summed over languages), None if absent."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(lang["page_count"]) for lang in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        return None
