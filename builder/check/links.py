"""Links and images in bulletin bodies that lead nowhere: to a page the site does not
have, to a draft, to a bulletin published later, to an image on another host."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import posixpath
from collections.abc import Container, Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.check.bodylinks import body_links, is_unsafe
from builder.check.lines import SourceLines
from builder.content.loader import read_bulletin
from builder.content.model import Bulletin
from builder.core.dates import format_date
from builder.core.display import display_path
from builder.core.errors import Diagnostic, error, warning
from builder.core.settings import SiteConfig
from builder.render.markdown import url_scheme


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
