"""A reader's paragraphs become the lines the rules run on; no word of them is lost."""

from __future__ import annotations

import pytest

from builder.core.settings import SiteConfig
from builder.importer import Refused
from builder.importer.document import Document, Paragraph, mark_bold, to_lines
from builder.importer.pipeline import import_document


def test_paragraphs_become_lines_as_a_text_copy_writes_them() -> None:
    document = Document(
        (
            Paragraph("MEMBRETE", letterhead=True),
            Paragraph("**Título**"),
            Paragraph("uno", list_item=True),
            Paragraph("dos", list_item=True),
            Paragraph("Fotos aquí", url="https://f.example/1"),
            Paragraph("Sigue  en la\npágina dos", page=2),
        ),
        source="",
    )
    lines = to_lines(document)
    assert [(line.number, line.text, line.dropped, line.url) for line in lines] == [
        (1, "MEMBRETE", "letterhead", None),
        (2, "", None, None),
        (3, "**Título**", None, None),
        (4, "", None, None),
        (5, "- uno", None, None),
        (6, "- dos", None, None),
        (7, "", None, None),
        (8, "Fotos aquí", None, "https://f.example/1"),
        (9, "\f", "page", None),
        (10, "Sigue en la página dos", None, None),
    ]


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        ([("El ", True), ("director", True), (", dijo", False)], "**El director**, dijo"),
        ([("a ", False), ("negrita ", True), ("b", False)], "a **negrita** b"),
        ([("uno", True), (" ", False), ("dos", True)], "**uno dos**"),
        ([("texto", False), (" . ", True)], "texto . "),
    ],
)
def test_bold_marks_hug_the_words(segments: list[tuple[str, bool]], expected: str) -> None:
    assert mark_bold(segments) == expected


def test_a_word_of_the_text_layer_missing_from_the_output_refuses_the_import() -> None:
    """The word check counts the reader's whole text layer: here it holds a word
    ("Zacatecas") no paragraph carries, as if a reader had lost it."""
    paragraphs = (
        Paragraph("SECRETARÍA DE ECONOMÍA", letterhead=True),
        Paragraph("Título del boletín"),
        Paragraph("Cuerpo del boletín."),
    )
    source = "SECRETARÍA DE ECONOMÍA\nTítulo del boletín\nCuerpo del boletín en Zacatecas."
    with pytest.raises(Refused) as caught:
        import_document(Document(paragraphs, source), "a.pdf", SiteConfig())
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.line, diagnostic.code) == (
        "a.pdf",
        None,
        "import.words_lost",
    )
    assert diagnostic.args == {"count": 2, "words": "Zacatecas, en"}
    # The letterhead's words are not asked for.
    fine = source.replace(" en Zacatecas", "")
    assert import_document(Document(paragraphs, fine), "a.pdf", SiteConfig()).preservation.ok
