"""Rendering a body takes time that grows linearly with its size, whatever its shape.

The shapes below were quadratic (or worse) in Python-Markdown before the body shape
limits (:mod:`builder.content.bodyshape`) and the escaping of "<" that can start no tag
(:func:`builder.render.markdown.defuse_tags`). Timing is CPU time, the least of two
runs, and only ever compared between two sizes of the same shape on the same machine,
with a wide margin: 4 times the text may take up to 8 times as long, where a quadratic
cost takes 16.
"""

from __future__ import annotations

import os
import time

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.content.bodyshape import MAX_BLOCK_CHARS, shape_problems
from builder.render.markdown import (
    DANGLING_TAGS_KEPT,
    EXTENSIONS,
    MarkdownRenderer,
    defuse_tags,
    sanitize,
)


def blocks(unit: str, size: int, repeat: int = 0) -> str:
    """Blocks of 2,000 characters, ``size`` in all: ``unit`` repeated ``repeat`` times (as
    many as fit when 0) and then words."""
    block = unit * (repeat or 2000 // len(unit))
    block = (block + " palabra" * 250)[:2000].strip()
    return "\n\n".join([block] * max(1, size // 2000))


def deep_list(size: int) -> str:
    lines = "".join("    " * i + f"- nivel {i}\n" for i in range(16))
    return "\n\n".join([lines] * max(1, size // len(lines)))


SHAPES = {
    # 50,000 "<a " took 271 s: an HTML parser looked for each tag's end to the body's end
    "dangling_tags": lambda size: blocks("<a ", size),
    "dangling_tags_one_per_block": lambda size: "<a\n\n" * (size // 4),
    # the most openers a block may hold (100), each scanned to the block's end
    "unclosed_link_addresses": lambda size: blocks("](\t[/", size, 100),
    "backticks": lambda size: blocks("```a`", size, 50),
    "comments_in_open_tags": lambda size: blocks("<b>" * 400 + "<!---->" * 100, size, 1),
    "quotes_16_deep": lambda size: blocks("> " * 16 + "cita\n", size),
    "lists_16_deep": deep_list,
}


def cpu_seconds(renderer: MarkdownRenderer, body: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        renderer.render(body)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_rendering_time_grows_linearly(shape):
    renderer = MarkdownRenderer()
    small, large = SHAPES[shape](4_000), SHAPES[shape](16_000)
    assert shape_problems(large, 1, "x.md") == []
    assert 3.5 * len(small) < len(large) < 4.5 * len(small)
    small_time, large_time = cpu_seconds(renderer, small), cpu_seconds(renderer, large)
    assert large_time < 8 * small_time + 0.05, (small_time, large_time)


def test_a_few_dangling_tags_are_left_as_written():
    """Up to the limit a code span shows them exactly as typed (``&lt;`` there would be
    shown as the five characters), and what Python-Markdown makes of them is unchanged."""
    body = "Escriba `<br` así, " + "o <a " * (DANGLING_TAGS_KEPT - 1) + "y ya."
    assert defuse_tags(body) == body
    plain = markdown.markdown(body, extensions=list(EXTENSIONS))
    assert MarkdownRenderer().render(body) == plain
    assert "<code>&lt;br</code>" in plain


def test_many_dangling_tags_are_escaped_and_read_the_same():
    body = "x <a " * (DANGLING_TAGS_KEPT + 1) + "<b>negrita</b> <a href='/x/'>y</a> 1 < 2 > 0"
    defused = defuse_tags(body)
    assert defused == "x &lt;a " * (DANGLING_TAGS_KEPT + 1) + body.split("x <a ")[-1]
    # the same HTML as Python-Markdown makes of the body as written, only sooner
    assert MarkdownRenderer().render(body) == sanitize(
        markdown.markdown(body, extensions=list(EXTENSIONS))
    )


# What a body may take: 0.2 s, and 0.2 s per kB, several times what the slowest shapes
# found take (SECURITY.md, "Rendering cost and sanitising"): the margin is for a loaded
# machine. ``make fuzz`` tries 1,000 bodies of up to 40 blocks, the normal profile 6 of
# up to 3 blocks.
BUDGET_SECONDS = 0.2
BUDGET_PER_KB = 0.2
FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
MAX_BLOCKS = 40 if FUZZING else 3

TOKENS = (
    "<", ">", "a", " ", "\n", "[", "]", "(", ")", "!", "*", "_", "`", "\\", "&", "#", "-",
    "1.", "    ", "\t", "|", ":", '"', "'", "=", "/", "<a ", "<div>", "</", "<!--", "-->",
    "<?", "](", "**", "__", "&#", ";", "http://x", "<http", "> ", "- ", "~", "<b>", "</b>",
    "---", "```", "[^", "<x", "``", "[a]", "![", '<a href="', "<!---->",
)  # fmt: skip


@pytest.mark.fuzz
@settings(max_examples=max(6, settings().max_examples // 100))  # bodies of up to 400 kB
@given(
    st.lists(st.sampled_from(TOKENS), min_size=1, max_size=8).map("".join),
    st.integers(200, MAX_BLOCK_CHARS),
    st.integers(1, MAX_BLOCKS),
)
def test_no_accepted_body_renders_over_the_budget(unit, block_size, count):
    """A block is ``unit`` repeated (repetition is what made every slow shape slow), the
    body ``count`` such blocks; whatever the shape limits accept renders in budget."""
    block = (unit * (block_size // len(unit) + 1))[:block_size]
    body = "\n\n".join([block] * count)
    if shape_problems(body, 1, "x.md"):
        return
    start = time.process_time()
    MarkdownRenderer().render(body)
    spent = time.process_time() - start
    assert spent < BUDGET_SECONDS + BUDGET_PER_KB * len(body) / 1000, (spent, len(body))
