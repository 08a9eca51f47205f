"""BENCHMARKS.md: a new run replaces the numbers and keeps the hand-written analysis."""

from __future__ import annotations

from pathlib import Path

from bench.__main__ import ANALYSIS, with_analysis


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
