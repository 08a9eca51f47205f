"""``boletines check``: every problem the build would meet, and what an editor should know,
without writing a site.

Errors come from the same places the build uses (site.yaml through
:mod:`builder.core.settings`, front matter, duplicate numbers and addresses through the
loader, addresses that collide with generated pages) plus links in bodies: a link to a
page of the site that does not exist, an image that would not be on the site, or a
``javascript:``/``data:`` link; and an original document that is no longer the one
imported (its SHA-256 is not ``original_sha256``). Warnings are things a reader would
miss: no date, number or place; a highlight the body repeats word for word; an empty
body; and what the build skips or misplaces without a word: a file in another year's
folder, a name starting with another date, a file under ``content/`` that is not ``.md``
(and not a bulletin's original). Drafts are checked too (an editor checks before
publishing), but a published bulletin may not link to one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from builder.check.files import named_file_problems, outside_an_archive, stray_files
from builder.check.lines import SourceLines
from builder.check.links import body_findings, early_links
from builder.content.archive import UNDATED_PATH, build_archive
from builder.content.loader import load_content
from builder.content.model import Bulletin
from builder.content.names import find_sources
from builder.content.schedule import split_due
from builder.content.topics import TagSuggestion, normalized, tag_suggestions
from builder.core.display import display_path
from builder.core.errors import BoletinesError, Diagnostic, error, warning
from builder.core.settings import SiteConfig, load_settings
from builder.core.zones import site_zone
from builder.render.addresses import site_addresses
from builder.render.pages import check_paths

# Warnings check adds to the loader's own findings; each has a message ``check.<code>``.
RECOMMENDED_FIELDS = ("date", "number", "location")

_YEAR = re.compile(r"\d{4}")
_DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-|$)")


@dataclass(frozen=True)
class Suggestion:
    """Topics a bulletin's text matches that its ``tags`` lack, at the ``tags:`` line."""

    path: str
    line: int
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Scheduled:
    """A bulletin that is not published yet: when it will be, in the site's time zone, at
    the line of its ``publish`` (else ``date``)."""

    path: str
    line: int
    moment: dt.datetime
    zone: str


@dataclass(frozen=True)
class CheckResult:
    """Everything ``check`` found: diagnostics for the terminal, counts for the summary."""

    diagnostics: tuple[Diagnostic, ...]
    bulletins: int
    suggestions: tuple[Suggestion, ...] = ()
    language: str = "es"
    scheduled: tuple[Scheduled, ...] = ()  # not findings: what is waiting to be published

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if not d.is_error)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def only(self, files: Iterable[Path], content_dir: Path = Path("content")) -> CheckResult:
        """The findings about ``files`` (as named on the command line), plus those about the
        whole site (site.yaml, the content folder) and those naming one of ``files``, such
        as the duplicate number another file reports."""
        wanted = {display_path(f) for f in files}

        def concerns(d: Diagnostic) -> bool:
            if d.path in wanted or not d.path.endswith(".md"):
                return True
            return any(str(v).split(":")[0] in wanted for v in d.args.values())

        files = list(files)
        problems = tuple(named_file_problems(files, content_dir))
        return CheckResult(
            (*problems, *(d for d in self.diagnostics if concerns(d))),
            len(wanted - {d.path for d in problems}),
            tuple(s for s in self.suggestions if s.path in wanted),
            self.language,
            tuple(s for s in self.scheduled if s.path in wanted),
        )


def bulletin_warnings(bulletin: Bulletin, lines: SourceLines, shown: str) -> Iterator[Diagnostic]:
    if bulletin.draft:  # an import that needs review: listed, with what is missing below
        yield warning(shown, lines.field("draft"), "check.draft")
    for name in RECOMMENDED_FIELDS:
        if getattr(bulletin, name) in (None, ""):
            yield warning(shown, lines.field(name), f"check.missing_{name}")
    if not bulletin.body.strip():  # point at the closing "---": the text goes below it
        yield warning(shown, max(bulletin.body_line - 1, 1), "check.empty_body")
        return
    body = normalized(bulletin.body) if bulletin.highlights else ""
    for index, highlight in enumerate(bulletin.highlights):
        words = normalized(highlight)
        if words.strip() and words in body:
            yield warning(
                shown, lines.field("highlights", index), "check.highlight_repeated", index=index + 1
            )


def placement_warnings(
    bulletin: Bulletin, lines: SourceLines, shown: str, content: str
) -> Iterator[Diagnostic]:
    """A dated file in another year's folder (or in ``sin-fecha/``), or whose name starts
    with another date: its address, made from folder and name, would mislead readers."""
    if bulletin.date is None:
        return
    date = bulletin.date.isoformat()[:10]
    year = date[:4]
    folder, _, name = bulletin.slug_path.rpartition("/")
    top = folder.split("/")[0]
    if top and top != year and (_YEAR.fullmatch(top) or top == UNDATED_PATH.strip("/")):
        yield warning(
            shown,
            lines.field("date"),
            "check.wrong_folder",
            folder=f"{content}/{top}",
            year=year,
            right=f"{content}/{year}",
        )
    named = _DATED_NAME.match(name)
    if named and named.group(1) != date:
        better = date + name[len(named.group(1)) :] + ".md"
        yield warning(
            shown,
            lines.field("date"),
            "check.name_date",
            named=named.group(1),
            date=date,
            suggestion=better,
        )


def check_bulletins(
    bulletins: Iterable[Bulletin],
    config: SiteConfig,
    content: str = "content",
    waiting: dict[str, dt.datetime] | None = None,
) -> list[Diagnostic]:
    """Findings about bulletins that loaded: links in bodies, then warnings. ``waiting``
    maps the path of each bulletin not yet due to its publication time."""
    everything = list(bulletins)
    waiting = waiting or {}
    published = [b for b in everything if not b.draft]
    published_paths = site_addresses(build_archive(published), config)
    draft_paths = {b.url_path for b in everything if b.draft}
    bulletin_paths = sorted(b.url_path for b in published)
    # drafts too: `build --drafts` and `serve --drafts` publish them
    found = list(check_paths(everything, lambda b, i: SourceLines(b.source).field("aliases", i)))
    for bulletin in sorted(everything, key=lambda b: b.slug_path):
        shown = display_path(bulletin.source)
        lines = SourceLines(bulletin.source)
        found.extend(
            body_findings(
                bulletin, lines, shown, published_paths, draft_paths, config, bulletin_paths
            )
        )
        found.extend(early_links(bulletin, lines, shown, waiting, config))
        found.extend(bulletin_warnings(bulletin, lines, shown))
        if bulletin.original is not None and bulletin.original.altered:
            found.append(
                error(
                    shown,
                    lines.field("original_sha256"),
                    "check.original_altered",
                    file=display_path(bulletin.source.parent / bulletin.original.name),
                    digest=bulletin.original.sha256,
                )
            )
        found.extend(placement_warnings(bulletin, lines, shown, content))
    return found


def scheduled_list(
    loaded: Iterable[Bulletin], now: dt.datetime, config: SiteConfig
) -> tuple[dict[str, dt.datetime], tuple[Scheduled, ...]]:
    """The bulletins (drafts aside) not yet due at ``now``, by page path and as a list."""
    zone = site_zone(config.timezone)
    schedule = split_due((b for b in loaded if not b.draft), now, zone)
    found = tuple(
        Scheduled(
            display_path(b.source),
            SourceLines(b.source).field("publish" if b.publish else "date"),
            moment,
            config.timezone,
        )
        for b, moment in schedule.waiting
    )
    return {b.url_path: moment for b, moment in schedule.waiting}, found


def located(suggestions: Iterable[TagSuggestion]) -> list[Suggestion]:
    return [
        Suggestion(
            display_path(s.bulletin.source),
            SourceLines(s.bulletin.source).field("tags"),
            s.missing,
        )
        for s in suggestions
    ]


def check_site(
    config_path: Path,
    content_dir: Path = Path("content"),
    *,
    suggest_tags: bool = False,
    now: dt.datetime | None = None,
) -> CheckResult:
    """Check site.yaml and every bulletin under ``content_dir``, as ``build`` reads them;
    with ``now`` (naive: the site's time zone), also list what is scheduled after it.

    Never raises for bad input: problems become diagnostics."""
    elsewhere = outside_an_archive(config_path, content_dir)
    if elsewhere is not None:
        return CheckResult((elsewhere,), 0)
    diagnostics: list[Diagnostic] = []
    try:
        config = load_settings(config_path)
    except BoletinesError as exc:
        diagnostics.extend(exc.diagnostics)
        config = SiteConfig(root=config_path.absolute().parent)
    content = content_dir
    if not content.is_dir():
        diagnostics.append(error(display_path(content), None, "check.no_content"))
        return CheckResult(tuple(diagnostics), 0, language=config.language)
    loaded = load_content(content, config, drafts=True)
    waiting: dict[str, dt.datetime] = {}
    scheduled: tuple[Scheduled, ...] = ()
    if now is not None:
        try:
            waiting, scheduled = scheduled_list(loaded.bulletins, now, config)
        except BoletinesError as exc:
            diagnostics.extend(exc.diagnostics)
    own = check_bulletins(loaded.bulletins, config, display_path(content), waiting)
    originals = {
        os.path.join(os.path.dirname(b.source), b.original.name)
        for b in loaded.bulletins
        if b.original is not None
    }
    own.extend(stray_files(content, originals))
    already = {(d.path, d.line, d.code) for d in loaded.diagnostics}
    diagnostics.extend(loaded.diagnostics)
    diagnostics.extend(d for d in own if (d.path, d.line, d.code) not in already)
    suggestions = located(tag_suggestions(loaded.bulletins, config.topics)) if suggest_tags else []
    files = len(find_sources(content)[0])
    return CheckResult(tuple(diagnostics), files, tuple(suggestions), config.language, scheduled)
