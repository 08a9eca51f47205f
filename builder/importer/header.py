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

from builder.core.dates import dates_in, month_number
from builder.core.text import fold

_HEADING = re.compile(r"^\s*#{1,6}\s+")
_INNER_MARK = re.compile(r"(?<=[^\W_])(?:\*\*|__)+(?=[^\W_])")
_MARK = re.compile(r"\*\*|__")
_NUMBER = re.compile(
    r"(?:(?:bolet[ií]n|comunicado|nota informativa)(?:\s+de\s+prensa)?"
    r"(?:\s+(?!no\b|n[úu]m)[^\W\d_]{2,12})?\s*[,:.]?\s*)?"
    r"(?:no\.?|n[úu]m\.?|n[úu]mero|n\.?\s*[º°o]\.?)\s*:?\s*(?P<number>\d[\w/.\-]*?(?:\s+de\s+\d{4})?)\.?"
    r"|(?:bolet[ií]n|comunicado)(?:\s+de\s+prensa)?\s+"
    r"(?P<bare>(?:[^\W\d_]{1,10}[/\-]|(?-i:[A-ZÁÉÍÓÚÑ]{2,10})\s)*\d[\w/.\-]*?)\.?"
    r"|(?P<code>(?-i:[A-ZÑ]{2,10})-\d{1,5}-\d{2,4})",
    re.IGNORECASE,
)
"""The number as printed: "No. 591/2025", "Boletín SEP no. 123", "Comunicado de Prensa
DGC/045/2024", "Comunicado SS 045/2024" (an office's prefix is part of the number),
"Boletín de Prensa No. 301 de 2019" ("301 de 2019"), and an office code alone on its line
("SSA-045-2023": capitals, dash, number, dash, year)."""
_WEEKDAY = re.compile(
    r"(?:^|[\s,])(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\s*,?\s*$",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(r"\s*(?:[,;|]\s*)?\ba\s*$", re.IGNORECASE)
_PLACE_WORDS = frozenset({"de", "del", "la", "las", "los", "el", "y", "e", "en", "sobre"})
_LAST_WORD = re.compile(r"([^\W\d_]+)\.$")


def _drop_whole_word_stop(text: str) -> str:
    """A full stop after a whole word ends the place ("Oaxaca de Juárez, Oaxaca. 3 de ...",
    "Lima, Perú. El ...", "PACHUCA DE SOTO. – La ..."): a word of six letters or more, or
    of four or more ending in a vowel. One after an abbreviation is part of the place
    ("Monterrey, N.L.", "Cd. Victoria, Tamps.", "Pachuca, Hgo.", "Puebla, Pue.")."""
    match = _LAST_WORD.search(text)
    if not match:
        return text
    word = match[1]
    whole = len(word) >= 6 or (len(word) >= 4 and fold(word[-1]) in "aeiou")
    return text[:-1] if whole else text


_LABEL = re.compile(r"^\s*fecha\s*:?\s*", re.IGNORECASE)
""""Fecha: 25/11/2025": a label, not a place."""
_META_BULLET = re.compile(r"^\s*[•·▪●*]\s*")
"""A date alone on a bulleted meta line ("• 3 de marzo de 2024") is header, not a highlight."""
_TRAILING_SEPARATOR = re.compile(r"(?:\s*(?:\.\s*[-\u2013\u2014]+|[-\u2013\u2014]+|[;|]))+\s*$")
"""What sets a place off from a date after it: "Pachuca, Hidalgo.- Marzo 3 ...", "Oax.; 18 ..."."""
_SEPARATOR = re.compile(
    r"\s*\*?\s*(?:\.\s*[-\u2013\u2014]+|[-\u2013\u2014]+|[.:,;])\s*", re.IGNORECASE
)
_TIME = re.compile(
    r"\s*[,\-\u2013\u2014]?\s*\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*(?:hrs|hr|horas|h)\b\.?|\s*[ap]\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
"""A time after the date ("…de 2019, 12:00 hrs", "…de 2024 - 9:15 a. m."): header, dropped."""
_EMPHASIS = re.compile(r"^([*_])(?=\S)(.*\S)\1$")
"""A dateline set in italics: "*Monterrey, N.L., 5 de mayo de 2024*"."""
_AGENCY = re.compile(r"\s*\((?-i:[A-Z][A-Za-z]{1,11})\)")
"""A news agency's initials after the date: "…de 2024 (NTX).- El…"."""
_MONTHS = (
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre"
)
_MONTH_FIRST = re.compile(
    rf"(?<![^\W\d_])(?P<month>{_MONTHS})\s+(?P<day>\d{{1,2}})(?!\d)"
    r"(?:\s*,?\s+(?:de|del)\s+|\s*,\s*)(?P<year>\d{4})(?!\d)",
    re.IGNORECASE,
)
"""Month first, as some offices write it: "Marzo 3 de 2024", "Febrero 14 de 2019"."""
_YEAR_WORD = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s+de\s+(?P<month>{_MONTHS})\s+del?\s+a[ñn]o\s+"
    r"(?P<year>\d{4})(?!\d)",
    re.IGNORECASE,
)
"""\"18 DE ABRIL DEL AÑO 2021\"."""
MAX_PLACE = 60
MAX_PREFIX = 120
"""Characters before a dateline's date: a place and a weekday fit; a paragraph's date does not."""
MAX_LINE = 2000
"""Characters of a line searched for a dateline's date (it is near the start); the text
after the date is taken from the whole line."""


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
    run_on: bool = False
    """No separator between the date and the paragraph ("…de 2023 La Secretaría…")."""
    bulleted: bool = False
    """A date alone on a bulleted meta line ("• 3 de marzo de 2024")."""


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
    return match["number"] or match["bare"] or match["code"]


def is_place(text: str) -> bool:
    """ "Ciudad de México", "Guadalajara, Jal.", "Monterrey, N.L.", "México, D.F."."""
    if not text:
        return True
    if len(text) > MAX_PLACE or not text[0].isupper() or any(c.isdigit() for c in text):
        return False
    words = [w for w in re.split(r"[\s,]+", text) if w]
    if len(words) > 8:
        return False
    return all(w[0].isupper() or fold(w) in _PLACE_WORDS or w.endswith(".") for w in words)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    date: dt.date | None
    valid: bool
    text: str


def _dates(line: str) -> list[_Found]:
    """Every date in ``line``, in reading order, the longest first where two start at
    the same place ("18 DE ABRIL DEL AÑO 2021" over "18 DE ABRIL")."""
    found = [
        _Found(d.match.start(), d.match.end(), d.date, d.valid, d.match.group(0))
        for d in dates_in(line)
    ]
    for pattern in (_MONTH_FIRST, _YEAR_WORD):
        for match in pattern.finditer(line):
            date = _make(int(match["year"]), month_number(match["month"]), int(match["day"]))
            found.append(_Found(match.start(), match.end(), date, date is not None, match[0]))
    return sorted(found, key=lambda f: (f.start, -f.end))


def _make(year: int, month: int | None, day: int) -> dt.date | None:
    try:
        return dt.date(year, month or 0, day)
    except ValueError:
        return None


def trim_place(prefix: str) -> tuple[str, bool]:
    """The place in the text before a date or a paragraph, and whether a separator set it
    off: trailing ".-", "–", ";", "|" and "," go; a full stop goes after a whole word only."""
    stripped = prefix.strip()
    separator = _TRAILING_SEPARATOR.search(stripped)
    if separator:
        stripped = stripped[: separator.start()]
    stripped = stripped.rstrip(",").strip()
    place = _drop_whole_word_stop(stripped)
    return place, separator is not None or place != stripped or prefix.strip().endswith(",")


def parse_dateline(text: str) -> Dateline | None:
    """The dateline in ``text``, if the line starts with one."""
    line = _EMPHASIS.sub(r"\2", strip_marks(text))
    for found in _dates(line[:MAX_LINE]):  # the date is near the start; the rest is kept
        if found.start > MAX_PREFIX:
            return None
        prefix = _LABEL.sub("", line[: found.start])
        without_weekday = _WEEKDAY.sub("", prefix)
        had_weekday = without_weekday != prefix
        connector = _CONNECTOR.search(without_weekday)
        prefix = without_weekday[: connector.start()] if connector else without_weekday
        prefix = prefix.strip()
        tail = line[found.end :]
        if prefix.endswith("(") and tail.startswith(")"):  # "MONTERREY, N.L. (5/MAY/2024).-"
            prefix, tail = prefix[:-1].strip(), tail[1:]
        time = _TIME.match(tail)
        if time:
            tail = tail[time.end() :]
        agency = _AGENCY.match(tail)
        if agency:
            tail = tail[agency.end() :]
        separator = _SEPARATOR.match(tail)
        rest = tail[separator.end() :] if separator else tail
        bulleted = bool(prefix) and bool(_META_BULLET.fullmatch(prefix + " ")) and not rest.strip()
        if bulleted:
            prefix = ""  # "• 3 de marzo de 2024" on a meta line
        place, separated = trim_place(prefix)
        # A place is set off from the date: "Ciudad de México, 3 ...", "Monterrey, N.L. 3 ...",
        # "Guadalajara, a 3 ...", "Tepic a 3 ...", "Mérida, lunes 3 ...", "Pachuca.- Marzo 3".
        set_off = (
            not place
            or had_weekday
            or separated
            or prefix.endswith((",", ".", ";", "|"))
            or connector is not None
        )
        if not set_off or not is_place(place):
            return None
        # No separator before the paragraph ("…de 2023 La Secretaría…"): only before a
        # capital, after a whole date.
        run_on = bool(rest.strip()) and not separator
        if run_on and not (found.date is not None and place and rest.strip()[0].isupper()):
            return None
        if not found.valid:
            return None
        header = line[: len(line) - len(rest)] if rest else line
        return Dateline(
            found.date, place or None, header.strip(), rest.strip(), found.text, run_on, bulleted
        )
    return None
