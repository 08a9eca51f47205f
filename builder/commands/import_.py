"""``boletines import FILE...``: raw bulletin text to Markdown files under content/.

Each file is imported on its own: a refusal (``path: reason`` on stderr) does not stop
the others, and the exit status is 1 if any file was refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from builder.commands.common import add_site_arguments, print_diagnostics, silence_output
from builder.config import SiteConfig
from builder.content.loader import MAX_FILE_BYTES
from builder.display import display_path, terminal_lines
from builder.errors import BoletinesError, error
from builder.i18n import Catalog, load_catalog
from builder.importer import Overrides, import_text
from builder.importer.model import refuse
from builder.importer.report import render_report
from builder.importer.write import write_bulletin
from builder.progress import progress_bar
from builder.settings import load_settings

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="convierte boletines en texto a Markdown",
        description=(
            "Convierte el texto de boletines de prensa (UTF-8, CP1252 o Latin-1) en archivos "
            "Markdown con sus datos: content/<año>/<fecha>-<título>.md, o "
            "content/sin-fecha/<título>.md si el texto no trae fecha."
        ),
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="ARCHIVO", help="texto del boletín")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("content"),
        metavar="CARPETA",
        help="carpeta de los boletines (por omisión content/)",
    )
    parser.add_argument("--number", metavar="NÚMERO", help="número del boletín, p. ej. 591/2025")
    parser.add_argument("--date", metavar="FECHA", help="fecha del boletín, AAAA-MM-DD")
    parser.add_argument("--location", metavar="LUGAR", help="lugar, p. ej. «Ciudad de México»")
    parser.add_argument("--force", action="store_true", help="reemplaza un archivo que ya existe")
    add_site_arguments(parser, content=False)
    parser.set_defaults(run=run)


def _overrides(args: argparse.Namespace) -> Overrides:
    date = None
    if args.date is not None:
        try:
            if not _ISO_DATE.fullmatch(args.date.strip()):
                raise ValueError(args.date)
            date = dt.date.fromisoformat(args.date.strip())
        except ValueError:
            raise BoletinesError(
                [error("--date", None, "import.bad_date", value=args.date)]
            ) from None
    return Overrides(
        number=(args.number or "").strip() or None,
        date=date,
        location=(args.location or "").strip() or None,
    )


def _import_one(
    path: Path,
    args: argparse.Namespace,
    overrides: Overrides,
    config: SiteConfig,
    catalog: Catalog,
    earlier: dict[Path, tuple[str, str]],
) -> str:
    """Import and write one file; ``earlier`` maps targets this command already wrote to
    (source, text), so two sources with the same title and date never overwrite each
    other, even with --force."""
    shown = display_path(path)
    if path.is_dir():
        raise refuse(shown, "import.is_folder", example=f"{shown.rstrip('/')}/*.txt")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # what the build would refuse to read back
            raise refuse(
                shown,
                "content.too_large",
                size_mb=f"{size / 1024 / 1024:.1f}",
                limit_mb=f"{MAX_FILE_BYTES / 1024 / 1024:.0f}",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise refuse(shown, "import.unreadable", reason=exc.strerror or type(exc).__name__) from exc
    result = import_text(raw, shown, config, overrides)
    target = args.out / Path(*result.path.parts)
    key = Path(os.path.abspath(target))
    if key in earlier and earlier[key][1] != result.text:
        raise refuse(
            shown, "import.same_target", target=display_path(target), other=earlier[key][0]
        )
    outcome = write_bulletin(target, result.text, args.force, shown)
    earlier[key] = (shown, result.text)
    return render_report(result, shown, display_path(target), outcome == "unchanged", catalog)


def _print_report(report: str) -> None:
    """Print a report; when the reader went away (``| head``), the remaining reports go
    nowhere but the remaining files are still imported."""
    try:
        print(terminal_lines(report), flush=True)
    except BrokenPipeError:
        silence_output()


def run(args: argparse.Namespace) -> int:
    config = load_settings(args.config)
    args.language = config.language  # so the CLI renders our errors in the site's language
    catalog = load_catalog(config.language)
    overrides = _overrides(args)
    status = 0
    earlier: dict[Path, tuple[str, str]] = {}
    total = len(args.files)
    # On a terminal, a bar under the reports for long batches (erased before each report).
    progress = progress_bar(catalog.message("progress.import")) if total > 1 else None
    for done, path in enumerate(args.files, start=1):
        try:
            report = _import_one(path, args, overrides, config, catalog, earlier)
        except BoletinesError as exc:
            if progress is not None:
                progress.close()
            print_diagnostics(exc.diagnostics, catalog, sys.stderr)
            status = 1
        else:
            if progress is not None:
                progress.close()
            _print_report(report)
        if progress is not None:
            progress(done, total)
    return status
