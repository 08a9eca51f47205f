"""The whole site as files: the archive, the settings and the UI strings in, every output
file out, in memory (pages kept from the previous build stay links to the old file; on a
large archive, pages, bodies and the export go into the spool folder of ``RenderOptions``
as they are made, for the writer to link).

The same arguments give the same bytes; nothing here reads the clock or writes the site.
The steps: theme assets, bulletin pages (in worker processes on large archives), listing
pages, feeds and sitemaps, redirects, the data export (in a forked child on large archives,
while the pages are made), the original documents, the deployment files. Each file has a
key (:mod:`builder.render.keys`): when the previous build wrote the same file under the same
key, it is linked, not made again (:class:`PageKeys`).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from builder.cache.digests import builder_version, folders_digest, tree_stats
from builder.content.archive import Archive
from builder.core.i18n import THEME_DIR, Catalog
from builder.core.settings import SiteConfig
from builder.core.timing import Timer
from builder.output.folder import deployment_files
from builder.output.writer import Content, Copied, merge_outputs, spool_file
from builder.render.assets import accent_colour, build_assets, readable_accent
from builder.render.bodies import BulletinBodies, render_bodies
from builder.render.bulletin import RELATED_LIMIT, BulletinPages
from builder.render.export import EXPORT_PATH
from builder.render.exportjob import ExportJob
from builder.render.feeds import FEED_PATH
from builder.render.incremental import Description, Reuse, SiteFiles, record_keys
from builder.render.indexes import render_indexes
from builder.render.keys import Fingerprints, Output, PageKeys, digest
from builder.render.pages import ListingPages, page_paths
from builder.render.parallel import PARALLEL_MIN, worker_count
from builder.render.related import RelatedMemo
from builder.render.spooled import Texts
from builder.render.templates import make_environment, template_exists
from builder.render.view import original_path


@dataclass(frozen=True)
class RenderOptions:
    """How to render: whether there is a search page, the footer's build date, bulletins
    shown before their publication time (a preview with drafts) and that time, the number
    of worker processes (None: one per core), a folder where the pages, bodies and export
    of a large archive are written as they are made instead of held (see
    :mod:`builder.render.parallel`), and the hooks the build watches through."""

    search: bool = True
    build_date: dt.date | None = None
    pending: Mapping[str, dt.datetime] = field(default_factory=dict)
    workers: int | None = None
    spool: Path | None = None
    timed: Timer | None = field(default=None, compare=False)
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)
    # Given every bulletin page as soon as all are rendered (not when some were kept),
    # before the listings: the search index can start on them.
    on_bulletins: Callable[[Mapping[str, bytes]], None] | None = field(default=None, compare=False)
    # Compiled templates kept between the builds of one process (the preview's session).
    bytecode_cache: jinja2.BytecodeCache | None = field(default=None, compare=False)
    # The fingerprints to use (and add to): the preview's session renews the last build's.
    fingerprints: Fingerprints | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Previous:
    """What the previous build left to reuse: rendered bodies by the digest of their
    Markdown, and its pages with their keys."""

    bodies: Mapping[str, str] = field(default_factory=dict)
    reuse: Reuse | None = None


@dataclass(frozen=True)
class RenderedSite:
    """Every output file of the site, and the addresses of its HTML pages; for the next
    build, each page's key, the related lists and the page descriptions."""

    files: Mapping[str, bytes]
    page_paths: list[str]
    bodies: Texts  # body HTML by slug path
    keys: dict[str, str] = field(default_factory=dict)
    related: RelatedMemo | None = None
    descriptions: dict[str, Description] = field(default_factory=dict)
    export: tuple[tuple[str, str], ...] = ()  # each record's bulletin and key, in order


def render_site(
    archive: Archive,
    config: SiteConfig,
    catalog: Catalog,
    options: RenderOptions = RenderOptions(),
    previous: Previous = Previous(),
) -> RenderedSite:
    """Every file of the site; see the module's docstring."""
    timed = options.timed or Timer({})
    with timed("assets"):
        assets = build_assets(config)
    env = make_environment(
        config,
        catalog,
        assets.url,
        extra_globals={
            "accent": readable_accent(accent_colour(config.accent_color)),
            "feed_path": FEED_PATH,
            "export_path": EXPORT_PATH,
            "build_date": options.build_date,
            "has_search": False,
        },
        bytecode_cache=options.bytecode_cache,
    )
    env.globals["has_search"] = options.search and template_exists(env, "search.html")
    keys = PageKeys(site_key(config, options.build_date, env.globals["has_search"]), previous.reuse)
    fingerprints = options.fingerprints or Fingerprints()
    # files of a large archive go to disk as they are made; a small site's stay in memory
    spool = options.spool if len(archive.bulletins) >= PARALLEL_MIN else None
    fork = _fork_worth_it(archive, options)
    export = ExportJob(archive, config, keys, fingerprints, fork, spool)
    try:
        with timed("bulletins"):
            renderer = BulletinPages(
                env, archive, config, previous.bodies, previous.reuse and previous.reuse.related,
                options.pending,
            )  # fmt: skip
            deep = overrides_templates(config)
            bodies = render_bodies(
                renderer, keys, fingerprints, export, deep, options.workers, options.progress,
                spool,
            )  # fmt: skip
            originals = _originals(archive, keys)
        if options.on_bulletins is not None and not bodies.unchanged:
            options.on_bulletins(SiteFiles({r.output_path: r.html for r in bodies.rendered}))
        export.start(bodies.html)
        with timed("listings"):
            listing_files = _listings(env, archive, config, keys, fingerprints, bodies, deep, spool)
        pages = {**listing_files, **{f"{b.url_path}index.html": b"" for b in archive.bulletins}}
        paths = page_paths(pages)
        with timed("feeds"):
            extras = render_indexes(archive, config, catalog, keys, fingerprints, bodies, paths)
        with timed("export"):
            extras.append(export.output(bodies.html))
    finally:
        export.cancel()
    contents = merge_outputs(
        [
            ("theme/static", assets.files),
            ("pages", listing_files),
            *bodies.outputs(archive),
            *originals,
            *extras,
            ("site", deployment_files(config.cname)),
        ]
    )
    related = renderer.related.memo(RELATED_LIMIT)
    records = export.records
    if records is None:
        records = record_keys(archive, keys.site, fingerprints, bodies.keys)
    order = tuple(zip((b.slug_path for b in archive.bulletins), records, strict=True))
    return RenderedSite(
        SiteFiles(contents), paths, bodies.html, keys.keys, related, bodies.descriptions, order
    )


def _listings(
    env: jinja2.Environment,
    archive: Archive,
    config: SiteConfig,
    keys: PageKeys,
    fingerprints: Fingerprints,
    bodies: BulletinBodies,
    deep: bool,
    spool: Path | None,
) -> dict[str, Content]:
    """The home page, the archive by year and month, topics, places, the search page;
    written into the spool folder as they are made when there is one (1,700 pages of 25 KB
    at 10,000 bulletins)."""
    listings = ListingPages(env, archive, config, bodies.summaries)
    files: dict[str, Content] = {}
    if spool is not None:
        spool = Path(tempfile.mkdtemp(prefix="listings-", dir=spool))  # this render's own
    for spec in listings.specs():
        page, template, _ = spec
        shown = listings.key_context(spec, deep)
        path = page.output_path
        keys.keys[path] = digest(
            [keys.site, template, fingerprints.value(page), fingerprints.value(shown)]
        )
        kept = keys.kept(path)
        if kept is not None:
            files[path] = kept
        elif spool is not None:
            files[path] = spool_file(spool, path, listings.render(spec))
        else:
            files[path] = listings.render(spec)
    return files


def _originals(archive: Archive, keys: PageKeys) -> list[Output]:
    """Each bulletin's original document, published beside its page: copied from
    ``content/``, or linked from the previous output when it has the same bytes."""
    found: list[Output] = []
    for bulletin in archive.bulletins:
        original, path = bulletin.original, original_path(bulletin)
        if original is None or path is None:
            continue
        keys.keys[path] = digest(["original", original.sha256, str(original.size)])
        content = keys.kept(path) or Copied(bulletin.source.parent / original.name)
        found.append((str(bulletin.source), {path: content}))
    return found


def _fork_worth_it(archive: Archive, options: RenderOptions) -> bool:
    """A second process pays for itself on archives large enough to render in parallel."""
    count = worker_count() if options.workers is None else options.workers
    return count > 1 and len(archive.bulletins) >= PARALLEL_MIN and hasattr(os, "fork")


def site_key(config: SiteConfig, build_date: dt.date | None, has_search: bool) -> str:
    """What every page depends on besides its own content: the builder's code and
    libraries, the settings, the theme and site templates (with the UI strings), the
    build date and whether there is a search page."""
    templates = folders_digest([THEME_DIR, config.templates_dir])
    return digest([builder_version(), repr(config), templates, repr(build_date), repr(has_search)])


def overrides_templates(config: SiteConfig) -> bool:
    """Whether the site has templates of its own: they may show a topic's or a place's
    members on bulletin pages, so those pages are then keyed on the members too."""
    return bool(tree_stats(config.templates_dir))  # symlinked folders too, as Jinja reads
