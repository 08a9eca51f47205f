"""Words split by a hyphen at a line end: joined again, or the hyphen kept when it is real."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.core.settings import SiteConfig
from builder.core.text import fold
from builder.importer import import_text
from builder.importer.hyphens import COMPOUND_PREFIXES, Join, Rejoiner
from builder.importer.preserve import check


def run(text: str):
    return import_text(text.encode(), "in.txt", SiteConfig())


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("cuya construc-", "ción duró", "cuya construcción duró"),
        ("insuficiencia renal cró-", "nica.", "insuficiencia renal crónica."),
        ("cuya construc\u2010", "ción duró", "cuya construcción duró"),
        ("con el IMSS-", "Bienestar y", "con el IMSS-Bienestar y"),
        ("el periodo 2019-", "2024 fue", "el periodo 2019-2024 fue"),
        ("la COVID-", "19 avanza", "la COVID-19 avanza"),
        ("la ONU-", "mujeres dijo", "la ONU-mujeres dijo"),
        ("un curso teórico-", "práctico", "un curso teórico-práctico"),
        ("el hospital médico-", "quirúrgico", "el hospital médico-quirúrgico"),
        ("el acuerdo franco-", "mexicano", "el acuerdo franco-mexicano"),
        ("en https://a.example/plan-", "anual", "en https://a.example/plan-anual"),
        ("dijo -", "y calló", "dijo - y calló"),
        ("del 2019.-", "El gobernador", "del 2019.- El gobernador"),
        ("un guion-", "**negrita**", "un guion- **negrita**"),
        ("sin guion", "al final", "sin guion al final"),
        ("La meta -dijo el director-", "es clara", "La meta -dijo el director- es clara"),
        ("-dijo- que la construc-", "ción", "-dijo- que la construcción"),
    ],
)
def test_joins(first: str, second: str, joined: str) -> None:
    assert Rejoiner().join(first, second) == joined


def test_only_removed_hyphens_are_recorded() -> None:
    rejoiner = Rejoiner()
    rejoiner.join("IMSS-", "Bienestar")
    rejoiner.join("construc-", "ción")
    assert rejoiner.joins == [Join("construc", "ción")]


def test_the_bulletin_itself_decides_first() -> None:
    # Written with its hyphen on one line elsewhere: a real compound, kept at a line end.
    learned = Rejoiner.learn(["un programa socio-educativo en la sierra"])
    assert learned.join("el socio-", "educativo") == "el socio-educativo"
    # Written as one word elsewhere: a broken word, even after a capital.
    learned = Rejoiner.learn(["la Ciudad de México"])
    assert learned.join("Méxi-", "co") == "México"
    assert Rejoiner().join("socio-", "educativo") == "socioeducativo"


def test_preservation_compares_joined_words() -> None:
    joins = [Join("construc", "ción")]
    assert check("la construc-\nción", [], ["la construcción"], joins).ok
    # A join that went wrong, or a half lost, is a lost word.
    assert check("la construc-\nción", [], ["la construc ción"], joins).lost == ("construcción",)
    assert check("la construc-\nción", [], ["la construc"], joins).lost == ("construcción",)
    # Without the join the halves are expected, so the whole word alone does not pass.
    assert not check("la construc-\nción", [], ["la construcción"]).ok


def test_imported_paragraph_title_and_highlight() -> None:
    result = run(
        "Inauguran unidad de hemo-\ndiálisis en Tlaquepaque\n\n"
        "- Atenderá a pacientes sin seguri-\ndad social.\n\n"
        "La obra, cuya construc-\nción duró un año, se hizo con el IMSS-\n"
        "Bienestar y la Secretaría de Salud.\n"
    )
    assert result.fields["title"] == "Inauguran unidad de hemodiálisis en Tlaquepaque"
    assert result.fields["highlights"] == ["Atenderá a pacientes sin seguridad social."]
    assert result.body == (
        "La obra, cuya construcción duró un año, se hizo con el IMSS-Bienestar y la "
        "Secretaría de Salud."
    )
    assert result.rejoined == ("hemodiálisis", "seguridad", "construcción")


def test_word_split_at_a_page_break() -> None:
    result = run(
        "Título\n\nLa Secretaría informó que la recons-\n\n\n"
        "UNIDAD DE COMUNICACIÓN SOCIAL\nPágina 2 de 2\n\n\n"
        "trucción del puente terminará en mayo.\n"
    )
    assert (
        result.body == "La Secretaría informó que la reconstrucción del puente terminará en mayo."
    )
    assert result.joined_at_breaks == 1


def test_soft_hyphen_at_a_line_end_joins_and_elsewhere_disappears() -> None:
    result = run("Título\n\nLa cons\u00adtruc\u00ad\nción avanza.\n")
    assert result.body == "La construcción avanza."


LETTERS = "abcdefghijlmnopqrstuvzñáéíóú"
ONE_WORD_MARKS = {"boletin", "comunicado", "imprimir", "compartir", "descargar", "regresar"}
"""Words that make a line of their own boilerplate ("BOLETÍN", "Imprimir")."""
word = st.text(LETTERS, min_size=2, max_size=12).filter(lambda w: fold(w) not in ONE_WORD_MARKS)
COMPOUNDS = ["IMSS-Bienestar", "ONU-Mujeres", "2019-2024", "Jalisco-Colima"]


@st.composite
def hyphenated_paragraph(draw: st.DrawFn) -> tuple[str, str]:
    """A paragraph and the same paragraph wrapped at random, words split with hyphens."""
    tokens = draw(st.lists(word | st.sampled_from(COMPOUNDS), min_size=4, max_size=40))
    lines: list[list[str]] = [[]]
    for token in tokens:
        split = draw(st.integers(0, len(token)))
        if "-" in token and draw(st.booleans()):
            left, right = token.split("-")
            lines[-1].append(left + "-")
            lines.append([right])
        elif (
            token.islower()
            and 2 <= split <= len(token) - 2
            # A compound's first half keeps its hyphen by design ("médico-quirúrgico").
            and fold(token[:split]) not in COMPOUND_PREFIXES
            and not token[:split].endswith("ico")
        ):
            lines[-1].append(token[:split] + "-")
            lines.append([token[split:]])
        else:
            lines[-1].append(token)
            if draw(st.booleans()):
                lines.append([])
    lines = [line for line in lines if line]
    wrapped = "\n".join(" ".join(line) for line in lines)
    return " ".join(tokens) + ".", wrapped + "."


@pytest.mark.fuzz
@settings(deadline=None, max_examples=max(100, settings.default.max_examples))
@given(hyphenated_paragraph())
def test_wrapped_and_hyphenated_paragraph_comes_back_whole(case: tuple[str, str]) -> None:
    paragraph, wrapped = case
    result = run(f"Título del boletín\n\n{wrapped}\n")
    assert result.body == paragraph
