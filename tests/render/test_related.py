"""The fast related-bulletins index gives exactly the archive model's answer."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from builder.content.archive import build_archive
from builder.content.model import Bulletin
from builder.render.related import RelatedIndex

TAGS = ["salud", "Salud", "guarderías", "guarderias", "pensiones", "cuidados", "becas", "IMSS"]


def corpus(n: int, seed: int) -> list[Bulletin]:
    rng = random.Random(seed)
    bulletins = []
    for i in range(n):
        date = (
            None if rng.random() < 0.1 else dt.date(2024, 1, 1) + dt.timedelta(rng.randrange(400))
        )
        tags = tuple(rng.choice(TAGS) for _ in range(rng.randrange(0, 4)))
        bulletins.append(
            Bulletin(
                source=Path(f"{i}.md"),
                slug_path=f"b/{i:04d}",
                title=f"B{i}",
                body="",
                date=date,
                tags=tags,
            )
        )
    return bulletins


def test_fast_index_matches_the_archive_model():
    for seed in range(5):
        archive = build_archive(corpus(250, seed))
        index = RelatedIndex(archive)
        for bulletin in archive.bulletins:
            for limit in (1, 5):
                expected = archive.related(bulletin, limit)
                assert index.related(bulletin, limit) == expected, (seed, bulletin.slug_path)


def test_answers_kept_from_the_previous_archive_are_the_fresh_answers():
    """After bulletins are added, removed, retagged or redated, an index that starts from
    the previous build's answers agrees with one that starts from nothing."""
    for seed in range(6):
        rng = random.Random(seed)
        before = corpus(200, seed)
        after = list(before)
        for _ in range(rng.randrange(1, 5)):
            i = rng.randrange(len(after))
            change = rng.choice(["add", "remove", "retag", "redate"])
            old = after[i]
            if change == "add":
                path, source = f"nuevo/{i}", Path(f"n{i}.md")
                after.append(Bulletin(**{**old.__dict__, "slug_path": path, "source": source}))
            elif change == "remove":
                after.pop(i)
            elif change == "retag":
                after[i] = Bulletin(**{**old.__dict__, "tags": (rng.choice(TAGS),)})
            else:
                day = dt.date(2024, 1, 1) + dt.timedelta(rng.randrange(400))
                after[i] = Bulletin(**{**old.__dict__, "date": day})
        first = RelatedIndex(build_archive(before))
        for bulletin in first.archive.bulletins:
            first.related(bulletin, 5)
        archive = build_archive(after)
        kept, fresh = RelatedIndex(archive, first.memo(5)), RelatedIndex(archive)
        for bulletin in archive.bulletins:
            assert kept.related(bulletin, 5) == fresh.related(bulletin, 5), (seed, bulletin)
