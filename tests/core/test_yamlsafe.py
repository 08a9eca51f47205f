"""builder.core.yamlsafe: plain data with key lines; anchors, tags, duplicates and depth refused."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from builder.core import yamlsafe
from builder.core.yamlerrors import MAX_DEPTH, show_value
from builder.core.yamlsafe import load_yaml


def codes(text: str, first_line: int = 1) -> list[tuple[int | None, str]]:
    return [(d.line, d.code) for d in load_yaml(text, "x", first_line).diagnostics]


def test_values_and_lines_of_keys_and_items() -> None:
    doc = load_yaml("title: A\nlinks:\n  - url: /x\n    kind: video\n  - {url: /y}\n", "x", 2)
    assert doc.ok
    assert doc.value == {"title": "A", "links": [{"url": "/x", "kind": "video"}, {"url": "/y"}]}
    assert doc.line("title") == 2
    assert doc.line("links") == 3
    assert doc.line("links", 0) == 4
    assert doc.line("links", 0, "kind") == 5
    assert doc.line("links", 1, "url") == 6
    assert doc.line("links", 7) == 3  # falls back to the enclosing key
    assert doc.line() == 2


def test_scalars_resolve_as_safe_load_does() -> None:
    doc = load_yaml("a: 1\nb: 1.5\nc: true\nd: ~\ne: 2025-11-25\nf: '2025-11-25'\ng: 0x10\n", "x")
    assert doc.value == {
        "a": 1,
        "b": 1.5,
        "c": True,
        "d": None,
        "e": dt.date(2025, 11, 25),
        "f": "2025-11-25",
        "g": 16,
    }


def test_a_value_that_cannot_be_built_stays_text() -> None:
    assert load_yaml("date: 2025-02-30\n", "x").value == {"date": "2025-02-30"}


def test_anchor_and_alias_refused_once_without_expansion() -> None:
    bomb = "a: &a [x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    doc = load_yaml(bomb, "x")
    assert codes(bomb) == [(1, "yaml.alias")]
    assert doc.value is None


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system x\n",
        "a: !!python/name:os.system\n",
        "!!python/object/apply:os.system ls: 1\n",
        "a: !!set {x, y}\n",
        "a: !!binary aGk=\n",
        "a: !local x\n",
        "a: !!omap [{x: 1}]\n",
    ],
)
def test_tags_other_than_plain_data_are_refused(text: str) -> None:
    assert [code for _, code in codes(text)] == ["yaml.tag"]


def test_explicit_plain_tags_are_fine() -> None:
    assert load_yaml("a: !!str 5\nb: !!int '7'\n", "x").value == {"a": "5", "b": 7}


def test_duplicate_keys_at_any_depth() -> None:
    text = "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n"
    doc = load_yaml(text, "x")
    assert [(d.line, d.code, dict(d.args)) for d in doc.diagnostics] == [
        (4, "yaml.duplicate_key", {"key": "c", "first_line": 3}),
        (5, "yaml.duplicate_key", {"key": "a", "first_line": 1}),
    ]


def test_nesting_is_bounded_without_recursion() -> None:
    assert codes("a: " + "[" * 200_000 + "]" * 200_000 + "\n") == [(1, "yaml.too_deep")]
    assert codes("- " * 100_000 + "x\n") == [(1, "yaml.too_deep")]
    fine = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert codes(fine) == []


def test_complex_keys_are_refused() -> None:
    assert codes("? [a, b]\n: 1\n") == [(1, "yaml.complex_key")]


def test_syntax_errors_name_the_line_offset_by_the_front_matter() -> None:
    assert codes('title: "abc\n', first_line=2) == [(2, "yaml.unclosed_quote")]
    assert codes("a:\n\tb: 1\n", first_line=2) == [(3, "yaml.tab_indent")]
    assert codes("a: b: c\n", first_line=2) == [(2, "yaml.colon_in_value")]
    assert codes("a: [a, b]]\n", first_line=2) == [(2, "yaml.line_does_not_fit")]
    assert codes("%x: 1\n", first_line=2) == [(2, "yaml.syntax")]
    assert codes("a: 1\nb: `x`\n", first_line=2) == [(3, "yaml.reserved_start")]
    assert codes("- 'a' b\n", first_line=2) == [(2, "yaml.text_after_quote")]
    assert codes("a: 1\nb: \x07\n", first_line=2) == [(3, "yaml.control_char")]


def test_the_pure_python_parser_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "title: A\ntags: [a, b]\nx: &y 1\nd: 2025-02-30\n"
    fast = load_yaml(text, "x")
    monkeypatch.setattr(yamlsafe, "_LOADER", yamlsafe.yaml.SafeLoader)
    slow = load_yaml(text, "x")
    assert (slow.value, slow.lines, slow.diagnostics) == (fast.value, fast.lines, fast.diagnostics)
    assert codes('a: "x\n') == [(1, "yaml.unclosed_quote")]
    assert codes("a: " + "[" * 5000 + "]" * 5000) == [(1, "yaml.too_deep")]


def test_show_value_is_short_and_language_neutral() -> None:
    assert show_value("x") == '"x"'
    assert show_value([1, "a"]) == '[1, "a"]'
    assert show_value(dt.date(2025, 1, 2)) == '"2025-01-02"'
    assert show_value(None) == "null"
    assert show_value("a" * 100) == '"' + "a" * 58 + "…"


@pytest.mark.parametrize(
    "text",
    ["a: !!bool maybe\n", "a: !!timestamp x\n", "a: !!float abc\n", "a: !!int 1.5.6\n"],
)
def test_explicit_tag_on_text_of_another_type_stays_text(text: str) -> None:
    doc = load_yaml(text, "x")
    assert doc.diagnostics == []
    assert isinstance(doc.value["a"], str)


NOISE = st.text(
    alphabet=string.ascii_letters[:6] + string.digits[:3] + " \t\n:-[]{},#!|>'\"?.\\", max_size=80
)


@pytest.mark.fuzz
@given(st.one_of(NOISE, st.text(max_size=40)))
def test_composer_and_event_routes_agree(text: str) -> None:
    """The fast route (libyaml's composer) and the safe one (events) give the same answer
    on any text both may take (no anchors, since those always take the event route)."""
    assume("&" not in text and "*" not in text)
    fast = yamlsafe._load_nodes(text, "x", 2)
    safe = yamlsafe._load_events(text, "x", 2)
    assert fast.diagnostics == safe.diagnostics
    assert fast.value == safe.value
    if fast.ok:
        assert fast.lines == safe.lines


def test_texts_with_anchors_or_deep_nesting_take_the_event_route(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken: list[str] = []
    monkeypatch.setattr(yamlsafe, "_load_nodes", lambda *a: taken.append("nodes"))
    monkeypatch.setattr(yamlsafe, "_load_events", lambda *a: taken.append("events"))
    # (a comment keeps the first text off the regular-expression route for usual front matter)
    for text in ("a: 1  # nota\n", "a: &x 1\n", "a: *x\n", "a: " + "[" * 2000):
        load_yaml(text, "x")
    assert taken == ["nodes", "events", "events", "events"]


class _StopsDeepNesting(yamlsafe.yaml.SafeLoader):
    """A parser that, like libyaml 0.2.6, ends deep flow nesting with its own error, here
    in words no release uses, before it has given a single event."""

    def parse_stream_start(self):  # type: ignore[no-untyped-def]
        text = self.buffer
        start = text.find("[" * 40)
        if start >= 0:
            index = start + 39  # where this parser gives up: past level 33, before the end
            mark = yamlsafe.yaml.Mark("<x>", index, 0, index, None, None)
            raise yamlsafe.yaml.scanner.ScannerError(None, None, "zu tief verschachtelt", mark)
        return super().parse_stream_start()


def test_a_parser_that_stops_deep_nesting_itself_still_gives_too_deep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlsafe, "_LOADER", _StopsDeepNesting)
    monkeypatch.setattr(yamlsafe, "_COMPOSER", None)
    assert codes("title: x\na: " + "[" * 5000 + "]" * 5000 + "\n") == [(2, "yaml.too_deep")]
    assert codes("a: 1\nb: [" + "[" * 50 + "\n") == [(2, "yaml.too_deep")]


def test_brackets_in_quotes_and_comments_are_not_nesting() -> None:
    deep_text = '"' + "[" * 40 + '"'
    assert codes(f"a: {deep_text}\nb: c: d\n") == [(2, "yaml.colon_in_value")]
    assert codes("a: 1 # " + "[" * 40 + "\nb: c: d\n") == [(2, "yaml.colon_in_value")]
    assert codes("a: L'Oréal\nb: [" + "[" * 40 + "\n") == [(2, "yaml.too_deep")]


# The parser's own words that builder/core/yamlsafe.py's _syntax_error turns into a message in
# the site's language: (text, context, problem) as libyaml gives them.
LIBYAML_WORDING = [
    ('a: "abc\n', "while scanning a quoted scalar", None),
    ("a: [b, c\nd: e\n", "while parsing a flow sequence", None),
    ("a: {b: c\nd: e\n", "while parsing a flow mapping", None),
    ("a: 1\ntitle x\nb: 2\n", "while scanning a simple key", None),
    ("a: b: c\n", None, "mapping values are not allowed in this context"),
    ("a: `x`\n", None, "found character that cannot start any token"),
    ("a: - b\n", None, "block sequence entries are not allowed in this context"),
    ("a: [a, b]]\n", None, "did not find expected key"),
    ("- a\nb: 1\n", None, "did not find expected '-' indicator"),
]


@pytest.mark.parametrize(("text", "context", "problem"), LIBYAML_WORDING)
def test_the_libyaml_wording_we_translate_is_unchanged(
    text: str, context: str | None, problem: str | None
) -> None:
    """Fails, naming the release, when PyYAML's libyaml words an error differently: the
    editor would then get the general "YAML mal escrito" message instead of the precise
    one until _syntax_error learns the new wording."""
    yaml = yamlsafe.yaml
    assert yaml.__with_libyaml__, f"PyYAML {yaml.__version__} was installed without libyaml"
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        list(yaml.parse(text, Loader=yaml.CSafeLoader))
    found = (caught.value.context, caught.value.problem)
    expected = (context or found[0], problem or found[1])
    assert found == expected, (
        f"PyYAML {yaml.__version__} with libyaml words the error for {text!r} as {found}, "
        f"not {expected}: update the wording that builder/core/yamlsafe.py's _syntax_error "
        "matches, so the editor keeps the precise message"
    )
