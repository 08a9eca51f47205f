"""Paths shared by the importer tests: the raw fixtures and their expected Markdown."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RAW = FIXTURES / "raw"
GOLDEN = FIXTURES / "golden"
RAW_FILES = sorted(RAW.glob("*.txt"))
SAMPLES = [p for p in RAW_FILES if p.name[:3].isdigit()]
"""The five IMSS samples from the issue (000_... to 004_...)."""
