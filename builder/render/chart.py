"""Bulletins per month as a small inline SVG bar chart, drawn at build time (no JavaScript).

Each bar carries a ``<title>`` (a tooltip) with the month and count; the chart as a whole
is one image with a text label, and the page lists the same numbers, with links, as text.
:func:`year_ticks` places year labels under the bars of January (HTML beside the SVG: the
SVG stretches to any width, which would distort its own text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

BAR = 10
GAP = 2
HEIGHT = 100
MIN_SLOTS = 12
MAX_TICKS = 6  # year labels that fit under the chart at 320 px
END_AT = 80  # a label starting further right (in %) ends at its bar instead


def bar_chart(
    series: Sequence[tuple[dt.date, int]],
    *,
    label: str,
    month_label: Callable[[dt.date, int], str],
) -> Markup:
    """An SVG with one bar per month in ``series``; empty when there is nothing to draw."""
    if not series:
        return Markup("")
    peak = max(count for _, count in series) or 1
    slots = _slots(series)
    width = slots * BAR
    offset = (slots - len(series)) * BAR  # few months: bars sit on the right, same width
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {HEIGHT}" preserveAspectRatio="none" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<line class="chart-axis" x1="0" y1="{HEIGHT}" x2="{width}" y2="{HEIGHT}"/>',
    ]
    for i, (month, count) in enumerate(series):
        if count == 0:
            continue
        height = max(round(count / peak * (HEIGHT - 4), 2), 2)
        x = offset + i * BAR + GAP / 2
        title = escape(month_label(month, count))
        parts.append(
            f'<rect x="{x:g}" y="{HEIGHT - height:g}" width="{BAR - GAP}" height="{height:g}">'
            f"<title>{title}</title></rect>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _slots(series: Sequence[tuple[dt.date, int]]) -> int:
    return max(len(series), MIN_SLOTS)


@dataclass(frozen=True)
class Tick:
    """A year label under the chart: ``style`` places it at the left edge of that year's
    January bar ("left: 13.33%"); near the right edge it ends there instead ("right: ...")
    so that it is not cut off on a narrow screen."""

    year: str
    style: str
    end: bool


def year_ticks(series: Sequence[tuple[dt.date, int]], max_ticks: int = MAX_TICKS) -> list[Tick]:
    """Labels for the x axis, under the bars of January. The first year is labelled at
    its first bar when its January is not in the series and the next one is more than
    half a year away; with more years than ``max_ticks``, every n-th year counting back
    from the newest."""
    if not series:
        return []
    slots = _slots(series)
    start = slots - len(series)
    marks = [i for i, (month, _) in enumerate(series) if month.month == 1]
    if not marks or (marks[0] > 6):
        marks.insert(0, 0)
    step = -(-len(marks) // max_ticks)
    ticks = []
    for i in marks[::-1][::step][::-1]:  # thinned from the newest year back: always shown
        left = (start + i) / slots * 100
        end = left > END_AT
        style = f"right: {100 - left:.4g}%" if end else f"left: {left:.4g}%"
        ticks.append(Tick(str(series[i][0].year), style, end))
    return ticks
