"""The build: the only module that knows the order of the steps.

    settings   site.yaml read, the output folder checked
    check      nothing changed since the last build? then done (builder.build.manifest)
    content    every bulletin file read and validated; scheduled ones set aside
    archive    the bulletins grouped and ordered as readers browse them
    cache      what the previous build left to reuse
    bulletins, listings, feeds, export
               every file of the site, in memory (builder.render.site)
    search     the shard plan (builder.build.indexing)
    write      into a temporary folder beside the output, while Pagefind indexes
    swap       the new site into place, under the output lock
    cache      this build remembered for the next one

Every step is timed; any user error stops the build before the previous site is touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from builder.build import manifest
from builder.build.indexing import SearchStep, search_memo
from builder.build.options import BuildOptions, BuildReport
from builder.cache.digests import builder_version
from builder.cache.ownfolder import Refusal
from builder.cache.store import PAGES, BuildCache, refusal_warning, trash_folder
from builder.content.archive import build_archive
from builder.content.loader import LoadResult, load_content
from builder.content.model import Bulletin
from builder.content.reload import reload_content
from builder.content.schedule import same_bulletins_due, split_due
from builder.core.display import display_path
from builder.core.errors import BoletinesError, Diagnostic, raise_if_errors
from builder.core.filestate import FileState
from builder.core.i18n import THEME_DIR, Catalog, load_catalog
from builder.core.settings import SiteConfig, apply_base_url, load_settings
from builder.core.timing import Timer
from builder.core.zones import site_zone
from builder.output import writer
from builder.render.incremental import PagesMemo, SiteFiles, reusable
from builder.render.pages import check_paths
from builder.render.site import Previous, RenderedSite, RenderOptions, render_site
from builder.search.index import Shard

__all__ = ["BuildOptions", "BuildReport", "build"]


@dataclass(frozen=True)
class _Settings:
    config: SiteConfig
    zone: dt.tzinfo
    catalog: Catalog


@dataclass(frozen=True)
class _Written:
    files: dict[str, FileState]  # each file written, with its stat
    trash: Path | Refusal | None  # where the old site went, or why not in the trash
    search_pages: int | None


@dataclass(frozen=True)
class Content:
    loaded: LoadResult
    published: tuple[Bulletin, ...]  # the bulletins this build shows
    pending: dict[str, dt.datetime]  # shown before their time (a preview with drafts)
    span: tuple[str | None, str | None]  # the moments between which the same are due


def build(options: BuildOptions) -> BuildReport:
    """Build the site described by ``options``; raises BoletinesError with every problem."""
    report = BuildReport(out_dir=options.out_dir)
    timed = Timer(report.steps)
    now = options.now if options.now is not None else dt.datetime.now(dt.UTC)
    with timed("settings"):
        settings = _settings(options, report)
    config = settings.config
    cache = BuildCache(options.out_dir)
    with timed("check"):
        previous = cache.manifest()
        inputs = manifest.inputs_of(options, config, previous.get("recent"))
        with (
            writer.reported(options.out_dir),
            writer.output_lock(options.out_dir, options.lock_timeout),
        ):
            writer.clear_leftovers(options.out_dir)  # a killed build's folders, even if unchanged
            warnings = manifest.restored_warnings(previous)
            same = manifest.unchanged(previous, inputs.against, options.out_dir, cache)
            if (
                warnings is not None
                and same
                and same_bulletins_due(previous.get("schedule"), now, settings.zone)
            ):
                cache.settle_manifest(previous, inputs)
                return manifest.from_manifest(report, previous, warnings)
    with timed("content"):
        sources_key = manifest.sources_key(options.content_dir)
        known = cache.load_sources(sources_key)
        content = read_content(options, config, settings.zone, now, known, report)
    with timed("archive"):
        archive = build_archive(content.published)
    bodies_key = f"{builder_version()} {config.base_path}"
    with timed("cache"):
        memo = cache.load(PAGES, builder_version())
        previous_build = Previous(
            cache.bodies(bodies_key),
            reusable(memo if isinstance(memo, PagesMemo) else None, options.out_dir),
        )
    search = SearchStep(options.search and config.search, config, options.out_dir, cache, timed)
    spool = writer.new_spool_dir(options.out_dir)
    render_options = RenderOptions(
        search=search.enabled,
        spool=spool,
        build_date=options.build_date,
        pending=content.pending,
        timed=timed,
        progress=options.progress,
        on_bulletins=search.start_early,
    )
    try:
        site = render_site(archive, config, settings.catalog, render_options, previous_build)
        report.bulletins = len(archive.bulletins)
        report.pages = len(site.page_paths) + 1  # and 404.html
        report.files = len(site.files)
        with timed("search"):
            shards = search.plan(site.files, previous_build.reuse, site.keys)
        with (
            writer.reported(options.out_dir),
            writer.output_lock(options.out_dir, options.lock_timeout),
        ):
            writer.clear_leftovers(options.out_dir)
            reuse = previous_build.reuse
            if reuse is not None and writer.identity(options.out_dir) != reuse.output:
                # another build replaced the pages this one would link
                fresh = Previous(previous_build.bodies)
                site = render_site(archive, config, settings.catalog, render_options, fresh)
                shards = search.replan(site.files)
            done = _write_and_swap(options.out_dir, site, shards, search, cache, timed)
            report.search_pages = done.search_pages
            search_digest = {s.name: s.digest for s in shards} if search.enabled else None
            with timed("cache"):
                manifest.save_output(cache, options.out_dir)
                manifest.save_build(
                    cache, report, inputs, search_digest, previous_build.bodies, bodies_key,
                    archive, site, content.span,
                )  # fmt: skip
                indexed = search_memo(shards, site.files, site.keys) if search.enabled else {}
                manifest.save_pages(cache, options.out_dir, site, done.files, indexed)
                with contextlib.suppress(OSError):
                    cache.save_sources(sources_key, content.loaded.files, known)
    finally:
        search.close()
        _discard(spool)
    # after the manifest is saved: a later build that finds them trusted must not repeat it
    trash = done.trash if isinstance(done.trash, Refusal) else None
    untrusted = refusal_warning([cache.refusal, trash])
    if untrusted is not None:
        report.warnings.append(untrusted)
    return report


def _discard(spool: Path) -> None:
    """The spool folder, whose files are linked into the site by now (or never will be):
    into the trash, as a replaced site, since unlinking 100,000 names takes seconds."""
    with contextlib.suppress(OSError):
        spool.rmdir()  # nothing was spooled (a small site)
        return
    trash = trash_folder()
    writer.discard_later(spool, trash if isinstance(trash, Path) else None)


def _settings(options: BuildOptions, report: BuildReport) -> _Settings:
    """site.yaml (with ``--base-url``), its time zone and UI strings; the output folder
    checked against the folders the build reads."""
    config = load_settings(options.config_path)
    if options.base_url is not None:
        config = apply_base_url(config, options.base_url)
    zone = site_zone(config.timezone, display_path(options.config_path))
    catalog = load_catalog(config.language)
    report.language = config.language
    sources = [options.content_dir, config.templates_dir, THEME_DIR]
    raise_if_errors(writer.check_output_dir(options.out_dir, sources, config.root))
    return _Settings(config, zone, catalog)


def read_content(
    options: BuildOptions,
    config: SiteConfig,
    zone: dt.tzinfo,
    now: dt.datetime,
    known: object,
    report: BuildReport,
    changed: Collection[str] | None = None,
    previous: LoadResult | None = None,
) -> Content:
    """Every bulletin file, read (or taken from the cache when unchanged) and validated;
    the addresses checked; those due at ``now`` set apart from those scheduled later.
    ``changed``: the only files that may differ from ``known`` (the preview's watcher
    says), None when any may; with ``previous``, the load ``known`` came from, only they
    are looked at when that is enough (:mod:`builder.content.reload`)."""
    if not options.content_dir.is_dir():
        # Diagnostic directly: error()'s own first parameter is also called ``path``.
        folder = str(options.content_dir)
        raise BoletinesError([Diagnostic(folder, None, "build.no_content", {"path": folder})])
    loaded = None
    if previous is not None and changed is not None:
        loaded = reload_content(options.content_dir, previous, changed, drafts=options.drafts)
    if loaded is None:
        loaded = load_content(
            options.content_dir,
            config,
            drafts=options.drafts,
            known=known,  # type: ignore[arg-type]
            changed=changed,
        )
    raise_if_errors(loaded.diagnostics)
    report.warnings.extend(loaded.warnings)
    report.drafts_skipped = loaded.drafts_skipped
    alias_lines = {
        result.bulletin.slug_path: result.alias_lines
        for _, result in loaded.files.values()
        if result.bulletin is not None
    }

    def alias_line(bulletin: Bulletin, index: int) -> int | None:
        lines = alias_lines.get(bulletin.slug_path, ())
        return lines[index] if index < len(lines) else None

    raise_if_errors(check_paths(loaded.bulletins, alias_line))
    schedule = split_due(loaded.bulletins, now, zone)
    report.scheduled = len(schedule.waiting)
    if options.drafts:  # a preview shows what is scheduled too, marked as such
        pending = {b.slug_path: moment for b, moment in schedule.waiting}
        return Content(loaded, tuple(loaded.bulletins), pending, schedule.span())
    return Content(loaded, schedule.due, {}, schedule.span())


def _write_and_swap(
    out: Path,
    site: RenderedSite,
    shards: list[Shard],
    search: SearchStep,
    cache: BuildCache,
    timed: Timer,
) -> _Written:
    """Write the site into a temporary folder beside ``out`` while Pagefind indexes it,
    then swap it into place; on any failure, stop Pagefind and remove the folder."""
    temp = writer.new_temp_dir(out)
    stop_indexing = threading.Event()
    indexing = None
    pages = None
    try:
        indexing = search.start(temp, shards, cache.manifest(), site.files, stop_indexing)
        with timed("write"):
            files = site.files.contents if isinstance(site.files, SiteFiles) else site.files
            written = writer.write_files(temp, files)  # kept pages: links to the old file
        if indexing is not None:
            with timed("search"):
                pages = indexing.result().pages
        cache.forget_manifest()  # the folder it describes is about to go
        with timed("swap"):
            trash = trash_folder() if out.exists() else None  # made only when needed
            writer.swap_into_place(temp, out, trash if isinstance(trash, Path) else None)
    except BaseException:
        stop_indexing.set()  # Pagefind is killed, so the thread waiting on it returns
        search.close()
        if indexing is not None:
            indexing.wait()  # it writes into temp until Pagefind has finished
        writer.discard(temp)
        raise
    return _Written(written, trash, pages)
