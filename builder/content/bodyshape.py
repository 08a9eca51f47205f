"""Limits on a body's shape that keep rendering it linear in its size.

Python-Markdown's cost grows with the square of the longest stretch it works on: a link
opened and never closed (``[a](`` repeated) is scanned to the end of its paragraph, a
code span to the end of its paragraph, from every one of them; and nested lists and
quotes recurse once per level (a list nested 800 levels deep raised RecursionError, one
nested 1,600 levels deep in 5 MB took 1.9 GB and 30 s). Both are bounded here, before
rendering, with errors that name the line:

- a *block* (lines with no blank line between them: a paragraph, a list, a quote, a
  table) holds at most :data:`MAX_BLOCK_CHARS` characters (bulletins' longest paragraphs
  are about 1,200) and at most :data:`MAX_BLOCK_OPENERS` openers: "](" (where an inline
  link's address starts; Python-Markdown scans from each one to its closing parenthesis,
  a step of a Python loop per character, to the end of the block if there is none) and
  runs of backticks (each scanned to the end of the block for a run as long) and HTML
  comments (for each, Python-Markdown looks for the end of every inline tag still open
  to the end of the block: a 10 kB block of ``<!----><b>`` took 1 s);
- a line opens at most :data:`MAX_DEPTH` levels of lists and quotes (a ``>`` or list
  marker each, and a level per 4 columns of indentation); bulletins use 1 or 2.

Blank lines are those Python-Markdown treats as blank (only spaces and tabs) and lines
end at "\\n" only, as for Python-Markdown, so no other character can split a block here
that stays whole there.
"""

from __future__ import annotations

import re

from builder.errors import Diagnostic, error

MAX_BLOCK_CHARS = 10_000
MAX_BLOCK_OPENERS = 100
MAX_DEPTH = 16
_BACKTICKS = re.compile(r"`+")
_TAB = 4  # Python-Markdown's tab_length: a nesting level per 4 columns
# The start of a line: indentation, then quote marks and list markers, each with the
# spaces after it.
_PREFIX = re.compile(r"[ \t]*(?:(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])[ \t]*)*")
_MARK = re.compile(r">[ ]?|[-*+][ \t]|\d{1,9}[.)][ \t]")  # the space after ">" is its own
# A level takes at most 14 characters ("123456789. " and 3 spaces), so a line deeper than
# the limit is so in its first 14 * 17 characters: only those are read.
_DEEP_ENOUGH = 14 * (MAX_DEPTH + 1)


def shape_problems(body: str, first_line: int, shown: str) -> list[Diagnostic]:
    """Errors for each block over :data:`MAX_BLOCK_CHARS` and each line nested deeper
    than :data:`MAX_DEPTH`; ``first_line`` is the body's first line in the file."""
    found: list[Diagnostic] = []
    block_start = block_size = block_openers = 0
    for number, line in enumerate(body.split("\n"), start=first_line):
        if not line.strip(" \t"):
            block_size = block_openers = 0
            continue
        if block_size == 0:
            block_start = number
        block_size += len(line) + 1
        if block_size - len(line) - 1 <= MAX_BLOCK_CHARS < block_size:
            found.append(error(shown, block_start, "content.block_too_long", limit=MAX_BLOCK_CHARS))
        openers = line.count("](") + line.count("<!--")
        if "`" in line:
            openers += len(_BACKTICKS.findall(line))
        if openers and block_openers <= MAX_BLOCK_OPENERS < block_openers + openers:
            found.append(
                error(shown, block_start, "content.block_too_many_openers", limit=MAX_BLOCK_OPENERS)
            )
        block_openers += openers
        if line_depth(line[:_DEEP_ENOUGH]) > MAX_DEPTH:
            found.append(error(shown, number, "content.too_nested", limit=MAX_DEPTH))
    return found


def line_depth(line: str) -> int:
    """How many levels of lists and quotes a line can open: one per ``>`` or list marker
    at its start, and one per 4 columns of indentation around them (indentation without
    a marker opens no level: it is a paragraph's or a code block's)."""
    prefix = _PREFIX.match(line).group(0)  # type: ignore[union-attr]  # it matches ""
    marks = len(_MARK.findall(prefix))
    if not marks:
        return 0
    return marks + len(_MARK.sub("", prefix).expandtabs(_TAB)) // _TAB
