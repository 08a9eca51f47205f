"""Bulletins and site settings for the feed, sitemap, export and redirect tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from builder.content.archive import Archive, build_archive
from builder.content.model import Bulletin, Link
from builder.core.settings import SiteConfig
from builder.render.markdown import MarkdownRenderer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCHEMA = Path(__file__).resolve().parent.parent.parent / "schema"


def bulletin(
    slug_path: str, title: str = "Boletín", day: dt.date | None = None, **fields
) -> Bulletin:
    """A validated bulletin as the loader would produce it; ``body`` defaults to a paragraph."""
    fields.setdefault("body", f"Texto de {title}.")
    return Bulletin(
        source=Path(f"content/{slug_path}.md"), slug_path=slug_path, title=title, date=day, **fields
    )


def sample_bulletins() -> list[Bulletin]:
    """Three dated bulletins (two on the same day), one undated, with tags and aliases."""
    return [
        bulletin(
            "2025/2025-11-25-imss-fortalece",
            "IMSS fortalece cooperación internacional",
            dt.date(2025, 11, 25),
            number="591/2025",
            location="Ciudad de México",
            highlights=("El director general del Seguro Social habló.", "Se firmó un convenio."),
            links=(Link("Fotos", "https://example.org/fotos", "photos"),),
            tags=("cuidados", "Guarderías"),
            aliases=("/boletines/591/",),
            body="Primer párrafo con **negritas**.\n\nSegundo párrafo & más.",
        ),
        bulletin(
            "2025/2025-11-24-guarderias",
            "Guarderías abren en Yucatán",
            dt.date(2025, 11, 24),
            number="590/2025",
            location="Mérida",
            tags=("guarderias",),
            aliases=("/viejo/guarderias.html",),
        ),
        bulletin("2025/2025-11-24-salud", "Jornada de salud", dt.date(2025, 11, 24)),
        bulletin("sin-fecha/aviso", "Aviso sin fecha", None, location="Oaxaca"),
    ]


def archive_of(bulletins: Iterable[Bulletin]) -> Archive:
    return build_archive(list(bulletins))


def bodies_of(archive: Archive, config: SiteConfig) -> dict[str, str]:
    """Sanitised body HTML, as the page renderer gives it to the feeds."""
    renderer = MarkdownRenderer(config.base_path)
    return {b.slug_path: renderer.render(b.body) for b in archive.bulletins}


ABSOLUTE = SiteConfig(title="Archivo IMSS", base_url="https://example.org/archivo/")
UNDER_PATH = SiteConfig(title="Archivo IMSS", base_url="/archivo/")
AT_ROOT = SiteConfig(title="Archivo IMSS", base_url="/")


class PageScan(HTMLParser):
    """Every tag with its attributes, and the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def scan_page(page: bytes) -> PageScan:
    scan = PageScan()
    scan.feed(page.decode("utf-8"))
    scan.close()
    return scan
