"""The build: the only module that knows the order of the steps.

settings -> content -> archive -> pages -> feeds, sitemap, export, redirects -> write into
a temporary folder -> search index -> swap into place. Every step is timed; any user error
stops the build before the previous site is touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
import time
from collections import ChainMap
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.output import writer as output
from builder.render import incremental
from builder.content.archive import Archive, build_archive
from builder.core.background import Forked, Threaded
from builder.cache.store import (
    OUTPUT,
    PAGES,
    BuildCache,
    Inputs,
    body_key,
    builder_version,
    folders_digest,
    inputs_digest,
    refusal_warning,
    trash_folder,
    tree_stats,
)
from builder.core.settings import SiteConfig
from builder.content.loader import load_content
from builder.core.display import display_path
from builder.core.errors import BoletinesError, Diagnostic, raise_if_errors
from builder.core.i18n import THEME_DIR, Catalog, load_catalog
from builder.render.incremental import Description, PagesMemo, Reuse, SiteFiles
from builder.content.model import Bulletin
from builder.output.writer import Content
from builder.output.folder import NOJEKYLL, SITE_MARKER_TEXT, damaged, snapshot
from builder.cache.ownfolder import Refusal
from builder.render.assets import accent_colour, build_assets, readable_accent
from builder.render.bulletin import RELATED_LIMIT, BulletinPages, describe
from builder.render.export import EXPORT_PATH, render_export
from builder.render.feeds import (
    FEED_PATH,
    feed_bulletins,
    group_feed_bulletins,
    group_feed_path,
    render_feed,
    render_group_feed,
)
from builder.render.keys import Fingerprints, digest
from builder.render.pages import ListingPages, check_paths, page_paths
from builder.render.parallel import PARALLEL_MIN, render_bulletins, worker_count
from builder.render.redirects import render_redirects
from builder.render.related import RelatedMemo
from builder.render.sitemap import (
    MAX_URLS,
    NOT_LISTED,
    ROBOTS_PATH,
    SITEMAP_PATH,
    page_dates,
    render_sitemap,
)
from builder.render.templates import make_environment, template_exists
from builder.render.view import original_path
from builder.content.schedule import same_bulletins_due, split_due
from builder.core.zones import site_zone
from builder.search.index import (
    BODY_MARK,
    BUNDLE_DIR,
    EarlyIndex,
    SearchStats,
    Shard,
    index_site,
    plan_shards,
)
from builder.core.settings import apply_base_url, load_settings


@dataclass(frozen=True)
class BuildOptions:
    config_path: Path = Path("site.yaml")
    content_dir: Path = Path("content")
    out_dir: Path = Path("_site")
    base_url: str | None = None
    drafts: bool = False
    search: bool = True
    build_date: dt.date | None = None  # shown in the footer when given (SOURCE_DATE_EPOCH)
    # The moment the build publishes for (naive: the site's time zone): bulletins scheduled
    # after it are left out (kept, marked, with ``drafts``). None: the clock at the start.
    now: dt.datetime | None = None
    lock_timeout: float = 300.0
    # Called with (bulletins rendered, total) as pages are made: a progress bar on a terminal.
    progress: Callable[[int, int], None] | None = field(default=None, compare=False, repr=False)


@dataclass
class BuildReport:
    out_dir: Path
    language: str = "es"
    bulletins: int = 0
    pages: int = 0
    files: int = 0
    drafts_skipped: int = 0
    steps: dict[str, float] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    search_pages: int | None = None
    scheduled: int = 0  # bulletins left out because their publication time is later
    unchanged: bool = False  # nothing had changed since the last build; output untouched

    @property
    def seconds(self) -> float:
        return sum(self.steps.values())


@dataclass(frozen=True)
class RenderedSite:
    """Every output file of the site, and the addresses of its HTML pages; for the next
    build, each page's key, the related lists and the page descriptions."""

    files: Mapping[str, bytes]
    page_paths: list[str]
    bodies: dict[str, str]
    keys: dict[str, str] = field(default_factory=dict)
    related: RelatedMemo | None = None
    descriptions: dict[str, Description] = field(default_factory=dict)
    export: tuple[tuple[str, str], ...] = ()  # each record's bulletin and key, in order


Files = Mapping[str, bytes]
Output = tuple[str, Mapping[str, Content]]  # a producer's name and its files


class _Timer:
    def __init__(self, steps: dict[str, float]) -> None:
        self.steps = steps

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - started


def build(options: BuildOptions) -> BuildReport:
    """Build the site described by ``options``; raises BoletinesError with every problem."""
    early: list[EarlyIndex] = []  # Pagefind started on the bulletin pages, if it was
    try:
        return _build(options, early)
    finally:
        for index in early:
            index.close()


def _build(options: BuildOptions, early: list[EarlyIndex]) -> BuildReport:
    report = BuildReport(out_dir=options.out_dir)
    timed = _Timer(report.steps)
    now = options.now if options.now is not None else dt.datetime.now(dt.UTC)
    with timed("settings"):
        config = load_settings(options.config_path)
        if options.base_url is not None:
            config = apply_base_url(config, options.base_url)
        zone = site_zone(config.timezone, display_path(options.config_path))
        catalog = load_catalog(config.language)
        report.language = config.language
        sources = [options.content_dir, config.templates_dir, THEME_DIR]
        raise_if_errors(output.check_output_dir(options.out_dir, sources, config.root))
    search = options.search and config.search
    timeout = options.lock_timeout
    shard_pages = config.search_shard_pages
    cache = BuildCache(options.out_dir)
    with timed("check"):
        previous = cache.manifest()
        inputs = _inputs_digest(options, config, previous.get("recent"))
        with output.reported(options.out_dir), output.output_lock(options.out_dir, timeout):
            output.clear_leftovers(options.out_dir)  # a killed build's folders, even if unchanged
            warnings = _restored_warnings(previous)
            same = _unchanged(previous, inputs.against, options.out_dir, cache)
            if (
                warnings is not None
                and same
                and same_bulletins_due(previous.get("schedule"), now, zone)
            ):
                cache.settle_manifest(previous, inputs)
                return _from_manifest(report, previous, warnings)
    with timed("content"):
        if not options.content_dir.is_dir():
            # Diagnostic directly: error()'s own first parameter is also called ``path``.
            folder = str(options.content_dir)
            raise BoletinesError([Diagnostic(folder, None, "build.no_content", {"path": folder})])
        sources_key = _sources_key(options.content_dir)
        known = cache.load_sources(sources_key)
        loaded = load_content(options.content_dir, config, drafts=options.drafts, known=known)
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
        span = schedule.span()  # with drafts too: the marks of scheduled pages change then
        published = schedule.due
        pending: dict[str, dt.datetime] = {}
        if options.drafts:  # a preview shows what is scheduled too, marked as such
            pending = {b.slug_path: moment for b, moment in schedule.waiting}
            published = tuple(loaded.bulletins)
    with timed("archive"):
        archive = build_archive(published)
    bodies_key = f"{builder_version()} {config.base_path}"
    with timed("cache"):
        old_bodies = cache.bodies(bodies_key)
        memo = cache.load(PAGES, builder_version())
        reuse = incremental.reusable(memo if isinstance(memo, PagesMemo) else None, options.out_dir)

    def render(reuse: Reuse | None) -> RenderedSite:
        return render_site(
            archive,
            config,
            catalog,
            search=search,
            build_date=options.build_date,
            timed=timed,
            progress=options.progress,
            body_cache=old_bodies,
            reuse=reuse,
            on_bulletins=start_index,
            pending=pending,
        )

    early_plan: list[Shard] = []
    early_pages: set[str] = set()

    def start_index(pages: Mapping[str, bytes]) -> None:
        """Start Pagefind on the bulletin pages of a large site while the rest is made."""
        if not search or early or len(pages) < PARALLEL_MIN:
            return
        with timed("search"):
            shards = plan_shards(pages, _search_key(config), shard_pages=shard_pages)
            digests = {shard.name: shard.digest for shard in shards}
            old = _reusable_shards(cache.manifest(), digests, options.out_dir)
            todo = [shard for shard in shards if shard.name not in old]
            if todo:
                with contextlib.suppress(OSError):  # then indexed after the writing
                    early.append(EarlyIndex(options.out_dir, todo, config.language))
            early_plan[:] = shards
            early_pages.update(pages)

    site = render(reuse)
    report.bulletins = len(archive.bulletins)
    report.pages = len(site.page_paths) + 1  # and 404.html
    report.files = len(site.files)
    with timed("search"):
        if early_plan and not _marked(site.files, early_pages):
            shards = early_plan  # the bulletin pages are all that is indexed
        else:
            planned = incremental.known_documents(reuse, site.keys)
            shards = (
                plan_shards(site.files, _search_key(config), planned, shard_pages=shard_pages)
                if search
                else []
            )
    search_digest = {shard.name: shard.digest for shard in shards} if search else None
    with output.reported(options.out_dir), output.output_lock(options.out_dir, timeout):
        output.clear_leftovers(options.out_dir)
        if reuse is not None and output.identity(options.out_dir) != reuse.output:
            site = render(None)  # another build replaced the pages this one would link
            shards = (
                plan_shards(site.files, _search_key(config), shard_pages=shard_pages)
                if search
                else []
            )
            search_digest = {shard.name: shard.digest for shard in shards} if search else None
        previous = cache.manifest()
        reusable = _reusable_shards(previous, search_digest, options.out_dir)
        temp = output.new_temp_dir(options.out_dir)
        indexing: Threaded[SearchStats] | None = None
        stop_indexing = threading.Event()
        try:
            if search:  # Pagefind runs while the pages are written: it reads site.files
                before = options.out_dir / BUNDLE_DIR
                indexing = Threaded(
                    lambda: index_site(
                        temp,
                        config,
                        shards,
                        previous=before,
                        reuse=reusable,
                        pages=site.files,
                        early=early[0] if early else None,
                        cancel=stop_indexing,
                    )
                )
            with timed("write"):
                written = output.write_files(temp, _contents(site.files))
            if indexing is not None:
                with timed("search"):
                    report.search_pages = indexing.result().pages
            cache.forget_manifest()  # the folder it describes is about to go
            with timed("swap"):
                # made only when there is an old site to put in it
                trash = trash_folder() if options.out_dir.exists() else None
                to_trash = trash if isinstance(trash, Path) else None
                output.swap_into_place(temp, options.out_dir, to_trash)
        except BaseException:
            stop_indexing.set()  # Pagefind is killed, so the thread waiting on it returns
            for index in early:
                index.close()
            if indexing is not None:
                indexing.wait()  # it writes into temp until Pagefind has finished
            output.discard(temp)
            raise
        with timed("cache"):
            _save_output(cache, options.out_dir)
            _save_cache(
                cache,
                report,
                inputs,
                search_digest,
                old_bodies,
                bodies_key,
                archive,
                site,
                span,
            )
            indexed = incremental.search_memo(shards, site.files, site.keys) if search else {}
            _save_pages(cache, options.out_dir, site, written, indexed)
            with contextlib.suppress(OSError):
                cache.save_sources(sources_key, loaded.files, known)
    # after the manifest is saved: a later build that finds them trusted must not repeat it
    untrusted = refusal_warning([cache.refusal, trash if isinstance(trash, Refusal) else None])
    if untrusted is not None:
        report.warnings.append(untrusted)
    return report


def _marked(files: Mapping[str, bytes], besides: set[str]) -> bool:
    """Whether a page of ``files`` other than ``besides`` is one the search indexes."""
    return any(
        path.endswith(".html") and BODY_MARK in files[path] for path in files if path not in besides
    )


def _sources_key(content_dir: Path) -> str:
    """Parsed files are kept per builder and per way of naming the content folder: the
    bulletins' paths and the diagnostics' file names are made from it."""
    return f"{builder_version()}\0{content_dir}\0{display_path(content_dir)}"


def _contents(files: Mapping[str, bytes]) -> Mapping[str, Content]:
    """What to write: kept pages as links to the old file, not read into memory."""
    return files.contents if isinstance(files, SiteFiles) else files


def _save_pages(
    cache: BuildCache,
    out: Path,
    site: RenderedSite,
    written: Mapping[str, output.FileStat],
    indexed: dict[str, tuple[str, str, str]],
) -> None:
    """Remember each page's key and stat, for the next build to keep what is unchanged
    (and where the search plan put each page, ``indexed``)."""
    files = {path: (key, written[path]) for path, key in site.keys.items() if path in written}
    memo = PagesMemo(
        output.identity(out), files, site.related, site.descriptions, site.export, indexed
    )
    try:
        cache.save(PAGES, builder_version(), memo)
    except OSError:
        cache.forget(PAGES)


def _inputs_digest(options: BuildOptions, config: SiteConfig, recent: object) -> Inputs:
    """Everything the output depends on besides the builder itself (added by the cache)."""
    settings = {
        "content": str(options.content_dir.resolve()),
        "base_url": options.base_url,
        "drafts": options.drafts,
        "search": options.search,
        "build_date": options.build_date,
        "pagefind": os.environ.get("PAGEFIND_BINARY_PATH"),
    }
    folders = [config.templates_dir, THEME_DIR]
    return inputs_digest(
        [options.config_path], folders, settings, recent, unlinked=[options.content_dir]
    )


def _unchanged(previous: Mapping[str, Any], inputs: str, out: Path, cache: BuildCache) -> bool:
    """Whether the last build read exactly these inputs and ``out`` is still its output,
    every file in it as written (one edited, added or deleted by hand means a real build)."""
    if not previous or previous.get("inputs") != inputs:
        return False
    folder = output.identity(out)
    if folder is None or previous.get("output") != folder:
        return False
    known = cache.load(OUTPUT, json.dumps(folder))
    return isinstance(known, dict) and not damaged(out, known)


_PLAIN = (str, int, float, bool, type(None))


def _stored_warnings(found: list[Diagnostic]) -> list[dict[str, Any]] | None:
    """The warnings as JSON for the manifest, or None if one carries other values."""
    stored = []
    for d in found:
        if not all(isinstance(value, _PLAIN) for value in d.args.values()):
            return None
        where = os.path.abspath(d.path)  # shown again from wherever the next build runs
        stored.append({"path": where, "line": d.line, "code": d.code, "args": dict(d.args)})
    return stored


def _restored_warnings(previous: Mapping[str, Any]) -> list[Diagnostic] | None:
    """The last build's warnings, shown again by a no-change build; None when the
    manifest does not hold them (they could not be stored, or it is damaged)."""
    stored = previous.get("warnings")
    if not isinstance(stored, list):
        return None
    restored = []
    for item in stored:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("path"), str)
            and isinstance(item.get("line"), int | None)
            and isinstance(item.get("code"), str)
            and isinstance(item.get("args"), dict)
        ):
            return None
        restored.append(
            Diagnostic(
                display_path(item["path"]), item["line"], item["code"], item["args"], "warning"
            )
        )
    return restored


def _from_manifest(
    report: BuildReport, previous: Mapping[str, Any], warnings: list[Diagnostic]
) -> BuildReport:
    report.unchanged = True
    report.warnings = warnings
    report.bulletins = int(previous.get("bulletins", 0))
    report.pages = int(previous.get("pages", 0))
    report.files = int(previous.get("files", 0))
    report.drafts_skipped = int(previous.get("drafts_skipped", 0))
    report.scheduled = int(previous.get("scheduled", 0))
    report.search_pages = previous.get("search_pages")
    return report


def _search_key(config: SiteConfig) -> str:
    """What a search shard depends on besides its pages: the builder (with the version of
    Pagefind it runs), the binary chosen, the language."""
    binary = os.environ.get("PAGEFIND_BINARY_PATH", "")
    return f"{builder_version()} {binary} {config.language}"


def _reusable_shards(
    previous: Mapping[str, Any], digests: Mapping[str, str] | None, out: Path
) -> frozenset[str]:
    """The search shards in ``out/pagefind`` that indexed exactly the pages this build made."""
    old = previous.get("search")
    if not digests or not isinstance(old, dict) or previous.get("output") != output.identity(out):
        return frozenset()
    return frozenset(name for name, digest in digests.items() if old.get(name) == digest)


def _save_output(cache: BuildCache, out: Path) -> None:
    """What the output folder holds now, file by file, for the next no-change build to
    check (:func:`_unchanged`); saved under its identity, so it is only ever compared
    with the folder it was taken of."""
    folder, found = output.identity(out), snapshot(out)
    try:
        if folder is None or found is None:
            raise OSError("the output cannot be read back")
        cache.save(OUTPUT, json.dumps(folder), found)
    except OSError:
        cache.forget(OUTPUT)


def _save_cache(
    cache: BuildCache,
    report: BuildReport,
    inputs: Inputs,
    search_digest: Mapping[str, str] | None,
    old_bodies: Mapping[str, str],
    bodies_key: str,
    archive: Archive,
    site: RenderedSite,
    span: tuple[str | None, str | None],
) -> None:
    """Remember this build; a cache that cannot be written only costs the next build time."""
    bodies: dict[str, str] = {}
    for b in archive.bulletins:  # render_site already hashed the bodies it described
        known = site.descriptions.get(b.slug_path)
        bodies[known.body_key if known else body_key(b.body)] = site.bodies[b.slug_path]
    manifest = {
        # None (a warning that cannot be stored) makes every next build a real one
        "warnings": _stored_warnings(report.warnings),
        "inputs": inputs.digest,
        "recent": inputs.recent,
        "output": output.identity(report.out_dir),
        "search": search_digest,
        "search_pages": report.search_pages,
        "bulletins": report.bulletins,
        "pages": report.pages,
        "files": report.files,
        "drafts_skipped": report.drafts_skipped,
        "scheduled": report.scheduled,
        # the moments between which the same bulletins are due: a later build in that
        # span with the same inputs is a no-change build
        "schedule": list(span),
    }
    try:
        if bodies.keys() != old_bodies.keys():
            cache.save_bodies(bodies_key, bodies, old_bodies)
        cache.save_manifest(manifest)
    except OSError:
        cache.forget_manifest()


def render_site(
    archive: Archive,
    config: SiteConfig,
    catalog: Catalog,
    *,
    search: bool = True,
    build_date: dt.date | None = None,
    timed: Callable[[str], Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    body_cache: Mapping[str, str] | None = None,
    reuse: Reuse | None = None,
    on_bulletins: Callable[[Mapping[str, bytes]], None] | None = None,
    pending: Mapping[str, dt.datetime] | None = None,
) -> RenderedSite:
    """Every file of the site: a pure function of its arguments. Files are in memory,
    except pages whose key is the one in ``reuse``: those stay links to the old file.
    ``on_bulletins`` is given every bulletin page as soon as all are rendered (not when
    some were kept), before the listings: the search index can start on them.
    ``pending`` maps bulletins shown before their publication time (a preview with
    drafts) to that time, for their pages to say so."""
    timed = timed or _Timer({})
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
            "build_date": build_date,
            "has_search": False,
        },
    )
    env.globals["has_search"] = search and template_exists(env, "search.html")
    site = _site_key(config, build_date, env.globals["has_search"])
    fingerprints = Fingerprints()
    keys: dict[str, str] = {}
    old = reuse.keys if reuse else {}

    def kept(path: str) -> Path | None:
        return reuse.folder / path if reuse and old.get(path) == keys[path] else None

    # The export needs every body and nothing else rendered here, and takes long: it is
    # made in a second process, started as soon as the bodies are known (when a rebuild
    # has them all cached but a few, before any page is rendered).
    export_key = digest([site, "export", *map(fingerprints.bulletin, archive.bulletins)])
    keys[EXPORT_PATH] = digest([export_key, EXPORT_PATH])
    export: Forked[Files] | None = None
    spliced: Files | None = None  # the export, from the previous one and changed records
    records: list[str] | None = None
    try:
        fork_export = kept(EXPORT_PATH) is None and _fork_worth_it(archive, workers)
        with timed("bulletins"):
            renderer = BulletinPages(
                env, archive, config, body_cache, reuse and reuse.related, pending
            )
            bodies, summaries, body_keys, missing = incremental.known_bodies(
                archive, reuse, renderer.body_cache, fingerprints
            )
            if reuse is not None and len(missing) < PARALLEL_MIN:
                fresh: dict[str, str] = {}
                for bulletin in missing:
                    path, key = bulletin.slug_path, body_key(bulletin.body)
                    body = fresh.get(key) or renderer.markdown.render(bulletin.body)
                    bodies[path], summaries[path] = body, describe(bulletin, body)
                    fresh[key], body_keys[path] = body, key
                renderer.body_cache = ChainMap(fresh, renderer.body_cache)
                missing = []
                records = incremental.record_keys(archive, site, fingerprints, body_keys)
                spliced = incremental.splice_export(archive, config, bodies, reuse, records)
                if spliced is not None:
                    fork_export = False
                elif fork_export:
                    export = Forked(lambda: render_export(archive, config, bodies))
            deep = _overrides_templates(config)
            todo: list[Bulletin] = []
            unchanged: dict[str, Path] = {}
            for bulletin in archive.bulletins:
                path = bulletin.url_path + "index.html"
                keys[path] = renderer.key(bulletin, fingerprints, site, deep)
                if (link := kept(path)) is not None:
                    unchanged[bulletin.slug_path] = link
                else:
                    todo.append(bulletin)
            rendered = render_bulletins(renderer, todo, progress, workers)
            for r in rendered:
                path = r.bulletin.slug_path
                bodies[path], summaries[path] = r.body, r.description
                if path not in body_keys:
                    body_keys[path] = body_key(r.bulletin.body)
            for bulletin in missing:  # kept pages whose body the cache had lost
                path = bulletin.slug_path
                if path not in bodies:
                    body = renderer.body(bulletin)
                    bodies[path], summaries[path] = body, describe(bulletin, body)
                    body_keys[path] = body_key(bulletin.body)
            descriptions = {
                b.slug_path: Description(
                    fingerprints.bulletin(b), body_keys[b.slug_path], summaries[b.slug_path]
                )
                for b in archive.bulletins
            }
            originals = _originals(archive, keys, kept)
        if on_bulletins is not None and not unchanged:
            on_bulletins({r.output_path: r.html for r in rendered})

        def made(name: str, key: str, names: list[str], render: Callable[[], Files]) -> Output:
            """``render()``'s files, or links to the old ones when ``names`` all have ``key``."""
            for path in names:
                keys[path] = digest([key, path])
            if reuse and all(kept(path) for path in names):
                return (name, {path: reuse.folder / path for path in names})
            files = render()
            for path in files:
                keys[path] = digest([key, path])
            return (name, files)

        if export is None and fork_export:
            export = Forked(lambda: render_export(archive, config, bodies))
        with timed("listings"):
            listings = ListingPages(env, archive, config, summaries)
            listing_files: dict[str, Content] = {}
            for spec in listings.specs():
                page, template, context = spec
                path = page.output_path
                shown = listings.key_context(spec, deep)
                keys[path] = digest(
                    [site, template, fingerprints.value(page), fingerprints.value(shown)]
                )
                listing_files[path] = kept(path) or listings.render(spec)
        pages = {**listing_files, **{f"{b.url_path}index.html": b"" for b in archive.bulletins}}
        paths = page_paths(pages)
        with timed("feeds"):
            latest = feed_bulletins(archive, config.feed_size)
            lastmod = page_dates(archive)
            listed = sorted({p.lstrip("/") for p in paths} - NOT_LISTED)
            chunks = -(-len(listed) // MAX_URLS)
            sitemaps = [f"sitemap-{n}.xml" for n in range(1, chunks + 1)] if chunks > 1 else []
            extras: list[Output] = [
                made(
                    "feed",
                    digest([site, "feed", *map(fingerprints.bulletin, latest)]),
                    [FEED_PATH],
                    lambda: render_feed(archive, config, catalog, bodies),
                ),
                made(
                    "sitemap",
                    digest([site, "sitemap", *listed, *map(str, sorted(lastmod.items()))]),
                    [SITEMAP_PATH, ROBOTS_PATH, *sitemaps],
                    lambda: render_sitemap(archive, config, paths),
                ),
                ("aliases", render_redirects(archive, config, catalog)),
            ]
            # A group's feed is keyed on its name and its latest bulletins, so an edit
            # rewrites only the feeds that list the bulletin edited.
            for kind, groups in (("topic", archive.topics), ("location", archive.locations)):
                for group in groups:
                    members = group_feed_bulletins(group, config.feed_size)
                    extras.append(
                        made(
                            f"{kind} feed",
                            digest(
                                [
                                    site,
                                    "group feed",
                                    kind,
                                    group.url_path,
                                    group.label,
                                    *map(fingerprints.bulletin, members),
                                ]
                            ),
                            [group_feed_path(group)],
                            lambda kind=kind, group=group: render_group_feed(
                                kind, group, archive, config, catalog, bodies
                            ),
                        )
                    )
        with timed("export"):
            extras.append(
                made(
                    "export",
                    export_key,
                    [EXPORT_PATH],
                    export.result
                    if export
                    else (lambda: spliced)
                    if spliced is not None
                    else lambda: render_export(archive, config, bodies),
                )
            )
    finally:
        if export is not None:
            export.cancel()
    contents = output.merge_outputs(
        [
            ("theme/static", assets.files),
            ("pages", listing_files),
            *((str(r.bulletin.source), {r.output_path: r.html}) for r in rendered),
            *(
                (str(b.source), {b.url_path + "index.html": unchanged[b.slug_path]})
                for b in archive.bulletins
                if b.slug_path in unchanged
            ),
            *originals,
            *extras,
            ("site", _deployment_files(config)),
        ]
    )
    related = renderer.related.memo(RELATED_LIMIT)
    if records is None:
        records = incremental.record_keys(archive, site, fingerprints, body_keys)
    order = tuple(zip((b.slug_path for b in archive.bulletins), records, strict=True))
    return RenderedSite(SiteFiles(contents), paths, bodies, keys, related, descriptions, order)


def _originals(
    archive: Archive, keys: dict[str, str], kept: Callable[[str], Path | None]
) -> list[Output]:
    """Each bulletin's original document, published beside its page: copied from
    ``content/``, or linked from the previous output when it has the same bytes."""
    found: list[Output] = []
    for bulletin in archive.bulletins:
        original, path = bulletin.original, original_path(bulletin)
        if original is None or path is None:
            continue
        keys[path] = digest(["original", original.sha256, str(original.size)])
        content = kept(path) or output.Copied(bulletin.source.parent / original.name)
        found.append((str(bulletin.source), {path: content}))
    return found


def _fork_worth_it(archive: Archive, workers: int | None) -> bool:
    """A second process pays for itself on archives large enough to render in parallel."""
    count = worker_count() if workers is None else workers
    return count > 1 and len(archive.bulletins) >= PARALLEL_MIN and hasattr(os, "fork")


def _site_key(config: SiteConfig, build_date: dt.date | None, has_search: bool) -> str:
    """What every page depends on besides its own content: the builder's code and
    libraries, the settings, the theme and site templates (with the UI strings), the
    build date and whether there is a search page."""
    templates = folders_digest([THEME_DIR, config.templates_dir])
    return digest([builder_version(), repr(config), templates, repr(build_date), repr(has_search)])


def _overrides_templates(config: SiteConfig) -> bool:
    """Whether the site has templates of its own: they may show a topic's or a place's
    members on bulletin pages, so those pages are then keyed on the members too."""
    return bool(tree_stats(config.templates_dir))  # symlinked folders too, as Jinja reads


def _deployment_files(config: SiteConfig) -> dict[str, bytes]:
    files = {output.MARKER: SITE_MARKER_TEXT, NOJEKYLL: b""}
    if config.cname:
        files["CNAME"] = config.cname.strip().encode("ascii", "replace") + b"\n"
    return files
