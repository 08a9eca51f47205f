"""``bulletins.json``, the longest file of a site to make, made the cheapest way: spliced
from the previous one when few records changed, else in a forked child on a large archive
(started as soon as the bodies are known, while the pages are made), else at the end.
Given a spool folder, it is written there record by record and linked into the site; when
the render workers made every page, they wrote the records too, and it is joined from them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from builder.content.archive import Archive
from builder.core.background import Forked
from builder.core.settings import SiteConfig
from builder.render.export import EXPORT_PATH, joined_export, render_export, write_export
from builder.render.incremental import record_keys, splice_export
from builder.render.keys import Files, Fingerprints, Output, PageKeys, digest


class ExportJob:
    """One site's export: :meth:`splice` or :meth:`start` as early as the bodies allow,
    :meth:`output` at the end, :meth:`cancel` always."""

    def __init__(
        self,
        archive: Archive,
        config: SiteConfig,
        keys: PageKeys,
        fingerprints: Fingerprints,
        fork: bool,
        spool: Path | None = None,
    ) -> None:
        self.archive, self.config, self.keys = archive, config, keys
        self.spool = spool
        self.fingerprints = fingerprints
        self.key = digest([keys.site, "export", *map(fingerprints.bulletin, archive.bulletins)])
        keys.keys[EXPORT_PATH] = digest([self.key, EXPORT_PATH])
        self.fork = fork and keys.kept(EXPORT_PATH) is None
        self.records: list[str] | None = None  # each record's key, once computed
        self._spliced: Files | None = None
        self._parts: list[Path] | None = None
        self._forked: Forked[Files] | None = None

    def splice(self, bodies: Mapping[str, str], body_keys: Mapping[str, str]) -> None:
        """With every body known early (a rebuild): the export from the previous one and
        the changed records, or else the forked child started now."""
        self.records = record_keys(self.archive, self.keys.site, self.fingerprints, body_keys)
        if self.keys.reuse is not None:
            self._spliced = splice_export(
                self.archive, self.config, bodies, self.keys.reuse, self.records
            )
        if self._spliced is not None:
            self.fork = False
        else:
            self.start(bodies)

    def join(self, parts: list[Path]) -> None:
        """With every record written by the render workers into ``parts``, in order: the
        export is joined from them, no child is forked."""
        self._parts, self.fork = parts, False

    def start(self, bodies: Mapping[str, str]) -> None:
        """Make the export in a forked child, when that is worth it and not yet started."""
        if self.fork and self._forked is None:
            self._forked = Forked(lambda: self._make(bodies))

    def output(self, bodies: Mapping[str, str]) -> Output:
        return self.keys.made("export", self.key, [EXPORT_PATH], self._maker(bodies))

    def _maker(self, bodies: Mapping[str, str]) -> Callable[[], Files]:
        if self._forked is not None:
            return self._forked.result
        spliced, parts, spool = self._spliced, self._parts, self.spool
        if spliced is not None:
            return lambda: spliced
        if parts is not None and spool is not None:
            return lambda: joined_export(self.archive, self.config, parts, spool)
        return lambda: self._make(bodies)

    def _make(self, bodies: Mapping[str, str]) -> Files:
        if self.spool is None:
            return render_export(self.archive, self.config, bodies)
        return write_export(self.archive, self.config, bodies, self.spool)

    def cancel(self) -> None:
        if self._forked is not None:
            self._forked.cancel()
