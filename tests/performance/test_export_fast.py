"""The data export's shortcuts give the very text of the general code they stand in for.

``dumps_indented`` must equal ``json.dumps(..., ensure_ascii=False, sort_keys=True,
indent=1)`` for any JSON-like value (floats, odd keys and subclasses go to the standard
library), and the paragraph shortcut of ``html_to_text`` must equal the HTML parser on any
fragment it accepts, including what the Markdown renderer makes of free-form text.
"""

from __future__ import annotations

import enum
import json
import re

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st
from test_markdown_prose import prose

from builder.render.export import dump_json
from builder.render.jsonout import dumps_indented
from builder.render.markdown import MarkdownRenderer
from builder.render.text import _SIMPLE, _TextCollector, html_to_text

pytestmark = pytest.mark.fuzz

TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), TEXT, st.sampled_from(["", "ñ"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(TEXT, inner, max_size=4),
        st.dictionaries(st.integers(), inner, max_size=2),
    ),
    max_leaves=20,
)


def standard(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


class Level(enum.IntEnum):
    HIGH = 2


@given(JSON)
@example({"b": [1, {"c": None, "a": '\ud800\n"<'}], "a": []})
@example({"x": {}, "y": [[]], "z": [True, False, 0, -1]})
@example([1.5, float("nan"), Level.HIGH])
def test_indented_json_equals_the_standard_library(value: object) -> None:
    assert dumps_indented(value) == standard(value)


def test_indented_json_refuses_what_the_standard_library_refuses() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError):
        dumps_indented({"a": loop})
    with pytest.raises(TypeError):
        dumps_indented({"a": {1, 2}})


def parsed_text(fragment: str) -> str:
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return "\n\n".join(collector.paragraphs)


FRAGMENT_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<strong>", "</strong>", "\n", " ", "  ", "\t", "\xa0", "\u2028", "\x1c",
        "palabra", "Ciudad de México", "“cita”", "&amp;", "&nbsp;", "&", "<", ">", "<br>",
        "<em>", "</em>", "<li>", "<p class=x>", "</strong", "<!-- x -->", "<script>", "a>b",
    ]
)  # fmt: skip


INLINE = st.lists(
    st.sampled_from(
        ["palabra", " ", "  ", "\n", "\t", "\xa0", "\x1c", "“cita”", "<strong>", "</strong>"]
    ),
    max_size=8,
).map("".join)
PARAGRAPHS = st.lists(
    st.tuples(INLINE, st.sampled_from(["", "\n", "\n\n"])).map(lambda p: f"<p>{p[0]}</p>{p[1]}"),
    max_size=5,
).map("".join)


@given(st.one_of(PARAGRAPHS, st.lists(FRAGMENT_PIECES, max_size=30).map("".join)))
@example("<p>uno\ndos</p>\n<p></p><p> tres  <strong>cuatro</strong> </p>")
@example("<p>\xa0a\u2028b\x1cc</p>")
@example("")
def test_text_of_any_fragment_equals_the_parser(fragment: str) -> None:
    event("paragraphs only" if _SIMPLE.fullmatch(fragment) else "parser")
    assert html_to_text(fragment) == parsed_text(fragment)


@given(prose())
def test_text_of_rendered_bodies_equals_the_parser(text: str) -> None:
    body = MarkdownRenderer().render(text)
    event("paragraphs only" if _SIMPLE.fullmatch(body) else "parser")
    assert html_to_text(body) == parsed_text(body)


@given(JSON)
@example({"text": "a <b> & c\u2028d\ud800"})
@example({"text": "nada que escapar"})
def test_export_json_escapes_as_before(value: object) -> None:
    """dump_json skips the escaping passes only when there is nothing they would change."""
    text = standard(value)
    text = re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m[0]):04x}", text)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    assert dump_json(value) == (text + "\n").encode("utf-8")
