"""Properties of the layout rules on free-form input: datelines, places, furniture.

The dateline parser never raises and a date it returns is written in the line; a place
taken from a paragraph is its start; furniture never takes a long line, nor a line in
the middle of a wrapped paragraph that merely starts like a button or a credit.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from builder.core.settings import SiteConfig
from builder.importer import import_text
from builder.importer.furniture import MAX_WORDS, drop_furniture
from builder.importer.header import parse_dateline, strip_marks
from builder.importer.layout import glued_label, provisional_title, split_place, tight_bullet
from builder.importer.model import Line

MONTHS = ["enero", "Marzo", "ABRIL", "junio", "septiembre", "Diciembre", "febrero"]
PLACES = ["Pachuca, Hgo.", "Lima, Perú", "MÉRIDA, Yucatán", "Bogotá, D.C.", "Tlapa", ""]
SEPARATORS = [".-", ".–", " –", ";", ".", ",", "", " *.-", ", a", ". DOMINGO"]
TIMES = ["", ", 12:00 hrs", " - 9:15 a. m.", " 18:54"]
AFTER = ["", " La dependencia informó.", "El texto sigue.", " 3 de marzo de 2024"]


@st.composite
def dateline_like(draw: st.DrawFn) -> str:
    """Lines shaped like datelines, day or month first, with the pieces shuffled a bit."""
    day = draw(st.integers(0, 40))
    month = draw(st.sampled_from(MONTHS))
    year = draw(st.integers(1890, 2100))
    date = draw(
        st.sampled_from(
            [
                f"{day} de {month} de {year}",
                f"{month} {day} de {year}",
                f"{day} DE {month} DEL AÑO {year}",
                f"{day}.{draw(st.integers(0, 13))}.{year}",
                f"{day} de {month}",
            ]
        )
    )
    parts = [
        draw(st.sampled_from(PLACES)),
        draw(st.sampled_from(SEPARATORS)),
        " " + date,
        draw(st.sampled_from(TIMES)),
        draw(st.sampled_from(SEPARATORS)),
        draw(st.sampled_from(AFTER)),
    ]
    return "".join(parts) + draw(st.text(max_size=5))


@settings(max_examples=400, deadline=None)
@given(st.one_of(dateline_like(), st.text(max_size=200)))
def test_dateline_never_raises_and_its_date_is_in_the_line(text: str) -> None:
    dateline = parse_dateline(text)
    if dateline is None:
        return
    line = strip_marks(text)
    assert dateline.date_text in line
    assert line.startswith(dateline.header)
    assert line.endswith(dateline.rest)
    if dateline.date is not None:
        assert isinstance(dateline.date, dt.date)
        assert str(dateline.date.year) in dateline.date_text
        assert str(dateline.date.day) in dateline.date_text


@pytest.mark.parametrize(
    ("line", "date", "place", "rest"),
    [
        (
            "Pachuca, Hidalgo.- Marzo 3 de 2024.- La dependencia",
            (2024, 3, 3),
            "Pachuca, Hidalgo",
            "La dependencia",
        ),
        (
            "Ciudad de México, 14 de febrero de 2019, 12:00 hrs",
            (2019, 2, 14),
            "Ciudad de México",
            "",
        ),
        ("3 de marzo de 2024 - 9:15 a. m.", (2024, 3, 3), None, ""),
        ("• 3 de marzo de 2024", (2024, 3, 3), None, ""),
        (
            "Oaxaca de Juárez, Oax.; 18 de julio de 2023.- La",
            (2023, 7, 18),
            "Oaxaca de Juárez, Oax.",
            "La",
        ),
        (
            "Oaxaca de Juárez, Oax., a 9 de noviembre de 2023 La Secretaría",
            (2023, 11, 9),
            "Oaxaca de Juárez, Oax.",
            "La Secretaría",
        ),
        (
            "SAN LUIS POTOSÍ, MÉXICO. DOMINGO 18 DE ABRIL DEL AÑO 2021 *.- El",
            (2021, 4, 18),
            "SAN LUIS POTOSÍ, MÉXICO",
            "El",
        ),
        (
            "San Luis Potosí, S.L.P., Febrero 14 de 2019, 12:00 hrs.- El",
            (2019, 2, 14),
            "San Luis Potosí, S.L.P.",
            "El",
        ),
        (
            "Bogotá, D.C., 9 de octubre de 2019. El Ministerio",
            (2019, 10, 9),
            "Bogotá, D.C.",
            "El Ministerio",
        ),
        ("12.3.2024", (2024, 3, 12), None, ""),
    ],
)
def test_datelines_of_other_institutions(
    line: str, date: tuple[int, int, int], place: str | None, rest: str
) -> None:
    dateline = parse_dateline(line)
    assert dateline is not None
    assert (dateline.date, dateline.location, dateline.rest) == (dt.date(*date), place, rest)


@pytest.mark.parametrize(
    "line",
    [
        "El 3 de marzo de 2024 La dependencia informó.",  # a sentence, not a place
        "Hoy, 3 de marzo de 2024 la dependencia informó.",  # no capital after the date
        "Marzo 3 de 2024 fue la fecha del acuerdo",
    ],
)
def test_sentences_with_dates_are_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_place_is_the_start_of_the_paragraph(text: str) -> None:
    found = split_place(text)
    if found is None:
        return
    place, header, rest = found
    assert text.startswith(header)
    assert header.startswith(place.rstrip("."))
    assert text.rstrip().endswith(rest)
    assert rest[:1].isupper()


@pytest.mark.parametrize(
    ("text", "place", "rest"),
    [
        ("CIUDAD DE PUEBLA, Pue.- La Secretaría", "CIUDAD DE PUEBLA, Pue.", "La Secretaría"),
        ("PACHUCA DE SOTO. – La Secretaría", "PACHUCA DE SOTO", "La Secretaría"),
        ("Lima, Perú. El Ministerio", "Lima, Perú", "El Ministerio"),
        (
            "Tlapa, Gro., El Gobierno Municipal, a través",
            "Tlapa, Gro.",
            "El Gobierno Municipal, a través",
        ),
    ],
)
def test_place_without_a_date(text: str, place: str, rest: str) -> None:
    assert split_place(text) == (place, text[: len(text) - len(rest)].strip(), rest)


@pytest.mark.parametrize(
    "text",
    [
        "IMSS-Bienestar amplía el horario.",  # a compound, not "IMSS" + "-"
        "La Secretaría, El Colegio y la Universidad firmaron.",  # no abbreviation before ","
        "Juárez. El",  # a full stop after a place without a comma
        "Gobierno de México informa que la campaña sigue.",
    ],
)
def test_paragraphs_that_do_not_open_with_a_place(text: str) -> None:
    assert split_place(text) is None


WORDS = st.text("abcdefghijlmnopqrstuvzñáéíóú", min_size=2, max_size=10)
FURNITURE_WORDS = ["Compartir", "Descargar", "Fotos:", "Regresar", "Imprimir", "Inicio", "|"]
FURNITURE_WORDS += ["»", "ID:", "AVISO:", "Notas", "relacionadas", "©", "abre", "ventana"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(WORDS, st.sampled_from(FURNITURE_WORDS)), min_size=1, max_size=60),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.booleans(), max_size=12),
)
def test_furniture_never_takes_a_long_line(rows: list[list[str]], blanks: list[bool]) -> None:
    lines: list[Line] = []
    for index, row in enumerate(rows):
        lines.append(Line(len(lines) + 1, " ".join(row)))
        if index < len(blanks) and blanks[index]:
            lines.append(Line(len(lines) + 1, ""))
    drop_furniture(lines)
    for line in lines:
        if line.dropped:
            assert len(line.text.split()) <= MAX_WORDS


@st.composite
def wrapped_paragraph(draw: st.DrawFn) -> tuple[str, str]:
    """A paragraph of lower-case words and button words, wrapped at random, two or more
    words a line: a text that merely contains "Compartir" or "Fotos:"."""
    tokens = draw(
        st.lists(
            st.one_of(WORDS, WORDS, st.sampled_from([w.lower() for w in FURNITURE_WORDS])),
            min_size=4,
            max_size=40,
        )
    )
    tokens = ["La", *tokens]
    lines: list[list[str]] = [[]]
    for token in tokens:
        if len(lines[-1]) >= 2 and draw(st.booleans()):
            lines.append([])
        lines[-1].append(token)
    if len(lines) > 1 and len(lines[-1]) < 2:  # a line of one word may be a page mark ("|")
        lines[-2].extend(lines.pop())
    # A line with no word at all ("| »") is a page mark for the cleaner, not furniture.
    lines = [line if any(c.isalpha() for c in "".join(line)) else ["ya", *line] for line in lines]
    # A line ending with a colon ends a paragraph by the paragraph rules: not this test.
    lines = [[*line, "ya"] if line[-1].endswith(":") else line for line in lines]
    wrapped = "\n".join(" ".join(line) for line in lines)
    return " ".join(" ".join(line) for line in lines) + ".", wrapped + "."


@settings(max_examples=200, deadline=None)
@given(wrapped_paragraph())
@example(("La aa compartir imprimir aa aa.", "La aa\ncompartir imprimir\naa aa."))
@example(("La | aa | aa.", "La | aa | aa."))
@example(("La | aa | aa | aa.", "La | aa | aa\n| aa."))  # a menu-like line, then its end
def test_a_wrapped_paragraph_is_never_taken_for_furniture(case: tuple[str, str]) -> None:
    paragraph, wrapped = case
    result = import_text(f"Título del boletín\n\n{wrapped}\n".encode(), "a.txt", SiteConfig())
    assert result.body == paragraph
    assert result.furniture == ()


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        ("Fotos: Minsa", True),
        ("Fotos de la jornada muestran el avance de la obra.", False),
        ("Fotos: las imágenes muestran que el río creció.", False),
        ("Compartir en Facebook", True),
        ("Compartir la experiencia con los vecinos fue clave, dijo.", False),
        ("Descargar comunicado (PDF, 210 KB)", True),
        ("Inicio > Prensa > Boletines de prensa", True),
        ("ID: NT20230312", True),
        ("© 2009 Comisión Nacional del Agua. Todos los derechos reservados.", True),
    ],
)
def test_furniture_lines_set_apart(text: str, dropped: bool) -> None:
    lines = [Line(1, "Título"), Line(2, ""), Line(3, text), Line(4, ""), Line(5, "Texto.")]
    drop_furniture(lines)
    assert (lines[2].dropped is not None) == dropped


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("COMUNICADO | Abre el registro", ("COMUNICADO", "Abre el registro")),
        ("#Oaxaca | Inauguran centro", ("#Oaxaca", "Inauguran centro")),
        ("Nota informativa Ministerio aclara", ("Nota informativa", "Ministerio aclara")),
        ("Comunicado sobre el horario de la piscina", None),
        ("Nota informativa sobre el horario", None),
    ],
)
def test_labels_glued_to_the_title(text: str, found: tuple[str, str] | None) -> None:
    assert glued_label(text) == found


@pytest.mark.parametrize(
    ("paragraphs", "title"),
    [
        (["Corto. Otra frase."], "Corto"),
        (["(cid:38)(cid:82)", "Texto legible aquí."], "Texto legible aquí"),
        (["<https://a.example/x>", "Sigue."], "Sigue"),
        (["a" * 90 + "."], "a" * 80),
        ([("palabra " * 20).strip() + "."], ("palabra " * 10).strip()),
        (["(cid:1)"], None),
    ],
)
def test_provisional_title(paragraphs: list[str], title: str | None) -> None:
    assert provisional_title(paragraphs) == title


@pytest.mark.parametrize("size", [200_000])
def test_long_lines_are_read_in_linear_time(size: int) -> None:
    """Inputs reach 5 MB; these shapes would make a backtracking rule hang."""
    shapes = [
        "Pachuca, Hgo., " * (size // 15),
        "Inicio | " * (size // 9),
        "#" + "Oaxaca" * (size // 6) + " | Título",
        "Marzo 3 " * (size // 8),
        "(cid:38)" * (size // 8),
        "Ciudad, " * (size // 8) + "La",
    ]
    for shape in shapes:
        parse_dateline(shape)
        split_place(shape)
        glued_label(shape)
        lines = [Line(1, shape), Line(2, ""), Line(3, "Texto.")]
        drop_furniture(lines)
        assert lines[0].dropped is None


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("*Los grupos se reúnen", True),
        ("–Habrá 60 cursos", True),
        ("-La dependencia", True),
        ("*.- Los trabajos", True),
        ("*Texto en cursiva* sigue", False),  # Markdown emphasis
        ("—Dijo el gobernador", False),  # a quotation opens with an em dash
        ("-3 grados en la sierra", False),  # a negative number
    ],
)
def test_highlight_marks_without_a_space(text: str, mark: bool) -> None:
    assert (tight_bullet(text) is not None) == mark


def test_a_quotation_under_the_title_is_body() -> None:
    text = "Título del boletín\n\n—Vamos a cumplir —dijo la directora.\n\nOtro párrafo.\n"
    result = import_text(text.encode(), "a.txt", SiteConfig())
    assert result.fields["highlights"] == []
    assert result.body == "—Vamos a cumplir —dijo la directora.\n\nOtro párrafo."


@pytest.mark.parametrize(
    ("stamp", "date"),
    [
        ("Publicado: 3 de marzo de 2024", dt.date(2024, 3, 3)),
        ("Publicado el 03/03/2024 10:15", dt.date(2024, 3, 3)),
        ("Fecha de publicación: martes 5 de marzo de 2024", dt.date(2024, 3, 5)),
        ("27-06-2024 | 18:54:00", dt.date(2024, 6, 27)),
        ("Última actualización: 23/03/2009", None),  # an update, not the bulletin's date
    ],
)
def test_publication_stamp_gives_the_date_only_when_the_text_has_none(
    stamp: str, date: dt.date | None
) -> None:
    body = "Título del boletín\n\nEl texto del boletín.\n\n"
    result = import_text((body + stamp + "\n").encode(), "a.txt", SiteConfig())
    assert result.fields["date"] == date
    assert result.body == "El texto del boletín."
    assert [d.code for d in result.doubts] == (["date_from_stamp"] if date else [])
    dated = "Título\n\nCiudad de México, 1 de enero de 2024\n\nTexto.\n\n" + stamp + "\n"
    assert import_text(dated.encode(), "a.txt", SiteConfig()).fields["date"] == dt.date(2024, 1, 1)


@pytest.mark.parametrize(
    ("line", "place", "rest"),
    [
        ("*Monterrey, N.L., 5 de mayo de 2024*", "Monterrey, N.L.", ""),
        ("MONTERREY, N.L. (5/MAY/2024).- El gobernador", "MONTERREY, N.L.", "El gobernador"),
        ("Monterrey, N.L., 5 de mayo (NTX).- El", None, None),  # no year: not a whole date
        ("Monterrey, N.L., 5 de mayo de 2024 (NTX).- El", "Monterrey, N.L.", "El"),
    ],
)  # fmt: skip
def test_datelines_in_italics_in_brackets_or_with_an_agency(
    line: str, place: str | None, rest: str | None
) -> None:
    dateline = parse_dateline(line)
    if place is None:
        assert dateline is None or dateline.date is None
        return
    assert dateline is not None
    assert (dateline.date, dateline.location, dateline.rest) == (dt.date(2024, 5, 5), place, rest)


def test_site_furniture_of_other_content_systems() -> None:
    text = (
        "Inicio / Noticias / Salud\n\nGobierno informa nueva ruta\n\n"
        "Monterrey, N.L., 5 de mayo de 2024.- El gobernador presentó la ruta.\n\n"
        "Ciencia / Tecnología / Innovación\n\nSegundo párrafo del texto.\n\n"
        "Tercer párrafo del texto.\n\nCuarto párrafo del texto.\n\n"
        "Etiquetas: transporte, movilidad, Monterrey\nVer galería\n"
    )
    result = import_text(text.encode(), "a.txt", SiteConfig())
    assert result.fields["title"] == "Gobierno informa nueva ruta"
    assert result.body.split("\n\n") == [
        "El gobernador presentó la ruta.",
        "Ciencia / Tecnología / Innovación",  # in the text, not at either end: kept
        "Segundo párrafo del texto.",
        "Tercer párrafo del texto.",
        "Cuarto párrafo del texto.",
    ]
    assert dict(result.furniture) == {"breadcrumb": 1, "tags": 1, "share": 1}
