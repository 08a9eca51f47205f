"""The one writer of a bulletin file: front matter in a fixed order, then the body.

Every command that creates a bulletin (``import``, ``new``) goes through
:func:`dump_bulletin`, so files look the same whoever made them and the same fields
always give the same bytes. Strings are written so that ``yaml.safe_load`` gives them
back exactly: values that could be read as something else (numbers, dates, ``yes``,
``null``, text with ``: `` or ``#``, leading or trailing spaces, control characters) are
double-quoted with YAML escapes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

FIELD_ORDER = (
    "title",
    "date",
    "number",
    "location",
    "highlights",
    "links",
    "tags",
    "aliases",
    "original",
    "original_sha256",
    "draft",
)
ALWAYS_WRITTEN = ("title", "date", "number", "location", "highlights", "links", "tags")
"""Written even when empty, so an editor sees which fields there are to fill."""

QUOTED_FIELDS = frozenset({"title", "number"})
"""Always double-quoted: titles and numbers ("591/2025") are easy to misread as YAML."""

# Plain (unquoted) scalars we allow: words, spaces and harmless punctuation, starting with
# a letter. Anything else is double-quoted.
_PLAIN = re.compile(r"[^\W\d_][\w .,'()/-]*", re.UNICODE)
_PLAIN_RESERVED = frozenset(
    {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
)

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\0": "\\0",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _needs_escape(char: str) -> bool:
    code = ord(char)
    if char in _ESCAPES:
        return True
    # Outside YAML's printable set, or a BOM / noncharacter the reader may treat specially.
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or code in (0xFEFF, 0xFFFE, 0xFFFF)
    )


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that loads back unchanged."""
    return '"' + "".join(_escape(c) if _needs_escape(c) else c for c in text) + '"'


def scalar(text: str, flow: bool = False) -> str:
    """Plain when that is unambiguous (``Ciudad de México``), else double-quoted.

    In flow context (``[a, b]``, ``{k: v}``) a comma would end the value, so it quotes."""
    if (
        _PLAIN.fullmatch(text)
        and not (flow and "," in text)
        and text == text.strip()
        and "  " not in text
        and text.lower() not in _PLAIN_RESERVED
    ):
        return text
    return quote(text)


def _string(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"front matter {key!r} must be a string, got {type(value).__name__}")
    return value


def _flow_list(values: Sequence[Any], key: str) -> str:
    return "[" + ", ".join(scalar(_string(v, key), flow=True) for v in values) + "]"


def _link(link: Any) -> str:
    if isinstance(link, Mapping):
        label, url, kind = link.get("label"), link.get("url"), link.get("kind", "other")
    else:
        label, url, kind = link.label, link.url, link.kind
    return (
        f"{{label: {scalar(_string(label, 'links.label'), flow=True)}, "
        f"url: {quote(_string(url, 'links.url'))}, "
        f"kind: {scalar(_string(kind, 'links.kind'), flow=True)}}}"
    )


def _lines(key: str, value: Any) -> list[str]:
    if key == "date":
        if value is None:
            return ["date:"]
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise TypeError(f"front matter 'date' must be a datetime.date, got {value!r}")
        return [f"date: {value.isoformat()}"]
    if key == "draft":
        if not isinstance(value, bool):
            raise TypeError(f"front matter 'draft' must be a bool, got {value!r}")
        return [f"draft: {'true' if value else 'false'}"]
    if key in ("tags", "aliases"):
        return [f"{key}: {_flow_list(value or (), key)}"]
    if key == "highlights":
        items = list(value or ())
        if not items:
            return ["highlights: []"]
        return ["highlights:"] + [f"  - {quote(_string(item, key))}" for item in items]
    if key == "links":
        links = list(value or ())
        if not links:
            return ["links: []"]
        return ["links:"] + [f"  - {_link(link)}" for link in links]
    if value is None or value == "":
        return [f"{key}:"]
    text = _string(value, key)
    return [f"{key}: {quote(text) if key in QUOTED_FIELDS else scalar(text)}"]


def dump_front_matter(fields: Mapping[str, Any]) -> str:
    """The YAML between the ``---`` lines, keys in :data:`FIELD_ORDER`, no trailing newline."""
    unknown = set(fields) - set(FIELD_ORDER)
    if unknown:
        raise ValueError(f"unknown front matter keys: {sorted(unknown)}")
    title = fields.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("front matter needs a non-empty 'title'")
    lines: list[str] = []
    for key in FIELD_ORDER:
        if key in fields or key in ALWAYS_WRITTEN:
            lines.extend(_lines(key, fields.get(key)))
    return "\n".join(lines)


def dump_bulletin(fields: Mapping[str, Any], body: str) -> str:
    """A whole bulletin file: ``---``, front matter, ``---``, a blank line, the body.

    The body's surrounding blank lines are normalised and it ends with one newline, so
    the same fields and body always give the same bytes.
    """
    text = f"---\n{dump_front_matter(fields)}\n---\n"
    body = body.replace("\r\n", "\n").strip("\n")
    return f"{text}\n{body}\n" if body.strip() else text
