"""Every kind of bad input, through the real commands: the exact ``path[:line]: message``
lines, the exit status, no traceback, and a failed build that leaves the previous site
byte for byte as it was (and nothing new beside it).

Each case is one deliberately broken file (or folder) in ``tests/fixtures/bad/``, named
after what it tests; ``CASES`` holds what ``check`` and ``build`` must print for it. A
few inputs are made at run time because a repository cannot hold them well: a 20 MB
file and symlinks pointing out of ``content/``.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from reliability_support import (
    BAD,
    Result,
    copy_tree,
    looks_like_traceback,
    run_cli,
    run_process,
    snapshot,
    write_site,
)

TOO_LARGE = (
    "el archivo pesa {size} MB y el máximo es 5 MB; un boletín ocupa unos pocos kB, revise "
    "que sea el archivo correcto."
)
NOT_TEXT = (
    "el archivo no es texto (tiene bytes nulos, como una imagen o un documento de Word); "
    "guarde el boletín como texto Markdown (.md) en UTF-8."
)
BAD_ALIAS = (
    "el alias {alias} no es válido: debe ser una ruta del sitio que empiece con «/», sin «..», "
    "«\\», «?», «#», espacios ni http://."
)
BAD_LINK = (
    "la url del enlace 1 no se admite: {url}. Use una dirección http:// o https://, mailto: "
    "o una ruta del sitio que empiece con «/»."
)
OUTSIDE = (
    "es un enlace simbólico a {target}, fuera de la carpeta content; no se publica. "
    "Copie el archivo dentro de content."
)


@dataclass(frozen=True)
class Case:
    """What both commands print for one broken input (``check`` may add its own
    editorial warnings), and whether the content is still publishable (exit 0)."""

    lines: tuple[str, ...]
    check_only: tuple[str, ...] = ()
    build_only: tuple[str, ...] = ()
    publishable: bool = False


def at(name: str, line: int | None, message: str) -> str:
    where = f"content/2025/{name}" + (f":{line}" if line else "")
    return f"{where}: {message}"


CASES: dict[str, Case] = {
    "yaml_unclosed_quote.md": Case(
        (
            at(
                "yaml_unclosed_quote.md",
                2,
                'las comillas " que se abren en esta línea no se cierran; ciérrelas con la '
                "misma comilla.",
            ),
        )
    ),
    "yaml_tab_indentation.md": Case(
        (
            at(
                "yaml_tab_indentation.md",
                4,
                "hay un tabulador en la sangría y YAML solo admite espacios; cámbielo por "
                "espacios.",
            ),
        )
    ),
    "front_matter_never_closed.md": Case(
        (
            at(
                "front_matter_never_closed.md",
                1,
                "el encabezado que se abre con «---» en esta línea nunca se cierra; añada una "
                "línea «---» después del último campo.",
            ),
        )
    ),
    "front_matter_is_list.md": Case(
        (
            at(
                "front_matter_is_list.md",
                2,
                "el encabezado debe tener campos «nombre: valor» (como «title: ...»), pero "
                'contiene ["title", "date"].',
            ),
        )
    ),
    "front_matter_is_scalar.md": Case(
        (
            at(
                "front_matter_is_scalar.md",
                2,
                "el encabezado debe tener campos «nombre: valor» (como «title: ...»), pero "
                'contiene "Solo una frase, no un mapa".',
            ),
        )
    ),
    "title_is_list.md": Case(
        (
            at(
                "title_is_list.md",
                2,
                '«title» debe ser un texto, pero vale ["Primera parte", "Segunda parte"].',
            ),
        )
    ),
    "date_is_number.md": Case(
        (
            at(
                "date_is_number.md",
                3,
                "«date» debe ser una fecha AAAA-MM-DD, como 2025-11-25, pero vale 20250304.",
            ),
        )
    ),
    "tags_is_string.md": Case(
        (
            at(
                "tags_is_string.md",
                4,
                "«tags» debe ser una lista de textos, como [uno, dos], pero vale "
                '"salud, guarderías".',
            ),
        )
    ),
    "link_without_url.md": Case(
        (at("link_without_url.md", 5, "al enlace 1 de «links» le falta «url»."),)
    ),
    "link_javascript_url.md": Case(
        (at("link_javascript_url.md", 5, BAD_LINK.format(url="\"javascript:alert('pwn')\"")),)
    ),
    "link_data_url.md": Case(
        (
            at(
                "link_data_url.md",
                5,
                BAD_LINK.format(url="\"data:text/html,<script>alert('pwn')</script>\""),
            ),
        )
    ),
    "impossible_date.md": Case(
        (
            at(
                "impossible_date.md",
                3,
                "la fecha 2025-02-30 no existe en el calendario; revise el día y el mes "
                "(AAAA-MM-DD).",
            ),
        )
    ),
    "missing_title.md": Case(
        (at("missing_title.md", 2, "falta el campo obligatorio «title» en el encabezado."),)
    ),
    "empty_file.md": Case(
        (
            at(
                "empty_file.md",
                1,
                "el archivo está vacío; un boletín empieza con un encabezado entre líneas «---» "
                "que tiene al menos «title».",
            ),
        )
    ),
    "only_front_matter.md": Case(
        (),
        check_only=(
            at(
                "only_front_matter.md",
                6,
                "aviso: el boletín no tiene texto; escríbalo debajo de la segunda línea «---».",
            ),
        ),
        publishable=True,
    ),
    "binary_file.md": Case((at("binary_file.md", 3, NOT_TEXT),)),
    "nul_bytes.md": Case((at("nul_bytes.md", 5, NOT_TEXT),)),
    "non_utf8_cp1252.md": Case(
        (
            at(
                "non_utf8_cp1252.md",
                2,
                "aviso: el archivo no está en UTF-8 (primer carácter extraño en esta línea); se "
                "leyó como Windows-1252. Vuelva a guardarlo como UTF-8 para que los acentos no "
                "se estropeen.",
            ),
        ),
        publishable=True,
    ),
    "alias_bomb.md": Case(
        (
            at(
                "alias_bomb.md",
                4,
                "no se admiten anclas ni alias de YAML («&nombre», «*nombre»); escriba cada "
                "valor completo.",
            ),
        )
    ),
    "custom_tag_python_object.md": Case(
        (
            at(
                "custom_tag_python_object.md",
                2,
                "etiqueta de YAML no permitida «!!python/object/apply:os.system»; escriba el "
                "valor como texto, sin «!».",
            ),
        )
    ),
    "duplicate_keys.md": Case(
        (
            at(
                "duplicate_keys.md",
                4,
                "el campo «title» está repetido (ya aparece en la línea 2); deje solo uno.",
            ),
        )
    ),
    "duplicate_number": Case(
        (
            at(
                "2025-03-05-segundo.md",
                4,
                "el número 20/2025 ya lo tiene content/2025/2025-03-04-primero.md; cada "
                "boletín necesita un número distinto.",
            ),
        )
    ),
    "duplicate_url": Case(
        (
            at(
                "2025-03-05-otro.md",
                4,
                "la dirección /2025/2025-03-04-original/ ya es de "
                "content/2025/2025-03-04-original.md (sin distinguir mayúsculas); cambie el "
                "nombre del archivo o el alias.",
            ),
        )
    ),
    "alias_path_traversal.md": Case(
        (at("alias_path_traversal.md", 4, BAD_ALIAS.format(alias='"../../x"')),)
    ),
    "alias_absolute_filesystem_path.md": Case(
        (
            at(
                "alias_absolute_filesystem_path.md",
                4,
                BAD_ALIAS.format(alias='"/../../../tmp/boletines-escape/"'),
            ),
        )
    ),
    "alias_javascript_url.md": Case(
        (at("alias_javascript_url.md", 4, BAD_ALIAS.format(alias="\"javascript:alert('pwn')\"")),)
    ),
    "file_name_with_spaces_and_accents": Case(
        (
            at(
                "Boletín de prensa 14.md",
                None,
                "aviso: el nombre del archivo tiene espacios, acentos o signos, y la dirección "
                "de la página los llevará codificados; mejor renómbrelo a "
                "«2025/boletin-de-prensa-14.md».",
            ),
        ),
        publishable=True,
    ),
    "body_block_too_long.md": Case(
        (
            at(
                "body_block_too_long.md",
                7,
                "el bloque que empieza en esta línea (un párrafo, una lista, una cita o una "
                "tabla: líneas sin una línea en blanco entre ellas) pasa de 10000 caracteres; "
                "sepárelo con líneas en blanco (un párrafo de boletín ocupa menos de 2000).",
            ),
        )
    ),
    "body_block_too_many_links.md": Case(
        (
            at(
                "body_block_too_many_links.md",
                7,
                "el bloque que empieza en esta línea (líneas sin una línea en blanco entre "
                "ellas) tiene más de 100 marcas que abren la dirección de un enlace, un código "
                "o un comentario («](», «`» o «<!--»); sepárelo con líneas en blanco.",
            ),
        )
    ),
    "body_nested_too_deep.md": Case(
        tuple(
            at(
                "body_nested_too_deep.md",
                line,
                "esta línea abre más de 16 niveles de listas y citas (cuentan uno cada «>», "
                "«-», «*», «+» o «1.» del principio y cada 4 espacios de sangría entre ellos); "
                "quite niveles.",
            )
            for line in (23, 24)
        )
    ),
    # made at run time (see install_case)
    "huge_file_20mb": Case((at("huge_file_20mb.md", None, TOO_LARGE.format(size="20.0")),)),
    "symlink_file_outside_content": Case(
        (at("enlace.md", None, OUTSIDE.format(target="{outside}/secreto.md")),)
    ),
    "symlink_folder_outside_content": Case(
        (f"content/2024: {OUTSIDE.format(target='{outside}')}",)
    ),
}
GENERATED = {"huge_file_20mb", "symlink_file_outside_content", "symlink_folder_outside_content"}


def install_case(name: str, root: Path) -> dict[str, str]:
    """Put case ``name`` into the site at ``root``; the values its messages mention."""
    content = root / "content"
    outside = (root.parent / "outside").resolve()
    if name == "huge_file_20mb":
        line = "Texto de un boletín que alguien pegó muchas veces.\n"
        body = line * (20 * 1024 * 1024 // len(line))
        huge = "---\ntitle: Boletín enorme\ndate: 2025-03-07\n---\n" + body
        huge_bytes = huge.encode("utf-8")[: 20 * 1024 * 1024]
        (content / "2025" / "huge_file_20mb.md").write_bytes(huge_bytes)
    elif name == "symlink_file_outside_content":
        outside.mkdir(exist_ok=True)
        (outside / "secreto.md").write_text("---\ntitle: Secreto\n---\nNo publicar.\n")
        os.symlink(outside / "secreto.md", content / "2025" / "enlace.md")
    elif name == "symlink_folder_outside_content":
        outside.mkdir(exist_ok=True)
        (outside / "secreto.md").write_text("---\ntitle: Secreto\n---\nNo publicar.\n")
        os.symlink(outside, content / "2024")
    elif (BAD / name).is_dir():
        shutil.copytree(BAD / name, content, dirs_exist_ok=True)
    else:
        shutil.copy(BAD / name, content / "2025" / name)
    return {"outside": str(outside)}


def diagnostics(result: Result) -> list[str]:
    """The ``path[:line]: message`` lines a command printed, in order."""
    return [line for line in result.text.splitlines() if line.startswith("content/")]


def expected(case: Case, extra: tuple[str, ...], values: dict[str, str]) -> list[str]:
    lines = [line.replace("{outside}", values["outside"]) for line in case.lines + extra]
    errors = [line for line in lines if ": aviso: " not in line]
    return errors + [line for line in lines if ": aviso: " in line]


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good archive, built once; every case starts from a copy of it."""
    root = write_site(tmp_path_factory.mktemp("previous") / "site")
    result = run_cli(["build"], root)
    assert result.code == 0, result.text
    return root


def test_every_fixture_has_a_case() -> None:
    fixtures = {p.name for p in BAD.iterdir() if p.name != "raw"}
    assert fixtures == set(CASES) - GENERATED


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_reports_bad_input(name: str, tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    values = install_case(name, root)
    before = snapshot(root)
    case = CASES[name]

    result = run_cli(["check"], root)

    assert diagnostics(result) == expected(case, case.check_only, values)
    assert result.code == (0 if case.publishable else 1)
    assert not looks_like_traceback(result.err)
    assert snapshot(root) == before, "check wrote something"


@pytest.mark.parametrize("name", sorted(CASES))
def test_build_reports_bad_input_and_keeps_the_previous_site(
    name: str, previous_site: Path, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    copy_tree(previous_site, root)
    values = install_case(name, root)
    old_site = snapshot(root / "_site")
    beside = sorted(p.name for p in root.iterdir())
    case = CASES[name]

    result = run_cli(["build", "--no-search"], root)

    assert diagnostics(result) == expected(case, case.build_only, values)
    assert not looks_like_traceback(result.err)
    assert sorted(p.name for p in root.iterdir()) == beside, "leftovers beside _site"
    if case.publishable:
        assert result.code == 0
        assert snapshot(root / "_site") != old_site
    else:
        assert result.code == 1
        assert snapshot(root / "_site") == old_site, "a failed build touched the old site"


def test_symlinked_secret_is_never_published(previous_site: Path, tmp_path: Path) -> None:
    """Even with the refusal, nothing of the file outside content/ reaches the output."""
    root = tmp_path / "site"
    copy_tree(previous_site, root)
    install_case("symlink_file_outside_content", root)
    (root / "content" / "2025" / "enlace.md").unlink()
    os.symlink(root.parent / "outside" / "secreto.md", root / "content" / "2025" / "enlace.md")
    run_cli(["build", "--no-search"], root)
    for path in (root / "_site").rglob("*"):
        if path.is_file():
            assert b"No publicar" not in path.read_bytes(), path


def test_yaml_tags_execute_nothing(tmp_path: Path) -> None:
    marker = Path("/tmp/boletines-pwned")
    existed = marker.exists()
    root = write_site(tmp_path / "site")
    install_case("custom_tag_python_object.md", root)
    run_cli(["check"], root)
    run_cli(["build", "--no-search"], root)
    assert marker.exists() == existed


def test_publishable_file_name_with_spaces_gets_its_page(
    previous_site: Path, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    copy_tree(previous_site, root)
    install_case("file_name_with_spaces_and_accents", root)
    assert run_cli(["build", "--no-search"], root).code == 0
    page = root / "_site" / "2025" / "Boletín de prensa 14" / "index.html"
    assert "Boletín cuyo archivo tiene espacios y acentos" in page.read_text(encoding="utf-8")


def test_the_installed_command_prints_no_traceback(previous_site: Path, tmp_path: Path) -> None:
    """One case through the real executable, as an editor runs it."""
    root = tmp_path / "site"
    copy_tree(previous_site, root)
    install_case("alias_bomb.md", root)
    for command in (["check"], ["build", "--no-search"]):
        result = run_process(command, root)
        assert result.code == 1
        assert diagnostics(result) == list(CASES["alias_bomb.md"].lines)
        assert not looks_like_traceback(result.err), result.err


# --- import ---------------------------------------------------------------------------

RAW = BAD / "raw"
IMPORT_CASES: dict[str, tuple[int, str | None]] = {
    "empty.txt": (1, "empty.txt: el archivo está vacío; no hay nada que importar."),
    "binary.txt": (
        1,
        "binary.txt: no es texto, PDF ni documento de Word (.docx) sino otro archivo binario; "
        "exporte el boletín como PDF, .docx o texto plano (.txt) y vuelva a importarlo.",
    ),
    "nul_bytes.txt": (
        1,
        "nul_bytes.txt: no es texto, PDF ni documento de Word (.docx) sino otro archivo binario; "
        "exporte el boletín como PDF, .docx o texto plano (.txt) y vuelva a importarlo.",
    ),
    "no_title.txt": (
        1,
        "no_title.txt: no se encontró el título: tras el membrete, la fecha y el número debe "
        "venir una línea con el título del boletín.",
    ),
    "huge_20mb.txt": (1, "huge_20mb.txt: " + TOO_LARGE.format(size="20.0")),
    "cp1252.txt": (0, None),
    "Boletín de prensa 14.txt": (0, None),
}


def install_raw(name: str, folder: Path) -> Path:
    target = folder / name
    if name == "huge_20mb.txt":
        paragraph = ("Texto del boletín que se repite. " * 40 + "\n\n").encode()
        head = "BOLETÍN DE PRENSA\n\nIMSS informa\n\n".encode()
        target.write_bytes(head + paragraph * (20 * 1024 * 1024 // len(paragraph)))
        with target.open("r+b") as handle:
            handle.truncate(20 * 1024 * 1024)
    elif name == "Boletín de prensa 14.txt":
        shutil.copy(RAW / "cp1252.txt", target)
    else:
        shutil.copy(RAW / name, target)
    return target


@pytest.mark.parametrize("name", sorted(IMPORT_CASES))
def test_import_refuses_bad_raw_text_with_a_message(name: str, tmp_path: Path) -> None:
    install_raw(name, tmp_path)
    code, message = IMPORT_CASES[name]

    result = run_cli(["import", name, "--out", "content"], tmp_path)

    assert result.code == code, result.text
    assert not looks_like_traceback(result.err)
    written = sorted((tmp_path / "content").rglob("*.md"))
    if message is not None:
        assert result.err.splitlines() == [message]
        assert written == []
    else:
        assert result.err == ""
        [path] = written
        text = path.read_bytes().decode("utf-8")  # always UTF-8, whatever came in
        assert "guarderías “atienden” a más niñas y niños" in text


def test_import_goes_on_after_a_refused_file(tmp_path: Path) -> None:
    for name in ("empty.txt", "cp1252.txt", "binary.txt"):
        install_raw(name, tmp_path)
    result = run_cli(["import", "empty.txt", "cp1252.txt", "binary.txt"], tmp_path)
    assert result.code == 1
    assert [line.split(":")[0] for line in result.err.splitlines()] == ["empty.txt", "binary.txt"]
    assert len(list((tmp_path / "content").rglob("*.md"))) == 1


def test_bulletin_whose_page_would_replace_a_site_file_is_reported(
    previous_site: Path, tmp_path: Path
) -> None:
    """content/feed.xml.md wants the folder feed.xml/, where the feed file is: the build
    once crashed with a TypeError reporting it; now it is refused up front, as check does."""
    root = tmp_path / "site"
    copy_tree(previous_site, root)
    (root / "content" / "feed.xml.md").write_text(
        '---\ntitle: Choque\ndate: 2025-01-02\nnumber: "1/2025"\nlocation: Mérida\n---\nx\n',
        encoding="utf-8",
    )
    old_site = snapshot(root / "_site")
    result = run_cli(["build", "--no-search"], root)
    assert result.code == 1
    assert diagnostics(result) == [
        "content/feed.xml.md: la página de este boletín (feed.xml/) ocuparía una dirección "
        "que el sitio genera (años, meses, temas, lugares, páginas…); mueva o cambie el "
        "nombre del archivo."
    ]
    assert snapshot(root / "_site") == old_site
