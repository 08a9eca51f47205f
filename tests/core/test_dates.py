"""Spanish dates as bulletins write them, parsed without the system locale."""

from __future__ import annotations

import datetime as dt

import pytest

from builder.core.dates import dates_in, find_spanish_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ciudad de México, martes 25 de noviembre de 2025", dt.date(2025, 11, 25)),
        ("28 de agosto de 2025", dt.date(2025, 8, 28)),
        ("1o. de julio de 2024", dt.date(2024, 7, 1)),
        ("1º de julio de 2024", dt.date(2024, 7, 1)),
        ("1° de julio de 2024", dt.date(2024, 7, 1)),
        ("1ro. de julio de 2024", dt.date(2024, 7, 1)),
        ("Guadalajara, Jal., a 3 de marzo de 2019.", dt.date(2019, 3, 3)),
        ("Monterrey, N.L. 3 de marzo del 2019.-", dt.date(2019, 3, 3)),
        ("3 de MARZO de 2019", dt.date(2019, 3, 3)),
        ("3 de marzo, 2019", dt.date(2019, 3, 3)),
        ("15 de setiembre de 2020", dt.date(2020, 9, 15)),
        ("MIÉRCOLES 2 DE ENERO DE 2019", dt.date(2019, 1, 2)),
        ("25 noviembre 2025", dt.date(2025, 11, 25)),
        ("25 nov. 2025", dt.date(2025, 11, 25)),
        ("25/nov/2025", dt.date(2025, 11, 25)),
        ("25-Nov-2025", dt.date(2025, 11, 25)),
        ("3 de sept. de 2019", dt.date(2019, 9, 3)),
        ("3 de ene de 2019", dt.date(2019, 1, 3)),
    ],
)
def test_found(text: str, expected: dt.date) -> None:
    assert find_spanish_date(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "1º de julio",
        "25/nov-2025",
        "3 novi 2019",
        "31 de febrero de 2020",
        "125 de marzo de 20199",
        "3 de marzop de 2019",
        "",
    ],
)
def test_not_found(text: str) -> None:
    assert find_spanish_date(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guadalajara, Jal., 25/11/2025", [(2025, 11, 25)]),
        ("25-11-2025 y 1.2.2026", [(2025, 11, 25), (2026, 2, 1)]),
        ("3/4/2019", [(2019, 4, 3)]),  # day first, as in Mexico
        ("el 1o. de julio de 2024, y el 02/07/2024", [(2024, 7, 1), (2024, 7, 2)]),
        ("1º de julio", [None]),
        ("31/02/2020 y 11/25/2025", [None, None]),
        ("Publicado el 2025-11-25", [(2025, 11, 25)]),
    ],
)
def test_dates_in_words_and_numbers(text: str, expected: list) -> None:
    found = [d.date for d in dates_in(text)]
    assert found == [dt.date(*x) if x else None for x in expected]


@pytest.mark.parametrize(
    "text",
    [
        "25/11/25",
        "2025/11/25",
        "2025-11-255",
        "12025-11-25",
        "25/11-2025",
        "125/11/2025",
        "25/11/20251",
        "1.5.2025.3",
    ],
)
def test_not_numeric_dates(text: str) -> None:
    assert list(dates_in(text)) == []
