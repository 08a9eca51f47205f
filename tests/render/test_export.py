"""bulletins.json: valid against its schema, complete, readable and plain-text bodies."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import jsonschema
import pytest
from feeds_support import (
    ABSOLUTE,
    SCHEMA,
    UNDER_PATH,
    archive_of,
    bodies_of,
    bulletin,
    sample_bulletins,
)

from builder.content.model import Correction, Link
from builder.render.export import render_export
from builder.render.plaintext import html_to_text


def export_of(bulletins, config=ABSOLUTE) -> bytes:
    archive = archive_of(bulletins)
    result = render_export(archive, config, bodies_of(archive, config))
    assert list(result) == ["bulletins.json"]
    return result["bulletins.json"]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA / "bulletins-export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("config", [ABSOLUTE, UNDER_PATH], ids=["abs", "path"])
def test_export_validates_against_its_schema(validator, config):
    validator.validate(json.loads(export_of(sample_bulletins(), config)))


def test_schema_rejects_what_the_export_must_never_contain(validator):
    document = json.loads(export_of(sample_bulletins()))
    broken = [
        {**document, "extra": 1},
        {**document, "bulletins": [{**document["bulletins"][0], "date": "25/11/2025"}]},
        {**document, "bulletins": [{**document["bulletins"][0], "path": "../etc/passwd"}]},
        {
            **document,
            "bulletins": [{k: v for k, v in document["bulletins"][0].items() if k != "url"}],
        },
    ]
    for doc in broken:
        assert not validator.is_valid(doc)


def test_every_bulletin_with_its_metadata_in_archive_order():
    document = json.loads(export_of(sample_bulletins()))
    assert document["count"] == 4
    assert document["site"] == {
        "title": "Archivo IMSS",
        "url": "https://example.org/archivo/",
        "language": "es",
    }
    assert [b["path"] for b in document["bulletins"]] == [
        "2025/2025-11-25-imss-fortalece",
        "2025/2025-11-24-guarderias",
        "2025/2025-11-24-salud",
        "sin-fecha/aviso",
    ]
    first = document["bulletins"][0]
    assert first == {
        "path": "2025/2025-11-25-imss-fortalece",
        "url": "https://example.org/archivo/2025/2025-11-25-imss-fortalece/",
        "title": "IMSS fortalece cooperación internacional",
        "number": "591/2025",
        "date": "2025-11-25",
        "updated": None,
        "corrections": [],
        "location": "Ciudad de México",
        "highlights": ["El director general del Seguro Social habló.", "Se firmó un convenio."],
        "links": [{"label": "Fotos", "url": "https://example.org/fotos", "kind": "photos"}],
        "tags": ["cuidados", "Guarderías"],
        "original": None,
        "text": "Primer párrafo con negritas.\n\nSegundo párrafo & más.",
    }
    undated = document["bulletins"][-1]
    assert undated["date"] is None and undated["number"] is None
    assert undated["url"] == "https://example.org/archivo/sin-fecha/aviso/"


def test_utf8_sorted_keys_newline_at_end_and_safe_inside_a_script_element():
    data = export_of(sample_bulletins())
    assert data.endswith(b"}\n")
    assert "cooperación".encode() in data  # not \u00f3
    assert b"<" not in data and b">" not in data and b"&" not in data
    text = data.decode("utf-8")
    assert text.index('"bulletins"') < text.index('"count"') < text.index('"site"')


def test_unsafe_links_are_never_exported():
    item = bulletin(
        "2025/x",
        "X",
        dt.date(2025, 1, 2),
        links=(
            Link("malo", "javascript:alert(1)"),
            Link("malo", " JaVa\tScRiPt:alert(1)"),
            Link("datos", "data:text/html,<script>alert(1)</script>"),
            Link("bueno", "mailto:prensa@example.org", "other"),
            Link("relativo", "/2025/y/", "document"),
        ),
    )
    [record] = json.loads(export_of([item]))["bulletins"]
    assert [link["url"] for link in record["links"]] == ["mailto:prensa@example.org", "/2025/y/"]


def test_a_missing_body_is_a_programming_error():
    with pytest.raises(KeyError):
        render_export(archive_of(sample_bulletins()), ABSOLUTE, {})


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Uno</p><p>Dos</p>", "Uno\n\nDos"),
        ("<p>Uno\n   dos\t\ttres</p>", "Uno dos tres"),
        ("<p>Línea<br>otra<br/>más</p>", "Línea\notra\nmás"),
        (
            "<p>&lt;b&gt; &amp;amp; &quot;comillas&quot; &#241; &ntilde;</p>",
            '<b> &amp; "comillas" ñ ñ',
        ),
        ("<ul><li>uno</li><li><p>dos</p></li></ul><p>fin</p>", "- uno\n\n- dos\n\nfin"),
        ("<h2>Título</h2>Texto suelto", "Título\n\nTexto suelto"),
        ("<p>a<script>alert(1)</script>b<style>p{}</style>c</p>", "abc"),
        ("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>", "A B\n\n1 2"),
        ("<pre>  x = 1\n  y = 2</pre>", "  x = 1\n  y = 2"),
        ("<blockquote><p>cita</p></blockquote><hr><p>después</p>", "cita\n\ndespués"),
        ("<p><!-- comentario -->visible</p>", "visible"),
        ("<p>1\xa0000 &nbsp; km\u3000 y  más</p>", "1\xa0000 \xa0 km\u3000 y más"),
        ("", ""),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


def test_corrections_are_in_the_export_and_valid(validator):
    items = sample_bulletins()
    items[0] = dataclasses.replace(
        items[0],
        updated=dt.date(2025, 11, 28),
        corrections=(Correction(dt.date(2025, 11, 28), "Se corrigió la cifra de guarderías."),),
    )
    document = json.loads(export_of(items))
    validator.validate(document)
    first, second = document["bulletins"][:2]
    assert (first["updated"], first["corrections"]) == (
        "2025-11-28",
        [{"date": "2025-11-28", "note": "Se corrigió la cifra de guarderías."}],
    )
    assert (second["updated"], second["corrections"]) == (None, [])


def test_schema_refuses_a_correction_without_note(validator):
    document = json.loads(export_of(sample_bulletins()))
    document["bulletins"][0]["corrections"] = [{"date": "2025-11-28"}]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(document)
