"""``boletines import FILE|FOLDER...``: bulletins (PDF, Word or text) to Markdown files
under content/.

Each file is imported on its own: a refusal (``path: reason`` on stderr) does not stop
the others, and the exit status is 1 if any file was refused. Named files get a report
each; folders (a migration) get a summary at the end instead, and ``--report`` a CSV row
per source file. Sources are imported on every core, then written in order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from builder.commands.common import add_site_arguments, print_diagnostics, silence_output
from builder.commands.progress import progress_bar
from builder.core.display import display_path, terminal_lines
from builder.core.errors import BoletinesError, Diagnostic, error, os_reason
from builder.core.i18n import Catalog, load_catalog
from builder.core.settings import load_settings
from builder.importer import Overrides
from builder.importer.batch import Outcome, collect, import_all
from builder.importer.model import refuse
from builder.importer.pipeline import keep_original, original_path
from builder.importer.report import render_report
from builder.importer.summary import Row, csv_text, imported_row, render_summary, write_csv
from builder.importer.write import write_bulletin

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="convierte boletines (PDF, Word o texto) a Markdown",
        description=(
            "Convierte boletines de prensa en PDF, Word (.docx) o texto (UTF-8, CP1252 o "
            "Latin-1) en archivos Markdown con sus datos: content/<año>/<fecha>-<título>.md, "
            "o content/sin-fecha/<título>.md si el boletín no trae fecha."
        ),
    )
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="ARCHIVO",
        help="boletín (PDF, .docx o texto) o carpeta, que se recorre entera",
    )
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
    parser.add_argument(
        "--report",
        type=Path,
        metavar="ARCHIVO.csv",
        help="escribe una fila por archivo de origen (resultado, datos, qué revisar) en un CSV",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="procesos que importan a la vez (por omisión, uno por núcleo)",
    )
    parser.add_argument(
        "--no-original",
        action="store_true",
        help="no guarda el documento (PDF, Word) junto al boletín ni lo nombra en «original:»",
    )
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


_ORIGINAL_KEYS = re.compile(r"^original(?:_sha256)?: .*\n", re.MULTILINE)


def _without_original(text: str) -> str:
    """The bulletin's text without the keys naming its original document, so the PDF and
    the Word file of one bulletin compare equal."""
    _, _, rest = text.partition("---\n")
    front, separator, body = rest.partition("\n---\n")
    return _ORIGINAL_KEYS.sub("", front + "\n") + separator + body


def _original_name(text: str) -> str | None:
    found = re.search(r"^original: (.*)$", text.partition("\n---\n")[0], re.MULTILINE)
    return found[1] if found else None


class _Writer:
    """Writes each outcome in turn and says what became of its source. ``earlier`` maps
    targets this command already wrote to (source, text), so two sources with the same
    title and date never overwrite each other, even with --force, and the same bulletin
    given twice (as PDF and Word, or under two names) is written once."""

    def __init__(self, args: argparse.Namespace, catalog: Catalog) -> None:
        self.args = args
        self.catalog = catalog
        self.earlier: dict[Path, tuple[str, str]] = {}

    def write(self, outcome: Outcome) -> tuple[Row, str | None]:
        """The source's row and, for a file written or left as it was, its report;
        raises :class:`Refused` when it cannot be written."""
        shown, result = outcome.source.shown, outcome.result
        assert result is not None
        original = None
        kept = None if self.args.no_original else original_path(result)
        if kept is not None and outcome.raw is not None:  # a document: kept beside, named
            result = keep_original(result, outcome.raw)
            original = (self.args.out / Path(*kept.parts), outcome.raw)
        target = self.args.out / Path(*result.path.parts)
        shown_target = display_path(target)
        key = Path(os.path.abspath(target))
        if key in self.earlier:
            other, text = self.earlier[key]
            if _without_original(text) != _without_original(result.text):
                raise refuse(shown, "import.same_target", target=shown_target, other=other)
            note = self.catalog.message("import.notes.duplicate", other=other)
            return imported_row(result, "duplicate", shown_target, self.catalog, note), None
        existing = _read_existing(target)
        if (
            existing is not None
            and _original_name(existing) != _original_name(result.text)
            and _without_original(existing) == _without_original(result.text)
        ):  # this bulletin was imported before from its other document
            self.earlier[key] = (shown_target, existing)
            note = self.catalog.message("import.notes.duplicate", other=shown_target)
            return imported_row(result, "duplicate", shown_target, self.catalog, note), None
        outcome_kind = write_bulletin(target, result.text, self.args.force, shown, original)
        self.earlier[key] = (shown, result.text)
        unchanged = outcome_kind == "unchanged"
        status = "unchanged" if unchanged else "draft" if result.draft else "imported"
        report = render_report(result, shown, shown_target, unchanged, self.catalog)
        return imported_row(result, status, shown_target, self.catalog), report


def _read_existing(target: Path) -> str | None:
    try:
        return target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _print_report(report: str) -> None:
    """Print a report; when the reader went away (``| head``), the remaining reports go
    nowhere but the remaining files are still imported."""
    try:
        print(terminal_lines(report), flush=True)
    except BrokenPipeError:
        silence_output()


def _refused_row(shown: str, diagnostics: list[Diagnostic], catalog: Catalog) -> Row:
    reasons = "; ".join(catalog.message(d.code, **d.args) for d in diagnostics)
    return Row(shown, "refused", notes=reasons)


def run(args: argparse.Namespace) -> int:
    config = load_settings(args.config)
    args.language = config.language  # so the CLI renders our errors in the site's language
    catalog = load_catalog(config.language)
    overrides = _overrides(args)
    collected = collect(args.files)
    # Folders: a summary at the end instead of a report per file (the CSV has the details).
    detailed = not collected.folders
    rows: list[Row] = []
    writer = _Writer(args, catalog)
    total = len(collected.sources)
    # On a terminal, a bar under the reports for long batches (erased before each report).
    progress = (
        progress_bar(
            catalog.message("progress.import"),
            remaining=lambda seconds: catalog.message("progress.remaining", seconds=seconds),
        )
        if total > 1
        else None
    )
    outcomes = import_all(collected.sources, config, overrides, workers=args.jobs)
    for done, outcome in enumerate(outcomes, start=1):
        shown = outcome.source.shown
        try:
            if outcome.refused:
                raise BoletinesError(outcome.refused)
            row, report = writer.write(outcome)
        except BoletinesError as exc:
            if progress is not None:
                progress.close()
            print_diagnostics(exc.diagnostics, catalog, sys.stderr)
            rows.append(_refused_row(shown, exc.diagnostics, catalog))
        else:
            rows.append(row)
            if detailed:
                if progress is not None:
                    progress.close()
                _print_report(report or f"{shown}: {row.notes}")
        if progress is not None:
            progress(done, total)
    rows += [
        Row(s.shown, "skipped", notes=catalog.message(s.code, **s.args)) for s in collected.skipped
    ]
    if collected.folders or args.report is not None:
        _print_report(render_summary(rows, catalog))
    if args.report is not None:
        try:
            write_csv(args.report, csv_text(rows, catalog))
        except OSError as exc:
            shown = display_path(args.report)
            raise BoletinesError(
                [error(shown, None, "import.report_failed", reason=os_reason(exc))]
            ) from exc
    return 1 if any(row.status == "refused" for row in rows) else 0
