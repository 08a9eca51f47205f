"""Bulletin text builders shared by the editor tests (imported by name, not via conftest)."""

from __future__ import annotations

SITE_YAML = """\
title: "Archivo de prueba"
language: es
topics:
  cuidados: [cuidado, "sistema nacional de cuidados"]
  guarderías: ["guarder*", CECI]
  personas mayores: ["adultos mayores", "adultas mayores"]
"""


def bulletin(
    title: str = "IMSS inaugura un CECI",
    *,
    date: str | None = "2025-11-25",
    number: str | None = '"591/2025"',
    location: str | None = "Ciudad de México",
    highlights: tuple[str, ...] = (),
    tags: str = "[]",
    draft: bool = False,
    body: str = "El Instituto abrió un centro.\n",
) -> str:
    """The text of a bulletin file, every field on its own line like ``new`` writes them."""
    lines = ["---", f'title: "{title}"']
    lines.append(f"date: {date}" if date else "date:")
    lines.append(f"number: {number}" if number else "number:")
    lines.append(f"location: {location}" if location else "location:")
    if highlights:
        lines.append("highlights:")
        lines.extend(f'  - "{h}"' for h in highlights)
    else:
        lines.append("highlights: []")
    lines += ["links: []", f"tags: {tags}", "aliases: []", f"draft: {str(draft).lower()}", "---"]
    return "\n".join(lines) + "\n\n" + body
