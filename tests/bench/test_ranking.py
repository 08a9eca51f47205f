"""bench/ranking.py: how agreement is counted and reported."""

from __future__ import annotations

import json

from bench.ranking import MAX_PLAIN_PAGES, QUERIES, TOP, Agreement, RankingReport, lines, measure


def urls(*numbers: int) -> tuple[str, ...]:
    return tuple(f"/2025/b{n}/" for n in numbers)


def test_agreement_counts_the_sharded_results_among_the_plain_index_ones() -> None:
    same_order = Agreement("salud", urls(*range(10)), urls(*range(10)))
    other_order = Agreement("salud", urls(*reversed(range(10))), urls(*range(10)))
    one_missing = Agreement("salud", urls(*range(9), 42), urls(*range(10)))
    assert (same_order.common, other_order.common, one_missing.common) == (10, 10, 9)


def test_a_query_with_few_results_counts_out_of_what_the_plain_index_found() -> None:
    few = Agreement("CECI", urls(1, 2, 3), urls(3, 2, 1))
    assert (few.common, few.expected) == (3, 3)
    report = RankingReport(2, 20, (few, Agreement("salud", urls(*range(9), 42), urls(*range(10)))))
    assert report.average == (10 + 9) / 2


def test_a_page_that_ties_with_the_plain_index_tenth_counts_as_among_them() -> None:
    tie = Agreement("salud", urls(*range(9), 42), urls(*range(10)), tied=urls(42, 43))
    assert tie.common == 10
    beyond = Agreement("salud", urls(*range(8), 42, 43), urls(*range(10)), tied=urls(42))
    assert beyond.common == 9


def test_the_first_search_is_counted_apart() -> None:
    both = Agreement("salud", urls(*range(10)), urls(*range(10)), first=urls(*range(5), 50))
    assert (both.common, both.common_first) == (10, 5)
    assert RankingReport(2, 20, (both,)).average_first == 5.0


def test_queries_without_results_do_not_count() -> None:
    report = RankingReport(2, 20, (Agreement("nada", (), ()),))
    assert report.average is None


def test_the_report_lists_each_query_and_the_average() -> None:
    first = urls(*range(7), 60, 61, 62)
    report = RankingReport(
        3,
        1000,
        (Agreement("salud", urls(*range(10)), urls(*range(8), 50, 51), first=first),),
        chunks=(40, 41),
    )
    assert lines(1000, report) == [
        "### N = 1,000: sharded search (3 shards, 1,000 pages) against one Pagefind index",
        "",
        "The plain index answered with 40 of its 41 index chunks loaded.",
        "",
        f"| query | whole archive: top {TOP} in common | first search |",
        "|---|---|---|",
        "| salud | 8 of 10 | 7 of 10 |",
        "| **average** | **8.0 of 10** | **7.0 of 10** |",
        "",
    ]


def test_a_measurement_that_could_not_run_says_why() -> None:
    report = RankingReport(3, 1000, (), "/usr/bin/chromium is missing")
    assert lines(1000, report)[2] == "Not measured: /usr/bin/chromium is missing"


def test_at_least_twenty_distinct_queries() -> None:
    assert len(set(QUERIES)) == len(QUERIES) >= 20


def test_an_archive_too_large_for_one_plain_index_is_not_compared(tmp_path) -> None:
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    shards = [{"name": "2025", "pages": MAX_PLAIN_PAGES}, {"name": "2024", "pages": 1}]
    (bundle / "shards.json").write_text(json.dumps({"first": 1, "shards": shards}))
    report = measure(tmp_path)
    assert (report.shards, report.pages, report.agreements) == (2, MAX_PLAIN_PAGES + 1, ())
    assert report.error == (
        f"one plain Pagefind index of {MAX_PLAIN_PAGES + 1:,} pages would need more memory "
        f"than a benchmark should (3.3 GB at 10,000); compared up to {MAX_PLAIN_PAGES:,}"
    )
