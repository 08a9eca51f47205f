"""Search inside ``boletines build``: the index is part of the output, and a Pagefind
failure stops the build with a message while the previous site stays as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import make_tree

from builder.build.steps import BuildOptions, build
from builder.cli import main
from builder.core.errors import BoletinesError

BULLETIN = """---
title: "IMSS presenta guarderías"
date: 2025-11-25
number: "591/2025"
location: Ciudad de México
tags: [guarderías]
---
Texto sobre guarderías.
"""


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_tree(
        tmp_path / "site",
        {"site.yaml": 'title: "Prueba"\n', "content/2025/2025-11-25-ceci.md": BULLETIN},
    )


def options(root: Path, **changes: object) -> BuildOptions:
    return BuildOptions(
        config_path=root / "site.yaml",
        content_dir=root / "content",
        out_dir=root / "_site",
        base_url="/archivo/",
        **changes,  # type: ignore[arg-type]
    )


def test_build_writes_the_index_and_the_search_page(root):
    report = build(options(root))
    out = root / "_site"
    assert report.search_pages == 1
    assert (out / "pagefind" / "pagefind.js").is_file()
    page = (out / "buscar" / "index.html").read_text(encoding="utf-8")
    config = page.split('<script type="application/json" id="search-config">')[1].split(
        "</script>"
    )[0]
    assert json.loads(config)["bundle"] == "/archivo/pagefind/"
    assert json.loads(config)["base"] == "/archivo/"


def test_no_search_builds_without_index_page_or_box(root):
    report = build(options(root, search=False))
    out = root / "_site"
    assert not report.search_pages
    assert not (out / "pagefind").exists()
    assert not (out / "buscar").exists()
    assert 'role="search"' not in (out / "index.html").read_text(encoding="utf-8")


def test_pagefind_failure_keeps_the_previous_site(root, monkeypatch, capsys):
    build(options(root))
    before = tree(root / "_site")
    (root / "content/2025/2025-11-25-ceci.md").write_text(
        BULLETIN.replace("presenta", "inaugura"), encoding="utf-8"
    )
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(BoletinesError) as caught:
        build(options(root))
    assert [d.code for d in caught.value.diagnostics] == ["search.failed"]
    assert tree(root / "_site") == before
    assert not [p for p in root.iterdir() if p.is_dir() and p.name.startswith(".boletines-")]

    monkeypatch.chdir(root)
    assert main(["build", "--base-url", "/archivo/"]) == 1
    err = capsys.readouterr().err
    assert "no se pudo crear el índice de búsqueda con Pagefind (exit status 1)" in err
    assert "Traceback" not in err
    assert tree(root / "_site") == before


@pytest.mark.parametrize("how", ["--no-search", "search: false"])
def test_the_command_line_flag_and_the_setting_leave_search_out(root, monkeypatch, how):
    if how.startswith("--"):
        arguments = ["build", how]
    else:
        with (root / "site.yaml").open("a", encoding="utf-8") as handle:
            handle.write(how + "\n")
        arguments = ["build"]
    monkeypatch.chdir(root)
    assert main(arguments) == 0
    out = root / "_site"
    assert (out / "index.html").is_file()
    assert not (out / "pagefind").exists() and not (out / "buscar").exists()
    assert "buscar/" not in (out / "index.html").read_text(encoding="utf-8")
    if how.startswith("--"):  # the next plain build has search again
        assert main(["build"]) == 0
        assert (out / "pagefind" / "pagefind.js").is_file() and (out / "buscar").is_dir()


def test_the_index_holds_title_highlights_and_body_of_the_real_bulletin_page(tmp_path):
    from test_index import fragments

    other = (
        BULLETIN.replace("IMSS presenta guarderías", "Vecino zarzamora")
        .replace("2025-11-25", "2025-11-20")
        .replace("591/2025", "590/2025")
    )
    main_bulletin = BULLETIN.replace(
        "tags: [guarderías]\n",
        'tags: [guarderías]\nhighlights: ["Frase destacada albaricoque"]\n'
        'links: [{label: "Fotos membrillo", url: "https://example.org/f", kind: photos}]\n',
    ).replace("Texto sobre guarderías.", "Cuerpo con **tamarindo**.")
    root = make_tree(
        tmp_path / "site",
        {
            "site.yaml": 'title: "Sitio mandarina"\n',
            "content/2025/ceci.md": main_bulletin,
            "content/2025/vecino.md": other,
        },
    )
    build(options(root))
    records = fragments(root / "_site")
    assert sorted(records) == ["/2025/ceci/", "/2025/vecino/"]
    content = records["/2025/ceci/"]["content"]
    for wanted in ("IMSS presenta guarderías", "albaricoque", "tamarindo", "591/2025"):
        assert wanted in content, wanted
    # not the site's name, navigation, facts labels, media links, neighbours or related lists
    for unwanted in ("mandarina", "Inicio", "Archivo", "Fecha", "membrillo", "zarzamora"):
        assert unwanted not in content, unwanted
    assert "zarzamora" in (root / "_site/2025/ceci/index.html").read_text(encoding="utf-8")
