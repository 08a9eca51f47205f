"""How text is shown on the editor's terminal: file names, and characters it must not obey.

Everything the commands print passes through :func:`terminal_text` (diagnostics in
:meth:`builder.core.errors.Diagnostic.render`, the other lines where they are printed): a file
name or front-matter key may hold ``ESC [2K ESC [1A`` and fake an ``OK`` line, a new line,
or a bidi override that shows a name backwards.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# C0 controls (line breaks and tabs too: one finding is one line), DEL, C1 controls (0x9B is
# CSI on some terminals), and the invisible characters: zero-width and bidi marks, line and
# paragraph separators, the byte order mark.
_UNSHOWN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` with every control and invisible character written as ``\\x1b``/``\\u200b``:
    one line the terminal shows, never obeys."""
    return _UNSHOWN.sub(_escape, text)


def terminal_lines(text: str) -> str:
    """Several lines (a report, a traceback), each made safe by :func:`terminal_text`."""
    return "\n".join(terminal_text(line) for line in text.split("\n"))


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
