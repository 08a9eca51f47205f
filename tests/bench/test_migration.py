"""The migration benchmark's folder: the size asked for, each copy a bulletin of its own."""

from __future__ import annotations

from pathlib import Path

from bench.migration import make_archive
from builder.core.settings import SiteConfig
from builder.importer import import_file


def test_the_folder_has_the_files_asked_for_and_each_copy_its_own_year(tmp_path: Path) -> None:
    folder = tmp_path / "archivo"
    kinds = make_archive(folder, total=200)  # more text files than the sources: 2 years
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len(files) == 200 == sum(kinds.values())
    assert kinds == {"pdf": 10, "docx": 50, "text": 140}
    words = sorted(folder.glob("word-*.docx"))[:2]
    dates = [import_file(p.read_bytes(), p.name, SiteConfig()).fields["date"] for p in words]
    assert [d.year for d in dates] == [2000, 2001]  # the year changed in the text, not the XML
    texts = sorted(folder.glob("2001/*"))
    assert texts and all(b"2001" in p.read_bytes() for p in texts)
