"""The search index: Pagefind over the bulletin pages, in shards of consecutive years.

Layout of ``<site>/pagefind/``::

    pagefind.js        Pagefind's JS API, the one file the search page imports
    shards.json        {"first": 3, "ranking": {...}, "shards": [{"name": "2025", "pages": 684},
                       ..., {"name": "2011-2013", ...}]}
    2025/ 2024/ ...    one Pagefind bundle per shard: a year, or a run of consecutive years
    2011-2013/         ("sin-fecha" for the undated bulletins, sort key 0000-00-00, which
                       belong to the oldest shard: "2011-2013-sin-fecha", or alone)

Shards are made from the oldest year up: consecutive years (the undated bulletins count as
the oldest) join one shard until it holds at least ``search_shard_pages`` pages (site.yaml,
default :data:`DEFAULT_SHARD_PAGES`). A large archive thus gets one shard per year, and a
small one few shards, so its first search downloads little (each shard costs its entry,
metadata, filter files and an index chunk). Counting from the oldest keeps the boundaries
where they were as new bulletins arrive: only the newest shard grows, then closes.

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
indexed at once.

Why the bundled binary and not ``PagefindIndex.add_directory``: both run the same
executable from the ``pagefind-bin`` package. Measured on 1,000 generated bulletin pages
(2 cores, pagefind 1.5.2): the binary took 1.8-1.9 s, the Python API 2.5-2.6 s (its service
answers through a 0.1 s polling loop and writes the bundle slower), and 2.9-4.2 s used as an
``async with`` block around an explicit ``write_files``, which writes the bundle twice.
``tests/search/bench_indexing.py`` repeats the comparison.

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

import atexit
import contextlib
import functools
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from builder.cache.store import link_tree
from builder.core.errors import BoletinesError, error
from builder.core.settings import SiteConfig
from builder.output.writer import INDEX_PREFIX
from builder.search.bundle import stabilise

BUNDLE_DIR = "pagefind"
MANIFEST = "shards.json"
RUNTIME = "pagefind.js"
UNDATED_SHARD = "sin-fecha"
BODY_MARK = b"data-pagefind-body"
STAGING_DIR = ".pagefind-staging"
# How long a Pagefind run may take before it is killed as stuck: Pagefind indexed 1,000
# bulletin pages in 1.8-1.9 s here (see above), and hangs instead of failing on some
# output it cannot write; the allowance is some fifty times that, plus two minutes.
TIMEOUT_BASE_SECONDS = 120.0
TIMEOUT_SECONDS_PER_PAGE = 0.1
MAX_PARALLEL = 2
# Pages a shard gathers before it closes: with about 650 bulletins a year (10,000 over 15
# years) every year is a shard; with 65 a year (1,000 over 15) the archive is two shards.
DEFAULT_SHARD_PAGES = SiteConfig.search_shard_pages
_ERROR_LINES = 6
# The ranking settings every shard is searched with (Pagefind's ``ranking`` option, its
# documented defaults written out): the search page passes them to the first shard and to
# every merged one, since a merged index does not take the primary's (Pagefind issue #796).
# What the shards a first search opens may weigh, as counted by first_search_cost: each
# shard of one year of the bench corpus (about 650 bulletins) costs 50-60 KB, mostly its
# largest index chunk (up to 44 KB), so 10,000 bulletins open their three newest years; the
# rest of a first search (Pagefind's JS, worker and WebAssembly, the page's own script and
# style, ten result fragments) is about 200 KB.
FIRST_SEARCH_BYTES = 200 * 1024
RANKING = {"pageLength": 0.75, "termFrequency": 1.0, "termSaturation": 1.4, "termSimilarity": 1.0}
# The year of the date sort key that theme/templates/partials/search_meta.html writes.
_SORT_YEAR = re.compile(rb'data-pagefind-sort="date:(\d{4})-')
_TAG_NAME = re.compile(rb"[A-Za-z][A-Za-z0-9-]*")
_DOCUMENT = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n%b\n</body></html>\n'
)
# What a shard keeps of Pagefind's output besides the WebAssembly modules of its languages;
# the rest is Pagefind's Default UI, which the search page does not use.
_SHARD_FILES = re.compile(r"pagefind-entry\.json|pagefind\..+\.pf_meta|pagefind-worker\.js")
_SHARD_DIRS = ("index", "fragment", "filter")


@dataclass(frozen=True)
class Shard:
    """The bulletin pages of a run of consecutive years (the undated ones count as the
    oldest), and a digest of them."""

    name: str
    # (path in the site, document Pagefind reads); None: read it from the site folder
    pages: tuple[tuple[str, bytes | None], ...]
    digest: str
    documents: tuple[str, ...] = ()  # SHA-256 (hex) of each page's document, in order
    years: tuple[str, ...] = ()  # each page's year (shard_of), in order


@dataclass(frozen=True)
class SearchStats:
    """What indexing did, for the build summary and the benchmark."""

    pages: int
    seconds: float
    bundle_dir: Path
    bundle_bytes: int
    shards: tuple[str, ...] = ()
    indexed: tuple[str, ...] = field(default=())  # shards Pagefind ran on; the rest reused


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

    def ended(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running.discard(process)

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


def shard_of(page: bytes) -> str:
    """The shard of a bulletin page: the year of its date sort key, or the undated shard."""
    match = _SORT_YEAR.search(page)
    if match is None or match.group(1) == b"0000":
        return UNDATED_SHARD
    return match.group(1).decode("ascii")


def indexed_document(page: bytes) -> bytes:
    """What Pagefind is given for a page: its ``data-pagefind-body`` elements, in a minimal
    HTML document (the whole page if an element's end cannot be found)."""
    parts = []
    position = 0
    while (found := page.find(BODY_MARK, position)) >= 0:
        position = found + len(BODY_MARK)
        start = page.rfind(b"<", 0, found)
        name = _TAG_NAME.match(page, start + 1) if start >= 0 else None
        if name is None or page.find(b">", start, found) >= 0:
            continue  # the words in text, not an attribute
        depth = 0
        for tag in _tags(name.group()).finditer(page, start):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                position = page.find(b">", tag.start()) + 1
                parts.append(page[start:position])
                break
        else:
            return page
    return _DOCUMENT % b"\n".join(parts) if parts else page


@functools.lru_cache(maxsize=16)
def _tags(name: bytes) -> re.Pattern[bytes]:
    """Start and end tags of the element ``name``."""
    return re.compile(rb"<(/?)" + re.escape(name) + rb"[\s/>]", re.IGNORECASE)


def _order(year: str) -> tuple[int, int]:
    """Newest year first, the undated bulletins last."""
    return (0, -int(year)) if year.isdigit() else (1, 0)


def group_years(sizes: Mapping[str, int], shard_pages: int) -> list[list[str]]:
    """Runs of consecutive years (``shard_of`` names, with their page counts), newest run
    first and each newest year first: from the oldest up, a run closes once it holds at
    least ``shard_pages`` pages."""
    runs: list[list[str]] = []
    run: list[str] = []
    pages = 0
    for year in sorted(sizes, key=_order, reverse=True):  # oldest (undated) first
        run.insert(0, year)
        pages += sizes[year]
        if pages >= shard_pages:
            runs.insert(0, run)
            run, pages = [], 0
    if run:
        runs.insert(0, run)
    return runs


def shard_name(years: list[str]) -> str:
    """A shard's folder: its year, "oldest-newest" for a run, "-sin-fecha" added when it
    holds the undated bulletins ("sin-fecha" alone when it holds nothing else)."""
    dated = [year for year in years if year != UNDATED_SHARD]
    name = dated[-1] if len(dated) == 1 else f"{dated[-1]}-{dated[0]}" if dated else ""
    if UNDATED_SHARD in years:
        name = f"{name}-{UNDATED_SHARD}" if name else UNDATED_SHARD
    return name


def plan_shards(
    files: Mapping[str, bytes],
    key: str = "",
    known: Mapping[str, tuple[str, str]] | None = None,
    *,
    shard_pages: int = DEFAULT_SHARD_PAGES,
) -> list[Shard]:
    """The shards of the bulletin pages among ``files`` (site path -> bytes), newest first.

    A page is a bulletin page when it carries the search mark; its year is that of its
    date sort key, and years are grouped into shards by :func:`group_years`. ``key`` enters
    every digest: whatever else the index depends on (language, Pagefind and builder
    versions). ``known`` gives, for pages whose bytes are those of a page planned before,
    what that plan found: its year ("" when not indexed) and its document's SHA-256 (hex).
    Those pages are not read here; if their shard is indexed, the staging reads their
    document from the site folder.
    """
    groups: dict[str, list[tuple[str, bytes | None, bytes]]] = {}
    for path in sorted(files):
        if not path.endswith(".html"):
            continue
        hit = known.get(path) if known else None
        if hit is not None:
            if hit[0]:
                groups.setdefault(hit[0], []).append((path, None, bytes.fromhex(hit[1])))
            continue
        page = files[path]
        if BODY_MARK in page:
            document = indexed_document(page)
            entry = (path, document, hashlib.sha256(document).digest())
            groups.setdefault(shard_of(document), []).append(entry)
    shards = []
    for years in group_years({year: len(pages) for year, pages in groups.items()}, shard_pages):
        name = shard_name(years)
        members = [(year, entry) for year in years for entry in groups[year]]
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass") + b"\0" + name.encode())
        for _year, (path, _document, document_digest) in members:
            digest.update(b"\0" + path.encode("utf-8", "surrogatepass") + b"\0")
            digest.update(document_digest)
        pages = tuple((path, document) for _, (path, document, _) in members)
        documents = tuple(d.hex() for _, (_, _, d) in members)
        shards.append(
            Shard(name, pages, digest.hexdigest(), documents, tuple(y for y, _ in members))
        )
    return shards


def site_pages(site_dir: Path) -> dict[str, bytes]:
    """The HTML pages of a finished site folder (outside ``pagefind/``), by relative path."""
    pages = {}
    for page in sorted(site_dir.rglob("*.html")):
        relative = page.relative_to(site_dir)
        if relative.parts[0] not in (BUNDLE_DIR, STAGING_DIR):
            pages[relative.as_posix()] = page.read_bytes()
    return pages


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
    counts = []
    first, spent = 0, 0
    for shard in shards:
        pages = indexed_pages(bundle / shard.name)
        if pages is None:
            entry = bundle / shard.name / "pagefind-entry.json"
            raise _failure(site_dir, f"{entry} missing or unreadable")
        counts.append({"name": shard.name, "pages": pages})
        spent += first_search_cost(bundle / shard.name)
        if first == len(counts) - 1 and (spent <= FIRST_SEARCH_BYTES or not first):
            first += 1
    manifest = json.dumps(
        {"first": first, "ranking": RANKING, "shards": counts}, ensure_ascii=False, sort_keys=True
    )
    (bundle / MANIFEST).write_text(manifest + "\n", encoding="utf-8")
    size = _folder_bytes(bundle)
    return SearchStats(
        sum(c["pages"] for c in counts),
        time.perf_counter() - started,
        bundle,
        size,
        tuple(s.name for s in shards),
        tuple(s.name for s in todo),
    )


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


class EarlyIndex:
    """Pagefind started on the shards as soon as the bulletin pages are rendered, while the
    build goes on with the listings, feeds, export and writing: Pagefind is most of a build
    with search, and the rest of the build then runs beside it instead of before it.

    The shards are split into ``MAX_PARALLEL`` lanes of about as many pages each, every
    lane one ``sh`` running its shards' Pagefind one after the other, in a session of its
    own: nothing here has to poll to start the next shard, and the terminal's Ctrl-C goes
    to the build alone. The work happens in a folder beside the output (``INDEX_PREFIX``
    and this process's id: :func:`builder.output.writer.clear_leftovers` removes it once this
    process is gone); :meth:`take` moves finished shards into the site's bundle.
    :meth:`close` kills the lanes and removes the folder: call it whatever happens, so a
    failed or interrupted build leaves no Pagefind running.
    """

    def __init__(self, out: Path, shards: list[Shard], language: str) -> None:
        self.shards = {shard.name: shard.digest for shard in shards}
        self.timeout = timeout_for(sum(len(shard.pages) for shard in shards))
        out.parent.mkdir(parents=True, exist_ok=True)
        prefix = f"{INDEX_PREFIX}{out.name}-{os.getpid()}-"
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=out.parent)).resolve()
        self._lanes: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []
        self._problem: str | None = None
        try:
            self._start(shards, language)
        except BaseException:
            self.close()
            raise

    def _start(self, shards: list[Shard], language: str) -> None:
        try:
            executable = str(pagefind_executable())
        except (OSError, ImportError) as exc:
            self._problem = str(exc)
            return
        lanes: list[list[Shard]] = [[] for _ in range(max(1, min(MAX_PARALLEL, len(shards))))]
        sizes = [0] * len(lanes)
        for shard in sorted(shards, key=lambda s: -len(s.pages)):  # the biggest first
            lane = sizes.index(min(sizes))
            lanes[lane].append(shard)
            sizes[lane] += len(shard.pages)
        for lane in lanes:
            steps = []
            for shard in lane:
                folder = self.folder / "staging" / shard.name
                for path, document in shard.pages:
                    if document is None:
                        raise ValueError("an early index needs every document in memory")
                    target = folder / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(document)
                command = [
                    executable,
                    "--site",
                    str(folder),
                    "--output-path",
                    str(self.folder / BUNDLE_DIR / shard.name),
                    "--force-language",
                    language,
                    "--silent",
                ]
                # in the staging folder: Pagefind reads a pagefind.yml from where it runs
                steps.append(f"cd {shlex.quote(str(folder))} && {shlex.join(command)} || exit $?")
            log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
            try:
                process = CHILDREN.start(
                    ["sh", "-c", "\n".join(steps)],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                )
            except OSError as exc:
                log.close()
                self._problem = str(exc)
                return
            self._lanes.append((process, log))

    def started(self, shard: Shard) -> bool:
        """Whether this index was started on exactly ``shard``'s pages."""
        return self.shards.get(shard.name) == shard.digest

    def take(self, shards: list[Shard], bundle: Path, site_dir: Path) -> list[str]:
        """Wait for Pagefind, then move the bundles of ``shards`` into ``bundle``; their names."""
        if not shards:
            return []
        if self._problem is not None:
            raise _failure(site_dir, self._problem)
        deadline = time.monotonic() + self.timeout
        for process, log in self._lanes:
            try:
                returncode = process.wait(timeout=max(deadline - time.monotonic(), 0.001))
            except subprocess.TimeoutExpired:
                self.close()
                raise _failure(site_dir, f"timed out after {self.timeout:.0f} s") from None
            if returncode != 0:
                log.seek(0)
                detail = _last_lines(log.read().decode("utf-8", "replace"), returncode)
                raise _failure(site_dir, detail)
        for shard in shards:
            os.replace(self.folder / BUNDLE_DIR / shard.name, bundle / shard.name)
        return [shard.name for shard in shards]

    def close(self) -> None:
        """Stop whatever still runs and remove the folder; safe to call more than once."""
        for process, log in self._lanes:
            CHILDREN.kill(process)
            log.close()
        self._lanes = []
        shutil.rmtree(self.folder, ignore_errors=True)


def _link_previous(
    shards: list[Shard], bundle: Path, previous: Path | None, reuse: Collection[str]
) -> set[str]:
    """Hard-link the reusable shards (and the JS API) from the previous bundle."""
    if previous is None or not reuse or not (previous / RUNTIME).is_file():
        return set()
    if not _link_file(previous / RUNTIME, bundle / RUNTIME):
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
    failed while this ran in a thread), or when anything raises here."""
    if not todo:
        return
    try:
        executable = str(pagefind_executable())
    except (OSError, ImportError) as exc:
        raise _failure(site_dir, str(exc)) from exc
    waiting = sorted(todo, key=lambda s: -len(s.pages))  # the biggest first: even finish
    running: list[tuple[subprocess.Popen[bytes], IO[bytes], float, float]] = []
    parallel = max(1, min(MAX_PARALLEL, os.cpu_count() or 1))
    try:
        while waiting or running:
            while waiting and len(running) < parallel:
                shard = waiting.pop(0)
                folder = _stage(shard, site_dir, staging / shard.name, pages)
                command = [
                    executable,
                    "--site",
                    str(folder.resolve()),
                    "--output-path",
                    str((bundle / shard.name).resolve()),
                    "--force-language",
                    language,
                    "--silent",
                ]
                log = tempfile.TemporaryFile()  # noqa: SIM115 (closed when the run ends)
                try:
                    # Run in the staging folder: Pagefind reads a pagefind.yml from its working
                    # directory, and the index must depend on the pages alone.
                    process = CHILDREN.start(
                        command,
                        cwd=folder.resolve(),
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=log,
                    )
                except OSError as exc:
                    log.close()
                    raise _failure(site_dir, str(exc)) from exc
                limit = timeout_for(len(shard.pages))
                running.append((process, log, time.monotonic(), limit))
            process, log, since, limit = running[0]
            try:
                returncode = process.wait(timeout=0.02)
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel.is_set():
                    raise _failure(site_dir, "interrupted") from None
                if time.monotonic() - since > limit:
                    raise _failure(site_dir, f"timed out after {limit:.0f} s") from None
                running.append(running.pop(0))  # look at the next one
                continue
            running.pop(0)
            CHILDREN.ended(process)
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
            log.close()
            if returncode != 0:
                raise _failure(site_dir, _last_lines(output, returncode))
    finally:
        for process, log, _, _ in running:
            CHILDREN.kill(process)
            log.close()


def _stage(
    shard: Shard, site_dir: Path, folder: Path, pages: Mapping[str, bytes] | None = None
) -> Path:
    """A folder with the documents of the shard's pages, at the pages' paths in the site."""
    try:
        for path, document in shard.pages:
            if document is None:  # planned from an earlier build's reading of the page
                page = pages[path] if pages is not None else (site_dir / path).read_bytes()
                document = indexed_document(page)
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(document)
    except OSError as exc:
        raise _failure(site_dir, f"cannot stage the pages to index: {exc}") from exc
    return folder


def _finish_shard(shard_dir: Path, bundle: Path, site_dir: Path) -> None:
    """Make a fresh shard canonical and small; keep one copy of the JS API at the top."""
    try:
        stabilise(shard_dir)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise _failure(site_dir, f"unexpected Pagefind bundle in {shard_dir}: {exc!r}") from exc
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


def _link_file(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except OSError:
        try:
            shutil.copy2(source, target)
        except OSError:
            return False
    return True


def _last_lines(output: str, returncode: int) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    detail = " ".join(lines[-_ERROR_LINES:])
    return detail or f"exit status {returncode}"


def _failure(site_dir: Path, detail: str) -> BoletinesError:
    return BoletinesError([error(str(site_dir), None, "search.failed", detail=detail)])
