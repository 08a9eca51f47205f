"""The preview's reload of the files its watcher named is the whole load's result."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.content.loader import LoadResult, load_content
from builder.content.reload import reload_content
from builder.core import filestate
from builder.core.settings import load_settings

SITE = 'title: "Prueba"\nbase_url: "/"\n'


def text(
    i: int, number: int | None = None, *, draft: bool = False, tag: str = "salud", day: int = 0
) -> str:
    number = i if number is None else number
    lines = [
        "---",
        f'title: "Boletín {i}"',
        f"date: 2024-03-{day or i + 1:02d}",
        f'number: "{number}/2024"',
    ]
    lines += [f"tags: [{tag}]", *(["draft: true"] if draft else []), "---", f"Texto {i}.", ""]
    return "\n".join(lines)


def archive(root: Path, count: int = 6) -> Path:
    (root / "site.yaml").write_text(SITE, encoding="utf-8")
    for i in range(count):
        write(root, i, text(i))
    return root / "content"


def write(root: Path, i: int, body: str) -> str:
    path = root / "content" / "2024" / f"boletin-{i}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return f"2024/boletin-{i}.md"


def load(content: Path, drafts: bool = False, **known: object) -> LoadResult:
    return load_content(
        content, load_settings(content.parent / "site.yaml"), drafts=drafts, **known
    )


def same(a: LoadResult, b: LoadResult) -> None:
    assert a.bulletins == b.bulletins
    assert [bulletin.digest for bulletin in a.bulletins] == [x.digest for x in b.bulletins]
    assert a.diagnostics == b.diagnostics
    assert a.drafts_skipped == b.drafts_skipped
    assert a.files == b.files


def saved(root: Path, i: int, body: str) -> LoadResult:
    """The archive at ``root`` loaded, bulletin ``i`` saved as ``body`` and reloaded: the
    reload is what a whole load finds."""
    content = archive(root)
    before = load(content)
    reloaded = reload_content(content, before, {write(root, i, body)}, drafts=False)
    assert reloaded is not None
    same(reloaded, load(content))
    return reloaded


def test_an_edit_reloads_to_what_a_whole_load_finds(tmp_path, monkeypatch):
    monkeypatch.setattr(filestate, "RECENT_NS", 0)  # every file settled: known by its stat
    reloaded = saved(tmp_path, 2, text(2, tag="pensiones").replace("Texto 2", "Otro texto"))
    assert not any(seen[1] for path, (seen, _) in reloaded.files.items() if "-2" not in path)
    assert "Otro texto." in next(b.body for b in reloaded.bulletins if b.slug_path.endswith("-2"))


def test_a_new_date_moves_the_bulletin_in_the_archive_order(tmp_path, monkeypatch):
    monkeypatch.setattr(filestate, "RECENT_NS", 0)
    reloaded = saved(tmp_path, 0, text(0, day=28))
    assert reloaded.bulletins[0].slug_path == "2024/boletin-0"  # the newest now


def test_a_number_taken_by_an_edit_is_found_among_all_the_files(tmp_path):
    reloaded = saved(tmp_path, 4, text(4, number=1))
    assert [d.code for d in reloaded.errors] == ["content.duplicate_number"]


def test_a_bulletin_made_a_draft_is_left_out_and_counted(tmp_path):
    assert saved(tmp_path, 0, text(0, draft=True)).drafts_skipped == 1


def test_a_new_deleted_or_replaced_file_or_an_earlier_error_needs_a_whole_load(tmp_path):
    content = archive(tmp_path)
    before = load(content)
    assert reload_content(content, before, {write(tmp_path, 9, text(9))}, drafts=False) is None
    (content / "2024" / "boletin-1.md").unlink()
    assert reload_content(content, before, {"2024/boletin-1.md"}, drafts=False) is None
    os.symlink(content / "2024" / "boletin-3.md", content / "2024" / "enlace.md")
    (content / "2024" / "boletin-2.md").unlink()
    os.symlink("boletin-3.md", content / "2024" / "boletin-2.md")
    assert reload_content(content, before, {"2024/boletin-2.md"}, drafts=False) is None
    broken = load(content)
    assert broken.errors
    assert reload_content(content, broken, {"2024/boletin-0.md"}, drafts=False) is None


EDITS = st.lists(
    st.tuples(
        st.integers(0, 5),  # which bulletin
        st.integers(0, 7),  # its number (a few collide)
        st.booleans(),  # a draft
        st.sampled_from(["salud", "pensiones", "Salud"]),
        st.sampled_from([0, 0, 1, 4, 28]),  # its day: 0 keeps its own
        st.sampled_from(["", "---\ntitle: [roto\n---\n", "sin front matter\n"]),  # broken
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(EDITS, EDITS, st.booleans(), st.booleans())
def test_any_edits_reload_to_what_a_whole_load_finds(
    tmp_path_factory, monkeypatch, first, then, drafts, settled
):
    """Two saves one after the other, each reloaded from the last result; files known by
    their stat (settled), or written just before and read again."""
    monkeypatch.setattr(filestate, "RECENT_NS", 0 if settled else 2 * 10**9)
    root = tmp_path_factory.mktemp("archivo")
    content = archive(root)
    last = load(content, drafts)
    for edits in (first, then):
        changed = set()
        for i, number, draft, tag, day, broken in edits:
            body = text(i, number, draft=draft, tag=tag, day=day)
            changed.add(write(root, i, broken or body))
        reloaded = reload_content(content, last, changed, drafts=drafts)
        if last.errors:
            assert reloaded is None
            return
        assert reloaded is not None
        same(reloaded, load(content, drafts))
        last = reloaded
