"""Links written in a bulletin's Markdown body, with the line each one is on.

Used by ``boletines check`` to find links to bulletins that do not exist and unsafe
links. It reads the Markdown the editor wrote rather than the rendered HTML so that each
finding can name its line. Code blocks and code spans are skipped: a URL shown as code is
not a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# An inline link ``[text](destination "title")`` is found by hand (:func:`_inline_links`):
# the single regular expression it replaces retried the bracketed text from every "[",
# which made a line of 60,000 "[" take 91 s. These match what follows the "]".
_OPEN = re.compile(r"\(\s*")
_DESTINATION = re.compile(r"(?:[^\s()]|\([^\s()]*\))+")
_AFTER_DESTINATION = re.compile(r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>\n]*>|\S+)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^\s<>]*)>")
_HTML_ATTR = re.compile(
    r"""\b(?:href|src|action|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I
)

# Schemes a browser would run or use to smuggle content; never published as links.
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


@dataclass(frozen=True)
class BodyLink:
    url: str
    line: int  # 1-based line within the body
    image: bool = False  # ``![alt](url)`` or ``<img src>``: a file the page must load


def body_links(body: str) -> Iterator[BodyLink]:
    """Every link target in ``body``: inline and reference links, autolinks, HTML attributes."""
    fence: str | None = None
    for number, line in enumerate(body.splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if "](" not in line and "]:" not in line and "<" not in line and "=" not in line:
            continue  # most lines are plain prose: no link can start here
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line
        found: list[tuple[int, str, bool]] = []
        found.extend(_inline_links(text))
        for match in _REFERENCE.finditer(text):
            found.append((match.start(1), match.group(1), False))
        for match in _AUTOLINK.finditer(text):
            found.append((match.start(1), match.group(1), False))
        for match in _HTML_ATTR.finditer(text):
            value = next(g for g in match.groups() if g is not None)
            image = match.group(0).lower().startswith("src") and _in_img(text, match.start())
            found.append((match.start(), value, image))
        for _, url, image in sorted(found):
            url = url.strip()
            if url.startswith("<") and url.endswith(">"):
                url = url[1:-1].strip()
            yield BodyLink(url, number, image)


def _inline_links(line: str) -> Iterator[tuple[int, str, bool]]:
    """``(start, destination, image)`` of each inline link, as the leftmost-first search
    for ``!?\\[(?:[^\\]\\\\]|\\\\.)*\\]\\(destination title?\\)`` finds them, in time
    linear in the line.

    The bracketed text that starts at a "[" ends at the first "]" after it that an odd run
    of backslashes does not escape; so every "[" between two such "]" shares its end, and
    each "]" is looked at once: the first "[" before it (after the previous one and after
    the last link found) starts the link, if a destination follows the "]".
    """
    position = 0  # where the search goes on: the end of the last link found
    after_previous = 0  # just after the previous unescaped "]"
    closing = _AngleEnds(line)
    for match in _CLOSING_BRACKET.finditer(line):
        if len(match.group(1)) % 2:
            continue  # an escaped "]"
        end = match.end() - 1  # the "]"
        low = max(after_previous, position)
        after_previous = end + 1
        if end < position:
            continue
        start = line.find("[", low, end)
        if start < 0 or not line.startswith("(", end + 1):
            continue
        found = _destination(line, end + 1, closing)
        if found is None:
            continue
        image = start > position and line[start - 1] == "!"
        destination_start, destination, position = found
        yield destination_start, destination, image


_CLOSING_BRACKET = re.compile(r"(\\*)\]")


class _AngleEnds:
    """The next ">" at or after a position, for positions that only grow: each stretch
    of the line is searched once, however many ``(<`` share the same ">"."""

    def __init__(self, line: str) -> None:
        self._line = line
        self._found = -1

    def after(self, start: int) -> int:
        if self._found < start:
            self._found = self._line.find(">", start)
            if self._found < 0:
                self._found = len(self._line)
        return self._found if self._found < len(self._line) else -1


def _destination(line: str, at: int, angle: _AngleEnds) -> tuple[int, str, int] | None:
    """``(start, destination, end of link)`` for ``(destination "title")`` at ``at``."""
    opening = _OPEN.match(line, at)
    if opening is None:
        return None
    start = opening.end()
    if line.startswith("<", start):
        close = angle.after(start + 1)
        if close >= 0:
            rest = _AFTER_DESTINATION.match(line, close + 1)
            if rest:
                return start, line[start : close + 1], rest.end()
    plain = _DESTINATION.match(line, start)
    if plain is None:
        return None
    rest = _AFTER_DESTINATION.match(line, plain.end())
    if rest is None:
        return None
    return start, plain.group(0), rest.end()


def _in_img(line: str, at: int) -> bool:
    """Whether the attribute at ``at`` belongs to an ``<img>`` tag."""
    start = line.rfind("<", 0, at)
    return start >= 0 and re.match(r"<img\b", line[start:], re.IGNORECASE) is not None


def is_unsafe(url: str) -> bool:
    """A ``javascript:``, ``vbscript:`` or ``data:`` URL, however it is spelled.

    Browsers ignore ASCII whitespace and control characters inside a scheme and its case,
    so "Java&#09;Script:" style tricks are folded away before comparing.
    """
    squeezed = "".join(c for c in url if ord(c) > 0x20).lower()
    squeezed = re.sub(r"&#(x0*9|0*9|x0*a|0*10|x0*d|0*13);?", "", squeezed)
    squeezed = squeezed.replace("&tab;", "").replace("&newline;", "").replace("&colon;", ":")
    return squeezed.startswith(UNSAFE_SCHEMES)
