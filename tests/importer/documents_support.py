"""Document fixtures of the importer tests, and small PDFs and Word files made in code.

The committed fixtures (``tests/fixtures/documents/``) are made by office software
(``make_documents.py`` there); the files made here isolate one behaviour each.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass

import docx
from importer_support import FIXTURES

sys.path.insert(0, str(FIXTURES / "documents"))
from make_documents import _pdf as write_pdf  # noqa: E402  (the script's PDF writer)

DOCUMENTS = FIXTURES / "documents"
HOSTILE = DOCUMENTS / "hostiles"
SAMPLE_STEMS = sorted(p.stem for p in DOCUMENTS.glob("0*.pdf"))


@dataclass(frozen=True)
class Text:
    """One line of text placed on a PDF page (points from the bottom left)."""

    x: float
    y: float
    text: str
    size: float = 11
    bold: bool = False
    rgb: tuple[float, float, float] = (0, 0, 0)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[Text]], links: list[tuple[int, tuple, str]] = ()) -> bytes:
    """A PDF with Helvetica text, one content stream a page; ``links`` are (page index,
    (left, bottom, right, top), URI) link annotations."""
    objects: list[bytes] = [b"", b""]  # catalog and page tree, filled in last
    fonts = {"F1": "Helvetica", "F2": "Helvetica-Bold"}
    font_ids = {}
    for name, base in fonts.items():
        objects.append(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
            % base.encode()
        )
        font_ids[name] = len(objects)
    resources = b"<< /Font << %s >> >>" % b" ".join(
        b"/%s %d 0 R" % (n.encode(), i) for n, i in font_ids.items()
    )
    kids = []
    for index, items in enumerate(pages):
        ops = b"".join(
            b"BT %.3f %.3f %.3f rg /%s %.1f Tf %.1f %.1f Td (%s) Tj ET\n"
            % (*t.rgb, b"F2" if t.bold else b"F1", t.size, t.x, t.y, _escape(t.text))
            for t in items
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream")
        content = len(objects)
        annots = []
        for page, rect, uri in links:
            if page == index:
                objects.append(
                    b"<< /Type /Annot /Subtype /Link /Rect [%.1f %.1f %.1f %.1f] /Border [0 0 0] "
                    b"/A << /S /URI /URI (%s) >> >>" % (*rect, uri.encode())
                )
                annots.append(len(objects))
        annot_refs = b" ".join(b"%d 0 R" % n for n in annots)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources %s /Annots [%s] >>" % (content, resources, annot_refs)
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    return write_pdf(objects)


def column(lines: list[str], top: float = 700, pitch: float = 14, **style) -> list[Text]:
    """Lines set one under the other; an empty string leaves a paragraph gap."""
    placed, y = [], top
    for line in lines:
        if line:
            placed.append(Text(72, y, line, **style))
        y -= pitch if line else pitch * 0.8
    return placed


def docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewrite_zip(raw: bytes, change: dict[str, bytes | None]) -> bytes:
    """The package ``raw`` with parts replaced, added, or removed (``None``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            if item.filename in change:
                continue
            zout.writestr(item, zin.read(item))
        for name, data in change.items():
            if data is not None:
                zout.writestr(name, data)
    return out.getvalue()
