"""Web-page furniture around a bulletin copied from a site: dropped as a known kind.

Text copied from an institution's web page brings the page with it: a breadcrumb
("Inicio » Prensa » Comunicados"), share and print buttons ("Compartir en Facebook",
"x: abre ventana nueva", "Versión para imprimir", "Descargar"), a photo credit without a
link ("Fotos: Conagua"), the site's tags ("Etiquetas: transporte, movilidad"), a site
identifier ("ID: NT20230312"), a legal notice at the top
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

from builder.core.dates import dates_in, month_number
from builder.core.text import fold
from builder.importer.model import Line

MAX_WORDS = 40
"""Words: no furniture line is longer (a legal notice measured 22); text lines can be."""
MAX_SEGMENT_WORDS = 5
"""Words of a breadcrumb's step ("Sala de Prensa"); only its last step (a title) is longer."""

_SPACES = re.compile(r"\s+")
_SHARE = re.compile(
    r"(?:compartir|comparte|compartelo)(?:\s+(?:en|por|via)\s+[\w ]{1,20})?\s*:?"
    r"|(?:imprimir|compartir|descargar|enviar por correo|volver arriba|regresar)"
    r"(?:\s+(?:en|pdf|facebook|twitter|x|whatsapp|correo|email|telegram|linkedin|imprimir))+"
    r"|(?:version para imprimir|imprimir|enviar a un amigo|enviar por correo|regresar|volver"
    r"|volver arriba|ir arriba|ver mas(?: noticias| comunicados| boletines)?"
    r"|consulte el boletin completo|leer mas|ver boletin completo"
    r"|ver (?:la )?galeria(?: de fotos| completa)?|ver (?:mas )?fotos|ver (?:el )?video)\s*:?"
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
_TAGS = re.compile(r"(?:etiquetas|tags|categorias?|temas|palabras clave)\s*:\s*[^.!?:]{1,200}")
"""The site's tags or categories after the text: "Etiquetas: transporte, movilidad"."""
_IDENTIFIER = re.compile(r"id\s*:\s*[a-z]{0,6}\d[\w-]{2,30}")
"""A site's own record identifier ("ID: NT20230312"), not the bulletin's number."""
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b).*|.*\btodos los derechos reservados\b.*")
_RELATED = re.compile(
    r"(?:notas|noticias|articulos|boletines|comunicados|contenidos)\s+relacionad[oa]s\s*:?"
    r"|te puede interesar\s*:?|lee tambien\s*:?|mas noticias\s*:?|otras noticias\s*:?"
)
_NOTICE = re.compile(r"(?-i:AVISO(?: LEGAL| IMPORTANTE)?|NOTA ACLARATORIA)\s*:.+")
"""A legal or electoral notice, its label in capitals, at the top or bottom of the page."""
_HOME = re.compile(r"(?i:inicio|home|portada|principal|p[aá]gina principal)")
"""The first step of a breadcrumb found anywhere; elsewhere one is only near an end."""
NEAR = 2
"""Lines from either end of the text where a breadcrumb or a menu ("Mapa del sitio |
Contacto | Aviso de privacidad") may stand without starting at "Inicio"."""
_BREADCRUMB_SEPARATOR = re.compile(r"\s+(»|›|>|/|\|)\s+")
_STAMP = re.compile(
    r"(?P<date>\d{1,2}[-/.]\d{1,2}[-/.]\d{4})\s*[|,\-–]?\s*\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*(?:hrs?|h)\.?)?"
)
"""A publication stamp after the text: "27-06-2024 | 18:54:00" (day first, then time)."""
_PUBLISHED = re.compile(
    r"(?:fecha de )?(?:publicado|publicada|publicacion)(?: el)?\s*:?\s*"
    r"(?:(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo),?\s+)?"
    r"(?P<date>\d{1,2}(?:[-/.]\d{1,2}[-/.]\d{4}|\s+de\s+[a-z]+\s+(?:de|del)\s+\d{4}))"
    r"(?:\s*[,|\-]?\s*(?:a las\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:hrs?|h|[ap]\.?\s?m)\.?)?)?"
)
"""A "published on" stamp, folded: "publicado el 3 de marzo de 2024", "publicado: 3/3/2024"."""
_TERMINAL = re.compile(r"[.!?…]$")
_ENDS = re.compile(r"[.!?…:;][\"”»’)\]*_]*$")
MAX_CREDIT_WORDS = 4
"""Words of a photo credit's name ("Fotos: Secretaría de Salud")."""
MAX_FOOTER_WORDS = 15
MAX_TAGS = 12
NOTED = ("credit", "identifier")
"""Kinds whose text the report shows: a credit could have been a link, an identifier a number."""
_CLOSING = re.compile(r"(?:atentamente|cordialmente|saludos cordiales|respetuosamente)\s*[,.]?")
"""The formula that opens a signature block at the end of a bulletin."""
MAX_SIGNATURE_LINES = 6


@dataclass
class Furniture:
    """What was dropped, by kind, and the dates found in the furniture."""

    counts: Counter[str] = field(default_factory=Counter)
    noted: list[tuple[str, str]] = field(default_factory=list)
    """(kind, text) of dropped lines a reviewer may want to see: credits, identifiers."""
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
    if any(len(s.split()) > MAX_SEGMENT_WORDS for s in steps[:-1]):
        return None
    if any(_TERMINAL.search(s) for s in steps):
        return None  # "La | aa | bb." is a sentence
    return steps


def _breadcrumb_date(steps: list[str] | None) -> dt.date | None:
    """A date-archive breadcrumb: "Inicio » 2024 » marzo » 12 » …" (year, month, day)."""
    steps = steps or []
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
    """The date of a publication stamp: "27-06-2024 | 18:54:00", "Publicado el 3 de marzo
    de 2024". An update stamp ("Última actualización: …") is not the bulletin's date."""
    match = _STAMP.fullmatch(text) or _PUBLISHED.fullmatch(_plain(text))
    if not match:
        return None
    found = next(iter(dates_in(match["date"])), None)
    return found.date if found else None


def keep_signature(lines: list[Line]) -> str | None:
    """Lines of a signature block ("Atentamente" / "Dirección General de Comunicación
    Social" / "Secretaría de Salud") are text, even when they read like letterhead: the
    office lines right under a closing formula are taken back. Returns the formula."""
    formula = None
    for index, line in enumerate(lines):
        if not (line.kept and _CLOSING.fullmatch(_plain(line.text))):
            continue
        formula = line.text.strip()
        for following in lines[index + 1 : index + 1 + MAX_SIGNATURE_LINES]:
            if not following.text.strip():
                break
            if following.dropped == "boilerplate":
                following.dropped = None
    return formula


def _set_apart(lines: list[Line], index: int) -> bool:
    """Not a line in the middle of a wrapped paragraph: the line before is blank, dropped
    or ends a sentence, and the line after is blank, dropped or starts a sentence."""
    before = lines[index - 1] if index > 0 else None
    after = lines[index + 1] if index + 1 < len(lines) else None
    before_ok = before is None or not before.kept or _ENDS.search(before.text.strip())
    after_ok = after is None or not after.kept or _starts_a_sentence(after.text.strip())
    return bool(before_ok and after_ok)


def _starts_a_sentence(text: str) -> bool:
    """Not the rest of a wrapped line: that starts in lower case ("aa."), or with a
    separator or closing mark ("| aa." after "La | aa | aa")."""
    first = text[:1]
    return not (first.islower() or first in "|>»›/\\-–—.,;:)]}")


def _is_candidate(line: Line) -> bool:
    """Kept, or dropped by the cleaner as a page mark ("Compartir", "Imprimir"): looked at
    again so that it is counted by its kind."""
    return line.kept or (line.dropped == "page" and bool(line.text.strip()))


def drop_furniture(lines: list[Line]) -> Furniture:
    """Mark furniture lines ``dropped`` with their kind; return the counts and dates."""
    found = Furniture()
    indexes = [i for i, line in enumerate(lines) if _is_candidate(line)]
    if not indexes:
        return found
    first, last = indexes[0], indexes[-1]
    near_an_end = set(indexes[:NEAR]) | set(indexes[-NEAR:])
    related = share_block = False
    previous = -2
    for index in indexes:
        line = lines[index]
        text = _SPACES.sub(" ", line.text).strip()
        if index != previous + 1:
            related = share_block = False  # a new block
        previous = index
        kind = _kind(text, related, share_block, index in (first, last), index in near_an_end)
        in_block = related or share_block
        if kind is not None and line.kept and not in_block and not _set_apart(lines, index):
            kind = None  # a line of a wrapped paragraph that starts like a button
        if kind is None:
            related = share_block = False
            continue
        related = kind == "related"
        share_block = kind == "share"
        if kind == "breadcrumb":
            found.breadcrumb_date = found.breadcrumb_date or _breadcrumb_date(_breadcrumb(text))
        elif kind == "stamp":
            found.stamp_date = found.stamp_date or _stamp_date(text)
        line.dropped = kind
        found.counts[kind] += 1
        if kind in NOTED:
            found.noted.append((kind, text))
    return found


def _kind(
    text: str, related: bool, share_block: bool, at_an_end: bool, near_an_end: bool
) -> str | None:
    """The kind of furniture ``text`` is, or None; ``related`` and ``share_block`` say the
    line is in the block of a related-news heading or of a share button."""
    if len(text.split()) > MAX_WORDS:
        return None
    plain = _plain(text)
    if related and not _TERMINAL.search(text):
        return "related"
    if _RELATED.fullmatch(plain):
        return "related"
    if _SHARE.fullmatch(plain) or (share_block and _NETWORK.fullmatch(plain)):
        return "share"
    if (steps := _breadcrumb(text)) is not None and (near_an_end or _HOME.fullmatch(steps[0])):
        return "breadcrumb"
    credit = _CREDIT.fullmatch(plain)
    if credit and len(credit["who"].split()) <= MAX_CREDIT_WORDS and not plain.endswith("."):
        return "credit"
    if _IDENTIFIER.fullmatch(plain):
        return "identifier"
    if _TAGS.fullmatch(plain) and len(plain.split(",")) <= MAX_TAGS:
        return "tags"
    if len(text.split()) <= MAX_FOOTER_WORDS and _COPYRIGHT.fullmatch(plain):
        return "footer"
    if at_an_end and _NOTICE.fullmatch(text):
        return "notice"
    if _stamp_date(text) is not None:
        return "stamp"
    return None
