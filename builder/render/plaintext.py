"""Sanitised body HTML to plain text that keeps its paragraphs, for the data export.

Researchers load ``bulletins.json`` into spreadsheets and notebooks; they need the words
with paragraph breaks, not markup. Blocks (paragraphs, headings, list items, quotes, table
rows) become paragraphs separated by a blank line, table cells are separated by a space,
``<br>`` is a line break, list items start with "- ", entities are decoded, and runs of
spaces collapse as a browser would show them (except inside ``<pre>``). Whatever might hide
in a script or style element is dropped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "div",
        "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
HIDDEN = frozenset({"script", "style", "template", "noscript", "iframe", "object", "title"})
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # HTML's whitespace; a no-break space is text
# What str.split() also treats as space but HTML does not collapse.
_OTHER_SPACES = re.compile("[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._lines: list[str] = [""]
        self._prefix = ""
        self._pre = 0
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self._lines.append("")
        elif tag in BLOCKS:
            self._flush()
            if tag == "li":
                self._prefix = "- "
            elif tag == "pre":
                self._pre += 1
        elif tag in ("td", "th"):
            self._lines[-1] += " "

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._lines.append("")
        elif tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCKS:
            self._flush()
            self._prefix = ""
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._pre:
            first, *rest = data.split("\n")
            self._lines[-1] += first
            self._lines.extend(rest)
        else:
            self._lines[-1] += data

    def _flush(self) -> None:
        if self._pre:
            lines = [line.rstrip() for line in self._lines]
        else:
            lines = [_collapse(line) for line in self._lines]
        text = "\n".join(line for line in lines if line)
        if text:
            self.paragraphs.append(self._prefix + text)
            self._prefix = ""
        self._lines = [""]

    def close(self) -> None:
        super().close()
        self._flush()


def _collapse(line: str) -> str:
    """Whitespace runs as one space, ends trimmed; str.split() when it means the same
    (several times faster than the regular expression on long paragraphs)."""
    if _OTHER_SPACES.search(line):
        return _SPACES.sub(" ", line).strip()
    return " ".join(line.split())


# Paragraphs of text with bold, nothing else (what most bodies are): no parser needed.
_SIMPLE = re.compile(r"(?:<p>[^<>&]*(?:</?strong>[^<>&]*)*</p>\n?)*")
_PARAGRAPH = re.compile(r"<p>([^<]*)</p>")


def html_to_text(fragment: str) -> str:
    """The readable text of an HTML fragment: paragraphs separated by one blank line."""
    if _SIMPLE.fullmatch(fragment):
        words = fragment.replace("<strong>", "").replace("</strong>", "")
        if _OTHER_SPACES.search(words):
            paragraphs = [_collapse(p) for p in _PARAGRAPH.findall(words)]
        else:
            paragraphs = [" ".join(p.split()) for p in _PARAGRAPH.findall(words)]
        return "\n\n".join(p for p in paragraphs if p)
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return "\n\n".join(collector.paragraphs)
