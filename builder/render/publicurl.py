"""URLs written into files that leave the site: the feed, the sitemap, the data export.

Those files are read by programs far from the site (feed readers, crawlers, scripts), so a
URL there is absolute whenever the host is known, and always percent-encoded: a bulletin
file named ``Boletín 14.md`` is served at ``Bolet%C3%ADn%2014/``. The host is known when
``base_url`` is a full URL, or when site.yaml names a custom domain (``cname``), which
GitHub Pages serves over https. Otherwise URLs are root-relative (``/archivo/2025/x/``).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from builder.core.settings import SiteConfig

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def public_origin(config: SiteConfig) -> str:
    """``https://host`` of the published site, or "" when nothing says where it lives."""
    if config.origin:
        return config.origin
    return f"https://{config.cname}" if config.cname else ""


def public_url(config: SiteConfig, path: str = "") -> str:
    """Absolute (or, without a known origin, root-relative) encoded URL of a site path."""
    return public_origin(config) + config.base_path + quote(path.lstrip("/"), safe="/")


def is_safe_link(url: str) -> bool:
    """True for http(s), mailto and scheme-less (relative) URLs; false for ``javascript:``,
    ``data:`` and anything a reader's program might execute."""
    text = "".join(c for c in url if c > " ")  # browsers skip controls and spaces here
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return scheme in SAFE_SCHEMES or (not scheme and "\\" not in text and ":" not in text)
