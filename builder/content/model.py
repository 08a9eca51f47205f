"""The records passed between stages: what a bulletin is once its file has been validated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

LINK_KINDS = ("photos", "video", "audio", "document", "other")


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    kind: str = "other"


@dataclass(frozen=True)
class Original:
    """The document a bulletin was published as (PDF, Word), kept beside its Markdown file.

    ``name`` is the file's name in the bulletin's folder; ``size`` and ``sha256`` describe
    the bytes found there now; ``recorded`` is the SHA-256 the front matter holds
    (``original_sha256``, written by ``import``), None for a file added by hand."""

    name: str
    size: int
    sha256: str
    recorded: str | None = None

    @property
    def kind(self) -> str:
        """What readers are told it is: the extension in capitals ("PDF", "DOCX")."""
        return self.name.rsplit(".", 1)[-1].upper()

    @property
    def altered(self) -> bool:
        return self.recorded is not None and self.recorded != self.sha256


@dataclass(frozen=True)
class Correction:
    """A dated note of what was corrected in a bulletin after it was published."""

    date: dt.date
    note: str


@dataclass(frozen=True)
class Bulletin:
    """One bulletin as the editor wrote it, validated.

    ``slug_path`` is the file's path under ``content/`` without ``.md`` (POSIX
    separators), so that editing front matter never moves the page.
    """

    source: Path
    slug_path: str
    title: str
    body: str
    date: dt.date | None = None
    number: str | None = None
    location: str | None = None
    highlights: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    updated: dt.date | None = None
    corrections: tuple[Correction, ...] = ()
    # When to publish: as written, without a zone it is the site's (builder.content.schedule).
    publish: dt.datetime | None = None
    draft: bool = False
    original: Original | None = None
    body_line: int = 1
    digest: str = field(default="", compare=False)

    @property
    def url_path(self) -> str:
        """Path of the page below the base URL, e.g. ``2025/2025-11-25-imss/``."""
        return f"{self.slug_path}/"

    @property
    def modified(self) -> dt.date | None:
        """The last day its text changed: the correction date, else the publication date."""
        return self.updated or self.date

    @property
    def sort_key(self) -> tuple:
        """Newest first, undated last; ties broken by number then path, for stable output."""
        if self.date is None:
            return (1, 0, self.slug_path)
        return (0, -self.date.toordinal(), self.slug_path)
