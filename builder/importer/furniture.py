"""Web-page furniture around a bulletin copied from a site: dropped as a known kind.

Text copied from an institution's web page brings the page with it: a breadcrumb
("Inicio » Prensa » Comunicados"), share and print buttons ("Compartir en Facebook",
"x: abre ventana nueva", "Versión para imprimir", "Descargar"), a photo credit without a
link ("Fotos: Conagua"), a site identifier ("ID: NT20230312"), a legal notice at the top
or the bottom, a related-news block after the text, a copyright footer, a publication
stamp ("27-06-2024 | 18:54:00"). None of it is the bulletin's text.

Every rule looks at one whole line, short enough to be a button or a caption (at most
:data:`MAX_WORDS` words), so a sentence is never dropped; a line that merely starts with
one of these words ("Fotos de la jornada muestran…") is text. Dropped lines are marked
with their kind, so the word-preservation check knows they were removed on purpose and
the report can count them. Dates found in a breadcrumb or a stamp are returned, for a
bulletin that gives no other date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from builder.dates import dates_in, month_number
from builder.importer.model import Line
from builder.text import fold

MAX_WORDS = 40
"""Words: no furniture line is longer (a legal notice measured 22); text lines can be."""
MAX_SEGMENT_WORDS = 5
"""Words of a breadcrumb's step ("Sala de Prensa"); only its last step (a title) is longer."""

_SPACES = re.compile(r"\s+")
_SHARE = re.compile(
    r"(?:compartir|comparte|compartelo)(?:\s+(?:en|por|via)\s+[\w ]{1,20})?\s*:?"
    r"|(?:version para imprimir|imprimir|enviar a un amigo|enviar por correo|regresar|volver"
    r"|volver arriba|ir arriba|ver mas(?: noticias| comunicados| boletines)?"
    r"|consulte el boletin completo|leer mas|ver boletin completo)\s*:?"
    r"|[\w ]{1,25}:\s*(?:se )?abre (?:en )?(?:una )?(?:ventana|pestana) nueva"
    r"|descargar?\b[^.!?]{0,60}",
)
"""Buttons: share, print, send, back, "see more", download ("Descargar comunicado (PDF)")."""
_NETWORK = re.compile(
    r"(?:facebook|x|twitter|whatsapp|telegram|linkedin|instagram|correo|email|e-mail|"
    r"threads|bluesky|copiar enlace)\s*:?"
)
"""Network names listed under a share button, one a line."""
_CREDIT = re.compile(
    r"(?:fotos?|fotografias?|imagenes|imagen|video|videos|audio)\s*:\s*"
    r"(?P<who>[^\W\d_][\w.,&/ -]{0,60})"
)
_IDENTIFIER = re.compile(r"id\s*:\s*[a-z]{0,6}\d[\w-]{2,30}")
"""A site's own record identifier ("ID: NT20230312"), not the bulletin's number."""
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b).*|.*\btodos los derechos reservados\b.*")
_RELATED = re.compile(
    r"(?:notas|noticias|articulos|boletines|comunicados|contenidos)\s+relacionad[oa]s\s*:?"
    r"|te puede interesar\s*:?|lee tambien\s*:?|mas noticias\s*:?|otras noticias\s*:?"
)
_NOTICE = re.compile(r"(?-i:AVISO(?: LEGAL| IMPORTANTE)?|NOTA ACLARATORIA)\s*:.+")
"""A legal or electoral notice, its label in capitals, at the top or bottom of the page."""
_BREADCRUMB_SEPARATOR = re.compile(r"\s+(»|>|\|)\s+")
_STAMP = re.compile(
    r"(?P<date>\d{1,2}[-/.]\d{1,2}[-/.]\d{4})\s*[|,\-–]?\s*\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*(?:hrs?|h)\.?)?"
)
"""A publication stamp after the text: "27-06-2024 | 18:54:00" (day first, then time)."""
_TERMINAL = re.compile(r"[.!?…]$")
_CLOSING = re.compile(r"(?:atentamente|cordialmente|saludos cordiales|respetuosamente)\s*[,.]?")
"""The formula that opens a signature block at the end of a bulletin."""
MAX_SIGNATURE_LINES = 6


@dataclass
class Furniture:
    """What was dropped, by kind, and the dates found in the furniture."""

    counts: Counter[str] = field(default_factory=Counter)
    breadcrumb_date: dt.date | None = None
    stamp_date: dt.date | None = None


def _plain(text: str) -> str:
    return _SPACES.sub(" ", fold(text.replace("*", "").replace("#", ""))).strip()


def _breadcrumb(text: str) -> list[str] | None:
    """The steps of a breadcrumb or a footer menu: three or more, one separator, short
    steps that end no sentence ("Inicio > Prensa > Boletines de prensa")."""
    parts = _BREADCRUMB_SEPARATOR.split(text)
    separators = set(parts[1::2])
    steps = [p.strip() for p in parts[::2]]
    if len(steps) < 3 or len(separators) != 1 or not all(steps):
        return None
    if any(len(s.split()) > MAX_SEGMENT_WORDS or _TERMINAL.search(s) for s in steps[:-1]):
        return None
    return steps


def _breadcrumb_date(steps: list[str]) -> dt.date | None:
    """A date-archive breadcrumb: "Inicio » 2024 » marzo » 12 » …" (year, month, day)."""
    for i in range(len(steps) - 2):
        year, month, day = steps[i : i + 3]
        if re.fullmatch(r"\d{4}", year) and re.fullmatch(r"\d{1,2}", day):
            number = month_number(month) or (int(month) if re.fullmatch(r"\d{1,2}", month) else 0)
            try:
                return dt.date(int(year), number, int(day))
            except ValueError:
                return None
    return None


def _stamp_date(text: str) -> dt.date | None:
    match = _STAMP.fullmatch(text)
    if not match:
        return None
    found = next(iter(dates_in(match["date"])), None)
    return found.date if found else None


def keep_signature(lines: list[Line]) -> int:
    """Lines of a signature block ("Atentamente" / "Dirección General de Comunicación
    Social" / "Secretaría de Salud") are text, even when they read like letterhead: the
    office lines right under a closing formula are taken back. Returns how many."""
    restored = 0
    for index, line in enumerate(lines):
        if not (line.kept and _CLOSING.fullmatch(_plain(line.text))):
            continue
        for following in lines[index + 1 : index + 1 + MAX_SIGNATURE_LINES]:
            if not following.text.strip():
                break
            if following.dropped == "boilerplate":
                following.dropped = None
                restored += 1
    return restored


def drop_furniture(lines: list[Line]) -> Furniture:
    """Mark furniture lines ``dropped`` with their kind; return the counts and dates."""
    found = Furniture()
    # Lines the cleaner dropped as page marks ("Compartir", "Imprimir") are looked at
    # again, so that they are counted by kind.
    kept = [line for line in lines if line.kept or (line.dropped == "page" and line.text.strip())]
    if not kept:
        return found
    first, last = kept[0], kept[-1]
    related = False
    share_block = False
    previous: Line | None = None
    for line in kept:
        text = _SPACES.sub(" ", line.text).strip()
        if previous is None or line.number != previous.number + 1:
            related = share_block = False  # a new block
        previous = line
        if len(text.split()) > MAX_WORDS:
            related = share_block = False
            continue
        plain = _plain(text)
        kind = None
        if related and not _TERMINAL.search(text):
            kind = "related"
        elif _RELATED.fullmatch(plain):
            kind, related = "related", True
        elif _SHARE.fullmatch(plain):
            kind, share_block = "share", True
        elif share_block and _NETWORK.fullmatch(plain):
            kind = "share"
        elif (steps := _breadcrumb(text)) is not None:
            kind = "breadcrumb"
            found.breadcrumb_date = found.breadcrumb_date or _breadcrumb_date(steps)
        elif (credit := _CREDIT.fullmatch(plain)) and len(credit["who"].split()) <= 4:
            kind = "credit"
        elif _IDENTIFIER.fullmatch(plain):
            kind = "identifier"
        elif _COPYRIGHT.fullmatch(plain):
            kind = "footer"
        elif line in (first, last) and _NOTICE.fullmatch(text):
            kind = "notice"
        elif (date := _stamp_date(text)) is not None:
            kind = "stamp"
            found.stamp_date = date
        if kind is None:
            related = share_block = False
            continue
        if line.dropped == "page" and kind in ("related", "notice"):
            continue  # counted by the cleaner already
        line.dropped = kind
        found.counts[kind] += 1
    return found
