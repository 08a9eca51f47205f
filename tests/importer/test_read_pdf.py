"""The PDF reader on small PDFs made in code, one behaviour each, and hostile PDFs."""

from __future__ import annotations

import dataclasses
import io

import pypdfium2 as pdfium
import pytest
from documents_support import HOSTILE, Text, column, make_pdf

from builder.core.settings import SiteConfig
from builder.importer import Refused, import_file
from builder.importer.read_pdf import MAX_PAGES, read_pdf

CONFIG = dataclasses.replace(SiteConfig(), boilerplate=())
HEADER = [
    Text(200, 750, "SECRETARÍA DE PESCA DEL ESTADO", size=9),
    Text(200, 738, "Coordinación de Prensa", size=9),
]


def _page(lines: list[str], number: int, pages: int) -> list[Text]:
    return [*HEADER, *column(lines), Text(270, 40, f"Página {number} de {pages}", size=9)]


def _messages(exc: Refused) -> list[str]:
    from builder.core.i18n import load_catalog

    catalog = load_catalog("es")
    return [f"{d.path}: {catalog.message(d.code, **d.args)}" for d in exc.diagnostics]


def test_running_header_and_page_numbers_go_and_a_paragraph_is_joined_across_pages() -> None:
    first = [
        "Mazatlán, Sinaloa, 4 de abril de 2024",
        "",
        "Arranca la veda del camarón en el litoral",
        "",
        "La secretaría anunció hoy el inicio de la veda del camarón en aguas",
        "marinas del estado, que durará hasta el mes de septiembre, y pidió a",
    ]
    second = [
        "los pescadores respetar las fechas para proteger la especie y su",
        "reproducción en la temporada.",
    ]
    raw = make_pdf([_page(first, 1, 2), _page(second, 2, 2)])
    result = import_file(raw, "veda.pdf", CONFIG)
    assert result.fields["title"] == "Arranca la veda del camarón en el litoral"
    assert result.fields["location"] == "Mazatlán, Sinaloa"
    assert result.body == (
        "La secretaría anunció hoy el inicio de la veda del camarón en aguas marinas del "
        "estado, que durará hasta el mes de septiembre, y pidió a los pescadores respetar "
        "las fechas para proteger la especie y su reproducción en la temporada."
    )
    assert "SECRETAR" not in result.text and "Página" not in result.text
    assert result.joined_at_breaks == 1


def test_one_page_header_set_apart_by_size_goes() -> None:
    lines = ["Título del boletín de una página", "", "Un párrafo breve del boletín."]
    raw = make_pdf([[*HEADER, *column(lines)]])
    result = import_file(raw, "una.pdf", CONFIG)
    assert result.fields["title"] == "Título del boletín de una página"
    assert "Coordinación" not in result.text
    assert result.removed_lines == 2


def test_hyphenated_words_are_rejoined_and_bold_is_marked() -> None:
    items = [
        *column(["Título del boletín", ""]),
        Text(72, 672, "Se anunció la construc-"),
        Text(72, 658, "ción de una escuela en la"),
        Text(72, 644, "región norte", bold=True),
        Text(140, 644, "del estado."),
    ]
    result = import_file(make_pdf([items]), "guion.pdf", CONFIG)
    assert result.body == (
        "Se anunció la construcción de una escuela en la **región norte** del estado."
    )
    assert result.rejoined == ("construcción",)


def test_bold_bullets_under_the_title_are_the_highlights() -> None:
    items = [
        *column(["Título del boletín", ""]),
        Text(72, 672, "• Primer punto destacado del", bold=True),
        Text(84, 658, "boletín.", bold=True),
        Text(72, 640, "• Segundo punto.", bold=True),
        *column(["Cuerpo del boletín en un párrafo."], top=610),
    ]
    result = import_file(make_pdf([items]), "puntos.pdf", CONFIG)
    assert result.fields["highlights"] == ["Primer punto destacado del boletín.", "Segundo punto."]
    assert result.body == "Cuerpo del boletín en un párrafo."


def test_link_annotation_gives_the_url_behind_a_label() -> None:
    items = column(["Título del boletín", "", "Cuerpo del boletín.", "", "Fotos aquí"])
    label = items[-1]
    url = "https://fotos.example.org/album/12"
    rect = (label.x - 1, label.y - 3, label.x + 60, label.y + 10)
    result = import_file(make_pdf([items], [(0, rect, url)]), "fotos.pdf", CONFIG)
    assert result.fields["links"] == [{"label": "Fotos", "url": url, "kind": "photos"}]
    assert "aquí" not in result.body


def test_javascript_is_never_run_and_the_text_is_imported() -> None:
    path = HOSTILE / "con_javascript.pdf"
    result = import_file(path.read_bytes(), path.name, SiteConfig())
    assert result.fields["title"] == "Boletin con un guion en el documento"
    assert "app.alert" not in result.text


def _blank_pdf(pages: int) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(612, 792)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "escaneado.pdf",
            "el PDF no tiene capa de texto (parece una imagen escaneada); pase el documento "
            "por un OCR o pida el archivo original en Word o PDF con texto.",
        ),
        (
            "cifrado.pdf",
            "el PDF está protegido con contraseña y no se puede leer; expórtelo de nuevo "
            "sin contraseña.",
        ),
        (
            "danado.pdf",
            "el documento está dañado o incompleto y no se pudo leer; pida de nuevo el "
            "archivo original o vuelva a exportarlo.",
        ),
    ],
)
def test_hostile_pdf_is_refused_naming_the_file(name: str, message: str) -> None:
    with pytest.raises(Refused) as caught:
        import_file((HOSTILE / name).read_bytes(), f"entrada/{name}", SiteConfig())
    assert _messages(caught.value) == [f"entrada/{name}: {message}"]


def test_too_many_pages_is_refused_before_reading_them() -> None:
    with pytest.raises(Refused) as caught:
        read_pdf(_blank_pdf(MAX_PAGES + 1), "largo.pdf")
    assert _messages(caught.value) == [
        f"largo.pdf: el PDF tiene {MAX_PAGES + 1} páginas y el máximo es {MAX_PAGES}; un "
        "boletín tiene unas pocas. Importe el boletín por separado."
    ]


def test_pages_without_text_are_a_scan() -> None:
    with pytest.raises(Refused) as caught:
        read_pdf(_blank_pdf(2), "vacio.pdf")
    assert caught.value.diagnostics[0].code == "import.pdf_no_text"
