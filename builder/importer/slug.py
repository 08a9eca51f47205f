"""Where an imported bulletin goes: ``<year>/<YYYY-MM-DD>-<slug>.md`` or ``sin-fecha/<slug>.md``."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import PurePosixPath

from builder.core.text import slugify

UNDATED_FOLDER = "sin-fecha"
MAX_SLUG = 80


def title_slug(title: str) -> str:
    """Folded title words joined by '-', cut at a word boundary; a title without any
    ASCII letter or digit gets a stable slug from its hash instead of an empty name."""
    slug = slugify(title, MAX_SLUG)
    if slug:
        return slug
    return "boletin-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]


def bulletin_path(title: str, date: dt.date | None) -> PurePosixPath:
    """The file's path relative to the content folder."""
    slug = title_slug(title)
    if date is None:
        return PurePosixPath(UNDATED_FOLDER, f"{slug}.md")
    return PurePosixPath(f"{date.year:04d}", f"{date.isoformat()}-{slug}.md")
