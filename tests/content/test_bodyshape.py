"""Body shape limits: blocks of at most 10,000 characters, lines at most 16 levels deep."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.content.bodyshape import (
    MAX_BLOCK_CHARS,
    MAX_BLOCK_OPENERS,
    MAX_DEPTH,
    line_depth,
    shape_problems,
)
from builder.render.markdown import MarkdownRenderer


def codes(body: str, first_line: int = 5) -> list[tuple[int | None, str]]:
    return [(d.line, d.code) for d in shape_problems(body, first_line, "x.md")]


def test_a_block_may_hold_the_limit_and_not_one_character_more():
    line = "a" * 99  # 100 characters with its line break
    fits = "\n".join([line] * (MAX_BLOCK_CHARS // 100 - 1) + ["a" * 99])
    assert len(fits) + 1 == MAX_BLOCK_CHARS
    assert codes(fits) == []
    assert codes(fits + "a") == [(5, "content.block_too_long")]
    assert codes("Título.\n\n" + fits + "a\n\nFin.") == [(7, "content.block_too_long")]


def test_one_line_of_plain_words_may_be_longer():
    """A word or a paragraph pasted as one line costs linear time whatever its length;
    a second line (list items, line breaks) or a mark makes it a block like any other."""
    assert codes("palabra " * 5000) == []
    assert codes("Anticonstitucionalísimamente" * 400) == []
    assert codes("palabra " * 5000 + "*") == [(5, "content.block_too_long")]
    assert codes("palabra " * 5000 + "\notra") == [(5, "content.block_too_long")]
    assert codes("- a\n" * 2501) == [(5, "content.block_too_long")]


def test_blank_lines_split_blocks_as_markdown_sees_them():
    half = "\n".join(["a" * 99] * (MAX_BLOCK_CHARS // 200))
    for blank in ("", " ", "\t", "  \t "):
        assert codes(half + "\n" + blank + "\n" + half + "\n" + blank + "\n" + half) == []
    # Markdown does not end a paragraph at these, so neither do the limits
    for not_blank in ("\u00a0", "\u3000", "\x0b", "\x0c", "\r"):
        body = half + "\n" + not_blank + "\n" + half + half
        assert codes(body) == [(5, "content.block_too_long")], repr(not_blank)


def test_each_long_block_is_reported_once_at_its_first_line():
    block = "\n".join(["b" * 999] * 11)
    assert codes(f"{block}\n\n{block}\n\ncorto", first_line=3) == [
        (3, "content.block_too_long"),
        (15, "content.block_too_long"),
    ]


def test_a_block_may_hold_the_limit_of_openers_and_not_one_more():
    """A link address opened and not closed ("[a](") is scanned to the end of its block,
    from each one: 5,000 of them in a 20 kB block took 5.3 s."""
    line = "[a](" * 10
    fits = "\n".join([line] * (MAX_BLOCK_OPENERS // 10))
    assert codes(fits) == []
    assert codes(fits + "[b](") == [(5, "content.block_too_many_openers")]
    assert codes(fits + "\n\n" + fits) == []
    assert codes(fits + "\n" + fits, first_line=2) == [(2, "content.block_too_many_openers")]
    # runs of backticks count once each, whatever their length; 2,500 took 0.9 s
    ticks = "\n".join(["`a``b```c" * 10] * 3 + ["`" * 50 + " x ``"] * 5)
    assert codes(ticks) == []
    assert codes(ticks + " `") == [(5, "content.block_too_many_openers")]
    comments = "<!-- x --><b>" * MAX_BLOCK_OPENERS
    assert codes(comments) == []
    assert codes(comments + "<!--") == [(5, "content.block_too_many_openers")]


@pytest.mark.parametrize(
    ("line", "depth"),
    [
        ("Texto normal.", 0),
        ("        Texto con sangría, sin marca de lista.", 0),
        ("- punto", 1),
        ("    - subpunto", 2),
        ("1. primero", 1),
        ("> cita", 1),
        (">>>> cuatro", 4),
        ("> > - > - dentro", 5),
        ("\t\t- con tabuladores", 3),
        ("- - - - tres listas en una línea", 4),
        ("-sin espacio no es lista", 0),
    ],
)
def test_line_depth_counts_marks_and_indentation(line, depth):
    assert line_depth(line) == depth


def test_the_deepest_line_allowed_and_one_deeper():
    assert codes(">" * MAX_DEPTH + " cita") == []
    assert codes(">" * (MAX_DEPTH + 1) + " cita") == [(5, "content.too_nested")]
    lines = "".join("    " * i + "- nivel\n" for i in range(MAX_DEPTH + 1))
    assert codes(lines, first_line=1) == [(MAX_DEPTH + 1, "content.too_nested")]


def test_deep_nesting_that_crashed_or_exhausted_memory_is_refused():
    """A list 800 levels deep raised RecursionError in Python-Markdown; 5 MB of ">"
    took 2.7 GB. Both are refused before rendering."""
    deep_list = "".join("    " * i + "- a\n\n" for i in range(800))
    assert {c for _, c in codes(deep_list)} == {"content.too_nested"}
    quotes = {c for _, c in codes(">" * 5_000_000)}
    assert quotes == {"content.block_too_long", "content.too_nested"}


nested_lines = st.lists(
    st.tuples(
        st.integers(0, 6),  # indentation in spaces
        st.lists(st.sampled_from(["> ", ">", "- ", "* ", "+ ", "1. ", "    ", "\t"]), max_size=20),
        st.sampled_from(["texto", "", "- x", "**b**"]),
        st.booleans(),  # a blank line after it
    ),
    max_size=40,
)


@given(nested_lines)
def test_whatever_the_limits_accept_renders(lines):
    body = "".join(
        " " * indent + "".join(marks) + text + ("\n\n" if blank else "\n")
        for indent, marks, text, blank in lines
    )
    problems = codes(body)
    if not problems:
        assert isinstance(MarkdownRenderer().render(body), str)
    else:
        assert {c for _, c in problems} <= {"content.too_nested"}
