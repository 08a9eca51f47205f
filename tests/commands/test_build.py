"""``boletines build`` as a user runs it: summary line, errors at once, exit status."""

from __future__ import annotations

import datetime as dt

from helpers import make_tree
from site_support import FILES

from builder.cli import main
from builder.commands.build import source_date


def test_build_prints_one_line_summary(tmp_path, capsys):
    root = make_tree(tmp_path / "site", FILES)
    out = root / "public"
    status = main(
        [
            "build",
            "--config", str(root / "site.yaml"),
            "--content", str(root / "content"),
            "--out", str(out),
            "--base-url", "/archivo/",
            "--no-search",
        ]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert status == 0
    lines = captured.out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("5 boletines, ")
    assert lines[0].endswith(f" s → {out}")
    assert 'href="/archivo/static/style.' in (out / "index.html").read_text()


def test_errors_are_printed_all_at_once_with_exit_1(tmp_path, capsys):
    files = dict(FILES)
    files["content/2025/sin-titulo.md"] = "---\ndate: 2025-01-01\n---\nTexto.\n"
    files["content/2025/fecha-mala.md"] = "---\ntitle: Mala\ndate: 2025-02-30\n---\nTexto.\n"
    root = make_tree(tmp_path / "site", files)
    out = root / "_site"
    status = main(
        ["build", "--config", str(root / "site.yaml"), "--content", str(root / "content"),
         "--out", str(out), "--no-search"]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert status == 1
    errors = captured.err.splitlines()
    assert len(errors) == 2
    assert any("sin-titulo.md" in line for line in errors)
    assert any("fecha-mala.md:3: " in line for line in errors)
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_source_date_epoch():
    assert source_date({"SOURCE_DATE_EPOCH": "1764028800"}) == dt.date(2025, 11, 25)
    assert source_date({"SOURCE_DATE_EPOCH": "ayer"}) is None
    assert source_date({}) is None
