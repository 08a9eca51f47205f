"""A first search opens the newest shards only, in a real browser; the others when the reader
asks for the whole archive, for more results, for a year they do not hold, or when the
newest shards hold fewer than a page of results. And the benchmark's count of a first
search's download (``bench/measure.py``) is what Chromium fetches.

The site is generated with a first-search allowance so small that only the newest shard
(2025) is opened first (``builder.search.index.FIRST_SEARCH_BYTES``, patched while it is built).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import urllib.parse
from collections.abc import Iterator

import pytest
from browser_support import (
    BASE,
    ROOT,
    Server,
    Site,
    build_generated,
    serving,
    vaccination_bulletin,
    yearly,
)
from test_search_browser import open_search, result_urls, settled, wait_for_next_search

pytestmark = pytest.mark.browser

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import measure  # noqa: E402

YEARS = {2025: 12, 2024: 6, 2023: 6, 2021: 4}  # bulletins per year
SHARD_PAGES = 6  # from the oldest: 2021-2023, then 2024, then 2025
SHARDS = ["2025", "2024", "2021-2023"]
OLD_WORD = "hemeroteca"  # only in bulletins before 2025


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    def bulletin(i: int, year: int, n: int) -> str:
        extra = f" Consulte la {OLD_WORD}." if year < 2025 else ""
        return vaccination_bulletin(i, dt.date(year, 1 + n % 12, 1 + n), extra=extra)

    files = yearly(YEARS, bulletin)
    work = tmp_path_factory.mktemp("first-search-site")
    return build_generated(work, SHARD_PAGES, files, first_search_bytes=1)


@pytest.fixture(scope="module")
def server(site: Site) -> Iterator[Server]:
    with serving(site.out) as running:
        yield running


def fetched(traffic, server: Server) -> set[str]:
    """The site files the page asked for, as paths under the site folder."""
    prefix = server.origin + BASE
    paths = set()
    for url in traffic.requests:
        if url.startswith(prefix):
            path = urllib.parse.unquote(urllib.parse.urlsplit(url).path[len(BASE) :])
            paths.add(path if path and not path.endswith("/") else path + "index.html")
    return paths


def shard_requests(traffic, name: str) -> list[str]:
    return [url for url in traffic.requests if f"/pagefind/{name}/" in url]


def test_the_first_search_opens_the_newest_shard_only(site):
    manifest = json.loads((site.out / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert [shard["name"] for shard in manifest["shards"]] == SHARDS
    assert manifest["first"] == 1


def test_the_benchmark_counts_what_the_browser_fetches_for_a_first_search(
    page, server, site, traffic
):
    page.goto(server.url(""))
    page.wait_for_load_state("networkidle")
    every_page = fetched(traffic, server)  # what the home page already brought
    traffic.requests.clear()
    open_search(page, server, "vacunacion")
    page.wait_for_load_state("networkidle")
    search = fetched(traffic, server) - every_page - {"buscar/index.html"}
    counted = measure.first_search_bytes(site.out)
    chunks = {path for path in search if "/index/" in path}
    fragments = {path for path in search if "/fragment/" in path}
    assert search - chunks - fragments == set(counted.files)
    # one index chunk per opened shard for a one-word query, no larger than the one counted
    assert {path.rsplit("/index/", 1)[0] for path in chunks} == set(counted.chunk_folders)
    assert len(chunks) == len(counted.chunk_folders) == 1
    largest = dict(counted.parts)["largest index chunk"]
    assert all((site.out / path).stat().st_size <= largest for path in chunks)
    assert len(fragments) == counted.fragments == 10
    assert sum((site.out / path).stat().st_size for path in search) <= counted.total
    for name in SHARDS[1:]:
        assert not shard_requests(traffic, name), name


def test_the_status_names_the_year_searched_and_the_whole_archive_is_one_press_away(
    page, server, site, traffic
):
    open_search(page, server, "vacunacion")
    assert page.inner_text("#search-status") == (
        "Se encontraron 12 boletines para «vacunacion» entre los publicados en 2025, "
        "los más recientes."
    )
    assert page.locator("#search-results > li").count() == 10
    button = page.locator("#search-all")
    assert button.is_visible() and button.inner_text() == "Buscar en todo el archivo"
    searches = settled(page)
    button.click()
    wait_for_next_search(page, searches)
    assert page.inner_text("#search-status") == (
        f"Se encontraron {len(site.bulletins)} boletines para «vacunacion»."
    )
    assert not button.is_visible()
    assert "scope=all" in page.url
    for name in SHARDS[1:]:
        assert shard_requests(traffic, name), name
    # the link brings the whole archive back
    page.goto(page.url)
    settled(page)
    assert page.inner_text("#search-status").startswith(f"Se encontraron {len(site.bulletins)} ")


def test_more_results_go_on_into_the_older_shards(page, server, site):
    open_search(page, server, "vacunacion")
    first_page = result_urls(page)[:10]
    urls = result_urls(page)
    assert sorted(urls) == sorted(b["url"] for b in site.bulletins)
    assert urls[:10] == first_page  # what was shown stays where it was
    assert page.inner_text("#search-status") == (
        f"Se encontraron {len(site.bulletins)} boletines para «vacunacion»."
    )
    assert not page.is_visible("#search-all") and "scope=all" in page.url


def test_a_query_the_newest_shard_cannot_answer_searches_them_all(page, server, site):
    open_search(page, server, OLD_WORD)
    old = [b["url"] for b in site.bulletins if not b["date"].startswith("2025")]
    assert sorted(result_urls(page)) == sorted(old)
    assert page.inner_text("#search-status") == (
        f"Se encontraron {len(old)} boletines para «{OLD_WORD}»."
    )
    assert not page.is_visible("#search-all")


def test_a_year_the_newest_shard_does_not_hold_can_be_chosen(page, server, site):
    open_search(page, server, "vacunacion&year=2023")
    urls = result_urls(page)
    assert sorted(urls) == sorted(b["url"] for b in site.bulletins if b["date"][:4] == "2023")


def test_sorting_by_date_goes_on_into_the_older_shards(page, server, site):
    open_search(page, server, "vacunacion&sort=date")
    urls = result_urls(page)
    dates = [site.by_url[url]["date"] for url in urls]
    assert len(urls) == len(site.bulletins)
    assert dates == sorted(dates, reverse=True)
