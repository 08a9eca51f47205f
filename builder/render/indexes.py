"""The files that list a site's pages for machines: the feed, the feeds per topic and
place, the sitemap with robots.txt, and the redirects of bulletins' old addresses.

Each is keyed on what it shows, so a rebuild links the unchanged ones from the previous
output: a group's feed on its name and latest bulletins, so an edit rewrites only the
feeds that list the bulletin edited.
"""

from __future__ import annotations

from builder.content.archive import Archive
from builder.core.i18n import Catalog
from builder.core.settings import SiteConfig
from builder.render.bodies import BulletinBodies
from builder.render.feeds import (
    FEED_PATH,
    feed_bulletins,
    group_feed_bulletins,
    group_feed_path,
    render_feed,
    render_group_feed,
)
from builder.render.keys import Fingerprints, Output, PageKeys, digest
from builder.render.redirects import render_redirects
from builder.render.sitemap import listed_paths, page_dates, render_sitemap, sitemap_paths


def render_indexes(
    archive: Archive,
    config: SiteConfig,
    catalog: Catalog,
    keys: PageKeys,
    fingerprints: Fingerprints,
    bodies: BulletinBodies,
    paths: list[str],
) -> list[Output]:
    """Feeds, sitemaps and redirects for the site's HTML pages at ``paths``."""
    site, html = keys.site, bodies.html
    latest = feed_bulletins(archive, config.feed_size)
    lastmod = page_dates(archive)
    listed = listed_paths(paths)
    found: list[Output] = [
        keys.made(
            "feed",
            digest([site, "feed", *map(fingerprints.bulletin, latest)]),
            [FEED_PATH],
            lambda: render_feed(archive, config, catalog, html),
        ),
        keys.made(
            "sitemap",
            digest([site, "sitemap", *listed, *map(str, sorted(lastmod.items()))]),
            sitemap_paths(len(listed)),
            lambda: render_sitemap(archive, config, paths),
        ),
        ("aliases", render_redirects(archive, config, catalog)),
    ]
    for kind, groups in (("topic", archive.topics), ("location", archive.locations)):
        for group in groups:
            members = group_feed_bulletins(group, config.feed_size)
            key = digest(
                [site, "group feed", kind, group.url_path, group.label]
                + [fingerprints.bulletin(b) for b in members]
            )
            found.append(
                keys.made(
                    f"{kind} feed",
                    key,
                    [group_feed_path(group)],
                    lambda kind=kind, group=group: render_group_feed(
                        kind, group, archive, config, catalog, html
                    ),
                )
            )
    return found
