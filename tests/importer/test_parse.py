"""The parts of a bulletin, on small texts written for one behaviour each."""

from __future__ import annotations

import dataclasses

import pytest

import builder.importer.pipeline as pipeline
from builder.core.errors import BoletinesError
from builder.core.settings import SiteConfig
from builder.importer import import_text
from builder.importer.preserve import check


def run(text: str, config: SiteConfig | None = None):
    return import_text(text.encode(), "in.txt", config or SiteConfig())


def refusal(text: str) -> str:
    with pytest.raises(BoletinesError) as caught:
        run(text)
    [diagnostic] = caught.value.diagnostics
    return diagnostic.code


@pytest.mark.parametrize(
    ("lines", "kind"),
    [
        ("LINK FOTOS\nhttps://a.example/f", "photos"),
        ("LINK DE FOTOS:\n\nhttps://a.example/f", "photos"),
        ("### LINK VIDEO\n\n<https://a.example/f>", "video"),
        ("LINK DE VIDEO: https://a.example/f", "video"),
        ("**Liga de las imágenes:** https://a.example/f", "photos"),
        ("Enlace al audio\nhttps://a.example/f", "audio"),
        ("Video: <https://a.example/f>", "video"),
        ("Link: https://a.example/f", "other"),
        ("LINK DOCUMENTO\nhttps://a.example/f", "document"),
    ],
)
def test_link_labels(lines: str, kind: str) -> None:
    result = run(f"Título\n\nTexto.\n\n{lines}\n")
    assert result.fields["links"] == [
        {
            "label": {
                "photos": "Fotos",
                "video": "Video",
                "audio": "Audio",
                "document": "Documento",
                "other": "Enlace",
            }[kind],
            "url": "https://a.example/f",
            "kind": kind,
        }
    ]
    assert result.body == "Texto."


def test_link_labels_follow_the_site_language() -> None:
    result = run("Título\n\nLINK FOTOS\nhttps://a.example/f\n", SiteConfig(language="en"))
    assert result.fields["links"][0]["label"] == "Photos"


def test_several_urls_after_one_label() -> None:
    result = run("Título\n\nLINK FOTOS\nhttps://a.example/1\nhttps://a.example/2\n")
    assert [x["url"] for x in result.fields["links"]] == [
        "https://a.example/1",
        "https://a.example/2",
    ]


def test_label_without_url_and_bare_urls_stay_in_the_body() -> None:
    result = run("Título\n\nLINK FOTOS\n\nMás en https://a.example/x y\n\nhttps://a.example/y\n")
    assert result.fields["links"] == []
    assert result.body == "LINK FOTOS\n\nMás en https://a.example/x y\n\n<https://a.example/y>"


@pytest.mark.parametrize("bullet", ["·", "-", "•", "*", "–"])
def test_highlight_bullets(bullet: str) -> None:
    result = run(f"Título\n\n{bullet} **Uno.**\n{bullet} Dos\n\nTexto.")
    assert result.fields["highlights"] == ["Uno.", "Dos"]


def test_wrapped_highlight_is_joined() -> None:
    result = run("Título\n\n- Una frase que sigue\nen la línea de abajo.\n- Otra.\n\nTexto.")
    assert result.fields["highlights"] == ["Una frase que sigue en la línea de abajo.", "Otra."]


def test_title_marks_removed_and_wrapped_title_joined() -> None:
    assert run("# **Un título**\n\nTexto.").fields["title"] == "Un título"
    assert run("Un título largo que\nsigue aquí\n\nTexto.").fields["title"] == (
        "Un título largo que sigue aquí"
    )


def test_title_without_blank_line_before_paragraph() -> None:
    result = run(
        "Título del boletín\nPrimera línea de un párrafo envuelto que sigue\n"
        "en la línea siguiente y termina aquí.\n"
    )
    assert result.fields["title"] == "Título del boletín"
    assert result.body == (
        "Primera línea de un párrafo envuelto que sigue en la línea siguiente y termina aquí."
    )


def test_one_paragraph_per_line_without_blank_lines() -> None:
    long = "Palabra " * 30
    result = run(f"Título\n{long}uno.\n{long}dos.\n")
    assert result.paragraphs == 2


def test_capitals_title_is_kept_as_written() -> None:
    result = run("Mérida, Yuc., 2 de enero de 2020\n\nNUEVO HOSPITAL EN TULA\n\nTexto.")
    assert result.fields["title"] == "NUEVO HOSPITAL EN TULA"
    assert result.leading_kept == 0


def test_letterhead_before_the_dateline_is_kept_and_reported() -> None:
    result = run("SECRETARÍA DE MOVILIDAD\n\nToluca, Méx., 4 de mayo de 2020\n\nTítulo\n\nTexto.")
    assert result.fields["title"] == "Título"
    assert result.leading_kept == 1
    assert result.body == "SECRETARÍA DE MOVILIDAD\n\nTexto."


def test_body_lists_and_headings() -> None:
    result = run("Título\n\nTexto.\n\n## Antecedentes\n\n· uno\n· dos\n\n1. tres\n2. cuatro\n")
    assert result.body == "Texto.\n\n## Antecedentes\n\n- uno\n- dos\n\n1. tres\n2. cuatro"


def test_no_join_after_a_full_stop() -> None:
    result = run("Título\n\nTermina aquí.\n\n3\n\nOtro párrafo.")
    assert result.body == "Termina aquí.\n\nOtro párrafo."
    assert result.joined_at_breaks == 0


@pytest.mark.parametrize(
    "text",
    ["https://a.example/x\n", "No. 12/2024\n\n2\n", "...\n---\n"],
)
def test_no_text_at_all_is_refused(text: str) -> None:
    assert refusal(text) == "import.no_title"


@pytest.mark.parametrize(
    ("text", "title", "date", "location"),
    [
        ("- solo viñetas\n- otra\n", "solo viñetas", None, None),
        (
            "Un párrafo entero sin título, " * 12 + "que sigue.\n\nOtro párrafo.\n",
            "Un párrafo entero sin título, Un párrafo entero sin título, Un párrafo entero",
            None,
            None,
        ),
        # One long sentence is the first paragraph of a bulletin whose title is missing.
        (
            "Tepic, Nay., 3 de marzo de 2019.\n\n"
            + "Una frase larga, " * 9
            + "que acaba.\n\nOtra.\n",
            "Una frase larga, Una frase larga, Una frase larga, Una frase larga, Una frase",
            "2019-03-03",
            "Tepic, Nay.",
        ),
    ],
)
def test_text_without_a_title_is_a_draft(
    text: str, title: str, date: str | None, location: str | None
) -> None:
    result = run(text)
    assert result.draft
    assert result.fields["draft"] is True
    assert result.fields["title"] == title
    assert (result.fields["date"] and result.fields["date"].isoformat()) == date
    assert result.fields["location"] == location
    assert result.missing[0] == "title"
    assert result.text.endswith("tags: []\ndraft: true\n---\n\n" + result.body + "\n")


def test_lost_words_refuse_and_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real_parse = pipeline.parse

    def lossy(*args, **kwargs):
        parsed = real_parse(*args, **kwargs)
        return dataclasses.replace(parsed, paragraphs=parsed.paragraphs[:1])

    monkeypatch.setattr(pipeline, "parse", lossy)
    with pytest.raises(BoletinesError) as caught:
        run("Título\n\nPrimero.\n\nSegundo párrafo perdido.")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "import.words_lost"
    assert diagnostic.args == {"count": 3, "words": "Segundo, perdido, párrafo"}


def test_preservation_counts_repeated_words() -> None:
    assert check("a a b", [], ["a b"]).lost == ("a",)
    assert check("a a b", ["a"], ["a b"]).ok
    assert check("x y", [], ["y x"]).words == 2


def test_dateline_and_number_on_one_line() -> None:
    result = run("Tepic a 3 de marzo de 2019. Boletín No. 12/2019\n\nTítulo\n\nTexto.")
    assert (result.fields["location"], result.fields["number"]) == ("Tepic", "12/2019")
    assert result.fields["date"].isoformat() == "2019-03-03"
    assert result.body == "Texto."


@pytest.mark.parametrize("written", ["25/11/2025", "25-11-2025", "25.11.2025", "a 25/11/2025."])
def test_numeric_dateline_day_first(written: str) -> None:
    result = run(f"Guadalajara, Jal., {written}\n\nNo. 88/2025\n\nTítulo\n\nTexto.")
    assert result.fields["date"].isoformat() == "2025-11-25"
    assert result.fields["location"] == "Guadalajara, Jal."
    assert str(result.path) == "2025/2025-11-25-titulo.md"
    assert result.body == "Texto."


def test_word_export_one_paragraph_a_line_without_blank_lines() -> None:
    first = "La Secretaría informó que durante el periodo vacacional el estado recibió " * 2
    lines = [first.strip() + ".", "La titular detalló los destinos más visitados.", "Fin."]
    result = run("Título\n\n" + "\r\n".join(lines) + "\n")
    assert result.body == "\n\n".join(lines)
    # Hard-wrapped text, whose lines end mid-sentence, is still one paragraph.
    wrapped = run("Título\n\nUna frase que\nsigue aquí. Otra que\ntermina.\nY otra.\n")
    assert wrapped.body == "Una frase que sigue aquí. Otra que termina.\n\nY otra."
