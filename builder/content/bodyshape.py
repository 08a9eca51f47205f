"""Limits on a body's shape that keep rendering it linear in its size.

Python-Markdown's cost grows with the square of the longest stretch it works on: a link
opened and never closed (``[a](`` repeated) is scanned to the end of its paragraph, a
code span to the end of its paragraph, from every one of them; and nested lists and
quotes recurse once per level (a list nested 800 levels deep raised RecursionError, one
nested 1,600 levels deep in 5 MB took 1.9 GB and 30 s). Both are bounded here, before
rendering, with errors that name the line:

- a *block* (lines with no blank line between them: a paragraph, a list, a quote, a
  table) holds at most :data:`MAX_BLOCK_CHARS` characters (bulletins' longest paragraphs
  are about 1,200), unless it is one line of plain words (no character that means
  something to Markdown or HTML: a long word or a paragraph pasted as one line), and at
  most :data:`MAX_BLOCK_OPENERS` openers: "](" (where an inline link's address starts;
  Python-Markdown scans from each one to its closing parenthesis, a step of a Python loop
  per character, to the end of the block if there is none), runs of backticks (each
  scanned to the end of the block for a run as long) and HTML comments (for each,
  Python-Markdown looks for the end of every inline tag still open to the end of the
  block: a 10 kB block of ``<!----><b>`` took 1 s);
- a line opens at most :data:`MAX_DEPTH` levels of lists and quotes (a ``>`` or list
  marker each, and a level per 4 columns of indentation); bulletins use 1 or 2.

Blank lines are those Python-Markdown treats as blank (only spaces and tabs) and lines
end at "\\n" only, as for Python-Markdown, so no other character can split a block here
that stays whole there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.core.errors import Diagnostic, error

MAX_BLOCK_CHARS = 10_000
MAX_BLOCK_OPENERS = 100
MAX_DEPTH = 16
_BACKTICKS = re.compile(r"`+")
# Characters that start something in a line for Markdown or HTML (as in
# :mod:`builder.render.prose`): a block of one line without them costs linear time.
_MARKUP = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\\`_\[\]<>&|*]")
_TAB = 4  # Python-Markdown's tab_length: a nesting level per 4 columns
# The start of a line: indentation, then quote marks and list markers, each with the
# spaces after it.
_PREFIX = re.compile(r"[ \t]*(?:(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])[ \t]*)*")
_MARK = re.compile(r">[ ]?|[-*+][ \t]|\d{1,9}[.)][ \t]")  # the space after ">" is its own
# A level takes at most 14 characters ("123456789. " and 3 spaces), so a line deeper than
# the limit is so in its first 14 * 17 characters: only those are read.
_DEEP_ENOUGH = 14 * (MAX_DEPTH + 1)


def shape_problems(body: str, first_line: int, shown: str) -> list[Diagnostic]:
    """Errors for each block over the limits and each line nested deeper than
    :data:`MAX_DEPTH`, in the order of their lines; ``first_line`` is the body's first
    line in the file."""
    found: list[Diagnostic] = []
    block = _Block(first_line, 0)
    for number, line in enumerate(body.split("\n"), start=first_line):
        if not line.strip(" \t"):
            block.close(found, shown)
            block = _Block(number + 1, len(found))
            continue
        block.lines += 1
        block.size += len(line) + 1
        if not block.marked and _MARKUP.search(line):
            block.marked = True
        openers = line.count("](") + line.count("<!--")
        if "`" in line:
            openers += len(_BACKTICKS.findall(line))
        if openers and block.openers <= MAX_BLOCK_OPENERS < block.openers + openers:
            found.append(
                error(shown, block.start, "content.block_too_many_openers", limit=MAX_BLOCK_OPENERS)
            )
        block.openers += openers
        if line_depth(line[:_DEEP_ENOUGH]) > MAX_DEPTH:
            found.append(error(shown, number, "content.too_nested", limit=MAX_DEPTH))
    block.close(found, shown)
    return found


@dataclass
class _Block:
    """The block being read: where it starts (its line, and where its errors go in the
    list), its size, lines and openers, and whether it holds a character Markdown or
    HTML gives a meaning to."""

    start: int
    errors_at: int
    size: int = 0
    lines: int = 0
    openers: int = 0
    marked: bool = False

    def close(self, found: list[Diagnostic], shown: str) -> None:
        """A block of one line of plain words may be longer: rendering it is linear."""
        if self.size > MAX_BLOCK_CHARS and (self.lines > 1 or self.marked):
            problem = error(shown, self.start, "content.block_too_long", limit=MAX_BLOCK_CHARS)
            found.insert(self.errors_at, problem)


def line_depth(line: str) -> int:
    """How many levels of lists and quotes a line can open: one per ``>`` or list marker
    at its start, and one per 4 columns of indentation around them (indentation without
    a marker opens no level: it is a paragraph's or a code block's)."""
    prefix = _PREFIX.match(line).group(0)  # type: ignore[union-attr]  # it matches ""
    marks = len(_MARK.findall(prefix))
    if not marks:
        return 0
    return marks + len(_MARK.sub("", prefix).expandtabs(_TAB)) // _TAB
