"""The checks of single front-matter values: text, numbers, dates, moments, lists of
text, yes/no. Each reports a problem at its key's line and returns the value normalised
(or None), for :mod:`builder.content.validate` to assemble."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from builder.content.schema import (
    ADDRESSED,
    BY_NAME,
    CONTROL_CHARS,
    IDENTITIES,
    INVISIBLE_CHARS,
    MOMENT_PATTERN,
)
from builder.core.dates import guess_date
from builder.core.errors import Diagnostic, error, warning
from builder.core.text import slugify
from builder.core.yamlerrors import show_value
from builder.core.yamlsafe import YamlDocument

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_MOMENT = re.compile(MOMENT_PATTERN)


_CONTROL = re.compile(CONTROL_CHARS)


_INVISIBLE = re.compile(INVISIBLE_CHARS)


# Word turns "..." into “...” as one types; YAML does not read those as quotes, so they
# would be published as part of the value (and "591/2025" would not equal “591/2025”).
# One quoted whole only: “Cuidar” es “trabajo” is text that quotes, not a quoted value.
_CURLY_QUOTED = re.compile(r"^(?:[“”„][^“”„]*[“”]|[‘’‚][^‘’‚]*[‘’])$", re.DOTALL)


Validator = Callable[[str, Any, YamlDocument, str, list[Diagnostic]], Any]


def not_text(key: str, value: Any, line: int | None, path: str) -> Diagnostic:
    """The problem with a value that should be text, at ``line`` (``key`` as the editor
    wrote it, inside a list item too)."""
    return error(path, line, "yaml.type.string", key=key, value=show_value(value))


def check_text(key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]) -> Any:
    if not isinstance(value, str):
        out.append(not_text(key, value, doc.line(key), path))
        return None
    _check_quotes(value, key, doc.line(key), path, out)
    text = value.strip()
    if text and not fits(value, key, BY_NAME[key].max_length, doc.line(key), path, out):
        return None
    return text or None


def fits(
    value: str, key: str, limit: int | None, line: int | None, path: str, out: list[Diagnostic]
) -> bool:
    """Whether ``value`` (of ``key``) holds no control character, nor, in a number, tag or
    place, an invisible one, and is short enough once stripped; if not, says why. (Python's
    ``strip`` removes U+001C-U+001F too: they are looked for before it.)"""
    text = value.strip()
    found = _CONTROL.search(value) or (_INVISIBLE.search(value) if key in IDENTITIES else None)
    if found is not None:
        code = "content.control_char" if _CONTROL.match(found.group()) else "content.invisible_char"
        char = f"U+{ord(found.group()):04X}"
        out.append(error(path, line, code, key=key, char=char, position=found.start() + 1))
        return False
    if limit is not None and len(text) > limit:
        out.append(error(path, line, "content.too_long", key=key, length=len(text), limit=limit))
        return False
    if key in ADDRESSED and not slugify(text):
        out.append(error(path, line, "content.no_words", key=key, value=show_value(text)))
        return False
    return True


def counted(
    key: str, value: list[Any], doc: YamlDocument, path: str, out: list[Diagnostic]
) -> bool:
    """Whether the list ``value`` of ``key`` has no more items than its field allows."""
    limit = BY_NAME[key].max_items
    if limit is not None and len(value) > limit:
        out.append(
            error(path, doc.line(key), "content.too_many", key=key, count=len(value), limit=limit)
        )
        return False
    return True


def _check_quotes(value: str, key: str, line: int | None, path: str, out: list[Diagnostic]) -> None:
    text = value.strip()
    if len(text) > 1 and _CURLY_QUOTED.match(text):
        out.append(warning(path, line, "content.curly_quotes", key=key, value=text))


def check_number(key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]) -> Any:
    # An unquoted `number: 591` is an int to YAML; it is the same bulletin number.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return check_text(key, value, doc, path, out)


def check_date(key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]) -> Any:
    return date_at(key, value, doc.line(key), path, out)


def date_at(key: str, value: Any, line: int | None, path: str, out: list[Diagnostic]) -> Any:
    """``value`` as a date, or an error at ``line`` that names ``key``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = value.strip() if isinstance(value, str) else None
    if text is not None and _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            out.append(error(path, line, "content.impossible_date", value=text))
            return None
    guess = guess_date(text) if text else None
    if guess is not None:
        out.append(
            error(
                path,
                line,
                "content.bad_date_hint",
                key=key,
                value=text,
                suggestion=guess.isoformat(),
            )
        )
        return None
    out.append(error(path, line, "content.bad_date", key=key, value=show_value(value)))
    return None


def check_moment(key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]) -> Any:
    """A publication time: a YAML timestamp, a date (its midnight), or ISO 8601 text;
    without an offset it is the site's local time (see :mod:`builder.content.schedule`)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = value.strip() if isinstance(value, str) else None
    if text is not None and _MOMENT.fullmatch(text):
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            out.append(error(path, doc.line(key), "content.impossible_moment", value=text))
            return None
    out.append(error(path, doc.line(key), "content.bad_publish", value=show_value(value)))
    return None


def check_text_list(
    key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]
) -> Any:
    if not isinstance(value, list):
        out.append(
            error(
                path, doc.line(key), "yaml.type.list_of_strings", key=key, value=show_value(value)
            )
        )
        return ()
    if not counted(key, value, doc, path, out):
        return ()
    limit = BY_NAME[key].max_length
    items = []
    for index, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            line = doc.line(key, index)
            if key == "tags":  # a highlight may well be a quotation: “Cuidar es ...”
                _check_quotes(item, key, line, path, out)
            if fits(item, key, limit, line, path, out):
                items.append(item.strip())
        else:
            out.append(
                error(
                    path,
                    doc.line(key, index),
                    "yaml.type.list_item_string",
                    key=key,
                    index=index + 1,
                    value=show_value(item),
                )
            )
    return tuple(items)


def check_bool(key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]) -> Any:
    if not isinstance(value, bool):
        out.append(error(path, doc.line(key), "yaml.type.bool", key=key, value=show_value(value)))
        return False
    return value
