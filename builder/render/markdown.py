"""Bulletin bodies: Markdown to sanitised HTML, and HTML to plain text for excerpts.

Editors may write raw HTML in a body; it is cleaned with ``nh3`` (a maintained sanitiser,
ammonia underneath): no scripts, frames or styles, no event handlers, only http(s), mailto
and relative URLs. Root-relative links (``/2025/x/``) are moved below the site's base path so
they keep working when the archive lives under ``/<repo>/``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
import nh3

from builder.render.prose import prose_html

EXTENSIONS = ("sane_lists", "tables")

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
        "var", "wbr",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

_SPACE = re.compile(r"\s+")
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|tr|dt|dd|pre|figcaption)>|<br\s*/?>", re.I)


def site_url_rewriter(base_path: str) -> Callable[[str, str, str], str | None]:
    """An nh3 attribute filter putting root-relative URLs below ``base_path``."""
    prefix = base_path.rstrip("/")

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        root_relative = value.startswith("/") and not value.startswith("//")
        if prefix and attribute in URL_ATTRIBUTES and root_relative:
            return value if value.startswith(prefix + "/") else prefix + value
        return value

    return rewrite


def sanitize(fragment: str, base_path: str = "/") -> str:
    cleaned = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=site_url_rewriter(base_path),
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    )
    cleaned = _START_TAG.sub(_drop_dead_attributes, cleaned)
    return _IMG_WITHOUT_ALT.sub('<img alt=""', cleaned)  # HTML requires alt; "" = decorative


# nh3 writes attributes double-quoted with ">" escaped, so a start tag ends at the first ">".
_START_TAG = re.compile(r"<(a|img)(\s[^>]*)?>")


def _drop_dead_attributes(match: re.Match[str]) -> str:
    """What removing an unsafe URL leaves behind is invalid HTML: an ``<img>`` without
    ``src`` goes, and an ``<a>`` without ``href`` loses the ``rel`` nh3 added."""
    tag, attributes = match.group(1), match.group(2) or ""
    if tag == "img":
        return match.group(0) if ' src="' in attributes else ""
    if ' href="' not in attributes:
        return "<a" + attributes.replace(' rel="noopener noreferrer"', "") + ">"
    return match.group(0)


class MarkdownRenderer:
    """One Python-Markdown instance, reset between bodies (building it is the slow part);
    bodies of plain prose skip it for the same HTML (:mod:`builder.render.prose`)."""

    def __init__(self, base_path: str = "/") -> None:
        self.base_path = base_path
        self._md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")

    def render(self, text: str) -> str:
        """Sanitised HTML of a Markdown body."""
        html = prose_html(text)
        if html is None:
            self._md.reset()
            html = self._md.convert(text)
        return sanitize(html, self.base_path)


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, whitespace collapsed, entities decoded."""
    spaced = _BLOCK_END.sub(" ", fragment)
    stripped = nh3.clean(spaced, tags=set(), strip_comments=True)
    return _SPACE.sub(" ", html.unescape(stripped)).strip()


def excerpt(text: str, limit: int = 200) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"
