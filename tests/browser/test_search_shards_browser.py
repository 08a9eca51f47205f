"""Search across index shards, in a real browser: an archive spread over several years, so
the search page merges several Pagefind bundles (shards of consecutive years, one of them
with the undated bulletins) and sorts by date across them.

The site here is generated (the sample bulletins cover one year only); it is built under
``/archivo/`` and served like the sample site. Expected results come from its data export.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator

import pytest
from browser_support import Server, Site, build_generated, serving, vaccination_bulletin, yearly
from test_search_browser import (
    filter_counts,
    open_search,
    result_urls,
    settled,
    values_of,
    wait_for_next_search,
    year_of,
)

pytestmark = pytest.mark.browser

YEARS = {2025: 7, 2024: 5, 2023: 6, 2021: 4}  # bulletins per year
UNDATED = 3
SHARD_PAGES = 6  # from the oldest: 2021 with the undated, 2023 alone, then 2024-2025
SHARDS = ["2024-2025", "2023", "2021-sin-fecha"]
TOPICS = ["salud", "guarderías", "pensiones"]


def bulletin(i: int, day: dt.date | None) -> str:
    place = "Monterrey" if i % 2 else "Ciudad de México"
    return vaccination_bulletin(i, day, (f"tags: [{TOPICS[i % 3]}]", f"location: {place}"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    files = yearly(
        YEARS, lambda i, y, n: bulletin(i, dt.date(y, 1 + (n * 5) % 12, 1 + (n * 7) % 28))
    )
    i = len(files)
    for _ in range(UNDATED):
        files[f"sin-fecha/b{i:03d}.md"] = bulletin(i, None)
        i += 1
    return build_generated(tmp_path_factory.mktemp("shards-site"), SHARD_PAGES, files)


@pytest.fixture(scope="module")
def server(site: Site) -> Iterator[Server]:
    with serving(site.out) as running:
        yield running


def test_the_site_has_shards_of_consecutive_years(site):
    manifest = json.loads((site.out / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert [shard["name"] for shard in manifest["shards"]] == SHARDS
    assert [shard["pages"] for shard in manifest["shards"]] == [12, 6, 7]


def test_a_search_finds_bulletins_of_every_shard(page, server, site, traffic):
    open_search(page, server, "vacunacion")
    assert sorted(result_urls(page)) == sorted(b["url"] for b in site.bulletins)
    for name in SHARDS:
        entry = f"/archivo/pagefind/{name}/pagefind-entry.json"
        assert any(entry in url for url in traffic.requests), name
    expected = Counter(year_of(b) for b in site.bulletins)
    assert filter_counts(page, "year") == dict(expected)


def test_sorting_by_date_runs_across_shards_newest_first_undated_last(page, server, site):
    open_search(page, server, "vacunacion")
    relevance = result_urls(page)
    searches = settled(page)
    page.click("button[data-sort='date']")
    wait_for_next_search(page, searches)
    assert page.locator("#search-results > li").count() == 10  # one page, from one shard
    urls = result_urls(page)  # presses "show more" into the next shards
    dates = [site.by_url[url]["date"] for url in urls]
    dated = sorted((d for d in dates if d), reverse=True)
    assert dates == dated + [None] * UNDATED
    assert sorted(urls) == sorted(relevance) and urls != relevance
    assert str(len(urls)) in page.inner_text("#search-status")


@pytest.mark.parametrize(("group", "value"), [("year", "2023"), ("topic", "salud")])
def test_sorting_by_date_keeps_the_filters(page, server, site, group, value):
    open_search(page, server, "vacunacion")
    searches = settled(page)
    page.click(f"button[data-filter='{group}'][data-value='{value}']")
    wait_for_next_search(page, searches)
    searches = settled(page)
    page.click("button[data-sort='date']")
    wait_for_next_search(page, searches)
    dates = [site.by_url[url]["date"] for url in result_urls(page)]
    if group == "year":
        chosen = [b for b in site.bulletins if year_of(b) == value]
    else:
        chosen = [b for b in site.bulletins if value in b["tags"]]
    dated = sorted((b["date"] for b in chosen if b["date"]), reverse=True)
    assert dates == dated + [None] * sum(1 for b in chosen if not b["date"])
    assert len({year_of(b) for b in chosen}) > 1 or group == "year"
    assert filter_counts(page, group)[value] == len(chosen)


def matches(bulletin: dict, chosen: dict[str, set[str]], leave_out: str = "") -> bool:
    """Any chosen value within a group, every group with a choice (but ``leave_out``)."""
    return all(
        set(values_of(group, bulletin)) & values
        for group, values in chosen.items()
        if values and group != leave_out
    )


def facet_counts(bulletins: list[dict], chosen: dict[str, set[str]], group: str) -> dict:
    """What a faceted search shows for ``group``: the values of the bulletins that match
    every OTHER group's choice."""
    matching = [b for b in bulletins if matches(b, chosen, leave_out=group)]
    return dict(Counter(v for b in matching for v in values_of(group, b)))


def test_filter_counts_are_faceted_any_within_a_group_all_across_groups(page, server, site):
    open_search(page, server, "vacunacion")
    chosen: dict[str, set[str]] = {"year": set(), "topic": set(), "location": set()}
    for group, value in [("year", "2023"), ("year", "2021"), ("topic", "salud")]:
        searches = settled(page)
        page.click(f"button[data-filter='{group}'][data-value='{value}']")
        wait_for_next_search(page, searches)
        chosen[group].add(value)
        expected = [b["url"] for b in site.bulletins if matches(b, chosen)]
        assert sorted(result_urls(page)) == sorted(expected)
        assert str(len(expected)) in page.inner_text("#search-status")
        for shown in chosen:
            assert filter_counts(page, shown) == facet_counts(site.bulletins, chosen, shown), shown
    # Choosing a year leaves the other years' counts as they were: a reader can add them.
    assert filter_counts(page, "year")["2025"] == sum(
        1 for b in site.bulletins if year_of(b) == "2025" and "salud" in b["tags"]
    )
    assert len(expected) < sum(1 for b in site.bulletins if year_of(b) in {"2023", "2021"})


def test_filters_and_date_order_live_in_the_url(page, server, site):
    open_search(page, server, "vacunacion")
    for selector in [
        "button[data-filter='year'][data-value='2023']",
        "button[data-filter='year'][data-value='2021']",
        "button[data-filter='topic'][data-value='salud']",
        "button[data-sort='date']",
    ]:
        searches = settled(page)
        page.click(selector)
        wait_for_next_search(page, searches)
    query = "q=vacunacion&year=2023&year=2021&topic=salud&sort=date"
    assert page.url == server.url(f"buscar/?{query}")
    shown = result_urls(page)

    page.goto(server.url("archivo/"))  # a link to these results, opened anew
    page.goto(server.url(f"buscar/?{query}"))
    settled(page)
    assert result_urls(page) == shown
    chosen = {"year": {"2023", "2021"}, "topic": {"salud"}, "location": set()}
    expected = [b for b in site.bulletins if matches(b, chosen)]
    dated = sorted((b["date"] for b in expected if b["date"]), reverse=True)
    assert [site.by_url[u]["date"] for u in shown] == dated
    assert len(shown) == len(expected) > 0
    pressed = page.eval_on_selector_all(
        "button[aria-pressed='true']",
        "bs => bs.map(b => b.dataset.sort || `${b.dataset.filter}=${b.dataset.value}`)",
    )
    assert sorted(pressed) == ["date", "topic=salud", "year=2021", "year=2023"]

    searches = settled(page)
    page.click(".search-clear")
    wait_for_next_search(page, searches)
    assert page.url == server.url("buscar/?q=vacunacion&sort=date")
