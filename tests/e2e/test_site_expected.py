"""The small fixture site renders to the committed expected tree, page by page.

``tests/e2e/fixtures/small`` is a site with a bulletin per behaviour (all fields, raw HTML
and a table, no tags, no location, no date). Its HTML pages, and the list of every output
file, are compared with ``tests/e2e/expected/small``. After an intended change to the
theme or the renderer, refresh the expected tree with one command and review the diff::

    UPDATE_EXPECTED=1 .venv/bin/pytest tests/e2e/test_site_expected.py

Feeds, sitemap and the JSON export have their own tests, so only their names are compared;
content hashes in asset names are written as ``HASH`` so a CSS edit does not touch every page
(hashing has its own test).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from builder.build.steps import BuildOptions, build

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "small"
EXPECTED = HERE / "expected" / "small"
LISTING = "FILES.txt"
_ASSET_HASH = re.compile(rb"\.[0-9a-f]{10}\.(css|js)\b")


def unhashed(data: bytes) -> bytes:
    return _ASSET_HASH.sub(rb".HASH.\1", data)


def built_tree(out: Path) -> dict[str, bytes]:
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    tree = {p: unhashed((out / p).read_bytes()) for p in files if p.endswith(".html")}
    names = sorted(unhashed(name.encode()) for name in files)  # order must not follow hashes
    tree[LISTING] = b"\n".join(names) + b"\n"
    return tree


def test_small_site_matches_expected_tree(tmp_path):
    out = tmp_path / "_site"
    build(BuildOptions(FIXTURE / "site.yaml", FIXTURE / "content", out, search=False))
    actual = built_tree(out)
    if os.environ.get("UPDATE_EXPECTED"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for path, data in actual.items():
            (EXPECTED / path).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / path).write_bytes(data)
    expected = {
        p.relative_to(EXPECTED).as_posix(): p.read_bytes()
        for p in EXPECTED.rglob("*")
        if p.is_file()
    }
    assert sorted(actual) == sorted(expected)
    for path in sorted(expected):
        assert actual[path].decode() == expected[path].decode(), path
