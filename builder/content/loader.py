"""Loading ``content/``: every ``*.md`` file becomes a validated :class:`Bulletin`.

The path of a file under ``content/`` (without ``.md``) is its page URL, so files may sit
in year folders, ``sin-fecha/`` or the root. Nothing here raises for bad input: each file
is read, decoded, split and validated on its own, then the whole set is checked for
duplicate numbers and URLs, and every finding is returned together in a
:class:`LoadResult`; the caller decides whether errors stop it.

Decisions about odd input:

- Hidden files and folders (``.git``, ``.DS_Store``, editor swap files) are skipped.
- A file over :data:`MAX_FILE_BYTES` is refused unread; a file with NUL bytes is binary.
- Text that is not UTF-8 is read as Windows-1252 (what Word and old editors save), with a
  warning that asks to re-save it as UTF-8; if even that fails, it is an error.
- A symlink pointing outside ``content/`` is refused (the build must not publish files
  from elsewhere on the machine); a symlink to a file inside is read like the file; a
  symlinked folder inside is skipped with a warning, since its files would be published
  twice.
- A file name with spaces, accents or other characters outside ``A-Z a-z 0-9 . _ -`` is
  published under that name (the renderer percent-encodes URLs) with a warning that
  suggests a safe name; a backslash or control character in a name is an error, as no URL
  can carry it portably. Names are compared in Unicode NFC, case-insensitively, when
  looking for two files with the same URL.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from builder.content.bodyshape import shape_problems
from builder.content.frontmatter import FrontMatter, split_front_matter
from builder.content.model import Bulletin
from builder.content.names import check_name, slug_path_for, slug_path_of, source_names, url_key
from builder.content.originals import Declared, Originals, OriginalState
from builder.content.validate import validate_front_matter
from builder.core.display import display_path
from builder.core.errors import Diagnostic, error, os_reason, warning
from builder.core.filestate import FileState
from builder.core.settings import SiteConfig
from builder.core.yamlsafe import load_yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest bulletin file read; real bulletins are a few kilobytes."""

_ODD_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " "}


Seen = tuple[FileState, str]
"""A content file as the last build saw it: its state and, for a file changed just before
its stat was taken (not :meth:`FileState.settled`), the SHA-256 of the bytes parsed, as
the file is then read again to compare; else ""."""


@dataclass
class LoadResult:
    """What loading ``content/`` found: the bulletins to publish and every finding, and
    each file's outcome by its path under ``content/``, for :func:`load_content`'s ``known``
    next time."""

    bulletins: list[Bulletin] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    drafts_skipped: int = 0
    files: dict[str, tuple[Seen, FileResult]] = field(default_factory=dict)
    # each address and number of the bulletins, with the bulletin that holds it, when
    # known (:mod:`builder.content.reload` keeps it between its reloads)
    claims: dict[str, str] | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


@dataclass
class FileResult:
    """One file's outcome: its bulletin (None if refused), findings, and key lines."""

    bulletin: Bulletin | None
    diagnostics: list[Diagnostic]
    number_line: int | None = None
    alias_lines: tuple[int | None, ...] = ()
    shown: str = ""
    declared: Declared = Declared()
    """What the front matter says of the original document (:mod:`.originals`)."""
    original_state: OriginalState | None = None
    """The original as last measured, so an unchanged one is not read again."""


def load_content(
    content_dir: Path,
    config: SiteConfig,
    *,
    drafts: bool = False,
    known: Mapping[str, tuple[Seen, FileResult]] | None = None,
    changed: Collection[str] | None = None,
) -> LoadResult:
    """Read and validate every bulletin under ``content_dir``.

    Drafts are left out unless ``drafts``; duplicate numbers and URLs are looked for among
    the bulletins that will be published. ``config`` is the site whose content this is.
    ``known`` is an earlier result's ``files`` for the same ``content_dir`` (given the same
    way, from the same working folder, by the same builder): a file whose state is
    unchanged is not read or parsed again. ``changed``, when given, names (by path under
    ``content_dir``) the only files that may differ from ``known`` (the preview's watcher
    reported them): the others are taken from ``known`` without even a stat.
    """
    del config  # nothing in site.yaml changes how a bulletin file is read today
    sources, diagnostics = source_names(content_dir)
    loaded: list[FileResult] = []
    result = LoadResult(diagnostics=diagnostics)
    shown_dir = display_path(content_dir)
    prefix = len(str(content_dir)) + 1
    now = time.time_ns()
    originals = Originals(now)
    for source in sources:
        relative = source[prefix:]
        shown = relative if shown_dir == "." else os.path.join(shown_dir, relative)
        hit = known.get(relative) if known else None
        seen, outcome, published, found, draft = load_one(
            source, relative, shown, hit, changed, now, originals, drafts
        )
        if seen is not None:
            result.files[relative] = (seen, outcome)
        result.diagnostics.extend(found)
        result.drafts_skipped += draft
        if published is not None:
            loaded.append(published)
    result.diagnostics.extend(check_collisions(loaded))
    result.bulletins = sorted((item.bulletin for item in loaded), key=lambda b: b.sort_key)
    result.diagnostics.sort(key=lambda d: (d.path, d.line or 0, d.code))
    return result


def load_one(
    source: str,
    relative: str,
    shown: str,
    hit: tuple[Seen, FileResult] | None,
    changed: Collection[str] | None,
    now: int,
    originals: Originals,
    drafts: bool,
) -> tuple[Seen | None, FileResult, FileResult | None, list[Diagnostic], bool]:
    """One file of :func:`load_content`: what to remember of it (None: it is gone), its
    outcome, the outcome to publish (with its original; None when refused or a draft left
    out), its findings, and whether it is a draft left out."""
    if hit is not None and not _well_formed(hit):
        hit = None  # a cache of another shape: only a cold cache
    if hit is not None and changed is not None and relative not in changed and not hit[0][1]:
        state: FileState | None = hit[0][0]  # settled then, and not written since
    else:
        state = FileState.of(source)
        hit = hit if state else None
    raw: Raw | None = None
    outcome: FileResult | None = None
    content = ""
    if state is not None and (not state.settled(now) or (hit and hit[0][1])):
        raw = _read_raw(Path(source))  # known by content: see Seen
        content = _content_key(raw)
        if hit is not None and hit[0] == (state, content):
            outcome = hit[1]
        if state.settled(now):
            content = ""  # settled: its stat will show any later change
    elif hit is not None and hit[0] == (state, ""):
        outcome = hit[1]
    if outcome is None:  # a Path only for files read again: 10,000 cost a rebuild ~50 ms
        outcome = _read(Path(source), slug_path_for(relative), shown, raw)
    seen = None if state is None else (state, content)
    if outcome.bulletin is None:
        return seen, outcome, None, outcome.diagnostics, False
    if outcome.bulletin.draft and not drafts:
        return seen, outcome, None, outcome.diagnostics, True
    found = originals.find(source, shown, outcome.declared, outcome.original_state)
    outcome.original_state = found.state
    diagnostics = [*outcome.diagnostics, *found.diagnostics]
    if any(d.is_error for d in found.diagnostics):
        return seen, outcome, None, diagnostics, False
    published = outcome
    if found.original != outcome.bulletin.original:
        bulletin = dataclasses.replace(outcome.bulletin, original=found.original)
        published = dataclasses.replace(outcome, bulletin=bulletin)
    return seen, outcome, published, diagnostics, False


def _well_formed(hit: object) -> bool:
    return (
        isinstance(hit, tuple)
        and len(hit) == 2
        and isinstance(hit[0], tuple)
        and len(hit[0]) == 2
        and isinstance(hit[0][0], FileState)
        and isinstance(hit[0][1], str)
        and isinstance(hit[1], FileResult)
    )


def _content_key(raw: Raw) -> str:
    if isinstance(raw, bytes):
        return hashlib.sha256(raw).hexdigest()
    return f"unread: {raw!r}"  # too large, or unreadable: read again next time


def read_bulletin(source: Path, content_dir: Path) -> FileResult:
    """Read one file and turn it into a bulletin, or say why it cannot be one."""
    return _read(source, slug_path_of(source, content_dir), display_path(source))


Raw = bytes | int | OSError
"""A file's bytes, or its size when that is over the limit, or why it could not be read."""


def _read_raw(source: Path) -> Raw:
    try:
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return size
            # read(n) allocates n bytes first: ask for what fstat said (and one more, to
            # see growth), not the limit, which cost ~0.1 ms a file in allocation alone.
            data = handle.read(size + 1)
            if len(data) > size:  # grew since fstat: read on, up to just over the limit
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
            return data
    except OSError as exc:
        return exc


def _read(source: Path, slug_path: str, shown: str, raw: Raw | None = None) -> FileResult:
    naming = check_name(slug_path, shown)
    if naming and any(d.is_error for d in naming):
        return FileResult(None, naming, shown=shown)
    if raw is None:
        raw = _read_raw(source)
    if isinstance(raw, int):
        return FileResult(None, [*naming, _too_large(shown, raw)], shown=shown)
    if isinstance(raw, OSError):
        unreadable = error(shown, None, "content.unreadable", reason=os_reason(raw))
        return FileResult(None, [*naming, unreadable], shown=shown)
    outcome = parse_bulletin(raw, source, slug_path, shown)
    if naming:
        outcome.diagnostics[:0] = naming
    return outcome


def _too_large(shown: str, size: int) -> Diagnostic:
    megabytes = f"{size / 1024 / 1024:.1f}"
    limit = f"{MAX_FILE_BYTES / 1024 / 1024:.0f}"
    return error(shown, None, "content.too_large", size_mb=megabytes, limit_mb=limit)


def parse_bulletin(data: bytes, source: Path, slug_path: str, shown: str) -> FileResult:
    """The bulletin in a file's bytes (``shown`` is how diagnostics name the file)."""
    if len(data) > MAX_FILE_BYTES:
        return FileResult(None, [_too_large(shown, len(data))], shown=shown)
    digest = hashlib.sha256(data).hexdigest()
    front, found = read_front_matter(data, shown)
    if front is None:
        return FileResult(None, found)
    doc = load_yaml(front.yaml_text, shown, front.yaml_line)
    found.extend(doc.diagnostics)
    if not doc.ok:
        return FileResult(None, found)
    fields, problems = validate_front_matter(doc, shown)
    found.extend(problems)
    if problems and any(d.is_error for d in problems):
        return FileResult(None, found)
    shape = shape_problems(front.body, front.body_line, shown)
    if shape:  # rendering it would take time and memory out of proportion to its size
        return FileResult(None, [*found, *shape])
    bulletin = Bulletin(
        source=source,
        slug_path=slug_path,
        title=fields["title"],
        body=front.body,
        date=fields.get("date"),
        number=fields.get("number"),
        location=fields.get("location"),
        highlights=fields.get("highlights", ()),
        links=fields.get("links", ()),
        tags=fields.get("tags", ()),
        aliases=fields.get("aliases", ()),
        updated=fields.get("updated"),
        corrections=fields.get("corrections", ()),
        publish=fields.get("publish"),
        draft=fields.get("draft", False),
        body_line=front.body_line,
        digest=digest,
    )
    alias_lines = tuple(doc.line("aliases", i) for i in range(len(bulletin.aliases)))
    declared = Declared(
        fields.get("original"),
        fields.get("original_sha256"),
        doc.line("original")
        if "original" in fields
        else doc.line("original_sha256")
        if "original_sha256" in fields
        else None,
    )
    return FileResult(bulletin, found, doc.line("number"), alias_lines, shown, declared)


def read_front_matter(data: bytes, shown: str) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """A bulletin file's front matter and body as every reader of the file sees them
    (the loader, and ``check`` when it looks for a key's line), with what decoding found."""
    text, found = decode(data, shown)
    if text is None:
        return None, found
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # YAML counts NEL and the Unicode line/paragraph separators as line breaks, text
    # editors mostly do not; pasted from PDFs, they are stray spacing, so make them spaces
    # and every line number means the same to the editor, to YAML and to us.
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = text.translate(_ODD_BREAKS)
    front, problem = split_front_matter(text, shown)
    return front, [*found, problem] if front is None and problem else found


def decode(data: bytes, shown: str) -> tuple[str | None, list[Diagnostic]]:
    """Text of a file: UTF-8 (a BOM is dropped), else Windows-1252 with a warning."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return None, [error(shown, data.count(b"\n", 0, nul) + 1, "content.binary")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None, [error(shown, line, "content.undecodable")]
    return text, [warning(shown, line, "content.not_utf8")]


def check_collisions(loaded: list[FileResult]) -> list[Diagnostic]:
    """Two bulletins with the same number, or two files wanting the same URL.

    The first file in path order keeps the number or URL; each later one gets an error
    that names it.
    """
    problems: list[Diagnostic] = []
    urls: dict[str, str] = {}
    numbers: dict[str, str] = {}
    ordered = sorted(loaded, key=lambda item: item.bulletin.slug_path if item.bulletin else "")
    for item in ordered:
        bulletin = item.bulletin
        assert bulletin is not None
        shown = item.shown or display_path(bulletin.source)
        key = url_key(bulletin.slug_path)
        if key in urls:
            problems.append(
                error(shown, None, "content.duplicate_url", url=bulletin.slug_path, other=urls[key])
            )
        else:
            urls[key] = shown
    for item in ordered:
        bulletin = item.bulletin
        assert bulletin is not None
        shown = item.shown or display_path(bulletin.source)
        for alias, line in zip(bulletin.aliases, item.alias_lines, strict=True):
            key = url_key(unquote(alias))  # a server looks for the decoded path
            if key in urls:
                problems.append(
                    error(
                        shown, line, "content.duplicate_url", url=alias.strip("/"), other=urls[key]
                    )
                )
            else:
                urls[key] = f"{shown}:{line}" if line else shown
        if bulletin.number is not None:
            key = bulletin.number.casefold()
            if key in numbers:
                problems.append(
                    error(
                        shown,
                        item.number_line,
                        "content.duplicate_number",
                        number=bulletin.number,
                        other=numbers[key],
                    )
                )
            else:
                numbers[key] = shown
    return problems
