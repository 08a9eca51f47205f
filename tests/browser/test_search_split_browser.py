"""A year too long for one shard is indexed in parts ("2025.1", "2025.2"), in a real
browser: a first search opens one part, and choosing that year opens the others, so the
year's results are all there, not those of the part opened first.

The first-search allowance is patched so small that only the newest shard is opened first
(``builder.search.index.FIRST_SEARCH_BYTES``), as in ``test_search_first_browser.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from browser_support import Server, Site, build_generated, serving, vaccination_bulletin, yearly
from test_search_browser import open_search, result_urls
from test_search_first_browser import shard_requests

pytestmark = pytest.mark.browser

YEARS = {2025: 30, 2024: 10}  # bulletins per year
SHARD_PAGES = 10  # 2025 holds more than twice as many (the split size is patched): two parts
SHARDS = ["2025.1", "2025.2", "2024"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    files = yearly(
        YEARS, lambda i, y, n: vaccination_bulletin(i, dt.date(y, 1 + n % 12, 1 + n % 28))
    )
    work = tmp_path_factory.mktemp("split-site")
    return build_generated(work, SHARD_PAGES, files, first_search_bytes=1, split_pages=1)


@pytest.fixture(scope="module")
def server(site: Site) -> Iterator[Server]:
    with serving(site.out) as running:
        yield running


def parts(site: Site) -> dict[str, int]:
    manifest = json.loads((site.out / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert manifest["first"] == 1
    return {shard["name"]: shard["pages"] for shard in manifest["shards"]}


def test_the_long_year_is_in_two_parts_each_with_more_than_a_page_of_results(site):
    pages = parts(site)
    assert list(pages) == SHARDS
    assert pages["2025.1"] + pages["2025.2"] == YEARS[2025]
    assert min(pages["2025.1"], pages["2025.2"]) > 10  # so a first page never needs the other


def test_a_first_search_opens_one_part_of_the_newest_year(page, server, site, traffic):
    open_search(page, server, "vacunacion")
    found = parts(site)["2025.1"]
    assert page.inner_text("#search-status") == (
        f"Se encontraron {found} boletines para «vacunacion» entre los publicados en 2025, "
        "los más recientes."
    )
    assert shard_requests(traffic, "2025.1")
    assert not shard_requests(traffic, "2025.2")


def test_choosing_the_long_year_searches_all_of_its_parts(page, server, site, traffic):
    open_search(page, server, "vacunacion&year=2025")
    year = [b["url"] for b in site.bulletins if b["date"].startswith("2025")]
    assert page.inner_text("#search-status").startswith(
        f"Se encontraron {len(year)} boletines para «vacunacion»"
    )
    assert sorted(result_urls(page)) == sorted(year)
    assert shard_requests(traffic, "2025.2")
