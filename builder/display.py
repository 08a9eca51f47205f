"""How a file is named in a diagnostic: short when it lies below the working directory."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path | str) -> str:
    """``path`` relative to the current directory when it lies below it, else absolute.

    Editors run commands from the archive's root, so ``content/2025/x.md`` is what they
    expect to read; a path elsewhere stays absolute rather than becoming ``../../..``.
    """
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return absolute
    return relative
