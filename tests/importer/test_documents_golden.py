"""PDF and Word bulletins give the golden Markdown of their text sample, byte for byte.

The fixtures (``tests/fixtures/documents/``, made by ``make_documents.py`` there) lay
out the text of each golden file as the press office does: letterhead in the page
header, year motto in the footer, bold title and highlights, media links as
hyperlinks whose text is a label ("Fotos aquí"). The document knows nothing the text
copy does not, except where a link's URL is: in the text it is printed after "LINK DE
FOTOS:", in the document it is the hyperlink (DOCX relationship, PDF link
annotation) behind the label; the front matter is the same either way.
"""

from __future__ import annotations

import dataclasses

import pytest
from documents_support import DOCUMENTS, SAMPLE_STEMS
from importer_support import GOLDEN

from builder.core.settings import SiteConfig
from builder.importer import import_file

NO_BOILERPLATE = dataclasses.replace(SiteConfig(), boilerplate=())
"""No letterhead patterns at all: a document's letterhead goes by its layout alone."""


def _import(name: str, config: SiteConfig):
    path = DOCUMENTS / name
    return import_file(path.read_bytes(), path.name, config)


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_document_gives_the_golden_of_its_text(stem: str, suffix: str) -> None:
    result = _import(stem + suffix, SiteConfig())
    assert result.text == (GOLDEN / f"{stem}.md").read_text(encoding="utf-8")
    assert result.original_suffix == suffix
    assert result.preservation.ok


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_letterhead_goes_without_a_boilerplate_setting(stem: str, suffix: str) -> None:
    """The IMSS letterhead is in the page header of every page: dropped by position
    (PDF) or as the header part (DOCX), with no pattern to match it."""
    result = _import(stem + suffix, NO_BOILERPLATE)
    assert result.text == (GOLDEN / f"{stem}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("config", [SiteConfig(), NO_BOILERPLATE], ids=["default", "none"])
@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_another_institutions_layout(suffix: str, config: SiteConfig) -> None:
    """Sample 002 under another letterhead (not among the default patterns) and a
    "Página N de M" footer: the same file as the IMSS layout gives."""
    result = _import("otra_institucion" + suffix, config)
    assert result.text == (GOLDEN / "002_a261bfacd3ab9bb1.md").read_text(encoding="utf-8")
    assert "OAXACA" not in result.text.upper()
    assert "Vinculación" not in result.text


def test_pdf_drops_the_repeated_bands_and_joins_the_page_breaks() -> None:
    result = _import("001_343a89e49d96308d.pdf", NO_BOILERPLATE)
    # Three pages: four letterhead lines and a motto on each.
    assert result.removed_lines >= 15
    assert result.joined_at_breaks == 2
    assert "Esposa del Presidente (SOSEP)" in result.body


def test_text_import_gives_no_original_suffix() -> None:
    raw = (GOLDEN.parent / "raw" / "001_343a89e49d96308d.txt").read_bytes()
    assert import_file(raw, "001.txt", SiteConfig()).original_suffix is None
