"""The export cut into records and joined again is the same bytes, whatever the text."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from builder.content.archive import build_archive
from builder.content.model import Bulletin, Link
from builder.core.settings import SiteConfig
from builder.render.export import EXPORT_PATH, dump_json, render_export
from builder.render.exportparts import join, split

CONFIG = SiteConfig(title="Prueba", base_url="https://example.org/archivo/")
TRICKY = ["\n  },\n  {\n", '"bulletins": [', "</script>", "\u2028", "a\\nb", "\ud800", "ñ"]


def export(bulletins: list[Bulletin], bodies: dict[str, str]) -> bytes:
    return render_export(build_archive(bulletins), CONFIG, bodies)[EXPORT_PATH]


def bulletin(i: int, text: str) -> Bulletin:
    return Bulletin(
        source=Path(f"content/{i}.md"),
        slug_path=f"b{i:03d}",
        title=f"Título {text}",
        body=text,
        highlights=(text,),
        links=(Link(label=text, url="https://example.org/x", kind="photos"),),
        tags=(text or "t",),
    )


@given(st.lists(st.sampled_from(TRICKY) | st.text(max_size=30), min_size=1, max_size=6))
def test_records_cut_and_joined_give_the_same_document(texts: list[str]) -> None:
    items = [bulletin(i, t) for i, t in enumerate(texts)]
    bodies = {b.slug_path: f"<p>{t}</p>" for b, t in zip(items, texts, strict=True)}
    whole = export(items, bodies)
    parts = split(whole)
    assert parts is not None
    records, tail = parts
    assert len(records) == len(items)
    assert join(records, tail) == whole
    # each record is the one a render of that bulletin alone makes
    for item, record in zip(sorted(items, key=lambda b: b.sort_key), records, strict=True):
        alone = split(export([item], {item.slug_path: bodies[item.slug_path]}))
        assert alone is not None and alone[0] == [record]


@given(st.lists(st.sampled_from(TRICKY) | st.text(max_size=30), max_size=6))
def test_the_export_made_a_record_at_a_time_is_the_whole_document_dumped(
    texts: list[str],
) -> None:
    items = [bulletin(i, t) for i, t in enumerate(texts)]
    bodies = {b.slug_path: f"<p>{t}</p>" for b, t in zip(items, texts, strict=True)}
    made = export(items, bodies)
    assert made == dump_json(json.loads(made))


def test_shapes_it_does_not_know_are_refused() -> None:
    assert split(export([], {})) is None  # "bulletins": [] on one line
    assert split(b'{"bulletins": []}') is None
    assert join([], b'\n ],\n "count": 0,\n}\n') is None
