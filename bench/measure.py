"""Measuring one command: wall time, CPU time, peak memory, output size, search download.

Each run is a fresh child process reaped with ``os.wait4``, whose resource usage covers the
child and every descendant it waited for: ``ru_utime + ru_stime`` is the CPU time of the
whole tree and ``ru_maxrss`` the peak resident set of its largest single process. A thread
also polls ``/proc`` for ``VmHWM`` (each process's own high-water mark) of every
descendant, which catches helpers that are killed rather than reaped (Pagefind's service
behind its Python API, for one) and names the process that peaked.

The memory of the whole process tree is measured two ways at each poll:

- the sum of every live process's ``VmHWM`` (``tree_rss``). A forked child (the build forks
  render workers and an export child) counts in its resident set the pages it still shares
  copy-on-write with its parent, so this sum counts those pages once per process and
  overstates the physical memory the tree uses; it is an upper bound.
- the sum of every live process's PSS, proportional set size, from
  ``/proc/<pid>/smaps_rollup`` (``tree_pss``): a page shared by k processes counts 1/k in
  each, so the sum is the physical memory the tree holds at that moment. Its peak over the
  polls (every :data:`PSS_SECONDS`) is what a machine (a CI runner with 7 GB, say) must have.
  A process that lives less than one poll may escape it, so it can understate a short spike.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

POLL_SECONDS = 0.2
# PSS is read less often: reading smaps_rollup walks the process's page tables, 20 ms of
# CPU for a process of 2 GB here (80 ms wall on a busy machine), and every 0.2 s it would
# take a tenth of a core from the build it measures.
PSS_SECONDS = 1.0


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float
    cpu: float
    peak_rss: int  # bytes, largest single process
    peak_process: str
    returncode: int
    log: Path
    load: float = 0.0  # 1-minute load average when the run ended
    tree_rss: int = 0  # bytes: the most the process tree's high-water marks added up to
    tree_pss: int = 0  # bytes: the most the tree's live processes' PSS added up to (0: unseen)


@dataclass(frozen=True)
class Result:
    """The median of several runs of one scenario (or why it could not run)."""

    wall: float | None = None
    cpu: float | None = None
    peak_rss: int | None = None
    peak_process: str = ""
    load: float | None = None
    runs: int = 0
    error: str = ""
    samples: tuple[Sample, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return not self.error and self.wall is not None

    @property
    def tree_rss(self) -> int | None:
        """The highest sum of the tree's high-water marks over the runs (an upper bound)."""
        return max((s.tree_rss for s in self.samples), default=None)

    @property
    def tree_pss(self) -> int | None:
        """The highest physical memory of the whole tree (PSS) over the runs; None when
        not seen (no run, or no ``smaps_rollup`` on this system)."""
        return max((s.tree_pss for s in self.samples), default=0) or None


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: parse after the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _pss(pid: int) -> int:
    """The proportional set size of ``pid`` in bytes (0 if it is gone or unreadable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _hwm(pid: int) -> tuple[int, str]:
    name, hwm = "", 0
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("Name:"):
                    name = line.split(None, 1)[1].strip()
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    return hwm, name


class _TreePoller(threading.Thread):
    """Samples the high-water mark and the PSS of every process below ``root`` until
    stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0
        self.peak_name = ""
        self.tree_peak = 0
        self.pss_peak = 0
        self._next_pss = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(POLL_SECONDS):
            self.sample()

    def sample(self) -> None:
        tree = _children_of()
        todo = [self.root]
        total = pss = 0
        with_pss = time.monotonic() >= self._next_pss
        while todo:
            pid = todo.pop()
            hwm, name = _hwm(pid)
            total += hwm
            pss += _pss(pid) if with_pss else 0
            if hwm > self.peak:
                self.peak, self.peak_name = hwm, name
            todo.extend(tree.get(pid, ()))
        self.tree_peak = max(self.tree_peak, total)
        if with_pss:
            self.pss_peak = max(self.pss_peak, pss)
            self._next_pss = time.monotonic() + PSS_SECONDS

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_once(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path,
    log: Path,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Sample:
    """Run ``cmd`` once, output to ``log``; measure it and every process it starts."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [os.fspath(c) for c in cmd],
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        poller = _TreePoller(proc.pid)
        poller.start()
        deadline = None if timeout is None else start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
            time.sleep(0.01)
        wall = time.perf_counter() - start
        poller.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    reaped_peak = usage.ru_maxrss * 1024
    # The poller names the process only if it saw the peak; a short-lived one may escape it.
    seen = poller.peak >= 0.95 * reaped_peak
    return Sample(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_rss=max(reaped_peak, poller.peak),
        peak_process=poller.peak_name if seen else "?",
        returncode=proc.returncode,
        log=log,
        load=os.getloadavg()[0],
        tree_rss=max(poller.tree_peak, reaped_peak),
        tree_pss=poller.pss_peak,
    )


def tail(path: Path, lines: int = 8) -> str:
    """The last lines of a log, to explain a failure."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


def measure(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path,
    log: Path,
    runs: int = 3,
    before: Callable[[int], None] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Result:
    """Run ``before(i)`` then ``cmd``, ``runs`` times; the median, or the first failure."""
    samples: list[Sample] = []
    for i in range(runs):
        if before is not None:
            before(i)
        try:
            sample = run_once(
                cmd, cwd=cwd, log=log.with_suffix(f".{i}.log"), env=env, timeout=timeout
            )
        except OSError as exc:
            return Result(error=f"cannot run {cmd[0]}: {exc}", samples=tuple(samples))
        if sample.returncode != 0:
            reason = tail(sample.log) or "(no output)"
            return Result(
                error=f"exit status {sample.returncode}: {reason}", samples=tuple(samples)
            )
        samples.append(sample)
    peak = max(samples, key=lambda s: s.peak_rss)
    return Result(
        wall=statistics.median(s.wall for s in samples),
        cpu=statistics.median(s.cpu for s in samples),
        peak_rss=peak.peak_rss,
        peak_process=peak.peak_process,
        load=statistics.median(s.load for s in samples),
        runs=len(samples),
        samples=tuple(samples),
    )


# --- what the output weighs ------------------------------------------------------------------


@dataclass(frozen=True)
class OutputSize:
    files: int
    bytes: int


def output_size(folder: Path) -> OutputSize:
    files = total = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(root, name))
    return OutputSize(files, total)


FRAGMENTS_SHOWN = 5  # results on the first page of Pagefind's Default UI
RESULTS_SHOWN = 10  # results on the first page of boletines' search page (PAGE_SIZE)


@dataclass(frozen=True)
class SearchDownload:
    """The Pagefind files a reader fetches to run one query and see the first results."""

    total: int
    parts: tuple[tuple[str, int], ...]
    # What was counted, as paths under the site, for a browser to be checked against: the
    # files counted whole, the index folders of which one chunk (the largest) was counted,
    # and how many fragments.
    files: tuple[str, ...] = ()
    chunk_folders: tuple[str, ...] = ()
    fragments: int = 0


SEARCH_PAGES = ("buscar/index.html", "search/index.html")
_ASSET = re.compile(
    r"<script\b[^>]*\bsrc=\"([^\"]+)\"|<link\b[^>]*\brel=\"stylesheet\"[^>]*\bhref=\"([^\"]+)\""
)


def page_assets(site: Path, page: str) -> set[str]:
    """Scripts and stylesheets a page links, as paths under ``site`` (site-root URLs)."""
    html = (site / page).read_text(encoding="utf-8", errors="replace")
    base = "/" + page.rsplit("/", 1)[0] + "/"
    found = set()
    for match in _ASSET.finditer(html):
        url = urljoin(base, match.group(1) or match.group(2)).split("?")[0].split("#")[0]
        if not url.startswith("/"):
            continue
        # A site built for a base path (/archivo/) links /archivo/static/...: drop leading
        # folders until the file is found.
        parts = url.lstrip("/").split("/")
        while parts and not (site / "/".join(parts)).is_file():
            parts = parts[1:]
        if parts:
            found.add("/".join(parts))
    return found


def first_search_bytes(site: Path) -> SearchDownload | None:
    """Bytes fetched for a first search, read from the Pagefind bundle on disk.

    Counted: ``pagefind.js`` and ``pagefind-worker.js`` (it runs the search in a worker),
    the WebAssembly module of the site's language, the search page's own scripts and
    stylesheets (those of ``buscar/index.html`` that the home page does not also load;
    without a search page, Pagefind's Default UI ``pagefind-ui.js`` and ``pagefind-ui.css``),
    and for every index the page loads (one, or with boletines' shards those a first search
    opens: the first ``first`` listed in ``pagefind/shards.json``, which is counted too, or
    all of them when it does not say): its ``pagefind-entry.json``, the language's
    ``pagefind.<hash>.pf_meta`` file, one index chunk (the largest, as Pagefind loads one
    chunk per query word and index and we take the worst case) and every filter file (the
    search page loads them all to show filter counts); then the fragments of the results on
    the first page, ``RESULTS_SHOWN`` of them with boletines' search page and
    ``FRAGMENTS_SHOWN`` with Pagefind's Default UI (at the median fragment size). Index, meta,
    filter and fragment files are stored gzip-compressed, so their size on disk is what
    travels; JS and CSS are counted uncompressed, as a static host may not gzip them.
    Returns ``None`` when ``site`` has no Pagefind bundle.
    """
    bundle = _find_bundle(site)
    if bundle is None:
        return None
    import json

    indexes = _indexes(bundle)
    parts: list[tuple[str, int]] = []
    files: list[Path] = []
    sharded = (bundle / SHARDS_MANIFEST).is_file()
    if sharded:
        parts.append((SHARDS_MANIFEST, (bundle / SHARDS_MANIFEST).stat().st_size))
        files.append(bundle / SHARDS_MANIFEST)
    primary = indexes[0]
    for name in ("pagefind.js", "pagefind-worker.js"):
        found = next((f / name for f in (bundle, primary) if (f / name).is_file()), None)
        if found is not None:
            parts.append((name, found.stat().st_size))
            files.append(found)
    page = next((p for p in SEARCH_PAGES if (site / p).is_file()), None)
    if page is not None:
        # The site's own search page: its scripts and styles, less those every page shares.
        shared = page_assets(site, "index.html") if (site / "index.html").is_file() else set()
        own = sorted(page_assets(site, page) - shared)
    else:
        own = [f"{bundle.name}/{n}" for n in ("pagefind-ui.js", "pagefind-ui.css")]
        own = [rel for rel in own if (site / rel).is_file()]
    parts += [(rel, (site / rel).stat().st_size) for rel in own]
    files += [site / rel for rel in own]
    per_index: dict[str, int] = {}
    fragments: list[int] = []
    for index in indexes:
        entry_path = index / "pagefind-entry.json"
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        sizes = {"pagefind-entry.json": entry_path.stat().st_size}
        files.append(entry_path)
        languages = entry.get("languages", {})
        if languages:
            lang, info = max(languages.items(), key=lambda kv: kv[1].get("page_count", 0))
            if index == primary:
                wasm = index / f"wasm.{info.get('wasm') or lang}.pagefind"
                if not wasm.is_file():
                    wasm = index / "wasm.unknown.pagefind"
                if wasm.is_file():
                    parts.append((wasm.name, wasm.stat().st_size))
                    files.append(wasm)
            meta = index / f"pagefind.{info['hash']}.pf_meta"
            if meta.is_file():
                sizes["pf_meta"] = meta.stat().st_size
                files.append(meta)
        chunks = [p.stat().st_size for p in _files(index, "index", ".pf_index")]
        if chunks:
            sizes["largest index chunk"] = max(chunks)
        filters = _files(index, "filter", ".pf_filter")
        sizes["filter files"] = sum(p.stat().st_size for p in filters)
        files += filters
        fragments += [p.stat().st_size for p in _files(index, "fragment", ".pf_fragment")]
        for label, size in sizes.items():
            per_index[label] = per_index.get(label, 0) + size
    many = f" x {len(indexes)} shards" if len(indexes) > 1 else ""
    parts += [(f"{label}{many}", size) for label, size in per_index.items()]
    shown = 0
    if fragments:
        shown = min(RESULTS_SHOWN if page and sharded else FRAGMENTS_SHOWN, len(fragments))
        parts.append((f"{shown} fragments", int(statistics.median(fragments) * shown)))
    return SearchDownload(
        sum(size for _, size in parts),
        tuple(parts),
        tuple(path.relative_to(site).as_posix() for path in files),
        tuple(index.relative_to(site).as_posix() for index in indexes),
        shown,
    )


SHARDS_MANIFEST = "shards.json"


def _find_bundle(site: Path) -> Path | None:
    """The Pagefind bundle folder: ``pagefind/`` with one index or boletines' shards."""
    direct = site / "pagefind"
    if (direct / "pagefind-entry.json").is_file() or (direct / SHARDS_MANIFEST).is_file():
        return direct
    for candidate in sorted(site.rglob("pagefind-entry.json")):
        return candidate.parent
    return None


def _indexes(bundle: Path) -> list[Path]:
    """The index folders a first search loads: the shards it opens, newest first, or the
    bundle."""
    import json

    manifest = bundle / SHARDS_MANIFEST
    if manifest.is_file():
        listed = json.loads(manifest.read_text(encoding="utf-8"))
        shards = listed["shards"]
        first = listed.get("first")
        if isinstance(first, int) and first > 0:
            shards = shards[:first]
        return [bundle / shard["name"] for shard in shards]
    return [bundle]


def _files(bundle: Path, folder: str, suffix: str) -> list[Path]:
    where = bundle / folder
    if where.is_dir():
        return sorted(where.glob(f"*{suffix}"))
    return sorted(bundle.rglob(f"*{suffix}"))
