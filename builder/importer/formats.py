"""Which reader a file needs, told by its first bytes, never only by its name.

A PDF starts with ``%PDF-`` (within its first kilobyte, as readers allow); a Word file
(.docx) is a ZIP package holding ``word/document.xml``; an old binary Word file (.doc)
is an OLE compound file (``D0 CF 11 E0``), which no reader here opens; an image (JPEG,
PNG, GIF, WebP, TIFF) is no bulletin, though its bytes may decode as Latin-1. Anything
else is text. The size limit is checked before any reader runs: a bulletin is a few pages.
"""

from __future__ import annotations

from builder.importer.model import refuse

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGICS = (b"\xff\xd8", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
"""An image's first bytes; WebP is "RIFF", a size, then "WEBP"."""
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""A PDF or Word bulletin with photos weighs a few MB; larger files are refused unread."""


def sniff(raw: bytes, source: str) -> str:
    """ "pdf", "docx" or "text"; refuses an old .doc and documents over the size limit."""
    if raw.startswith(OLE_MAGIC):
        raise refuse(source, "import.doc_binary")
    if raw.startswith(IMAGE_MAGICS) or (raw[:4] == b"RIFF" and raw[8:12] == b"WEBP"):
        raise refuse(source, "import.binary")
    if PDF_MAGIC in raw[:1024]:
        kind = "pdf"
    elif raw.startswith(ZIP_MAGIC):
        kind = "docx"  # read_docx refuses a ZIP that is not a Word document
    else:
        return "text"
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise refuse(
            source,
            "import.document_too_large",
            size_mb=f"{len(raw) / 1024 / 1024:.1f}",
            limit_mb=f"{MAX_DOCUMENT_BYTES / 1024 / 1024:.0f}",
        )
    return kind
