"""One bulletin's page: a pure function of (bulletin, archive, config), so pages can be
rendered in any order, cached or in parallel.

Also the structured data that page carries: a JSON-LD ``NewsArticle`` escaped so that no
field can close its ``<script>`` element.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from builder.cache.digests import body_key
from builder.content.archive import Archive, Group
from builder.content.model import Bulletin
from builder.core.settings import SiteConfig
from builder.output.writer import Spooled
from builder.render.keys import Fingerprints, digest, shallow
from builder.render.markdown import MarkdownRenderer, excerpt, plain_text
from builder.render.related import RelatedIndex, RelatedMemo
from builder.render.spooled import TextRef
from builder.render.templates import render
from builder.render.view import Page, bulletin_month_path, link_view, original_view

RELATED_LIMIT = 5
DESCRIPTION_LENGTH = 200
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


@dataclass(frozen=True)
class RenderedBulletin:
    bulletin: Bulletin
    output_path: str
    html: bytes | Spooled  # Spooled: written to disk by a worker (render/parallel.py)
    body: str | TextRef  # sanitised body HTML, for feeds and the data export
    description: str


def script_json(data: Any) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` written as ``\\u003c`` etc."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in _SCRIPT_ESCAPES:
        text = text.replace(char, escaped)
    return text


def describe(bulletin: Bulletin, body_html: str) -> str:
    """The page description: the first highlight, else the start of the body."""
    source = bulletin.highlights[0] if bulletin.highlights else plain_text(body_html)
    return excerpt(source, DESCRIPTION_LENGTH)


def news_article(bulletin: Bulletin, config: SiteConfig, description: str) -> dict[str, Any]:
    publisher = config.author or config.title
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": bulletin.title,
        "description": description,
        "url": config.absolute_url(quote(bulletin.url_path, safe="/")),
        "mainEntityOfPage": config.absolute_url(quote(bulletin.url_path, safe="/")),
        "inLanguage": config.language,
        "publisher": {"@type": "Organization", "name": publisher},
        "author": {"@type": "Organization", "name": publisher},
    }
    if bulletin.date is not None:
        data["datePublished"] = bulletin.date.isoformat()
    if bulletin.updated is not None:
        data["dateModified"] = bulletin.updated.isoformat()
    if bulletin.number:
        data["identifier"] = bulletin.number
    if bulletin.location:
        data["contentLocation"] = {"@type": "Place", "name": bulletin.location}
    if bulletin.tags:
        data["keywords"] = list(bulletin.tags)
    return data


class BulletinPages:
    """Renders bulletin pages with one compiled template and one Markdown instance.

    ``body_cache`` maps :func:`builder.cache.digests.body_key` of a Markdown body to its HTML from
    an earlier build with the same code and base path, so unchanged bodies skip Markdown;
    ``related_memo`` is the previous build's related lists (see :mod:`.related`)."""

    template = "bulletin.html"

    def __init__(
        self,
        env: jinja2.Environment,
        archive: Archive,
        config: SiteConfig,
        body_cache: Mapping[str, str] | None = None,
        related_memo: RelatedMemo | None = None,
        pending: Mapping[str, dt.datetime] | None = None,
    ) -> None:
        self.env = env
        self.pending = pending or {}
        self.body_cache = body_cache or {}
        self.archive = archive
        self.config = config
        self.markdown = MarkdownRenderer(config.base_path)
        self.related = RelatedIndex(archive, related_memo)
        self._topics: dict[str, Group | None] = {}
        self._by_tags: dict[tuple[str, ...], list[Group]] = {}
        self._places: dict[str, Group | None] = {}
        self._names: dict[int, str] = {}

    def key(self, bulletin: Bulletin, fingerprints: Fingerprints, site: str, deep: bool) -> str:
        """A digest of everything ``bulletin``'s page shows: the bulletin, its neighbours
        and related bulletins, and the name and address of its topics and place (their
        members too when ``deep``: site templates may list them), within ``site`` (the
        digest of settings, templates and builder)."""
        groups = [*self.topics(bulletin)]
        if bulletin.location:
            groups.append(self._place(bulletin.location))
        show = fingerprints.value if deep else self._shallow
        return digest(
            [
                site,
                self.template,
                fingerprints.bulletin(bulletin),
                fingerprints.bulletin(self.archive.newer(bulletin)),
                fingerprints.bulletin(self.archive.older(bulletin)),
                *(fingerprints.bulletin(b) for b in self.related.related(bulletin, RELATED_LIMIT)),
                "topics",
                *(show(g) for g in groups),
                repr(self.pending.get(bulletin.slug_path)),
            ]
        )

    def body(self, bulletin: Bulletin) -> str:
        """The sanitised body HTML, from the cache when the same Markdown was seen before."""
        body = self.body_cache.get(body_key(bulletin.body)) if self.body_cache else None
        return self.markdown.render(bulletin.body) if body is None else body

    def topics(self, bulletin: Bulletin) -> list[Group]:
        known = self._by_tags.get(bulletin.tags)  # many bulletins share their tags
        if known is None:
            groups = (self._topic(tag) for tag in bulletin.tags)
            known = self._by_tags[bulletin.tags] = [
                *{g.key: g for g in groups if g is not None}.values()
            ]
        return list(known)

    def _place(self, name: str) -> Group | None:
        try:
            return self._places[name]
        except KeyError:
            found = self._places[name] = self.archive.location(name)
            return found

    def _shallow(self, group: Group | None) -> str:
        known = self._names.get(id(group))
        if known is None:  # groups live as long as the archive, so ids stay theirs
            known = self._names[id(group)] = shallow(group)
        return known

    def _topic(self, tag: str) -> Group | None:
        """The archive's topic of ``tag``, looked up once per tag (slugs are not free)."""
        try:
            return self._topics[tag]
        except KeyError:
            found = self._topics[tag] = self.archive.topic(tag)
            return found

    def render(self, bulletin: Bulletin) -> RenderedBulletin:
        body = self.body(bulletin)
        description = describe(bulletin, body)
        page = Page(bulletin.url_path, bulletin.title, "bulletin", description)
        year_path = f"{bulletin.date.year}/" if bulletin.date else None
        context = {
            "page": page,
            "bulletin": bulletin,
            "body": Markup(body),
            "links": [link_view(link, self.config) for link in bulletin.links],
            "original": original_view(bulletin),
            "topics": self.topics(bulletin),
            "place": self._place(bulletin.location) if bulletin.location else None,
            "year_path": year_path,
            "month_path": bulletin_month_path(bulletin),
            "newer": self.archive.newer(bulletin),
            "older": self.archive.older(bulletin),
            "related": self.related.related(bulletin, RELATED_LIMIT),
            "scheduled": self.pending.get(bulletin.slug_path),
            "json_ld": Markup(script_json(news_article(bulletin, self.config, description))),
        }
        html = render(self.env, self.template, context)
        return RenderedBulletin(bulletin, page.output_path, html, body, description)
