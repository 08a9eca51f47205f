"""The migration corpus (tests/fixtures/migration/) is well-formed.

The corpus holds bulletins laid out the way other institutions lay them out, each with the
Markdown file the importer should write for it, checked by hand. These tests check the
corpus itself, not the importer: every source is listed in EXPECTED.csv, every expected
file is valid front matter written exactly as the project's writer writes it, the CSV
agrees with the expected files, and no expected file contains a word its source lacks.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from importer_support import FIXTURES

from builder.content.loader import parse_bulletin
from builder.content.markdownfile import dump_bulletin
from builder.content.model import Bulletin
from builder.importer.decode import decode
from builder.importer.preserve import words

MIGRATION = FIXTURES / "migration"
EXPECTED_CSV = MIGRATION / "EXPECTED.csv"
LAYOUTS = MIGRATION / "LAYOUTS.md"
EXPECTED_SUFFIX = ".expected.md"
COLUMNS = ["source", "status", "number", "date", "place", "title", "missing"]
STATUSES = {"imported", "draft", "refused", "skipped", "duplicate"}
WITH_EXPECTED_FILE = {"imported", "draft"}
FILLABLE = ("date", "number", "location")
"""The fields the importer reports as missing when the source does not give them."""
DUPLICATE_OF = "duplicate of "


def source_files() -> list[Path]:
    """Every file in an institution's folder except the expected Markdown files."""
    return sorted(
        path
        for path in MIGRATION.glob("*/*")
        if path.is_file() and not path.name.endswith(EXPECTED_SUFFIX)
    )


def expected_path(source: Path) -> Path:
    return source.with_name(source.stem + EXPECTED_SUFFIX)


def relative(path: Path) -> str:
    return path.relative_to(MIGRATION).as_posix()


def read_rows() -> list[dict[str, str]]:
    with EXPECTED_CSV.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


SOURCES = source_files()
ROWS = read_rows()
ROW_BY_SOURCE = {row["source"]: row for row in ROWS}
EXPECTED_ROWS = [row for row in ROWS if row["status"] in WITH_EXPECTED_FILE]


@dataclass(frozen=True)
class Missing:
    """The ``missing`` column: the empty fields, then notes ("doubtful: ...", reasons)."""

    fields: frozenset[str]
    notes: tuple[str, ...]


def parse_missing(text: str) -> Missing:
    items = [item.strip() for item in text.split(";") if item.strip()]
    fields = frozenset(item for item in items if item in (*FILLABLE, "title"))
    return Missing(fields, tuple(item for item in items if item not in fields))


def load_expected(path: Path) -> Bulletin:
    result = parse_bulletin(path.read_bytes(), path, relative(path), relative(path))
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    assert result.bulletin is not None
    return result.bulletin


def test_csv_has_the_columns_and_one_row_per_source() -> None:
    with EXPECTED_CSV.open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    assert header == COLUMNS
    listed = [row["source"] for row in ROWS]
    assert len(listed) == len(set(listed)), "a source is listed twice"
    assert sorted(listed) == [relative(path) for path in SOURCES]


def test_corpus_size() -> None:
    institutions = {path.parent.name for path in SOURCES}
    assert len(SOURCES) >= 30
    assert len(institutions) >= 10


def test_every_institution_has_layout_notes() -> None:
    notes = LAYOUTS.read_text(encoding="utf-8").splitlines()
    for institution in sorted({path.parent.name for path in SOURCES}):
        assert f"## {institution}" in notes, institution


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["source"])
def test_row_values_are_valid(row: dict[str, str]) -> None:
    assert row["status"] in STATUSES
    if row["date"]:
        dt.date.fromisoformat(row["date"])
    missing = parse_missing(row["missing"])
    if row["status"] in ("refused", "skipped"):
        assert not any(row[key] for key in ("number", "date", "place", "title"))
        assert missing.notes, "say why the file is refused or skipped"


@pytest.mark.parametrize("source", SOURCES, ids=relative)
def test_expected_file_exactly_when_the_bulletin_is_written(source: Path) -> None:
    status = ROW_BY_SOURCE[relative(source)]["status"]
    assert expected_path(source).exists() == (status in WITH_EXPECTED_FILE), status


def test_no_expected_file_without_its_source() -> None:
    for path in MIGRATION.glob(f"*/*{EXPECTED_SUFFIX}"):
        stem = path.name.removesuffix(EXPECTED_SUFFIX)
        assert [p for p in path.parent.iterdir() if p.stem == stem], path


@pytest.mark.parametrize("row", EXPECTED_ROWS, ids=lambda row: row["source"])
def test_expected_file_is_what_the_writer_writes(row: dict[str, str]) -> None:
    path = expected_path(MIGRATION / row["source"])
    bulletin = load_expected(path)
    fields = {
        "title": bulletin.title,
        "date": bulletin.date,
        "number": bulletin.number,
        "location": bulletin.location,
        "highlights": list(bulletin.highlights),
        "links": list(bulletin.links),
        "tags": list(bulletin.tags),
    }
    if bulletin.draft:
        fields["draft"] = True
    assert path.read_text(encoding="utf-8") == dump_bulletin(fields, bulletin.body)


@pytest.mark.parametrize("row", EXPECTED_ROWS, ids=lambda row: row["source"])
def test_csv_agrees_with_expected_file(row: dict[str, str]) -> None:
    bulletin = load_expected(expected_path(MIGRATION / row["source"]))
    assert row["title"] == bulletin.title
    assert row["number"] == (bulletin.number or "")
    assert row["place"] == (bulletin.location or "")
    assert row["date"] == (bulletin.date.isoformat() if bulletin.date else "")
    assert bulletin.draft == (row["status"] == "draft")
    empty = {name for name in FILLABLE if not getattr(bulletin, name)}
    if bulletin.draft:
        empty.add("title")
    assert parse_missing(row["missing"]).fields == empty


@pytest.mark.parametrize("row", EXPECTED_ROWS, ids=lambda row: row["source"])
def test_expected_file_invents_no_word(row: dict[str, str]) -> None:
    source = MIGRATION / row["source"]
    bulletin = load_expected(expected_path(source))
    given = words(decode(source.read_bytes(), source.name).text)
    written = [
        bulletin.title,
        *bulletin.highlights,
        bulletin.body,
        bulletin.location or "",
        bulletin.number or "",
        *(link.url for link in bulletin.links),
    ]
    invented = sorted(set(words("\n".join(written))) - set(given))
    assert invented == []


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["status"] == "draft"], ids=lambda row: row["source"]
)
def test_draft_title_is_taken_from_the_body(row: dict[str, str]) -> None:
    bulletin = load_expected(expected_path(MIGRATION / row["source"]))
    assert bulletin.title in " ".join(bulletin.body.split())
    assert len(bulletin.title) <= 80


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["status"] == "duplicate"], ids=lambda row: row["source"]
)
def test_duplicate_repeats_a_written_source(row: dict[str, str]) -> None:
    [note] = [n for n in parse_missing(row["missing"]).notes if n.startswith(DUPLICATE_OF)]
    original = ROW_BY_SOURCE[note.removeprefix(DUPLICATE_OF)]
    assert original["status"] in WITH_EXPECTED_FILE
    for key in ("number", "date", "place", "title"):
        assert row[key] == original[key], key
    first, second = MIGRATION / original["source"], MIGRATION / row["source"]
    assert first.read_bytes() != second.read_bytes(), "a byte copy tests nothing more"
    assert decode(first.read_bytes(), "a").text == decode(second.read_bytes(), "b").text


def test_corpus_has_every_encoding_and_odd_file() -> None:
    raw = {relative(path): path.read_bytes() for path in SOURCES}

    def utf8(data: bytes) -> bool:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True

    assert any(not data for data in raw.values()), "an empty file"
    assert any(data.startswith(b"\xef\xbb\xbf") for data in raw.values()), "UTF-8 with BOM"
    assert any(b"\r\n" in data for data in raw.values()), "CRLF line ends"
    assert any(data and not utf8(data) and b"\0" not in data for data in raw.values()), "CP1252"
    assert any(name.endswith(".md") for name in raw), "a Markdown file from a CMS"
    statuses = {row["status"] for row in ROWS}
    assert statuses == STATUSES
