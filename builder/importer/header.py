"""Header lines: the dateline (place and date) and the bulletin number.

A dateline is a place written in capitals-and-abbreviations style, an optional "a" or
weekday, and a date in Spanish words or in numbers, day first ("25/11/2025",
"25-11-2025", "25.11.2025"): "Ciudad de México, martes 25 de noviembre de 2025",
"Guadalajara, Jal., a 3 de marzo de 2019.", "Monterrey, N.L. 3 de marzo del 2019.- El
gobernador..." (the text after ".-" is the first paragraph, not header). The place is
kept as written. A sentence that merely mentions a date ("El director dijo el 3 de
marzo de 2019 que...") is not a dateline: its words before the date are not a place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from builder.dates import dates_in
from builder.text import fold

_HEADING = re.compile(r"^\s*#{1,6}\s+")
_INNER_MARK = re.compile(r"(?<=[^\W_])(?:\*\*|__)+(?=[^\W_])")
_MARK = re.compile(r"\*\*|__")
_NUMBER = re.compile(
    r"(?:(?:bolet[ií]n|comunicado|nota informativa)(?:\s+de\s+prensa)?"
    r"(?:\s+(?!no\b|n[úu]m)[^\W\d_]{2,12})?\s*[,:.]?\s*)?"
    r"(?:no\.?|n[úu]m\.?|n[úu]mero|n\.?\s*[º°o]\.?)\s*:?\s*(?P<number>\d[\w/.\-]*?)\.?"
    r"|(?:bolet[ií]n|comunicado)(?:\s+de\s+prensa)?\s+"
    r"(?P<bare>(?:[^\W\d_]{1,10}[/\-])*\d[\w/.\-]*?)\.?",
    re.IGNORECASE,
)
"""The number as printed: "No. 591/2025", "Boletín SEP no. 123", "Comunicado de Prensa
DGC/045/2024" (an office's prefix is part of the number)."""
_WEEKDAY = re.compile(
    r"(?:^|[\s,])(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\s*,?\s*$",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(r"\s*(?:[,;|]\s*)?\ba\s*$", re.IGNORECASE)
_PLACE_WORDS = frozenset({"de", "del", "la", "las", "los", "el", "y", "e", "en", "sobre"})
_FULL_STOP = re.compile(r"(?<=[^\W\d_]{6})\.$")
"""A full stop after a whole word ends the place ("Oaxaca de Juárez, Oaxaca. 3 de ..."); one
after an abbreviation is part of it ("Monterrey, N.L.", "Cd. Victoria, Tamps.")."""
_LABEL = re.compile(r"^\s*fecha\s*:?\s*", re.IGNORECASE)
""""Fecha: 25/11/2025": a label, not a place."""
_SEPARATOR = re.compile(r"\s*(?:\.\s*[-\u2013\u2014]+|[-\u2013\u2014]+|[.:,])\s*")
MAX_PLACE = 60


@dataclass(frozen=True)
class Dateline:
    date: dt.date | None
    location: str | None
    header: str
    """The part of the line that is header (dropped from the body)."""
    rest: str
    """Text after the dateline on the same line: the start of the first paragraph."""
    date_text: str
    """The date as written, for reports (useful when the year is missing)."""


def strip_marks(text: str) -> str:
    """``text`` without a heading mark and bold marks; a mark between two letters
    becomes a space, so "a**b" never turns into the new word "ab"."""
    text = _INNER_MARK.sub(" ", _HEADING.sub("", text))
    return _MARK.sub("", text).strip()


def parse_number(text: str) -> str | None:
    """ "591/2025" from "No. 591/2025", "Núm. 12", "Boletín No. 045", "BOLETÍN 45"."""
    match = _NUMBER.fullmatch(strip_marks(text).strip())
    if not match:
        return None
    return match["number"] or match["bare"]


def _is_place(text: str) -> bool:
    """ "Ciudad de México", "Guadalajara, Jal.", "Monterrey, N.L.", "México, D.F."."""
    if not text:
        return True
    if len(text) > MAX_PLACE or not text[0].isupper() or any(c.isdigit() for c in text):
        return False
    words = [w for w in re.split(r"[\s,]+", text) if w]
    if len(words) > 8:
        return False
    return all(w[0].isupper() or fold(w) in _PLACE_WORDS or w.endswith(".") for w in words)


def parse_dateline(text: str) -> Dateline | None:
    """The dateline in ``text``, if the line starts with one."""
    line = strip_marks(text)
    for found in dates_in(line):
        match = found.match
        prefix = _LABEL.sub("", line[: match.start()])
        without_weekday = _WEEKDAY.sub("", prefix)
        had_weekday = without_weekday != prefix
        connector = _CONNECTOR.search(without_weekday)
        prefix = without_weekday[: connector.start()] if connector else without_weekday
        prefix = prefix.strip()
        place = _FULL_STOP.sub("", prefix.rstrip(",;|").strip())
        # A place is set off from the date: "Ciudad de México, 3 ...", "Monterrey, N.L. 3 ...",
        # "Guadalajara, a 3 ...", "Tepic a 3 ...", "Mérida, lunes 3 ...".
        set_off = (
            not place
            or had_weekday
            or prefix.endswith((",", ".", ";", "|"))
            or connector is not None
        )
        if not set_off or not _is_place(place):
            return None
        tail = line[match.end() :]
        separator = _SEPARATOR.match(tail)
        rest = tail[separator.end() :] if separator else tail
        if (rest.strip() and not separator) or not found.valid:
            return None
        header = line[: len(line) - len(rest)] if rest else line
        return Dateline(found.date, place or None, header.strip(), rest.strip(), match.group(0))
    return None
