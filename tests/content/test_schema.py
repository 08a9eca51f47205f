"""The published JSON Schema is generated from the same field list the validator uses,
and the two agree on which front matters are acceptable."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from content_support import BROKEN, GOOD
from hypothesis import example, given
from hypothesis import strategies as st

from builder.content.frontmatter import split_front_matter
from builder.content.loader import decode, parse_bulletin
from builder.content.schema import FIELDS, json_schema, render_json_schema
from builder.content.validate import CROSS_FIELD, VALIDATORS
from builder.core.yamlsafe import load_yaml

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "schema" / "bulletin.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(
    json_schema(), format_checker=jsonschema.FormatChecker()
)


DATE_KEYS = {"date", "updated", "publish", "corrections.date"}


def as_json(value: Any, key: str = "") -> Any:
    """The JSON a YAML 1.1 reader such as ours sees: a date under a date field (``date``,
    ``updated``, ``publish``, a correction's ``date``) as its ISO text (what editors'
    tooling sees too), a date anywhere else as a non-string, since the loader refuses a
    date where text is expected (``title: 2025-11-25``)."""
    if isinstance(value, dict):
        inner = {"": "", "corrections": "corrections."}.get(key)
        return {
            name: as_json(item, key if inner is None else inner + name)
            for name, item in value.items()
        }
    if isinstance(value, list):
        return [as_json(item, key) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat() if key in DATE_KEYS else {"yaml-date": value.isoformat()}
    return value


def front_matter_of(path: Path) -> Any:
    text, _ = decode(path.read_bytes(), path.name)
    assert text is not None
    front, problem = split_front_matter(text.replace("\r\n", "\n"), path.name)
    assert problem is None and front is not None
    doc = load_yaml(front.yaml_text, path.name, front.yaml_line)
    assert doc.ok
    return as_json(doc.value if doc.value is not None else {})


def test_published_schema_is_up_to_date() -> None:
    """If this fails: python -m builder.content.schema > schema/bulletin.schema.json"""
    assert PUBLISHED.read_text(encoding="utf-8") == render_json_schema()


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_every_field_kind_has_a_validator() -> None:
    assert {field.kind for field in FIELDS} <= set(VALIDATORS)
    assert list(json_schema()["properties"]) == [field.name for field in FIELDS]


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.md")), ids=lambda p: p.stem)
def test_schema_accepts_good_samples(path: Path) -> None:
    assert list(VALIDATOR.iter_errors(front_matter_of(path))) == []


SCHEMA_LEVEL_BROKEN = [
    "alias_absolute_url",
    "alias_backslash",
    "alias_dot_dot_segment",
    "alias_is_root",
    "alias_path_traversal",
    "date_in_spanish_words",
    "date_is_number",
    "draft_is_string",
    "empty_title",
    "front_matter_is_list",
    "front_matter_is_scalar",
    "highlights_item_is_mapping",
    "impossible_date",
    "impossible_date_quoted",
    "link_bad_kind",
    "link_is_string",
    "link_javascript_url",
    "link_protocol_relative_url",
    "link_unknown_key",
    "link_without_url",
    "links_is_mapping",
    "missing_title",
    "number_is_list",
    "tags_is_string",
    "tags_item_is_empty",
    "title_is_list",
    "title_is_null",
    "unknown_key_far_from_any",
    "unknown_key_typo",
    "title_too_long",
    "title_with_control_escape",
    "number_with_zero_width_space",
    "tag_with_invisible_characters",
    "tag_without_letters",
    "tags_too_many",
    "tag_too_long",
    "link_label_too_long",
]


@pytest.mark.parametrize("name", SCHEMA_LEVEL_BROKEN)
def test_schema_rejects_what_the_validator_rejects(name: str) -> None:
    assert list(VALIDATOR.iter_errors(front_matter_of(BROKEN / f"{name}.md")))


TEXTS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "Título",
            "2025-11-25",
            "2025-02-30",
            "javascript:alert(1)",
            "https://x.org/a",
            "mailto:a@b.org",
            "/2025/x/",
            "//evil.org/",
            "/a/../b",
            "/",
            "../x",
            "/a b",
            "photos",
            "other",
            "fotos",
            "/old/url.html",
            "/%2e%2e/",
            "!!!",
            "🙂",
            "ß",
            "²",
            "Salud\u200b",
            "591/2025\u2060",
            "\ufeffcuidados",
            "a\x1bb",
            "https://x.org/\x9b",
        ]
    ),
    st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=12),
)
SCALARS = st.one_of(
    TEXTS,
    st.none(),
    st.booleans(),
    st.integers(-10, 10**12),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
)
LINKS = st.dictionaries(st.sampled_from(["label", "url", "kind", "lable"]), SCALARS, max_size=4)
CORRECTIONS = st.dictionaries(st.sampled_from(["date", "note", "nota"]), SCALARS, max_size=3)
VALUES = st.one_of(
    SCALARS, st.lists(st.one_of(SCALARS, LINKS, CORRECTIONS), max_size=3), LINKS, CORRECTIONS
)
FRONT_MATTERS = st.dictionaries(
    st.sampled_from([field.name for field in FIELDS] + ["tittle", "extra"]), VALUES, max_size=6
)


@given(FRONT_MATTERS)
@example({"location": "", "title": "Título"})  # blank: absent, for both
@example({"tags": [" ", "salud"], "title": "Título"})  # a blank tag: refused by both
def test_validator_and_schema_agree(data: dict[str, Any]) -> None:
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\nCuerpo.\n"
    outcome = parse_bulletin(text.encode("utf-8"), Path("x.md"), "2025/x", "x.md")
    accepted = outcome.bulletin is not None
    schema_errors = [e.message for e in VALIDATOR.iter_errors(as_json(data))]
    codes = {d.code for d in outcome.diagnostics if d.is_error}
    if codes and codes <= CROSS_FIELD:  # two dates out of order: no JSON Schema compares fields
        assert not schema_errors, schema_errors
        return
    assert accepted == (not schema_errors), (outcome.diagnostics, schema_errors)


def test_schema_file_is_plain_utf8_json() -> None:
    assert json.loads(PUBLISHED.read_bytes().decode("utf-8")) == json_schema()
