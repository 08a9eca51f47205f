"""Property tests: any input is imported or refused cleanly, and no word is ever lost.

Example counts follow the Hypothesis profile of tests/conftest.py (short in CI, long
with ``make fuzz``), with a floor of 150 to 300 examples for the importer's own properties.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.content.loader import parse_bulletin
from builder.core.settings import SiteConfig
from builder.core.text import fold
from builder.importer import Refused, import_text
from builder.importer.preserve import words

CONFIG = SiteConfig()
CLEAN_REFUSALS = {"import.empty", "import.binary", "import.no_title"}
MANY = max(300, settings.default.max_examples)
SOME = max(150, settings.default.max_examples)


def outcome(raw: bytes) -> str:
    """ "ok" or the refusal code; any other exception fails the test."""
    try:
        result = import_text(raw, "in.txt", CONFIG)
    except Refused as refused:
        [diagnostic] = refused.diagnostics
        assert diagnostic.path == "in.txt"
        return diagnostic.code
    front, _, _ = result.text[4:].partition("\n---\n")
    assert yaml.safe_load(front)["title"] == result.fields["title"]
    assert import_text(raw, "in.txt", CONFIG).text == result.text
    # The loader that `boletines build` uses accepts the file without an error.
    slug_path = str(result.path.with_suffix(""))
    loaded = parse_bulletin(result.text.encode("utf-8"), Path(result.path), slug_path, "out.md")
    assert [d for d in loaded.diagnostics if d.is_error] == []
    assert loaded.bulletin is not None and loaded.bulletin.title == result.fields["title"]
    return "ok"


@pytest.mark.fuzz
@settings(deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_import_or_refuse_cleanly(raw: bytes) -> None:
    assert outcome(raw) in CLEAN_REFUSALS | {"ok"}


@pytest.mark.fuzz
@settings(deadline=None, max_examples=MANY)
@given(st.text(max_size=2000))
def test_any_text_imports_or_refuses_without_losing_words(text: str) -> None:
    # "import.words_lost" would mean the importer dropped text it should have kept.
    assert outcome(text.encode("utf-8")) in CLEAN_REFUSALS | {"ok"}


_KEYWORD_TEXT = (
    "link links liga ligas enlace enlaces vinculo url urls foto fotos fotografia "
    "fotografias imagenes galeria video videos audio audios podcast documento documentos "
    "boletin comunicado numero pagina page imprimir compartir descargar regresar "
    "publicado actualizado modificado publicacion actualizacion gobierno prensa "
    "lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo "
    "junio julio agosto septiembre setiembre octubre noviembre diciembre"
)
_KEYWORDS = {fold(w) for w in _KEYWORD_TEXT.split()}
word = st.text("abcdefghijklmnopqrstuvwxyzáéíóúñü", min_size=4, max_size=9).filter(
    lambda w: fold(w) not in _KEYWORDS
)


def sentence(min_words: int, max_words: int, end: str = ".") -> st.SearchStrategy[str]:
    return st.lists(word, min_size=min_words, max_size=max_words).map(
        lambda ws: " ".join(ws).capitalize() + end
    )


LETTERHEAD = [
    "Gobierno de\nMéxico",
    "INSTITUTO MEXICANO DEL SEGURO SOCIAL\nSEGURIDAD Y SOLIDARIDAD SOCIAL",
    "## UNIDAD DE COMUNICACIÓN SOCIAL",
    "**2025**  \nAño de  \nLa Mujer  \nIndígena",
    "Página 2 de 3",
    "7",
    "\f",
]


@st.composite
def bulletins(draw: st.DrawFn) -> tuple[str, str, list[str], list[str]]:
    title = draw(sentence(1, 10, end=""))
    highlights = draw(st.lists(sentence(3, 15), max_size=3))
    # Distinct paragraphs: the same short line twice at page breaks is a running header.
    paragraphs = draw(
        st.lists(
            st.tuples(sentence(3, 40, end=draw(st.sampled_from([".", ",", ""]))), st.booleans()),
            min_size=1,
            max_size=6,
            unique_by=lambda p: p[0],
        ).filter(lambda ps: all(p[0] != title for p in ps))
    )
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(LETTERHEAD[:3])))
    if draw(st.booleans()):
        parts.append("Ciudad de México, martes 25 de noviembre de 2025")
    if draw(st.booleans()):
        parts.append("No. 591/2025")
    parts.append(title)
    if highlights:
        parts.append("\n".join(f"- {h}" for h in highlights))
    body: list[str] = []
    # A title of three words or more may come back at every page break, as a running
    # header (shorter ones cannot be told from a letterhead line).
    running = len(title.split()) >= 3 and draw(st.booleans())
    for number, (text, page_break) in enumerate(paragraphs, start=2):
        body.append(text)
        parts.append(text)
        if page_break:
            parts.append(draw(st.sampled_from(LETTERHEAD)))
            if running:
                parts.append(f"{title}\nPágina {number}")
    gap = draw(st.sampled_from(["\n\n", "\n\n\n", "\n \n"]))
    return gap.join(parts), title, highlights, body


@pytest.mark.fuzz
@settings(deadline=None, max_examples=SOME, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    bulletins(),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_bulletin_shaped_text_keeps_every_word(
    bulletin: tuple[str, str, list[str], list[str]], encoding: str, newline: str
) -> None:
    text, title, highlights, paragraphs = bulletin
    result = import_text(text.replace("\n", newline).encode(encoding), "in.txt", CONFIG)
    assert result.fields["title"] == title
    assert result.fields["highlights"] == highlights
    # The body holds the paragraphs' words, no fewer and no more (no letterhead, page
    # number or running header left in it).
    assert words(result.body) == words(" ".join(paragraphs))


TRICKY_LINES = [
    "Gobierno de",
    "**México**",
    "México",
    "BOLETÍN DE PRENSA",
    "## UNIDAD DE COMUNICACIÓN SOCIAL",
    "**2025**  ",
    "Año de  ",
    "La Mujer",
    "Indígena",
    "2019, Año del Caudillo del Sur",
    "---o0o---",
    "Página 2 de 3",
    "2",
    "- 3 -",
    "\f",
    "Última actualización: 01/07/2024 14:32",
    "Ciudad de México, martes 25 de noviembre de 2025",
    "Monterrey, N.L. 3 de marzo del 2019.- El secretario habló",
    "Ciudad de México, 1º de julio",
    "No. 591/2025",
    "Boletín No. 045",
    "- **Un destacado.**",
    "· Otro destacado",
    "* tercero",
    "1. numerado",
    "# Un título con marca",
    "LINK FOTOS",
    "LINK DE VIDEO:",
    "### LINK VIDEO",
    "Fotos: https://a.example/f",
    "https://a.example/x?y=1",
    "<https://a.example/z>",
    "a**b__c",
    "texto que sigue en la",
    "la construc-",
    "ción del puente",
    "con el IMSS-",
    "Bienestar y",
    "el periodo 2019-",
    "un curso teórico-",
    "Cuida\u00ad",
    "Termina aquí.",
    "“Cita”, dijo.",
    "   ",
    "",
]


@pytest.mark.fuzz
@settings(deadline=None, max_examples=MANY)
@given(
    st.lists(st.sampled_from(TRICKY_LINES) | sentence(1, 8, end=""), min_size=1, max_size=30),
    st.sampled_from(["\n", "\r\n", "\n\n", "\n\n\n"]),
)
def test_line_soup_imports_or_refuses_without_losing_words(lines: list[str], sep: str) -> None:
    # Bulletin fragments in any order: the word check must never be what stops an import.
    assert outcome(sep.join(lines).encode("utf-8")) in CLEAN_REFUSALS | {"ok"}
