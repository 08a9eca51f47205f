"""``boletines new``: a complete file at the right path, never overwriting; then check and
build accept it."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from builder.build.steps import BuildOptions, build
from builder.content.schema import FIELDS


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_a_dated_bulletin_goes_to_its_year_with_every_field(cli, site):
    result = cli(
        "new",
        "--title",
        "IMSS inaugura guarderías en Ciudad Juárez",
        "--date",
        "2025-11-26",
        "--number",
        "600/2025",
        "--location",
        "Ciudad Juárez, Chihuahua",
    )
    path = "content/2025/2025-11-26-imss-inaugura-guarderias-en-ciudad-juarez.md"
    assert (result.code, result.out, result.err) == (0, path + "\n", "")
    text = (site / path).read_text(encoding="utf-8")
    assert text == (
        "---\n"
        'title: "IMSS inaugura guarderías en Ciudad Juárez"\n'
        "date: 2025-11-26\n"
        'number: "600/2025"\n'
        "location: Ciudad Juárez, Chihuahua\n"
        "highlights: []\n"
        "links: []\n"
        "tags: [guarderías]\n"
        "aliases: []\n"
        "draft: false\n"
        "---\n"
    )
    # Not the original's fields (a document put beside the file is its original), nor
    # corrections and a publication time: the editor adds those later, when they apply.
    later = {"original", "original_sha256", "updated", "corrections", "publish"}
    assert list(front_matter(text)) == [field.name for field in FIELDS if field.name not in later]


def test_without_a_date_it_goes_to_sin_fecha_with_empty_fields(cli, site):
    result = cli("new", "--title", "  Aviso   a los derechohabientes ")
    assert result.out == "content/sin-fecha/aviso-a-los-derechohabientes.md\n"
    fields = front_matter((site / result.out.strip()).read_text(encoding="utf-8"))
    assert fields == {
        "title": "Aviso a los derechohabientes",
        "date": None,
        "number": None,
        "location": None,
        "highlights": [],
        "links": [],
        "tags": [],
        "aliases": [],
        "draft": False,
    }


def test_a_title_without_letters_still_gets_a_file_name(cli):
    assert cli("new", "--title", "¡¿…?!", "--draft").out == "content/sin-fecha/boletin.md\n"


def test_another_content_folder(cli, site):
    result = cli("new", "--title", "Prueba", "--date", "2024-01-02", "--content", "otra")
    assert result.out == "otra/2024/2024-01-02-prueba.md\n"
    assert (site / "otra/2024/2024-01-02-prueba.md").is_file()


def test_an_existing_file_is_never_overwritten(cli, site):
    first = cli("new", "--title", "Prueba", "--date", "2025-11-26")
    path = site / first.out.strip()
    path.write_text(path.read_text(encoding="utf-8") + "\nTexto del editor.\n", encoding="utf-8")
    again = cli("new", "--title", "Prueba", "--date", "2025-11-26")
    assert again.code == 1
    assert again.out == ""
    assert again.err == (
        "content/2025/2025-11-26-prueba.md: ya existe y no se sobrescribe; ábralo para "
        "editarlo, o cambie el título o la fecha.\n"
    )
    assert path.read_text(encoding="utf-8").endswith("Texto del editor.\n")


@pytest.mark.parametrize("value", ["2025-1-5", "mañana", "31/02/2025", "12/2025"])
def test_a_bad_date_is_refused(cli, site, value):
    result = cli("new", "--title", "Prueba", "--date", value)
    assert result.code == 1
    assert result.err == (
        f"--date: la fecha {value} no es válida; escríbala como AAAA-MM-DD, "
        "por ejemplo 2025-11-25.\n"
    )
    assert not any((site / "content").rglob("*.md"))


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("26/11/2025", "2025-11-26"),
        ("5-1-2025", "2025-01-05"),
        ("26 de noviembre de 2025", "2025-11-26"),
        ("miércoles 26 de noviembre de 2025", "2025-11-26"),
    ],
)
def test_a_date_written_day_first_or_in_words_gets_the_iso_form(cli, site, value, iso):
    result = cli("new", "--title", "Prueba", "--date", value)
    assert result.code == 1
    assert result.err == (
        f"--date: la fecha {value} no está escrita como AAAA-MM-DD; escriba --date {iso}.\n"
    )
    assert not any((site / "content").rglob("*.md"))


def test_a_date_that_is_not_in_the_calendar(cli, site):
    result = cli("new", "--title", "Prueba", "--date", "2025-02-30")
    assert result.code == 1
    assert result.err == (
        "--date: la fecha 2025-02-30 no existe en el calendario; revise el día y el mes "
        "(AAAA-MM-DD).\n"
    )


def test_an_empty_title_is_refused(cli):
    result = cli("new", "--title", "   ")
    assert result.code == 1
    assert result.err == (
        "--title: falta el título; escríbalo entre comillas, por ejemplo "
        '--title "IMSS inaugura ...".\n'
    )


def test_values_the_build_would_refuse_are_refused_before_any_file_is_written(cli, site):
    result = cli(
        "new",
        "--title",
        "Hola \x1b[2K mundo",
        "--number",
        "591/2025\u200b",
        "--location",
        "x" * 151,
        "--date",
        "2025-11-26",
    )
    assert result.code == 1
    assert result.err.splitlines() == [
        "--location: «location» tiene 151 caracteres y el máximo es 150; acórtelo (el texto "
        "largo va en el cuerpo del boletín).",
        "--number: el valor de «number» tiene un carácter invisible (U+200B, en la posición 9), "
        "con el que parecería igual a otro y sería distinto; bórrelo.",
        "--title: el valor de «title» tiene un carácter de control (U+001B, en la posición 6), "
        "que no se ve y no puede publicarse; bórrelo (suele venir de un texto copiado o de un "
        "escape como \\e).",
    ]
    assert not list((site / "content").rglob("*.md"))


def test_new_then_check_then_build(cli, site, tmp_path):
    """The editor's path: create, see what is missing, fill it in, check clean, build."""
    path = site / cli("new", "--title", "IMSS abre un CECI", "--date", "2025-11-26").out.strip()
    check = cli("check")
    assert check.lines == [
        f'{path.relative_to(site)}:4: aviso: falta el número («number»), como "591/2025"; si '
        "el boletín no tiene número, déjelo vacío.",
        f"{path.relative_to(site)}:5: aviso: falta el lugar («location»), como Ciudad de "
        "México; si el boletín no lo dice, déjelo vacío.",
        f"{path.relative_to(site)}:11: aviso: el boletín no tiene texto; escríbalo debajo de la "
        "segunda línea «---».",
        "0 errores, 3 avisos en 1 boletín.",
    ]
    assert check.code == 0 and cli("check", "--strict").code == 1
    text = path.read_text(encoding="utf-8")
    text = text.replace("number:\n", 'number: "600/2025"\n').replace(
        "location:\n", "location: Ciudad Juárez\n"
    )
    path.write_text(text + "\nEl Seguro Social abrió un nuevo **CECI** en Ciudad Juárez.\n")
    assert cli("check", "--strict").lines == ["0 errores, 0 avisos en 1 boletín."]
    out = tmp_path / "_site"
    report = build(
        BuildOptions(
            site / "site.yaml", site / "content", out, search=False, build_date=dt.date(2025, 12, 1)
        )
    )
    assert report.bulletins == 1
    page = (out / "2025/2025-11-26-imss-abre-un-ceci/index.html").read_text(encoding="utf-8")
    assert "IMSS abre un CECI" in page
    assert "<strong>CECI</strong>" in page
    assert "600/2025" in page
    assert "/temas/guarderias/" in page
