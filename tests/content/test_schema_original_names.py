"""Property tests: whatever ``original:`` says, an accepted name stays in the bulletin's
folder, and the JSON Schema for editors accepts exactly what the validator accepts."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.content.loader import parse_bulletin
from builder.content.markdownfile import quote
from builder.content.schema import ORIGINAL_NAME_PATTERN, ORIGINAL_SUFFIXES
from builder.core.i18n import load_catalog

pytestmark = pytest.mark.fuzz

SHOWN = "content/2025/x.md"
# Names made of what hostile values are made of: dots, slashes, colons, schemes, controls.
PIECES = st.sampled_from(
    ["..", ".", "/", "\\", ":", "http://h/", "a", "b c", "ñ", "\x00", "\n", "\x7f", "%2e"]
)
NAMES = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda parts, suffix: "".join(parts) + suffix,
        st.lists(PIECES, max_size=6),
        st.sampled_from([*ORIGINAL_SUFFIXES, ".PDF", ".exe", ".pdf/", ""]),
    ),
)


def declared(name: str):
    text = f'---\ntitle: "Uno"\noriginal: {quote(name)}\n---\nTexto.\n'
    return parse_bulletin(text.encode("utf-8"), Path(SHOWN), "2025/x", SHOWN)


@given(NAMES)
def test_an_accepted_original_is_a_document_in_the_bulletins_own_folder(name):
    outcome = declared(name)
    accepted = outcome.declared.name
    if accepted is None:
        errors = [d for d in outcome.diagnostics if d.is_error]
        assert name.strip() == "" or (errors and all(d.line == 3 for d in errors))
        for diagnostic in errors:
            assert diagnostic.render(load_catalog("es")).startswith(f"{SHOWN}:3: ")
        return
    folder = "/srv/content/2025"
    assert os.path.dirname(os.path.normpath(os.path.join(folder, accepted))) == folder
    assert not accepted.startswith(".") and "/" not in accepted and "\\" not in accepted
    assert os.path.splitext(accepted)[1].lower() in ORIGINAL_SUFFIXES


@given(NAMES)
def test_the_schema_pattern_agrees_with_the_validator(name):
    accepted = declared(name).declared.name is not None
    assert accepted == bool(re.fullmatch(ORIGINAL_NAME_PATTERN, name.strip())) or not name.strip()
