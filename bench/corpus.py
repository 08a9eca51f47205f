"""A deterministic corpus of realistic bulletins, written for boletines, Pelican and Hugo.

The text is recombined from the sample bulletins (``tests/fixtures/raw/`` if present, else
``../shared/seeds/``): their sentences, highlights and titles are shuffled into new
bulletins of about 6 KB with 8-15 paragraphs, 2-3 highlights, 1-2 links and 2-3 tags from
a vocabulary of 30, dated over 15 years, a few undated. Each bulletin draws from its own
random generator seeded with ``(seed, index)``, so the same seed gives the same bytes and
bulletin ``i`` does not change when N grows (only its yearly number may).

All three formats carry the same bulletins: Markdown with our front matter, Markdown with
Pelican metadata headers, and Markdown with Hugo YAML front matter.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = (REPO_ROOT / "tests" / "fixtures" / "raw", REPO_ROOT.parent / "shared" / "seeds")
DEFAULT_SEED = 20251125

FIRST_DAY = dt.date(2011, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
UNDATED_SHARE = 0.02

TAGS = (
    "salud",
    "cuidados",
    "guarderías",
    "personas mayores",
    "infancia",
    "pensiones",
    "afiliación",
    "trabajadores independientes",
    "personas trabajadoras del hogar",
    "hospitales",
    "infraestructura",
    "atención primaria",
    "vacunación",
    "salud mental",
    "cáncer",
    "diabetes",
    "IMSS-Bienestar",
    "medicamentos",
    "trasplantes",
    "investigación",
    "formación médica",
    "enfermería",
    "derechos humanos",
    "igualdad de género",
    "cooperación internacional",
    "transparencia",
    "finanzas",
    "tecnología",
    "prevención",
    "deporte y cultura",
)

LOCATIONS = (
    ("Ciudad de México", 12),
    ("Guadalajara, Jalisco", 2),
    ("Monterrey, Nuevo León", 2),
    ("Puebla, Puebla", 1),
    ("Mérida, Yucatán", 1),
    ("Oaxaca de Juárez, Oaxaca", 1),
    ("Ciudad Juárez, Chihuahua", 1),
    ("Tuxtla Gutiérrez, Chiapas", 1),
    ("Hermosillo, Sonora", 1),
    ("Tijuana, Baja California", 1),
    ("Veracruz, Veracruz", 1),
    ("Morelia, Michoacán", 1),
)

_BOILERPLATE = re.compile(
    r"^(gobierno de\b|méxico$|instituto mexicano del seguro social$|seguridad y solidaridad"
    r"|unidad de comunicación social|boletín de prensa|-+o+0?o+-+$|\d{4},? año de\b|link\b)",
    re.IGNORECASE,
)
_HEADER_DATE = re.compile(r"^[^,]{3,40},\s*(\w+\s+)?\d{1,2}\s+de\s+\w+\s+de\s+\d{4}\.?$")
_NUMBER = re.compile(r"^no\.\s*\d+/\d{4}$", re.IGNORECASE)
_BULLET = re.compile(r"^[·•*-]\s+(.+)$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?”\"])\s+(?=[A-ZÁÉÍÓÚÑ“\"¿¡])")
# Figures, but not years (19xx, 20xx), which would make dates inside the text absurd.
_DIGITS = re.compile(r"(?<![\d/])(?!(?:19|20)\d\d\b)\d+")
_ABBREVIATION = re.compile(r"(?:\b[A-ZÁÉÍÓÚÑ]|\b(?:Dr|Dra|Lic|Ing|Mtro|Mtra|Sr|Sra|No))\.$")
_SENTENCE_START = re.compile(r"[A-ZÁÉÍÓÚÑ“\"¿¡]")
_SENTENCE_END = re.compile(r"[.!?”\"]$")
_TRAILING_WORDS = {
    "a",
    "al",
    "con",
    "de",
    "del",
    "e",
    "el",
    "en",
    "la",
    "las",
    "los",
    "para",
    "por",
    "porque",
    "que",
    "se",
    "su",
    "sus",
    "un",
    "una",
    "y",
}


@dataclass(frozen=True)
class SourceText:
    """What the sample bulletins offer for recombination."""

    titles: tuple[str, ...]
    highlights: tuple[str, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class CorpusLink:
    label: str
    url: str
    kind: str


@dataclass(frozen=True)
class CorpusBulletin:
    """One generated bulletin, independent of any output format."""

    slug: str
    title: str
    date: dt.date | None
    number: str | None
    location: str
    highlights: tuple[str, ...]
    links: tuple[CorpusLink, ...]
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]

    @property
    def rel_path(self) -> str:
        """``<year>/<YYYY-MM-DD>-<slug>.md``, or ``sin-fecha/<slug>.md`` when undated."""
        if self.date is None:
            return f"sin-fecha/{self.slug}.md"
        return f"{self.date.year}/{self.date.isoformat()}-{self.slug}.md"

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"


# --- reading the samples -------------------------------------------------------------------


def source_files(dirs: Sequence[Path] = SOURCE_DIRS) -> list[Path]:
    """The sample bulletins of the first folder that has any ``*.txt``, sorted by name."""
    for folder in dirs:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return files
    raise FileNotFoundError(f"no sample bulletins (*.txt) in any of: {', '.join(map(str, dirs))}")


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _clean(line: str) -> str:
    line = line.strip().lstrip("#").strip()
    line = line.replace("**", "")
    return re.sub(r"\s+", " ", line).strip()


def _is_noise(line: str) -> bool:
    return (
        not line
        or bool(_BOILERPLATE.match(line))
        or bool(_HEADER_DATE.match(line))
        or bool(_NUMBER.match(line))
        or line.startswith(("http://", "https://", "<http"))
    )


def read_sources(files: Iterable[Path] | None = None) -> SourceText:
    """Split the samples into titles, highlights and whole sentences, dropping letterheads."""
    titles: list[str] = []
    highlights: list[str] = []
    sentences: list[str] = []
    for path in files if files is not None else source_files():
        lines = _decode(path.read_bytes()).split("\n")
        first_bullet = next((i for i, raw in enumerate(lines) if _BULLET.match(raw.strip())), None)
        if first_bullet is not None:
            title_lines: list[str] = []
            i = first_bullet - 1
            while i >= 0 and not lines[i].strip():
                i -= 1
            while i >= 0 and lines[i].strip() and not _is_noise(_clean(lines[i])):
                title_lines.insert(0, _clean(lines[i]))
                i -= 1
            title = " ".join(title_lines)
            if 20 <= len(title) <= 250:
                titles.append(title)
        for raw in lines:
            bullet = _BULLET.match(raw.strip())
            line = _clean(bullet.group(1) if bullet else raw)
            if _is_noise(line):
                continue
            if bullet:
                if len(line) >= 40:
                    highlights.append(line)
            elif len(line) >= 100:
                for sentence in _sentences(line):
                    if (
                        len(sentence) >= 40
                        and _SENTENCE_START.match(sentence)
                        and _SENTENCE_END.search(sentence)
                    ):
                        sentences.append(sentence)
    if not sentences or not highlights:
        raise ValueError("the sample bulletins gave no sentences or highlights to recombine")
    return SourceText(tuple(titles), tuple(highlights), tuple(sentences))


def _sentences(paragraph: str) -> list[str]:
    """Split at sentence ends, but not after an initial or a title ("H. Consejo", "Dr.")."""
    pieces: list[str] = []
    for piece in _SENTENCE_SPLIT.split(paragraph):
        if pieces and _ABBREVIATION.search(pieces[-1]):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return [p.strip() for p in pieces]


# --- generating ----------------------------------------------------------------------------


def slugify(text: str, max_words: int = 8) -> str:
    """ASCII, lowercase, hyphenated, the first words only: stable and readable URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words]) or "boletin"


def _title(rng: random.Random, source: SourceText) -> str:
    """A sample title now and then; otherwise the opening of one sentence joined to a stretch
    of another, so that titles (and slugs) rarely repeat even in a large archive."""
    if source.titles and rng.random() < 0.05:
        return rng.choice(source.titles)
    head = rng.choice(source.sentences).strip('.!?“”"¿¡').split()[: rng.randint(4, 7)]
    tail_words = rng.choice(source.sentences).strip('.!?“”"¿¡').split()
    start = rng.randrange(max(1, len(tail_words) - 6))
    words = head + tail_words[start:]
    words = words[: rng.randint(9, 14)]
    while len(words) > 4 and words[-1].lower().strip(",;:") in _TRAILING_WORDS:
        words.pop()
    title = " ".join(words).strip(',;:()“”"')
    return _vary_numbers(rng, title[0].upper() + title[1:])


def _vary_numbers(rng: random.Random, text: str) -> str:
    """Give each figure new digits of the same length, as every real bulletin has its own."""
    return _DIGITS.sub(
        lambda m: str(rng.randrange(10 ** (len(m.group()) - 1), 10 ** len(m.group()))), text
    )


def _paragraph(rng: random.Random, source: SourceText) -> str:
    text = " ".join(rng.choice(source.sentences) for _ in range(rng.randint(1, 2)))
    text = _vary_numbers(rng, text)
    if rng.random() < 0.15:
        words = text.split(" ")
        start = rng.randrange(len(words) - 3)
        end = start + rng.randint(1, 3)
        words[start] = "**" + words[start]
        words[end - 1] = words[end - 1] + "**"
        text = " ".join(words)
    return text


def _links(rng: random.Random) -> tuple[CorpusLink, ...]:
    token = "".join(
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
        for _ in range(44)
    )
    links = [
        CorpusLink(
            "Fotos",
            f"https://imssmx.sharepoint.com/:f:/s/comunicacionsocial/{token}?e={rng.randrange(16**6):06x}",
            "photos",
        )
    ]
    if rng.random() < 0.5:
        uid = "-".join(f"{rng.randrange(16**k):0{k}x}" for k in (8, 4, 4, 4, 12))
        links.append(CorpusLink("Video", f"https://www.swisstransfer.com/d/{uid}", "video"))
    return tuple(links)


def _bulletin(
    rng: random.Random,
    source: SourceText,
    date: dt.date | None,
    number: str | None,
    slug: str,
    title: str,
) -> CorpusBulletin:
    highlights: list[str] = []
    while len(highlights) < rng.randint(2, 3):
        pick = rng.choice(source.highlights if rng.random() < 0.5 else source.sentences)
        if pick not in highlights:
            highlights.append(pick)
    places, weights = zip(*LOCATIONS, strict=True)
    return CorpusBulletin(
        slug=slug,
        title=title,
        date=date,
        number=number,
        location=rng.choices(places, weights)[0],
        highlights=tuple(highlights),
        links=_links(rng),
        tags=tuple(rng.sample(TAGS, rng.randint(2, 3))),
        paragraphs=tuple(_paragraph(rng, source) for _ in range(rng.randint(8, 15))),
    )


def generate(
    n: int, seed: int = DEFAULT_SEED, source: SourceText | None = None
) -> list[CorpusBulletin]:
    """N bulletins; numbers run ``1/<year>`` upwards in date order within each year."""
    source = source or read_sources()
    span = (LAST_DAY - FIRST_DAY).days
    drafts: list[tuple[random.Random, dt.date | None, str]] = []
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        undated = rng.random() < UNDATED_SHARE
        date = None if undated else FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))
        drafts.append((rng, date, _title(rng, source)))
    numbers: dict[int, str] = {}
    per_year: dict[int, int] = {}
    dated = sorted((d[1], i) for i, d in enumerate(drafts) if d[1] is not None)
    for date, i in dated:
        per_year[date.year] = per_year.get(date.year, 0) + 1
        numbers[i] = f"{per_year[date.year]}/{date.year}"
    used: set[str] = set()
    bulletins = []
    for i, (rng, date, title) in enumerate(drafts):
        slug = _unique(slugify(title), used)
        bulletins.append(_bulletin(rng, source, date, numbers.get(i), slug, title))
    return bulletins


def extra(k: int, seed: int = DEFAULT_SEED, source: SourceText | None = None) -> CorpusBulletin:
    """The k-th bulletin added after the corpus: dated after all others, ``k+1/2026``."""
    source = source or read_sources()
    rng = random.Random(f"{seed}:extra:{k}")
    title = _title(rng, source)
    date = LAST_DAY + dt.timedelta(days=k + 1)
    slug = f"{slugify(title)}-nuevo-{k + 1}"
    return _bulletin(rng, source, date, f"{k + 1}/{date.year}", slug, title)


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in used:
        n += 1
        candidate = f"{slug}-{n}"
    used.add(candidate)
    return candidate


# --- writing -------------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _yaml_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(_q(item) for item in items) + "]"


def _yaml_common(b: CorpusBulletin) -> list[str]:
    lines = [f"title: {_q(b.title)}"]
    if b.date is not None:
        lines.append(f"date: {b.date.isoformat()}")
    if b.number is not None:
        lines.append(f"number: {_q(b.number)}")
    lines.append(f"location: {_q(b.location)}")
    lines.append("highlights:")
    lines.extend(f"  - {_q(h)}" for h in b.highlights)
    lines.append("links:")
    lines.extend(
        f"  - {{label: {_q(link.label)}, url: {_q(link.url)}, kind: {link.kind}}}"
        for link in b.links
    )
    lines.append(f"tags: {_yaml_list(b.tags)}")
    return lines


def render_boletines(b: CorpusBulletin) -> str:
    """Our format: YAML front matter per DESIGN.md, then the Markdown body."""
    return "---\n" + "\n".join(_yaml_common(b)) + "\n---\n" + b.body


def render_hugo(b: CorpusBulletin) -> str:
    """Hugo: YAML front matter with the same fields (custom ones become ``.Params``)."""
    lines = _yaml_common(b)
    lines.insert(1, f"slug: {_q(b.slug)}")
    return "---\n" + "\n".join(lines) + "\n---\n" + b.body


def render_pelican(b: CorpusBulletin) -> str:
    """Pelican: metadata headers; highlights and links go in the body, as the theme ignores them."""
    headers = [f"Title: {b.title}"]
    if b.date is not None:
        headers.append(f"Date: {b.date.isoformat()}")
    headers += [
        f"Tags: {', '.join(b.tags)}",
        f"Slug: {b.slug}",
        f"Summary: {b.highlights[0]}",
    ]
    if b.number is not None:
        headers.append(f"Number: {b.number}")
    headers.append(f"Location: {b.location}")
    highlights = "\n".join(f"- {h}" for h in b.highlights)
    links = "\n".join(f"- [{link.label}]({link.url})" for link in b.links)
    return "\n".join(headers) + "\n\n" + highlights + "\n\n" + b.body + "\n" + links + "\n"


RENDERERS = {"boletines": render_boletines, "pelican": render_pelican, "hugo": render_hugo}


def write(bulletins: Iterable[CorpusBulletin], content_dir: Path, fmt: str = "boletines") -> int:
    """Write each bulletin at ``content_dir/<rel_path>``; returns the bytes written."""
    render = RENDERERS[fmt]
    total = 0
    made: set[Path] = set()
    for b in bulletins:
        path = content_dir / b.rel_path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = render(b).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total
