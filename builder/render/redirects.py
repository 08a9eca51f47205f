"""Pages at a bulletin's old URLs (its ``aliases``) that send readers to the current page.

A static host cannot answer with an HTTP redirect, so each alias gets a small HTML page
with an immediate ``<meta http-equiv="refresh">``, a canonical link (search engines move
their index to the new URL) and a visible link for readers whose browser does not follow
the refresh. The pages are marked ``noindex``.

An alias is a path below the base URL: ``/old/url/`` becomes ``old/url/index.html`` and
``/old/page.html`` becomes ``old/page.html``. The loader already refuses dangerous aliases;
this module checks again, because a wrong path here would write outside the site or over
another page: an alias with ``..``, a backslash, a scheme or a colon, a query, a control
character, or one that maps to the home page, a bulletin's page, a reserved file or another
alias raises ``ValueError``.
"""

from __future__ import annotations

from html import escape
from urllib.parse import unquote

from builder.archive import Archive
from builder.config import SiteConfig
from builder.i18n import Catalog
from builder.model import Bulletin
from builder.render.publicurl import public_url
from builder.render.xmlout import xml_text

RESERVED = frozenset(
    {"index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt", "bulletins.json"}
)
_FORBIDDEN = frozenset("\\:?#\x7f") | {chr(c) for c in range(0x20)}


def alias_output_path(alias: str) -> str:
    """The file that serves ``alias``, relative to the site root; ValueError if unsafe."""
    raw = alias.strip()
    if not raw or raw.startswith("//") or _FORBIDDEN & set(raw):
        raise ValueError(f"unsafe alias {alias!r}: not a plain path inside the site")
    path = unquote(raw)  # a server looks for the decoded name on disk
    if _FORBIDDEN & set(path):
        raise ValueError(f"unsafe alias {alias!r}: not a plain path inside the site")
    segments = path.strip("/").split("/")
    if any(s in ("", ".", "..") for s in segments):
        raise ValueError(f"unsafe alias {alias!r}: empty, '.' or '..' segment")
    joined = "/".join(segments)
    if joined.lower().endswith((".html", ".htm")) and not path.endswith("/"):
        return joined
    return f"{joined}/index.html"


def render_redirects(archive: Archive, config: SiteConfig, catalog: Catalog) -> dict[str, bytes]:
    """``{"old/url/index.html": <page>, ...}`` for every alias of every bulletin."""
    taken = {f"{b.url_path}index.html": b.slug_path for b in archive.bulletins}
    pages: dict[str, bytes] = {}
    for bulletin in archive.bulletins:
        for alias in bulletin.aliases:
            output = alias_output_path(alias)
            if output in RESERVED or output in taken:
                owner = taken.get(output, "the site")
                raise ValueError(f"alias {alias!r} of {bulletin.slug_path} would replace {owner}")
            taken[output] = bulletin.slug_path
            pages[output] = redirect_page(bulletin, config, catalog)
    return pages


def redirect_page(bulletin: Bulletin, config: SiteConfig, catalog: Catalog) -> bytes:
    """A valid HTML5 page that forwards at once to ``bulletin``'s page."""
    target = escape(public_url(config, bulletin.url_path), quote=True)
    title = escape(catalog.text("redirect.title"))
    link = f'<a href="{target}">{escape(xml_text(bulletin.title))}</a>'
    before, _, after = catalog.text("redirect.moved", link="\0").partition("\0")
    moved = f"{escape(before)}{link}{escape(after)}"
    html = f"""<!DOCTYPE html>
<html lang="{escape(config.language, quote=True)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<main>
<h1>{title}</h1>
<p>{moved}</p>
<p>{escape(catalog.text("redirect.follow"))}</p>
</main>
</body>
</html>
"""
    return html.encode("utf-8")
