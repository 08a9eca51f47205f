"""Raw bulletin bytes to one Markdown file: decode, clean, parse, check, write text.

Pure: no file is read or written here and nothing is printed, so the command (and the
tests) decide what to do with the result; the same bytes always give the same text.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import PurePosixPath

from builder.config import SiteConfig
from builder.i18n import load_catalog
from builder.importer.clean import clean, key, restore_running_title
from builder.importer.decode import decode
from builder.importer.header import parse_dateline, parse_number
from builder.importer.model import ImportResult, Line, Overrides, Parsed, Refused, refuse
from builder.importer.parse import link_label, parse, reads_like_a_paragraph
from builder.importer.preserve import check
from builder.importer.slug import bulletin_path
from builder.markdownfile import dump_bulletin
from builder.model import LINK_KINDS
from builder.topics import suggest_tags

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


def _parse(lines: list[Line], source: str, labels: dict[str, str]) -> Parsed:
    """Parse; when the title found is a paragraph's sentence, or none is, and a title
    repeated as a running header was dropped as letterhead, parse again with it."""
    try:
        parsed = parse(lines, source, labels)
    except Refused:
        if not restore_running_title(lines):
            raise
        return parse(lines, source, labels)
    if reads_like_a_paragraph(parsed.title) and restore_running_title(lines):
        return parse(lines, source, labels)
    return parsed


def import_text(
    raw: bytes, source_name: str, config: SiteConfig, overrides: Overrides | None = None
) -> ImportResult:
    """Import one bulletin; raises :class:`~builder.importer.model.Refused` (a
    BoletinesError) when it is empty, binary, has no title or would lose words."""
    overrides = overrides or Overrides()
    decoded = decode(raw, source_name)
    lines = clean(decoded.text, config.boilerplate, _protected(decoded.text))
    parsed = _parse(lines, source_name, _link_labels(config.language))

    given = tuple(name for name in FIELDS_TO_FILL if getattr(overrides, name) not in (None, ""))
    date = overrides.date or parsed.date
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
    body = "\n\n".join(parsed.paragraphs)
    # Topics from site.yaml's vocabulary that the text talks about (builder.topics).
    topics_text = "\n".join([parsed.title, *parsed.highlights, body])
    fields["tags"] = suggest_tags(topics_text, config.topics)

    removed = [line.text for line in lines if line.dropped]
    output = [
        parsed.title,
        *parsed.highlights,
        body,
        parsed.location or "",
        parsed.number or "",
        *(x.url for x in parsed.links),
    ]
    preservation = check(decoded.text, [*removed, *parsed.dropped], output, parsed.joins)
    if not preservation.ok:
        raise refuse(
            source_name,
            "import.words_lost",
            count=len(preservation.lost),
            words=", ".join(preservation.lost[:20]),
        )
    missing = tuple(name for name in FIELDS_TO_FILL if not fields[name])
    result = ImportResult(
        source=source_name,
        path=bulletin_path(parsed.title, date),
        text=dump_bulletin(fields, body),
        fields=fields,
        body=body,
        encoding=decoded.encoding,
        paragraphs=len(parsed.paragraphs),
        removed_lines=sum(1 for line in lines if line.dropped),
        joined_at_breaks=parsed.joined_at_breaks,
        preservation=preservation,
        given=given,
        missing=missing,
        date_without_year=parsed.date_without_year if date is None else None,
        leading_kept=parsed.leading_kept,
        rejoined=tuple(join.word for join in parsed.joins),
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
    return dataclasses.replace(result, fields=fields, text=dump_bulletin(fields, result.body))
