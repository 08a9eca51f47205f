"""``bulletins.json``: every bulletin's metadata, URL and plain text, for researchers.

The shape is described by ``schema/bulletins-export.schema.json`` (JSON Schema 2020-12)
and checked against it in the tests. Bulletins come in the archive's order (newest first,
undated last, ties by path). Keys are sorted and the text is UTF-8 without ``\\u`` escapes
for accented letters, so the file diffs well and reads in any editor; only ``<``, ``>``,
``&`` and the two JavaScript line separators are written as ``\\u`` escapes, so the file
can be pasted into an HTML ``<script>`` element without closing it (``json.loads`` gives
the original characters back).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from builder.content.archive import Archive
from builder.content.model import Bulletin
from builder.core.settings import SiteConfig
from builder.output.writer import Spooled
from builder.render.plaintext import html_to_text
from builder.render.publicurl import is_safe_link, public_url
from builder.render.view import original_path

EXPORT_PATH = "bulletins.json"
FORMAT_VERSION = 1
_SCRIPT_SAFE = (  # str.replace, many times faster than str.translate on long text
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NEEDS_ESCAPE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def render_export(
    archive: Archive, config: SiteConfig, bodies: Mapping[str, str]
) -> dict[str, bytes]:
    """``{"bulletins.json": ...}``; ``bodies`` maps each ``slug_path`` to its sanitised HTML."""
    return {EXPORT_PATH: b"".join(export_chunks(archive, config, bodies))}


def write_export(
    archive: Archive, config: SiteConfig, bodies: Mapping[str, str], folder: Path
) -> dict[str, Spooled]:
    """The export written into a new file in ``folder`` (for the writer to link), record
    by record: only one record's text is in memory at a time, where the whole document
    took 6 times the file's size (a 60 MB file at 10,000 bulletins)."""
    return _spooled(folder, export_chunks(archive, config, bodies))


def joined_export(
    archive: Archive, config: SiteConfig, parts: Sequence[Path], folder: Path
) -> dict[str, Spooled]:
    """The export of an archive whose records were written, in the archive's order, into
    the files ``parts`` by :func:`record_chunk` (by the render workers, beside each page),
    joined into a new file in ``folder``."""

    def chunks() -> Iterator[bytes]:
        yield _HEAD
        for part in parts:
            with open(part, "rb") as records:
                while block := records.read(1024 * 1024):
                    yield block
        yield _tail(archive, config)

    return _spooled(folder, chunks())


def _spooled(folder: Path, chunks: Iterable[bytes]) -> dict[str, Spooled]:
    fd, name = tempfile.mkstemp(prefix="export-", suffix=".json", dir=folder)
    os.fchmod(fd, 0o644)  # as the writer makes files (mkstemp makes them 0600)
    with os.fdopen(fd, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return {EXPORT_PATH: Spooled(Path(name))}


def export_chunks(
    archive: Archive, config: SiteConfig, bodies: Mapping[str, str]
) -> Iterator[bytes]:
    """The bytes of the document ``dump_json`` makes of the whole export, one bulletin's
    record at a time (:func:`record_chunk`)."""
    if not archive.bulletins:
        yield dump_json({"bulletins": [], **_rest(archive, config)})
        return
    yield _HEAD
    for i, bulletin in enumerate(archive.bulletins):
        yield record_chunk(bulletin, config, bodies[bulletin.slug_path], i)
    yield _tail(archive, config)


def record_chunk(bulletin: Bulletin, config: SiteConfig, body: str, index: int) -> bytes:
    """The ``index``-th record of the export as it is in the file, with the comma before
    it: dumped alone and indented to its depth (JSON strings hold no raw newline, so every
    newline of a record starts one of its lines)."""
    record = _record(bulletin, config, body)
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1)
    return _script_safe(("  " if index == 0 else ",\n  ") + text.replace("\n", "\n  "))


_HEAD = b'{\n "bulletins": [\n'


def _rest(archive: Archive, config: SiteConfig) -> dict[str, Any]:
    return {
        "count": len(archive.bulletins),
        "site": {"title": config.title, "url": public_url(config), "language": config.language},
        "version": FORMAT_VERSION,
    }


def _tail(archive: Archive, config: SiteConfig) -> bytes:
    tail = json.dumps(_rest(archive, config), ensure_ascii=False, sort_keys=True, indent=1)
    return _script_safe("\n ],\n" + tail[2:] + "\n")  # the tail without its "{\n"


def _record(bulletin: Bulletin, config: SiteConfig, body: str) -> dict[str, Any]:
    return {
        "path": bulletin.slug_path,
        "url": public_url(config, bulletin.url_path),
        "title": bulletin.title,
        "number": bulletin.number,
        "date": bulletin.date.isoformat() if bulletin.date else None,
        "updated": bulletin.updated.isoformat() if bulletin.updated else None,
        "corrections": [{"date": c.date.isoformat(), "note": c.note} for c in bulletin.corrections],
        "location": bulletin.location,
        "highlights": list(bulletin.highlights),
        "links": [
            {"label": link.label, "url": link.url, "kind": link.kind}
            for link in bulletin.links
            if is_safe_link(link.url)  # the loader refuses others; never pass one on
        ],
        "tags": list(dict.fromkeys(bulletin.tags)),
        "original": _original(bulletin, config),
        "text": html_to_text(body),
    }


def _original(bulletin: Bulletin, config: SiteConfig) -> dict[str, Any] | None:
    """Where the original document is published, its size in bytes and its SHA-256, so a
    reader can check that a copy is the one published."""
    original, path = bulletin.original, original_path(bulletin)
    if original is None or path is None:
        return None
    return {
        "url": public_url(config, path),
        "name": original.name,
        "size": original.size,
        "sha256": original.sha256,
    }


def dump_json(document: object) -> bytes:
    """Deterministic, readable, script-safe JSON ending in a newline."""
    return _script_safe(json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n")


def _script_safe(text: str) -> bytes:
    if _NEEDS_ESCAPE.search(text):  # one pass over the megabytes instead of six
        text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)  # not encodable
        for char, escaped in _SCRIPT_SAFE:
            text = text.replace(char, escaped)
    return text.encode("utf-8")
