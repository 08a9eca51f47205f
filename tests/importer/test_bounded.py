"""A reader that hangs or eats memory is stopped and the file refused, naming it."""

from __future__ import annotations

import os
import time

import pytest

import builder.importer.bounded as bounded
from builder.importer import Refused
from builder.importer.document import Document, Paragraph
from builder.importer.model import refuse

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="bounded by fork only")


def _loops(raw: bytes, source: str) -> Document:
    while True:
        pass


def _sleeps(raw: bytes, source: str) -> Document:
    time.sleep(60)
    raise AssertionError("not reached")


def _eats_memory(raw: bytes, source: str) -> Document:
    hoard = []
    while True:
        hoard.append(bytearray(50 * 1024 * 1024))


def _crashes(raw: bytes, source: str) -> Document:
    raise KeyError("a library's own failure")


def _refuses(raw: bytes, source: str) -> Document:
    raise refuse(source, "import.pdf_no_text")


def _reads(raw: bytes, source: str) -> Document:
    return Document((Paragraph(raw.decode()),), raw.decode())


@pytest.mark.parametrize("reader", [_loops, _sleeps], ids=["cpu", "wall"])
def test_a_reader_that_hangs_is_stopped(reader, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounded, "MAX_SECONDS", 1)
    started = time.monotonic()
    with pytest.raises(Refused) as caught:
        bounded.run_bounded(reader, b"", "lento.pdf")
    assert time.monotonic() - started < 5
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.code) == ("lento.pdf", "import.document_too_slow")


def test_a_reader_that_eats_memory_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounded, "MAX_MEMORY", 200 * 1024 * 1024)
    with pytest.raises(Refused) as caught:
        bounded.run_bounded(_eats_memory, b"", "gordo.pdf")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.code) == ("gordo.pdf", "import.document_too_big")
    assert diagnostic.args == {"limit_mb": 200}


def test_a_crash_is_a_damaged_file_and_a_refusal_comes_back() -> None:
    with pytest.raises(Refused) as caught:
        bounded.run_bounded(_crashes, b"", "raro.docx")
    assert caught.value.diagnostics[0].code == "import.document_damaged"
    with pytest.raises(Refused) as caught:
        bounded.run_bounded(_refuses, b"", "scan.pdf")
    assert caught.value.diagnostics[0].code == "import.pdf_no_text"


def test_the_result_comes_back_from_the_child() -> None:
    document = bounded.run_bounded(_reads, "texto leído".encode(), "a.pdf")
    assert document == Document((Paragraph("texto leído"),), "texto leído")
