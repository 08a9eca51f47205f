"""Cleaned lines to a bulletin's parts: header, title, highlights, paragraphs, links.

The shape every sample follows, in this order, each part optional but the title:
letterhead (already dropped), dateline and number (in either order, before or after the
title), the title (possibly wrapped over lines), the highlights (a bullet list), the body
paragraphs, media links ("LINK FOTOS" followed by a URL) anywhere. A paragraph that a
page break cut (letterhead dropped in between, and no full stop before it) is joined
again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from builder.importer.header import parse_dateline, parse_number, strip_marks
from builder.importer.hyphens import Rejoiner
from builder.importer.layout import (
    glued_label,
    is_type_label,
    provisional_title,
    readable,
    split_place,
    tight_bullet,
)
from builder.importer.model import Line, Parsed, refuse
from builder.model import Link
from builder.text import fold

_BULLET = re.compile(r"^\s*(?P<mark>[-*·•◦▪●‣–—])\s+")
_SOFT_BULLETS = "·•◦▪●‣"
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
_URL = re.compile(r"<?(?P<url>https?://[^\s<>]+)>?", re.IGNORECASE)
_LABEL = re.compile(
    r"(?:(?:link|liga|enlace|v[ií]nculo|url)s?\s*(?:(?:de|del|a|al|para|con)\s+)?"
    r"(?:(?:las|los|la|el)\s+)?(?P<what>[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_]+){0,3}?)?"
    r"|(?P<only>fotos?|fotograf[ií]as?|im[aá]genes|galer[ií]a(?:\s+de\s+fotos)?|videos?"
    r"|audios?|podcast|documentos?))"
    r"\s*:?\s*(?:<?(?P<url>https?://[^\s<>]+)>?)?",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…:][\"”»’)\]*_]*$")
_SPACES = re.compile(r"\s+")
MAX_TITLE = 250
"""Characters: longer "titles" are paragraphs, so a wrapped title stops growing here."""
LONG_SENTENCE = 150
"""Characters: a line this long that ends with a full stop is a paragraph, not a title."""


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


def _items(lines: list[Line]) -> list[Item]:
    items: list[Item] = []
    block, block_start, after_break = 0, True, False
    for line in lines:
        if not line.kept:
            if not block_start:
                block += 1
            block_start = True
            after_break = after_break or line.dropped is not None
            continue
        text = _SPACES.sub(" ", line.text).strip()
        items.append(
            Item(line.number, text, block, block_start, after_break, line.running, line.url)
        )
        block_start, after_break = False, False
    return items


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


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


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def _is_header(text: str) -> bool:
    return parse_number(text) is not None or parse_dateline(text) is not None


def _label_kind(label: str) -> str:
    """The kind of media a hyperlink's label names, by any of its words ("Fotos aquí",
    "Ver el video"): a document's link label need not follow the "LINK FOTOS" shape."""
    kinds = [link_kind(word) for word in re.findall(r"[^\W\d_]+", strip_marks(label))]
    return next((kind for kind in kinds if kind != "other"), "other")


def _stops_title(text: str) -> bool:
    return is_bullet(text) or bare_url(text) is not None or link_label(text) is not None


def _title_like(text: str) -> bool:
    """A line that can start a title: has letters, is not a bullet, URL or link label,
    and is not a whole paragraph (a text that starts with one has no title to find)."""
    plain = strip_marks(text)
    if len(plain) > LONG_SENTENCE and plain.endswith(".") and not plain.endswith(".."):
        return False  # a paragraph's sentence: a bulletin whose title was lost, not a title
    return (
        any(c.isalpha() for c in plain)
        and len(plain) <= MAX_TITLE
        and not _stops_title(text)
        and readable(plain)
    )


def reads_like_a_paragraph(title: str) -> bool:
    """A "title" of many words that ends with a full stop is a paragraph's sentence."""
    return title.endswith(".") and not title.endswith("..") and len(title.split()) >= 12


def _take_title(items: list[Item], pos: int, rejoiner: Rejoiner) -> tuple[str, int]:
    """The title starting at ``pos`` (joined if wrapped) and the position after it."""
    parts = [strip_marks(items[pos].text)]
    end = pos + 1
    while end < len(items) and not items[end].block_start:
        following = items[end].text
        if _stops_title(following) or _is_header(following) or _HEADING.match(following):
            break
        if _ends_sentence(parts[-1]) or len(following) > 120:
            break
        if len(" ".join([*parts, following])) > MAX_TITLE:
            break
        after = end + 1
        if (
            after < len(items)
            and not items[after].block_start
            and not _stops_title(items[after].text)
        ):
            break  # three or more lines without a blank: a paragraph, not a wrapped title
        parts.append(strip_marks(following))
        end += 1
    title = parts[0]
    for part in parts[1:]:
        title = rejoiner.join(title, part)
    return _SPACES.sub(" ", title).strip(), end


_NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "el", "y", "e", "para", "en"})


def _letterhead_like(text: str) -> bool:
    """In capitals ("SECRETARÍA DE MOVILIDAD") or with every word capitalised like the
    name of an office ("Secretaría de Educación Jalisco"): what letterheads look like."""
    letters = [c for c in text if c.isalpha()]
    if len(text) > 80 or not letters:
        return False
    if all(c.isupper() for c in letters):
        return True
    words = re.findall(r"[^\W\d_]+", text)
    return all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)


def _stands_alone(items: list[Item], pos: int) -> bool:
    """The line at ``pos`` and at most one more make up their block, which does not end a
    sentence: a title set off by blank lines, not the first line of a paragraph."""
    end = pos + 1
    while end < len(items) and not items[end].block_start and not is_bullet(items[end].text):
        end += 1
    return items[pos].block_start and end - pos <= 2 and not _ends_sentence(items[end - 1].text)


@dataclass
class _Header:
    number: str | None = None
    dateline_seen: bool = False
    date: dt.date | None = None
    location: str | None = None
    date_without_year: str | None = None

    def take(self, items: list[Item], pos: int, dropped: list[str]) -> tuple[bool, bool]:
        """Consume a number or dateline at ``pos``: (consumed, rest_left_in_place)."""
        text = items[pos].text
        if self.number is None and (number := parse_number(text)):
            self.number = number
            dropped.append(text)
            return True, False
        if not self.dateline_seen and (dateline := parse_dateline(text)):
            self.dateline_seen = True
            self.date, self.location = dateline.date, dateline.location
            if dateline.date is None:
                self.date_without_year = dateline.date_text
            dropped.append(dateline.header)
            if self.number is None and (number := parse_number(dateline.rest)):
                self.number = number  # "Ciudad de México, 3 de marzo de 2019. No. 12"
                dropped.append(dateline.rest)
                return True, False
            if dateline.rest:
                items[pos] = replace(items[pos], text=dateline.rest)
                return True, True
            return True, False
        return False, False


def _unbold(text: str) -> str:
    text = text.strip()
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2].strip()
    return text


def _mark(text: str) -> re.Match[str] | None:
    """A highlight's mark: "• ", "- ", or one with no space ("-La…", "*.- Los…")."""
    return _BULLET.match(text) or tight_bullet(text)


def _highlights(items: list[Item], pos: int, rejoiner: Rejoiner) -> tuple[list[str], int]:
    found: list[str] = []
    while pos < len(items) and (mark := _mark(items[pos].text)):
        text = items[pos].text[mark.end() :]
        pos += 1
        while (
            pos < len(items)
            and not items[pos].block_start
            and not _stops_title(items[pos].text)
            and not _ends_sentence(_unbold(text))
        ):
            text = rejoiner.join(text, items[pos].text)
            pos += 1
        found.append(_unbold(text))
    return found, pos


def _links(
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
_PUNCTUATED = re.compile(r"[.,;:!?…][\"”»’)\]*_]*$")


def _signature(texts: list[str]) -> bool:
    """A block of short lines, each capitalised and none punctuated at its end: a signature
    ("Atentamente" / "Dirección General…" / "Secretaría de Salud"), one line a paragraph."""
    return len(texts) >= 2 and all(
        len(t) <= SIGNATURE_LINE and t[:1].isupper() and not _PUNCTUATED.search(t) for t in texts
    )


def _paragraphs(items: list[Item], rejoiner: Rejoiner) -> tuple[list[str], int]:
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
        if (len(texts) >= 3 and all(map(_ends_sentence, texts))) or _signature(texts)
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
                    _ends_sentence(last)
                    and (len(last) < 0.8 * width or width > 160 or item.block in one_per_line)
                )
                or (item.block in one_per_line and not _ends_sentence(last))
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
            and not _ends_sentence(previous.text)
        ):
            previous.text = rejoiner.join(previous.text, para.text)
            joined += 1
            continue
        merged.append(para)
    return [p.text for p in merged], joined


MAX_SECTION_LABEL = 3
"""Words of a section label above the title ("Consejo de Ministros")."""


def _section_label(title_items: list[Item]) -> bool:
    """A short line set apart above the title: a section of the site, not the title."""
    if len(title_items) != 1 or not title_items[0].block_start:
        return False
    text = strip_marks(title_items[0].text)
    return (
        len(text.split()) <= MAX_SECTION_LABEL
        and not any(c.isdigit() for c in text)
        and not _PUNCTUATED.search(text)
    )


def _header_follows(items: list[Item], pos: int) -> bool:
    """The line set apart at ``pos`` is followed by a date or number line, or highlights:
    it is the title, and a short line above it was a section label."""
    after = pos + 1
    if after >= len(items) or not items[after].block_start:
        return False
    text = items[after].text
    return _is_header(text) or _mark(text) is not None


def _lead(items: list[Item], pos: int, found: list[str]) -> bool:
    """A short sentence set apart under the title, before a date line (gob.pe, Yucatán):
    a highlight, even when the text repeats it."""
    if found or pos + 1 >= len(items):
        return False
    item, after = items[pos], items[pos + 1]
    if not item.block_start or not after.block_start or not _ends_sentence(item.text):
        return False
    if len(item.text) > MAX_TITLE:
        return False
    dateline = parse_dateline(after.text)
    return dateline is not None and not dateline.rest


def parse(lines: list[Line], source: str, labels: dict[str, str]) -> Parsed:
    """The parts of the bulletin in ``lines``. Without a title it is a draft whose title
    is its first sentence; refuses only when there is no text at all."""
    items = _items(lines)
    rejoiner = Rejoiner.learn(item.text for item in items)
    dropped: list[str] = []
    header = _Header()
    title: str | None = None
    title_items: list[Item] = []
    leading: list[Item] = []
    header_after_title = False
    header_seen = False
    title_joins = 0
    label_count = 0
    pos = 0
    while pos < len(items):
        consumed, rest_left = header.take(items, pos, dropped)
        if consumed:
            header_after_title = title is not None
            header_seen = True
            if rest_left:
                break
            pos += 1
            continue
        text = items[pos].text
        if is_type_label(text):  # "Nota informativa", "## Nota de prensa", "Boletín"
            dropped.append(strip_marks(text))
            label_count += 1
            pos += 1
            continue
        if not _title_like(text):
            break
        section = (
            title is not None
            and not header_seen
            and _section_label(title_items)
            and items[pos].block_start
            and _stands_alone(items, pos)
            and len(text.split()) > len(title.split())
            and _header_follows(items, pos)
        )
        if (
            title is None
            or section
            or (
                header_after_title
                and (_letterhead_like(title) or title_items[0].running)
                and _stands_alone(items, pos)
                and len(text) <= MAX_TITLE
            )
        ):
            if section:  # "Consejo de Ministros" above the title
                dropped.extend(strip_marks(item.text) for item in title_items)
                label_count += 1
            elif title_items and title_items[0].running:  # a running header after all
                dropped.extend(item.text for item in title_items)
            else:  # letterhead after all: kept at the start of the body
                leading.extend(title_items)
            if glued := glued_label(text):  # "COMUNICADO | Abre…", "#Oaxaca | Inauguran…"
                dropped.append(glued[0])
                label_count += 1
                items[pos] = replace(items[pos], text=glued[1])
            del rejoiner.joins[title_joins:]
            start, title_joins = pos, len(rejoiner.joins)
            title, pos = _take_title(items, pos, rejoiner)
            title_items = items[start:pos]
            header_after_title = False
            continue
        break
    highlights: list[str] = []
    while title is not None and pos < len(items):
        text = items[pos].text
        if is_type_label(text):
            dropped.append(strip_marks(text))
            label_count += 1
            pos += 1
            continue
        consumed, rest_left = header.take(items, pos, dropped)
        if consumed:
            if rest_left:
                break
            pos += 1
            continue
        if _mark(text) and not bare_url(_BULLET.sub("", text)):
            found, pos = _highlights(items, pos, rejoiner)
            highlights.extend(found)
            continue
        if _lead(items, pos, highlights):
            highlights.append(_unbold(text))
            pos += 1
            continue
        break
    if header.location is None and pos < len(items) and (place := split_place(items[pos].text)):
        header.location = place[0]
        dropped.append(place[1])
        items[pos] = replace(items[pos], text=place[2])
    body_items, links = _links(leading + items[pos:], labels, dropped)
    paragraphs, joined = _paragraphs(body_items, rejoiner)
    draft = title is None
    if title is None:
        title = provisional_title(paragraphs)
        if title is None:
            first = items[pos].line if pos < len(items) else None
            raise refuse(source, "import.no_title", first)
    return Parsed(
        title=title,
        date=header.date,
        number=header.number,
        location=header.location,
        highlights=tuple(highlights),
        paragraphs=tuple(paragraphs),
        links=tuple(links),
        dropped=tuple(dropped),
        date_without_year=header.date_without_year,
        joined_at_breaks=joined,
        leading_kept=len(leading),
        joins=tuple(rejoiner.joins),
        draft=draft,
        labels=label_count,
        unreadable=sum(1 for item in body_items if not readable(item.text)),
    )
