"""Helpers any test may import (``from helpers import make_tree``): throwaway sites."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def make_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (relative POSIX path -> text or bytes) under ``root``; return ``root``.

    Text is written as UTF-8 exactly as given (no newline translation), bytes as they are,
    so tests control every byte an editor's file could hold. Parent folders are created.
    """
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root
