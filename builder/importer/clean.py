"""Dropping letterhead, footers, page numbers and stamps, wherever they occur.

Text extracted from a PDF repeats the letterhead on every page, so it turns up in the
middle of paragraphs. Lines are dropped by three kinds of rule:

- the site's boilerplate patterns (``site.yaml``,
  :data:`builder.core.settings.DEFAULT_BOILERPLATE`),
  matched against one line or a run of up to six consecutive short lines joined with
  spaces ("Gobierno de" + "**México**"), ignoring case, accents and Markdown marks;
- structural rules that hold for any institution: page numbers ("Página 2 de 3", a bare
  "2", "- 2 -"), year mottos ("2019, Año del Caudillo del Sur"), end marks ("---o0o---"),
  CMS stamps ("Última actualización: 3/3/2019"), form feeds; web-page buttons and the
  like are furniture (:mod:`builder.importer.furniture`), dropped only when set apart;
- short lines that repeat, in blocks of short lines: that is what a letterhead is.
  A running header that repeats the title ("Universidad lanza programa de becas" at the
  top of every page) is dropped at the page breaks but kept once at the top, where the
  parser looks for the title.

Dropping is by whole line: a word inside a sentence is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from builder.core.text import fold
from builder.importer.decode import PAGE_BREAK
from builder.importer.model import Line

MAX_RUN = 6
"""Most lines one letterhead pattern may span ("2025" / "Año de" / "La Mujer" / "Indígena")."""
SHORT_LINE = 60
"""Characters; longer lines are never part of a multi-line letterhead or a repeated line."""

_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2015"
MOTTO = re.compile(r"\d{4}\s*[,.:]?\s*ano\s+(?:de|del)\b.{0,120}", re.IGNORECASE)
"""Year mottos: "2025 Año de La Mujer Indígena", "2019, Año del Caudillo del Sur, ..."."""
STRUCTURAL = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # Page numbers.
        r"(?:pagina|pag\.?|p\.|page)\s*\d{1,3}(?:\s*(?:de|/|of)\s*\d{1,3})?",
        r"\d{1,3}",
        rf"[{_DASH}]\s*\d{{1,3}}\s*[{_DASH}]",
        r"\d{1,3}\s*(?:de|/)\s*\d{1,3}",
        # End marks: ---o0o---, ---oo---, -oOo-, marks on both sides ("oo-" is a word's half).
        rf"[{_DASH}=_*~][{_DASH}=_*~\s]*o[o0]*o[{_DASH}=_*~\s]*[{_DASH}=_*~]",
        # CMS and browser stamps.
        r"(?:fecha de )?(?:ultima )?(?:publicacion|actualizacion|publicado|actualizado|"
        r"modificado)(?: el)?\s*:?.{0,40}\d.{0,40}",
        r"\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?\s*m\.?)?.{0,80}",
    )
)
_NO_WORDS = re.compile(r"[^\w]*")
_MARKS = re.compile(r"^\s*(?:#{1,6}\s+|>\s*)?|[*_]+")
_SPACES = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*(?:[-*·•◦▪●‣–—]|\d{1,2}[.)])\s")
_URL = re.compile(r"<?https?://", re.IGNORECASE)
_TERMINAL = re.compile(r"[.,;:!?]\s*$")
_ENDS_CLAUSE = re.compile(r"[.,;:!?…][\"”»’)\]]*\s*$")
"""Body text: a title or a running header does not end with punctuation."""
MAX_REPEATED = 250
"""Characters: a title repeated as a running header can be this long."""
MAX_REPEATED_WORDS = 15
"""Words of a footer line (an address) that may repeat at page breaks."""
_PARTICLES = frozenset(
    {
        "a",
        "al",
        "ante",
        "con",
        "de",
        "del",
        "e",
        "el",
        "en",
        "entre",
        "la",
        "las",
        "lo",
        "los",
        "o",
        "para",
        "por",
        "que",
        "se",
        "sin",
        "sobre",
        "su",
        "sus",
        "u",
        "y",
    }
)


def key(text: str) -> str:
    """What a pattern is matched against: no Markdown marks, no accents, lower case."""
    return _SPACES.sub(" ", fold(_MARKS.sub("", text))).strip()


def compile_patterns(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _matches(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    return any(p.fullmatch(text) for p in patterns)


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of consecutive lines that are neither blank nor already dropped."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.kept:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _at_page_break(lines: list[Line], block: list[Line]) -> bool:
    """True when the block sits where a page ends or starts: at either end of the text,
    next to dropped letterhead, or set off by two or more blank lines (PDF page gaps)."""

    def side(indexes: range) -> bool:
        for blanks, index in enumerate(indexes):
            line = lines[index]
            if line.dropped:
                return True
            if line.text.strip():
                return blanks >= 2
        return True  # start or end of the text

    first, last = block[0].number - 1, block[-1].number - 1
    return side(range(first - 1, -1, -1)) or side(range(last + 1, len(lines)))


_ENDS_SENTENCE = re.compile(r"[.!?][»”\"')]?\s*$")


def _drop_patterns(block: list[Line], patterns: tuple[re.Pattern[str], ...]) -> None:
    keys = [key(line.text) for line in block]
    patterns = (*patterns, MOTTO)
    i = 0
    while i < len(block):
        for length in range(min(MAX_RUN, len(block) - i), 0, -1):
            run = keys[i : i + length]
            if length > 1 and any(len(k) > SHORT_LINE or not k for k in run):
                continue
            if length > 1 and _ENDS_SENTENCE.search(block[i + length - 1].text):
                continue  # a sentence after a motto ("2025 Año de ..." + "Hoy se ...") is text
            joined = " ".join(run)
            if _matches(patterns, joined):
                for line in block[i : i + length]:
                    line.dropped = "boilerplate"
                i += length
                break
            if length == 1 and (_matches(STRUCTURAL, joined) or _NO_WORDS.fullmatch(joined)):
                block[i].dropped = "page"
                i += 1
                break
        else:
            i += 1


def _is_letterhead_like(line: Line) -> bool:
    """Unpunctuated like a letterhead or footer line ("Av. República de Argentina 28,
    Centro Histórico, Ciudad de México"), or a title repeated at page breaks."""
    text = line.text.strip()
    k = key(text)
    return (
        0 < len(k) <= MAX_REPEATED
        and (len(k.split()) <= MAX_REPEATED_WORDS or _is_headline(line))
        and any(c.isalpha() for c in k)
        and not _TERMINAL.search(_MARKS.sub("", text))
        and not _BULLET.match(text)
        and not _URL.search(text)
    )


_DIGITS = re.compile(r"\d+")


def _shape(text: str) -> str:
    """What repeats in a running header or footer: the text without its numbers
    ("Boletín 12/2024 · Página 2 de 3" and "... Página 3 de 3" are the same line)."""
    return _DIGITS.sub("0", key(text))


def _is_headline(line: Line) -> bool:
    """Written like a title, not like a letterhead: in sentence case, with a lower-case
    word that is not a particle ("Universidad de Guadalajara lanza programa de becas",
    not "Coordinación General de Comunicación Social" or "SECRETARÍA DE SALUD")."""
    words = [w for w in re.findall(r"[^\W\d_]+", _MARKS.sub("", line.text)) if len(w) > 2]
    return (
        len(words) >= 3
        and not _ENDS_CLAUSE.search(line.text)
        and not _BULLET.match(line.text)
        and not _URL.search(line.text)
        and any(w[0].islower() and w.lower() not in _PARTICLES for w in words)
    )


def _top(lines: list[Line], protected: set[str]) -> int:
    """How many lines come before the body: the first line that ends with punctuation
    (other than a dateline or number) or starts a list is body; the title is above it."""
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not line.kept or key(text) in protected:
            continue
        if _ENDS_CLAUSE.search(_MARKS.sub("", text)) or _BULLET.match(text):
            return index
    return len(lines)


def _drop_repeated(lines: list[Line], protected: Iterable[str]) -> None:
    """Short lines seen twice or more, every time in a block of short lines at a page
    break, are letterhead: that is what a running header or footer looks like.

    A repeated line written like a title, seen once above the body, is the title
    repeated as a running header: the copies at page breaks go, and the last one above
    the body stays (marked ``running``, so the parser knows it may be letterhead). Other
    repeated lines above the body (in capitals, say) are dropped but marked ``running``:
    :func:`restore_running_title` brings the last one back when no title is found."""
    keep = set(protected)
    top = _top(lines, keep)
    keep = {_shape(k) for k in keep}
    occurrences: dict[str, list[tuple[Line, bool]]] = {}
    for block in _blocks(lines):
        letterhead = all(_is_letterhead_like(line) for line in block)
        at_break = letterhead and _at_page_break(lines, block)
        for line in block:
            if letterhead or (line.number <= top and _is_headline(line)):
                occurrences.setdefault(_shape(line.text), []).append((line, at_break))
    for k, found in occurrences.items():
        if len(found) < 2 or k in keep:
            continue
        if not all(at for line, at in found if line.number > top):
            continue
        above = [(line, at) for line, at in found if line.number <= top]
        # The title proper if it is printed apart from the running header (after the
        # dateline, say), else the running header at the top of the first page.
        apart = [line for line, at in above if not at]
        candidate = (apart or [line for line, _ in above] or [None])[0]
        title = candidate if candidate is not None and _is_headline(candidate) else None
        if title is None and not all(at for _, at in found):
            continue
        for line, at in found:
            if line is not title and at:  # only ever a copy at a page break
                line.dropped = "repeated"
        if title is not None:
            title.running = not apart  # kept from a page break: may be letterhead after all
        elif above:
            above[-1][0].running = True  # dropped, but the title if no other is found


def clean(text: str, patterns: Iterable[str], protected: Iterable[str] = ()) -> list[Line]:
    """The source's lines, with ``dropped`` set on letterhead, footers and page marks.

    ``protected`` are line keys never dropped as repeated (link labels, say)."""
    lines = [Line(n, t) for n, t in enumerate(text.split("\n"), start=1)]
    return clean_lines(lines, patterns, protected)


def clean_lines(
    lines: list[Line], patterns: Iterable[str], protected: Iterable[str] = ()
) -> list[Line]:
    """:func:`clean` on lines already made (numbered from 1, in order), as a document
    reader makes them: lines it dropped already (a page header) stay dropped."""
    for line in lines:
        if PAGE_BREAK in line.text:
            line.dropped = "page"
    compiled = compile_patterns(patterns)
    for block in _blocks(lines):
        _drop_patterns(block, compiled)
    _drop_repeated(lines, protected)
    return lines


def restore_running_title(lines: list[Line]) -> bool:
    """Keep the last repeated line above the body after all (see :func:`_drop_repeated`):
    a title in capitals repeated as a running header looks just like the letterhead
    above it, so it is only taken back when the bulletin has no other title."""
    candidates = [line for line in lines if line.dropped == "repeated" and line.running]
    if not candidates:
        return False
    candidates[-1].dropped = None
    return True
