"""Bulletin bodies: Markdown to sanitised HTML, and HTML to plain text for excerpts.

Editors may write raw HTML in a body; it is cleaned with ``nh3`` (a maintained sanitiser,
ammonia underneath): no scripts, frames or styles, no event handlers, only http(s), mailto
and relative URLs (``cite`` included). An image from another host becomes a link to it, so
a page loads nothing from elsewhere. Root-relative links (``/2025/x/``) are moved below the
site's base path so they keep working when the archive lives under ``/<repo>/``.
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


# A URL's scheme as a browser reads it: after leading spaces and controls, with tabs and
# line breaks anywhere removed (see :func:`url_scheme`).
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")
_LEADING = "".join(chr(c) for c in range(0x21))  # C0 controls and space


def url_scheme(value: str) -> str | None:
    """The lower-case scheme of a URL (``javascript`` for " Java\\tScript:x"), else None."""
    squeezed = _URL_NOISE.sub("", value.lstrip(_LEADING))
    found = _SCHEME.match(squeezed)
    return found.group(1).lower() if found else None


def site_url_rewriter(base_path: str) -> Callable[[str, str, str], str | None]:
    """An nh3 attribute filter putting root-relative URLs below ``base_path`` and dropping
    a ``cite`` with a scheme outside :data:`URL_SCHEMES` (nh3 checks the schemes of
    ``href`` and ``src`` only: ``cite="javascript:..."`` came through)."""
    prefix = base_path.rstrip("/")

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "cite":
            scheme = url_scheme(value)
            if scheme is not None and scheme not in URL_SCHEMES:
                return None
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
    if "<a" in cleaned or "<img" in cleaned:
        cleaned = _mend_links_and_images(cleaned)
    return _IMG_WITHOUT_ALT.sub('<img alt=""', cleaned)  # HTML requires alt; "" = decorative


# nh3 writes attributes double-quoted with ">" escaped, so a tag ends at the first ">".
_TAG = re.compile(r"<(/?)(a|img)(\s[^>]*)?>")
_ATTRIBUTE = re.compile(r' (src|alt)="([^"]*)"')


def _mend_links_and_images(fragment: str) -> str:
    """What removing an unsafe URL leaves behind is invalid HTML: an ``<img>`` without
    ``src`` goes, and an ``<a>`` without ``href`` loses the ``rel`` nh3 added.

    An image from another host (an absolute ``src``) becomes a link to it, showing its
    ``alt`` text (or its address), or only that text inside a link: a page loads nothing
    from another host, so no third party learns who reads it (a tracking pixel)."""
    parts: list[str] = []
    last = 0
    inside_link = 0
    for match in _TAG.finditer(fragment):
        closing, tag, attributes = match.group(1), match.group(2), match.group(3) or ""
        replacement = match.group(0)
        if tag == "a":
            inside_link += -1 if closing else 1
            if not closing and ' href="' not in attributes:
                replacement = "<a" + attributes.replace(' rel="noopener noreferrer"', "") + ">"
        elif ' src="' not in attributes:
            replacement = ""
        else:
            values = dict(_ATTRIBUTE.findall(attributes))
            src = values.get("src", "")
            if src.startswith("//") or url_scheme(html.unescape(src)) is not None:
                text = values.get("alt") or src
                if inside_link:
                    replacement = text
                else:
                    replacement = f'<a href="{src}" rel="noopener noreferrer">{text}</a>'
        if replacement != match.group(0):
            parts.append(fragment[last : match.start()])
            parts.append(replacement)
            last = match.end()
    if not parts:
        return fragment
    parts.append(fragment[last:])
    return "".join(parts)


# A "<" and a letter (or "/", "!", "?") with another "<" before any ">": no tag starts
# there. Python-Markdown hands the whole body to an HTML parser that looks for the end of
# each such tag to the end of the body: 50,000 "<a " (150 kB) took 271 s.
_DANGLING_TAG = re.compile(r"<(?=[A-Za-z/!?])(?![^<>]*>)")
DANGLING_TAGS_KEPT = 16


def defuse_tags(text: str) -> str:
    """``text`` with each "<" that cannot start a tag written ``&lt;``, when it has more
    than :data:`DANGLING_TAGS_KEPT` of them (up to that, they cost a scan of the body each
    and are left as written, so a code span showing one keeps its exact text)."""
    if text.count("<") <= DANGLING_TAGS_KEPT:
        return text
    if len(_DANGLING_TAG.findall(text)) <= DANGLING_TAGS_KEPT:
        return text
    return _DANGLING_TAG.sub("&lt;", text)


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
            html = self._md.convert(defuse_tags(text))
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
