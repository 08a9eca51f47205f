"""Site settings: the typed record every stage reads. Loading and validation of
``site.yaml`` live in :mod:`builder.settings`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# Letterhead and footer lines the importer drops, as case-insensitive regular expressions
# matched against a whole line once Markdown marks and accents are removed
# (see builder.importer). Another institution lists its own in site.yaml.
DEFAULT_BOILERPLATE: tuple[str, ...] = (
    r"gobierno de( mexico)?",
    r"mexico",
    r"instituto mexicano del seguro social",
    r"seguridad y solidaridad social",
    r"unidad de comunicacion social",
    r"boletin de prensa",
    r"\d{4}",
    r"(\d{4} )?ano de( la)?( mujer indigena)?",
    r"la mujer( indigena)?",
    r"indigena",
    r"-+\s*o+0?o+\s*-+",
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
    logo_text: str = ""
    accent_color: str = "#0b5d3b"
    cname: str | None = None
    boilerplate: tuple[str, ...] = DEFAULT_BOILERPLATE
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    search: bool = True
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
