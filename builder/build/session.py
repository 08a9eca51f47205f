"""A build session: the site built again and again in one process, for the preview.

A build (:mod:`builder.build.steps`) starts from the disk: it reads its caches (the parsed
bulletins, the rendered bodies, each page's key and stat), checks the output file by file,
writes a new output folder and swaps it into place, and saves its caches again. At 10,000
bulletins that costs 4-5 s after a one-bulletin edit without search and 9-11 s with it
(measured on this busy 2-core machine), of which rendering the pages that changed is about
1 s. A session keeps all of that in memory between rebuilds instead:

- the bulletins as loaded, with their files' states (a file whose stat is unchanged is not
  read again), the rendered bodies, each page's key, the related lists and the export's
  records: what the next render reuses;
- which files the output folder holds, as this session wrote them: an edit then writes
  only the files whose bytes changed, in place (:mod:`builder.output.inplace`);
- which search shards ``pagefind/`` holds: the changed shard is indexed after the pages
  are visible (:meth:`BuildSession.search`), into a folder beside the output, and the
  bundle is swapped in when done.

The first rebuild, and any after one that failed half-way or whose output folder was
touched by something else, is a whole build into a new folder swapped into place, started
from the disk caches as a build is. Every page's key holds everything it is made from
(settings, templates, theme), so a change to ``site.yaml`` or the theme needs nothing
special: the pages whose keys changed are made again. After the search step the output
is byte for byte what ``boletines build`` makes of the same sources.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from builder.build import manifest
from builder.build.indexing import search_memo
from builder.build.memory import (
    CompiledTemplates,
    Memory,
    PendingSearch,
    bodies_by_key,
    kept,
    maybe_changed,
    written_later,
)
from builder.build.options import BuildOptions, BuildReport
from builder.build.steps import read_content
from builder.cache.digests import builder_version
from builder.cache.store import PAGES, BuildCache, trash_folder
from builder.content.archive import build_archive
from builder.core.display import display_path
from builder.core.errors import BoletinesError, raise_if_errors
from builder.core.filestate import FileState
from builder.core.i18n import THEME_DIR, Catalog, load_catalog
from builder.core.settings import SiteConfig, apply_base_url, load_settings
from builder.core.timing import Timer
from builder.core.zones import site_zone
from builder.output import writer
from builder.output.inplace import replace_folder, update_in_place
from builder.render.incremental import PagesMemo, Reuse, SiteFiles, known_documents, reusable
from builder.render.keys import Fingerprints
from builder.render.site import Previous, RenderedSite, RenderOptions, render_site
from builder.search.index import (
    BUNDLE_DIR,
    RUNTIME,
    Shard,
    index_site,
    plan_shards,
    write_manifest,
)


@dataclass(frozen=True)
class _Settings:
    config: SiteConfig
    zone: dt.tzinfo
    catalog: Catalog


class BuildSession:
    """Builds ``options`` again on every :meth:`rebuild`, keeping what it can in memory.

    One thread at a time calls :meth:`rebuild` and :meth:`search`; :meth:`cancel` may be
    called from any thread to stop a search that is running."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.out = options.out_dir
        self.cache = BuildCache(options.out_dir)
        self._memory: Memory | None = None
        self._cancel = threading.Event()
        self._lock = threading.Lock()  # held while the output folder is being changed
        self._templates = CompiledTemplates()
        self._fingerprints = Fingerprints()  # the last rebuild's, renewed for the next
        self._kept_paths: dict[str, Path] = {}  # see Reuse.paths
        self._unwritten: dict[str, writer.Content] = {}  # see complete()
        # bulletin files (under content/) that may differ from those in memory; None: any
        self._suspects: frozenset[str] | None = None

    # -- pages -----------------------------------------------------------------------------

    def rebuild(
        self, changed: Iterable[str] | None = None
    ) -> tuple[BuildReport, PendingSearch | None]:
        """Make the site's pages visible in the output folder; the search index, when the
        pages were updated in place, is left to :meth:`search`. ``changed``: the paths a
        watcher reported since the last call (None: unknown); when they are all bulletin
        files, only those are read again, else every file's stat is checked. Raises
        BoletinesError with every problem; then the output folder keeps the last good
        site."""
        self._suspects = maybe_changed(self._suspects, changed, self.options.content_dir)
        self._cancel.clear()  # a change that came before this rebuild is in it
        self.complete()  # what the last one left: this one reads the export back
        report = BuildReport(out_dir=self.out)
        timed = Timer(report.steps)
        options = self.options
        now = options.now if options.now is not None else dt.datetime.now(dt.UTC)
        with timed("settings"):
            settings = self._settings(report)
        config = settings.config
        memory = self._memory
        if memory is not None and writer.identity(self.out) != memory.output:
            memory = self._memory = None  # another program replaced or removed the folder
        with timed("content"):
            last = memory.loaded if memory is not None else None  # only ``changed`` read
            known = last.files if last is not None else self.cache.load_sources(self._sources())
            suspects = self._suspects if memory is not None else None
            content = read_content(
                options, config, settings.zone, now, known, report, suspects, last
            )
            loaded, published, pending = content.loaded, content.published, content.pending
        with timed("archive"):
            archive = build_archive(published)
        self._fingerprints = self._fingerprints.renewed(archive.bulletins)
        bodies_key = f"{builder_version()} {config.base_path}"
        with timed("cache"):
            previous = self._previous(memory, bodies_key)
        search = options.search and config.search
        render_options = RenderOptions(
            search=search,
            build_date=options.build_date,
            pending=pending,
            timed=timed,
            bytecode_cache=self._templates,
            fingerprints=self._fingerprints,
        )
        site = render_site(archive, config, settings.catalog, render_options, previous)
        report.bulletins = len(archive.bulletins)
        report.pages = len(site.page_paths) + 1  # and 404.html
        report.files = len(site.files)
        contents = site.files.contents if isinstance(site.files, SiteFiles) else site.files
        bodies = bodies_by_key(site)
        planned = known_documents(previous.reuse, site.keys)
        if memory is not None:
            with timed("write"):
                output = self._in_place(memory, contents, search)
            if output is None:  # the folder went away meanwhile: start again next time
                return report, None
            indexed = memory.indexed if search else {}
            self._suspects = frozenset()
            self._memory = Memory(
                output, loaded, bodies_key, bodies, kept(site), frozenset(contents), indexed,
                memory.search if search else {},
            )  # fmt: skip
            pending_search = PendingSearch(config, site.files, site.keys, planned)
            return report, pending_search if search else None
        with timed("write"):
            indexed, memo = self._swap(config, site, planned if search else None, report)
        with contextlib.suppress(OSError):  # for the next preview or build: only time
            self.cache.save_sources(self._sources(), loaded.files, known)
            if previous.bodies.keys() != bodies.keys():
                self.cache.save_bodies(bodies_key, bodies, previous.bodies)
        output = writer.identity(self.out)
        if output is not None:
            self._suspects = frozenset()
            self._memory = Memory(
                output, loaded, bodies_key, bodies, kept(site), frozenset(contents), indexed,
                memo,
            )  # fmt: skip
        return report, None

    def _settings(self, report: BuildReport) -> _Settings:
        options = self.options
        config = load_settings(options.config_path)
        if options.base_url is not None:
            config = apply_base_url(config, options.base_url)
        zone = site_zone(config.timezone, display_path(options.config_path))
        report.language = config.language
        sources = [options.content_dir, config.templates_dir, THEME_DIR]
        raise_if_errors(writer.check_output_dir(self.out, sources, config.root))
        return _Settings(config, zone, load_catalog(config.language))

    def _sources(self) -> str:
        return manifest.sources_key(self.options.content_dir)

    def _previous(self, memory: Memory | None, bodies_key: str) -> Previous:
        """What the render may reuse: the last rebuild's, or the last build's from disk."""
        if memory is None:
            memo = self.cache.load(PAGES, builder_version())
            return Previous(
                self.cache.bodies(bodies_key),
                reusable(memo if isinstance(memo, PagesMemo) else None, self.out),
            )
        site = memory.site
        keys = {path: key for path, key in site.keys.items() if path in memory.files}
        reuse = Reuse(
            self.out, memory.output, keys, site.related, site.descriptions, site.export,
            memory.search, self._kept_paths,
        )  # fmt: skip
        bodies = memory.bodies if memory.bodies_key == bodies_key else {}
        return Previous(bodies, reuse)

    def _in_place(
        self, memory: Memory, contents: Mapping[str, writer.Content], search: bool
    ) -> list[int] | None:
        """Write what changed into the output folder (and drop ``pagefind/`` when the site
        has no search any more), but for large files that no page needs to be shown
        (:func:`~builder.build.memory.written_later`), which :meth:`complete` writes; the
        folder's identity after. On failure the next rebuild is a whole one (the folder may
        hold some new files)."""
        later = {path: data for path, data in contents.items() if written_later(path, data)}
        with (
            self._lock,
            writer.reported(self.out),
            writer.output_lock(self.out, self.options.lock_timeout),
        ):
            # pagefind/ is about to index other pages than the manifest says: until the
            # search step saves it again, the next preview or build indexes every shard
            self.cache.forget_manifest()
            self._memory = None
            now = {path: data for path, data in contents.items() if path not in later}
            update_in_place(self.out, now, memory.files - later.keys())
            if not search and (self.out / BUNDLE_DIR).exists():
                shutil.rmtree(self.out / BUNDLE_DIR)
            output = writer.identity(self.out)
        self._unwritten = later
        return output

    def complete(self) -> None:
        """Write the files the last rebuild left for after the pages were shown."""
        later, self._unwritten = self._unwritten, {}
        if not later:
            return
        with (
            self._lock,
            writer.reported(self.out),
            writer.output_lock(self.out, self.options.lock_timeout),
        ):
            memory, self._memory = self._memory, None
            update_in_place(self.out, later, ())
            if memory is not None:
                memory.output = writer.identity(self.out) or memory.output
            self._memory = memory

    def _swap(
        self,
        config: SiteConfig,
        site: RenderedSite,
        planned: Mapping[str, tuple[str, str]] | None,
        report: BuildReport,
    ) -> tuple[dict[str, str], dict[str, tuple[str, str, str]]]:
        """A whole new output folder, indexed, swapped into place as a build does."""
        out = self.out
        with (
            self._lock,
            writer.reported(out),
            writer.output_lock(out, self.options.lock_timeout),
        ):
            writer.clear_leftovers(out)
            shards: list[Shard] = []
            if planned is not None:
                key = manifest.search_key(config)
                shards = plan_shards(
                    site.files, key, planned, shard_pages=config.search_shard_pages
                )
            digests = {shard.name: shard.digest for shard in shards}
            reuse = manifest.reusable_shards(self.cache.manifest(), digests, out)
            temp = writer.new_temp_dir(out)
            try:
                files = site.files.contents if isinstance(site.files, SiteFiles) else site.files
                written: dict[str, FileState] = writer.write_files(temp, files)
                if shards:
                    # not stopped by cancel(): a save during the first build waits for it
                    stats = index_site(
                        temp, config, shards, previous=out / BUNDLE_DIR, reuse=reuse,
                        pages=site.files,
                    )  # fmt: skip
                    report.search_pages = stats.pages
                self.cache.forget_manifest()
                trash = trash_folder() if out.exists() else None
                writer.swap_into_place(temp, out, trash if isinstance(trash, Path) else None)
            except BaseException:
                writer.discard(temp)
                raise
            memo = search_memo(shards, site.files, site.keys)
            manifest.save_pages(self.cache, out, site, written, memo)
            self._save_shards(digests)
        return digests, memo

    def _save_shards(self, indexed: Mapping[str, str]) -> None:
        """What the next preview or build may take from ``pagefind/``: the shards in it now,
        in the folder as it is now (a manifest with no inputs: never a no-change build)."""
        with contextlib.suppress(OSError):
            self.cache.save_manifest({"output": writer.identity(self.out), "search": indexed})

    # -- search ----------------------------------------------------------------------------

    def search(self, pending: PendingSearch) -> int | None:
        """Index the shards whose pages changed since ``pagefind/`` was made, in a folder
        beside the output, and swap the new bundle in; the pages indexed, or None when
        nothing needed indexing. Raises BoletinesError when Pagefind fails (or was stopped
        by :meth:`cancel`); then ``pagefind/`` stays as it was."""
        self.complete()
        memory = self._memory
        if self._cancel.is_set() or memory is None or memory.site.keys is not pending.keys:
            return None  # a later rebuild, or a failed one, came in between
        config = pending.config
        key = manifest.search_key(config)
        shards = plan_shards(
            pending.files, key, pending.planned, shard_pages=config.search_shard_pages
        )
        digests = {shard.name: shard.digest for shard in shards}
        if digests == memory.indexed and (self.out / BUNDLE_DIR).is_dir():
            memory.search = search_memo(shards, pending.files, pending.keys)
            self._save_shards(digests)
            return None
        bundle = self.out / BUNDLE_DIR
        whole = not bundle.is_dir() or not memory.indexed
        todo = [s for s in shards if whole or memory.indexed.get(s.name) != s.digest]
        temp = writer.new_temp_dir(self.out)
        try:
            try:
                index_site(temp, config, todo, pages=pending.files, cancel=self._cancel)
            except BoletinesError:
                if self._cancel.is_set():
                    return None  # stopped for a newer change, which indexes again
                raise
            with self._lock, writer.reported(self.out):
                if self._memory is not memory:
                    return None  # the pages changed meanwhile: this index is not theirs
                if whole:
                    replace_folder(temp / BUNDLE_DIR, bundle, temp / "old")
                    pages = write_manifest(bundle, shards, self.out)
                else:
                    pages = self._replace_shards(temp / BUNDLE_DIR, todo, shards, temp / "old")
                memory.indexed = digests
                memory.search = search_memo(shards, pending.files, pending.keys)
                memory.output = writer.identity(self.out) or memory.output
                self._save_shards(digests)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        return pages

    def _replace_shards(
        self, fresh: Path, todo: list[Shard], shards: list[Shard], old: Path
    ) -> int:
        """Put the shards just indexed into ``pagefind/`` in place of theirs, one folder
        rename each (the other shards stay: linking some 10,000 files into a new bundle
        cost more than indexing one shard), drop the shards the plan no longer has, and
        write ``shards.json`` anew; the pages indexed."""
        bundle = self.out / BUNDLE_DIR
        old.mkdir()
        for shard in todo:
            replace_folder(fresh / shard.name, bundle / shard.name, old / shard.name)
        if (fresh / RUNTIME).is_file():
            os.replace(fresh / RUNTIME, bundle / RUNTIME)
        names = {shard.name for shard in shards}
        for entry in bundle.iterdir():
            if entry.is_dir() and entry.name not in names:
                shutil.rmtree(entry)
        return write_manifest(bundle, shards, self.out)

    def cancel(self) -> None:
        """Stop a search that is running (it raises); the next one starts afresh."""
        self._cancel.set()
