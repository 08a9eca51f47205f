"""Pieces every subcommand shares: printing findings, reading settings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from builder.errors import Diagnostic
from builder.i18n import Catalog


def print_diagnostics(diagnostics: Iterable[Diagnostic], catalog: Catalog, stream: TextIO) -> None:
    """Errors first, then warnings, each group in file and line order."""
    ordered = sorted(diagnostics, key=lambda d: (not d.is_error, d.path, d.line or 0, d.code))
    for diagnostic in ordered:
        print(diagnostic.render(catalog), file=stream)
