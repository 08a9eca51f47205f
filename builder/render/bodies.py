"""The bulletin pages of a site render: each page made (in worker processes on a large
archive) or kept from the previous build, and every bulletin's body HTML, its summary and
the digest of its Markdown, which the listings, feeds and export are made from."""

from __future__ import annotations

import tempfile
from collections import ChainMap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder.cache.digests import body_key
from builder.content.archive import Archive
from builder.content.model import Bulletin
from builder.render.bulletin import BulletinPages, RenderedBulletin, describe
from builder.render.exportjob import ExportJob
from builder.render.incremental import Description, known_bodies
from builder.render.keys import Fingerprints, Output, PageKeys
from builder.render.parallel import PARALLEL_MIN, render_bulletins
from builder.render.spooled import Texts


@dataclass(frozen=True)
class BulletinBodies:
    """By slug path: each bulletin's body HTML, summary, Markdown digest and description;
    the pages rendered now, and those kept from the previous build."""

    html: Texts  # in memory, or where a render worker wrote it
    summaries: dict[str, str]
    keys: dict[str, str]
    descriptions: dict[str, Description]
    rendered: list[RenderedBulletin]
    unchanged: dict[str, Path]

    def outputs(self, archive: Archive) -> list[Output]:
        """Each page under the name of its source file, for the output's clash check."""
        return [
            *((str(r.bulletin.source), {r.output_path: r.html}) for r in self.rendered),
            *(
                (str(b.source), {b.url_path + "index.html": self.unchanged[b.slug_path]})
                for b in archive.bulletins
                if b.slug_path in self.unchanged
            ),
        ]


def render_bodies(
    renderer: BulletinPages,
    keys: PageKeys,
    fingerprints: Fingerprints,
    export: ExportJob,
    deep: bool,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    spool: Path | None = None,
) -> BulletinBodies:
    """Every bulletin's page and body. A rebuild takes the bodies the previous build
    described from the cache; when only a few are missing, they are rendered first, so the
    export can be spliced from the previous one (or started in a forked child) before any
    page is made."""
    archive, reuse = renderer.archive, keys.reuse
    known, summaries, body_keys, missing = known_bodies(
        archive, reuse, renderer.body_cache, fingerprints
    )
    html = Texts(known)
    if reuse is not None and len(missing) < PARALLEL_MIN:
        fresh: dict[str, str] = {}
        for bulletin in missing:
            path, key = bulletin.slug_path, body_key(bulletin.body)
            body = fresh.get(key) or renderer.markdown.render(bulletin.body)
            html[path], summaries[path] = body, describe(bulletin, body)
            fresh[key], body_keys[path] = body, key
        renderer.body_cache = ChainMap(fresh, renderer.body_cache)
        missing = []
        export.splice(html, body_keys)
    todo: list[Bulletin] = []
    unchanged: dict[str, Path] = {}
    for bulletin in archive.bulletins:
        path = bulletin.url_path + "index.html"
        keys.keys[path] = renderer.key(bulletin, fingerprints, keys.site, deep)
        if (link := keys.kept(path)) is not None:
            unchanged[bulletin.slug_path] = link
        else:
            todo.append(bulletin)
    records = None
    if spool is not None and export.fork and len(todo) == len(archive.bulletins):
        records = Path(tempfile.mkdtemp(prefix="records-", dir=spool))  # every page made now
    rendered = render_bulletins(renderer, todo, progress, workers, spool, records)
    if records is not None:
        export.join(sorted(records.iterdir()))
    for r in rendered:
        path = r.bulletin.slug_path
        html[path], summaries[path] = r.body, r.description
        if path not in body_keys:
            body_keys[path] = body_key(r.bulletin.body)
    for bulletin in missing:  # kept pages whose body the cache had lost
        path = bulletin.slug_path
        if path not in html:
            body = renderer.body(bulletin)
            html[path], summaries[path] = body, describe(bulletin, body)
            body_keys[path] = body_key(bulletin.body)
    descriptions = {
        b.slug_path: Description(
            fingerprints.bulletin(b), body_keys[b.slug_path], summaries[b.slug_path]
        )
        for b in archive.bulletins
    }
    return BulletinBodies(html, summaries, body_keys, descriptions, rendered, unchanged)
