"""``boletines build``: content/ -> a static site any web server (or GitHub Pages) serves."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from pathlib import Path

from builder.build.steps import BuildOptions, build
from builder.commands.common import (
    add_now_argument,
    add_site_arguments,
    count,
    print_diagnostics,
    read_now,
)
from builder.commands.progress import site_progress_bar
from builder.core.display import terminal_text
from builder.core.i18n import load_catalog


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="genera el sitio estático",
        description="Genera el sitio estático a partir de content/ y site.yaml.",
    )
    add_site_arguments(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("_site"),
        metavar="CARPETA",
        help="carpeta del sitio generado (por omisión _site/)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="sustituye base_url de site.yaml (p. ej. /boletines/ o https://ejemplo.org/boletines/)",
    )
    parser.add_argument(
        "--drafts",
        action="store_true",
        help="incluye los borradores y los boletines programados para más tarde",
    )
    add_now_argument(parser)
    parser.add_argument(
        "--no-search", dest="search", action="store_false", help="sin índice de búsqueda"
    )
    parser.set_defaults(run=run)


def source_date(environ: dict[str, str] | os._Environ[str] = os.environ) -> dt.date | None:
    """The build date reproducible builds agree on (SOURCE_DATE_EPOCH), else none at all."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC).date()


def run(args: argparse.Namespace) -> int:
    now = read_now(args.now)  # a mistyped --now stops before anything is built
    progress = site_progress_bar(args.config, "progress.build")
    options = BuildOptions(
        config_path=args.config,
        content_dir=args.content,
        out_dir=args.out,
        base_url=args.base_url,
        drafts=args.drafts,
        search=args.search,
        build_date=source_date(),
        now=now,
        progress=progress,
    )
    with progress.ticking() if progress is not None else contextlib.nullcontext():
        report = build(options)
    catalog = load_catalog(report.language)
    print_diagnostics(report.warnings, catalog, sys.stderr)
    summary = catalog.message(
        "build.unchanged" if report.unchanged else "build.summary",
        bulletins=count(catalog, "bulletin", report.bulletins),
        pages=report.pages,
        seconds=report.seconds,
        out=report.out_dir,
    )
    print(terminal_text(summary))
    if report.scheduled:
        print(catalog.message("build.scheduled", count=report.scheduled))
    return 0
