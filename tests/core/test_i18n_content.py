"""Every message code the loader, settings and YAML modules can emit exists in both
catalogs, with the same placeholders in Spanish and English."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from builder.core.i18n import load_catalog
from builder.core.yamlsafe import load_yaml  # noqa: F401  (the module must import cleanly)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((ROOT / "builder" / "core").glob("*.py")),
    *sorted((ROOT / "builder" / "content").glob("*.py")),
]
PREFIXES = ("yaml.", "config.", "content.")
# Prefixes passed to builder.core.yamlsafe.unknown_key, which appends the rest of the code.
PREFIX_ARGUMENTS = {"content.link", "content.correction"}
# Codes built at run time: yaml.type.<kind>, <prefix>.unknown_key[_list], config checks.
DYNAMIC = {
    "yaml.type.string",
    "yaml.type.bool",
    "yaml.type.positive_int",
    "yaml.type.mapping",
    "config.unknown_key",
    "config.unknown_key_list",
    "content.unknown_key",
    "content.unknown_key_list",
    "content.link.unknown_key",
    "content.link.unknown_key_list",
    "content.correction.unknown_key",
    "content.correction.unknown_key_list",
}


def literal_codes() -> set[str]:
    found: set[str] = set()
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        found |= set(re.findall(r'"((?:yaml|config|content)\.[a-z0-9_.]*[a-z0-9])"', text))
    return found - PREFIX_ARGUMENTS


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_sources_use_codes_that_exist() -> None:
    codes = literal_codes() | DYNAMIC
    assert len(codes) > 40
    for language in ("es", "en"):
        missing = sorted(code for code in codes if code not in load_catalog(language).messages)
        assert missing == [], language


@pytest.mark.parametrize("code", sorted(literal_codes() | DYNAMIC))
def test_spanish_and_english_take_the_same_placeholders(code: str) -> None:
    spanish = load_catalog("es").messages[code]
    english = load_catalog("en").messages[code]
    assert placeholders(spanish) == placeholders(english)


def test_every_catalog_code_of_these_areas_is_used() -> None:
    used = literal_codes() | DYNAMIC
    for language in ("es", "en"):
        ours = {code for code in load_catalog(language).messages if code.startswith(PREFIXES)}
        assert sorted(ours - used) == []
