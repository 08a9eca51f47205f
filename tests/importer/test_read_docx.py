"""The Word reader on documents made in code, one behaviour each, and hostile files."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import docx
import pytest
from documents_support import HOSTILE, docx_bytes, rewrite_zip

from builder.core.i18n import load_catalog
from builder.core.settings import SiteConfig
from builder.importer import Refused, import_file

CONFIG = dataclasses.replace(SiteConfig(), boilerplate=())


def _messages(exc: Refused) -> list[str]:
    catalog = load_catalog("es")
    return [f"{d.path}: {catalog.message(d.code, **d.args)}" for d in exc.diagnostics]


def _bulletin() -> docx.document.Document:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "DIRECCIÓN DE PRENSA DEL PUERTO"
    document.sections[0].footer.paragraphs[0].text = "Av. del Mar 10, Veracruz"
    document.add_paragraph("Veracruz, Ver., 3 de mayo de 2024")
    document.add_paragraph().add_run("Puerto amplía su terminal de cruceros").bold = True
    paragraph = document.add_paragraph("La obra costará ")
    paragraph.add_run("120 millones de pesos").bold = True
    paragraph.add_run(" y terminará en 2025.")
    document.add_paragraph("Las etapas son:")
    document.add_paragraph("muelle norte;", style="List Bullet")
    document.add_paragraph("edificio de pasajeros.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, (a, b) in zip(table.rows, [("Etapa", "Monto"), ("Muelle", "80")], strict=True):
        row.cells[0].text, row.cells[1].text = a, b
    return document


def test_runs_lists_tables_and_header_parts() -> None:
    result = import_file(docx_bytes(_bulletin()), "puerto.docx", CONFIG)
    assert result.fields["title"] == "Puerto amplía su terminal de cruceros"
    assert result.fields["location"] == "Veracruz, Ver."
    assert result.body == (
        "La obra costará **120 millones de pesos** y terminará en 2025.\n\n"
        "Las etapas son:\n\n"
        "- muelle norte;\n- edificio de pasajeros.\n\n"
        "Etapa | Monto\n\nMuelle | 80"
    )
    assert "PRENSA" not in result.text and "Av. del Mar" not in result.text
    assert result.original_suffix == ".docx"


def test_told_apart_by_content_not_by_name() -> None:
    result = import_file(docx_bytes(_bulletin()), "boletin.txt", CONFIG)
    assert result.original_suffix == ".docx"


def test_a_zip_that_is_not_word_is_refused() -> None:
    raw = rewrite_zip(docx_bytes(_bulletin()), {"word/document.xml": None})
    with pytest.raises(Refused) as caught:
        import_file(raw, "hoja.docx", CONFIG)
    assert _messages(caught.value) == [
        "hoja.docx: es un archivo ZIP pero no un documento de Word (.docx); exporte el "
        "boletín como .docx, PDF o texto."
    ]


def test_xml_with_entities_is_refused_before_parsing() -> None:
    raw = docx_bytes(_bulletin())
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        xml = package.read("word/document.xml")
    bomb = xml.replace(
        b"?>",
        b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
        1,
    )
    with pytest.raises(Refused) as caught:
        import_file(rewrite_zip(raw, {"word/document.xml": bomb}), "risa.docx", CONFIG)
    assert _messages(caught.value) == [
        "risa.docx: el documento trae declaraciones DOCTYPE o ENTITY, que Word no escribe y "
        "que pueden usarse para atacar al lector; no se abrió. Vuelva a guardarlo desde Word."
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "antiguo.doc",
            "es un documento de Word antiguo (.doc), que no se puede leer; ábralo en Word o "
            "LibreOffice, guárdelo como .docx o PDF y vuelva a importarlo.",
        ),
        (
            "con_macros.docm",
            "es un documento de Word con macros (.docm), que no se importa por seguridad; "
            "guárdelo como documento sin macros (.docx) o PDF y vuelva a importarlo.",
        ),
        (
            "bomba.docx",
            "el documento se descomprime en más de 50 MB o tiene demasiadas partes; no es un "
            "boletín normal y no se abrió. Vuelva a guardarlo desde Word o expórtelo como PDF.",
        ),
    ],
)
def test_hostile_word_file_is_refused_naming_it(name: str, message: str) -> None:
    with pytest.raises(Refused) as caught:
        import_file((HOSTILE / name).read_bytes(), name, SiteConfig())
    assert _messages(caught.value) == [f"{name}: {message}"]


def test_macros_are_refused_by_content_type_alone() -> None:
    raw = docx_bytes(_bulletin())
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        types = package.read("[Content_Types].xml")
    types = types.replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    with pytest.raises(Refused) as caught:
        import_file(rewrite_zip(raw, {"[Content_Types].xml": types}), "a.docx", CONFIG)
    assert caught.value.diagnostics[0].code == "import.docm"


def test_a_damaged_package_is_refused() -> None:
    raw = docx_bytes(_bulletin())
    with pytest.raises(Refused) as caught:
        import_file(raw[: len(raw) // 2], "roto.docx", CONFIG)
    assert _messages(caught.value) == [
        "roto.docx: el documento está dañado o incompleto y no se pudo leer; pida de nuevo "
        "el archivo original o vuelva a exportarlo."
    ]
