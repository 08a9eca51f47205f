"""Spanish (and English) dates, parsed and written by the project, never by the system locale."""

from __future__ import annotations

import datetime as dt
import re

from builder.text import fold

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

_MONTH_NUMBER = {name: i + 1 for i, name in enumerate(MONTHS_ES)} | {"setiembre": 9}


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
    r"(?<!\d)(?P<day>\d{1,2})(?:\s?(?:o|º|°|ª|ro|er|ero)\.?|\.)?\s+de\s+(?P<month>[a-záéíóúñ]+)\b"
    r"(?:(?:\s*,?\s+(?:de|del)\s+|\s*,\s*|\s+)(?P<year>\d{4})(?!\d))?",
    re.IGNORECASE,
)
"""A Spanish date: "25 de noviembre de 2025", "1o. de julio de 2024", "1º de julio",
"3 de marzo del 2019"; the year is optional so callers can tell "no year" from "no date"."""
_SPANISH_DATE = SPANISH_DATE


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
