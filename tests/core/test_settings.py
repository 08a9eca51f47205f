"""site.yaml: defaults, the repository's own file, every bad value with its exact message."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers import make_tree

from builder.core.errors import BoletinesError
from builder.core.i18n import load_catalog
from builder.core.settings import (
    DEFAULT_BOILERPLATE,
    OPTIONS,
    SiteConfig,
    apply_base_url,
    base_url_problem,
    load_settings,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def problems(text: str | bytes, site: Path) -> list[str]:
    """The rendered messages for a site.yaml holding ``text``."""
    make_tree(site, {"site.yaml": text})
    with pytest.raises(BoletinesError) as caught:
        load_settings(site / "site.yaml")
    catalog = load_catalog("es")
    return [d.render(catalog) for d in caught.value.diagnostics]


def test_missing_file_means_defaults(site: Path) -> None:
    config = load_settings(site / "site.yaml")
    assert config == SiteConfig()
    assert config.root == site


@pytest.mark.parametrize("text", ["", "# solo comentarios\n", "---\n"])
def test_empty_file_means_defaults(text: str, site: Path) -> None:
    make_tree(site, {"site.yaml": text})
    assert load_settings(site / "site.yaml") == SiteConfig()


def test_every_setting_is_a_siteconfig_field() -> None:
    fields = {f.name for f in dataclasses.fields(SiteConfig)} - {"root"}
    assert set(OPTIONS) == fields


def test_the_repository_site_yaml_loads() -> None:
    config = load_settings(ROOT / "site.yaml")
    assert config.title == "Boletines de prensa del IMSS"
    assert config.language == "es"
    assert config.base_url == "/"
    assert config.root == ROOT


def test_good_values_are_read(site: Path) -> None:
    make_tree(
        site,
        {
            "site.yaml": """\
title: Archivo
description: Boletines
base_url: "https://example.org/boletines/"
language: en
per_page: 7
feed_size: 12
author: Prensa
logo_text: Logo
accent_color: "#abc"
cname: boletines.example.org
boilerplate: ["gobierno de mexico", '\\d{4}']
topics:
  salud: [hospital, médico]
  vacío:
search: false
author_extra_blank_is_not_here: null
""".replace("author_extra_blank_is_not_here: null\n", "")
        },
    )
    config = load_settings(site / "site.yaml")
    assert config == SiteConfig(
        title="Archivo",
        description="Boletines",
        base_url="https://example.org/boletines/",
        language="en",
        per_page=7,
        feed_size=12,
        author="Prensa",
        logo_text="Logo",
        accent_color="#abc",
        cname="boletines.example.org",
        boilerplate=("gobierno de mexico", r"\d{4}"),
        topics={"salud": ("hospital", "médico"), "vacío": ()},
        search=False,
    )
    assert config.base_path == "/boletines/"


def test_blank_values_take_the_default(site: Path) -> None:
    make_tree(site, {"site.yaml": "author:\ncname:\nboilerplate:\n"})
    config = load_settings(site / "site.yaml")
    assert (config.author, config.cname, config.boilerplate) == ("", None, DEFAULT_BOILERPLATE)


def test_every_problem_is_reported_at_once(site: Path) -> None:
    text = """\
titel: x
base_url: "ftp://example.org/"
language: fr
per_page: 0
feed_size: "10"
accent_color: green
cname: "https://example.org/"
boilerplate: ["(", "ok"]
topics:
  salud: [hospital, 1]
  cuidados: guarderías
search: 1
tema: x
title: [a]
"""
    assert problems(text, site) == [
        "site.yaml:1: ajuste desconocido «titel»; ¿quiso decir «title»?",
        "site.yaml:2: «base_url» debe ser «/», una ruta que empiece con «/» (como /boletines/) "
        'o una dirección completa http(s)://, pero vale "ftp://example.org/".',
        'site.yaml:3: no hay textos para el idioma "fr"; los idiomas disponibles son: en, es.',
        "site.yaml:4: «per_page» debe ser un número entero mayor que cero, pero vale 0.",
        'site.yaml:5: «feed_size» debe ser un número entero mayor que cero, pero vale "10".',
        "site.yaml:6: «accent_color» debe ser un color #rgb o #rrggbb (como #0b5d3b), "
        'pero vale "green".',
        "site.yaml:7: «cname» debe ser solo un dominio (como boletines.example.org), sin "
        'http:// ni rutas, pero vale "https://example.org/".',
        "site.yaml:8: el patrón 1 de «boilerplate» no es una expresión regular válida (missing "
        '), unterminated subpattern at position 0): "(".',
        "site.yaml:10: el elemento 2 de «topics.salud» debe ser un texto no vacío, pero vale 1.",
        "site.yaml:11: «topics.cuidados» debe ser una lista de textos, como [uno, dos], "
        'pero vale "guarderías".',
        "site.yaml:12: «search» debe ser true o false, pero vale 1.",
        "site.yaml:13: ajuste desconocido «tema»; los ajustes válidos son: title, description, "
        "base_url, language, per_page, feed_size, author, institution, timezone, logo_text, "
        "accent_color, cname, boilerplate, topics, search, search_shard_pages.",
        'site.yaml:14: «title» debe ser un texto, pero vale ["a"].',
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: 'sin cerrar\n",
            "site.yaml:1: las comillas ' que se abren en esta línea no se cierran; ciérrelas con "
            "la misma comilla.",
        ),
        (
            "topics:\n\tsalud: [a]\n",
            "site.yaml:2: hay un tabulador en la sangría y YAML solo admite espacios; cámbielo "
            "por espacios.",
        ),
        (
            "title: a\ntitle: b\n",
            "site.yaml:2: el campo «title» está repetido (ya aparece en la línea 1); "
            "deje solo uno.",
        ),
        (
            "title: a\n---\ntitle: b\n",
            "site.yaml:2: hay más de un documento YAML (una línea «---» de más); deje uno solo.",
        ),
        (
            "- title\n- base_url\n",
            "site.yaml:1: site.yaml debe contener ajustes «nombre: valor», pero contiene "
            '["title", "base_url"].',
        ),
        (
            "boilerplate: &x [a]\ntopics: {a: *x}\n",
            "site.yaml:1: no se admiten anclas ni alias de YAML («&nombre», «*nombre»); escriba "
            "cada valor completo.",
        ),
        (
            "topics: palabra\n",
            "site.yaml:1: «topics» debe ser un grupo de campos «nombre: valor», "
            'pero vale "palabra".',
        ),
        (
            "boilerplate: letterhead\n",
            "site.yaml:1: «boilerplate» debe ser una lista de textos, como [uno, dos], "
            'pero vale "letterhead".',
        ),
        (
            b"title: Bolet\xedn\n",
            "site.yaml:1: site.yaml no está en UTF-8 (esta línea tiene un carácter no válido); "
            "vuelva a guardarlo como UTF-8.",
        ),
    ],
)
def test_bad_file_gets_exact_message(text: str | bytes, expected: str, site: Path) -> None:
    assert problems(text, site) == [expected]


def test_unreadable_settings_path_is_reported(site: Path) -> None:
    (site / "site.yaml").mkdir()
    assert problems_for_directory(site) == [
        "site.yaml: no se pudo leer el archivo de ajustes: Is a directory."
    ]


def problems_for_directory(site: Path) -> list[str]:
    with pytest.raises(BoletinesError) as caught:
        load_settings(site / "site.yaml")
    return [d.render(load_catalog("es")) for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    "url",
    ["/", "/archivo/", "/archivo", "/a/b/", "https://example.org", "http://example.org/x/"],
)
def test_good_base_urls(url: str) -> None:
    assert not base_url_problem(url)
    assert apply_base_url(SiteConfig(), url).base_url == url


@pytest.mark.parametrize(
    "url",
    [
        "",
        "archivo/",
        "//example.org/",
        "ftp://example.org/",
        "https://",
        "/a b/",
        "/a/../b/",
        "/a?x=1",
        "/a#top",
        "javascript:alert(1)",
        "\\archivo\\",
    ],
)
def test_bad_base_url_override_is_refused(url: str) -> None:
    assert base_url_problem(url)
    with pytest.raises(BoletinesError) as caught:
        apply_base_url(SiteConfig(), url)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.location() == "--base-url"
    assert diagnostic.code == "config.bad_base_url"


def test_base_url_override_keeps_everything_else() -> None:
    config = SiteConfig(title="T", per_page=3)
    assert apply_base_url(config, "/x/") == dataclasses.replace(config, base_url="/x/")


def test_time_zone_and_institution_are_read(site: Path) -> None:
    make_tree(site, {"site.yaml": "timezone: America/Bogota\ninstitution: IMSS\n"})
    config = load_settings(site / "site.yaml")
    assert (config.timezone, config.institution) == ("America/Bogota", "IMSS")
    assert SiteConfig().timezone == "America/Mexico_City"


@pytest.mark.parametrize("zone", ["Mexico", "America/Nowhere", "../etc/passwd", ""])
def test_unknown_time_zone_is_refused_with_exact_message(zone: str, site: Path) -> None:
    assert problems(f'title: x\ntimezone: "{zone}"\n', site) == [
        "site.yaml:2: «timezone» debe ser una zona horaria con su nombre IANA, como "
        f'America/Mexico_City o America/Bogota, pero vale "{zone}".'
    ]
