"""Make Pagefind's bundle byte-identical from one build to the next.

Pagefind 1.5.2 writes the filter index from a hash map, so the order of filter values
(and with it the filter file's name, the metadata file that names it and the entry file
that names that) changes from run to run even when the site does not (Pagefind issue
#638: fragments became stable in 1.3, "filter/metadata indexes" did not). The project
promises that the same input gives the same output, so after indexing this module
rewrites those three files in a canonical form: filter values sorted, files named by a
hash of their content, gzip without a timestamp. Nothing else in the bundle is touched.

The files are ``pagefind_dcd`` + CBOR, gzipped; the small CBOR codec below covers what
Pagefind writes (integers, strings, byte strings, arrays, maps).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
# Positions in the metadata record (pagefind's MetaIndex, serialised as an array):
# version, pages, index chunks, filters [(name, file hash)], sorts, meta fields.
META_CHUNKS = 2
META_FILTERS = 3


class CborMap(list):
    """A CBOR map kept as a list of (key, value) pairs, in the order read."""


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise ValueError(f"integer too large for CBOR: {value}")


def cbor_encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        return bytes([0xF5 if value is True else 0xF4 if value is False else 0xF6])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, CborMap):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_encode(item) for item in value)
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


def cbor_decode(data: bytes) -> Any:
    value, end = _decode(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} bytes after the CBOR value")
    return value


def _decode(data: bytes, i: int) -> tuple[Any, int]:
    initial = data[i]
    major, extra = initial >> 5, initial & 31
    i += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if extra in simple:
            return simple[extra], i
        raise ValueError(f"unsupported CBOR simple value {extra}")
    if extra < 24:
        count = extra
    elif extra <= 27:
        size = 1 << (extra - 24)
        count = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise ValueError(f"unsupported CBOR length encoding {extra}")
    if major == 0:
        return count, i
    if major == 1:
        return -1 - count, i
    if major in (2, 3):
        raw = data[i : i + count]
        return (raw if major == 2 else raw.decode("utf-8")), i + count
    if major == 4:
        items = []
        for _ in range(count):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = CborMap()
        for _ in range(count):
            key, i = _decode(data, i)
            value, i = _decode(data, i)
            pairs.append((key, value))
        return pairs, i
    raise ValueError(f"unsupported CBOR major type {major}")


def read_record(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind file")
    return cbor_decode(raw[len(SIGNATURE) :])


def write_record(folder: Path, stem: str, suffix: str, record: Any, digits: int) -> str:
    """Write ``record`` as ``<stem>_<hash><suffix>`` and return ``<stem>_<hash>``."""
    payload = SIGNATURE + cbor_encode(record)
    name = f"{stem}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return name


def stabilise(bundle: Path) -> None:
    """Rewrite the filter, metadata and entry files of ``bundle`` in canonical form."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_record(meta_path)
        filters = []
        for name, file_hash in meta[META_FILTERS]:
            filter_path = bundle / "filter" / f"{file_hash}.pf_filter"
            filter_name, values = read_record(filter_path)
            canonical = [filter_name, sorted(([v, sorted(pages)] for v, pages in values))]
            filter_path.unlink()
            new_hash = write_record(bundle / "filter", language, ".pf_filter", canonical, 7)
            filters.append([name, new_hash])
        meta[META_FILTERS] = sorted(filters)
        meta_path.unlink()
        info["hash"] = write_record(bundle, f"pagefind.{language}", ".pf_meta", meta, 10)
        info["hash"] = info["hash"].removeprefix("pagefind.")
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
