"""Records passed between the importer's steps, and what it hands back to the command."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from builder.content.model import Link
from builder.core.errors import BoletinesError, error
from builder.importer.hyphens import Join


class Refused(BoletinesError):
    """The source cannot be imported as it is (empty, binary, no text, words lost)."""


def refuse(source: str, code: str, line: int | None = None, **args: object) -> Refused:
    return Refused([error(source, line, code, **args)])


@dataclass(frozen=True)
class Overrides:
    """Values the editor gives on the command line; they win over what the text says."""

    number: str | None = None
    date: dt.date | None = None
    location: str | None = None


@dataclass
class Line:
    """One line of the source: its 1-based number, its text, and why it was dropped if so."""

    number: int
    text: str
    dropped: str | None = None
    """Why: "boilerplate", "page", "repeated", or a kind of web-page furniture ("share",
    "breadcrumb", "credit", "identifier", "footer", "notice", "related", "stamp")."""
    running: bool = False
    """A running header kept once, at the top, because it repeats the title."""
    url: str | None = None
    """A document's hyperlink covering the whole line: the text is its label."""

    @property
    def kept(self) -> bool:
        return self.dropped is None and self.text.strip() != ""


@dataclass(frozen=True)
class Doubt:
    """A decision a reviewer could make otherwise, as an i18n code and its arguments:
    the message is ``import.doubt.<code>`` in the site's language (report, CSV)."""

    code: str
    args: tuple[tuple[str, str | int], ...] = ()

    @property
    def key(self) -> str:
        return f"import.doubt.{self.code}"


@dataclass(frozen=True)
class Parsed:
    """What the parser found in the cleaned lines."""

    title: str
    date: dt.date | None
    number: str | None
    location: str | None
    highlights: tuple[str, ...]
    paragraphs: tuple[str, ...]
    links: tuple[Link, ...]
    dropped: tuple[str, ...]
    """Source text the parser used up without copying it (header lines, link labels)."""
    date_without_year: str | None = None
    joined_at_breaks: int = 0
    leading_kept: int = 0
    """Unclassified lines before the title, kept at the start of the body."""
    joins: tuple[Join, ...] = ()
    """Words a line break had split with a hyphen, joined again without it."""
    draft: bool = False
    """No title line was found: ``title`` is the first sentence, provisional."""
    labels: int = 0
    """Type and section labels dropped around the title ("Nota informativa")."""
    unreadable: int = 0
    """Lines of glyph codes kept at the top of the body ("(cid:38)(cid:82)…")."""
    doubts: tuple[Doubt, ...] = ()
    """Header decisions a reviewer could make otherwise (a date read day first, ...)."""


@dataclass(frozen=True)
class Preservation:
    words: int
    lost: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.lost


@dataclass(frozen=True)
class ImportResult:
    """One imported bulletin: the file to write (path relative to the content folder)."""

    source: str
    path: PurePosixPath
    text: str
    fields: dict
    body: str
    encoding: str
    paragraphs: int
    removed_lines: int
    joined_at_breaks: int
    preservation: Preservation
    given: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    date_without_year: str | None = None
    leading_kept: int = 0
    rejoined: tuple[str, ...] = ()
    """Words a hyphen at a line end had split, as joined again ("construcción")."""
    draft: bool = False
    """Imported with ``draft: true``: no title line was found and the title written is the
    first sentence of the text (``"title"`` is then in ``missing``)."""
    doubts: tuple[Doubt, ...] = ()
    """What the editor should check beyond the missing fields, in reading order."""
    furniture: tuple[tuple[str, int], ...] = ()
    """Web-page furniture dropped, by kind ("share", "breadcrumb", "label", ...), sorted."""
    original_suffix: str | None = None
    """".pdf" or ".docx" when the source is a document, kept beside the Markdown file
    (:func:`builder.importer.pipeline.keep_original`); None for text, which is not kept."""
