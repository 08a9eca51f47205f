"""An alias may not take an address the site generates: the search bundle and everything
under it, feeds, sitemaps, assets, the export, listings, years and months. ``check`` and
``build`` say so alike, naming the file and the alias's line, and build nothing."""

from __future__ import annotations

import pytest
from editor_support import bulletin

SOURCE = "2025/2025-11-25-imss-inaugura.md"
RESERVED = [
    "/pagefind/pagefind.js",
    "/pagefind/2025/pagefind-entry.json",
    "/pagefind/shards.json",
    "/pagefind/",
    "/Pagefind/pagefind.js",
    "/static/style.css",
    "/feed.xml",
    "/sitemap.xml",
    "/sitemap-2.xml",
    "/robots.txt",
    "/bulletins.json",
    "/favicon.svg",
    "/.nojekyll",
    "/index.html",
    "/404.html",
    "/2025/",
    "/2025/11/",
    "/temas/salud/",
    "/lugares/",
    "/archivo/",
    "/buscar/",
    "/pagina/2/",
    "/sin-fecha/pagina/2/",
]


def with_alias(alias: str) -> str:
    return bulletin().replace("aliases: []", f'aliases: ["/boletines/591/", "{alias}"]')


def message(alias: str) -> str:
    return (
        f"content/{SOURCE}:9: el alias {alias} ocuparía una dirección que el sitio genera (el "
        "buscador en /pagefind/, /static/, años, meses, temas, lugares, páginas, feed.xml, "
        "sitemap.xml, bulletins.json…); quítelo o use otra dirección."
    )


@pytest.mark.parametrize("alias", RESERVED)
def test_check_refuses_an_alias_on_a_generated_address(alias: str, cli, write) -> None:
    write({SOURCE: with_alias(alias)})
    result = cli("check")
    assert result.lines == [message(alias), "1 error, 0 avisos en 1 boletín."]
    assert result.code == 1


@pytest.mark.parametrize("alias", ["/pagefind/pagefind.js", "/pagefind/2025/pagefind-entry.json"])
def test_build_refuses_it_too_and_writes_nothing(alias: str, cli, write, site) -> None:
    write({SOURCE: with_alias(alias)})
    result = cli("build")
    assert result.err.splitlines() == [message(alias)]
    assert result.code == 1
    assert not (site / "_site").exists()


@pytest.mark.parametrize(
    "alias", ["/2025/viejo/", "/pagefindx/", "/temas-viejos/", "/sin-fecha/x/"]
)
def test_an_alias_beside_generated_addresses_is_fine(alias: str, cli, write) -> None:
    write({SOURCE: with_alias(alias)})
    assert cli("check").lines == ["0 errores, 0 avisos en 1 boletín."]
