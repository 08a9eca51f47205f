"""The shard plan: which bulletin pages the search indexes, and in which shard.

A page is a bulletin page when it carries Pagefind's body mark; what Pagefind is given of
it is a minimal document holding just its ``data-pagefind-body`` element
(:func:`indexed_document`). Shards are made from the oldest year up: consecutive years (the
undated bulletins count as the oldest) join one shard until it holds at least
``search_shard_pages`` pages (site.yaml, default :data:`DEFAULT_SHARD_PAGES`). A large
archive thus gets one shard per year, and a small one few shards. Counting from the oldest
keeps the boundaries where they were as new bulletins arrive: only the newest shard grows,
then closes. Each shard's digest covers exactly what is indexed, so a shard whose documents
did not change is reused instead of indexed again.

A run of more than :data:`SPLIT_PAGES` pages, or twice ``search_shard_pages`` if that is
more (a year of 6,600 bulletins in a 100,000-bulletin archive), is split into as many parts
as keep them to about that many on average ("2025.1", "2025.2", …), each page in the part
its path's hash gives: Pagefind holds about 0.3 MB a page while it indexes (2 GB for such a
year, two shards at a time), an edit re-indexes one part, and a new bulletin changes only
its own part until the year needs one part more.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from builder.core.settings import SiteConfig

BUNDLE_DIR = "pagefind"
STAGING_DIR = ".pagefind-staging"
UNDATED_SHARD = "sin-fecha"
BODY_MARK = b"data-pagefind-body"
# Pages a shard gathers before it closes: with about 650 bulletins a year (10,000 over 15
# years) every year is a shard; with 65 a year (1,000 over 15) the archive is two shards.
DEFAULT_SHARD_PAGES = SiteConfig.search_shard_pages
# Pages a shard may hold before it is split: Pagefind held 309 MB at most while indexing
# parts of about 940 pages (a 100,000-bulletin build), 2 GB for whole years of 6,600.
SPLIT_PAGES = 1000
# The year of the date sort key that theme/templates/partials/search_meta.html writes.
_SORT_YEAR = re.compile(rb'data-pagefind-sort="date:(\d{4})-')
_TAG_NAME = re.compile(rb"[A-Za-z][A-Za-z0-9-]*")
_DOCUMENT = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n%b\n</body></html>\n'
)


@dataclass(frozen=True)
class Shard:
    """The bulletin pages of a run of consecutive years (the undated ones count as the
    oldest), and a digest of them."""

    name: str
    # (path in the site, document Pagefind reads); None: read it from the site folder
    pages: tuple[tuple[str, bytes | None], ...]
    digest: str
    documents: tuple[str, ...] = ()  # SHA-256 (hex) of each page's document, in order
    years: tuple[str, ...] = ()  # each page's year (shard_of), in order


_Entry = tuple[str, bytes | None, bytes]  # a page's path, document (if held) and its digest


def shard_of(page: bytes) -> str:
    """The shard of a bulletin page: the year of its date sort key, or the undated shard."""
    match = _SORT_YEAR.search(page)
    if match is None or match.group(1) == b"0000":
        return UNDATED_SHARD
    return match.group(1).decode("ascii")


def indexed_document(page: bytes) -> bytes:
    """What Pagefind is given for a page: its ``data-pagefind-body`` elements, in a minimal
    HTML document (the whole page if an element's end cannot be found)."""
    parts = []
    position = 0
    while (found := page.find(BODY_MARK, position)) >= 0:
        position = found + len(BODY_MARK)
        start = page.rfind(b"<", 0, found)
        name = _TAG_NAME.match(page, start + 1) if start >= 0 else None
        if name is None or page.find(b">", start, found) >= 0:
            continue  # the words in text, not an attribute
        depth = 0
        for tag in _tags(name.group()).finditer(page, start):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                position = page.find(b">", tag.start()) + 1
                parts.append(page[start:position])
                break
        else:
            return page
    return _DOCUMENT % b"\n".join(parts) if parts else page


@functools.lru_cache(maxsize=16)
def _tags(name: bytes) -> re.Pattern[bytes]:
    """Start and end tags of the element ``name``."""
    return re.compile(rb"<(/?)" + re.escape(name) + rb"[\s/>]", re.IGNORECASE)


def _order(year: str) -> tuple[int, int]:
    """Newest year first, the undated bulletins last."""
    return (0, -int(year)) if year.isdigit() else (1, 0)


def group_years(sizes: Mapping[str, int], shard_pages: int) -> list[list[str]]:
    """Runs of consecutive years (``shard_of`` names, with their page counts), newest run
    first and each newest year first: from the oldest up, a run closes once it holds at
    least ``shard_pages`` pages."""
    runs: list[list[str]] = []
    run: list[str] = []
    pages = 0
    for year in sorted(sizes, key=_order, reverse=True):  # oldest (undated) first
        run.insert(0, year)
        pages += sizes[year]
        if pages >= shard_pages:
            runs.insert(0, run)
            run, pages = [], 0
    if run:
        runs.insert(0, run)
    return runs


def shard_name(years: list[str]) -> str:
    """A shard's folder: its year, "oldest-newest" for a run, "-sin-fecha" added when it
    holds the undated bulletins ("sin-fecha" alone when it holds nothing else)."""
    dated = [year for year in years if year != UNDATED_SHARD]
    name = dated[-1] if len(dated) == 1 else f"{dated[-1]}-{dated[0]}" if dated else ""
    if UNDATED_SHARD in years:
        name = f"{name}-{UNDATED_SHARD}" if name else UNDATED_SHARD
    return name


def plan_shards(
    files: Mapping[str, bytes],
    key: str = "",
    known: Mapping[str, tuple[str, str]] | None = None,
    *,
    shard_pages: int = DEFAULT_SHARD_PAGES,
    hold: bool = True,
) -> list[Shard]:
    """The shards of the bulletin pages among ``files`` (site path -> bytes), newest first.

    A page is a bulletin page when it carries the search mark; its year is that of its
    date sort key, and years are grouped into shards by :func:`group_years`. ``key`` enters
    every digest: whatever else the index depends on (language, Pagefind and builder
    versions). ``known`` gives, for pages whose bytes are those of a page planned before,
    what that plan found: its year ("" when not indexed) and its document's SHA-256 (hex).
    Those pages are not read here; if their shard is indexed, the staging reads their
    document from the site folder. Without ``hold``, no document is kept, only its digest:
    the staging makes it again from the page (the documents of 100,000 bulletins are
    900 MB; making one again takes 15 µs).
    """
    groups: dict[str, list[_Entry]] = {}
    for path in sorted(files):
        if not path.endswith(".html"):
            continue
        hit = known.get(path) if known else None
        if hit is not None:
            if hit[0]:
                groups.setdefault(hit[0], []).append((path, None, bytes.fromhex(hit[1])))
            continue
        page = files[path]
        if BODY_MARK in page:
            document = indexed_document(page)
            entry = (path, document if hold else None, hashlib.sha256(document).digest())
            groups.setdefault(shard_of(document), []).append(entry)
    shards = []
    for years in group_years({year: len(pages) for year, pages in groups.items()}, shard_pages):
        run = [(year, entry) for year in years for entry in groups[year]]
        most = max(SPLIT_PAGES, 2 * shard_pages)
        for name, members in split_run(shard_name(years), run, most):
            shards.append(_shard(name, members, key))
    return shards


def split_run(
    name: str, members: list[tuple[str, _Entry]], most: int
) -> list[tuple[str, list[tuple[str, _Entry]]]]:
    """The run as one shard, or, past ``most`` pages, as parts "name.1", "name.2"…: each
    page in the part the SHA-256 of its path gives, in the run's order."""
    if len(members) <= most:
        return [(name, members)]
    count = -(-len(members) // most)
    parts: list[list[tuple[str, _Entry]]] = [[] for _ in range(count)]
    for member in members:
        path = member[1][0].encode("utf-8", "surrogatepass")
        parts[int.from_bytes(hashlib.sha256(path).digest()[:8], "big") % count].append(member)
    return [(f"{name}.{i}", part) for i, part in enumerate(parts, 1) if part]


def _shard(name: str, members: list[tuple[str, _Entry]], key: str) -> Shard:
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass") + b"\0" + name.encode())
    for _year, (path, _document, document_digest) in members:
        digest.update(b"\0" + path.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(document_digest)
    pages = tuple((path, document) for _, (path, document, _) in members)
    documents = tuple(d.hex() for _, (_, _, d) in members)
    return Shard(name, pages, digest.hexdigest(), documents, tuple(y for y, _ in members))


def stage(shard: Shard, folder: Path, page: Callable[[str], bytes]) -> None:
    """Write each document of ``shard`` at its page's path below ``folder``, for Pagefind;
    one the plan did not hold is made again from ``page(path)``, the page's bytes."""
    for path, document in shard.pages:
        if document is None:
            document = indexed_document(page(path))
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(document)


def site_pages(site_dir: Path) -> dict[str, bytes]:
    """The HTML pages of a finished site folder (outside ``pagefind/``), by relative path."""
    pages = {}
    for page in sorted(site_dir.rglob("*.html")):
        relative = page.relative_to(site_dir)
        if relative.parts[0] not in (BUNDLE_DIR, STAGING_DIR):
            pages[relative.as_posix()] = page.read_bytes()
    return pages
