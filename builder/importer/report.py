"""What the editor reads after each import, in the site's language."""

from __future__ import annotations

from builder.core.i18n import Catalog
from builder.importer.model import ImportResult

MAX_SHOWN = 8
"""Rejoined words listed in the report; the count says how many more there are."""
OPTIONS = {"date": "--date", "number": "--number", "location": "--location"}


def _value(result: ImportResult, name: str, catalog: Catalog) -> str:
    value = result.fields.get(name)
    if value in (None, ""):
        return catalog.message("import.report.none")
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if name in result.given:
        return catalog.message("import.report.given", value=text)
    return text


def render_report(
    result: ImportResult, source: str, target: str, unchanged: bool, catalog: Catalog
) -> str:
    """A few lines: where it went, what was found, what is missing, the word check."""
    lines = [
        catalog.message(
            "import.report.unchanged" if unchanged else "import.report.written",
            source=source,
            target=target,
        ),
        catalog.message("import.report.title", title=result.fields["title"]),
        catalog.message(
            "import.report.meta",
            number=_value(result, "number", catalog),
            date=_value(result, "date", catalog),
            location=_value(result, "location", catalog),
        ),
    ]
    links = result.fields["links"]
    kinds = ", ".join(link["label"] for link in links)
    lines.append(
        catalog.message(
            "import.report.counts",
            highlights=len(result.fields["highlights"]),
            paragraphs=result.paragraphs,
            links=f"{len(links)} ({kinds})" if links else "0",
        )
    )
    if result.fields.get("original"):
        lines.append(catalog.message("import.report.original", name=result.fields["original"]))
    if result.fields["tags"]:
        lines.append(catalog.message("import.report.tags", tags=", ".join(result.fields["tags"])))
    if result.draft:
        lines.append(catalog.message("import.report.draft"))
    options = ", ".join(OPTIONS[m] for m in result.missing if m in OPTIONS)
    if result.missing:
        fields = ", ".join(catalog.message(f"import.field.{m}") for m in result.missing)
        if options:
            lines.append(catalog.message("import.report.missing", fields=fields, options=options))
        else:
            lines.append(catalog.message("import.report.missing_in_file", fields=fields))
    else:
        lines.append(catalog.message("import.report.complete"))
    if result.date_without_year:
        lines.append(
            catalog.message("import.report.date_without_year", text=result.date_without_year)
        )
    if result.rejoined:
        shown = ", ".join(result.rejoined[:MAX_SHOWN]) + (
            ", …" if len(result.rejoined) > MAX_SHOWN else ""
        )
        lines.append(
            catalog.message("import.report.rejoined", count=len(result.rejoined), words=shown)
        )
    if result.leading_kept:
        lines.append(catalog.message("import.report.leading", count=result.leading_kept))
    for doubt in result.doubts:
        text = catalog.message(doubt.key, **dict(doubt.args))
        lines.append(catalog.message("import.report.doubt", text=text))
    if result.furniture:
        kinds = ", ".join(
            catalog.message(
                "import.report.furniture_item",
                what=catalog.message(f"import.furniture.{kind}"),
                count=count,
            )
            for kind, count in result.furniture
        )
        lines.append(catalog.message("import.report.furniture", kinds=kinds))
    lines.append(
        catalog.message(
            "import.report.removed", lines=result.removed_lines, joined=result.joined_at_breaks
        )
    )
    lines.append(catalog.message("import.report.words", words=result.preservation.words))
    return "\n".join(lines)
