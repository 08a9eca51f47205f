"""UI strings and user-facing messages, from ``theme/i18n/<lang>.yaml``.

Each file has two sections: ``ui`` (strings the theme shows readers) and ``messages``
(what the command line tells editors). A missing key falls back to Spanish, the default
language; a key missing there too is a programming error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

THEME_DIR = Path(__file__).resolve().parents[2] / "theme"
DEFAULT_LANGUAGE = "es"


@dataclass(frozen=True)
class Catalog:
    language: str
    ui: dict[str, Any]
    messages: dict[str, str]

    def message(self, code: str, **args: object) -> str:
        template = self.messages.get(code)
        if template is None:
            raise KeyError(f"no message {code!r} in theme/i18n/{self.language}.yaml")
        return template.format(**args)

    def text(self, key: str, **args: object) -> str:
        value = self.ui.get(key)
        if not isinstance(value, str):
            raise KeyError(f"no UI string {key!r} in theme/i18n/{self.language}.yaml")
        return value.format(**args) if args else value


def available_languages(theme_dir: Path = THEME_DIR) -> list[str]:
    return sorted(p.stem for p in (theme_dir / "i18n").glob("*.yaml"))


@cache
def _read(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with 'ui' and 'messages'")
    return data


@cache
def load_catalog(language: str = DEFAULT_LANGUAGE, theme_dir: Path = THEME_DIR) -> Catalog:
    """The catalog for ``language``, completed from the Spanish one."""
    base = _read(theme_dir / "i18n" / f"{DEFAULT_LANGUAGE}.yaml")
    ui = dict(base.get("ui") or {})
    messages = dict(base.get("messages") or {})
    path = theme_dir / "i18n" / f"{language}.yaml"
    if language != DEFAULT_LANGUAGE and path.exists():
        own = _read(path)
        ui.update(own.get("ui") or {})
        messages.update(own.get("messages") or {})
    return Catalog(language, ui, messages)
