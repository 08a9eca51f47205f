"""What a rebuild keeps from the previous one: pages whose inputs are unchanged.

After each build the cache holds, for every output file that has a key (a digest of
exactly what it is made from, :mod:`builder.render.keys`), that key and the file's stat
(:class:`PagesMemo`). The next build trusts an old file only when the output folder is
still the one that build swapped into place and the file's inode, size and mtime are
what was written; then a page with the same key is hard-linked instead of rendered.
The bodies and descriptions of unchanged bulletins come from the same memo, and the data
export is put together from the previous one's records (:func:`splice_export`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from builder.content.archive import Archive, build_archive
from builder.content.model import Bulletin
from builder.core.filestate import FileState
from builder.core.settings import SiteConfig
from builder.output import writer as output
from builder.output.writer import Content, Copied
from builder.render import exportparts
from builder.render.export import EXPORT_PATH, render_export
from builder.render.keys import Fingerprints, digest
from builder.render.parallel import PARALLEL_MIN
from builder.render.related import RelatedMemo


@dataclass(frozen=True)
class Description:
    """A bulletin page's teaser, and which bulletin (and body) it was made from."""

    bulletin: str  # Fingerprints.bulletin
    body_key: str
    text: str


@dataclass(frozen=True)
class PagesMemo:
    """The previous build's pages, as the cache stores them."""

    output: list[int] | None  # output.identity of the folder they are in
    files: dict[str, tuple[str, FileState]]  # path -> (key, stat when written)
    related: RelatedMemo | None = None
    descriptions: dict[str, Description] = field(default_factory=dict)
    export: tuple[tuple[str, str], ...] = ()  # (slug_path, record key) in the export's order
    # HTML page -> (key, search shard or "" when not indexed, SHA-256 of what was indexed)
    search: dict[str, tuple[str, str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Reuse:
    """What this build may take from the previous output folder ``folder``."""

    folder: Path
    output: list[int]  # its output.identity
    keys: dict[str, str]  # path -> key, only for files still as they were written
    related: RelatedMemo | None
    descriptions: dict[str, Description]
    export: tuple[tuple[str, str], ...] = ()
    search: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # ``folder / path`` of the files kept, made once: the preview's session keeps them
    # between its rebuilds (making 12,000 paths took 0.05 s of one)
    paths: dict[str, Path] = field(default_factory=dict)


def reusable(memo: PagesMemo | None, out: Path) -> Reuse | None:
    """The old pages a build may link instead of rendering, checked file by file."""
    if memo is None or memo.output is None or memo.output != output.identity(out):
        return None
    base = os.fspath(out)
    keys = {
        path: key
        for path, (key, stat) in memo.files.items()
        if stat.same_file(FileState.of(f"{base}/{path}"))
    }
    return Reuse(out, memo.output, keys, memo.related, memo.descriptions, memo.export, memo.search)


def known_documents(reuse: Reuse | None, keys: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """For the search plan: the year and indexed document's digest of every page whose
    key is the one the previous build planned (same key, same bytes), so its bytes need
    not be read again to sort the pages into shards."""
    if reuse is None:
        return {}
    return {
        path: (shard, document)
        for path, (key, shard, document) in reuse.search.items()
        if keys.get(path) == key
    }


class SiteFiles(Mapping[str, bytes]):
    """Every output file: rendered bytes, or an unchanged file of the previous output that
    is read only if someone asks for its bytes (the writer links it instead)."""

    def __init__(self, contents: Mapping[str, Content]) -> None:
        self.contents = contents

    def __getitem__(self, path: str) -> bytes:
        data = self.contents[path]
        return data if isinstance(data, bytes) else data.read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.contents)

    def __len__(self) -> int:
        return len(self.contents)

    def __contains__(self, path: object) -> bool:
        return path in self.contents

    def rendered(self) -> int:
        """How many files were rendered rather than kept."""
        return sum(1 for data in self.contents.values() if not isinstance(data, Path | Copied))


def record_keys(
    archive: Archive, site: str, fingerprints: Fingerprints, body_keys: Mapping[str, str]
) -> list[str]:
    """What each bulletin's record in the export is made from: the bulletin, its body."""
    return [
        digest([site, fingerprints.bulletin(b), body_keys[b.slug_path]]) for b in archive.bulletins
    ]


def splice_export(
    archive: Archive,
    config: SiteConfig,
    bodies: Mapping[str, str],
    reuse: Reuse,
    records: list[str],
) -> dict[str, Content] | None:
    """The export made from the previous one (:mod:`builder.render.exportparts`), rendering only
    the records of changed bulletins; None when that is not cheaper. The previous file is read
    and joined when the export is written (:class:`~builder.output.writer.Deferred`); when it
    turns out not to have the export's shape, the export is rendered whole then."""
    if EXPORT_PATH not in reuse.keys or not reuse.export:
        return None
    known = dict(reuse.export)
    changed = [
        b
        for b, key in zip(archive.bulletins, records, strict=True)
        if known.get(b.slug_path) != key
    ]
    if len(changed) >= PARALLEL_MIN or len(changed) == len(records):
        return None  # many to render; or none kept, and the site (in every key) may differ
    previous = reuse.folder / EXPORT_PATH
    slugs = [slug for slug, _key in reuse.export]

    def make() -> bytes:
        document = _spliced(archive, config, bodies, previous, slugs, changed)
        if document is None:
            return render_export(archive, config, bodies)[EXPORT_PATH]
        return document

    return {EXPORT_PATH: output.Deferred(make)}


def _spliced(
    archive: Archive,
    config: SiteConfig,
    bodies: Mapping[str, str],
    previous: Path,
    slugs: list[str],
    changed: list[Bulletin],
) -> bytes | None:
    """The export from ``previous`` (the export of the bulletins ``slugs``, in order) with
    the records of ``changed`` made again; None when ``previous`` does not have its shape."""
    try:
        parts = exportparts.split(previous.read_bytes())
    except OSError:
        return None
    if parts is None or len(parts[0]) != len(slugs):
        return None
    text = dict(zip(slugs, parts[0], strict=True))
    for bulletin in changed:
        alone = render_export(
            build_archive([bulletin]), config, {bulletin.slug_path: bodies[bulletin.slug_path]}
        )
        one = exportparts.split(alone[EXPORT_PATH])
        if one is None or len(one[0]) != 1:
            return None
        text[bulletin.slug_path] = one[0][0]
    return exportparts.join([text[b.slug_path] for b in archive.bulletins], parts[1])


def known_bodies(
    archive: Archive,
    reuse: Reuse | None,
    cache: Mapping[str, str],
    fingerprints: Fingerprints,
) -> tuple[dict[str, str], dict[str, str], dict[str, str], list[Bulletin]]:
    """Bodies, descriptions and body keys (by slug_path) of the bulletins the previous
    build described and whose body is cached; and the bulletins that are not."""
    bodies: dict[str, str] = {}
    summaries: dict[str, str] = {}
    body_keys: dict[str, str] = {}
    missing: list[Bulletin] = []
    memo = reuse.descriptions if reuse else {}
    for bulletin in archive.bulletins:
        path = bulletin.slug_path
        known = memo.get(path)
        body = None
        if known is not None and known.bulletin == fingerprints.bulletin(bulletin):
            body = cache.get(known.body_key)
        if body is None or known is None:
            missing.append(bulletin)
        else:
            bodies[path], summaries[path], body_keys[path] = body, known.text, known.body_key
    return bodies, summaries, body_keys, missing
