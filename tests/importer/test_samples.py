"""What issue 2 says the five IMSS samples contain, checked field by field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from importer_support import RAW

from builder.core.settings import SiteConfig, load_settings
from builder.importer import import_text


def sample(prefix: str) -> Path:
    return next(RAW.glob(f"{prefix}_*.txt"))


def imported(prefix: str):
    path = sample(prefix)
    return import_text(path.read_bytes(), path.name, SiteConfig())


def test_001_metadata_and_links() -> None:
    result = imported("001")
    fields = result.fields
    assert fields["number"] == "591/2025"
    assert fields["date"] == dt.date(2025, 11, 25)
    assert fields["location"] == "Ciudad de México"
    assert len(fields["highlights"]) == 2
    assert [link["kind"] for link in fields["links"]] == ["photos", "video"]
    assert fields["links"][0]["url"].startswith("https://imssmx.sharepoint.com/")
    assert fields["links"][1]["url"].startswith("https://drive.google.com/")
    assert result.missing == ()
    assert str(result.path).startswith("2025/2025-11-25-imss-fortalece-cooperacion")


def test_002_metadata() -> None:
    fields = imported("002").fields
    assert fields["number"] == "437/2025"
    assert fields["date"] == dt.date(2025, 8, 28)
    assert fields["location"] == "Ciudad de México"
    assert len(fields["highlights"]) == 3
    assert fields["title"].startswith("Centro de Día del IMSS consolida")
    assert "#" not in fields["title"]
    assert [link["kind"] for link in fields["links"]] == ["photos", "video"]


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_undated_samples_invent_nothing(prefix: str) -> None:
    result = imported(prefix)
    assert result.fields["date"] is None
    assert result.fields["number"] is None
    assert result.fields["location"] is None
    assert result.missing == ("date", "number", "location")
    assert str(result.path).startswith("sin-fecha/")
    assert "date:\nnumber:\nlocation:\n" in result.text


def test_000_wrapped_title_is_joined() -> None:
    result = imported("000")
    assert result.fields["title"] == (
        "IMSS avanza en la construcción de un Sistema Nacional de Cuidados"
    )
    assert str(result.path) == (
        "sin-fecha/imss-avanza-en-la-construccion-de-un-sistema-nacional-de-cuidados.md"
    )


def test_002_paragraph_cut_by_page_break_is_joined() -> None:
    body = imported("002").body
    assert "en la Ciudad de México, dirigido a personas derechohabientes" in body
    assert "UNIDAD DE COMUNICACIÓN SOCIAL" not in body
    assert "Indígena" not in body


def test_001_paragraph_cut_by_page_break_is_joined() -> None:
    result = imported("001")
    assert "de la Esposa del Presidente (SOSEP), programas" in result.body
    assert result.joined_at_breaks == 1


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_letterhead_left_and_no_word_lost(prefix: str) -> None:
    result = imported(prefix)
    for line in result.body.splitlines():
        assert line.strip().upper() not in {
            "GOBIERNO DE",
            "MÉXICO",
            "INSTITUTO MEXICANO DEL SEGURO SOCIAL",
            "SEGURIDAD Y SOLIDARIDAD SOCIAL",
            "UNIDAD DE COMUNICACIÓN SOCIAL",
            "BOLETÍN DE PRENSA",
        }
    assert "---o" not in result.body
    assert "LINK" not in result.body
    assert "http" not in result.body
    assert result.preservation.ok and result.preservation.words > 400


def test_bold_inline_is_kept() -> None:
    assert "es de **Apertura** por el registro" in imported("003").body


def test_the_committed_archive_is_what_import_writes() -> None:
    # content/ holds the five samples as `boletines import` writes them with the
    # repository's site.yaml (its topics give the tags), so `make build` renders them.
    root = RAW.parents[2]
    config = load_settings(root / "site.yaml")
    for raw in sorted(RAW.glob("00*_*.txt")):
        result = import_text(raw.read_bytes(), raw.name, config)
        written = root / "content" / Path(*result.path.parts)
        assert written.read_text(encoding="utf-8") == result.text, raw.name
