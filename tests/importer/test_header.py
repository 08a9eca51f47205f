"""Datelines and numbers: what counts as header, what stays body text."""

from __future__ import annotations

import datetime as dt

import pytest

from builder.importer.header import parse_dateline, parse_number


@pytest.mark.parametrize(
    ("line", "location", "date", "rest"),
    [
        (
            "Ciudad de México, martes 25 de noviembre de 2025",
            "Ciudad de México",
            (2025, 11, 25),
            "",
        ),
        ("Ciudad de México, 28 de agosto de 2025", "Ciudad de México", (2025, 8, 28), ""),
        ("Guadalajara, Jal., a 3 de marzo de 2019.", "Guadalajara, Jal.", (2019, 3, 3), ""),
        (
            "Monterrey, N.L. 3 de marzo del 2019.- El gobernador inauguró la obra.",
            "Monterrey, N.L.",
            (2019, 3, 3),
            "El gobernador inauguró la obra.",
        ),
        ("México, D.F., 1o. de julio de 2024", "México, D.F.", (2024, 7, 1), ""),
        ("**Puebla, Pue., lunes, 4 de mayo de 2020**", "Puebla, Pue.", (2020, 5, 4), ""),
        ("25 de noviembre de 2025", None, (2025, 11, 25), ""),
        ("Ciudad de México, a 3 de marzo de 2019", "Ciudad de México", (2019, 3, 3), ""),
        ("Mérida, Yuc., jueves 2 de enero de 2020.", "Mérida, Yuc.", (2020, 1, 2), ""),
        (
            "Oaxaca de Juárez, Oax., 5 de octubre de 2021 – Hoy se abrió",
            "Oaxaca de Juárez, Oax.",
            (2021, 10, 5),
            "Hoy se abrió",
        ),
        ("Guadalajara, Jal., 25/11/2025", "Guadalajara, Jal.", (2025, 11, 25), ""),
        ("Ciudad de México, a 25-11-2025.", "Ciudad de México", (2025, 11, 25), ""),
        ("25.11.2025", None, (2025, 11, 25), ""),
        ("Fecha: 03/04/2019", None, (2019, 4, 3), ""),
        ("Zapopan, Jalisco; lunes 4 de marzo de 2024", "Zapopan, Jalisco", (2024, 3, 4), ""),
        ("Zapopan, Jal.; 4 de marzo de 2024", "Zapopan, Jal.", (2024, 3, 4), ""),
        (
            "Oaxaca de Juárez, Oaxaca. 3 de marzo de 2019.",
            "Oaxaca de Juárez, Oaxaca",
            (2019, 3, 3),
            "",
        ),
        ("Cd. Victoria, Tamps. 3 de marzo de 2019", "Cd. Victoria, Tamps.", (2019, 3, 3), ""),
        ("CIUDAD DE MÉXICO, 25 DE NOVIEMBRE DE 2025", "CIUDAD DE MÉXICO", (2025, 11, 25), ""),
        ("Ciudad de México, 25 noviembre 2025", "Ciudad de México", (2025, 11, 25), ""),
        ("Ciudad de México | 25 de noviembre de 2025", "Ciudad de México", (2025, 11, 25), ""),
        ("Ciudad de México, 25/nov/2025", "Ciudad de México", (2025, 11, 25), ""),
        ("Fecha: 3 de abril de 2019", None, (2019, 4, 3), ""),
        (
            "Mérida, Yuc., martes 2/12/2025.- El gobernador habló.",
            "Mérida, Yuc.",
            (2025, 12, 2),
            "El gobernador habló.",
        ),
    ],
)
def test_datelines(line: str, location: str | None, date: tuple, rest: str) -> None:
    found = parse_dateline(line)
    assert found is not None
    assert found.location == location
    assert found.date == dt.date(*date)
    assert found.rest == rest


def test_dateline_without_year_keeps_place_and_reports_date() -> None:
    found = parse_dateline("Ciudad de México, 1º de julio")
    assert found is not None
    assert (found.location, found.date, found.date_text) == (
        "Ciudad de México",
        None,
        "1º de julio",
    )


@pytest.mark.parametrize(
    "line",
    [
        "El director dijo el 3 de marzo de 2019 que habrá obras.",
        "El 3 de marzo de 2019 se inauguró el hospital.",
        "comenzó a operar en enero de 2023 en el Centro",
        "Ciudad de México, 28 de agosto de 2025 y siguió hablando",
        "Desde el 1 de julio de 2024",
        "El 25/11/2025 se inauguró el hospital.",
        "El 3 marzo 2019 se inauguró el hospital.",
        "Monterrey, N.L., 31/02/2025",
        "Tepic, 11/25/2025",
        "Última actualización: 01/07/2024",
    ],
)
def test_sentences_mentioning_dates_are_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("No. 591/2025", "591/2025"),
        ("No 12/2024", "12/2024"),
        ("Núm. 12", "12"),
        ("Número 7", "7"),
        ("Boletín No. 045", "045"),
        ("BOLETÍN DE PRENSA No. 437/2025", "437/2025"),
        ("Comunicado 214", "214"),
        ("## No. 437/2025", "437/2025"),
        ("Nº 3.", "3"),
        ("Boletín SEP no. 123", "123"),
        ("Boletín informativo No. 12", "12"),
        ("Comunicado de Prensa DGC/045/2024", "DGC/045/2024"),
        ("Comunicado de prensa SSJ-045-2024", "SSJ-045-2024"),
    ],
)
def test_numbers(line: str, number: str) -> None:
    assert parse_number(line) == number


@pytest.mark.parametrize(
    "line",
    [
        "No. de personas atendidas",
        "No hubo cambios en 2024",
        "12",
        "Boletín de prensa",
        "Boletín sobre salud",
        "Comunicado de la Secretaría",
    ],
)
def test_not_numbers(line: str) -> None:
    assert parse_number(line) is None
