"""Letterhead, page marks and stamps go; text lines stay."""

from __future__ import annotations

from builder.core.settings import DEFAULT_BOILERPLATE, SiteConfig
from builder.importer import import_text
from builder.importer.clean import clean


def dropped(text: str, patterns=DEFAULT_BOILERPLATE) -> list[str]:
    return [line.text for line in clean(text, patterns) if line.dropped]


def test_letterhead_split_over_lines_in_any_case_and_marks() -> None:
    text = "Gobierno de  \n**México**\n\nGOBIERNO DE\nMÉXICO\n\n## BOLETÍN DE PRENSA\n\nTexto."
    assert dropped(text) == [
        "Gobierno de  ",
        "**México**",
        "GOBIERNO DE",
        "MÉXICO",
        "## BOLETÍN DE PRENSA",
    ]


def test_words_of_a_sentence_are_never_dropped() -> None:
    text = "El Gobierno de México anunció el boletín de prensa.\nMéxico\n"
    assert dropped(text) == []


def test_site_patterns_replace_the_defaults() -> None:
    text = "SECRETARÍA DE MOVILIDAD\n\nTexto."
    assert dropped(text) == []
    assert dropped(text, [r"secretaria de movilidad"]) == ["SECRETARÍA DE MOVILIDAD"]


def test_page_numbers() -> None:
    text = "a\n\nPágina 2 de 3\n\n2\n\n- 4 -\n\n3/5\n\nPág. 7\n\n12 de 14\n\nb"
    assert dropped(text, ()) == ["Página 2 de 3", "2", "- 4 -", "3/5", "Pág. 7", "12 de 14"]


def test_year_mottos_and_end_marks() -> None:
    text = (
        "**2025**  \nAño de  \nLa Mujer  \nIndígena\n\n"
        "2019, Año del Caudillo del Sur, Emiliano Zapata\n\n"
        "---o0o---\n\n-oOo-\n\n---oo---\n\n- o0o -\n\nTexto."
    )
    assert len(dropped(text, ())) == 9
    assert dropped("Título\n\nla zo-\noo-\nlógico.", ()) == []


def test_a_sentence_right_under_a_year_motto_is_text() -> None:
    """A motto's run of short lines may span several, but not a line that ends a
    sentence: text added under the footer without a blank line was dropped with it."""
    text = "Texto.\n\n**2025**  \nAño de  \nLa Mujer  \nIndígena\nUn párrafo nuevo al final.\n"
    assert dropped(text, ()) == ["**2025**  ", "Año de  ", "La Mujer  ", "Indígena"]


def test_cms_stamps() -> None:
    text = (
        "Última actualización: 01/07/2024 14:32\n\n3/3/2019, 10:21 a.m. Boletín\n\n"
        "Compartir en Facebook\n\nTexto."
    )
    # A share button is web-page furniture, dropped later, and only when set apart
    # (tests/importer/test_layout_properties.py).
    assert dropped(text, ()) == [
        "Última actualización: 01/07/2024 14:32",
        "3/3/2019, 10:21 a.m. Boletín",
    ]


def test_short_lines_repeated_at_page_breaks_are_letterhead() -> None:
    text = (
        "DIRECCIÓN DE PRENSA\nSecretaría del Ramo\n\nTítulo\n\nPárrafo que sigue en la\n\n\n\n"
        "DIRECCIÓN DE PRENSA\nSecretaría del Ramo\n\nsiguiente página."
    )
    assert dropped(text, ()) == ["DIRECCIÓN DE PRENSA", "Secretaría del Ramo"] * 2


def test_repeated_short_paragraphs_between_paragraphs_stay() -> None:
    text = "Título\n\nUno.\n\nSin novedad\n\nDos.\n\nSin novedad\n\nTres."
    assert dropped(text, ()) == []


def test_repeated_lines_inside_paragraph_blocks_stay() -> None:
    text = "Dijo que sí\nsin dudar.\n\nDijo que sí\nsin dudar."
    assert dropped(text, ()) == []
    # Lines written like a title, repeated in a paragraph above the first full stop.
    text = "Título\n\nla nueva clínica abre\nla nueva clínica abre\nhoy.\n\n\nOtro.\n"
    assert dropped(text, ()) == []


def test_protected_lines_are_not_repeated_letterhead() -> None:
    lines = clean("LINK FOTOS\n\nx\n\nLINK FOTOS\n", (), protected={"link fotos"})
    assert not any(line.dropped for line in lines)


PAGE_2 = "\n\n\n{header}\nPágina {n} de 3\n\n\n"


def test_title_repeated_as_running_header_is_still_the_title() -> None:
    header = "Universidad de Guadalajara lanza programa de becas\nCoordinación de Prensa"
    result = import_text(
        (
            f"{header}\n\nGuadalajara, Jal., a 3 de marzo de 2019.\n\n"
            "La Universidad presentó un programa de becas para estudiantes.\n"
            + PAGE_2.format(header=header, n=2)
            + "El rector explicó la convocatoria.\n"
            + PAGE_2.format(header=header, n=3)
            + "Las solicitudes se reciben en línea.\n"
        ).encode(),
        "in.txt",
        SiteConfig(),
    )
    assert result.fields["title"] == "Universidad de Guadalajara lanza programa de becas"
    assert result.body == (
        "La Universidad presentó un programa de becas para estudiantes.\n\n"
        "El rector explicó la convocatoria.\n\nLas solicitudes se reciben en línea."
    )
    assert result.leading_kept == 0


def test_long_title_after_the_dateline_repeated_at_one_page_break() -> None:
    title = (
        "La SEJ abre inscripciones para el programa de inglés en escuelas primarias "
        "de la zona metropolitana"
    )
    result = import_text(
        (
            f"Guadalajara, Jal., a 3 de marzo de 2019.\n\n{title}\n\n"
            "La Secretaría abrió las inscripciones.\n\n\n"
            f"{title}\n\n\nLas solicitudes se reciben en línea y en las oficinas.\n"
        ).encode(),
        "in.txt",
        SiteConfig(),
    )
    assert result.fields["title"] == title
    assert result.body == (
        "La Secretaría abrió las inscripciones.\n\n"
        "Las solicitudes se reciben en línea y en las oficinas."
    )


def test_running_header_in_sentence_case_gives_way_to_the_title() -> None:
    header = "Oficina de prensa del municipio"
    result = import_text(
        (
            f"{header}\n\nZapopan, Jal., 3 de marzo de 2019\n\nZapopan estrena parque lineal\n\n"
            "El parque tiene tres kilómetros.\n"
            + PAGE_2.format(header=header, n=2)
            + "Abre todos los días.\n"
        ).encode(),
        "in.txt",
        SiteConfig(),
    )
    assert result.fields["title"] == "Zapopan estrena parque lineal"
    assert result.body == "El parque tiene tres kilómetros.\n\nAbre todos los días."
    assert result.leading_kept == 0


def test_office_name_before_the_dateline_is_not_the_title() -> None:
    result = import_text(
        "Secretaría de Educación Jalisco\n\nGuadalajara, Jal., 3 de marzo de 2019\n\n"
        "La SEJ abre inscripciones al programa de inglés\n\nLa Secretaría abrió las "
        "inscripciones.\n".encode(),
        "in.txt",
        SiteConfig(),
    )
    assert result.fields["title"] == "La SEJ abre inscripciones al programa de inglés"
    assert (
        result.body == "Secretaría de Educación Jalisco\n\nLa Secretaría abrió las inscripciones."
    )
    assert result.leading_kept == 1


def test_long_footer_line_repeated_at_page_breaks() -> None:
    footer = "www.gob.mx/sep\nAv. República de Argentina 28, Centro Histórico, Ciudad de México"
    text = f"Título\n\nUno.\n\n\n{footer}\n2\n\n\nDos.\n\n\n{footer}\n3\n"
    assert dropped(text) == [*footer.split("\n"), "2", *footer.split("\n"), "3"]


def test_title_in_capitals_repeated_under_the_letterhead_is_found() -> None:
    header = "SECRETARÍA DE MEDIO AMBIENTE\nARRANCA REFORESTACIÓN EN LA SIERRA TARAHUMARA"
    first = (
        "La Secretaría de Medio Ambiente arrancó el programa de reforestación con la "
        "siembra de 50 mil pinos en cinco municipios de la sierra."
    )
    result = import_text(
        (
            f"{header}\n\nChihuahua, Chih., 5 de julio de 2022\n\n{first}\n"
            + PAGE_2.format(header=header, n=2)
            + "Los árboles vienen del vivero estatal.\n"
        ).encode(),
        "in.txt",
        SiteConfig(),
    )
    assert result.fields["title"] == "ARRANCA REFORESTACIÓN EN LA SIERRA TARAHUMARA"
    assert result.body == f"{first}\n\nLos árboles vienen del vivero estatal."
    # Without a paragraph to mistake for a title, the repeated capitals stay letterhead.
    plain = import_text(
        f"{header}\n\nTítulo propio\n\nTexto.\n{PAGE_2.format(header=header, n=2)}Fin.\n".encode(),
        "in.txt",
        SiteConfig(),
    )
    assert (plain.fields["title"], plain.body) == ("Título propio", "Texto.\n\nFin.")


def test_footers_that_differ_only_in_their_numbers_repeat() -> None:
    footer = "Comisión Nacional del Agua · Boletín 012/2024 · Página {} de 2"
    text = f"Título\n\nUno.\n\n\n{footer.format(1)}\n\n\nDos.\n\n\n{footer.format(2)}\n"
    assert dropped(text, ()) == [footer.format(1), footer.format(2)]
    # Lines of a paragraph that differ in a number are text.
    assert dropped("Título\n\nSe abren 3 clínicas\n\nSe abren 4 clínicas\n\nFin.", ()) == []
