"""Bulletins per month as a small inline SVG bar chart, drawn at build time (no JavaScript).

Each bar carries a ``<title>`` (a tooltip) with the month and count; the chart as a whole
is one image with a text label, and the page lists the same numbers, with links, as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape

from markupsafe import Markup

BAR = 10
GAP = 2
HEIGHT = 100
MIN_SLOTS = 12


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
    slots = max(len(series), MIN_SLOTS)
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
