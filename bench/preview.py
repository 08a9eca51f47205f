"""Preview latency: from saving a bulletin to the page in place, and to the search updated.

``boletines serve`` runs in this process (:class:`builder.serve.preview.Preview`, on a free
port, watching the archive as it does for an editor). Each run appends a sentence to the
bulletin in the middle of the archive and takes three moments after the write returns:

- **page**: the bulletin's page in the preview's folder holds the sentence and the open
  tabs have been sent the reload message (its generation changed);
- **search**: the preview has put in place the search bundle that indexes the edit, when
  the site has search.

Everything between is counted: the watcher's wait for the burst of saves to end, loading,
rendering, writing. Runs are a few seconds apart, so each is a save on its own. The
1-minute load average is read after each run: the machine is shared, and a busy one makes
everything slower.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from builder.serve.livereload import LiveState
from builder.serve.preview import Preview, ServeOptions

SETTLE_SECONDS = 2.0  # quiet time before each save, so it is not grouped with the last
PAGE_TIMEOUT = 120.0
SEARCH_TIMEOUT = 300.0


@dataclass
class PreviewLatency:
    """Seconds from each save to the page shown, and to the search updated (None: no search)."""

    search: bool
    page: list[float] = field(default_factory=list)
    indexed: list[float | None] = field(default_factory=list)
    load: list[float] = field(default_factory=list)
    first_build: float = 0.0
    error: str = ""
    log: str = ""  # what the preview printed
    peak_mb: float = 0.0  # largest resident size of this process so far (the preview's)

    @property
    def page_median(self) -> float | None:
        return statistics.median(self.page) if self.page else None

    @property
    def indexed_median(self) -> float | None:
        done = [s for s in self.indexed if s is not None]
        return statistics.median(done) if done else None


@contextlib.contextmanager
def _cache_home(root: Path) -> Iterator[None]:
    """The archive's own build cache, as the bench's builds use (``root/.cache``)."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(root / ".cache")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = before


def measure(root: Path, edited: str, runs: int, *, search: bool) -> PreviewLatency:
    """Preview the archive at ``root`` (site.yaml, content/) and save ``edited`` (a path
    under content/) ``runs`` times; see the module's docstring."""
    result = PreviewLatency(search)
    out = root / (".bench-preview-search" if search else ".bench-preview")
    options = ServeOptions(
        config_path=root / "site.yaml",
        content_dir=root / "content",
        port=0,
        search=search,
        out_dir=out,
    )
    source = root / "content" / edited
    page = out / edited.removesuffix(".md") / "index.html"
    with _cache_home(root):
        preview = Preview(options, io.StringIO())
        indexed = threading.Event()
        preview.on_indexed = indexed.set
        try:
            started = time.perf_counter()
            preview.bind()
            preview.start()
            result.first_build = time.perf_counter() - started
            if not page.is_file():
                result.error = "the first build failed: " + _tail(preview)
                return result
            for run in range(runs):
                _one_run(preview, source, page, indexed, run, result)
                if result.error:
                    return result
        finally:
            preview.stop()
            result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            if isinstance(preview.stream, io.StringIO):
                result.log = preview.stream.getvalue()
    return result


def _one_run(
    preview: Preview,
    source: Path,
    page: Path,
    indexed: threading.Event,
    run: int,
    result: PreviewLatency,
) -> None:
    """One save, waited for on the preview's own signals (no polling: a thread polling
    in this process would take the interpreter from the rebuild every few milliseconds)."""
    time.sleep(SETTLE_SECONDS)
    state: LiveState = preview.state
    seen = state.snapshot()
    indexed.clear()
    note = f"Nota de la vista previa número {run + 1} ({time.time_ns()})."
    with open(source, "a", encoding="utf-8") as handle:
        handle.write(f"\n{note}\n")
    saved = time.perf_counter()
    deadline = saved + PAGE_TIMEOUT
    while True:
        now = state.wait_change(seen, max(deadline - time.perf_counter(), 0))
        if now.generation != seen.generation:
            break
        if time.perf_counter() >= deadline:
            result.error = "the page did not change: " + _tail(preview)
            return
        seen = now  # an error shown: wait on
    took = time.perf_counter() - saved
    if note.encode() not in page.read_bytes():
        result.error = "the page reloaded without the edit: " + _tail(preview)
        return
    result.page.append(took)
    if result.search:
        if not indexed.wait(SEARCH_TIMEOUT):
            result.error = "the search index did not change: " + _tail(preview)
            return
        result.indexed.append(time.perf_counter() - saved)
    else:
        result.indexed.append(None)
    result.load.append(os.getloadavg()[0])


def _tail(preview: Preview) -> str:
    stream = preview.stream
    return stream.getvalue()[-300:] if isinstance(stream, io.StringIO) else ""


def lines(n: int, results: list[PreviewLatency], runs: int) -> list[str]:
    """The table rows for an archive of ``n`` bulletins."""
    rows = []
    for r in results:
        label = "with search" if r.search else "without search"
        if r.error:
            rows.append(f"| {n:,} | {label} | **{r.error.splitlines()[0][:120]}** | | | | | |")
            continue
        page = ", ".join(f"{s:.2f}" for s in r.page)
        indexed = ", ".join(f"{s:.2f}" for s in r.indexed if s is not None) or "—"
        shown = f"{r.indexed_median:.2f}" if r.indexed_median is not None else "—"
        load = f"{statistics.median(r.load):.1f}" if r.load else "—"
        rows.append(
            f"| {n:,} | {label} | {r.page_median:.2f} ({page}) | {shown} ({indexed}) "
            f"| {r.first_build:.1f} | {r.peak_mb:,.0f} | {len(r.page)} of {runs} | {load} |"
        )
    return rows


HEADER = [
    "## Preview: a saved edit until the page shows and until search is updated",
    "",
    "`bench/preview.py`: `boletines serve` on the archive; one bulletin saved with a new "
    "sentence a few seconds apart; seconds from the save to the page in place with the "
    "reload message sent, and to the search shards in place (median, then each run); start "
    "is the preview's first build (a whole one: its folder has no cache yet); peak MB is the "
    "largest resident size so far of the process it runs in (the benchmark's own).",
    "",
    "| N | preview | page shown, s | search updated, s | start, s | peak MB | runs | load |",
    "|---:|---|---|---|---:|---:|---|---:|",
]


def measure_all(root: Path, edited: str, runs: int) -> list[PreviewLatency]:
    """Without search, then with it."""
    return [measure(root, edited, runs, search=flag) for flag in (False, True)]
