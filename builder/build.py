"""The build: the only module that knows the order of the steps.

settings -> content -> archive -> pages -> feeds, sitemap, export, redirects -> write into
a temporary folder -> search index -> swap into place. Every step is timed; any user error
stops the build before the previous site is touched.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder import output
from builder.archive import Archive, build_archive
from builder.cache import (
    BuildCache,
    body_key,
    builder_version,
    inputs_digest,
    link_tree,
    pages_digest,
)
from builder.config import SiteConfig
from builder.content.loader import load_content
from builder.errors import BoletinesError, Diagnostic, raise_if_errors
from builder.i18n import THEME_DIR, Catalog, load_catalog
from builder.render.assets import accent_colour, build_assets
from builder.render.bulletin import BulletinPages
from builder.render.export import EXPORT_PATH, render_export
from builder.render.feeds import FEED_PATH, render_feed
from builder.render.pages import ListingPages, check_paths, page_paths
from builder.render.parallel import render_bulletins
from builder.render.redirects import render_redirects
from builder.render.sitemap import render_sitemap
from builder.render.templates import make_environment, template_exists
from builder.search import BODY_MARK, BUNDLE_DIR, index_site
from builder.settings import apply_base_url, load_settings


@dataclass(frozen=True)
class BuildOptions:
    config_path: Path = Path("site.yaml")
    content_dir: Path = Path("content")
    out_dir: Path = Path("_site")
    base_url: str | None = None
    drafts: bool = False
    search: bool = True
    build_date: dt.date | None = None  # shown in the footer when given (SOURCE_DATE_EPOCH)
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
    unchanged: bool = False  # nothing had changed since the last build; output untouched

    @property
    def seconds(self) -> float:
        return sum(self.steps.values())


@dataclass(frozen=True)
class RenderedSite:
    """Every output file of the site, and the addresses of its HTML pages."""

    files: dict[str, bytes]
    page_paths: list[str]
    bodies: dict[str, str]


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
    report = BuildReport(out_dir=options.out_dir)
    timed = _Timer(report.steps)
    with timed("settings"):
        config = load_settings(options.config_path)
        if options.base_url is not None:
            config = apply_base_url(config, options.base_url)
        catalog = load_catalog(config.language)
        report.language = config.language
        sources = [options.content_dir, config.templates_dir, THEME_DIR]
        raise_if_errors(output.check_output_dir(options.out_dir, sources, config.root))
    search = options.search and config.search
    cache = BuildCache(options.out_dir)
    with timed("check"):
        inputs = _inputs_digest(options, config)
        previous = cache.manifest()
        with output.output_lock(options.out_dir, options.lock_timeout):
            output.clear_leftovers(options.out_dir)  # a killed build's folders, even if unchanged
            if _unchanged(previous, inputs, options.out_dir):
                return _from_manifest(report, previous)
    with timed("content"):
        if not options.content_dir.is_dir():
            # Diagnostic directly: error()'s own first parameter is also called ``path``.
            folder = str(options.content_dir)
            raise BoletinesError([Diagnostic(folder, None, "build.no_content", {"path": folder})])
        loaded = load_content(options.content_dir, config, drafts=options.drafts)
        raise_if_errors(loaded.diagnostics)
        report.warnings.extend(loaded.warnings)
        report.drafts_skipped = loaded.drafts_skipped
        raise_if_errors(check_paths(loaded.bulletins))
    with timed("archive"):
        archive = build_archive(loaded.bulletins)
    bodies_key = f"{builder_version()} {config.base_path}"
    with timed("cache"):
        old_bodies = cache.bodies(bodies_key)
    site = render_site(
        archive,
        config,
        catalog,
        search=search,
        build_date=options.build_date,
        timed=timed,
        progress=options.progress,
        body_cache=old_bodies,
    )
    report.bulletins = len(archive.bulletins)
    report.pages = len(site.page_paths) + 1  # and 404.html
    report.files = len(site.files)
    search_digest = pages_digest(site.files, BODY_MARK, config.language) if search else None
    with output.output_lock(options.out_dir, options.lock_timeout):
        output.clear_leftovers(options.out_dir)
        previous = cache.manifest()
        reusable = _reusable_bundle(previous, search_digest, options.out_dir)
        temp = output.new_temp_dir(options.out_dir)
        try:
            with timed("write"):
                output.write_files(temp, site.files)
            if search:
                with timed("search"):
                    if reusable and link_tree(options.out_dir / BUNDLE_DIR, temp / BUNDLE_DIR):
                        report.search_pages = previous["search_pages"]
                    else:
                        report.search_pages = index_site(temp, config).pages
            cache.forget_manifest()  # the folder it describes is about to go
            with timed("swap"):
                output.swap_into_place(temp, options.out_dir)
        except BaseException:
            output.discard(temp)
            raise
        with timed("cache"):
            _save_cache(cache, report, inputs, search_digest, old_bodies, bodies_key, archive, site)
    return report


def _inputs_digest(options: BuildOptions, config: SiteConfig) -> str:
    """Everything the output depends on besides the builder itself (added by the cache)."""
    settings = {
        "content": str(options.content_dir.resolve()),
        "base_url": options.base_url,
        "drafts": options.drafts,
        "search": options.search,
        "build_date": options.build_date,
        "pagefind": os.environ.get("PAGEFIND_BINARY_PATH"),
    }
    folders = [options.content_dir, config.templates_dir, THEME_DIR]
    return inputs_digest([options.config_path], folders, settings)


def _unchanged(previous: Mapping[str, Any], inputs: str, out: Path) -> bool:
    """Whether the last build read exactly these inputs and ``out`` is still its output."""
    return (
        bool(previous)
        and previous.get("clean") is True
        and previous.get("inputs") == inputs
        and previous.get("output") == output.identity(out)
    )


def _from_manifest(report: BuildReport, previous: Mapping[str, Any]) -> BuildReport:
    report.unchanged = True
    report.bulletins = int(previous.get("bulletins", 0))
    report.pages = int(previous.get("pages", 0))
    report.files = int(previous.get("files", 0))
    report.drafts_skipped = int(previous.get("drafts_skipped", 0))
    report.search_pages = previous.get("search_pages")
    return report


def _reusable_bundle(previous: Mapping[str, Any], digest: str | None, out: Path) -> bool:
    """Whether ``out/pagefind`` indexed exactly the bulletin pages this build made."""
    return (
        digest is not None
        and previous.get("search") == digest
        and isinstance(previous.get("search_pages"), int)
        and previous["search_pages"] > 0
        and previous.get("output") == output.identity(out)
        and (out / BUNDLE_DIR).is_dir()
    )


def _save_cache(
    cache: BuildCache,
    report: BuildReport,
    inputs: str,
    search_digest: str | None,
    old_bodies: Mapping[str, str],
    bodies_key: str,
    archive: Archive,
    site: RenderedSite,
) -> None:
    """Remember this build; a cache that cannot be written only costs the next build time."""
    bodies = {body_key(b.body): site.bodies[b.slug_path] for b in archive.bulletins}
    manifest = {
        # a build with warnings is rebuilt every time, so the warnings are shown every time
        "clean": not report.warnings,
        "inputs": inputs,
        "output": output.identity(report.out_dir),
        "search": search_digest,
        "search_pages": report.search_pages,
        "bulletins": report.bulletins,
        "pages": report.pages,
        "files": report.files,
        "drafts_skipped": report.drafts_skipped,
    }
    try:
        if bodies.keys() != old_bodies.keys():
            cache.save_bodies(bodies_key, bodies)
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
) -> RenderedSite:
    """Every file of the site, in memory: a pure function of its arguments."""
    timed = timed or _Timer({})
    with timed("assets"):
        assets = build_assets(config)
    env = make_environment(
        config,
        catalog,
        assets.url,
        extra_globals={
            "accent": accent_colour(config.accent_color),
            "feed_path": FEED_PATH,
            "export_path": EXPORT_PATH,
            "build_date": build_date,
            "has_search": False,
        },
    )
    env.globals["has_search"] = search and template_exists(env, "search.html")
    with timed("bulletins"):
        renderer = BulletinPages(env, archive, config, body_cache)
        rendered = render_bulletins(renderer, archive.bulletins, progress, workers)
        bulletin_files = {r.output_path: r.html for r in rendered}
        bodies = {r.bulletin.slug_path: r.body for r in rendered}
        summaries = {r.bulletin.slug_path: r.description for r in rendered}
    with timed("listings"):
        listing_files = ListingPages(env, archive, config, summaries).render_all()
    paths = page_paths({**listing_files, **bulletin_files})
    with timed("feeds"):
        extras: list[tuple[str, Mapping[str, bytes]]] = [
            ("feed", render_feed(archive, config, catalog, bodies)),
            ("sitemap", render_sitemap(archive, config, paths)),
            ("export", render_export(archive, config, bodies)),
            ("aliases", render_redirects(archive, config, catalog)),
        ]
    files = output.merge_outputs(
        [
            ("theme/static", assets.files),
            ("pages", listing_files),
            *((str(r.bulletin.source), {r.output_path: r.html}) for r in rendered),
            *extras,
            ("site", _deployment_files(config)),
        ]
    )
    return RenderedSite(files, paths, bodies)


def _deployment_files(config: SiteConfig) -> dict[str, bytes]:
    files = {output.MARKER: b""}
    if config.cname:
        files["CNAME"] = config.cname.strip().encode("ascii", "replace") + b"\n"
    return files
