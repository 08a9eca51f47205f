"""Texts a worker wrote to a file come back as the same strings, read only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.render.spooled import TextRef, Texts, TextWriter


@given(st.lists(st.text() | st.sampled_from(["\ud800", "«ñ»", "", "\u2028"]), max_size=8))
def test_written_texts_read_back_the_same(texts: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        writer = TextWriter(Path(folder) / "bodies-1")
        refs = [writer.write(text) for text in texts]
        writer.close()
        assert [ref.read() for ref in refs] == texts
        held = Texts({str(i): ref for i, ref in enumerate(refs)})
        held["mem"] = "en memoria"
        assert dict(held) == {**{str(i): t for i, t in enumerate(texts)}, "mem": "en memoria"}
        assert all(held.raw(str(i)) is ref for i, ref in enumerate(refs))


def test_a_file_that_was_cut_short_is_an_error_not_a_shorter_text(tmp_path: Path) -> None:
    writer = TextWriter(tmp_path / "bodies-1")
    ref = writer.write("<p>Texto completo del boletín.</p>")
    writer.close()
    with open(ref.file, "r+b") as handle:
        handle.truncate(10)
    with pytest.raises(OSError, match="shorter"):
        ref.read()


def test_a_worker_never_appends_to_another_s_file(tmp_path: Path) -> None:
    TextWriter(tmp_path / "bodies-1").close()
    with pytest.raises(FileExistsError):
        TextWriter(tmp_path / "bodies-1")
    assert TextRef(str(tmp_path / "bodies-1"), 0, 0).read() == ""
