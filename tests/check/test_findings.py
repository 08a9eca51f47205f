"""``boletines check``: each finding with its exact message, the summary and exit status."""

from __future__ import annotations

import pytest
from editor_support import bulletin

from builder.build.steps import BuildOptions, build
from builder.check.findings import check_site
from builder.check.links import site_path_of
from builder.content.archive import build_archive
from builder.core.settings import SiteConfig, load_settings
from builder.render.addresses import site_addresses

GOOD = "2025/2025-11-25-imss-inaugura.md"
OTHER = "2025/2025-08-28-centro-de-dia.md"
OTHER_DATE = "2025-08-28"


def test_a_clean_archive_passes_even_with_strict(cli, write):
    write(
        {GOOD: bulletin(), OTHER: bulletin("Centro de Día", date=OTHER_DATE, number='"437/2025"')}
    )
    result = cli("check", "--strict")
    assert result.lines == ["0 errores, 0 avisos en 2 boletines."]
    assert result.code == 0


def test_a_link_to_a_bulletin_that_does_not_exist(cli, write):
    body = "Vea también\n[el centro](/2025/2025-08-28-centro-de-dai/).\n"
    write({GOOD: bulletin(body=body)})
    result = cli("check")
    assert result.lines == [
        f"content/{GOOD}:14: el enlace /2025/2025-08-28-centro-de-dai/ no lleva a ningún boletín "
        "ni página del sitio; revise la dirección (la de un boletín es "
        "/AAAA/nombre-del-archivo/, sin «.md»).",
        "1 error, 0 avisos en 1 boletín.",
    ]
    assert result.code == 1


@pytest.mark.parametrize(
    "link",
    [
        "/2025/2025-08-28-centro-de-dia/",
        "/2025/2025-08-28-centro-de-dia",
        "/2025/2025-08-28-centro-de-dia/index.html#fotos",
        "../2025-08-28-centro-de-dia/",
        "/archivo/2025/2025-08-28-centro-de-dia/",
        "https://boletines.example.org/archivo/2025/2025-08-28-centro-de-dia/",
        "/2025/",
        "/2025/08/",
        "/temas/cuidados/",
        "/temas/",
        "/lugares/ciudad-de-mexico/",
        "/feed.xml",
        "/buscar/?q=CECI",
        "/pagina/2/",
        "/",
        "#arriba",
        "https://www.imss.gob.mx/prensa",
        "mailto:prensa@imss.gob.mx",
    ],
)
def test_links_to_existing_pages_and_outside_the_site_are_fine(cli, write, site, link):
    site.joinpath("site.yaml").write_text(
        'base_url: "https://boletines.example.org/archivo/"\nper_page: 1\n', encoding="utf-8"
    )
    write(
        {
            GOOD: bulletin(tags="[cuidados]", body=f"Vea [esto]({link}).\n"),
            OTHER: bulletin("Centro de Día", date="2025-08-28", number='"437/2025"'),
        }
    )
    result = cli("check")
    assert result.lines == ["0 errores, 0 avisos en 2 boletines."]


def test_a_link_to_a_draft(cli, write):
    write(
        {
            GOOD: bulletin(body="Vea [el borrador](../2025-08-28-centro-de-dia/).\n"),
            OTHER: bulletin("Centro", number='"437/2025"', draft=True),
        }
    )
    result = cli("check")
    assert result.lines[0] == (
        f"content/{GOOD}:13: el enlace ../2025-08-28-centro-de-dia/ lleva a un borrador "
        "(draft: true), que no se publica; quite el enlace o publique ese boletín."
    )
    assert result.code == 1


def test_a_draft_is_listed_for_review_with_what_it_lacks(cli, write):
    """An import without a title or dateline becomes a draft; check says what to do."""
    write(
        {
            GOOD: bulletin(),
            "sin-fecha/la-dependencia-informo.md": bulletin(
                "La dependencia informó que a partir del lunes",
                date=None,
                number=None,
                location=None,
                draft=True,
            ),
        }
    )
    result = cli("check")
    shown = "content/sin-fecha/la-dependencia-informo.md"
    assert [line.split(": aviso: ")[0] for line in result.lines[:3]] == [
        f"{shown}:3",  # date, number and place missing, as for any bulletin
        f"{shown}:4",
        f"{shown}:5",
    ]
    assert result.lines[3:] == [
        f"{shown}:10: aviso: borrador que revisar: no se publica mientras diga «draft: true». "
        "Revise el título (un boletín importado sin título lleva su primera frase) y lo que "
        "falte, y borre esa línea para publicarlo.",
        "0 errores, 4 avisos en 2 boletines.",
    ]
    assert result.code == 0


@pytest.mark.parametrize(
    "markdown",
    ["[clic](javascript:alert(1))", '<a href="JavaScript:alert(1)">clic</a>', "![x](data:x)"],
)
def test_unsafe_links(cli, write, markdown):
    write({GOOD: bulletin(body=f"Texto.\n\n{markdown}\n")})
    url = {"[": "javascript:alert(1)", "<": "JavaScript:alert(1)", "!": "data:x"}[markdown[0]]
    result = cli("check")
    assert result.lines[0] == (
        f"content/{GOOD}:15: el enlace {url} no es seguro y no se publicará "
        "(no se admiten javascript: ni data:); use una dirección http:// o https://."
    )
    assert result.code == 1


def test_missing_date_number_and_location_are_warnings_at_their_lines(cli, write):
    write({"sin-fecha/anuncio.md": bulletin(date=None, number=None, location=None)})
    result = cli("check")
    path = "content/sin-fecha/anuncio.md"
    assert result.lines == [
        f"{path}:3: aviso: falta la fecha («date»); el boletín saldrá como «Fecha no indicada», "
        "al final del archivo. Si la conoce, escríbala como AAAA-MM-DD.",
        f'{path}:4: aviso: falta el número («number»), como "591/2025"; si el boletín no tiene '
        "número, déjelo vacío.",
        f"{path}:5: aviso: falta el lugar («location»), como Ciudad de México; si el boletín no "
        "lo dice, déjelo vacío.",
        "0 errores, 3 avisos en 1 boletín.",
    ]
    assert result.code == 0
    assert cli("check", "--strict").code == 1


def test_missing_fields_without_their_keys_point_at_the_front_matter(cli, write):
    write({"sin-fecha/corto.md": '---\ntitle: "Corto"\n---\n\nTexto.\n'})
    result = cli("check")
    assert [line.split(": aviso")[0] for line in result.lines[:3]] == [
        "content/sin-fecha/corto.md:2"
    ] * 3


def test_a_highlight_repeated_in_the_body(cli, write):
    highlights = ("El IMSS abrió 13 centros.", "Atenderán a niñas y niños.")
    body = "Texto.\n\nEn Ciudad Juárez **atenderán a\nniñas y niños**, dijo.\n"
    write({GOOD: bulletin(highlights=highlights, body=body)})
    result = cli("check")
    assert result.lines == [
        f"content/{GOOD}:8: aviso: el punto destacado 2 («highlights») se repite palabra por "
        "palabra en el texto; revise si sobra en uno de los dos sitios.",
        "0 errores, 1 aviso en 1 boletín.",
    ]


def test_an_empty_body_points_at_the_closing_line(cli, write):
    write({GOOD: bulletin(body="\n  \n")})
    result = cli("check")
    assert result.lines == [
        f"content/{GOOD}:11: aviso: el boletín no tiene texto; escríbalo debajo de la segunda "
        "línea «---».",
        "0 errores, 1 aviso en 1 boletín.",
    ]


def test_loader_and_site_yaml_errors_are_reported_together(cli, write, site):
    site.joinpath("site.yaml").write_text("tittle: Archivo\n", encoding="utf-8")
    write(
        {
            GOOD: bulletin(),
            OTHER: bulletin("Otro", date=OTHER_DATE, number='"591/2025"'),
            "2025/roto.md": '---\ntitle: "Roto"\ndate: 2025-02-30\n---\nTexto.\n',
        }
    )
    result = cli("check")
    assert result.lines == [
        f"content/{GOOD}:4: el número 591/2025 ya lo tiene content/{OTHER}; cada boletín "
        "necesita un número distinto.",
        "content/2025/roto.md:3: la fecha 2025-02-30 no existe en el calendario; revise el día y "
        "el mes (AAAA-MM-DD).",
        "site.yaml:1: ajuste desconocido «tittle»; ¿quiso decir «title»?",
        "3 errores, 0 avisos en 3 boletines.",
    ]
    assert result.code == 1


def test_no_content_folder(cli, site):
    site.joinpath("content").rmdir()
    result = cli("check")
    assert result.lines[0] == (
        "content: no existe la carpeta de contenido; créela o indique otra con --content."
    )
    assert result.code == 1


def test_messages_follow_the_site_language(cli, write, site):
    site.joinpath("site.yaml").write_text("language: en\n", encoding="utf-8")
    write({GOOD: bulletin(location=None)})
    assert cli("check").lines == [
        f'content/{GOOD}:5: warning: the place ("location") is missing, such as Ciudad de '
        "México; if the bulletin does not say, leave it empty.",
        "0 errors, 1 warning in 1 bulletin.",
    ]


def test_suggest_tags_lists_topics_the_text_matches_and_tags_lack(cli, write):
    body = "Los CECI forman parte del Sistema Nacional de Cuidados.\n"
    write(
        {
            GOOD: bulletin(tags="[Guarderias]", body=body),
            OTHER: bulletin(
                "Otro", date=OTHER_DATE, number='"437/2025"', body="Atiende a adultas mayores.\n"
            ),
        }
    )
    result = cli("check", "--suggest-tags")
    assert result.lines == [
        f"content/{OTHER}:8: el texto habla de personas mayores, que no está en «tags»; "
        "añádalo si corresponde.",
        f"content/{GOOD}:8: el texto habla de cuidados, que no está en «tags»; añádalo si "
        "corresponde.",
        "0 errores, 0 avisos en 2 boletines.",
    ]
    assert result.code == 0


def test_suggest_tags_with_nothing_to_suggest(cli, write):
    write({GOOD: bulletin(tags="[guarderías]")})
    assert cli("check", "--suggest-tags").lines[0] == (
        "Ningún boletín necesita temas nuevos del vocabulario («topics» en site.yaml)."
    )


@pytest.mark.parametrize("per_page", [None, 1])
def test_check_knows_every_page_the_build_writes(site, write, tmp_path, per_page):
    """The addresses check accepts include every HTML page a real build produces, the
    second and later pages of the home, topic, place and undated lists included."""
    if per_page is not None:
        with (site / "site.yaml").open("a", encoding="utf-8") as handle:
            handle.write(f"per_page: {per_page}\n")
    write(
        {
            GOOD: bulletin(tags="[cuidados, guarderías]"),
            OTHER: bulletin("Centro", date="2025-08-28", number='"437/2025"', tags="[cuidados]"),
            "sin-fecha/x.md": bulletin("Sin fecha", date=None, number=None, location="Mérida"),
        }
    )
    out = tmp_path / "_site"
    build(BuildOptions(site / "site.yaml", site / "content", out, search=False))
    built = {p.relative_to(out).as_posix().removesuffix("index.html") for p in out.rglob("*.html")}
    result = check_site(site / "site.yaml", site / "content")
    assert result.errors == 0
    from builder.content.loader import load_content

    config = load_settings(site / "site.yaml")
    loaded = load_content(site / "content", config)
    assert built <= site_addresses(build_archive(loaded.bulletins), config)
    if per_page == 1:
        assert {"temas/cuidados/pagina/2/", "lugares/merida/", "pagina/3/"} <= built


def test_site_path_of_resolves_relative_links_against_the_page():
    config = SiteConfig(base_url="/archivo/")
    page = "2025/2025-11-25-x/"
    assert site_path_of("../2025-08-28-y/", page, config) == "2025/2025-08-28-y/"
    assert site_path_of("../../temas/salud/", page, config) == "temas/salud/"
    assert site_path_of("/archivo/2025/", page, config) == "2025/"
    assert site_path_of("/2025/", page, config) == "2025/"
    assert site_path_of("https://otro.org/2025/", page, config) is None
    assert site_path_of("#fotos", page, config) is None


def test_a_shortened_or_misspelt_link_gets_a_did_you_mean(cli, write):
    body = "Vea [uno](/2025/2025-08-28-centro-de-dia/) y [dos](/2025/2025-08-28-centro-de-dai/).\n"
    write(
        {
            GOOD: bulletin(body=body),
            "2025/2025-08-28-centro-de-dia-del-imss.md": bulletin(
                "Centro", date=OTHER_DATE, number='"437/2025"'
            ),
        }
    )
    result = cli("check")
    assert result.lines == [
        f"content/{GOOD}:13: el enlace /2025/2025-08-28-centro-de-dia/ no lleva a ningún boletín "
        "ni página del sitio; ¿quiso decir /2025/2025-08-28-centro-de-dia-del-imss/?",
        f"content/{GOOD}:13: el enlace /2025/2025-08-28-centro-de-dai/ no lleva a ningún boletín "
        "ni página del sitio; ¿quiso decir /2025/2025-08-28-centro-de-dia-del-imss/?",
        "2 errores, 0 avisos en 2 boletines.",
    ]


def test_naming_files_shows_only_their_findings_and_those_that_name_them(cli, write):
    mine = "2025/2025-01-01-nuevo.md"  # first in path order: the others report the clash
    write(
        {
            GOOD: bulletin(location=None),
            mine: bulletin("Nuevo", date="2025-01-01", body="\n"),
            "2025/2025-12-02-otro.md": bulletin("Otro", date="2025-12-02"),
        }
    )
    result = cli("check", f"content/{mine}", "--strict")
    assert result.lines == [
        f"content/{GOOD}:4: el número 591/2025 ya lo tiene content/{mine}; cada boletín "
        "necesita un número distinto.",
        f"content/2025/2025-12-02-otro.md:4: el número 591/2025 ya lo tiene content/{mine}; "
        "cada boletín necesita un número distinto.",
        f"content/{mine}:11: aviso: el boletín no tiene texto; escríbalo debajo de la segunda "
        "línea «---».",
        "2 errores, 1 aviso en 1 boletín.",
    ]
    assert result.code == 1


def test_several_suggested_topics_read_in_the_plural(cli, write):
    write({GOOD: bulletin(body="Los CECI y el Sistema Nacional de Cuidados.\n")})
    assert cli("check", "--suggest-tags").lines[0] == (
        f"content/{GOOD}:8: el texto habla de cuidados, guarderías, que no están en «tags»; "
        "añádalos si corresponden."
    )


def test_a_file_in_another_years_folder_or_in_sin_fecha(cli, write):
    write(
        {
            "2024/2025-11-25-imss-inaugura.md": bulletin(),
            "sin-fecha/aviso.md": bulletin("Aviso", number='"600/2025"'),
        }
    )
    result = cli("check")
    assert result.lines == [
        "content/2024/2025-11-25-imss-inaugura.md:3: aviso: el archivo está en content/2024/ "
        "pero su fecha («date») es de 2025; muévalo a content/2025/, porque la dirección de la "
        "página sale de la carpeta (si ya estaba publicado, ponga su dirección vieja en "
        "«aliases»).",
        "content/sin-fecha/aviso.md:3: aviso: el archivo está en content/sin-fecha/ pero su "
        "fecha («date») es de 2025; muévalo a content/2025/, porque la dirección de la página "
        "sale de la carpeta (si ya estaba publicado, ponga su dirección vieja en «aliases»).",
        "0 errores, 2 avisos en 2 boletines.",
    ]
    assert cli("check", "--strict").code == 1


def test_a_file_name_that_starts_with_another_date(cli, write):
    write({"2025/2025-11-26-imss-inaugura.md": bulletin()})
    result = cli("check")
    assert result.lines[0] == (
        "content/2025/2025-11-26-imss-inaugura.md:3: aviso: el nombre del archivo empieza con "
        "2025-11-26 pero la fecha («date») es 2025-11-25; corrija la fecha o cambie el nombre a "
        "2025-11-25-imss-inaugura.md."
    )


def test_files_at_the_root_and_in_their_years_folder_are_fine(cli, write):
    write(
        {
            "2025/2025-11-25-imss-inaugura.md": bulletin(),
            "2025-08-28-centro.md": bulletin("Centro", date="2025-08-28", number='"437/2025"'),
            "2025/nombre-libre.md": bulletin("Libre", number='"438/2025"'),
        }
    )
    assert cli("check", "--strict").lines == ["0 errores, 0 avisos en 3 boletines."]


def test_files_without_the_md_extension_are_reported_not_skipped(cli, write, site):
    write(
        {
            GOOD: bulletin(),
            "2025/sin-extension": bulletin("Sin extensión", number='"1/2025"'),
            "2025/doble.md.txt": bulletin("Doble", number='"2/2025"'),
            "2025/mayusculas.MD": bulletin("Mayúsculas", number='"3/2025"'),
            "2025/copiado.txt": "Ciudad de México, 25 de noviembre de 2025\nNo. 4/2025\n",
            "2025/foto.jpg": "\x00JFIF",
            "2025/.oculto.txt": "nada",
            "2025/respaldo.md~": "respaldo",
            "2025/nota.swp": "vim",
        }
    )
    result = cli("check")
    assert result.lines == [
        "content/2025/copiado.txt:1: aviso: este archivo no se publica: solo cuentan los "
        "boletines «.md» con encabezado. Si es el texto de un boletín, conviértalo con "
        "«boletines import content/2025/copiado.txt» y luego borre este archivo.",
        "content/2025/doble.md.txt:1: aviso: este archivo no se publica porque su nombre no "
        "termina en «.md»; cámbielo a doble.md.",
        "content/2025/foto.jpg: aviso: este archivo no se publica: en content/ solo cuentan "
        "los boletines «.md». Una foto o un documento se enlaza con su dirección https://… en "
        "«links».",
        "content/2025/mayusculas.MD:1: aviso: este archivo no se publica porque su nombre no "
        "termina en «.md»; cámbielo a mayusculas.md.",
        "content/2025/sin-extension:1: aviso: este archivo no se publica porque su nombre no "
        "termina en «.md»; cámbielo a sin-extension.md.",
        "0 errores, 5 avisos en 1 boletín.",
    ]


@pytest.mark.parametrize(
    ("markdown", "url"),
    [
        ("![Foto del evento](foto.jpg)", "foto.jpg"),
        ("![Foto](/imagenes/evento.jpg)", "/imagenes/evento.jpg"),
        ('<img src="../foto.png" alt="Foto">', "../foto.png"),
        ("![Hoja](/static/style.css)", "/static/style.css"),
    ],
)
def test_an_image_from_content_is_an_error_that_explains_images(cli, write, markdown, url):
    write({GOOD: bulletin(body=f"Texto.\n\n{markdown}\n")})
    result = cli("check")
    assert result.lines == [
        f"content/{GOOD}:15: la imagen {url} no existe en el sitio: de content/ solo se "
        "publican los boletines «.md», no fotos ni documentos; ponga el enlace a las fotos "
        "en «links» (kind: photos).",
        "1 error, 0 avisos en 1 boletín.",
    ]
    assert result.code == 1


def test_the_sites_own_files_are_fine_and_images_on_other_sites_are_links(cli, write, site):
    from builder.render.assets import build_assets

    css = build_assets(SiteConfig(root=site)).paths["style.css"]
    body = f"![Foto](https://www.imss.gob.mx/foto.jpg)\n\n![Icono](/favicon.svg) [css](/{css})\n"
    write({GOOD: bulletin(body=body)})
    assert cli("check").lines == [
        f"content/{GOOD}:13: aviso: la imagen https://www.imss.gob.mx/foto.jpg está en otro "
        "sitio y se publicará como un enlace a ella, con su descripción: las páginas no cargan "
        "nada de otros sitios, para que nadie más sepa quién las lee; si son fotos del evento, "
        "ponga el enlace en «links» (kind: photos).",
        "0 errores, 1 aviso en 1 boletín.",
    ]


@pytest.mark.parametrize("command", [("check",), ("new", "--title", "Prueba"), ("serve",)])
def test_commands_typed_outside_the_archive_folder_say_where_to_go(
    tmp_path, monkeypatch, capsys, command
):
    from builder.cli import main

    monkeypatch.chdir(tmp_path)  # no site.yaml, no content/: a terminal opened elsewhere
    assert main(list(command)) == 1
    captured = capsys.readouterr()
    message = (
        f"site.yaml: aquí ({tmp_path}) no hay site.yaml ni carpeta content/: escriba las "
        "órdenes desde la carpeta del archivo de boletines, la que tiene site.yaml (entre en "
        "ella con cd)."
    )
    assert message in (captured.out + captured.err).splitlines()
    assert list(tmp_path.iterdir()) == []  # nothing written there


def test_a_named_file_that_does_not_exist_or_is_outside_content(cli, write, site):
    write({GOOD: bulletin()})
    (site / "borrador.md").write_text(bulletin(), encoding="utf-8")
    result = cli("check", "content/2025/2025-11-25-imss-inagura.md", "borrador.md")
    assert result.lines == [
        "borrador.md: este archivo no está en content/ y no se publica; los boletines van en "
        "content/<año>/ (o content/sin-fecha/).",
        "content/2025/2025-11-25-imss-inagura.md: no existe este archivo; revise el nombre y "
        "la carpeta (en la terminal, la tecla Tab completa los nombres).",
        "2 errores, 0 avisos en 0 boletines.",
    ]
    assert result.code == 1
    assert cli("check", f"content/{GOOD}").lines == ["0 errores, 0 avisos en 1 boletín."]


@pytest.mark.parametrize(
    "link",
    [
        "2025-08-28-centro-de-dia.md",
        "content/2025/2025-08-28-centro-de-dia.md",
        "/content/2025/2025-08-28-centro-de-dia.md",
        "/2025/2025-08-28-centro-de-dia.md",
        "../2025-08-28-centro-de-dia.md#fotos",
    ],
)
def test_a_link_written_as_a_file_name_gets_the_address(cli, write, link):
    write(
        {
            GOOD: bulletin(body=f"Vea [el centro]({link}).\n"),
            OTHER: bulletin("Centro", date=OTHER_DATE, number='"437/2025"'),
        }
    )
    assert cli("check").lines == [
        f"content/{GOOD}:13: el enlace {link} no lleva a ningún boletín ni página del sitio; "
        "¿quiso decir /2025/2025-08-28-centro-de-dia/?",
        "1 error, 0 avisos en 2 boletines.",
    ]
