"""BENCHMARKS.md: a new run replaces the numbers and keeps the hand-written analysis."""

from __future__ import annotations

from pathlib import Path

from bench import __main__, measure, paired, ranking
from bench.__main__ import ANALYSIS, OURS, Context, Row, with_analysis


def test_analysis_section_survives_a_new_report(tmp_path: Path) -> None:
    previous = tmp_path / "BENCHMARKS.md"
    previous.write_text(f"# Benchmarks\n\nold numbers\n\n{ANALYSIS}\n\nwhy.\n", encoding="utf-8")
    assert with_analysis("# Benchmarks\n\nnew numbers\n", previous) == (
        f"# Benchmarks\n\nnew numbers\n\n{ANALYSIS}\n\nwhy.\n"
    )


def test_report_alone_without_a_previous_analysis(tmp_path: Path) -> None:
    previous = tmp_path / "BENCHMARKS.md"
    assert with_analysis("numbers\n", previous) == "numbers\n"
    previous.write_text("old numbers only\n", encoding="utf-8")
    assert with_analysis("numbers\n", previous) == "numbers\n"


# --- the issue-19 targets and the memory columns ---------------------------------------------

MB = 2**20


def result(wall: float, cpu: float, *, pss: int = 0, rss: int = 0) -> measure.Result:
    sample = measure.Sample(
        wall=wall, cpu=cpu, peak_rss=rss, peak_process="boletines", returncode=0,
        log=Path("log"), load=1.0, tree_rss=rss, tree_pss=pss,
    )  # fmt: skip
    return measure.Result(
        wall=wall, cpu=cpu, peak_rss=rss, peak_process="boletines", load=1.0, runs=1,
        samples=(sample,),
    )  # fmt: skip


def download(kb: float) -> measure.SearchDownload:
    return measure.SearchDownload(int(kb * 1024), (("pagefind.js", int(kb * 1024)),))


def context(sizes: tuple[int, ...]) -> Context:
    return Context(sizes=sizes, runs=3, seed=1, work=Path("work"), tools={})


def agreement(query: str, common: int) -> ranking.Agreement:
    plain = tuple(f"/p{i}/" for i in range(10))
    shown = plain[:common] + tuple(f"/other{i}/" for i in range(10 - common))
    return ranking.Agreement(query, shown, plain, first=shown)


def rows_for_issue19() -> list[Row]:
    search = "full build, search"
    return [
        Row(2_000, search, OURS, result(4.0, 6.0, pss=300 * MB, rss=600 * MB)),
        Row(2_000, "full build (no search)", "Pelican", result(10.0, 9.0, rss=80 * MB)),
        Row(10_000, "full build, no search", OURS, result(20.0, 25.0, pss=600 * MB, rss=900 * MB)),
        Row(10_000, search, OURS, result(50.0, 60.0, pss=900 * MB), search=download(382.4)),
        Row(100_000, search, OURS, result(199.0, 300.0, pss=2_800 * MB, rss=5_000 * MB),
            search=download(612.0)),
    ]  # fmt: skip


def test_issue19_targets_judge_each_target_from_its_own_size():
    ctx = context((2_000, 10_000, 100_000))
    ctx.rankings[10_000] = ranking.RankingReport(
        10, 10_000, (agreement("dengue", 9), agreement("diabetes", 10))
    )
    lines = __main__.issue19_targets(rows_for_issue19(), ctx)
    table = {line.split(" | ")[0].lstrip("| "): line for line in lines if line.startswith("| ")}
    assert table["100,000, full build, search: whole process tree under 3 GB"] == (
        "| 100,000, full build, search: whole process tree under 3 GB | 2.94 GB PSS; Σ of the "
        "processes' RSS peaks 5.24 GB | met |"
    )
    assert table["100,000: full build with search under 200 s"].endswith(
        "| 199.00 s (limit 200 s) | met |"
    )
    assert table["10,000, full build, no search: whole process tree under 0.5 GB"].endswith(
        "| 0.63 GB PSS; Σ of the processes' RSS peaks 0.94 GB | **not met** |"
    )
    assert table["10,000: first search under 400 KB"].endswith("| 382 KB | met |")
    assert table["100,000: first search under 600 KB"].endswith("| 612 KB | **not met** |")
    assert table["10,000: ranking agrees with one index, ≥ 9 of 10"].endswith(
        "| 9.5 of 10 over 2 queries; first search 9.5 of 10 | met |"
    )
    assert table["10,000: preview, a saved edit shows under 1 s"].endswith("| not measured | |")
    assert table["10,000: preview, search updated within 5 s"].endswith("| not measured | |")
    assert table["2,000: full build with search ≤ 1/2 of Pelican's without"].endswith(
        "| 4.00 s against 10.00 s, not paired: 0.40 (CPU 0.67) | met |"
    )


def sample(wall: float, cpu: float, load: float) -> measure.Sample:
    return measure.Sample(wall, cpu, 0, "", 0, Path("log"), load)


def test_the_2000_target_is_judged_on_paired_runs_when_they_ran():
    ctx = context((2_000,))
    ctx.pairs[2_000] = paired.Paired(
        2_000,
        (
            paired.Pair(sample(6.6, 10.3, 1.2), sample(9.4, 9.3, 1.3)),
            paired.Pair(sample(9.9, 12.0, 1.6), sample(12.5, 10.5, 2.1)),
            paired.Pair(sample(12.5, 12.8, 3.1), sample(14.9, 11.4, 3.4)),
        ),
    )
    lines = __main__.issue19_targets(rows_for_issue19(), ctx)
    assert (
        "| 2,000: full build with search ≤ 1/2 of Pelican's without | median of 3 paired runs: "
        "0.79 (CPU 1.12) | **not met** |"
    ) in lines
    section = paired.lines(ctx.pairs[2_000])
    assert section[4] == "| 1 | 6.60 | 10.30 | 1.2 | 9.40 | 9.30 | 1.3 | 0.70 | 1.11 |"
    assert section[7] == "| **median** | | | | | | | **0.79** | **1.12** |"


def test_issue19_targets_take_the_preview_latencies_and_say_what_was_not_measured():
    ctx = context((10_000,))
    ctx.preview[10_000] = (0.8, 6.5)
    ctx.rankings[10_000] = ranking.RankingReport(0, 0, (), "Chromium is missing")
    lines = __main__.issue19_targets(rows_for_issue19()[2:4], ctx)
    text = "\n".join(lines)
    assert "| 10,000: preview, a saved edit shows under 1 s | 0.80 s (limit 1 s) | met |" in text
    assert "| 10,000: preview, search updated within 5 s | 6.50 s (limit 5 s) | **not met** |" in (
        text
    )
    assert "| 10,000: ranking agrees with one index, ≥ 9 of 10 | not measured (Chromium is " in (
        text
    )
    assert "| 100,000: full build with search under 200 s | not measured | |" in text
    assert "| 2,000: full build with search ≤ 1/2 of Pelican's without | not measured | |" in text


def test_the_results_table_shows_both_tree_memories_in_every_row():
    rows = [
        *rows_for_issue19(),
        Row(10_000, __main__.IDENTICAL, OURS, measure.Result(runs=1), False),
        Row(10_000, "rebuild, one bulletin added", OURS, measure.Result(error="exit status 1")),
    ]
    lines = __main__.table(rows, {})
    widths = {line.count("|") for line in lines}
    assert len(widths) == 1, lines
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    row = [cell.strip() for cell in lines[4].strip("|").split("|")]  # N = 10,000 no search
    assert row[header.index("tree MB (PSS)")] == "600"
    assert row[header.index("tree MB (Σ RSS peaks)")] == "900"


def test_large_archives_skip_the_peers_unless_asked_and_run_once():
    ctx = context((10_000, 100_000))
    assert __main__.peers_at(ctx, 10_000) and not __main__.peers_at(ctx, 100_000)
    assert __main__.runs_at(ctx, 10_000) == 3 and __main__.runs_at(ctx, 100_000) == 1
    ctx.peers = True
    assert __main__.peers_at(ctx, 100_000)
