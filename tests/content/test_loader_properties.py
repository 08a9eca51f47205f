"""Property tests: no input makes the front-matter loader raise, and every refusal comes
with a message that names a line. ``make fuzz`` runs them with 100,000 examples each."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builder.content.loader import parse_bulletin
from builder.core.errors import Diagnostic
from builder.core.i18n import load_catalog
from builder.core.yamlsafe import load_yaml

pytestmark = pytest.mark.fuzz

SHOWN = "content/2025/x.md"
GOOD = (
    "---\ntitle: \"IMSS: guarderías\"\ndate: 2025-11-25\nnumber: '591/2025'\n"
    "highlights:\n  - Uno\nlinks:\n  - {label: Fotos, url: 'https://x.org/f', kind: photos}\n"
    "tags: [salud]\naliases: [/viejo/]\n---\nCuerpo **con** texto.\n"
)


def check_outcome(data: bytes) -> None:
    """Loading never raises; a refused file has an error with a line; messages render."""
    outcome = parse_bulletin(data, Path(SHOWN), "2025/x", SHOWN)
    for language in ("es", "en"):
        catalog = load_catalog(language)
        for diagnostic in outcome.diagnostics:
            assert diagnostic.render(catalog).startswith(SHOWN)
    if outcome.bulletin is None:
        errors = [d for d in outcome.diagnostics if d.is_error]
        assert errors, "refused without a message"
        assert all(isinstance(d.line, int) and d.line >= 1 for d in errors), errors
        lines = len(re.split(rb"\r\n|\r|\n", data))
        assert all(d.line <= lines for d in errors), (errors, lines)
    else:
        assert not any(d.is_error for d in outcome.diagnostics)
        assert outcome.bulletin.title.strip()


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    check_outcome(text.encode("utf-8", "surrogatepass"))


@given(st.binary())
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    check_outcome(data)


@given(st.text())
def test_arbitrary_text_as_front_matter_never_raises(text: str) -> None:
    check_outcome(("---\n" + text + "\n---\nCuerpo.\n").encode("utf-8", "surrogatepass"))


YAML_ALPHABET = string.ascii_letters + string.digits + " \t\n:-[]{},#&*!|>'\"%@`?.\\/ñé"


@given(st.text(alphabet=YAML_ALPHABET, max_size=200))
def test_yaml_shaped_noise_as_front_matter_never_raises(text: str) -> None:
    check_outcome(("---\n" + text + "\n---\n").encode("utf-8"))


@given(st.integers(0, len(GOOD)), st.text(alphabet=YAML_ALPHABET, min_size=1, max_size=5))
def test_an_edit_anywhere_in_a_good_file_never_raises(position: int, insert: str) -> None:
    check_outcome((GOOD[:position] + insert + GOOD[position:]).encode("utf-8"))


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(),
    st.dates(),
    st.datetimes(),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.booleans(), st.one_of(st.none(), st.booleans()))
def test_arbitrary_yaml_documents_never_raise(document: Any, unicode: bool, flow: Any) -> None:
    dumped = yaml.safe_dump(document, allow_unicode=unicode, default_flow_style=flow)
    assume("\n---" not in "\n" + dumped and "\n..." not in "\n" + dumped)
    check_outcome(("---\n" + dumped + "---\nCuerpo.\n").encode("utf-8", "surrogatepass"))


@given(DOCUMENTS, st.one_of(st.none(), st.booleans()))
def test_plain_data_reads_as_safe_load_reads_it(document: Any, flow: Any) -> None:
    dumped = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow)
    doc = load_yaml(dumped, "x.yaml")
    assert doc.diagnostics == []
    assert doc.value == yaml.safe_load(dumped)


# Any text but control characters, which are refused (see the test after this one).
PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40)


@given(PRINTABLE.filter(str.strip), st.dates())
def test_any_title_and_date_written_by_a_tool_are_accepted(title: str, date: Any) -> None:
    dumped = yaml.safe_dump({"title": title, "date": date}, allow_unicode=True)
    outcome = parse_bulletin(("---\n" + dumped + "---\n").encode(), Path(SHOWN), "2025/x", SHOWN)
    assert outcome.diagnostics == []
    assert outcome.bulletin is not None
    assert outcome.bulletin.date == date


# Tabs and line breaks are text; a NEL written as such in the file is a line break the
# loader turns into a space (written "\N" in quotes it is the character, and refused).
@given(PRINTABLE, st.characters(categories=("Cc",)).filter(lambda c: c not in "\t\n\r\x85"))
def test_a_control_character_in_a_value_is_refused_never_published(text: str, char: str) -> None:
    title = f"Título {text}{char}"
    dumped = yaml.safe_dump({"title": title}, allow_unicode=True)
    outcome = parse_bulletin(("---\n" + dumped + "---\n").encode(), Path(SHOWN), "2025/x", SHOWN)
    assert outcome.bulletin is None
    assert [d.code for d in outcome.diagnostics] == ["content.control_char"]
    assert outcome.diagnostics[0].args["char"] == f"U+{ord(char):04X}"


def _lines(diagnostics: list[Diagnostic]) -> list[int | None]:
    return [d.line for d in diagnostics]


def test_a_refusal_points_at_the_offending_line() -> None:
    text = GOOD.replace("tags: [salud]", "tags: [salud")
    outcome = parse_bulletin(text.encode(), Path(SHOWN), "2025/x", SHOWN)
    assert outcome.bulletin is None
    assert _lines(outcome.diagnostics) == [9]
