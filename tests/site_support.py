"""Bulletin text and a small site shared by the site tests (imported by name, not via conftest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def require(path: Path, what: str) -> None:
    """In CI a missing browser tool is a failure; on a workstation the test skips."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing")
        pytest.skip(f"{what} is missing")


def bulletin(title: str, body: str = "Texto del boletín.", **fields: str) -> str:
    lines = ["---", f"title: {title}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    lines += ["---", body, ""]
    return "\n".join(lines)


SITE_YAML = """\
title: "Archivo de prueba"
description: "Boletines para las pruebas."
base_url: "/"
per_page: 2
author: "Instituto de Prueba"
logo_text: "Prueba"
accent_color: "#7a1f5c"
"""

FILES: dict[str, str] = {
    "site.yaml": SITE_YAML,
    "content/2025/2025-11-25-imss-fortalece.md": bulletin(
        '"IMSS fortalece la cooperación internacional"',
        "Primer párrafo con **negritas**.\n\nSegundo párrafo.",
        date="2025-11-25",
        number='"591/2025"',
        location="Ciudad de México",
        highlights='["El director general habló de cuidados."]',
        links='[{label: Fotos, url: "https://example.org/fotos", kind: photos}, '
        '{label: Video, url: "https://example.org/video", kind: video}]',
        tags="[cuidados, guarderías]",
    ),
    "content/2025/2025-11-03-guarderias.md": bulletin(
        '"Nuevas guarderías en Chihuahua"',
        date="2025-11-03",
        number='"560/2025"',
        location="Chihuahua",
        tags="[guarderías]",
    ),
    "content/2025/2025-10-14-salud.md": bulletin(
        '"Jornada de salud"', date="2025-10-14", number='"500/2025"', tags="[salud]"
    ),
    "content/2024/2024-12-31-fin-de-anio.md": bulletin(
        '"Balance del año"', date="2024-12-31", location="Ciudad de México"
    ),
    "content/sin-fecha/aviso.md": bulletin('"Aviso sin fecha"', "Un aviso."),
}


def with_corrections() -> dict[str, str]:
    """The small site with its newest bulletin corrected once, on 2025-11-26."""
    files = dict(FILES)
    files["content/2025/2025-11-25-imss-fortalece.md"] = bulletin(
        '"IMSS fortalece la cooperación internacional"',
        "Texto.",
        date="2025-11-25",
        number='"591/2025"',
        location="Ciudad de México",
        tags="[cuidados, guarderías]",
        updated="2025-11-26",
        corrections='[{date: 2025-11-26, note: "Se corrigió la cifra de guarderías."}]',
    )
    return files
