"""One ranking: the sharded search's top 10 against one plain Pagefind index's.

The site's search page merges one Pagefind bundle per run of years, each scoring with its own
statistics. This module indexes the same bulletin pages once more as one plain index (the
documents ``builder.search.index`` gives Pagefind, with the same binary and language), then asks
both the same realistic queries in Chromium: the sharded search through the site's own search
page (``buscar/?q=...``, the results a reader sees), the plain index through Pagefind's JS API
with the ranking settings of ``shards.json``. Agreement for a query is how many of the sharded
search's first 10 results are among the plain index's first 10, where a page whose score in
the plain index ties with its tenth counts as among them (the generated bulletins repeat
titles and sentences, so many pages score alike, and which of them one index puts tenth is
arbitrary).

The plain index answers with every one of its index chunks loaded. Pagefind 1.5.2 fetches,
for each query word, the chunk that holds the word, and matches the word's extensions
(``ceci`` → ``ceciimss``, ``mayor`` → ``mayores``) only among the chunks it has loaded: one
index of 10,000 bulletins keeps ``ceciimss`` in the chunk after the one ending at ``ceci``,
so its results for a word depended on what had been searched before (measured: a page with
CECI-IMSS ranked 240th for "CECI", 16th once "cecii" had been searched; "mayores" matched
8,946 pages, 9,367 once "mayori" had). A shard, twenty times smaller, keeps most words'
extensions in the word's own chunk. Loading every chunk first makes the reference what one
index ranks with all its words, whatever was asked before.

It is measured twice: for the whole archive (``&scope=all``, what a reader gets after
"Buscar en todo el archivo" or "Mostrar más resultados"), and for a first search, which
looks in the newest shards only (``first`` in ``shards.json``) unless they hold fewer than a
page of results.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import posixpath
import shutil
import statistics
import tempfile
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from builder.search import index as search
from builder.search import pagefind
from builder.search.bundle import META_CHUNKS, read_record

TOP = 10
CHROMIUM = Path("/usr/bin/chromium")
PLAIN = "_plain-index"  # where the plain index is served, beside the site
SEARCH_PAGE = "buscar/"
TIMEOUT_MS = 60_000
# One plain index is one Pagefind run over every page, and a Pagefind run's memory grows with
# the pages it indexes (3.3 GB for 10,000 bulletins, builder/search/index.py): larger archives are
# not compared, so that the benchmark of 100,000 bulletins does not run out of memory.
MAX_PLAIN_PAGES = 20_000
# What readers of an IMSS archive look for: programmes, places, diseases, people, phrases;
# words of the seed bulletins' titles, highlights, bodies and topics. None is hyphenated, so
# the search page passes each to Pagefind unchanged.
QUERIES = (
    "guarderías",
    "guarderias",
    "cáncer de mama",
    "personas mayores",
    "dengue",
    "Semana Santa",
    "personas trabajadoras del hogar",
    "cooperación internacional",
    "salud mental",
    "vacunación",
    "diabetes",
    "hemodiálisis",
    "Centro de Día",
    "hospitales",
    "medicamentos",
    "enfermería",
    "personas cuidadoras",
    "igualdad de género",
    "Zoé Robledo",
    "Yucatán",
    "derechos humanos",
    "atención primaria",
    "Examen Nacional de Aspirantes a Residencias",
    "CECI",
    "Fomento Turístico",
)


@dataclass(frozen=True)
class Agreement:
    """One query's first results in both searches, and how many of the sharded search's are
    among the plain index's first (or tie with its last)."""

    query: str
    sharded: tuple[str, ...]
    plain: tuple[str, ...]
    tied: tuple[str, ...] = ()  # pages whose plain score equals that of its last shown
    first: tuple[str, ...] = ()  # the first search's results (newest shards), when measured

    def _common(self, shown: tuple[str, ...]) -> int:
        return min(self.expected, len(set(shown) & (set(self.plain) | set(self.tied))))

    @property
    def common(self) -> int:
        return self._common(self.sharded)

    @property
    def common_first(self) -> int:
        return self._common(self.first)

    @property
    def expected(self) -> int:
        return min(TOP, len(self.plain))


@dataclass(frozen=True)
class RankingReport:
    shards: int
    pages: int
    agreements: tuple[Agreement, ...]
    error: str = ""
    chunks: tuple[int, int] = (0, 0)  # the plain index's chunks loaded, of all it has

    @property
    def average(self) -> float | None:
        counted = [a for a in self.agreements if a.expected]
        if not counted:
            return None
        return statistics.fmean(TOP * a.common / a.expected for a in counted)

    @property
    def average_first(self) -> float | None:
        counted = [a for a in self.agreements if a.expected and a.first]
        if not counted:
            return None
        return statistics.fmean(TOP * a.common_first / a.expected for a in counted)


def plain_index(site: Path, into: Path) -> Path:
    """One Pagefind index over the bulletin pages of the built ``site``: the documents the
    shards were made from, staged at the pages' paths, indexed by one Pagefind run
    (:func:`builder.search.pagefind.run`, as the shards are)."""
    pages = search.site_pages(site)
    staging = into / "staging"
    shards = search.plan_shards(pages, shard_pages=len(pages) + 1)
    for shard in shards:
        for path, document in shard.pages:
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(document if document is not None else b"")
    bundle = into / "pagefind"
    language = json.loads(next(site.glob("pagefind/*/pagefind-entry.json")).read_text())
    lang = next(iter(language["languages"]))
    limit = pagefind.timeout_for(sum(len(shard.pages) for shard in shards))
    pagefind.run(staging, bundle, lang, limit=limit)
    shutil.rmtree(staging)
    return bundle


class _Handler(SimpleHTTPRequestHandler):
    """The site at ``/``, the plain index under ``/_plain-index/``."""

    plain: str = ""

    def translate_path(self, path: str) -> str:
        path = posixpath.normpath(urllib.parse.unquote(urllib.parse.urlsplit(path).path))
        parts = [p for p in path.split("/") if p not in ("", ".", "..")]
        if parts[:1] == [PLAIN]:
            return os.path.join(self.plain, *parts[1:])
        local = os.path.join(self.directory, *parts)
        return local + "/" if path.endswith("/") and parts else local

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serving(site: Path, plain: Path) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"plain": str(plain)})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


_PLAIN_SEARCH = """async ([query, ranking, top, bundle, preload]) => {
  if (!window.plainIndex) {
    const api = await import(bundle + "pagefind.js");
    await api.options({ basePath: bundle, baseUrl: "/", excerptLength: 30,
                        ...(ranking ? { ranking } : {}) });
    await api.init();
    for (const word of preload) await api.search(word);  // loads the chunk that holds it
    window.plainIndex = api;
  }
  const response = await window.plainIndex.search(query);
  const results = response.results;
  const shown = results.slice(0, top);
  const last = shown.length ? shown[shown.length - 1].score : Infinity;
  const tied = results.slice(top).filter((r) => r.score >= last * (1 - 1e-6)).slice(0, 500);
  const urls = async (list) => (await Promise.all(list.map((r) => r.data()))).map((d) => d.url);
  return [await urls(shown), await urls(tied)];
}"""


def chunk_words(bundle: Path) -> list[str]:
    """The first and last word of each index chunk of a Pagefind bundle, from its metadata:
    searching them loads every chunk."""
    meta = read_record(next(bundle.glob("pagefind.*.pf_meta")))
    return [word for chunk in meta[META_CHUNKS] for word in chunk[:2]]


def sharded_top(page, origin: str, query: str, whole: bool = True) -> list[str]:
    """The first results the site's search page shows for ``query``, as URL paths: over the
    whole archive, or (``whole`` false) as a first search shows them."""
    scope = "&scope=all" if whole else ""
    page.goto(f"{origin}/{SEARCH_PAGE}?q={urllib.parse.quote(query)}{scope}")
    page.wait_for_function(
        "() => document.getElementById('search').getAttribute('aria-busy') === 'false'"
        " && Number(document.getElementById('search').dataset.searches || 0) >= 1",
        timeout=TIMEOUT_MS,
    )
    hrefs = page.eval_on_selector_all(".search-result-title a", "as => as.map(a => a.href)")
    return [urllib.parse.urlsplit(h).path for h in hrefs[:TOP]]


def compare(
    site: Path, plain: Path, queries: Sequence[str] = QUERIES, *, first: bool = False
) -> tuple[list[Agreement], tuple[int, int]]:
    """Ask both searches each query in Chromium; the plain index with ``shards.json``'s
    ranking settings and every chunk loaded. ``first``: also as a first search (the newest
    shards). Also returns how many of the plain index's chunks were loaded, of how many."""
    from playwright.sync_api import sync_playwright

    manifest = json.loads((site / search.BUNDLE_DIR / search.MANIFEST).read_text("utf-8"))
    ranking = manifest.get("ranking")
    preload = chunk_words(plain)
    chunks = {path.name for path in (plain / "index").glob("*.pf_index")}
    loaded: set[str] = set()
    agreements = []
    with serving(site, plain.parent) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            harness = browser.new_page()
            harness.set_default_timeout(TIMEOUT_MS * 10)  # the preload fetches every chunk
            harness.on("request", lambda r: loaded.add(r.url.rsplit("/", 1)[-1]))
            harness.goto(f"{origin}/{PLAIN}/pagefind/pagefind-entry.json")
            for query in queries:
                sharded = sharded_top(page, origin, query)
                newest = sharded_top(page, origin, query, whole=False) if first else []
                found = harness.evaluate(
                    _PLAIN_SEARCH, [query, ranking, TOP, f"/{PLAIN}/pagefind/", preload]
                )
                top, tied = ([urllib.parse.urlsplit(url).path for url in part] for part in found)
                agreements.append(
                    Agreement(query, tuple(sharded), tuple(top), tuple(tied), tuple(newest))
                )
        finally:
            browser.close()
    return agreements, (len(chunks & loaded), len(chunks))


def measure(site: Path) -> RankingReport:
    """The agreement of the built ``site``'s sharded search with one plain index."""
    manifest = json.loads((site / search.BUNDLE_DIR / search.MANIFEST).read_text("utf-8"))
    shards = manifest["shards"]
    pages = sum(shard["pages"] for shard in shards)
    if not CHROMIUM.exists():
        return RankingReport(len(shards), pages, (), f"{CHROMIUM} is missing")
    if pages > MAX_PLAIN_PAGES:
        reason = (
            f"one plain Pagefind index of {pages:,} pages would need more memory than a "
            f"benchmark should (3.3 GB at 10,000); compared up to {MAX_PLAIN_PAGES:,}"
        )
        return RankingReport(len(shards), pages, (), reason)
    with tempfile.TemporaryDirectory(prefix="ranking-") as work:
        try:
            plain = plain_index(site, Path(work))
            agreements, chunks = compare(site, plain, first=True)
        except (OSError, ValueError, pagefind.PagefindFailed, ImportError) as exc:
            return RankingReport(len(shards), pages, (), f"{type(exc).__name__}: {exc}")
    return RankingReport(len(shards), pages, tuple(agreements), chunks=chunks)


def lines(n: int, report: RankingReport) -> list[str]:
    """The report's section for an archive of ``n`` bulletins."""
    head = (
        f"### N = {n:,}: sharded search ({report.shards} shards, {report.pages:,} pages) "
        "against one Pagefind index"
    )
    if report.error:
        return [head, "", f"Not measured: {report.error}", ""]
    loaded, chunks = report.chunks
    out = [head, ""]
    if chunks:
        out += [
            f"The plain index answered with {loaded:,} of its {chunks:,} index chunks loaded.",
            "",
        ]
    out += [
        f"| query | whole archive: top {TOP} in common | first search |",
        "|---|---|---|",
    ]
    for a in report.agreements:
        first = f"{a.common_first} of {a.expected}" if a.first else ""
        out.append(f"| {a.query} | {a.common} of {a.expected} | {first} |")
    average, average_first = report.average, report.average_first
    if average is not None:
        first = f"**{average_first:.1f} of {TOP}**" if average_first is not None else ""
        out.append(f"| **average** | **{average:.1f} of {TOP}** | {first} |")
    out.append("")
    return out


def main(argv: Sequence[str]) -> int:
    """``python -m bench.ranking SITE``: print the agreement for a built site."""
    site = Path(argv[0])
    report = measure(site)
    print("\n".join(lines(report.pages, report)))
    for a in report.agreements:
        if a.common < a.expected:
            print(a.query, "sharded only:", sorted(set(a.sharded) - set(a.plain)))
    return 1 if report.error else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
