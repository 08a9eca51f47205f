"""Every listing page: the paginated home, the archive index with its chart, years, months,
topics, places, undated bulletins, the search page and 404.html.

Output layout below the base URL (bulletin pages are ``<slug_path>/``, see bulletin.py)::

    index.html, pagina/<n>/     home: newest first, undated last, ``per_page`` per page
    archivo/                    years and months with counts, bulletins-per-month chart
    <yyyy>/, <yyyy>/<mm>/       year and month archives
    temas/, temas/<slug>/       index of topics, one page per topic
    lugares/, lugares/<slug>/   index of places, one page per place
    sin-fecha/                  bulletins without a date

Topic, place and undated lists are paginated like the home page: ``per_page`` bulletins on
``temas/<slug>/``, the next ones on ``temas/<slug>/pagina/2/``, ... (a place with thousands
of bulletins would otherwise be a page of megabytes).
    buscar/                     search page (when the theme has search.html)
    404.html                    served by GitHub Pages for any missing URL
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import jinja2

from builder.content.archive import (
    LOCATIONS_PATH,
    TOPICS_PATH,
    UNDATED_PATH,
    Archive,
    Group,
    month_counts,
)
from builder.content.model import Bulletin
from builder.core.dates import format_month
from builder.core.display import display_path
from builder.core.errors import Diagnostic, error
from builder.core.settings import SiteConfig
from builder.render.chart import bar_chart, year_ticks
from builder.render.feeds import group_feed_path
from builder.render.redirects import alias_output_path
from builder.render.templates import render
from builder.render.view import Page, Pagination

ARCHIVE_PATH = "archivo/"
PAGINATION_PATH = "pagina/"
SEARCH_PATH = "buscar/"
NOT_FOUND_PATH = "404.html"
STATIC_PATHS = ("static/", "pagefind/")
RESERVED_FOLDERS = tuple(
    p.rstrip("/")
    for p in (
        ARCHIVE_PATH,
        PAGINATION_PATH,
        SEARCH_PATH,
        TOPICS_PATH,
        LOCATIONS_PATH,
        *STATIC_PATHS,
    )
)
# Files at the site root: ``content/feed.xml.md`` would need ``feed.xml/`` as a folder.
ROOT_FILES = frozenset(
    {"feed.xml", "sitemap.xml", "robots.txt", "bulletins.json", "CNAME", "favicon.ico"}
    | {"favicon.svg", ".nojekyll"}
)
# Years, months, the undated list and its later pages (``sin-fecha/pagina/2/``), 404, index,
# and the numbered sitemaps of a site with more than 50,000 pages.
_GENERATED = re.compile(
    r"\d{4}(/\d{2})?|sin-fecha(/pagina/.+)?|404(\.html)?|index(\.html)?|sitemap-\d+\.xml"
)
_RESERVED_TOPS = frozenset(name.casefold() for name in (*RESERVED_FOLDERS, *ROOT_FILES))

PageSpec = tuple[Page, str, dict[str, Any]]


def is_generated(address: str) -> bool:
    """Whether ``address`` (below the base path, no slashes around it, "" for the home page)
    is one the build generates or lies in a folder it fills: the search bundle
    ``pagefind/``, ``static/``, listings, years and months, feeds, sitemaps, the export.
    Case is ignored: on a case-insensitive disk ``Pagefind/`` is ``pagefind/``."""
    address = address.casefold()
    top = address.split("/", 1)[0]
    return not address or top in _RESERVED_TOPS or bool(_GENERATED.fullmatch(address))


def check_paths(
    bulletins: Sequence[Bulletin],
    alias_line: Callable[[Bulletin, int], int | None] = lambda bulletin, index: None,
) -> list[Diagnostic]:
    """Bulletins whose page or alias would take the address of a generated page or file, as
    user errors; ``alias_line(bulletin, i)`` is the line of its ``i``-th alias.

    Checked by shape, not by what exists today: ``content/2025/11.md`` is refused even before
    any November bulletin gives ``2025/11/`` an archive page. An alias under ``pagefind/``
    would put a redirect page where the search bundle goes (``pagefind/pagefind.js/``
    stops search on every page; a shard's ``pagefind-entry.json/`` makes Pagefind fail).
    """
    found = []
    for bulletin in bulletins:
        path = bulletin.slug_path
        if is_generated(path):
            found.append(error(str(bulletin.source), None, "build.reserved_path", url=path + "/"))
        for index, alias in enumerate(bulletin.aliases):
            output = alias_output_path(alias)
            if is_generated(output.removesuffix("index.html").rstrip("/")):
                line = alias_line(bulletin, index)
                shown = display_path(bulletin.source)
                found.append(error(shown, line, "build.reserved_alias", alias=alias))
    return found


class ListingPages:
    """Renders the listing pages; ``summaries`` maps a bulletin's slug_path to its teaser."""

    def __init__(
        self,
        env: jinja2.Environment,
        archive: Archive,
        config: SiteConfig,
        summaries: Mapping[str, str],
    ) -> None:
        self.env = env
        self.archive = archive
        self.config = config
        self.summaries = summaries
        self.t = env.globals["t"]
        self.tn = env.globals["tn"]

    def described(self, title: str, count: int) -> str:
        """A listing page's meta description: its title and how many bulletins it lists."""
        return f"{title} ({self.tn('count.bulletins', count)}). {self.config.title}"

    def summary(self, bulletin: Bulletin) -> str:
        return self.summaries.get(bulletin.slug_path, "")

    def render_all(self) -> dict[str, bytes]:
        return {spec[0].output_path: self.render(spec) for spec in self.specs()}

    def render(self, spec: PageSpec) -> bytes:
        page, template, context = spec
        return render(self.env, template, {"page": page, "summary": self.summary, **context})

    @staticmethod
    def key_context(spec: PageSpec, deep: bool) -> dict[str, Any]:
        """What a page's key is made of: its context, except that the theme's group.html
        shows of its topic or place only the name, address and count (this page's members
        are in ``bulletins``), so an edit to one bulletin of a topic with 300 pages keys
        anew only the page that lists it. Site templates (``deep``) may show anything of
        the group: then the whole group counts."""
        _, template, context = spec
        if deep or template != "group.html":
            return context
        group = context["group"]
        return {**context, "group": (group.key, group.label, group.url_path, group.count)}

    def specs(self) -> Iterator[PageSpec]:
        yield from self.home()
        yield self.archive_index()
        for year in self.archive.years:
            yield from self.year(year)
        yield self.groups("topic", TOPICS_PATH, self.archive.topics)
        for group in self.archive.topics:
            yield from self.group("topic", group)
        yield self.groups("location", LOCATIONS_PATH, self.archive.locations)
        for group in self.archive.locations:
            yield from self.group("location", group)
        if self.archive.undated:
            yield from self.undated()
        if self.env.globals.get("has_search"):
            yield Page(SEARCH_PATH, self.t("page.search"), "search"), "search.html", {}
        yield Page(NOT_FOUND_PATH, self.t("page.not_found"), "404", canonical=False), "404.html", {}

    def paginated(
        self, path: str, bulletins: Sequence[Bulletin]
    ) -> Iterator[tuple[Pagination, Sequence[Bulletin]]]:
        """``per_page`` bulletins at a time: the first page at ``path``, the others at
        ``<path>pagina/<n>/``; one (empty) page when there are no bulletins."""
        size = max(self.config.per_page, 1)
        paths = list_paths(path, len(bulletins), size)
        count = len(paths)
        for number in range(1, count + 1):
            chunk = bulletins[(number - 1) * size : number * size]
            yield Pagination(number, count, paths), chunk

    def numbered(self, title: str, pagination: Pagination) -> str:
        """The title of a later page of a list names its number (titles stay distinct)."""
        if pagination.number == 1:
            return title
        return self.t("page.numbered", title=title, number=pagination.number)

    def home(self) -> Iterator[PageSpec]:
        for pagination, chunk in self.paginated("", self.archive.bulletins):
            number = pagination.number
            title = self.config.title if number == 1 else self.t("page.home_n", number=number)
            page = Page(pagination.path, title, "home", self.config.description)
            yield page, "home.html", {"bulletins": chunk, "pagination": pagination}

    def archive_index(self) -> PageSpec:
        language = self.config.language
        series = month_counts(self.archive)
        chart = bar_chart(
            series,
            label=self.chart_label(series),
            month_label=lambda month, n: self.t(
                "archive.chart_bar", month=format_month(month.year, month.month, language), count=n
            ),
        )
        page = Page(ARCHIVE_PATH, self.t("page.archive"), "archive")
        context = {
            "years": self.archive.years,
            "chart": chart,
            "chart_label": self.chart_label(series),
            "chart_ticks": year_ticks(series),
            "undated": self.archive.undated,
        }
        return page, "archive.html", context

    def chart_label(self, series: Sequence[tuple[dt.date, int]]) -> str:
        if not series:
            return ""
        first, last = series[0][0], series[-1][0]
        language = self.config.language
        return self.t(
            "archive.chart_label",
            start=format_month(first.year, first.month, language),
            end=format_month(last.year, last.month, language),
        )

    def year(self, year: Group) -> Iterator[PageSpec]:
        years = self.archive.years
        i = years.index(year)
        context = {
            "year": year,
            "newer_year": years[i - 1] if i > 0 else None,
            "older_year": years[i + 1] if i + 1 < len(years) else None,
        }
        description = self.described(year.label, year.count)
        yield Page(year.url_path, year.label, "year", description), "year.html", context
        for month in year.months:  # type: ignore[attr-defined]
            title = format_month(int(year.key), int(month.key), self.config.language)
            page = Page(month.url_path, title, "month", self.described(title, month.count))
            yield page, "month.html", {"year": year, "month": month, "bulletins": month.bulletins}

    def groups(self, kind: str, path: str, groups: Sequence[Group]) -> PageSpec:
        page = Page(path, self.t(f"page.{kind}s"), f"{kind}s")
        return page, "groups.html", {"kind": kind, "groups": groups}

    def group(self, kind: str, group: Group) -> Iterator[PageSpec]:
        name = self.t(f"page.{kind}", name=group.label)
        for pagination, chunk in self.paginated(group.url_path, group.bulletins):
            title = self.numbered(name, pagination)
            page = Page(pagination.path, title, kind, self.described(title, group.count))
            context = {
                "kind": kind,
                "group": group,
                "bulletins": chunk,
                "pagination": pagination,
                "group_feed": group_feed_path(group),
            }
            yield page, "group.html", context

    def undated(self) -> Iterator[PageSpec]:
        name = self.t("page.undated")
        for pagination, chunk in self.paginated(UNDATED_PATH, self.archive.undated):
            title = self.numbered(name, pagination)
            description = self.described(title, len(self.archive.undated))
            page = Page(pagination.path, title, "undated", description)
            yield page, "undated.html", {"bulletins": chunk, "pagination": pagination}


def list_paths(path: str, count: int, per_page: int) -> tuple[str, ...]:
    """The addresses of a list of ``count`` bulletins shown ``per_page`` at a time:
    ``path``, then ``<path>pagina/2/``, ... (one page even when the list is empty)."""
    pages = max(1, -(-count // max(per_page, 1)))
    return (path, *(f"{path}{PAGINATION_PATH}{n}/" for n in range(2, pages + 1)))


def page_paths(files: Mapping[str, bytes]) -> list[str]:
    """Addresses of the HTML pages among ``files`` ("" for home, "2025/" ...), for the sitemap."""
    return sorted(
        path.removesuffix("index.html")
        for path in files
        if path.endswith("index.html") and (path == "index.html" or path.endswith("/index.html"))
    )
