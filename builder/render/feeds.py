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
- An entry's ``updated`` is its correction date (``updated:`` in front matter) when it was
  corrected, else its date; the feed's ``updated`` is the latest of its entries', never
  the build time.
- **Per topic and per place**: ``temas/<tema>/feed.xml`` and ``lugares/<lugar>/feed.xml``
  follow the same rules with that group's bulletins; their id is the group page's URL (or a
  ``tag:`` URI of the feed's path). They are not in the sitemap, which lists HTML pages;
  readers find them by the ``rel="alternate"`` link of the group's pages. Their entries
  have a short summary instead of the text (:data:`SUMMARY_CHARS`), so that one bulletin
  is not copied into the feed of each of its tags.
- Entry content is the sanitised body HTML, sanitised once more here so that a caller's
  mistake cannot put a script into every subscriber's reader.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from builder.content.archive import TOPICS_PATH, Archive, Group
from builder.content.model import Bulletin
from builder.core.i18n import Catalog
from builder.core.settings import SiteConfig
from builder.core.text import slugify
from builder.render.markdown import sanitize
from builder.render.plaintext import html_to_text
from builder.render.publicurl import public_origin, public_url
from builder.render.xmlout import XML_LANG, element, to_bytes

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
    subtitle = config.description or catalog.text("feeds.subtitle", site=config.title)
    head = FeedHead(feed_id(config), config.title, subtitle, FEED_PATH, "")
    bulletins = feed_bulletins(archive, config.feed_size)
    return {FEED_PATH: _atom(head, bulletins, archive, config, bodies)}


SUMMARY_CHARS = 300
"""Longest summary in a topic's or place's feed. Those feeds give each bulletin's title,
link and this summary, not its text: a bulletin is in the feed of each of its tags and of
its place, and the full text in every one would grow the site by about 21 times the
bulletin (the site-wide feed.xml keeps the text)."""


def short_summary(bulletin: Bulletin, body_html: str) -> str:
    """The highlights, or else the start of the text, cut at a word within
    :data:`SUMMARY_CHARS` characters ("…" when cut)."""
    text = " ".join(" ".join(bulletin.highlights or [html_to_text(body_html)]).split())
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[: SUMMARY_CHARS - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip(" ,;:.") + "…"


def group_feed_path(group: Group) -> str:
    """``temas/<tema>/feed.xml``: a topic's or a place's feed, beside its page."""
    return group.url_path + FEED_PATH


def group_feed_paths(archive: Archive) -> list[str]:
    """The address of every topic's and place's feed (for ``check`` and the build)."""
    return [group_feed_path(g) for g in (*archive.topics, *archive.locations)]


def group_feed_bulletins(group: Group, limit: int) -> list[Bulletin]:
    """The latest ``limit`` dated bulletins of ``group``, newest first."""
    return [b for b in group.bulletins if b.date is not None][: max(0, limit)]


def render_group_feed(
    kind: str,
    group: Group,
    archive: Archive,
    config: SiteConfig,
    catalog: Catalog,
    bodies: Mapping[str, str],
) -> dict[str, bytes]:
    """``{"temas/<tema>/feed.xml": ...}`` (``kind`` is ``topic`` or ``location``)."""
    path = group_feed_path(group)
    name = catalog.text(f"page.{kind}", name=group.label)
    title = catalog.text("feeds.group_title", name=name, site=config.title)
    subtitle = catalog.text(f"feeds.{kind}_subtitle", name=group.label, site=config.title)
    if public_origin(config):
        ident = public_url(config, group.url_path)
    else:
        ident = _tag_uri(config, quote(path, safe="/"))
    head = FeedHead(ident, title, subtitle, path, group.url_path)
    bulletins = group_feed_bulletins(group, config.feed_size)
    return {path: _atom(head, bulletins, archive, config, bodies, full=False)}


@dataclass(frozen=True)
class FeedHead:
    """What tells one feed from another: id, title, subtitle, its own path and the path of
    the page it follows (below the base URL)."""

    id: str
    title: str
    subtitle: str
    path: str
    page: str


def _atom(
    head: FeedHead,
    bulletins: list[Bulletin],
    archive: Archive,
    config: SiteConfig,
    bodies: Mapping[str, str],
    *,
    full: bool = True,
) -> bytes:
    """The feed; ``full`` entries carry the bulletin's text, the others a short summary."""
    feed = element(None, "feed", xmlns=ATOM, **{XML_LANG: config.language})
    element(feed, "id", head.id)
    element(feed, "title", head.title)
    element(feed, "subtitle", head.subtitle)
    newest = max((entry_updated(b) for b in bulletins), default=None)
    element(feed, "updated", atom_time(newest) if newest else NO_DATE)
    href = public_url(config, head.path)
    element(feed, "link", rel="self", type="application/atom+xml", href=href)
    element(feed, "link", rel="alternate", type="text/html", href=public_url(config, head.page))
    author = element(feed, "author")
    element(author, "name", config.author or config.title)
    element(feed, "generator", GENERATOR)
    for bulletin in bulletins:
        _entry(feed, bulletin, archive, config, bodies[bulletin.slug_path], full)
    return to_bytes(feed)


def entry_updated(bulletin: Bulletin) -> dt.date:
    """When a feed reader should show an entry as changed: its correction, else its date."""
    assert bulletin.date is not None
    return max(bulletin.date, bulletin.updated or bulletin.date)


def _entry(
    feed: ET.Element,
    bulletin: Bulletin,
    archive: Archive,
    config: SiteConfig,
    body: str,
    full: bool = True,
) -> None:
    assert bulletin.date is not None
    entry = element(feed, "entry")
    element(entry, "id", entry_id(bulletin, config))
    element(entry, "title", bulletin.title)
    element(entry, "published", atom_time(bulletin.date))
    element(entry, "updated", atom_time(entry_updated(bulletin)))
    url = public_url(config, bulletin.url_path)
    element(entry, "link", rel="alternate", type="text/html", href=url)
    scheme = {"scheme": public_url(config, TOPICS_PATH)} if public_origin(config) else {}
    for tag in dict.fromkeys(bulletin.tags):  # term: the topic page's slug; label: as written
        topic = archive.topic(tag)
        term = topic.key if topic else slugify(tag) or tag
        element(entry, "category", term=term, **scheme, label=tag)
    if not full:  # a topic's or place's feed: one bulletin is in up to 21 of them
        summary = short_summary(bulletin, body)
        if summary:
            element(entry, "summary", summary, type="text")
        return
    if bulletin.highlights:
        element(entry, "summary", "\n".join(bulletin.highlights), type="text")
    content = sanitize(body, config.base_path)
    if content.strip():
        element(entry, "content", content, type="html")
