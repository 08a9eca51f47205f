"""The front-matter fields, defined once: the validator checks them and the JSON Schema
for text editors (``schema/bulletin.schema.json``) is generated from them.

Regenerate the published schema after changing a field::

    python -m builder.content.schema > schema/bulletin.schema.json

A test fails if the committed file and this module disagree.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any, Literal

from builder.model import LINK_KINDS

Kind = Literal[
    "text", "number", "date", "moment", "text_list", "links", "corrections", "aliases", "bool"
]


@dataclass(frozen=True)
class Field:
    """One front-matter key: its name, what kind of value it holds, and what it means."""

    name: str
    kind: Kind
    required: bool
    description: str


FIELDS: tuple[Field, ...] = (
    Field("title", "text", True, "Título del boletín, tal como se publicó. Obligatorio."),
    Field(
        "date",
        "date",
        False,
        "Fecha de publicación, AAAA-MM-DD (por ejemplo 2025-11-25). "
        "Si el boletín no la indica, se omite y se muestra «Fecha no indicada».",
    ),
    Field(
        "number", "number", False, "Número del boletín como aparece tras «No.», p. ej. 591/2025."
    ),
    Field("location", "text", False, "Lugar de emisión, p. ej. Ciudad de México."),
    Field("highlights", "text_list", False, "Puntos destacados bajo el título, uno por elemento."),
    Field(
        "links",
        "links",
        False,
        "Enlaces a fotos, video, audio o documentos: {label, url, kind}. "
        "La url es http(s)://, mailto: o una ruta del sitio que empiece con «/».",
    ),
    Field("tags", "text_list", False, "Temas del boletín, p. ej. [cuidados, guarderías]."),
    Field(
        "aliases",
        "aliases",
        False,
        "Direcciones antiguas de esta página (rutas del sitio que empiezan con «/»); "
        "cada una redirige aquí.",
    ),
    Field(
        "updated",
        "date",
        False,
        "Fecha de la última corrección tras publicar, AAAA-MM-DD; no anterior a «date». "
        "La página muestra «Actualizado el ...».",
    ),
    Field(
        "corrections",
        "corrections",
        False,
        "Notas de lo corregido, cada una {date, note}: "
        '- {date: 2025-11-26, note: "Se corrigió la cifra de guarderías."}.',
    ),
    Field(
        "publish",
        "moment",
        False,
        "Publicación programada: fecha y hora desde la que el boletín aparece en el sitio, "
        "como 2025-11-26T09:00:00-06:00, o 2025-11-26 09:00 en la zona horaria del sitio "
        "(«timezone» en site.yaml). Sin este campo, un boletín con fecha futura aparece "
        "ese día a las 00:00.",
    ),
    Field("draft", "bool", False, "true para no publicar todavía el boletín (borrador)."),
)

BY_NAME: dict[str, Field] = {field.name: field for field in FIELDS}

LINK_FIELDS: tuple[Field, ...] = (
    Field("label", "text", False, "Texto del botón, p. ej. Fotos. Si falta, se usa la url."),
    Field(
        "url", "text", True, "Dirección: http(s)://, mailto: o ruta del sitio que empieza con «/»."
    ),
    Field(
        "kind", "text", False, "Tipo de enlace: " + ", ".join(LINK_KINDS) + " (por omisión other)."
    ),
)

CORRECTION_FIELDS: tuple[Field, ...] = (
    Field("date", "date", True, "Fecha de la corrección, AAAA-MM-DD."),
    Field("note", "text", True, "Qué se corrigió, en una frase."),
)

_VISIBLE = r"[^\s\x00-\x1f\x7f]"
# Written without inline flags so that the same pattern works in JSON Schema (ECMA-262).
_HTTP = r"[hH][tT][tT][pP][sS]?://[^\s\x00-\x1f\x7f/?#]+"
_MAILTO = r"[mM][aA][iI][lL][tT][oO]:"
LINK_URL_PATTERN = rf"^({_HTTP}{_VISIBLE}*|{_MAILTO}{_VISIBLE}+|/(?![/\\]){_VISIBLE}*)$"
_DAY = r"\d{4}-\d{2}-\d{2}"
_TIME = r"[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
MOMENT_PATTERN = rf"^{_DAY}({_TIME})?$"
"""A date, or a date and time with an optional offset (ISO 8601, as YAML writes them)."""
ALIAS_PATTERN = r"^/(?![/\\])[^\s\x00-\x1f\x7f\\?#]*$"
ALIAS_FORBIDDEN = r"(^|/)\.{1,2}(/|$)|//|^/$"
"""What an alias that matches ALIAS_PATTERN still must not contain: ``.``/``..`` segments,
empty segments, or be the site's root (the home page is no alias)."""


def _property(field: Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if field.kind == "text":
        schema = {"type": "string", "pattern": r"\S"} if field.required else {"type": "string"}
    elif field.kind == "number":
        schema = {"type": ["string", "integer"]}
    elif field.kind == "date":
        schema = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    elif field.kind == "moment":
        # A date alone is checked as a calendar date; a time needs no library's format check.
        schema = {
            "type": "string",
            "anyOf": [
                {"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                {"pattern": rf"^{_DAY}{_TIME}$"},
            ],
        }
    elif field.kind == "text_list":
        schema = {"type": "array", "items": {"type": "string", "pattern": r"\S"}}
    elif field.kind == "aliases":
        item = {"type": "string", "pattern": ALIAS_PATTERN, "not": {"pattern": ALIAS_FORBIDDEN}}
        schema = {"type": "array", "items": item}
    elif field.kind == "links":
        link_properties = {item.name: _property(item) for item in LINK_FIELDS}
        link_properties["url"]["pattern"] = LINK_URL_PATTERN
        link_properties["kind"] = {**link_properties["kind"], "enum": [*LINK_KINDS, None]}
        schema = {
            "type": "array",
            "items": {
                "type": "object",
                "properties": link_properties,
                "required": [item.name for item in LINK_FIELDS if item.required],
                "additionalProperties": False,
            },
        }
    elif field.kind == "corrections":
        schema = {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {item.name: _property(item) for item in CORRECTION_FIELDS},
                "required": [item.name for item in CORRECTION_FIELDS],
                "additionalProperties": False,
            },
        }
    elif field.kind == "bool":
        schema = {"type": "boolean"}
    else:  # pragma: no cover - Kind is closed
        raise ValueError(f"unknown field kind {field.kind!r}")
    if not field.required:
        # `location:` with no value is allowed and means the field is absent.
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        schema["type"] = [*kinds, "null"]
    schema["description"] = field.description
    return schema


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a bulletin's front matter, for editors' tooling."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Boletín: encabezado (front matter)",
        "description": "Campos del encabezado YAML de un boletín en content/. "
        "Generado por builder/content/schema.py; no editar a mano.",
        "type": "object",
        "properties": {field.name: _property(field) for field in FIELDS},
        "required": [field.name for field in FIELDS if field.required],
        "additionalProperties": False,
    }


def render_json_schema() -> str:
    """The published file's exact text: stable key order, UTF-8, trailing newline."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_json_schema())
