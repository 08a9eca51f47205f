"""``boletines check``: report every problem the build would meet, and warnings, without
writing a site. Findings go to standard output as ``path:line: message``, then a summary."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TextIO

from builder.check.findings import CheckResult, Scheduled, Suggestion, check_site
from builder.commands.common import (
    add_now_argument,
    add_site_arguments,
    count,
    print_diagnostics,
    read_now,
)
from builder.commands.progress import site_progress_bar
from builder.core.dates import format_date
from builder.core.display import terminal_text
from builder.core.i18n import Catalog, load_catalog


def summary(result: CheckResult, catalog: Catalog) -> str:
    """ "2 errores, 3 avisos en 5 boletines."""
    return catalog.message(
        "check.summary",
        errors=count(catalog, "error", result.errors),
        warnings=count(catalog, "warning", result.warnings),
        bulletins=count(catalog, "bulletin", result.bulletins),
    )


def print_suggestions(
    suggestions: tuple[Suggestion, ...], catalog: Catalog, stream: TextIO
) -> None:
    if not suggestions:
        print(catalog.message("check.suggest_none"), file=stream)
    for suggestion in suggestions:
        number = "one" if len(suggestion.tags) == 1 else "other"
        tags = ", ".join(suggestion.tags)
        message = catalog.message(f"check.suggest_tags.{number}", tags=tags)
        print(terminal_text(f"{suggestion.path}:{suggestion.line}: {message}"), file=stream)


def print_scheduled(scheduled: tuple[Scheduled, ...], catalog: Catalog, stream: TextIO) -> None:
    """What is waiting to be published, soonest first: information, not findings."""
    for item in scheduled:
        message = catalog.message(
            "check.scheduled",
            date=format_date(item.moment.date(), catalog.language),
            time=item.moment.strftime("%H:%M"),
            zone=item.zone,
        )
        print(f"{item.path}:{item.line}: {message}", file=stream)


def run(args: argparse.Namespace) -> int:
    now = read_now(args.now)
    bar = site_progress_bar(args.config, "progress.check")  # 10,000 bulletins take seconds
    with bar.ticking() if bar is not None else contextlib.nullcontext():
        result = check_site(args.config, args.content, suggest_tags=args.suggest_tags, now=now)
    if args.files:
        result = result.only(args.files, args.content)
    args.language = result.language
    catalog = load_catalog(result.language)
    print_diagnostics(result.diagnostics, catalog, sys.stdout)
    print_scheduled(result.scheduled, catalog, sys.stdout)
    if args.suggest_tags:
        print_suggestions(result.suggestions, catalog, sys.stdout)
    print(summary(result, catalog), file=sys.stdout)
    return 1 if result.failed(strict=args.strict) else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="revisa site.yaml y los boletines sin generar el sitio",
        description="Revisa todo lo que revisaría la compilación (site.yaml, encabezados, "
        "números y direcciones repetidos, enlaces entre boletines, enlaces inseguros) y da "
        "avisos (falta fecha, número o lugar; destacado repetido; texto vacío). "
        "Sale con estado 1 si hay errores, o avisos con --strict.",
    )
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="ARCHIVO",
        help="mostrar solo lo que concierne a estos boletines (se revisan todos igualmente)",
    )
    add_site_arguments(parser)
    add_now_argument(parser)
    parser.add_argument(
        "--strict", action="store_true", help="fallar también si hay avisos (estado 1)"
    )
    parser.add_argument(
        "--suggest-tags",
        action="store_true",
        help="listar boletines cuyo texto habla de un tema del vocabulario que no está en tags",
    )
    parser.set_defaults(run=run)
