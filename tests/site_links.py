"""A link checker over a built site: every internal href/src must name a file in the output.

Pages are resolved the way a static server under ``base_path`` resolves them: a URL ending
in "/" serves that folder's index.html. A fragment must name an id on the target page.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

URL_ATTRIBUTES = {"href", "src", "action", "poster", "data"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def page_urls(page: Path) -> list[str]:
    """Every URL an HTML file names (href, src, action, ...), in order."""
    return _parse(page).urls


def page_url(site: Path, page: Path, base_path: str) -> str:
    relative = page.relative_to(site).as_posix()
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return base_path + relative


def target_file(site: Path, path: str, base_path: str) -> Path | None:
    """The file a static server would send for ``path``, or None."""
    if not path.startswith(base_path):
        return None
    rest = unquote(path[len(base_path) :])
    candidate = site / rest
    if rest == "" or rest.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path, base_path: str) -> list[str]:
    """Every internal link in every HTML file of ``site`` that does not resolve."""
    broken: list[str] = []
    ids_cache: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0] == "pagefind":
            continue
        collector = _parse(page)
        ids_cache[page] = collector.ids
        here = page_url(site, page, base_path)
        for url in collector.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # external or mailto:
            resolved = urlsplit(urljoin(here, url))
            target = page if not (parts.path or parts.query) else None
            if target is None:
                target = target_file(site, resolved.path, base_path)
            if target is None:
                broken.append(f"{page.relative_to(site)}: {url}")
                continue
            if resolved.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = _parse(target).ids
                if unquote(resolved.fragment) not in ids_cache[target]:
                    broken.append(f"{page.relative_to(site)}: {url} (no such id)")
    return broken
