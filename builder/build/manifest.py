"""The build manifest: what the last build read and wrote, kept in the build cache.

A build first asks whether anything changed since the last one (:func:`unchanged`: the
same inputs, and the output folder still as written, file by file); if not, it reports the
last build's figures and warnings again and touches nothing. Otherwise it saves, after the
swap, the digests of its inputs, of its search shards (:func:`reusable_shards`), of each
page with its stat (:func:`save_pages`) and of the rendered bodies. A cache that cannot
be written only costs the next build time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from builder.build.options import BuildOptions, BuildReport
from builder.cache.digests import Inputs, body_key, builder_version, inputs_digest
from builder.cache.store import OUTPUT, PAGES, BuildCache
from builder.content.archive import Archive
from builder.core.display import display_path
from builder.core.errors import Diagnostic
from builder.core.filestate import FileState
from builder.core.i18n import THEME_DIR
from builder.core.settings import SiteConfig
from builder.output.folder import damaged, snapshot
from builder.output.writer import identity
from builder.render.incremental import PagesMemo
from builder.render.site import RenderedSite
from builder.render.spooled import Texts


def sources_key(content_dir: Path) -> str:
    """Parsed files are kept per builder and per way of naming the content folder: the
    bulletins' paths and the diagnostics' file names are made from it."""
    return f"{builder_version()}\0{content_dir}\0{display_path(content_dir)}"


def save_pages(
    cache: BuildCache,
    out: Path,
    site: RenderedSite,
    written: Mapping[str, FileState],
    indexed: dict[str, tuple[str, str, str]],
) -> None:
    """Remember each page's key and stat, for the next build to keep what is unchanged
    (and where the search plan put each page, ``indexed``)."""
    files = {path: (key, written[path]) for path, key in site.keys.items() if path in written}
    memo = PagesMemo(identity(out), files, site.related, site.descriptions, site.export, indexed)
    try:
        cache.save(PAGES, builder_version(), memo)
    except OSError:
        cache.forget(PAGES)


def inputs_of(options: BuildOptions, config: SiteConfig, recent: object) -> Inputs:
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


def unchanged(previous: Mapping[str, Any], inputs: str, out: Path, cache: BuildCache) -> bool:
    """Whether the last build read exactly these inputs and ``out`` is still its output,
    every file in it as written (one edited, added or deleted by hand means a real build)."""
    if not previous or previous.get("inputs") != inputs:
        return False
    folder = identity(out)
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


def restored_warnings(previous: Mapping[str, Any]) -> list[Diagnostic] | None:
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


def from_manifest(
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


def search_key(config: SiteConfig) -> str:
    """What a search shard depends on besides its pages: the builder (with the version of
    Pagefind it runs), the binary chosen, the language."""
    binary = os.environ.get("PAGEFIND_BINARY_PATH", "")
    return f"{builder_version()} {binary} {config.language}"


def reusable_shards(
    previous: Mapping[str, Any], digests: Mapping[str, str] | None, out: Path
) -> frozenset[str]:
    """The search shards in ``out/pagefind`` that indexed exactly the pages this build made."""
    old = previous.get("search")
    if not digests or not isinstance(old, dict) or previous.get("output") != identity(out):
        return frozenset()
    return frozenset(name for name, digest in digests.items() if old.get(name) == digest)


def save_output(cache: BuildCache, out: Path) -> None:
    """What the output folder holds now, file by file, for the next no-change build to
    check (:func:`unchanged`); saved under its identity, so it is only ever compared
    with the folder it was taken of."""
    folder, found = identity(out), snapshot(out)
    try:
        if folder is None or found is None:
            raise OSError("the output cannot be read back")
        cache.save(OUTPUT, json.dumps(folder), found)
    except OSError:
        cache.forget(OUTPUT)


def save_build(
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
    bodies = Texts()  # by body key; those a worker wrote are read one part at a time
    for b in archive.bulletins:  # render_site already hashed the bodies it described
        known = site.descriptions.get(b.slug_path)
        bodies[known.body_key if known else body_key(b.body)] = site.bodies.raw(b.slug_path)
    manifest = {
        # None (a warning that cannot be stored) makes every next build a real one
        "warnings": _stored_warnings(report.warnings),
        "inputs": inputs.digest,
        "recent": inputs.recent,
        "output": identity(report.out_dir),
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
