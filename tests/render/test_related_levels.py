"""Related lists from set algebra and date walks equal the archive model's on archives
large enough for the walks (many bulletins a day, big topics, undated ones, repeated
tags, bulletins on more topics than the set algebra takes)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from builder.content.archive import build_archive
from builder.content.model import Bulletin
from builder.render.related import RelatedIndex

TAGS = [f"tema {n}" for n in range(12)]


def corpus(n: int, seed: int, days: int) -> list[Bulletin]:
    rng = random.Random(seed)
    bulletins = []
    for i in range(n):
        undated = rng.random() < 0.05
        date = None if undated else dt.date(2020, 1, 1) + dt.timedelta(rng.randrange(days))
        count = rng.choice([0, 1, 2, 2, 3, 3, 4, 9])
        tags = tuple(rng.choice(TAGS) for _ in range(count))
        bulletins.append(
            Bulletin(
                source=Path(f"{i}.md"),
                slug_path=f"b/{rng.randrange(10**6):06d}-{i}",
                title=f"B{i}",
                body="",
                date=date,
                tags=tags,
            )
        )
    return bulletins


@pytest.mark.parametrize(("seed", "days"), [(1, 30), (2, 400), (3, 3000)])
def test_levels_and_walks_match_the_archive_model(seed: int, days: int) -> None:
    archive = build_archive(corpus(1500, seed, days))
    index = RelatedIndex(archive)
    for limit in (1, 5, 12):
        for bulletin in archive.bulletins[::3]:
            expected = [b.slug_path for b in archive.related(bulletin, limit)]
            fast = [b.slug_path for b in index.related(bulletin, limit)]
            assert fast == expected, (bulletin.slug_path, limit)


def test_walks_agree_with_counting_everywhere() -> None:
    archive = build_archive(corpus(3000, 4, 700))
    index = RelatedIndex(archive)
    for bulletin in archive.bulletins:
        tags = [k for k in map(index._topic_key, bulletin.tags) if k is not None]
        assert index._compute(bulletin, 5) == index._compute_counting(bulletin, tags, 5)
