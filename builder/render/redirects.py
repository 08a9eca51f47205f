"""Pages at a bulletin's old URLs (its ``aliases``) that send readers to the current page.

A static host cannot answer with an HTTP redirect, so each alias gets a small HTML page
with an immediate ``<meta http-equiv="refresh">``, a canonical link (search engines move
their index to the new URL), the site's favicon (without one a browser asks for
``/favicon.ico``, which under a project base path is another site's file) and a visible
link for readers whose browser does not follow the refresh. The pages are marked
``noindex``.

An alias is a path below the base URL: ``/old/url/`` becomes ``old/url/index.html`` and
``/old/page.html`` becomes ``old/page.html``. The loader already refuses dangerous aliases;
this module checks again, because a wrong path here would write outside the site: an alias
with a ``..`` or ``.`` segment (also percent-encoded), an empty segment, a backslash, a
scheme, a query or fragment, a control character, or the site's root raises ``ValueError``
(a programming error: the loader should have stopped it). Two aliases that need the same
file are the editors' mistake and raise :class:`BoletinesError`; an alias that lands on
another page of the site is reported by the build when it merges all outputs.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import unquote

from builder.content.archive import Archive
from builder.content.model import Bulletin
from builder.core.display import display_path
from builder.core.errors import BoletinesError, Diagnostic
from builder.core.i18n import Catalog
from builder.core.settings import SiteConfig
from builder.render.publicurl import public_url
from builder.render.xmlout import xml_text

_FORBIDDEN = frozenset("\\?#\x7f") | {chr(c) for c in range(0x20)}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def alias_output_path(alias: str) -> str:
    """The file that serves ``alias``, relative to the site root; ValueError if unsafe."""
    path = unquote(alias)  # a server looks for the decoded name on disk
    for form in (alias, path):
        if form.startswith("//") or _SCHEME.match(form) or _FORBIDDEN & set(form):
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
    pages: dict[str, bytes] = {}
    owner: dict[str, str] = {}
    clashes = []
    for bulletin in archive.bulletins:
        if not bulletin.aliases:
            continue
        source = display_path(bulletin.source)
        for alias in bulletin.aliases:
            output = alias_output_path(alias)
            if output in owner:  # e.g. "/a/" and "/a/index.html"
                args = {"path": output, "other": owner[output]}  # error() takes path itself
                clashes.append(Diagnostic(source, None, "build.output_clash", args))
                continue
            owner[output] = source
            pages[output] = redirect_page(bulletin, config, catalog)
    if clashes:
        raise BoletinesError(clashes)
    return pages


def redirect_page(bulletin: Bulletin, config: SiteConfig, catalog: Catalog) -> bytes:
    """A valid HTML5 page that forwards at once to ``bulletin``'s page."""
    target = escape(public_url(config, bulletin.url_path), quote=True)
    icon = escape(config.url("favicon.svg"), quote=True)  # else a browser asks /favicon.ico
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
<link rel="icon" href="{icon}" type="image/svg+xml">
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
