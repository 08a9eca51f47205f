"""Shared by the content tests: where fixtures live and how findings are printed."""

from __future__ import annotations

from pathlib import Path

from builder.content.loader import LoadResult
from builder.core.i18n import load_catalog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BROKEN = FIXTURES / "broken"
GOOD = FIXTURES / "good"


def render(result: LoadResult, language: str = "es") -> list[str]:
    """Every finding as the command line prints it (Spanish unless told)."""
    catalog = load_catalog(language)
    return [d.render(catalog) for d in result.diagnostics]
