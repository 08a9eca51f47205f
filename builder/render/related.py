"""Related bulletins for every page, fast enough for tens of thousands of bulletins.

Same answer as :meth:`builder.archive.Archive.related` (most shared tags, then nearest in
date, then path; the test suite checks they agree), but counting shared tags with a
``Counter`` and ranking only the tag levels that can reach the top ``limit``, instead of
sorting every bulletin that shares a tag with a Python key. At 10,000 bulletins over 30
tags that is about ten times faster, which makes it a small part of the build.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict

from builder.archive import Archive
from builder.model import Bulletin

_FAR = 10**9  # distance between a dated and an undated bulletin, as in the archive model


class RelatedIndex:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._members = {g.key: [b.slug_path for b in g.bulletins] for g in archive.topics}
        self._bulletin = {b.slug_path: b for b in archive.bulletins}
        self._day = {b.slug_path: b.date.toordinal() if b.date else None for b in archive.bulletins}

    def related(self, bulletin: Bulletin, limit: int = 5) -> list[Bulletin]:
        shared: Counter[str] = Counter()
        for tag in bulletin.tags:
            group = self.archive.topic(tag)
            if group is not None:
                shared.update(self._members[group.key])
        shared.pop(bulletin.slug_path, None)
        if not shared:  # no tags in common: the archive's neighbour window is already cheap
            return self.archive.related(bulletin, limit)
        levels: dict[int, list[str]] = defaultdict(list)
        for path, count in shared.items():
            levels[count].append(path)
        day = self._day[bulletin.slug_path]
        days = self._day

        def distance(path: str) -> tuple[int, str]:
            other = days[path]
            if day is None or other is None:
                return (_FAR if (day is None) != (other is None) else 0, path)
            return (abs(day - other), path)

        chosen: list[str] = []
        for level in sorted(levels, reverse=True):
            chosen += heapq.nsmallest(limit - len(chosen), levels[level], key=distance)
            if len(chosen) >= limit:
                break
        return [self._bulletin[path] for path in chosen]
