"""A PDF to a :class:`~builder.importer.document.Document`, by PDFium (pypdfium2).

Chosen over pdfplumber (pdfminer.six) by measurement: on the 3-page fixture
``001_….pdf`` PDFium gave text, character boxes, fonts and link annotations in 19 ms,
pdfplumber in 360 ms; both give what is needed (font weight or name, positions, link
URIs). The PDFium calls are its C API as pypdfium2 publishes it (``pypdfium2.raw``).

The page geometry that plain text loses is used:

- letterhead: a line in the top or bottom quarter of the page that is found, digits
  aside ("Página 2 de 3"), at the same height on every page; and, on any page, a line
  in the top or bottom band set apart by a smaller size or by colour;
- paragraphs: a new one starts after a gap taller than the line spacing, at a bullet,
  at a change of font size, or after a short line that ends a sentence; its lines are
  joined, words hyphenated at a line end rejoined (:mod:`builder.importer.hyphens`);
- bold (font weight, or "Bold" in the font name) is marked ``**bold**``;
- a paragraph covered by a link annotation gets its URL ("Fotos aquí" → the URL).

Paragraphs cut by a page break are joined again by the importer's rules, as in text.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from builder.importer.document import Document, Paragraph, mark_bold
from builder.importer.hyphens import Rejoiner
from builder.importer.model import refuse

MAX_PAGES = 60
"""Pages read at most; a bulletin has 1 to 5, a longer PDF is not a bulletin."""
TOP_BAND = 0.25
"""Share of the page height, at top and bottom, where running headers are looked for."""
SET_APART_BAND = 0.15
"""Share of the page height where a smaller or coloured line is letterhead anyway."""
BULLETS = "\uf0b7\uf0a7\uf076\uf0d8\uf0fc•·◦▪●‣"
"""List marks, including the Symbol/Wingdings ones Word writes in the private use area."""
FORCE_BOLD = 1 << 18
"""The ForceBold flag of a PDF font descriptor (PDF 32000-1, table 123)."""
_SENTENCE_END = re.compile(r"[.!?…:][\"”»’)\]]*$")
_DIGITS = re.compile(r"\d+")


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    left: float
    right: float
    chars: list[tuple[str, bool]] = field(default_factory=list)
    size: float = 0.0
    coloured: bool = False
    url: str | None = None
    height: float = 792.0
    """Of the page, in points like ``top`` and ``bottom``."""

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars).strip()


def _open(raw: bytes, source: str) -> pdfium.PdfDocument:
    if b"%%EOF" not in raw[-2048:]:
        raise refuse(source, "import.document_damaged")  # cut short: PDFium would guess
    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise refuse(source, "import.pdf_encrypted") from None
        raise refuse(source, "import.document_damaged") from None
    if len(document) > MAX_PAGES:
        pages = len(document)
        document.close()
        raise refuse(source, "import.pdf_too_many_pages", pages=pages, limit=MAX_PAGES)
    return document


def _links(document: pdfium.PdfDocument, page: pdfium.PdfPage) -> list[tuple[tuple, str]]:
    """(left, bottom, right, top) and URI of each link annotation of the page."""
    found = []
    start = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page, ctypes.byref(start), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(document, action, None, 0)
        if size <= 1 or size > 4096:
            continue
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(document, action, buffer, size)
        rect = pdfium_c.FS_RECTF()
        if pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            uri = buffer.value.decode("latin-1").strip()
            if uri.lower().startswith(("http://", "https://")):
                found.append(((rect.left, rect.bottom, rect.right, rect.top), uri))
    return found


def _font_is_bold(textpage, index: int, names: dict[bytes, bool]) -> bool:
    if pdfium_c.FPDFText_GetFontWeight(textpage, index) >= 600:
        return True
    flags = ctypes.c_int(0)
    size = pdfium_c.FPDFText_GetFontInfo(textpage, index, None, 0, ctypes.byref(flags))
    if size <= 0:
        return False
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, size, ctypes.byref(flags))
    if flags.value & FORCE_BOLD:
        return True
    name = buffer.value
    if name not in names:
        names[name] = b"bold" in name.lower() or b"black" in name.lower()
    return names[name]


def _page_lines(document: pdfium.PdfDocument, number: int) -> list[_Line]:
    page = document[number]
    height = page.get_size()[1]
    textpage = page.get_textpage()
    links = _links(document, page)
    lines: list[_Line] = []
    current: list[tuple[str, bool, tuple[float, float, float, float], float, bool]] = []
    names: dict[bytes, bool] = {}
    styles: dict[int | None, tuple[bool, float, bool]] = {}
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))

    def flush() -> None:
        boxes = [box for ch, _, box, _, _ in current if ch.strip()]
        if boxes:
            line = _Line(
                number,
                height - max(box[3] for box in boxes),
                height - min(box[1] for box in boxes),
                min(box[0] for box in boxes),
                max(box[2] for box in boxes),
                [(ch, bold) for ch, bold, _, _, _ in current],
                statistics.median(size for ch, _, _, size, _ in current if ch.strip()),
                all(col for ch, _, _, _, col in current if ch.strip()),
            )
            for rect, uri in links:
                if all(
                    rect[0] - 1 <= (box[0] + box[2]) / 2 <= rect[2] + 1
                    and rect[1] - 1 <= (box[1] + box[3]) / 2 <= rect[3] + 1
                    for box in boxes
                ):
                    line.url = uri
            lines.append(line)
        current.clear()

    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index) or 32)
        if char in "\r\n":
            flush()
            continue
        if char == "\x02":
            # PDFium's mark for a hyphen it took as a word break at a line end, joining
            # the two lines: the hyphen and the line break are put back, and the
            # importer's rule (builder.importer.hyphens) decides, as for text.
            if current:
                current.append(("-", *current[-1][1:]))  # styled and placed as the char before
            flush()
            continue
        if not char.strip():
            current.append((" ", False, (0, 0, 0, 0), 0, False))
            continue
        pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
        # Font, size and colour belong to the text object: asked once per object
        # (asking per character made a 3-page PDF take 300 ms instead of 60).
        key = ctypes.cast(pdfium_c.FPDFText_GetTextObject(textpage, index), ctypes.c_void_p)
        style = styles.get(key.value)
        if style is None:
            pdfium_c.FPDFText_GetFillColor(textpage, index, r, g, b, a)
            style = styles[key.value] = (
                _font_is_bold(textpage, index, names),
                pdfium_c.FPDFText_GetFontSize(textpage, index),
                max(r.value, g.value, b.value) - min(r.value, g.value, b.value) > 40,
            )
        bold, size, coloured = style
        box = (left.value, bottom.value, right.value, top.value)
        current.append((char, bold, box, size, coloured))
    flush()
    for line in lines:
        line.height = height
    textpage.close()
    page.close()
    return lines


def _shape(line: _Line) -> str:
    return _DIGITS.sub("0", " ".join(line.text.lower().split()))


def _letterhead(lines: list[_Line], pages: int, body_size: float) -> set[int]:
    """Indexes of lines in the page bands that repeat on every page or are set apart."""
    in_band = [
        i
        for i, line in enumerate(lines)
        if line.top < TOP_BAND * line.height or line.top > (1 - TOP_BAND) * line.height
    ]
    seen: dict[tuple[str, int], set[int]] = {}
    for i in in_band:
        seen.setdefault((_shape(lines[i]), round(lines[i].top / 4)), set()).add(lines[i].page)
    dropped = set()
    for i in in_band:
        line = lines[i]
        key = (_shape(line), round(line.top / 4))  # the same height within 4 points
        repeated = pages > 1 and len(seen.get(key, ())) == pages
        banded = (
            line.top < SET_APART_BAND * line.height
            or line.bottom > (1 - SET_APART_BAND) * line.height
        )
        apart = (
            banded
            and line.url is None  # a link's colour is not a letterhead's
            and (line.size < body_size - 0.5 or (line.coloured and line.size <= body_size + 0.5))
        )
        if repeated or apart:
            dropped.add(i)
    return dropped


def _starts_paragraph(previous: _Line, line: _Line, pitch: float, width: float) -> bool:
    gap = line.top - previous.top
    # Line spacing is 1.15 to 1.3 times the font size; a document of few lines may have
    # as many paragraph gaps as line gaps, so the measured pitch is capped by that.
    spacing = min(pitch, 1.3 * max(previous.size, line.size))
    return (
        line.page != previous.page
        or gap > 1.35 * spacing
        or gap < 0
        or line.text[:1] in BULLETS
        or abs(line.size - previous.size) > 0.75
        or bool(previous.url) != bool(line.url)
        or (
            _SENTENCE_END.search(previous.text) is not None
            and previous.right < previous.left + 0.85 * width
        )
    )


def read_pdf(raw: bytes, source: str) -> Document:
    document = _open(raw, source)
    try:
        lines = [line for n in range(len(document)) for line in _page_lines(document, n)]
        pages = len(document)
    finally:
        document.close()
    if not any(line.text for line in lines):
        raise refuse(source, "import.pdf_no_text")
    body_size = statistics.median(line.size for line in lines)
    dropped = _letterhead(lines, pages, body_size)
    body = [line for i, line in enumerate(lines) if i not in dropped]
    pitches = [
        b.top - a.top
        for a, b in zip(body, body[1:], strict=False)
        if a.page == b.page and b.top > a.top
    ]
    # The line spacing: the lower quartile of the gaps, since paragraph gaps are taller
    # and, in a short document, may be as many as the lines.
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else 1.0
    width = max((line.right - line.left for line in body), default=1.0)
    rejoiner = Rejoiner.learn(line.text for line in lines)
    paragraphs: list[Paragraph] = []
    group: list[_Line] = []

    def close() -> None:
        if not group:
            return
        first = group[0].text
        bullet = first[:1] in BULLETS
        texts = []
        for n, line in enumerate(group):
            chars = line.chars
            if n == 0 and bullet:
                skip = next(i for i, (c, _) in enumerate(chars) if c.strip())
                chars = chars[skip + 1 :]
            texts.append(mark_bold(chars).strip())
        text = texts[0]
        for following in texts[1:]:
            if text.endswith("**") and following.startswith("**"):
                text, following = text[:-2], following[2:]  # one bold run over two lines
                text = rejoiner.join(text, following)
            else:
                text = rejoiner.join(text, following)
        urls = {line.url for line in group}
        url = urls.pop() if len(urls) == 1 else None
        paragraphs.append(Paragraph(text, group[0].page + 1, list_item=bullet, url=url))
        group.clear()

    for i, line in enumerate(lines):
        if i in dropped:
            close()
            paragraphs.append(Paragraph(line.text, line.page + 1, letterhead=True))
            continue
        if group and _starts_paragraph(group[-1], line, pitch, width):
            close()
        group.append(line)
    close()
    source_text = "\n".join(line.text for line in lines)
    return Document(tuple(paragraphs), source_text, tuple(rejoiner.joins), kind="pdf")
