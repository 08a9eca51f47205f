"""Paired runs: our clean build with search and Pelican's build without, one right after the
other, for the ratio issue 19 sets at 2,000 bulletins (ours at most half of Pelican's).

The scenarios of the main table run one after the other, each ``BENCH_RUNS`` times, so our
runs and Pelican's are minutes apart; on a shared machine the load changes in that time.
Measured at 2,000 bulletins on this 2-core machine: our medians at a load of 8.6 and
Pelican's at 4.1 gave a wall ratio of 1.84, while runs paired within seconds of each other
gave 0.70, 0.79 and 0.84 (loads 1.2 to 3.4). Each pair here runs both builds from clean
output back to back and the ratio is taken within the pair; the report gives every pair with
its load and the median of the ratios.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import measure

PAIRED_SIZES = (2_000,)  # the sizes an issue target compares in pairs


@dataclass(frozen=True)
class Build:
    """One side of a pair: the command, where it runs, and what empties its output."""

    cmd: Sequence[str | os.PathLike[str]]
    cwd: Path
    clean: Callable[[], None]
    env: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Pair:
    ours: measure.Sample
    pelican: measure.Sample

    @property
    def wall_ratio(self) -> float:
        return self.ours.wall / self.pelican.wall

    @property
    def cpu_ratio(self) -> float:
        return self.ours.cpu / self.pelican.cpu


@dataclass(frozen=True)
class Paired:
    """The pairs measured at one size, or why they could not be."""

    n: int
    pairs: tuple[Pair, ...] = ()
    error: str = ""

    @property
    def wall_ratio(self) -> float | None:
        return statistics.median(p.wall_ratio for p in self.pairs) if self.pairs else None

    @property
    def cpu_ratio(self) -> float | None:
        return statistics.median(p.cpu_ratio for p in self.pairs) if self.pairs else None


def run(n: int, ours: Build, pelican: Build, runs: int, logs: Path) -> Paired:
    """``runs`` pairs: ours, then Pelican, each from clean output; the first failure stops."""
    pairs: list[Pair] = []
    for i in range(runs):
        samples = []
        for name, build in (("ours", ours), ("pelican", pelican)):
            build.clean()
            log = logs / f"paired-{name}.{i}.log"
            try:
                sample = measure.run_once(build.cmd, cwd=build.cwd, log=log, env=build.env)
            except OSError as exc:
                return Paired(n, tuple(pairs), f"cannot run {build.cmd[0]}: {exc}")
            if sample.returncode != 0:
                reason = measure.tail(sample.log) or "(no output)"
                return Paired(n, tuple(pairs), f"exit status {sample.returncode}: {reason}")
            samples.append(sample)
        pairs.append(Pair(*samples))
    return Paired(n, tuple(pairs))


def lines(paired: Paired) -> list[str]:
    """The report's section on the pairs at one size."""
    head = f"### N = {paired.n:,}: our full build with search, then Pelican's without"
    if not paired.pairs:
        return [head, "", f"Not measured: {paired.error or 'no pair ran'}", ""]
    out = [
        head,
        "",
        "| pair | ours wall s | ours CPU s | load | Pelican wall s | Pelican CPU s | load "
        "| × Pelican wall | × Pelican CPU |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for i, pair in enumerate(paired.pairs, 1):
        ours, pelican = pair.ours, pair.pelican
        out.append(
            f"| {i} | {ours.wall:.2f} | {ours.cpu:.2f} | {ours.load:.1f} | {pelican.wall:.2f} "
            f"| {pelican.cpu:.2f} | {pelican.load:.1f} | {pair.wall_ratio:.2f} "
            f"| {pair.cpu_ratio:.2f} |"
        )
    out.append(
        f"| **median** | | | | | | | **{paired.wall_ratio:.2f}** | **{paired.cpu_ratio:.2f}** |"
    )
    if paired.error:
        out += ["", f"Stopped: {paired.error}"]
    out.append("")
    return out
