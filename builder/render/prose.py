"""Bodies of plain prose converted without Python-Markdown, when that gives the same HTML.

Almost every bulletin body is paragraphs of words with now and then some ``**bold**``.
Python-Markdown spends about a millisecond on such a body running dozens of block and
inline processors that find nothing; this module turns it into the HTML Python-Markdown
writes for it (``<p>`` per paragraph, lines kept, ``<strong>``) with a few regular
expressions. Anything outside that subset (a character or line start that means something
to any Markdown processor, a lone ``*``) makes :func:`prose_html` return ``None`` and the
caller uses Python-Markdown. A property test compares both on free-form text.
"""

from __future__ import annotations

import re

# Characters that start a Markdown construct anywhere in a line (escapes, code, emphasis
# with "_", links and images, raw HTML and autolinks, entities, tables) or that Markdown
# rewrites (tabs, carriage returns, its own placeholder characters, other controls).
_SPECIAL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\\`_\[\]<>&|]")
# Line starts that begin a block (headings, quotes, lists, rules, setext underlines, code
# by indentation, definitions) or that Markdown strips: any white space at either end.
# (Bold is replaced first, and any "*" left over means Python-Markdown.)
_BLOCK_START = re.compile(r"\s|[#>+\-=:~]|\d+[.)]")
_STRONG = re.compile(r"\*\*([^\s*](?:[^*\n]*[^\s*])?)\*\*")


def prose_html(text: str) -> str | None:
    """Python-Markdown's HTML for ``text`` if it is plain prose, else ``None``."""
    if _SPECIAL.search(text):
        return None
    if "*" in text:
        text = _STRONG.sub(r"<strong>\1</strong>", text)
        if "*" in text:
            return None
    paragraphs = []
    lines: list[str] = []
    for line in text.split("\n"):
        if not line:
            if lines:
                paragraphs.append("<p>" + "\n".join(lines) + "</p>")
                lines = []
        elif _BLOCK_START.match(line) or line[-1].isspace():
            return None
        else:
            lines.append(line)
    if lines:
        paragraphs.append("<p>" + "\n".join(lines) + "</p>")
    return "\n".join(paragraphs)
