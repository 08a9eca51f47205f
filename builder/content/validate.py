"""Checking a parsed front matter against :data:`builder.content.schema.FIELDS`.

Every problem in a file is reported, each at the line of its key or list item; values
that pass come back normalised (stripped text, ``datetime.date``, tuples, ``Link``).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from builder.content.model import LINK_KINDS, Correction, Link
from builder.content.schema import (
    ALIAS_FORBIDDEN,
    ALIAS_PATTERN,
    BY_NAME,
    CORRECTION_FIELDS,
    FIELDS,
    LINK_FIELDS,
    LINK_URL_PATTERN,
    ORIGINAL_NAME_PATTERN,
    ORIGINAL_SUFFIXES,
    SHA256_PATTERN,
)
from builder.content.values import (
    Validator,
    check_bool,
    check_date,
    check_moment,
    check_number,
    check_text,
    check_text_list,
    counted,
    date_at,
    fits,
    not_text,
)
from builder.core.errors import Diagnostic, error
from builder.core.yamlerrors import show_value, unknown_key
from builder.core.yamlsafe import YamlDocument

MAX_NAME_BYTES = 255
"""Longest file or folder name most file systems take (ext4, APFS, NTFS: 255)."""
_LINK_URL = re.compile(LINK_URL_PATTERN)
_ALIAS = re.compile(ALIAS_PATTERN)
_ALIAS_FORBIDDEN = re.compile(ALIAS_FORBIDDEN)
_ORIGINAL_NAME = re.compile(ORIGINAL_NAME_PATTERN)
_SHA256 = re.compile(SHA256_PATTERN)
_NOT_BARE = re.compile(r"[/\\:\x00-\x1f\x7f]")
_LINK_KEYS = [field.name for field in LINK_FIELDS]
_LINK_BY_NAME = {field.name: field for field in LINK_FIELDS}
_CORRECTION_KEYS = [field.name for field in CORRECTION_FIELDS]


def _aliases(key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]) -> Any:
    found = len(out)
    items = check_text_list(key, value, doc, path, out)
    if len(out) > found:
        return ()
    good = []
    for index, alias in enumerate(items):
        line = doc.line(key, index)
        if not alias_is_safe(alias):
            out.append(error(path, line, "content.bad_alias", value=show_value(alias)))
            continue
        # Each part is a folder or file name on disk (decoded, as a server looks it up).
        longest = max(len(p.encode("utf-8", "surrogatepass")) for p in unquote(alias).split("/"))
        if longest > MAX_NAME_BYTES:
            out.append(
                error(
                    path,
                    line,
                    "content.alias_part_too_long",
                    value=show_value(alias),
                    length=longest,
                    limit=MAX_NAME_BYTES,
                )
            )
            continue
        good.append(alias)
    return tuple(good)


def alias_is_safe(alias: str) -> bool:
    """A site-relative path with no way out of the site: no ``..``, scheme or backslash."""
    if not _ALIAS.fullmatch(alias) or _ALIAS_FORBIDDEN.search(alias):
        return False
    # "/%2e%2e/" is "/../" to a web server: the decoded path must be safe too.
    decoded = unquote(alias)
    return decoded == alias or alias_is_safe(decoded)


def link_url_is_safe(url: str) -> bool:
    """http(s) with a host, mailto:, or a site-relative path (not ``//host``)."""
    return bool(_LINK_URL.fullmatch(url)) and "\\" not in url


def _links(key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]) -> Any:
    if not isinstance(value, list):
        out.append(error(path, doc.line(key), "content.links_type", value=show_value(value)))
        return ()
    if not counted(key, value, doc, path, out):
        return ()
    links = []
    for index, item in enumerate(value):
        line = doc.line(key, index)
        number = index + 1
        if not isinstance(item, dict):
            out.append(
                error(path, line, "content.link_not_mapping", index=number, value=show_value(item))
            )
            continue
        before = len(out)
        for name in item:
            if name not in _LINK_KEYS:
                out.append(
                    unknown_key(
                        path,
                        doc.line(key, index, name),
                        name,
                        _LINK_KEYS,
                        "content.link",
                        index=number,
                    )
                )
        url = item.get("url")
        if url is None:
            out.append(error(path, line, "content.link_missing_url", index=number))
        elif not isinstance(url, str):
            out.append(not_text("url", url, doc.line(key, index, "url"), path))
        elif not fits(
            url, "url", _LINK_BY_NAME["url"].max_length, doc.line(key, index, "url"), path, out
        ):
            pass
        elif not link_url_is_safe(url.strip()):
            out.append(
                error(
                    path,
                    doc.line(key, index, "url"),
                    "content.link_bad_url",
                    index=number,
                    value=show_value(url),
                )
            )
        label = item.get("label")
        if label is not None and not isinstance(label, str):
            out.append(not_text("label", label, doc.line(key, index, "label"), path))
        elif label is not None:
            limit = _LINK_BY_NAME["label"].max_length
            fits(label, "label", limit, doc.line(key, index, "label"), path, out)
        kind = item.get("kind", "other")
        if kind is None:
            kind = "other"
        if not isinstance(kind, str) or kind.strip() not in LINK_KINDS:
            out.append(
                error(
                    path,
                    doc.line(key, index, "kind"),
                    "content.link_bad_kind",
                    index=number,
                    value=show_value(kind),
                    allowed=", ".join(LINK_KINDS),
                )
            )
        if len(out) == before:
            url = url.strip()
            links.append(Link(label=(label or "").strip() or url, url=url, kind=kind.strip()))
    return tuple(links)


def _original(key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]) -> Any:
    if not isinstance(value, str):
        out.append(not_text(key, value, doc.line(key), path))
        return None
    name = value.strip()
    if not name:
        return None
    if _ORIGINAL_NAME.fullmatch(name):
        return name
    if not _NOT_BARE.search(name) and not name.startswith("."):
        out.append(
            error(
                path,
                doc.line(key),
                "content.original_bad_suffix",
                value=show_value(name),
                allowed=", ".join(ORIGINAL_SUFFIXES),
            )
        )
        return None
    bare = _NOT_BARE.split(name)[-1]
    hint = bare if _ORIGINAL_NAME.fullmatch(bare) else "2025-11-25-titulo-del-boletin.pdf"
    out.append(
        error(path, doc.line(key), "content.original_not_bare", value=show_value(name), hint=hint)
    )
    return None


def _sha256(key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]) -> Any:
    if isinstance(value, str) and _SHA256.fullmatch(value.strip()):
        return value.strip().lower()
    out.append(error(path, doc.line(key), "content.bad_sha256", key=key, value=show_value(value)))
    return None


def _corrections(key: str, value: Any, doc: YamlDocument, path: str, out: list[Diagnostic]) -> Any:
    if not isinstance(value, list):
        out.append(error(path, doc.line(key), "content.corrections_type", value=show_value(value)))
        return ()
    found = []
    for index, item in enumerate(value):
        number = index + 1
        if not isinstance(item, dict):
            out.append(
                error(
                    path,
                    doc.line(key, index),
                    "content.correction_not_mapping",
                    index=number,
                    value=show_value(item),
                )
            )
            continue
        before = len(out)
        for name in item:
            if name not in _CORRECTION_KEYS:
                where = doc.line(key, index, name)
                out.append(
                    unknown_key(
                        path, where, name, _CORRECTION_KEYS, "content.correction", index=number
                    )
                )
        for name in _CORRECTION_KEYS:
            if item.get(name) is None:
                out.append(
                    error(
                        path,
                        doc.line(key, index),
                        "content.correction_missing",
                        index=number,
                        key=name,
                    )
                )
        when = item.get("date")
        if when is not None:
            when = date_at(f"{key}.date", when, doc.line(key, index, "date"), path, out)
        note = item.get("note")
        if note is not None:
            if not isinstance(note, str):
                out.append(not_text("note", note, doc.line(key, index, "note"), path))
            elif not note.strip():
                out.append(
                    error(path, doc.line(key, index, "note"), "content.empty_field", key="note")
                )
        if len(out) == before:
            found.append(Correction(when, note.strip()))
    return tuple(found)


VALIDATORS: dict[str, Validator] = {
    "text": check_text,
    "number": check_number,
    "date": check_date,
    "moment": check_moment,
    "corrections": _corrections,
    "text_list": check_text_list,
    "links": _links,
    "aliases": _aliases,
    "original": _original,
    "sha256": _sha256,
    "bool": check_bool,
}


def validate_front_matter(doc: YamlDocument, path: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The checked fields of a parsed front matter, and every problem with it.

    A key given without a value (``location:``) counts as absent.
    """
    out: list[Diagnostic] = []
    data = doc.value
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, [error(path, doc.line() or 1, "content.not_mapping", value=show_value(data))]
    fields: dict[str, Any] = {}
    hinted: set[object] = set()
    for key, value in data.items():
        field = BY_NAME.get(key)
        if field is None:
            found = unknown_key(path, doc.line(key), key, list(BY_NAME), "content")
            hinted.add(found.args.get("suggestion"))
            out.append(found)
        elif value is not None:
            checked = VALIDATORS[field.kind](key, value, doc, path, out)
            if checked is not None:
                fields[key] = checked
    out.extend(_dates_in_order(fields, doc, path))
    for field in FIELDS:
        # `tittle: ...` already says "did you mean title?"; "title is missing" adds nothing.
        if field.required and fields.get(field.name) is None and field.name not in hinted:
            given = data.get(field.name)
            if isinstance(given, str) and not given.strip():
                out.append(error(path, doc.line(field.name), "content.empty_field", key=field.name))
            elif field.name not in data or given is None:
                out.append(error(path, doc.line() or 1, "content.missing_field", key=field.name))
    return fields, out


CROSS_FIELD = frozenset(
    {
        "content.updated_before_date",
        "content.correction_before_date",
        "content.updated_before_correction",
    }
)
"""Codes of problems between two fields, which a JSON Schema cannot express."""


def _dates_in_order(fields: dict[str, Any], doc: YamlDocument, path: str) -> list[Diagnostic]:
    """A correction comes after publication, and ``updated`` is the latest correction.
    ``updated`` may be left out when ``corrections`` says it: it is then the latest one's."""
    out: list[Diagnostic] = []
    date, updated = fields.get("date"), fields.get("updated")
    corrections: tuple[Correction, ...] = fields.get("corrections", ())
    if date is not None and updated is not None and updated < date:
        out.append(
            error(
                path,
                doc.line("updated"),
                "content.updated_before_date",
                updated=updated.isoformat(),
                date=date.isoformat(),
            )
        )
    for index, correction in enumerate(corrections):
        line = doc.line("corrections", index, "date")
        shown = correction.date.isoformat()
        if date is not None and correction.date < date:
            out.append(
                error(
                    path,
                    line,
                    "content.correction_before_date",
                    index=index + 1,
                    value=shown,
                    date=date.isoformat(),
                )
            )
        elif updated is not None and updated < correction.date:
            out.append(
                error(
                    path,
                    doc.line("updated"),
                    "content.updated_before_correction",
                    index=index + 1,
                    value=shown,
                    updated=updated.isoformat(),
                )
            )
    if corrections and updated is None and not out:
        fields["updated"] = max(c.date for c in corrections)
    return out
