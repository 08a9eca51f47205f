"""What a batch import tells the editor at the end: one row per source file, a summary
grouped by what needs attention, and the same rows as a CSV file for a spreadsheet."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from builder.core.i18n import Catalog
from builder.importer.model import ImportResult

Status = Literal["imported", "draft", "unchanged", "duplicate", "refused", "skipped"]
STATUSES: tuple[Status, ...] = ("imported", "draft", "unchanged", "duplicate", "refused", "skipped")
LISTED: tuple[Status, ...] = ("draft", "duplicate", "refused", "skipped")
"""The groups the summary lists file by file: what a person has to look at."""
COLUMNS = ("source", "output", "status", "number", "date", "place", "title", "notes")


@dataclass(frozen=True)
class Row:
    """One source file of the batch: where it went and what to review, as text."""

    source: str
    status: Status
    output: str = ""
    number: str = ""
    date: str = ""
    place: str = ""
    title: str = ""
    notes: str = ""
    """What is missing or doubtful; for a file not imported, why."""


def _text(value: object) -> str:
    if value in (None, ""):
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def review_notes(result: ImportResult, catalog: Catalog) -> str:
    """What is missing or doubtful in an imported bulletin, in one line."""
    notes = []
    if result.missing:
        fields = ", ".join(catalog.message(f"import.field.{name}") for name in result.missing)
        notes.append(catalog.message("import.notes.missing", fields=fields))
    if result.date_without_year:
        notes.append(
            catalog.message("import.notes.date_without_year", text=result.date_without_year)
        )
    if result.leading_kept:
        notes.append(catalog.message("import.notes.leading", count=result.leading_kept))
    if result.rejoined:
        notes.append(catalog.message("import.notes.rejoined", count=len(result.rejoined)))
    notes += (catalog.message(doubt.key, **dict(doubt.args)) for doubt in result.doubts)
    return "; ".join(notes)


def imported_row(
    result: ImportResult, status: Status, output: str, catalog: Catalog, notes: str = ""
) -> Row:
    fields = result.fields
    return Row(
        source=result.source,
        status=status,
        output=output,
        number=_text(fields.get("number")),
        date=_text(fields.get("date")),
        place=_text(fields.get("location")),
        title=_text(fields.get("title")),
        notes=notes or review_notes(result, catalog),
    )


def render_summary(rows: Sequence[Row], catalog: Catalog) -> str:
    """The counts of every group, then the files of the groups to look at, with why."""
    counts = {status: sum(1 for row in rows if row.status == status) for status in STATUSES}
    lines = [catalog.message("import.summary.counts", **counts)]
    for status in LISTED:
        listed = [row for row in rows if row.status == status]
        if not listed:
            continue
        lines.append(catalog.message(f"import.summary.{status}"))
        for row in listed:
            where = f"{row.source} → {row.output}" if row.output else row.source
            lines.append(f"  {where}: {row.notes}" if row.notes else f"  {where}")
    return "\n".join(lines)


def csv_text(rows: Sequence[Row], catalog: Catalog) -> str:
    """The rows as CSV, with headers and statuses in the site's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([catalog.message(f"import.csv.{column}") for column in COLUMNS])
    for row in rows:
        values = [getattr(row, column) for column in COLUMNS]
        values[COLUMNS.index("status")] = catalog.message(f"import.status.{row.status}")
        writer.writerow(values)
    return buffer.getvalue()


def write_csv(path: Path, text: str) -> None:
    """Write the report in one step (a temporary file, then its name). UTF-8 with a byte
    order mark, which spreadsheet programs need to read the accents right."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(prefix=".boletines-informe-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as stream:
            stream.write(text)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
