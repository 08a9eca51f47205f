"""``sitemap.xml`` (sitemaps.org protocol 0.9) and ``robots.txt``.

The protocol wants absolute URLs, so a sitemap is only useful to search engines when the
site's host is known (``base_url`` is a full URL, or ``cname`` is set; see
:mod:`builder.render.publicurl`). When it is not, the sitemap is still written, with
root-relative locations (``/archivo/2025/x/``), so that it lists every page for tools that
know the host; robots.txt then names the sitemap only in a comment, since its ``Sitemap:``
line must be absolute. :func:`sitemap_warnings` words the problem for a tool that reports
it; the build does not (a build with warnings is never skipped as unchanged, and a local
preview at "/" is normal); site.yaml's comment on ``base_url`` says it instead.

``lastmod`` comes from the bulletins' own dates (a page listing bulletins takes its newest
one's date), never from the build time, so the same content gives the same bytes. Past
50,000 pages (the protocol's limit per file) ``sitemap.xml`` becomes a sitemap index of
``sitemap-1.xml``, ``sitemap-2.xml``, ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from builder.content.archive import Archive
from builder.content.model import Bulletin
from builder.core.errors import Diagnostic, warning
from builder.core.settings import SiteConfig
from builder.render.publicurl import public_origin, public_url
from builder.render.xmlout import element, to_bytes

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
MAX_URLS = 50_000
NOT_LISTED = frozenset({"404.html"})  # served for missing pages; not a page to index


def render_sitemap(
    archive: Archive, config: SiteConfig, page_paths: Iterable[str], max_urls: int = MAX_URLS
) -> dict[str, bytes]:
    """``{"sitemap.xml": ..., "robots.txt": ...}`` for the HTML pages at ``page_paths``
    (paths below the base URL, as the page renderer wrote them: "", "2025/", ...)."""
    lastmod = page_dates(archive)
    paths = listed_paths(page_paths)
    chunks = [paths[i : i + max_urls] for i in range(0, len(paths), max_urls)] or [[]]
    files: dict[str, bytes] = {}
    if len(chunks) == 1:
        files[SITEMAP_PATH] = _urlset(chunks[0], lastmod, config)
    else:
        index = element(None, "sitemapindex", xmlns=SITEMAP_NS)
        for number, chunk in enumerate(chunks, start=1):
            name = _part_name(number)
            files[name] = _urlset(chunk, lastmod, config)
            entry = element(index, "sitemap")
            element(entry, "loc", public_url(config, name))
            dates = [lastmod[p] for p in chunk if p in lastmod]
            if dates:
                element(entry, "lastmod", max(dates).isoformat())
        files[SITEMAP_PATH] = to_bytes(index)
    files[ROBOTS_PATH] = robots_txt(config)
    return files


def listed_paths(page_paths: Iterable[str]) -> list[str]:
    """The pages a sitemap lists, as paths below the base URL, sorted."""
    return sorted({p.lstrip("/") for p in page_paths} - NOT_LISTED)


def sitemap_paths(listed: int, max_urls: int = MAX_URLS) -> list[str]:
    """The files :func:`render_sitemap` writes for ``listed`` pages: with robots.txt,
    ``sitemap.xml`` alone or, past ``max_urls`` pages, as the index of its parts."""
    chunks = -(-listed // max_urls)
    parts = [_part_name(n) for n in range(1, chunks + 1)] if chunks > 1 else []
    return [SITEMAP_PATH, ROBOTS_PATH, *parts]


def _part_name(number: int) -> str:
    return f"sitemap-{number}.xml"


def _urlset(paths: list[str], lastmod: dict[str, dt.date], config: SiteConfig) -> bytes:
    urlset = element(None, "urlset", xmlns=SITEMAP_NS)
    for path in paths:
        url = element(urlset, "url")
        element(url, "loc", public_url(config, path))
        if path in lastmod:
            element(url, "lastmod", lastmod[path].isoformat())
    return to_bytes(urlset)


def page_dates(archive: Archive) -> dict[str, dt.date]:
    """The date each page last changed: a bulletin's own date (its correction's, when it was
    corrected), or a listing's newest bulletin's."""
    dates: dict[str, dt.date] = {}
    newest = _newest(archive.bulletins)
    if newest:
        dates[""] = newest
    for bulletin in archive.bulletins:
        if bulletin.modified is not None:
            dates[bulletin.url_path] = bulletin.modified
    groups = [*archive.years, *(m for y in archive.years for m in y.months)]
    for group in [*groups, *archive.topics, *archive.locations]:
        date = _newest(group.bulletins)
        if date:
            dates[group.url_path] = date
    return dates


def _newest(bulletins: Iterable[Bulletin]) -> dt.date | None:
    """The newest date of ``bulletins`` in archive order (newest first, undated last), as the
    archive and its groups hold them: the first one's."""
    return next((b.date for b in bulletins if b.date is not None), None)


def robots_txt(config: SiteConfig) -> bytes:
    """Everything may be crawled; the sitemap is named when its URL can be absolute."""
    lines = ["User-agent: *", "Disallow:", ""]
    sitemap = public_url(config, SITEMAP_PATH)
    if public_origin(config):
        lines.append(f"Sitemap: {sitemap}")
    else:
        lines.append(f"# Sitemap (site-relative; set base_url to a full URL): {sitemap}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemap_warnings(config: SiteConfig) -> list[Diagnostic]:
    """A warning for the build summary when the sitemap cannot use absolute URLs."""
    if public_origin(config):
        return []
    return [warning("site.yaml", None, "feeds.sitemap_relative", value=config.base_url)]
