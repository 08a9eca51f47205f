"""The Atom 1.0 feed (RFC 4287) of the latest bulletins: ``feed.xml``.

Decisions, each made so the same content always gives the same bytes and so that a feed
reader never shows a bulletin twice or on the wrong day:

- **Only dated bulletins**, newest first (ties by path), at most ``config.feed_size``.
  Atom requires every entry to carry an ``updated`` time, and the project never invents a
  date; an undated bulletin also has no place in an order of "what is new". Undated
  bulletins stay on the site, in the sitemap and in ``bulletins.json``.
- **Times** are the bulletin's date at midnight in UTC-06:00 (Mexico City, which has kept
  that offset all year since 2022). Readers from UTC-06:00 eastwards to UTC+17:00 (the
  Americas from Mexico east, Europe, Africa, Asia, Oceania) see the printed date; a fixed
  offset, not a time-zone database, keeps the output independent of the machine.
- **Entry ids** never change when a bulletin is edited: the page's absolute URL when the
  host is known (``base_url`` is a full URL or ``cname`` is set; see
  :mod:`builder.render.publicurl`), since it only depends on the file's path; otherwise a
  ``tag:`` URI (RFC 4151) from the site's title and the file's path, e.g.
  ``tag:archivo-de-boletines,2025:2025/2025-11-25-imss``.
- **Links** are absolute when the host is known, else root-relative (``/archivo/2025/x/``),
  which feed readers resolve against the feed's own address.
- The feed's ``updated`` is the newest bulletin's date, never the build time.
- Entry content is the sanitised body HTML, sanitised once more here so that a caller's
  mistake cannot put a script into every subscriber's reader.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from urllib.parse import quote

from builder.archive import TOPICS_PATH, Archive
from builder.config import SiteConfig
from builder.i18n import Catalog
from builder.model import Bulletin
from builder.render.markdown import sanitize
from builder.render.publicurl import public_origin, public_url
from builder.render.xmlout import XML_LANG, element, to_bytes
from builder.text import slugify

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
UTC_OFFSET = "-06:00"
NO_DATE = "1970-01-01T00:00:00Z"  # an empty feed still needs an ``updated``
TAG_DATE = "2025"  # the year this id scheme was introduced; changing it renames every entry
GENERATOR = "boletines"


def atom_time(date: dt.date) -> str:
    """RFC 3339 time of a bulletin's date: midnight at the archive's fixed offset."""
    return f"{date.isoformat()}T00:00:00{UTC_OFFSET}"


def feed_bulletins(archive: Archive, limit: int) -> list[Bulletin]:
    """The latest ``limit`` dated bulletins, newest first (the archive's own order)."""
    return [b for b in archive.bulletins if b.date is not None][: max(0, limit)]


def entry_id(bulletin: Bulletin, config: SiteConfig) -> str:
    """A permanent, globally unique id that depends only on the bulletin's file path."""
    if public_origin(config):
        return public_url(config, bulletin.url_path)
    return _tag_uri(config, quote(bulletin.slug_path, safe="/"))


def feed_id(config: SiteConfig) -> str:
    return public_url(config) if public_origin(config) else _tag_uri(config, FEED_PATH)


def _tag_uri(config: SiteConfig, specific: str) -> str:
    """``tag:<site slug>,2025:<specific>``, for sites whose host is unknown."""
    authority = slugify(config.title) or "boletines"
    return f"tag:{authority},{TAG_DATE}:{specific}"


def render_feed(
    archive: Archive, config: SiteConfig, catalog: Catalog, bodies: Mapping[str, str]
) -> dict[str, bytes]:
    """``{"feed.xml": ...}``; ``bodies`` maps each bulletin's ``slug_path`` to its HTML."""
    bulletins = feed_bulletins(archive, config.feed_size)
    home = public_url(config)
    feed = element(None, "feed", xmlns=ATOM, **{XML_LANG: config.language})
    element(feed, "id", feed_id(config))
    element(feed, "title", config.title)
    subtitle = config.description or catalog.text("feeds.subtitle", site=config.title)
    element(feed, "subtitle", subtitle)
    newest = bulletins[0].date if bulletins else None
    element(feed, "updated", atom_time(newest) if newest else NO_DATE)
    element(
        feed, "link", rel="self", type="application/atom+xml", href=public_url(config, FEED_PATH)
    )
    element(feed, "link", rel="alternate", type="text/html", href=home)
    author = element(feed, "author")
    element(author, "name", config.author or config.title)
    element(feed, "generator", GENERATOR)
    for bulletin in bulletins:
        _entry(feed, bulletin, archive, config, bodies[bulletin.slug_path])
    return {FEED_PATH: to_bytes(feed)}


def _entry(
    feed: ET.Element, bulletin: Bulletin, archive: Archive, config: SiteConfig, body: str
) -> None:
    assert bulletin.date is not None
    entry = element(feed, "entry")
    element(entry, "id", entry_id(bulletin, config))
    element(entry, "title", bulletin.title)
    element(entry, "published", atom_time(bulletin.date))
    element(entry, "updated", atom_time(bulletin.date))
    url = public_url(config, bulletin.url_path)
    element(entry, "link", rel="alternate", type="text/html", href=url)
    scheme = {"scheme": public_url(config, TOPICS_PATH)} if public_origin(config) else {}
    for tag in dict.fromkeys(bulletin.tags):  # term: the topic page's slug; label: as written
        topic = archive.topic(tag)
        term = topic.key if topic else slugify(tag) or tag
        element(entry, "category", term=term, **scheme, label=tag)
    if bulletin.highlights:
        element(entry, "summary", "\n".join(bulletin.highlights), type="text")
    content = sanitize(body, config.base_path)
    if content.strip():
        element(entry, "content", content, type="html")
