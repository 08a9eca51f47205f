"""Raw bulletin bytes to one Markdown file: read, clean, parse, check, write text.

Text is decoded (:mod:`decode`); a PDF or Word file is read into paragraphs with style
hints (:mod:`read_pdf`, :mod:`read_docx`, :mod:`document`); from there on the same
rules run on both: letterhead and page marks (:mod:`clean`), web-page furniture
(:mod:`furniture`), then the parts (:mod:`parse`, :mod:`layout`, :mod:`body`). What the
editor should review is returned as data (``missing``, ``doubts``, ``furniture``), for
the report and for a folder import's CSV.

Pure: no file is read or written here and nothing is printed, so the command (and the
tests) decide what to do with the result; the same bytes always give the same text.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import replace
from pathlib import PurePosixPath

from builder.content.markdownfile import dump_bulletin
from builder.content.model import LINK_KINDS
from builder.content.topics import suggest_tags
from builder.core.i18n import load_catalog
from builder.core.settings import SiteConfig
from builder.importer.bounded import run_bounded
from builder.importer.clean import clean_lines, key, restore_running_title
from builder.importer.decode import decode
from builder.importer.document import Document, to_lines
from builder.importer.formats import sniff
from builder.importer.furniture import drop_furniture, keep_signature
from builder.importer.header import parse_dateline, parse_number
from builder.importer.hyphens import Join
from builder.importer.model import (
    Doubt,
    ImportResult,
    Line,
    Overrides,
    Parsed,
    Refused,
    refuse,
)
from builder.importer.parse import link_label, parse, reads_like_a_paragraph
from builder.importer.preserve import check
from builder.importer.read_docx import read_docx
from builder.importer.read_pdf import read_pdf
from builder.importer.slug import bulletin_path

FIELDS_TO_FILL = ("date", "number", "location")


def _link_labels(language: str) -> dict[str, str]:
    catalog = load_catalog(language)
    return {kind: catalog.message(f"import.link.{kind}") for kind in LINK_KINDS}


def _protected(text: str) -> set[str]:
    """Lines the repeated-letterhead rule must not drop: they carry data."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return {
        key(line)
        for line in lines
        if line and (link_label(line) or parse_number(line) or parse_dateline(line))
    }


def _field_doubts(parsed: Parsed, overrides: Overrides) -> list[Doubt]:
    """Fields kept as printed where a reviewer may want them otherwise."""
    doubts = []
    place = parsed.location or ""
    words = re.findall(r"[^\W\d_]{4,}", place)
    if not overrides.location and any(word.isupper() for word in words):
        doubts.append(Doubt("place_in_capitals", (("text", place),)))
    number = parsed.number or ""
    if not overrides.number and any(c.isalpha() or c.isspace() for c in number):
        doubts.append(Doubt("number_as_printed", (("text", number),)))
    return doubts


def _parse(lines: list[Line], source: str, labels: dict[str, str]) -> Parsed:
    """Parse; when the title found is a paragraph's sentence, or none is, and a title
    repeated as a running header was dropped as letterhead, parse again with it."""
    try:
        parsed = parse(lines, source, labels)
    except Refused:
        if not restore_running_title(lines):
            raise
        return parse(lines, source, labels)
    if (parsed.draft or reads_like_a_paragraph(parsed.title)) and restore_running_title(lines):
        return parse(lines, source, labels)
    return parsed


def import_text(
    raw: bytes, source_name: str, config: SiteConfig, overrides: Overrides | None = None
) -> ImportResult:
    """Import one bulletin; raises :class:`~builder.importer.model.Refused` (a
    BoletinesError) when it is empty, binary, has no text at all or would lose words; a text
    without a title line is imported as a draft (``result.draft``)."""
    decoded = decode(raw, source_name)
    lines = [Line(n, t) for n, t in enumerate(decoded.text.split("\n"), start=1)]
    return _import_lines(lines, decoded.text, decoded.encoding, source_name, config, overrides)


def import_file(
    raw: bytes, source_name: str, config: SiteConfig, overrides: Overrides | None = None
) -> ImportResult:
    """Import a text, PDF or Word bulletin, told apart by its content
    (:mod:`builder.importer.formats`); documents are read in a bounded child process."""
    kind = sniff(raw, source_name)
    if kind == "text":
        return import_text(raw, source_name, config, overrides)
    reader = read_pdf if kind == "pdf" else read_docx
    document = run_bounded(reader, raw, source_name)
    return import_document(document, source_name, config, overrides)


def import_document(
    document: Document, source_name: str, config: SiteConfig, overrides: Overrides | None = None
) -> ImportResult:
    """Import a bulletin a reader took from a PDF or Word file, by the same rules."""
    try:
        result = _import_lines(
            to_lines(document),
            document.source,
            document.kind,
            source_name,
            config,
            overrides,
            document.joins,
        )
    except Refused as exc:  # a document has no line numbers the editor could look up
        raise Refused([replace(d, line=None) for d in exc.diagnostics]) from None
    return replace(result, original_suffix=f".{document.kind}")


def _import_lines(
    source_lines: list[Line],
    source_text: str,
    encoding: str,
    source_name: str,
    config: SiteConfig,
    overrides: Overrides | None,
    reader_joins: tuple[Join, ...] = (),
) -> ImportResult:
    overrides = overrides or Overrides()
    text = "\n".join(line.text for line in source_lines)
    lines = clean_lines(source_lines, config.boilerplate, _protected(text))
    signature = keep_signature(lines)
    furniture = drop_furniture(lines)
    parsed = _parse(lines, source_name, _link_labels(config.language))
    joins = (*reader_joins, *parsed.joins)

    given = tuple(name for name in FIELDS_TO_FILL if getattr(overrides, name) not in (None, ""))
    date = overrides.date or parsed.date
    doubts: list[Doubt] = []
    if date is None and furniture.breadcrumb_date is not None:
        date = furniture.breadcrumb_date
        doubts.append(Doubt("date_from_breadcrumb", (("date", date.isoformat()),)))
    elif date is None and furniture.stamp_date is not None:
        date = furniture.stamp_date
        doubts.append(Doubt("date_from_stamp", (("date", date.isoformat()),)))
    number = overrides.number or parsed.number
    location = overrides.location or parsed.location
    fields = {
        "title": parsed.title,
        "date": date,
        "number": number,
        "location": location,
        "highlights": list(parsed.highlights),
        "links": [{"label": x.label, "url": x.url, "kind": x.kind} for x in parsed.links],
        "tags": [],
    }
    if parsed.draft:
        fields["draft"] = True
    body = "\n\n".join(parsed.paragraphs)
    # Topics from site.yaml's vocabulary that the text talks about (builder.content.topics).
    topics_text = "\n".join([parsed.title, *parsed.highlights, body])
    fields["tags"] = suggest_tags(topics_text, config.topics)
    if parsed.draft:  # "draft" stays the last key, after the tags
        fields["draft"] = fields.pop("draft")

    removed = [line.text for line in lines if line.dropped]
    output = [
        parsed.title,
        *parsed.highlights,
        body,
        parsed.location or "",
        parsed.number or "",
        *(x.url for x in parsed.links),
    ]
    preservation = check(source_text, [*removed, *parsed.dropped], output, joins)
    if not preservation.ok:
        raise refuse(
            source_name,
            "import.words_lost",
            count=len(preservation.lost),
            words=", ".join(preservation.lost[:20]),
        )
    missing = ("title",) * parsed.draft + tuple(name for name in FIELDS_TO_FILL if not fields[name])
    doubts.extend(parsed.doubts)
    doubts.extend(_field_doubts(parsed, overrides))
    doubts.extend(Doubt(f"{kind}_dropped", (("text", text),)) for kind, text in furniture.noted)
    if parsed.unreadable:
        doubts.append(Doubt("unreadable_lines", (("count", parsed.unreadable),)))
    if signature:
        doubts.append(Doubt("signature_block", (("text", signature),)))
    dropped = Counter(furniture.counts)
    if parsed.labels:
        dropped["label"] += parsed.labels
    result = ImportResult(
        source=source_name,
        path=bulletin_path(parsed.title, date),
        text=dump_bulletin(fields, body),
        fields=fields,
        body=body,
        encoding=encoding,
        paragraphs=len(parsed.paragraphs),
        removed_lines=sum(1 for line in lines if line.dropped),
        joined_at_breaks=parsed.joined_at_breaks,
        preservation=preservation,
        given=given,
        missing=missing,
        date_without_year=parsed.date_without_year if date is None else None,
        leading_kept=parsed.leading_kept,
        rejoined=tuple(join.word for join in joins),
        draft=parsed.draft,
        doubts=tuple(doubts),
        furniture=tuple(sorted(dropped.items())),
    )
    return result


def original_path(result: ImportResult) -> PurePosixPath | None:
    """Where the source document is kept: beside the Markdown file, with its name and the
    document's own extension (``2025/2025-11-25-imss.md`` -> ``2025/2025-11-25-imss.pdf``)."""
    if result.original_suffix is None:
        return None
    return result.path.with_suffix(result.original_suffix.lower())


def keep_original(result: ImportResult, raw: bytes) -> ImportResult:
    """``result`` with front matter naming its original (``original:``) and recording its
    SHA-256 (``original_sha256:``), so ``check`` can tell if the file is changed later.
    ``raw`` is the source document's bytes, the ones the command copies beside."""
    kept = original_path(result)
    if kept is None:
        return result
    fields = {
        **result.fields,
        "original": kept.name,
        "original_sha256": hashlib.sha256(raw).hexdigest(),
    }
    return replace(result, fields=fields, text=dump_bulletin(fields, result.body))
