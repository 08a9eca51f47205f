"""The archive model: bulletins grouped and ordered the way readers browse them.

Built once from the loader's bulletins; renderers only read it. Every ordering here is
total (ties broken by path) so the same content always gives the same pages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from builder.content.model import Bulletin
from builder.core.text import slugify

TOPICS_PATH = "temas/"
LOCATIONS_PATH = "lugares/"
UNDATED_PATH = "sin-fecha/"


@dataclass(frozen=True)
class Group:
    """A listing page: a topic, a place, a year or a month."""

    key: str
    label: str
    url_path: str
    bulletins: tuple[Bulletin, ...]

    @property
    def count(self) -> int:
        return len(self.bulletins)


@dataclass(frozen=True)
class Year(Group):
    months: tuple[Group, ...] = ()

    @property
    def year(self) -> int:
        return int(self.key)


@dataclass(frozen=True)
class Archive:
    bulletins: tuple[Bulletin, ...]
    years: tuple[Year, ...]
    topics: tuple[Group, ...]
    locations: tuple[Group, ...]
    undated: tuple[Bulletin, ...]
    _index: dict[str, int] = field(repr=False, compare=False)

    @cached_property
    def _topic_by_slug(self) -> dict[str, Group]:
        return {g.key: g for g in self.topics}

    @cached_property
    def _location_by_slug(self) -> dict[str, Group]:
        return {g.key: g for g in self.locations}

    def topic(self, tag: str) -> Group | None:
        """The topic page a tag belongs to (tags differing only in accents or case share one)."""
        return self._topic_by_slug.get(slugify(tag) or "sin-nombre")

    def location(self, name: str) -> Group | None:
        return self._location_by_slug.get(slugify(name) or "sin-nombre")

    def newer(self, bulletin: Bulletin) -> Bulletin | None:
        i = self._index[bulletin.slug_path]
        return self.bulletins[i - 1] if i > 0 else None

    def older(self, bulletin: Bulletin) -> Bulletin | None:
        i = self._index[bulletin.slug_path]
        return self.bulletins[i + 1] if i + 1 < len(self.bulletins) else None

    def related(self, bulletin: Bulletin, limit: int = 5) -> list[Bulletin]:
        """Most shared tags first, then nearest in date; without tags, nearest in date."""
        shared: dict[str, int] = defaultdict(int)
        for tag in bulletin.tags:
            group = self.topic(tag)
            for other in group.bulletins if group else ():
                if other.slug_path != bulletin.slug_path:
                    shared[other.slug_path] += 1
        candidates: Iterable[Bulletin]
        if shared:
            candidates = (self.bulletins[self._index[p]] for p in shared)
        else:
            i = self._index[bulletin.slug_path]
            window = self.bulletins[max(0, i - limit) : i + limit + 1]
            candidates = (b for b in window if b.slug_path != bulletin.slug_path)

        def rank(other: Bulletin) -> tuple:
            return (-shared.get(other.slug_path, 0), _distance(bulletin, other), other.slug_path)

        return sorted(candidates, key=rank)[:limit]


def _distance(a: Bulletin, b: Bulletin) -> int:
    if a.date is None or b.date is None:
        return 10**9 if a.date is not b.date else 0
    return abs((a.date - b.date).days)


def _groups(prefix: str, keyed: dict[str, list[Bulletin]]) -> tuple[Group, ...]:
    """Groups sorted by label (accent-insensitive), one per distinct slug.

    Spellings with one slug ("Guarderías", "guarderias") share one page, named by the
    spelling most of its bulletins use (the first in sort order on a tie): one bulletin
    that writes "SALUD" does not rename the topic 170 others call "Salud". ``keyed``'s
    lists are in archive order (newest first), as groups list their members."""
    by_slug: dict[str, Group] = {}
    votes: dict[str, int] = {}
    for label in sorted(keyed, key=lambda s: (slugify(s), s)):
        slug = slugify(label) or "sin-nombre"
        members = tuple(keyed[label])
        if slug in by_slug:
            old = by_slug[slug]
            merged = tuple(sorted({*old.bulletins, *members}, key=lambda b: b.sort_key))
            name = old.label
            if len(members) > votes[slug]:
                name, votes[slug] = label, len(members)
            by_slug[slug] = Group(slug, name, old.url_path, merged)
        else:
            by_slug[slug] = Group(slug, label, f"{prefix}{slug}/", members)
            votes[slug] = len(members)
    return tuple(by_slug.values())


def build_archive(bulletins: Iterable[Bulletin]) -> Archive:
    ordered = tuple(sorted(bulletins, key=lambda b: b.sort_key))
    by_month: dict[tuple[int, int], list[Bulletin]] = defaultdict(list)
    by_topic: dict[str, list[Bulletin]] = defaultdict(list)
    by_location: dict[str, list[Bulletin]] = defaultdict(list)
    for bulletin in ordered:
        if bulletin.date is not None:
            by_month[(bulletin.date.year, bulletin.date.month)].append(bulletin)
        for tag in dict.fromkeys(bulletin.tags):
            by_topic[tag].append(bulletin)
        if bulletin.location:
            by_location[bulletin.location].append(bulletin)

    years: list[Year] = []
    for year in sorted({y for y, _ in by_month}, reverse=True):
        months = tuple(
            Group(f"{m:02d}", f"{m:02d}", f"{year}/{m:02d}/", tuple(by_month[(y, m)]))
            for (y, m) in sorted(by_month, reverse=True)
            if y == year
        )
        members = tuple(b for m in months for b in m.bulletins)
        years.append(Year(str(year), str(year), f"{year}/", members, months))

    return Archive(
        bulletins=ordered,
        years=tuple(years),
        topics=_groups(TOPICS_PATH, by_topic),
        locations=_groups(LOCATIONS_PATH, by_location),
        undated=tuple(b for b in ordered if b.date is None),
        _index={b.slug_path: i for i, b in enumerate(ordered)},
    )


def month_counts(archive: Archive) -> list[tuple[dt.date, int]]:
    """Bulletins per month from the first to the last dated month, empty months included."""
    counts = {(int(y.key), int(m.key)): m.count for y in archive.years for m in y.months}
    if not counts:
        return []
    (y, m), last = min(counts), max(counts)
    series = []
    while (y, m) <= last:
        series.append((dt.date(y, m, 1), counts.get((y, m), 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return series
