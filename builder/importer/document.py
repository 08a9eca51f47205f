"""What a document reader hands to the importer's rules: paragraphs with style hints.

A PDF and a Word file are read by different libraries, but both end as the same
:class:`Document`, and :func:`to_lines` turns it into the lines the text importer
works on, written the way a text copy of the bulletin writes them: a paragraph a line,
a blank line between paragraphs, bold as ``**bold**``, a list item as ``- item``, a
page break as a dropped line. So title, dateline, number, highlights and links are
found by one set of rules (:mod:`builder.importer.parse`), whatever the format.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.importer.hyphens import Join
from builder.importer.model import Line


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document, in reading order."""

    text: str
    """Its text, bold runs marked ``**so**``; a PDF paragraph's lines already joined."""
    page: int = 1
    list_item: bool = False
    url: str | None = None
    """The hyperlink (DOCX relationship, PDF link annotation) that covers all of it."""
    letterhead: bool = False
    """In a page header or footer (DOCX part, PDF band repeated on every page)."""


@dataclass(frozen=True)
class Document:
    paragraphs: tuple[Paragraph, ...]
    source: str
    """The whole text layer, header and footer included, line by line as the reader
    found it: what the word-preservation check counts."""
    joins: tuple[Join, ...] = ()
    """Words the reader joined again where a hyphen at a line end had split them."""
    kind: str = "pdf"


def to_lines(document: Document) -> list[Line]:
    """The document as numbered lines; letterhead and page breaks come already dropped."""
    lines: list[Line] = []

    def add(text: str, dropped: str | None = None, url: str | None = None) -> None:
        lines.append(Line(len(lines) + 1, text, dropped, url=url))

    page, previous = 1, None
    for paragraph in document.paragraphs:
        if paragraph.page != page:
            add("\f", "page")
            page = paragraph.page
        elif previous is not None and not (previous.list_item and paragraph.list_item):
            add("")  # a list's items stay together, as one block
        text = " ".join(paragraph.text.split())
        if paragraph.letterhead:
            add(text, "letterhead")
        else:
            add(f"- {text}" if paragraph.list_item else text, url=paragraph.url)
        previous = paragraph
    return lines


def mark_bold(segments: list[tuple[str, bool]]) -> str:
    """Text from (text, bold) runs, each bold stretch as ``**stretch**``: the marks hug
    the words (``**El director**, dijo``), as Markdown needs, and a stretch of bold
    spaces or punctuation alone is not marked."""
    merged: list[list] = []
    for text, bold in segments:
        if merged and not text.strip():
            bold = merged[-1][1]  # a space between two bold words is inside the run
        if merged and merged[-1][1] == bold:
            merged[-1][0] += text
        else:
            merged.append([text, bold])
    out: list[str] = []
    for text, bold in merged:
        core = text.strip()
        if bold and any(c.isalnum() for c in core):
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            out.append(f"{lead}**{core}**{trail}")
        else:
            out.append(text)
    return "".join(out)
