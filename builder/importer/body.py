"""The body of a bulletin: its paragraphs, and its media links ("LINK FOTOS" + a URL).

A paragraph wrapped at a width is joined again; a block of lines that each end a
sentence, or a signature block of short capitalised lines, is one paragraph a line; a
paragraph a page break cut (letterhead dropped in between, no full stop before) is
joined again. Lists, headings, bare URLs and unreadable lines are paragraphs of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.content.model import Link
from builder.core.text import fold
from builder.importer.header import strip_marks
from builder.importer.hyphens import Rejoiner
from builder.importer.layout import readable

_BULLET = re.compile(r"^\s*(?P<mark>[-*·•◦▪●‣–—])\s+")
_SOFT_BULLETS = "·•◦▪●‣"
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
_TERMINAL = re.compile(r"[.!?…:][\"”»’)\]*_]*$")


@dataclass(frozen=True)
class Item:
    """A kept line with what the parser needs to know about its surroundings."""

    line: int
    text: str
    block: int
    block_start: bool
    after_break: bool
    """Letterhead, a page number or a page break was dropped just before this line."""
    running: bool = False
    """A running header kept once at the top because it reads like the title."""
    url: str | None = None
    """The URL of a document's hyperlink that covers the whole line (its label)."""


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


_URL = re.compile(r"<?(?P<url>https?://[^\s<>]+)>?", re.IGNORECASE)
_LABEL = re.compile(
    r"(?:(?:link|liga|enlace|v[ií]nculo|url)s?\s*(?:(?:de|del|a|al|para|con)\s+)?"
    r"(?:(?:las|los|la|el)\s+)?(?P<what>[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_]+){0,3}?)?"
    r"|(?P<only>fotos?|fotograf[ií]as?|im[aá]genes|galer[ií]a(?:\s+de\s+fotos)?|videos?"
    r"|audios?|podcast|documentos?))"
    r"\s*:?\s*(?:<?(?P<url>https?://[^\s<>]+)>?)?",
    re.IGNORECASE,
)


def bare_url(text: str) -> str | None:
    match = _URL.fullmatch(strip_marks(text))
    return match["url"] if match else None


def link_label(text: str) -> re.Match[str] | None:
    stripped = strip_marks(text)
    return _LABEL.fullmatch(stripped) if len(stripped) <= 300 else None


def link_kind(label: str) -> str:
    word = fold(label)
    if word.startswith(("foto", "imagen", "galeria")):
        return "photos"
    if word.startswith("video"):
        return "video"
    if word.startswith(("audio", "podcast")):
        return "audio"
    if word.startswith(("documento", "pdf", "presentacion")):
        return "document"
    return "other"


def _label_kind(label: str) -> str:
    """The kind of media a hyperlink's label names, by any of its words ("Fotos aquí",
    "Ver el video"): a document's link label need not follow the "LINK FOTOS" shape."""
    kinds = [link_kind(word) for word in re.findall(r"[^\W\d_]+", strip_marks(label))]
    return next((kind for kind in kinds if kind != "other"), "other")


def links(
    items: list[Item], labels: dict[str, str], dropped: list[str]
) -> tuple[list[Item], list[Link]]:
    kept: list[Item] = []
    links: list[Link] = []
    pos = 0
    while pos < len(items):
        match = link_label(items[pos].text)
        if match:
            urls = [match["url"]] if match["url"] else []
            end = pos + 1
            while end < len(items) and (url := bare_url(items[end].text) or items[end].url):
                urls.append(url)
                if items[end].url and not bare_url(items[end].text):
                    dropped.append(strip_marks(items[end].text))  # a label ("Fotos aquí")
                end += 1
            if urls:
                kind = link_kind(match["what"] or match["only"] or "")
                links.extend(Link(labels[kind], url, kind) for url in urls)
                label = strip_marks(items[pos].text)
                dropped.append(label[: match.start("url")] if match["url"] else label)
                pos = end
                continue
        if items[pos].url and not bare_url(items[pos].text):
            # A document's hyperlink standing alone: its label says what it links to.
            kind = _label_kind(items[pos].text)
            links.append(Link(labels[kind], items[pos].url, kind))
            dropped.append(strip_marks(items[pos].text))
            pos += 1
            continue
        kept.append(items[pos])
        pos += 1
    return kept, links


@dataclass
class _Para:
    kind: str  # "text", "list", "heading", "url"
    text: str
    after_break: bool
    last_line: str


def _body_line(text: str) -> tuple[str, str]:
    """(kind, Markdown) of one body line."""
    bullet = _BULLET.match(text)
    if bullet and bullet["mark"] in _SOFT_BULLETS + "-*":
        return "list", "- " + text[bullet.end() :]
    if _NUMBERED.match(text):
        return "list", text
    if _HEADING.match(text):
        return "heading", text
    if not readable(text):
        return "unreadable", text
    url = bare_url(text)
    if url:
        return "url", f"<{url}>"
    return "text", text


SIGNATURE_LINE = 60
"""Characters: the lines of a signature block ("Dirección General de Comunicación Social")."""
PUNCTUATED = re.compile(r"[.,;:!?…][\"”»’)\]*_]*$")


def _signature(texts: list[str]) -> bool:
    """A block of short lines, each capitalised and none punctuated at its end: a signature
    ("Atentamente" / "Dirección General…" / "Secretaría de Salud"), one line a paragraph."""
    return len(texts) >= 2 and all(
        len(t) <= SIGNATURE_LINE and t[:1].isupper() and not PUNCTUATED.search(t) for t in texts
    )


def paragraphs(items: list[Item], rejoiner: Rejoiner) -> tuple[list[str], int]:
    widths: dict[int, int] = {}
    lines: dict[int, list[str]] = {}
    for item in items:
        widths[item.block] = max(widths.get(item.block, 0), len(item.text))
        lines.setdefault(item.block, []).append(item.text)
    # A block of three or more lines that all end a sentence is one paragraph a line
    # (text saved from Word), not a paragraph wrapped at a width.
    one_per_line = {
        block
        for block, texts in lines.items()
        if (len(texts) >= 3 and all(map(ends_sentence, texts))) or _signature(texts)
    }
    paras: list[_Para] = []
    for item in items:
        kind, text = _body_line(item.text)
        previous = paras[-1] if paras else None
        same_block = previous is not None and not item.block_start
        if same_block and previous.kind == kind == "list":
            previous.text += "\n" + text
        elif same_block and kind == "text" and previous.kind in ("text", "list"):
            width = widths[item.block]
            last = previous.last_line
            if previous.kind == "text" and (
                (
                    ends_sentence(last)
                    and (len(last) < 0.8 * width or width > 160 or item.block in one_per_line)
                )
                or (item.block in one_per_line and not ends_sentence(last))
            ):
                paras.append(_Para(kind, text, False, text))
                continue
            previous.text = rejoiner.join(previous.text, text)
        else:
            paras.append(_Para(kind, text, item.after_break, text))
            continue
        previous.last_line = text
    joined = 0
    merged: list[_Para] = []
    for para in paras:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and para.after_break
            and para.kind == previous.kind == "text"
            and not ends_sentence(previous.text)
        ):
            previous.text = rejoiner.join(previous.text, para.text)
            joined += 1
            continue
        merged.append(para)
    return [p.text for p in merged], joined
