"""Property tests: any bytes that look like a PDF or a Word file are imported or refused
with a message naming the file, never a traceback; cut or corrupted fixtures too."""

from __future__ import annotations

from documents_support import DOCUMENTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.core.settings import SiteConfig
from builder.importer import Refused, import_file

CONFIG = SiteConfig()
PDF = (DOCUMENTS / "004_33987a5b23329ece.pdf").read_bytes()
DOCX = (DOCUMENTS / "004_33987a5b23329ece.docx").read_bytes()
SOME = max(60, settings.default.max_examples // 2)


def _outcome(raw: bytes) -> str:
    try:
        result = import_file(raw, "in.doc", CONFIG)
    except Refused as refused:
        [diagnostic] = refused.diagnostics
        assert diagnostic.path == "in.doc"
        assert diagnostic.code.startswith("import.")
        return diagnostic.code
    assert result.preservation.ok
    return "ok"


@settings(max_examples=SOME, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04"]), st.binary(max_size=2000))
def test_anything_with_a_document_magic_is_handled(magic: bytes, rest: bytes) -> None:
    _outcome(magic + rest)


@settings(max_examples=SOME, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([PDF, DOCX]),
    st.integers(min_value=0, max_value=len(DOCX) - 1),
    st.binary(min_size=1, max_size=64),
)
def test_a_corrupted_document_is_imported_or_refused(
    original: bytes, at: int, garbage: bytes
) -> None:
    at = min(at, len(original) - 1)
    _outcome(original[:at] + garbage + original[at + len(garbage) :])
