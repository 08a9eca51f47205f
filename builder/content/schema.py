"""The front-matter fields, defined once: the validator checks them and the JSON Schema
for text editors (``schema/bulletin.schema.json``) is generated from them.

Regenerate the published schema after changing a field::

    python -m builder.content.schema > schema/bulletin.schema.json

A test fails if the committed file and this module disagree.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from dataclasses import dataclass
from typing import Any, Literal

from builder.content.model import LINK_KINDS
from builder.core.text import fold

Kind = Literal[
    "text",
    "number",
    "date",
    "moment",
    "text_list",
    "links",
    "corrections",
    "aliases",
    "original",
    "sha256",
    "bool",
]


@dataclass(frozen=True)
class Field:
    """One front-matter key: its name, what kind of value it holds, and what it means."""

    name: str
    kind: Kind
    required: bool
    description: str
    max_length: int | None = None  # of the text, or of each item of a list, in characters
    max_items: int | None = None  # of a list


# Limits on what one bulletin may write (docs/guia-editores.md lists them for editors).
# A title, number or place is copied into every list that shows the bulletin (home, year,
# month, topic and place pages, its neighbours' previous/next and related lists), so its
# length is multiplied by the size of the site: the bounds keep one file from growing the
# site by more than a small multiple of its own size. Each limit is well above what real
# bulletins use: titles of the IMSS samples are under 160 characters (under 300 in any
# archive seen), numbers under 10, places under 60; a bulletin has a handful of tags,
# highlights and links. Every tag and alias is a page of its own, hence the counts.
MAX_TITLE = 400
MAX_NUMBER = 40
MAX_LOCATION = 150
MAX_TAG = 60
MAX_TAGS = 20
MAX_HIGHLIGHT = 1500
MAX_HIGHLIGHTS = 30
MAX_LINKS = 30
MAX_LINK_LABEL = 150
MAX_URL = 2000
MAX_ALIAS = 300
MAX_ALIASES = 20


FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        "text",
        True,
        "Título del boletín, tal como se publicó. Obligatorio.",
        max_length=MAX_TITLE,
    ),
    Field(
        "date",
        "date",
        False,
        "Fecha de publicación, AAAA-MM-DD (por ejemplo 2025-11-25). "
        "Si el boletín no la indica, se omite y se muestra «Fecha no indicada».",
    ),
    Field(
        "number",
        "number",
        False,
        "Número del boletín como aparece tras «No.», p. ej. 591/2025.",
        max_length=MAX_NUMBER,
    ),
    Field(
        "location",
        "text",
        False,
        "Lugar de emisión, p. ej. Ciudad de México.",
        max_length=MAX_LOCATION,
    ),
    Field(
        "highlights",
        "text_list",
        False,
        "Puntos destacados bajo el título, uno por elemento.",
        max_length=MAX_HIGHLIGHT,
        max_items=MAX_HIGHLIGHTS,
    ),
    Field(
        "links",
        "links",
        False,
        "Enlaces a fotos, video, audio o documentos: {label, url, kind}. "
        "La url es http(s)://, mailto: o una ruta del sitio que empiece con «/».",
        max_items=MAX_LINKS,
    ),
    Field(
        "tags",
        "text_list",
        False,
        "Temas del boletín, p. ej. [cuidados, guarderías]; cada uno con letras o números.",
        max_length=MAX_TAG,
        max_items=MAX_TAGS,
    ),
    Field(
        "aliases",
        "aliases",
        False,
        "Direcciones antiguas de esta página (rutas del sitio que empiezan con «/»); "
        "cada una redirige aquí.",
        max_length=MAX_ALIAS,
        max_items=MAX_ALIASES,
    ),
    Field(
        "original",
        "original",
        False,
        "Nombre del documento original (.pdf, .docx, .odt o .doc) que está junto al "
        "archivo .md, sin carpetas, p. ej. 2025-11-25-imss-fortalece.pdf. "
        "Se publica junto al boletín. Sin esta clave, un documento con el mismo nombre que "
        "el .md cuenta como su original.",
    ),
    Field(
        "original_sha256",
        "sha256",
        False,
        "Huella SHA-256 del original al importarlo (la escribe boletines import); "
        "boletines check avisa si el documento cambió.",
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
    Field(
        "label",
        "text",
        False,
        "Texto del botón, p. ej. Fotos. Si falta, se usa la url.",
        max_length=MAX_LINK_LABEL,
    ),
    Field(
        "url",
        "text",
        True,
        "Dirección: http(s)://, mailto: o ruta del sitio que empieza con «/».",
        max_length=MAX_URL,
    ),
    Field(
        "kind", "text", False, "Tipo de enlace: " + ", ".join(LINK_KINDS) + " (por omisión other)."
    ),
)

CONTROL_CHARS = "[\x00-\x08\x0b-\x1f\x7f-\x9f]"
"""Control characters a value may not hold (YAML's ``"\\e"`` and ``"\\x07"`` write them): they
show as nothing or as garbage, and a terminal obeys them. Tabs and line breaks are text."""
INVISIBLE_CHARS = "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
"""Zero-width and bidi characters a number, tag or place may not hold: "591/2025" with a
zero-width space would be another number than the one shown, "Salud" with one another topic."""

_WORD = re.compile("[a-z0-9]")
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


ORIGINAL_SUFFIXES = (".pdf", ".docx", ".odt", ".doc")
"""Documents kept and published as a bulletin's original, in order of preference when a
bulletin has several beside it. Extensions compare without case (".PDF" counts)."""
ORIGINAL_NAME_PATTERN = (
    r"^[^./\\:\x00-\x1f\x7f][^/\\:\x00-\x1f\x7f]*"
    r"\.([pP][dD][fF]|[dD][oO][cC][xX]?|[oO][dD][tT])$"
)
"""A bare file name (no folder, no "..", no scheme, not hidden) with an allowed extension."""
SHA256_PATTERN = r"^[0-9a-fA-F]{64}$"
IDENTITIES = frozenset({"number", "location", "tags"})
"""Fields that name a bulletin (number) or a page (tag, place): no invisible characters."""
ADDRESSED = frozenset({"location", "tags"})
"""Fields that give a page its address (``temas/<slug>/``): they need a letter or digit."""


@functools.cache
def word_characters() -> str:
    """A character class (ECMA-262 and Python) of the characters that give a slug something:
    those that fold to ``a-z`` or ``0-9`` (``builder.core.text.fold``: "É", "ñ", "²", "Ａ"). A tag
    or place matches it exactly when its slug is not empty. Made from Python's Unicode
    tables (about a second), so the published schema is regenerated with a new Python."""
    ranges: list[list[int]] = []
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        if _WORD.search(fold(chr(code))):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    # None of these characters is special in a class ("\\", "]", "^", "-" are not letters).
    parts = (chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)
    return "[" + "".join(parts) + "]"


def _refused(field: Field) -> str:
    """What no value of ``field`` may contain: controls, and in identities invisibles too."""
    return CONTROL_CHARS[:-1] + INVISIBLE_CHARS[1:] if field.name in IDENTITIES else CONTROL_CHARS


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
    elif field.kind == "original":
        schema = {"type": "string", "pattern": ORIGINAL_NAME_PATTERN}
    elif field.kind == "sha256":
        schema = {"type": "string", "pattern": SHA256_PATTERN}
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
    if field.kind in ("text", "number", "text_list", "aliases"):
        target = schema.get("items", schema)
        refused = _refused(field)
        if "not" in target:  # aliases: join what they may not hold already
            refused = f"{target['not']['pattern']}|{refused}"
        target["not"] = {"type": "string", "pattern": refused}  # a number or null: no text
        if field.name in ADDRESSED:
            target["pattern"] = word_characters()
            if field.kind == "text":  # blank (``location: ""``) counts as absent
                target["pattern"] = f"^\\s*$|{target['pattern']}"
    if field.max_length is not None:
        target = schema.get("items", schema)
        target["maxLength"] = field.max_length
    if field.max_items is not None:
        schema["maxItems"] = field.max_items
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
