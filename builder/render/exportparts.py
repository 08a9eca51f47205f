"""Rebuilding ``bulletins.json`` from the previous one: only changed bulletins' records
are made again, each by :func:`builder.render.export.render_export` on that bulletin alone.

The export is indented JSON with sorted keys (one space per level), so its text has a
newline only where indentation puts one: JSON strings escape theirs. A record is then
exactly the text from a line ``  {`` to the next line ``  }`` (two spaces: the depth of
the ``bulletins`` list; a record's own lists and objects sit deeper), records are joined
by ``,\\n``, and the document is::

    {\\n "bulletins": [\\n<records>\\n ],\\n "count": <n>,\\n "site": ...

A record's text does not depend on its neighbours or its position, and the escaping the
export applies (``<``, ``>``, ``&``, line separators, lone surrogates) is character by
character, so records cut from one document and joined into another give the bytes a
whole render would. When a document does not have that shape (a different format, an
empty list) these functions return None and the build renders the export whole.
"""

from __future__ import annotations

import re

_OPEN = b'{\n "bulletins": [\n'
_CLOSE = b'\n ],\n "count": '
_BETWEEN = b"\n  },\n  {\n"
_COUNT = re.compile(rb"\d+")


def split(document: bytes) -> tuple[list[bytes], bytes] | None:
    """The records of an export, in order, and what follows them (count, site, version).
    A record is given without its first line ``  {`` and last line ``  }``, which every
    record has: :func:`join` puts them back."""
    if not document.startswith(_OPEN):
        return None
    end = document.find(_CLOSE)
    if end < 0 or document.find(_CLOSE, end + 1) >= 0:
        return None
    blob = document[len(_OPEN) : end]
    if not (blob.startswith(b"  {\n") and blob.endswith(b"\n  }")):
        return None
    return blob[len(b"  {\n") : -len(b"\n  }")].split(_BETWEEN), document[end:]


def join(records: list[bytes], tail: bytes) -> bytes | None:
    """The export of ``records`` (in order), with ``tail`` from an export of the same site
    and its count replaced by theirs."""
    if not records or not tail.startswith(_CLOSE):
        return None
    count = _COUNT.match(tail, len(_CLOSE))
    if count is None:
        return None
    new_tail = _CLOSE + str(len(records)).encode() + tail[count.end() :]
    return b"".join((_OPEN, b"  {\n", _BETWEEN.join(records), b"\n  }", new_tail))
