"""The layout rules hold in combinations no institution of the corpus uses.

Each institution in tests/fixtures/migration/ shows a few shapes; an office that adopts
the tool mixes them in its own way. Bulletins are built here from one piece of each
kind (page furniture, a type label, a number line, highlight marks, a dateline, a footer)
and must give the same fields and body whatever the mix: the rules read structure, not
one institution's layout.
"""

from __future__ import annotations

import codecs
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from test_migration_corpus import EXPECTED_ROWS, MIGRATION

from builder.core.settings import SiteConfig
from builder.importer import import_text

DATE = dt.date(2024, 3, 3)
TITLE = "Abren registro para talleres de verano en bibliotecas públicas"
BODY = [
    "La dependencia informó que los talleres serán gratuitos y abiertos a todo público.",
    "Las inscripciones abren el lunes en cada biblioteca municipal.",
]
HIGHLIGHTS = ["Habrá talleres de lectura y ciencia.", "El cupo es de 25 personas por grupo."]

TOP = ["", "Inicio > Prensa > Boletines\n\n", "Compartir en Facebook\nCompartir en X\n\n"]
TOP += ["ID: NT20240303\n\n", "Inicio » Sala de prensa » Comunicados\nDescargar\n\n"]
TOP += [
    "Inicio / Noticias / Cultura\n\n",
    "AVISO: Este sitio difunde solo información oficial.\n\n",
]
BOTTOM = ["", "\n\nCompartir:\nFacebook\nWhatsApp", "\n\nFotos: Cultura"]
BOTTOM += ["\n\nNotas relacionadas\nComunicado 11-24 Otro título del archivo\nVer más noticias"]
BOTTOM += ["\n\n© 2024 Gobierno del Estado. Todos los derechos reservados."]
BOTTOM += ["\n\nEtiquetas: cultura, bibliotecas\nVer galería", "\n\nPublicado: 3 de marzo de 2024"]
NUMBERS = [
    ("", None),
    ("Comunicado No. 12-24\n\n", "12-24"),
    ("Boletín 078\n\n", "078"),
    ("Comunicado SS 045/2024\n\n", "SS 045/2024"),
    ("Boletín de Prensa No. 301 de 2019\n\n", "301 de 2019"),
]
LABELS = ["", "Nota informativa\n", "COMUNICADO | ", "Nota de prensa ", "#Cultura | "]
LABELS += ["Cultura y turismo\n\n"]  # a section label, set apart above the title
META = [
    ("", "", None),
    ("• 3 de marzo de 2024\n", "", DATE),  # above the number
    ("", "3 de marzo de 2024 - 9:15 a. m.\n\n", DATE),  # under the title
    ("", "3.3.2024\n\n", DATE),
    ("", "**Marzo 3 de 2024**\n\n", DATE),
]
MARKS = ["• ", "- ", "-", "–", "*", "*.- ", "· "]
DATELINES = [
    ("Pachuca, Hgo., 3 de marzo de 2024.- ", "Pachuca, Hgo.", DATE),
    ("Pachuca, Hidalgo.- Marzo 3 de 2024.- ", "Pachuca, Hidalgo", DATE),
    ("PACHUCA, Hgo.; 3 de marzo de 2024.- ", "PACHUCA, Hgo.", DATE),
    ("Pachuca, Hgo., a 3 de marzo de 2024 ", "Pachuca, Hgo.", DATE),
    ("Pachuca, Hgo., 3 de marzo de 2024, 12:00 hrs.- ", "Pachuca, Hgo.", DATE),
    ("Pachuca, Hidalgo. 3 de marzo del 2024.– ", "Pachuca, Hidalgo", DATE),
    ("*Pachuca, Hgo., 3 de marzo de 2024*\n\n", "Pachuca, Hgo.", DATE),
    ("Pachuca, Hgo., 3 de marzo de 2024 (NTX).- ", "Pachuca, Hgo.", DATE),
    ("PACHUCA, Hgo.- ", "PACHUCA, Hgo.", None),
    ("Pachuca, Hidalgo. ", "Pachuca, Hidalgo", None),
]


@st.composite
def bulletin(draw: st.DrawFn) -> tuple[str, dict]:
    top = draw(st.sampled_from(TOP))
    number_line, number = draw(st.sampled_from(NUMBERS))
    label = draw(st.sampled_from(LABELS))
    mark = draw(st.sampled_from(MARKS))
    highlights = HIGHLIGHTS[: draw(st.integers(0, 2))]
    dateline, location, date = draw(st.sampled_from(DATELINES))
    bottom = draw(st.sampled_from(BOTTOM))
    above, under, meta_date = draw(st.sampled_from(META))
    if label == "Cultura y turismo\n\n" and not (under or highlights):
        label = ""  # a section label is told apart by the date or list under the title
    listed = "".join(f"{mark}{h}\n" for h in highlights)
    text = (
        f"{top}{above}{number_line}{label}{TITLE}\n\n{under}"
        + (f"{listed}\n" if listed else "")
        + f"{dateline}{BODY[0]}\n\n{BODY[1]}{bottom}\n"
    )
    return text, {
        "title": TITLE,
        "number": number,
        "date": date or meta_date or (DATE if "Publicado" in bottom else None),
        "location": location,
        "highlights": highlights,
    }


@settings(max_examples=300, deadline=None)
@given(bulletin())
def test_any_mix_of_layouts_gives_the_same_bulletin(case: tuple[str, dict]) -> None:
    text, expected = case
    result = import_text(text.encode(), "a.txt", SiteConfig())
    found = {key: result.fields[key] for key in expected}
    assert found == expected
    assert result.body == "\n\n".join(BODY)
    assert not result.draft


SOURCES = [MIGRATION / row["source"] for row in EXPECTED_ROWS]


def test_encodings_and_line_ends_of_the_corpus_give_the_same_file() -> None:
    for source in SOURCES:
        raw = source.read_bytes()
        text = (
            codecs.decode(raw.removeprefix(codecs.BOM_UTF8), "utf-8", errors="strict")
            if (_utf8(raw))
            else raw.decode("cp1252")
        )
        text = text.replace("\r\n", "\n")
        reference = import_text(raw, source.name, SiteConfig()).text
        for variant in (
            text.replace("\n", "\r\n").encode("utf-8"),
            codecs.BOM_UTF8 + text.encode("utf-8"),
            text.encode("utf-16"),
        ):
            assert import_text(variant, source.name, SiteConfig()).text == reference, source


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
