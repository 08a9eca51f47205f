"""A rebuild that fails because the preview is being stopped (Ctrl-C also kills the
Pagefind it started) is not reported as the editor's error; any other failure is."""

from __future__ import annotations

import io
import threading

import pytest

import builder.serve.preview as serve_module
from builder.core.errors import BoletinesError, error
from builder.serve.preview import Preview, ServeOptions


@pytest.fixture
def preview(site, monkeypatch) -> Preview:
    monkeypatch.setattr(serve_module, "STOP_GRACE", 0.05)

    def killed_search(session):
        raise BoletinesError([error("_site", None, "search.failed", detail="exit status -2")])

    monkeypatch.setattr(serve_module.BuildSession, "rebuild", killed_search)
    return Preview(ServeOptions(site / "site.yaml", site / "content"), io.StringIO())


def test_a_rebuild_failing_while_the_preview_stops_is_not_reported(preview):
    preview.stopping.set()
    assert preview.rebuild() is False
    assert preview.stream.getvalue() == ""
    assert preview.state.snapshot().error is None  # no banner for the tabs either


def test_a_rebuild_failing_when_stopped_a_moment_later_is_not_reported(preview):
    threading.Timer(0.01, preview.stopping.set).start()
    assert preview.rebuild() is False
    assert preview.stream.getvalue() == ""


def test_a_rebuild_failing_otherwise_is_reported(preview):
    assert preview.rebuild() is False
    assert preview.stream.getvalue().startswith("No se pudo actualizar el sitio")
    assert preview.state.snapshot().error is not None
