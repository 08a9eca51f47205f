"""Spanish (and English) dates, parsed and written by the project, never by the system locale."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from builder.core.text import fold

MONTHS_ES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")

_MONTH_NUMBER = (
    {name: i + 1 for i, name in enumerate(MONTHS_ES)}
    | {name[:3]: i + 1 for i, name in enumerate(MONTHS_ES)}
    | {"setiembre": 9, "sept": 9, "set": 9}
)
"""Full names and the usual abbreviations ("nov", "sept")."""


def month_number(name: str) -> int | None:
    return _MONTH_NUMBER.get(fold(name).strip(". "))


def month_name(month: int, language: str = "es") -> str:
    return (MONTHS_EN if language == "en" else MONTHS_ES)[month - 1]


def format_date(date: dt.date, language: str = "es") -> str:
    """'25 de noviembre de 2025' in Spanish, 'November 25, 2025' in English."""
    if language == "en":
        return f"{MONTHS_EN[date.month - 1]} {date.day}, {date.year}"
    return f"{date.day} de {MONTHS_ES[date.month - 1]} de {date.year}"


def format_month(year: int, month: int, language: str = "es") -> str:
    if language == "en":
        return f"{MONTHS_EN[month - 1]} {year}"
    return f"{MONTHS_ES[month - 1]} de {year}"


SPANISH_DATE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?:\s?(?:o|º|°|ª|ro|er|ero)\.?|\.)?(?:\s+(?:de\s+)?|(?P<sep>[/-]))"
    r"(?P<month>[a-záéíóúñ]+)\b(?:(?<![a-záéíóúñ]{5})\.)?"  # "nov.", "sept.": abbreviations
    r"(?:(?:\s*,?\s+(?:de|del)\s+|\s*,\s*|\s+|(?P=sep))(?P<year>\d{4})(?!\d))?",
    re.IGNORECASE,
)
"""A Spanish date: "25 de noviembre de 2025", "1o. de julio de 2024", "1º de julio",
"3 de marzo del 2019", "25 noviembre 2025", "25 nov. 2025", "25/nov/2025"; the year is
optional so callers can tell "no year" from "no date"."""
_SPANISH_DATE = SPANISH_DATE


NUMERIC_DATE = re.compile(
    r"(?<![\d/.\-])(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})"
    r"(?!\d|[/.\-]\d)"
)
"""A numeric date, day first as in Mexico and Spain: "25/11/2025", "25-11-2025",
"25.11.2025" (a four-digit year: "03/04/19" could be any century)."""
ISO_DATE = re.compile(
    r"(?<![\d/.\-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d|[/.\-]\d)"
)
"""An ISO date, "2025-11-25", as content management systems write them."""


@dataclass(frozen=True)
class DateMatch:
    """A date written in a text: where, as written, and its value (None without a year,
    or when it does not exist, such as "31 de febrero de 2020")."""

    match: re.Match[str]
    date: dt.date | None
    has_year: bool

    @property
    def valid(self) -> bool:
        return self.date is not None or not self.has_year


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dates_in(text: str) -> Iterator[DateMatch]:
    """Every date in ``text``, written in Spanish or in numbers, in reading order."""
    found: list[DateMatch] = []
    for match in SPANISH_DATE.finditer(text):
        month = month_number(match["month"])
        if month is None:
            continue
        has_year = match["year"] is not None
        date = _make(int(match["year"]), month, int(match["day"])) if has_year else None
        found.append(DateMatch(match, date, has_year))
    for match in (*NUMERIC_DATE.finditer(text), *ISO_DATE.finditer(text)):
        date = _make(int(match["year"]), int(match["month"]), int(match["day"]))
        found.append(DateMatch(match, date, True))
    yield from sorted(found, key=lambda d: d.match.start())


def find_spanish_date(text: str) -> tuple[dt.date | None, re.Match[str] | None]:
    """The first valid Spanish date in ``text`` ("martes 25 de noviembre de 2025",
    "1o. de julio de 2024"), with its match; a date without a year is not completed."""
    for match in _SPANISH_DATE.finditer(text):
        month = month_number(match["month"])
        if month is None or match["year"] is None:
            continue
        try:
            return dt.date(int(match["year"]), month, int(match["day"])), match
        except ValueError:
            continue
    return None, None


_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def guess_date(text: str) -> dt.date | None:
    """The date ``text`` means when an editor wrote it day first ("26/11/2025") or in
    Spanish words ("26 de noviembre de 2025"), so a message can show the ISO form to type."""
    day_first = _DAY_FIRST.fullmatch(text.strip())
    if day_first:
        day, month, year = (int(part) for part in day_first.groups())
        return _make(year, month, day)
    found, _ = find_spanish_date(text)
    return found
