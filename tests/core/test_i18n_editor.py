"""Every editor-workflow message exists in Spanish and English with the same placeholders,
and every code the workflow's modules use is in the catalog."""

from __future__ import annotations

import re
import string
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PREFIXES = ("check.", "new.", "serve.", "progress.")
MODULES = [
    "builder/check/findings.py",
    "builder/commands/check.py",
    "builder/commands/new.py",
    "builder/serve/preview.py",
    "builder/commands/build.py",
    "builder/commands/import_.py",
]


def messages(language: str) -> dict[str, str]:
    data = yaml.safe_load((ROOT / "theme" / "i18n" / f"{language}.yaml").read_text("utf-8"))
    return {k: v for k, v in data["messages"].items() if k.startswith(PREFIXES)}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_spanish_and_english_have_the_same_keys_and_placeholders():
    es, en = messages("es"), messages("en")
    assert sorted(es) == sorted(en)
    for key in es:
        assert fields(es[key]) == fields(en[key]), key


def test_every_code_used_in_the_code_is_in_the_catalog():
    known = set(messages("es"))
    used: set[str] = set()
    for module in MODULES:
        text = (ROOT / module).read_text(encoding="utf-8")
        used.update(re.findall(r'"((?:check|new|serve|progress)\.[a-z_.]+)"', text))
        used.update(f"check.missing_{name}" for name in ("date", "number", "location"))
    assert used - known == set()
