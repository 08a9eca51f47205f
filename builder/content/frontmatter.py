"""Splitting a bulletin file into its front matter (YAML between ``---`` lines) and body.

The opening ``---`` must be the first line, as in Zola and Jekyll: a ``---`` further down
is a Markdown horizontal rule, so guessing would misread bodies. The closing line is
``---`` (or YAML's ``...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.core.errors import Diagnostic, error

_OPENING = re.compile(r"---[ \t]*(?:\n|\Z)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class FrontMatter:
    """The two parts of a file, with the line where each starts (1-based)."""

    yaml_text: str
    yaml_line: int
    body: str
    body_line: int


def split_front_matter(text: str, path: str) -> tuple[FrontMatter | None, Diagnostic | None]:
    """Split ``text`` (newlines already normalised to ``\\n``); or say why it cannot be."""
    if not text.strip():
        return None, error(path, 1, "content.empty_file")
    opening = _OPENING.match(text)
    if opening is None:
        return None, error(path, 1, "content.no_front_matter")
    start = opening.end()
    closing = _CLOSING.search(text, start)
    if closing is None:
        return None, error(path, 1, "content.front_matter_unclosed")
    yaml_text = text[start : closing.start()]
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    body_line = text.count("\n", 0, body_start) + 1
    return FrontMatter(yaml_text, 2, text[body_start:], body_line), None
