"""bench/preview.py: a preview of a small archive, saved twice, with and without search;
the latencies come back for every save and the table shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import preview
from bench.corpus import generate, write

SITE = 'title: "Prueba"\nbase_url: "/"\nsearch_shard_pages: 10\n'


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "site.yaml").write_text(SITE, encoding="utf-8")
    bulletins = generate(24, seed=7)
    write(bulletins, tmp_path / "content", "boletines")
    return tmp_path, bulletins[12].rel_path


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview, "SETTLE_SECONDS", 0.3)


def test_each_save_is_timed_until_the_page_shows_and_the_search_is_updated(archive):
    root, edited = archive
    without, with_search = preview.measure_all(root, edited, 2)
    assert (without.error, with_search.error) == ("", "")
    assert len(without.page) == len(with_search.page) == 2
    assert without.indexed == [None, None]
    assert all(
        s is not None and s >= p for s, p in zip(with_search.indexed, with_search.page, strict=True)
    )
    notes = (root / "content" / edited).read_text(encoding="utf-8").split("\n")
    notes = [line for line in notes if line.startswith("Nota de la vista previa")]
    assert len(notes) == 4  # two saves in each preview
    page = root / ".bench-preview-search" / edited.removesuffix(".md") / "index.html"
    assert all(note in page.read_text(encoding="utf-8") for note in notes)
    rows = preview.lines(24, [without, with_search], 2)
    assert rows[0].startswith("| 24 | without search | ") and "| 2 of 2 |" in rows[0]
    assert rows[1].startswith("| 24 | with search | ")


def test_a_preview_that_cannot_build_is_reported_not_timed(archive):
    root, edited = archive
    (root / "site.yaml").write_text("title: [\n", encoding="utf-8")
    result = preview.measure(root, edited, 1, search=False)
    assert result.error.startswith("the first build failed")
    assert result.page == []
    assert "**the first build failed" in preview.lines(24, [result], 1)[0]
