"""Small records the templates read, shared by the page renderers."""

from __future__ import annotations

from dataclasses import dataclass

from builder.content.model import Bulletin, Link
from builder.core.i18n import Catalog
from builder.core.settings import SiteConfig


@dataclass(frozen=True)
class Page:
    """What base.html needs about any page.

    ``path`` is the page's path below the base URL ("" for the home page, "2025/" for a
    year); ``kind`` names the template's job (home, bulletin, year, ...), used for the
    current navigation entry; ``canonical`` is false for pages that have no address of their
    own (the 404 page, served at any missing URL).
    """

    path: str
    title: str
    kind: str
    description: str = ""
    canonical: bool = True

    @property
    def output_path(self) -> str:
        """``<path>index.html``; a page whose path names a file (``404.html``) is that file."""
        return self.path if self.path.endswith(".html") else self.path + "index.html"


@dataclass(frozen=True)
class LinkView:
    """A media link as a button: the label the editor gave, a usable URL, its kind."""

    label: str
    href: str
    kind: str
    external: bool


def link_view(link: Link, config: SiteConfig) -> LinkView:
    url = link.url
    site_relative = url.startswith("/") and not url.startswith("//")
    href = config.url(url) if site_relative and not url.startswith(config.base_path) else url
    return LinkView(link.label, href, link.kind, external=not site_relative)


@dataclass(frozen=True)
class OriginalView:
    """A bulletin's original document as its page offers it: ``path`` below the base URL
    (pass it to ``url()``), its file ``name``, ``kind`` ("PDF"), ``size`` in bytes (show
    it with ``format_size``), ``sha256`` and ``media_type``."""

    path: str
    name: str
    kind: str
    size: int
    sha256: str
    media_type: str


MEDIA_TYPES = {
    "PDF": "application/pdf",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ODT": "application/vnd.oasis.opendocument.text",
    "DOC": "application/msword",
}


def original_path(bulletin: Bulletin) -> str | None:
    """Where a bulletin's original is published: in its page's folder, under its own name,
    so the address stays as long as the page's and a download keeps the file's name."""
    return bulletin.url_path + bulletin.original.name if bulletin.original else None


def original_view(bulletin: Bulletin) -> OriginalView | None:
    original = bulletin.original
    if original is None:
        return None
    return OriginalView(
        bulletin.url_path + original.name,
        original.name,
        original.kind,
        original.size,
        original.sha256,
        MEDIA_TYPES.get(original.kind, "application/octet-stream"),
    )


def format_size(size: int, catalog: Catalog) -> str:
    """A file size as readers see it in their file manager: "184 KB", "1,2 MB" (units of
    1,024 bytes; the decimal sign from the catalog); anything under 1 KB is "1 KB"."""
    kilobytes = round(size / 1024)
    if kilobytes < 1024:
        return catalog.text("size.kb", n=max(kilobytes, 1))
    megabytes = f"{size / 1024 / 1024:.1f}".replace(".", catalog.text("size.decimal_sign"))
    return catalog.text("size.mb", n=megabytes)


@dataclass(frozen=True)
class PageLink:
    number: int
    path: str


@dataclass(frozen=True)
class Pagination:
    """Position of one page in a paginated list; ``window`` has None where numbers are skipped."""

    number: int
    count: int
    paths: tuple[str, ...]

    @property
    def path(self) -> str:
        """This page's own path."""
        return self.paths[self.number - 1]

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None

    @property
    def window(self) -> list[PageLink | None]:
        shown = {1, self.count, *range(self.number - 2, self.number + 3)}
        numbers = sorted(n for n in shown if 1 <= n <= self.count)
        out: list[PageLink | None] = []
        for prev, n in zip([0, *numbers], numbers, strict=False):
            if n - prev > 1:
                out.append(None)
            out.append(PageLink(n, self.paths[n - 1]))
        return out


def bulletin_month_path(bulletin: Bulletin) -> str | None:
    if bulletin.date is None:
        return None
    return f"{bulletin.date.year}/{bulletin.date.month:02d}/"
