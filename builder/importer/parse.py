"""Cleaned lines to a bulletin's parts: header, title, highlights, paragraphs, links.

The shape every sample follows, in this order, each part optional: letterhead (already
dropped), type or section labels, dateline and number (in either order, before or after
the title), the title (possibly wrapped over lines), date lines, the highlights (a
bullet list, or a lead sentence set apart before a date line), the body paragraphs
(:mod:`builder.importer.body`), media links anywhere. A text without a title line is a
draft whose title is its first sentence (:func:`builder.importer.layout.provisional_title`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from builder.importer.body import (
    PUNCTUATED,
    Item,
    bare_url,
    ends_sentence,
    link_label,
    links,
    paragraphs,
)
from builder.importer.header import Dateline, parse_dateline, parse_number, strip_marks
from builder.importer.hyphens import Rejoiner
from builder.importer.layout import (
    glued_label,
    is_type_label,
    provisional_title,
    readable,
    split_place,
    tight_bullet,
)
from builder.importer.model import Doubt, Line, Parsed, refuse

_BULLET = re.compile(r"^\s*(?P<mark>[-*·•◦▪●‣–—])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
_SPACES = re.compile(r"\s+")
MAX_TITLE = 250
"""Characters: longer "titles" are paragraphs, so a wrapped title stops growing here."""
LONG_SENTENCE = 150
"""Characters: a line this long that ends with a full stop is a paragraph, not a title."""


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


def _is_header(text: str) -> bool:
    return parse_number(text) is not None or parse_dateline(text) is not None


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
        if ends_sentence(parts[-1]) or len(following) > 120:
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
    return items[pos].block_start and end - pos <= 2 and not ends_sentence(items[end - 1].text)


@dataclass
class _Header:
    number: str | None = None
    dateline_seen: bool = False
    date: dt.date | None = None
    location: str | None = None
    date_without_year: str | None = None
    doubts: list[Doubt] = field(default_factory=list)

    def take(self, items: list[Item], pos: int, dropped: list[str]) -> tuple[bool, bool]:
        """Consume a number or dateline at ``pos``: (consumed, rest_left_in_place)."""
        text = items[pos].text
        if self.number is None and (number := parse_number(text)):
            self.number = number
            dropped.append(text)
            return True, False
        dateline = parse_dateline(text) if self.location is None else None
        # A date line without a place (a meta line, "• 3 de marzo de 2024") may come before
        # the dateline proper, which then gives the place.
        if dateline and (not self.dateline_seen or dateline.location):
            self.dateline_seen = True
            self.location = dateline.location
            self.date = dateline.date or self.date  # the dateline's own date wins
            self.doubts.extend(_dateline_doubts(dateline))
            if dateline.date is None and self.date is None:
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


_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-]\d{4}")


def _dateline_doubts(dateline: Dateline) -> list[Doubt]:
    """What a reviewer could read otherwise in a dateline."""
    doubts = []
    if dateline.run_on:
        doubts.append(Doubt("run_on_dateline", (("text", dateline.header),)))
    if dateline.bulleted:
        doubts.append(Doubt("date_from_bulleted_line", (("text", dateline.header),)))
    numeric = _DAY_FIRST.fullmatch(dateline.date_text)
    if numeric and dateline.date and int(numeric[1]) <= 12 and numeric[1] != numeric[2]:
        doubts.append(Doubt("day_first", (("text", dateline.date_text),)))
    return doubts


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
            and not ends_sentence(_unbold(text))
        ):
            text = rejoiner.join(text, items[pos].text)
            pos += 1
        found.append(_unbold(text))
    return found, pos


MAX_SECTION_LABEL = 3
"""Words of a section label above the title ("Consejo de Ministros")."""


def _section_label(title_items: list[Item]) -> bool:
    """A short line above the title, ending its block: a section of the site, not the title."""
    if len(title_items) != 1:
        return False
    text = strip_marks(title_items[0].text)
    return (
        len(text.split()) <= MAX_SECTION_LABEL
        and not any(c.isdigit() for c in text)
        and not PUNCTUATED.search(text)
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
    if not item.block_start or not after.block_start or not ends_sentence(item.text):
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
    title_joins = 0
    label_count = 0
    pos = 0
    while pos < len(items):
        consumed, rest_left = header.take(items, pos, dropped)
        if consumed:
            header_after_title = title is not None
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
            and not header_after_title
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
    lead: str | None = None
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
            lead = _unbold(text)
            pos += 1
            continue
        break
    if header.location is None and pos < len(items) and (place := split_place(items[pos].text)):
        header.location = place[0]
        dropped.append(place[1])
        items[pos] = replace(items[pos], text=place[2])
        if place[1].endswith(".") and not place[0].endswith("."):
            header.doubts.append(Doubt("place_full_stop", (("text", place[1]),)))
    body_items, found_links = links(leading + items[pos:], labels, dropped)
    texts, joined = paragraphs(body_items, rejoiner)
    if lead is not None and texts[:1] == [lead]:
        header.doubts.append(Doubt("lead_repeated"))
    draft = title is None
    if title is None:
        title = provisional_title(texts)
        if title is None:
            first = items[pos].line if pos < len(items) else None
            raise refuse(source, "import.no_title", first)
    return Parsed(
        title=title,
        date=header.date,
        number=header.number,
        location=header.location,
        highlights=tuple(highlights),
        paragraphs=tuple(texts),
        links=tuple(found_links),
        dropped=tuple(dropped),
        date_without_year=header.date_without_year,
        joined_at_breaks=joined,
        leading_kept=len(leading),
        joins=tuple(rejoiner.joins),
        draft=draft,
        labels=label_count,
        doubts=tuple(header.doubts),
        unreadable=sum(1 for item in body_items if not readable(item.text)),
    )
