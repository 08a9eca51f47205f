"""What the preview's build session (:mod:`builder.build.session`) keeps between rebuilds,
and what it leaves for after the pages are shown."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from builder.content.loader import LoadResult
from builder.core.settings import SiteConfig
from builder.output import writer
from builder.render.site import RenderedSite


@dataclass
class Memory:
    """What the last successful rebuild left, as it is in the output folder now."""

    output: list[int]  # writer.identity of the output folder this describes
    loaded: LoadResult
    bodies_key: str  # what the bodies depend on besides their Markdown
    bodies: dict[str, str]  # body HTML by the digest of its Markdown
    site: RenderedSite  # its keys, related lists, descriptions and export records (no files)
    files: frozenset[str]  # every file of the site in the folder, but pagefind/
    indexed: dict[str, str]  # the shards in pagefind/, with the digest of what they index
    search: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # search_memo


class CompiledTemplates(jinja2.BytecodeCache):
    """The templates as Jinja compiled them, kept in memory between rebuilds (compiling
    them took 0.14-0.17 s of a rebuild); Jinja checks each against its source."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@dataclass(frozen=True)
class PendingSearch:
    """The search index of a rebuild whose pages are already in place."""

    config: SiteConfig
    files: Mapping[str, bytes]
    keys: Mapping[str, str]
    planned: Mapping[str, tuple[str, str]]


MAX_REPORTED = 100
"""More bulletin files than this reported at once: every file's stat is checked."""


def maybe_changed(
    before: frozenset[str] | None, changed: Iterable[str] | None, content_dir: Path
) -> frozenset[str] | None:
    """The bulletin files (paths under ``content_dir``) that may have changed since the
    bulletins in memory were loaded: ``before`` and what a watcher reported, ``changed``.
    None (check every file's stat) when either is None or anything but a few bulletin
    files was reported (site.yaml, the theme, a folder, an original document, a burst such
    as a ``git checkout``)."""
    if before is None or changed is None:
        return None
    content = content_dir.absolute()
    found = set(before)
    for path in changed:
        where = Path(path)
        if not (path.endswith(".md") and where.is_relative_to(content)):
            return None
        found.add(where.relative_to(content).as_posix())
    return frozenset(found) if len(found) <= MAX_REPORTED else None


LATER_BYTES = 1024 * 1024
"""Files larger than this that are not pages are written after the pages are shown: the
data export of 10,000 bulletins (some 60 MB) took 0.15-0.2 s to write."""


def written_later(path: str, data: writer.Content) -> bool:
    if isinstance(data, writer.Deferred):
        return True  # made as it is written: the spliced export
    return isinstance(data, bytes) and len(data) > LATER_BYTES and not path.endswith(".html")


def kept(site: RenderedSite) -> RenderedSite:
    """What the next rebuild needs of ``site``: not its files' bytes, which are on disk
    (after a whole build, every page of the site)."""
    return dataclasses.replace(site, files={}, page_paths=[])


def bodies_by_key(site: RenderedSite) -> dict[str, str]:
    bodies: dict[str, str] = {}
    for slug_path, description in site.descriptions.items():
        html = site.bodies.get(slug_path)
        if html is not None:
            bodies[description.body_key] = html
    return bodies
