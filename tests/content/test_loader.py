"""The loader on good files, whole trees, file names, symlinks, sizes and collisions."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from content_support import GOOD, render

from builder.content.loader import MAX_FILE_BYTES, LoadResult, load_content
from builder.content.model import Correction, Link
from builder.content.names import safe_name
from builder.core.settings import SiteConfig

Load = Callable[..., LoadResult]


def bulletin(title: str, extra: str = "", body: str = "Cuerpo.\n") -> str:
    return f"---\ntitle: {title}\n{extra}---\n{body}"


def load_good(site: Path, load: Load, name: str, **options: bool) -> LoadResult:
    target = site / "content" / "2025" / f"{name}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(GOOD / f"{name}.md", target)
    return load({}, **options)


def test_complete_bulletin_has_every_field(site: Path, load: Load) -> None:
    result = load_good(site, load, "complete_bulletin")
    assert result.diagnostics == []
    [b] = result.bulletins
    assert b.title == "IMSS fortalece cooperación internacional y aprendizaje mutuo en cuidados"
    assert b.slug_path == "2025/complete_bulletin"
    assert b.url_path == "2025/complete_bulletin/"
    assert b.date == dt.date(2025, 11, 25)
    assert b.number == "591/2025"
    assert b.location == "Ciudad de México"
    assert b.highlights == (
        "El director general del Seguro Social recibió a una delegación de Guatemala.",
        "Se compartió el modelo de guarderías del Instituto.",
    )
    assert b.links == (
        Link("Fotos", "https://example.org/fotos", "photos"),
        Link("Video", "https://example.org/video", "video"),
        Link("Boletín anterior", "/2025/2025-11-24-otro/", "other"),
        Link("Escríbanos", "mailto:prensa@example.org", "other"),
    )
    assert b.tags == ("cuidados", "guarderías", "cooperación internacional")
    assert b.aliases == ("/boletines/591-2025/", "/old/url.html")
    assert b.draft is False
    assert b.body.startswith("El Seguro Social **fortalece**")
    assert b.body_line == 18
    data = (GOOD / "complete_bulletin.md").read_bytes()
    assert b.digest == hashlib.sha256(data).hexdigest()
    assert b.source == Path("content/2025/complete_bulletin.md")


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("minimal_title_only", lambda b: b.title == "Boletín mínimo" and b.date is None),
        (
            "corrected_bulletin",
            lambda b: (
                b.updated == dt.date(2025, 11, 27)
                and b.corrections
                == (
                    Correction(dt.date(2025, 11, 26), "Se corrigió la cifra de guarderías."),
                    Correction(dt.date(2025, 11, 27), "Se corrigió el nombre del director."),
                )
            ),
        ),
        # without updated, the bulletin was last corrected on its latest correction's date
        ("corrections_without_updated", lambda b: b.updated == dt.date(2025, 11, 28)),
        (
            "scheduled_with_offset",
            lambda b: (
                b.publish
                == dt.datetime(2025, 11, 26, 9, tzinfo=dt.timezone(dt.timedelta(hours=-6)))
            ),
        ),
        # without an offset the time is the site's, resolved when the build knows the zone
        ("scheduled_local_time", lambda b: b.publish == dt.datetime(2025, 11, 26, 9)),
        ("only_front_matter", lambda b: b.body == "" and b.date == dt.date(2025, 1, 2)),
        ("number_as_integer", lambda b: b.number == "591"),
        ("date_as_quoted_string", lambda b: b.date == dt.date(2024, 2, 29)),
        ("crlf_line_endings", lambda b: b.body == "Línea uno.\nLínea dos.\n" and b.body_line == 5),
        ("utf8_with_bom", lambda b: b.title == "Boletín con BOM"),
        (
            "empty_optional_fields",
            lambda b: (b.date, b.location, b.tags, b.links) == (None, None, (), ()),
        ),
    ],
)
def test_good_file_loads_without_findings(
    name: str, check: Callable, site: Path, load: Load
) -> None:
    result = load_good(site, load, name)
    assert render(result) == []
    [b] = result.bulletins
    assert check(b)


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_unicode_line_separators_are_spaces_so_line_numbers_agree(
    separator: str, load: Load
) -> None:
    text = f"---\ntitle: Uno{separator}dos\ntags: salud\n---\nCuerpo{separator}aquí.\n"
    assert [(d.line, d.code) for d in load({"2025/a.md": text}).diagnostics] == [
        (3, "yaml.type.list_of_strings")
    ]
    [b] = load({"2025/a.md": text.replace("tags: salud", "tags: [salud]")}).bulletins
    assert (b.title, b.body) == ("Uno dos", "Cuerpo aquí.\n")


def test_cp1252_file_is_read_with_a_warning(site: Path, load: Load) -> None:
    result = load_good(site, load, "cp1252_encoding")
    assert render(result) == [
        "content/2025/cp1252_encoding.md:2: aviso: el archivo no está en UTF-8 (primer carácter "
        "extraño en esta línea); se leyó como Windows-1252. Vuelva a guardarlo como UTF-8 para "
        "que los acentos no se estropeen."
    ]
    [b] = result.bulletins
    assert (b.title, b.location) == ("Boletín de guarderías", "Ciudad de México")
    assert b.body == "Año de la mujer indígena.\n"


def test_drafts_are_skipped_unless_asked(site: Path, load: Load) -> None:
    result = load_good(site, load, "draft_bulletin")
    assert (result.bulletins, result.drafts_skipped, result.diagnostics) == ([], 1, [])
    with_drafts = load({}, drafts=True)
    assert [b.title for b in with_drafts.bulletins] == ["Borrador"]
    assert with_drafts.bulletins[0].draft is True


def test_order_is_newest_first_undated_last_and_root_files_allowed(load: Load) -> None:
    result = load(
        {
            "2024/old.md": bulletin("Viejo", "date: 2024-05-01\n"),
            "2025/new.md": bulletin("Nuevo", "date: 2025-05-01\n"),
            "sin-fecha/b.md": bulletin("Sin fecha B"),
            "a-la-raiz.md": bulletin("En la raíz"),
            "2025/also-new.md": bulletin("También nuevo", "date: 2025-05-01\n"),
        }
    )
    assert result.diagnostics == []
    assert [b.slug_path for b in result.bulletins] == [
        "2025/also-new",
        "2025/new",
        "2024/old",
        "a-la-raiz",
        "sin-fecha/b",
    ]


def test_only_markdown_files_are_read_and_hidden_ones_skipped(load: Load) -> None:
    result = load(
        {
            "2025/a.md": bulletin("A"),
            "2025/notes.txt": "not a bulletin",
            "2025/photo.jpg": b"\xff\xd8\xff\x00",
            "2025/.a.md.swp": b"\x00\x01",
            ".git/HEAD.md": "ref: refs/heads/main",
            "2025/.hidden.md": "not even front matter",
        }
    )
    assert result.diagnostics == []
    assert [b.slug_path for b in result.bulletins] == ["2025/a"]


def test_every_error_in_every_file_is_reported_at_once(load: Load) -> None:
    result = load(
        {
            "2025/a.md": "---\ntittle: A\ndate: 2025-13-01\ntags: salud\n---\n",
            "2025/b.md": "",
        }
    )
    assert render(result) == [
        "content/2025/a.md:2: campo desconocido «tittle»; ¿quiso decir «title»?",
        "content/2025/a.md:3: la fecha 2025-13-01 no existe en el calendario; revise el día y "
        "el mes (AAAA-MM-DD).",
        "content/2025/a.md:4: «tags» debe ser una lista de textos, como [uno, dos], "
        'pero vale "salud".',
        "content/2025/b.md:1: el archivo está vacío; un boletín empieza con un encabezado entre "
        "líneas «---» que tiene al menos «title».",
    ]
    assert len(result.errors) == 4 and result.warnings == []


def test_huge_file_is_refused_without_reading_it(site: Path, load: Load) -> None:
    target = site / "content" / "2025" / "huge.md"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        handle.write(b"---\ntitle: Enorme\n---\n")
        handle.truncate(20 * 1024 * 1024)
    result = load({})
    assert render(result) == [
        "content/2025/huge.md: el archivo pesa 20.0 MB y el máximo es 5 MB; un boletín ocupa "
        "unos pocos kB, revise que sea el archivo correcto."
    ]
    assert result.bulletins == []


def test_file_just_under_the_limit_is_read(load: Load) -> None:
    head = "---\ntitle: Grande\n---\n"
    paragraph = "palabra " * 100 + "\n\n"  # paragraphs: a block is at most 10,000 characters
    body = paragraph * ((MAX_FILE_BYTES - len(head)) // len(paragraph))
    assert len(head + body) > MAX_FILE_BYTES - len(paragraph)
    result = load({"2025/big.md": head + body})
    assert result.diagnostics == []
    assert len(result.bulletins) == 1


def test_symlink_outside_content_is_refused(site: Path, load: Load) -> None:
    secret = site / "secret.md"
    secret.write_text(bulletin("Secreto"), encoding="utf-8")
    (site / "content" / "2025").mkdir()
    os.symlink(secret, site / "content" / "2025" / "leak.md")
    os.symlink(site, site / "content" / "whole-site")
    result = load({})
    assert render(result) == [
        f"content/2025/leak.md: es un enlace simbólico a {secret}, fuera de la carpeta content; "
        "no se publica. Copie el archivo dentro de content.",
        f"content/whole-site: es un enlace simbólico a {site}, fuera de la carpeta content; "
        "no se publica. Copie el archivo dentro de content.",
    ]
    assert result.bulletins == []


def test_symlink_inside_content_file_read_folder_skipped(site: Path, load: Load) -> None:
    make = load({"2025/real.md": bulletin("Real", 'number: "1"\n')})
    assert make.diagnostics == []
    os.symlink(site / "content" / "2025" / "real.md", site / "content" / "2025" / "copy.md")
    os.symlink(site / "content" / "2025", site / "content" / "twenty-five")
    result = load({})
    assert render(result) == [
        "content/2025/real.md:3: el número 1 ya lo tiene content/2025/copy.md; cada boletín "
        "necesita un número distinto.",
        "content/twenty-five: aviso: es un enlace simbólico a una carpeta de contenido; se omite "
        "para no publicar dos veces los mismos boletines.",
    ]


def test_names_with_spaces_or_accents_are_published_with_a_warning(load: Load) -> None:
    result = load({"2025/Guardería nueva (IMSS).md": bulletin("Acentos")})
    assert render(result) == [
        "content/2025/Guardería nueva (IMSS).md: aviso: el nombre del archivo tiene espacios, "
        "acentos o signos, y la dirección de la página los llevará codificados; mejor "
        "renómbrelo a «2025/guarderia-nueva-imss.md»."
    ]
    assert [b.slug_path for b in result.bulletins] == ["2025/Guardería nueva (IMSS)"]


def test_decomposed_accents_in_names_become_composed_urls(load: Load) -> None:
    result = load({"2025/guarderi\u0301a.md": bulletin("NFD")})
    assert [b.slug_path for b in result.bulletins] == ["2025/guarder\u00eda"]


def test_backslash_in_a_name_is_an_error(load: Load) -> None:
    result = load({"2025/a\\b.md": bulletin("Barra")})
    assert render(result) == [
        "content/2025/a\\b.md: el nombre del archivo tiene una barra invertida o un carácter de "
        "control, que no puede ir en una dirección web; renómbrelo."
    ]


def test_safe_name_suggestions() -> None:
    assert safe_name("2025/Boletín 591 2025") == "2025/boletin-591-2025"
    assert safe_name("sin-fecha/¿¡!?") == "sin-fecha/boletin"


def test_duplicate_numbers_name_both_files(load: Load) -> None:
    result = load(
        {
            "2025/a.md": bulletin("A", 'number: "591/2025"\n'),
            "2025/b.md": bulletin("B", 'date: 2025-01-01\nnumber: "591/2025"\n'),
            "2025/c.md": bulletin("C", "number: 592\n"),
        }
    )
    assert render(result) == [
        "content/2025/b.md:4: el número 591/2025 ya lo tiene content/2025/a.md; cada boletín "
        "necesita un número distinto."
    ]
    assert [b.slug_path for b in result.bulletins] == ["2025/b", "2025/a", "2025/c"]


def test_case_insensitive_url_collision_names_both_files(load: Load) -> None:
    result = load({"2025/IMSS.md": bulletin("Mayúsculas"), "2025/imss.md": bulletin("Minúsculas")})
    assert render(result) == [
        "content/2025/imss.md: la dirección /2025/imss/ ya es de content/2025/IMSS.md (sin "
        "distinguir mayúsculas); cambie el nombre del archivo o el alias."
    ]


def test_alias_equal_to_another_page_or_alias_is_an_error(load: Load) -> None:
    result = load(
        {
            "2025/a.md": bulletin("A", 'aliases: ["/2025/B/", "/viejo/"]\n'),
            "2025/b.md": bulletin("B"),
            "2025/c.md": bulletin("C", "aliases:\n  - /otro/\n  - /viejo\n"),
        }
    )
    assert render(result) == [
        "content/2025/a.md:3: la dirección /2025/B/ ya es de content/2025/b.md (sin distinguir "
        "mayúsculas); cambie el nombre del archivo o el alias.",
        "content/2025/c.md:5: la dirección /viejo/ ya es de content/2025/a.md:3 (sin distinguir "
        "mayúsculas); cambie el nombre del archivo o el alias.",
    ]


def test_percent_encoded_alias_collides_with_the_decoded_page(load: Load) -> None:
    result = load(
        {
            "2025/guardería.md": bulletin("Página"),
            "2025/otro.md": bulletin("Otro", 'aliases: ["/2025/guarder%C3%ADa/"]\n'),
        }
    )
    assert [d.code for d in result.diagnostics] == [
        "content.unsafe_filename",
        "content.duplicate_url",
    ]
    assert result.diagnostics[1].args["other"] == "content/2025/guardería.md"


def test_drafts_do_not_collide_with_published_bulletins(load: Load) -> None:
    files = {
        "2025/a.md": bulletin("A", 'number: "1"\n'),
        "2025/b.md": bulletin("B", 'number: "1"\ndraft: true\n'),
    }
    assert load(files).diagnostics == []
    assert len(load({}, drafts=True).errors) == 1


def test_missing_content_folder_is_an_error(site: Path) -> None:
    result = load_content(site / "nothing", SiteConfig(root=site))
    assert render(result) == [
        "nothing: no existe la carpeta de contenido; créela o indique otra con --content."
    ]


def test_empty_content_folder_has_no_bulletins_and_no_findings(load: Load) -> None:
    assert load({}) == LoadResult()


def test_paths_outside_the_working_directory_are_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "elsewhere" / "content"
    (content / "2025").mkdir(parents=True)
    (content / "2025" / "a.md").write_text("no front matter", encoding="utf-8")
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    result = load_content(content, SiteConfig())
    assert [d.path for d in result.diagnostics] == [str(content / "2025" / "a.md")]


def test_messages_render_in_english_too(load: Load) -> None:
    result = load({"2025/a.md": bulletin("A", "tittle: B\n")})
    assert render(result, "en") == [
        'content/2025/a.md:3: unknown field "tittle"; did you mean "title"?'
    ]
