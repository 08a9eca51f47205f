"""Pieces every subcommand shares: printing findings, reading settings."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from builder.core.errors import BoletinesError, Diagnostic, error
from builder.core.i18n import Catalog
from builder.core.zones import parse_moment


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


def add_now_argument(parser: argparse.ArgumentParser) -> None:
    """``--now``: the moment scheduled bulletins are compared with (tests, previews)."""
    parser.add_argument(
        "--now",
        metavar="FECHA_Y_HORA",
        help="publicar como si fuera este momento: 2025-11-26T09:00 (hora del sitio) o con "
        "zona, 2025-11-26T09:00-06:00; por omisión, ahora",
    )


def read_now(value: str | None) -> dt.datetime:
    """The moment ``--now`` names (naive: the site's time zone), else the clock, read once
    here so that no later stage reads it."""
    if value is None:
        return dt.datetime.now(dt.UTC)
    moment = parse_moment(value)
    if moment is None:
        raise BoletinesError([error("--now", None, "build.bad_now", value=value)])
    return moment
