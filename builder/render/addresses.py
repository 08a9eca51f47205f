"""Every address a build writes, known without rendering a page: what ``boletines check``
tests links against. A test holds it equal to the files :func:`render_site` makes."""

from __future__ import annotations

from builder.content.archive import LOCATIONS_PATH, TOPICS_PATH, UNDATED_PATH, Archive
from builder.core.settings import SiteConfig
from builder.output.folder import deployment_files
from builder.render.assets import build_assets
from builder.render.export import EXPORT_PATH
from builder.render.feeds import FEED_PATH, group_feed_paths
from builder.render.pages import ARCHIVE_PATH, NOT_FOUND_PATH, SEARCH_PATH, list_paths
from builder.render.redirects import alias_output_path
from builder.render.sitemap import sitemap_paths


def site_addresses(archive: Archive, config: SiteConfig) -> set[str]:
    """Each file of the site as a reader's address below the base path: a page by its
    folder ("" for the home page, "2025/x/"), any other file by its path."""
    size = config.per_page
    pages = {
        ARCHIVE_PATH,
        TOPICS_PATH,
        LOCATIONS_PATH,
        *list_paths("", len(archive.bulletins), size),
    }
    if config.search:
        pages.add(SEARCH_PATH)
    pages.update(bulletin.url_path for bulletin in archive.bulletins)
    for year in archive.years:
        pages.add(year.url_path)
        pages.update(month.url_path for month in year.months)
    for group in (*archive.topics, *archive.locations):
        pages.update(list_paths(group.url_path, group.count, size))
    if archive.undated:
        pages.update(list_paths(UNDATED_PATH, len(archive.undated), size))
    found = {*pages, NOT_FOUND_PATH, FEED_PATH, EXPORT_PATH, *sitemap_paths(len(pages))}
    for bulletin in archive.bulletins:
        if bulletin.original is not None:
            found.add(bulletin.url_path + bulletin.original.name)
        found.update(address_of(alias_output_path(alias)) for alias in bulletin.aliases)
    found.update(group_feed_paths(archive))
    found.update(build_assets(config).files)  # static/style.<hash>.css, favicon.svg ...
    found.update(deployment_files(config.cname))
    return found


def address_of(path: str) -> str:
    """The address a file of the site is read at: ``2025/x/index.html`` is ``2025/x/``."""
    if path == "index.html" or path.endswith("/index.html"):
        return path.removesuffix("index.html")
    return path
