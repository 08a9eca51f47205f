"""Paired runs: each pair runs ours then Pelican, each from clean output; a failure stops."""

from __future__ import annotations

import sys
from pathlib import Path

from bench import paired

WRITE = (
    "import pathlib, sys; p = pathlib.Path(sys.argv[1]); p.write_text(p.read_text() + sys.argv[2])"
)


def build(tmp_path: Path, name: str, trace: list[str], code: str = WRITE) -> paired.Build:
    log = tmp_path / "order.txt"
    log.touch()
    return paired.Build(
        [sys.executable, "-c", code, str(log), name],
        tmp_path,
        lambda: trace.append(f"clean {name}"),
    )


def test_pairs_alternate_each_after_its_clean(tmp_path):
    trace: list[str] = []
    ours, pelican = build(tmp_path, "o", trace), build(tmp_path, "p", trace)
    result = paired.run(2_000, ours, pelican, 3, tmp_path / "logs")
    assert not result.error and len(result.pairs) == 3
    assert (tmp_path / "order.txt").read_text() == "opopop"
    assert trace == ["clean o", "clean p"] * 3
    ratios = sorted(p.wall_ratio for p in result.pairs)
    assert result.wall_ratio == ratios[1]
    assert all(p.ours.wall > 0 and p.pelican.cpu > 0 for p in result.pairs)


def test_a_failing_build_stops_the_pairs_and_says_why(tmp_path):
    trace: list[str] = []
    ours = build(tmp_path, "o", trace)
    pelican = build(tmp_path, "p", trace, "import sys; sys.exit('pelicanconf.py: no THEME')")
    result = paired.run(2_000, ours, pelican, 3, tmp_path / "logs")
    assert result.pairs == () and result.wall_ratio is None
    assert result.error == "exit status 1: pelicanconf.py: no THEME"
    assert paired.lines(result)[-2] == "Not measured: exit status 1: pelicanconf.py: no THEME"
