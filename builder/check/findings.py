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

import dataclasses
import datetime as dt
import difflib
import os
import posixpath
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.check.bodylinks import body_links, is_unsafe
from builder.content.archive import (
    LOCATIONS_PATH,
    TOPICS_PATH,
    UNDATED_PATH,
    Archive,
    build_archive,
)
from builder.content.frontmatter import split_front_matter
from builder.content.loader import find_sources, load_content, read_bulletin
from builder.content.model import Bulletin
from builder.content.schedule import split_due
from builder.content.topics import TagSuggestion, normalized, tag_suggestions
from builder.core.dates import format_date
from builder.core.display import display_path
from builder.core.errors import BoletinesError, Diagnostic, error, warning
from builder.core.settings import SiteConfig, load_settings
from builder.core.yamlsafe import YamlDocument, load_yaml
from builder.core.zones import site_zone
from builder.render.assets import build_assets
from builder.render.export import EXPORT_PATH
from builder.render.feeds import FEED_PATH, group_feed_paths
from builder.render.markdown import url_scheme
from builder.render.pages import (
    ARCHIVE_PATH,
    NOT_FOUND_PATH,
    SEARCH_PATH,
    check_paths,
    list_paths,
)

# Files every build writes besides the listing pages (see builder.render and builder.build.steps).
FIXED_FILES = (
    "",
    ARCHIVE_PATH,
    TOPICS_PATH,
    LOCATIONS_PATH,
    NOT_FOUND_PATH,
    FEED_PATH,
    "sitemap.xml",
    "robots.txt",
)

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


def named_file_problems(files: Iterable[Path], content_dir: Path) -> Iterator[Diagnostic]:
    """A file named on the command line that does not exist (a typo would otherwise pass as
    a clean bulletin) or that lies outside the content folder, where nothing is published."""
    content = os.path.realpath(content_dir)
    for file in files:
        shown = display_path(file)
        if not file.exists():
            yield error(shown, None, "check.no_such_file")
        elif not os.path.realpath(file).startswith(content + os.sep):
            yield error(shown, None, "check.outside_content", content=display_path(content_dir))


class SourceLines:
    """Where the front-matter keys of one bulletin file are, read only when a finding needs
    a line (most bulletins have none, and re-reading every file would double the work)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._doc: YamlDocument | None = None
        self._read = False

    def field(self, *key: str | int) -> int:
        if not self._read:
            self._doc, self._read = front_matter_doc(self.path), True
        line = self._doc.line(*key) if self._doc is not None else None
        return line or 1


def front_matter_doc(path: Path) -> YamlDocument | None:
    """Re-read ``path``'s front matter the way the loader does, with the line of each key."""
    try:
        data = path.read_bytes()
    except OSError:  # removed or locked since the loader read it: no line to point at
        return None
    text = data.decode("utf-8-sig", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, _ = split_front_matter(text, str(path))
    return load_yaml(front.yaml_text, str(path), front.yaml_line) if front else None


def site_paths(archive: Archive, config: SiteConfig) -> set[str]:
    """Every address below the base path the build writes a page or file at."""
    paths = set(FIXED_FILES)
    if config.search:
        paths.add(SEARCH_PATH)
    size = config.per_page
    paths.update(list_paths("", len(archive.bulletins), size))
    for bulletin in archive.bulletins:
        paths.add(bulletin.url_path)
        if bulletin.original is not None:
            paths.add(bulletin.url_path + bulletin.original.name)
        paths.update(alias.strip("/") + "/" for alias in bulletin.aliases)
    for year in archive.years:
        paths.add(year.url_path)
        paths.update(month.url_path for month in year.months)
    for group in (*archive.topics, *archive.locations):
        paths.update(list_paths(group.url_path, group.count, size))
    paths.update(group_feed_paths(archive))
    if archive.undated:
        paths.update(list_paths(UNDATED_PATH, len(archive.undated), size))
    paths.add(EXPORT_PATH)
    paths.update(build_assets(config).files)  # static/style.<hash>.css, favicon.svg ...
    return paths


def site_path_of(url: str, page: str, config: SiteConfig) -> str | None:
    """The address below the base path that ``url`` (written on ``page``) points to.

    ``None`` for links that leave the site (another host, ``mailto:``) or stay on the page
    (``#part``). Root-relative links may include the base path or not: the renderer puts
    them below it either way.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        origin = config.origin
        if not origin or f"{parts.scheme or 'https'}://{parts.netloc}" != origin:
            return None
    if not parts.path:
        return None
    base = config.base_path
    if parts.path.startswith("/"):
        absolute = parts.path
        if base != "/" and (absolute + "/").startswith(base):
            absolute = "/" + absolute[len(base) :]
    else:
        absolute = posixpath.join("/" + page, parts.path)
    trailing = absolute.endswith("/")
    resolved = posixpath.normpath(unquote(absolute)).lstrip("/")
    if resolved in (".", ""):
        return ""
    if resolved.endswith("index.html"):
        return resolved[: -len("index.html")]
    return resolved + "/" if trailing else resolved


def exists(path: str, paths: Container[str]) -> bool:
    return path in paths or path + "/" in paths or path.startswith("pagefind/")


def closest_bulletin(target: str, bulletin_paths: list[str]) -> str | None:
    """The published bulletin a broken link most likely meant, as ``/<path>/``.

    Editors often shorten a long file name ("/2025/2025-08-28-centro-de-dia/"), so a
    single bulletin whose address starts with the link wins; otherwise the closest
    spelling, if it is close enough.
    """
    stem = target.rstrip("/")
    if not stem:
        return None
    longer = [p for p in bulletin_paths if p.startswith(stem)]
    if len(longer) == 1:
        return "/" + longer[0]
    close = difflib.get_close_matches(stem + "/", bulletin_paths, n=1, cutoff=0.8)
    return "/" + close[0] if close else None


def by_file_name(url: str, bulletin_paths: list[str]) -> str | None:
    """The bulletin a link names by its file ("2025-08-28-centro.md",
    "content/2025/2025-08-28-centro.md"): editors copy file names, not addresses."""
    path = urlsplit(url).path if "://" not in url else ""
    name = unquote(path).rstrip("/").rsplit("/", 1)[-1].removesuffix(".md")
    if not name:
        return None
    found = [p for p in bulletin_paths if p.rstrip("/").rsplit("/", 1)[-1] == name]
    return "/" + found[0] if len(found) == 1 else None


def body_findings(
    bulletin: Bulletin,
    lines: SourceLines,
    shown: str,
    published: Container[str],
    drafts: Container[str],
    config: SiteConfig,
    bulletin_paths: list[str],
) -> Iterator[Diagnostic]:
    for link in body_links(bulletin.body):
        line = bulletin.body_line + link.line - 1
        if is_unsafe(link.url):
            yield error(shown, line, "check.unsafe_link", url=link.url)
            continue
        if link.image and (link.url.startswith("//") or url_scheme(link.url) is not None):
            yield warning(shown, line, "check.external_image", url=link.url)
            continue
        target = site_path_of(link.url, bulletin.url_path, config)
        if target is None or exists(target, published):
            continue
        if exists(target, drafts):
            yield error(shown, line, "check.link_to_draft", url=link.url)
            continue
        if link.image:  # nothing but bulletins is published from content/
            yield error(shown, line, "check.missing_image", url=link.url)
            continue
        suggestion = by_file_name(link.url, bulletin_paths) or closest_bulletin(
            target, bulletin_paths
        )
        if suggestion is None:
            yield error(shown, line, "check.broken_link", url=link.url)
        else:
            yield error(shown, line, "check.broken_link_hint", url=link.url, suggestion=suggestion)


class BuiltSite:
    """The addresses of a site already written to ``out_dir``, looked up on disk when asked."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, str):
            return False
        target = self.out_dir / path if path else self.out_dir
        return target.is_file() or (target / "index.html").is_file()


def saved_link_findings(
    sources: Iterable[Path], content_dir: Path, out_dir: Path, config: SiteConfig
) -> list[Diagnostic]:
    """What ``check`` would say about the links and images of ``sources`` (bulletins just
    saved), against the site built in ``out_dir``, as warnings: the preview's terminal tells
    the editor at once, without checking the whole archive at every save."""
    built = BuiltSite(out_dir)
    found: list[Diagnostic] = []
    for source in sources:
        bulletin = read_bulletin(source, content_dir).bulletin
        if bulletin is None:  # the build has reported it
            continue
        shown = display_path(source)
        findings = body_findings(bulletin, SourceLines(source), shown, built, set(), config, [])
        found.extend(dataclasses.replace(d, severity="warning") for d in findings)
    return found


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


# Files editors leave behind that are nobody's business: backups and swap files.
_LEFTOVERS = ("~", ".swp", ".swo", ".tmp", ".bak", ".orig")
_TEXT_SUFFIXES = ("", ".markdown", ".mdown", ".mkd", ".txt", ".text")


def stray_files(content_dir: Path, originals: Container[str] = ()) -> Iterator[Diagnostic]:
    """Files under ``content/`` that the build skips without a word because their name does
    not end in ``.md``: a bulletin saved as ``.txt``, ``.MD`` or without extension, a photo
    put next to its bulletin. Each gets a warning saying it is not published, and why."""
    content = display_path(content_dir)
    for folder, dirs, files in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith(".md") or name.endswith(_LEFTOVERS):
                continue
            path = os.path.join(folder, name)
            if path in originals or not os.path.isfile(path):
                continue
            shown = display_path(path)
            stem, suffix = os.path.splitext(name)
            if suffix.lower() == ".txt" and stem.lower().endswith(".md"):
                stem, suffix = stem[:-3], ".md"
            if suffix.lower() == ".md" or _starts_with_front_matter(path):
                yield warning(shown, 1, "check.not_markdown", suggestion=f"{stem}.md")
            elif suffix.lower() in _TEXT_SUFFIXES:
                yield warning(shown, 1, "check.raw_text", file=shown)
            else:
                yield warning(shown, None, "check.not_published", content=content)


def _starts_with_front_matter(path: str) -> bool:
    try:
        with open(path, "rb") as file:
            start = file.read(8)
    except OSError:
        return False
    return start.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


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
    published_paths = site_paths(build_archive(published), config)
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


def early_links(
    bulletin: Bulletin,
    lines: SourceLines,
    shown: str,
    waiting: dict[str, dt.datetime],
    config: SiteConfig,
) -> Iterator[Diagnostic]:
    """Links to a bulletin that will be published after this one: broken until then."""
    if not waiting:
        return
    own = waiting.get(bulletin.url_path)
    for link in body_links(bulletin.body):
        target = site_path_of(link.url, bulletin.url_path, config)
        if target is None:
            continue
        later = waiting.get(target) or waiting.get(target + "/")
        if later is not None and (own is None or later > own):
            yield warning(
                shown,
                bulletin.body_line + link.line - 1,
                "check.link_to_scheduled",
                url=link.url,
                date=format_date(later.date(), config.language),
                time=later.strftime("%H:%M"),
            )


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


def outside_an_archive(config_path: Path, content_dir: Path) -> Diagnostic | None:
    """An error when neither site.yaml nor the content folder is here: the command was typed
    in another folder (a new terminal opens in the home folder), not in the archive's."""
    if config_path.exists() or content_dir.exists():
        return None
    return error(
        display_path(config_path),
        None,
        "check.not_an_archive",
        folder=os.path.abspath(config_path.parent),
        content=display_path(content_dir),
    )


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
