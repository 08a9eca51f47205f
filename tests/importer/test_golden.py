"""Every raw fixture against its expected Markdown, checked by hand when first written.

Refresh after an intended change, then review the diff:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/importer/test_golden.py
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from importer_support import GOLDEN, RAW_FILES, SAMPLES

from builder.core.settings import SiteConfig
from builder.importer import import_text

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def golden_path(raw: Path) -> Path:
    return GOLDEN / f"{raw.stem}.md"


PATHS = GOLDEN / "paths.txt"
"""Where each fixture's file goes under content/: "<raw name> <path>" per line."""


def expected_paths() -> dict[str, str]:
    lines = PATHS.read_text(encoding="utf-8").splitlines()
    return dict(line.split(" ", 1) for line in lines if line)


@pytest.mark.parametrize("raw", RAW_FILES, ids=lambda p: p.stem)
def test_matches_golden(raw: Path, config: SiteConfig) -> None:
    result = import_text(raw.read_bytes(), raw.name, config)
    expected = golden_path(raw)
    if UPDATE:
        expected.write_text(result.text, encoding="utf-8")
    assert expected.read_text(encoding="utf-8") == result.text


def test_output_paths(config: SiteConfig) -> None:
    found = {
        raw.name: str(import_text(raw.read_bytes(), raw.name, config).path) for raw in RAW_FILES
    }
    if UPDATE:
        PATHS.write_text("".join(f"{k} {v}\n" for k, v in sorted(found.items())), "utf-8")
    assert found == expected_paths()


@pytest.mark.parametrize("raw", SAMPLES, ids=lambda p: p.stem)
def test_encodings_and_line_ends_give_the_same_file(raw: Path, config: SiteConfig) -> None:
    text = raw.read_bytes().decode("utf-8")
    reference = import_text(raw.read_bytes(), raw.name, config).text
    variants = {
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "cr": text.replace("\n", "\r").encode("utf-8"),
        "bom": codecs.BOM_UTF8 + text.encode("utf-8"),
        "bom+crlf": codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
        "cp1252": text.encode("cp1252"),
        "cp1252+crlf": text.replace("\n", "\r\n").encode("cp1252"),
        "utf-16": text.encode("utf-16"),
    }
    for name, raw_variant in variants.items():
        assert import_text(raw_variant, raw.name, config).text == reference, name


def test_latin1_only_bytes_are_read() -> None:
    raw = "Título\n\nAcción en Ñuñoa.\n".encode("latin-1")
    result = import_text(raw, "x.txt", SiteConfig())
    assert result.fields["title"] == "Título"
    assert result.body == "Acción en Ñuñoa."
    assert result.encoding == "cp1252"


def test_same_bytes_same_output(config: SiteConfig) -> None:
    for raw in RAW_FILES:
        data = raw.read_bytes()
        assert import_text(data, raw.name, config).text == import_text(data, raw.name, config).text
