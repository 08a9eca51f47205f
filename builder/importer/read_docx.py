"""A Word file (.docx) to a :class:`~builder.importer.document.Document`, by python-docx.

The package is checked before python-docx opens it, because a .docx is a ZIP of XML
parts and both can be made to explode: at most :data:`MAX_ENTRIES` parts and
:data:`MAX_UNPACKED` bytes unpacked, by the sizes the ZIP declares and by the bytes
actually read (Python's zipfile never inflates a part past its declared size); no
DOCTYPE in any XML part (python-docx's parser already leaves entities unresolved); no
macros (a .docm: the macro-enabled content type or a vbaProject part).

What is read: the body's paragraphs and tables in order, each paragraph's runs with
their bold, list paragraphs (a "List ..." style), and hyperlinks with the URL of their
relationship. Header and footer parts are the letterhead: kept as dropped lines, so
the report counts them and the word check does not ask for them.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as WordDocument
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph as WordParagraph

from builder.importer.document import Document, Paragraph, mark_bold
from builder.importer.model import refuse

MAX_ENTRIES = 1000
"""Parts in the package; Word writes about 15."""
MAX_UNPACKED = 50 * 1024 * 1024
"""Bytes unpacked; a bulletin's document.xml is well under 1 MB, photos a few MB."""
_XML_SUFFIXES = (".xml", ".rels")


def check_package(raw: bytes, source: str) -> None:
    """Refuse a ZIP that is not a Word document, a macro-enabled one, or a bomb."""
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
        infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse(source, "import.document_damaged") from None
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise refuse(source, "import.not_word")
    if len(infos) > MAX_ENTRIES or sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise refuse(source, "import.zip_bomb")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise refuse(source, "import.docm")
    unpacked = 0
    for info in infos:
        if not info.filename.endswith(_XML_SUFFIXES):
            continue
        try:
            with package.open(info) as part:
                data = part.read(MAX_UNPACKED - unpacked + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise refuse(source, "import.document_damaged") from None
        unpacked += len(data)
        if unpacked > MAX_UNPACKED:
            raise refuse(source, "import.zip_bomb")
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise refuse(source, "import.xml_entities")
        if info.filename == "[Content_Types].xml" and b"macroEnabled" in data:
            raise refuse(source, "import.docm")


def _bold(run, paragraph: WordParagraph) -> bool:
    if run.bold is not None:
        return run.bold
    for style in (run.style, paragraph.style):
        while style is not None:
            if style.font.bold is not None:
                return style.font.bold
            style = style.base_style
    return False


def _paragraph(paragraph: WordParagraph) -> Paragraph | None:
    segments: list[tuple[str, bool]] = []
    urls: list[str] = []
    outside_links = ""
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            if item.url:
                urls.append(item.url)
            segments.extend((run.text, _bold(run, paragraph)) for run in item.runs)
        else:
            segments.append((item.text, _bold(item, paragraph)))
            outside_links += item.text
    text = mark_bold(segments)
    if not text.strip():
        return None
    style = paragraph.style.name if paragraph.style is not None else ""
    return Paragraph(
        text,
        list_item=style.startswith("List"),
        url=urls[0] if len(urls) == 1 and not outside_links.strip() else None,
    )


def _table(table: Table) -> list[Paragraph]:
    """A row a paragraph, cells joined with " | "; a merged cell is given once."""
    rows = []
    for row in table.rows:
        texts: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not texts or texts[-1] != text):
                texts.append(text)
        if texts:
            rows.append(Paragraph(" | ".join(texts)))
    return rows


def _letterhead(document: WordDocument) -> tuple[list[str], list[str]]:
    """The text of the header and footer parts, each part once."""
    seen: set[int] = set()
    header: list[str] = []
    footer: list[str] = []
    for section in document.sections:
        for part, into in (
            (section.first_page_header, header),
            (section.header, header),
            (section.even_page_header, header),
            (section.first_page_footer, footer),
            (section.footer, footer),
            (section.even_page_footer, footer),
        ):
            if part.is_linked_to_previous or id(part.part) in seen:
                continue
            seen.add(id(part.part))
            into.extend(p.text for p in part.paragraphs if p.text.strip())
            for table in part.tables:
                into.extend(p.text for p in _table(table))
    return header, footer


def read_docx(raw: bytes, source: str) -> Document:
    check_package(raw, source)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception:  # python-docx raises many kinds on a broken package
        raise refuse(source, "import.document_damaged") from None
    header, footer = _letterhead(document)
    paragraphs = [Paragraph(text, letterhead=True) for text in header]
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            paragraphs.extend(_table(block))
        elif (paragraph := _paragraph(block)) is not None:
            paragraphs.append(paragraph)
    paragraphs.extend(Paragraph(text, letterhead=True) for text in footer)
    if not any(p.text.strip() for p in paragraphs if not p.letterhead):
        raise refuse(source, "import.empty")
    source_text = "\n".join(p.text for p in paragraphs)
    return Document(tuple(paragraphs), source_text, kind="docx")
