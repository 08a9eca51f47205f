"""Site settings: the typed record every stage reads. Loading and validation of
``site.yaml`` live in :mod:`builder.settings`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from builder.schedule import DEFAULT_TIMEZONE

# Letterhead and footer lines the importer drops: case-insensitive regular expressions that
# must match a whole line, or a run of up to six short consecutive lines joined by spaces
# ("Gobierno de" + "**México**"), once Markdown marks and accents are removed and case is
# folded (see builder.importer.clean). Page numbers, year mottos ("2025 Año de ..."), end
# marks ("---o0o---"), CMS stamps and short lines repeated at page breaks are dropped by
# structural rules for every institution; these patterns are for named letterheads:
# generic press-office ones, then the IMSS ones of the sample archive. A site.yaml
# ``boilerplate:`` list replaces them.
DEFAULT_BOILERPLATE: tuple[str, ...] = (
    r"(?:boletin|comunicado|nota informativa)(?: de prensa)?",
    r"(?:unidad|coordinacion|direccion|area)(?: general)? de comunicacion social",
    r"(?:sala de prensa|comunicacion social)",
    r"gobierno de mexico",
    r"gobierno (?:del estado )?del? [a-z .]{3,30}",
    r"instituto mexicano del seguro social",
    r"seguridad y solidaridad social",
)


@dataclass(frozen=True)
class SiteConfig:
    """Everything site.yaml can say, with the defaults a new archive starts from."""

    title: str = "Archivo de boletines"
    description: str = "Boletines de prensa, con búsqueda."
    base_url: str = "/"
    language: str = "es"
    per_page: int = 20
    feed_size: int = 50
    author: str = ""
    institution: str = ""  # who a citation names; the title when empty
    timezone: str = DEFAULT_TIMEZONE  # IANA name: when a scheduled bulletin is due
    logo_text: str = ""
    accent_color: str = "#0b5d3b"
    cname: str | None = None
    boilerplate: tuple[str, ...] = DEFAULT_BOILERPLATE
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    search: bool = True
    search_shard_pages: int = 500  # see builder.search: years join a shard up to this
    root: Path = field(default=Path("."), compare=False)

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``, always with leading and trailing slashes."""
        path = urlsplit(self.base_url).path or "/"
        path = "/" + path.strip("/") + "/"
        return "/" if path == "//" else path

    @property
    def origin(self) -> str:
        """``https://host`` when base_url is absolute, else empty (root-relative URLs)."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""

    def url(self, path: str = "") -> str:
        """Site-relative URL of ``path`` (below the base path)."""
        return self.base_path + path.lstrip("/")

    def absolute_url(self, path: str = "") -> str:
        """Absolute URL when the origin is known, else the site-relative one."""
        return self.origin + self.url(path)

    @property
    def templates_dir(self) -> Path:
        """Site-local overrides of theme templates, next to site.yaml."""
        return self.root / "templates"
