"""Pieces every subcommand shares: printing findings, reading settings."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from builder.errors import Diagnostic
from builder.i18n import Catalog


def silence_output() -> None:
    """After the reader went away (``| head``), what is left to print goes nowhere, so
    neither a later print nor the interpreter's last flush raises BrokenPipeError."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # not a real file (tests)
            os.dup2(devnull, stream.fileno())
    os.close(devnull)


def count(catalog: Catalog, noun: str, n: int) -> str:
    """ "1 boletín" / "5 boletines": the catalog has a form for one and one for the rest."""
    return catalog.message(f"check.count.{noun}.{'one' if n == 1 else 'other'}", n=n)


def print_diagnostics(diagnostics: Iterable[Diagnostic], catalog: Catalog, stream: TextIO) -> None:
    """Errors first, then warnings, each group in file and line order."""
    ordered = sorted(diagnostics, key=lambda d: (not d.is_error, d.path, d.line or 0, d.code))
    for diagnostic in ordered:
        print(diagnostic.render(catalog), file=stream)


def add_site_arguments(parser: argparse.ArgumentParser, *, content: bool = True) -> None:
    """The ``--config`` and ``--content`` options, the same in every command."""
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("site.yaml"),
        metavar="ARCHIVO",
        help="ajustes (por omisión site.yaml)",
    )
    if content:
        parser.add_argument(
            "--content",
            type=Path,
            default=Path("content"),
            metavar="CARPETA",
            help="carpeta de los boletines (por omisión content/)",
        )
