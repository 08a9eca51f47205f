"""The regular-expression route for usual front matter reads what libyaml reads.

``load_yaml`` first tries ``_load_simple``; for any text that route accepts, the value
(types included: ``yes`` is a bool, ``2025-02-30`` stays text), the line of every key and
list item, and the absence of findings must equal both general routes (libyaml's composer
plus the checking walk, and the event walk). Documents are generated from the shapes
bulletins use, with scalars YAML resolves in surprising ways and lines it reads otherwise.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from builder.yamlsafe import _load_events, _load_nodes, _load_simple, load_yaml

pytestmark = pytest.mark.fuzz

PLAIN = st.sampled_from(
    [
        "photos", "video", "Ciudad de México", "1/2011", "591/2025", "2025-11-25", "2025-02-30",
        "2025-1-5", "2025-11-25 10:00:00", "yes", "No", "on", "OFF", "true", "False", "null",
        "Null", "y", "n", "1", "0", "-1", "010", "0x1F", "0b101", "1_000", "1.5", "1e3", "6.",
        "nan", "a.m.", "x (y)", "e-mail", "a  b", "ñandú", "日本", "a+b", "1:20", "190:20:30",
        "٣", "Ⅻ", "x_y", "_x", "A-", "(x)", "2025-11-25t10:00:00z",
    ]
)  # fmt: skip
QUOTABLE = st.one_of(
    PLAIN,
    st.sampled_from(["", " ", "a: b", "# x", "x #y", "[1]", "{a: 1}", "'", "it's", "\\n", "é"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters='"\\\n'), max_size=8),
)
KEYS = st.sampled_from(
    ["title", "date", "number", "location", "tags", "links", "draft", "x_1", "_", "yes", "null"]
)
SPACES = st.sampled_from([" ", " ", " ", "  ", ""])


@st.composite
def scalar(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(PLAIN)
    text = draw(QUOTABLE)
    if kind == 1:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


@st.composite
def flow_list(draw: st.DrawFn) -> str:
    items = draw(st.lists(scalar(), max_size=4))
    return "[" + draw(SPACES) + (draw(SPACES) + "," + draw(SPACES)).join(items) + "]"


@st.composite
def flow_map(draw: st.DrawFn) -> str:
    pairs = draw(st.lists(st.tuples(KEYS, scalar()), min_size=1, max_size=3))
    colon = st.sampled_from([": "] * 6 + [":  ", ":"])
    inner = ", ".join(f"{k}{draw(colon)}{v}" for k, v in pairs)
    return "{" + draw(SPACES) + inner + draw(SPACES) + "}"


@st.composite
def document(draw: st.DrawFn) -> str:
    lines = []
    for key in draw(st.lists(KEYS, min_size=1, max_size=6)):
        shape = draw(st.integers(0, 4))
        if shape == 0:
            lines.append(f"{key}:{draw(SPACES)}{draw(scalar())}{draw(SPACES)}")
        elif shape == 1:
            lines.append(f"{key}:{draw(SPACES)}{draw(flow_list())}")
        elif shape == 2:
            lines.append(f"{key}:{draw(st.sampled_from(['', ' ']))}")
            for _ in range(draw(st.integers(0, 3))):
                item = draw(st.one_of(scalar(), flow_map()))
                dash = ["  - "] * 6 + ["  -  ", "- ", "    - ", "  -"]
                lines.append(draw(st.sampled_from(dash)) + item)
        else:
            lines.append(f"{key}: {draw(scalar())}")
    if draw(st.integers(0, 5)) == 0:  # a line YAML reads some other way
        odd = draw(
            st.sampled_from(
                ["", "# nota", "  más texto", "---", "x: y # nota", "\t- a", "- suelto", "a:b"]
            )
        )
        lines.insert(draw(st.integers(0, len(lines))), odd)
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


def typed(value: object) -> object:
    """``value`` with every scalar's type beside it: ``True == 1`` must not pass."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def assert_same_routes(text: str, note: bool = True) -> None:
    simple = _load_simple(text, 2)
    if note:
        event("regular expressions" if simple is not None else "general")
    if simple is None:
        return
    for general in (_load_nodes(text, "f.md", 2), _load_events(text, "f.md", 2)):
        assert general.diagnostics == [], text
        assert typed(simple.value) == typed(general.value), text
        assert list(simple.value) == list(general.value), text  # key order
        assert simple.lines == general.lines, text
    assert simple.diagnostics == []


@given(document())
@example('title: "Uno"\ndate: 2011-01-01\ntags: ["a", "b"]\n')
@example('links:\n  - {label: "Fotos", url: "https://x/y?e=1", kind: photos}\n')
@example("draft: yes\nnumber: 010\ndate: 2025-02-30\n")
@example("highlights:\n  - \"a\"\n  - 'b'\ntitle: x\n")
@example("title:\n")
def test_simple_route_reads_what_libyaml_reads(text: str) -> None:
    assert_same_routes(text)


def test_bulletin_front_matter_takes_the_simple_route() -> None:
    text = (
        'title: "Resaltó que el plan: atención"\n'
        "date: 2011-01-01\n"
        'number: "1/2011"\n'
        'location: "Ciudad de México"\n'
        "highlights:\n"
        '  - "Previo a la 115 Asamblea, “dijo”."\n'
        "links:\n"
        '  - {label: "Fotos", url: "https://imss.example/:f:/s/x?e=e6", kind: photos}\n'
        'tags: ["finanzas", "formación médica", salud]\n'
    )
    doc = _load_simple(text, 2)
    assert doc is not None
    assert doc.value["date"] == dt.date(2011, 1, 1)
    assert doc.lines[("links", 0, "kind")] == 9
    assert_same_routes(text, note=False)
    assert load_yaml(text, "f.md", 2).value == doc.value
