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
_INLINE = re.compile(
    r"!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))+)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
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
        for match in _INLINE.finditer(text):
            found.append((match.start(1), match.group(1), match.group(0).startswith("!")))
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
