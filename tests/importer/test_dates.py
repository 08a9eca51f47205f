"""Spanish dates as bulletins write them, parsed without the system locale."""

from __future__ import annotations

import datetime as dt

import pytest

from builder.dates import find_spanish_date


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
    ],
)
def test_found(text: str, expected: dt.date) -> None:
    assert find_spanish_date(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    ["1º de julio", "31 de febrero de 2020", "125 de marzo de 20199", "3 de marzop de 2019", ""],
)
def test_not_found(text: str) -> None:
    assert find_spanish_date(text) == (None, None)
