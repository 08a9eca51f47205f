"""``boletines import`` end to end: files written, reports, refusals and exit status."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from importer_support import GOLDEN, RAW

import builder.importer.pipeline as pipeline
from builder.cli import main
from builder.core.regularfile import TooLarge, read_regular

SAMPLE_001 = next(RAW.glob("001_*.txt"))
SAMPLE_000 = next(RAW.glob("000_*.txt"))
TARGET_001 = Path(
    "content/2025/2025-11-25-imss-fortalece-cooperacion-internacional-y-presenta-modelo-de-"
    "centros-de.md"
)
TARGET_000 = Path(
    "content/sin-fecha/imss-avanza-en-la-construccion-de-un-sistema-nacional-de-cuidados.md"
)

REPORT_001 = """\
{source} → content/2025/2025-11-25-imss-fortalece-cooperacion-internacional-y-presenta-modelo-de-centros-de.md
  título: IMSS fortalece cooperación internacional y presenta modelo de Centros de Educación y Cuidado Infantil a Primera Dama de Guatemala
  número: 591/2025 · fecha: 2025-11-25 · lugar: Ciudad de México
  destacados: 2 · párrafos: 13 · enlaces: 2 (Fotos, Video)
  falta: nada
  líneas de membrete, paginación y marcas quitadas: 12 · párrafos unidos tras un salto de página: 1
  conservación de palabras: correcta, las 911 palabras del texto están en el archivo
"""  # noqa: E501


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty archive folder as the working directory, with copies of two samples."""
    monkeypatch.chdir(tmp_path)
    for sample in (SAMPLE_001, SAMPLE_000):
        (tmp_path / sample.name).write_bytes(sample.read_bytes())
    return tmp_path


def test_import_writes_the_golden_file_and_reports(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", SAMPLE_001.name]) == 0
    out, err = capsys.readouterr()
    assert out == REPORT_001.format(source=SAMPLE_001.name)
    assert err == ""
    assert TARGET_001.read_bytes() == (GOLDEN / f"{SAMPLE_001.stem}.md").read_bytes()


def test_missing_fields_are_reported(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", SAMPLE_000.name]) == 0
    out = capsys.readouterr().out
    assert "  número: — · fecha: — · lugar: —\n" in out
    assert (
        "  falta: fecha, número, lugar; complételo en el archivo o vuelva a importar con "
        "--date, --number, --location\n"
    ) in out


def test_importing_twice_is_byte_identical_and_harmless(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", SAMPLE_001.name]) == 0
    first = TARGET_001.read_bytes()
    assert main(["import", SAMPLE_001.name]) == 0
    assert "(ya estaba importado, sin cambios)" in capsys.readouterr().out
    assert main(["import", "--force", SAMPLE_001.name]) == 0
    assert TARGET_001.read_bytes() == first


def test_existing_different_file_needs_force(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    TARGET_001.parent.mkdir(parents=True)
    TARGET_001.write_text("editado a mano\n", encoding="utf-8")
    assert main(["import", SAMPLE_001.name]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"{SAMPLE_001.name}: {TARGET_001} ya existe con otro contenido; "
        "use --force para reemplazarlo.\n"
    )
    assert TARGET_001.read_text(encoding="utf-8") == "editado a mano\n"
    assert main(["import", "--force", SAMPLE_001.name]) == 0
    assert TARGET_001.read_bytes() == (GOLDEN / f"{SAMPLE_001.stem}.md").read_bytes()
    assert [p.name for p in TARGET_001.parent.iterdir()] == [TARGET_001.name]


def test_refusals_do_not_stop_the_other_files(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("vacio.txt").write_bytes(b"\r\n  \n")
    Path("foto.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    Path("sin-titulo.txt").write_text("No. 12/2024\n", encoding="utf-8")  # no text at all
    code = main(
        ["import", "vacio.txt", "foto.jpg", SAMPLE_000.name, "sin-titulo.txt", "no-existe.txt"]
    )
    assert code == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{SAMPLE_000.name} → {TARGET_000}\n")
    assert err.splitlines() == [
        "vacio.txt: el archivo está vacío; no hay nada que importar.",
        "foto.jpg: no es texto, PDF ni documento de Word (.docx) sino otro archivo binario; "
        "exporte el boletín como PDF, .docx o texto plano (.txt) y vuelva a importarlo.",
        "sin-titulo.txt: no se encontró el título: tras el membrete, la fecha y el número "
        "debe venir una línea con el título del boletín.",
        "no-existe.txt: no se pudo leer el archivo (No such file or directory).",
    ]
    assert TARGET_000.exists()


def test_command_line_values_win_and_move_the_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["import", "--out", "archivo", "--date", "2024-10-08", "--number", "520/2024"]
    assert main([*args, "--location", "Ciudad de México", SAMPLE_000.name]) == 0
    target = Path(
        "archivo/2024/2024-10-08-imss-avanza-en-la-construccion-de-un-sistema-nacional-de-"
        "cuidados.md"
    )
    text = target.read_text(encoding="utf-8")
    assert 'date: 2024-10-08\nnumber: "520/2024"\nlocation: Ciudad de México\n' in text
    out = capsys.readouterr().out
    assert (
        "  número: 520/2024 (dado) · fecha: 2024-10-08 (dado) · lugar: Ciudad de México (dado)"
        in out
    )
    assert "  falta: nada\n" in out


@pytest.mark.parametrize("value", ["25/11/2025", "20251125", "2025-02-30"])
def test_bad_date_option(site: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    assert main(["import", "--date", value, SAMPLE_001.name]) == 1
    assert capsys.readouterr().err == (
        f"--date: la fecha «{value}» de --date no es válida; use AAAA-MM-DD, "
        "por ejemplo 2025-11-25.\n"
    )
    assert not Path("content").exists()


def test_report_in_the_site_language(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("site.yaml").write_text("language: en\n", encoding="utf-8")
    Path("vacio.txt").write_bytes(b"")
    assert main(["import", SAMPLE_001.name, "vacio.txt"]) == 1
    out, err = capsys.readouterr()
    assert "  title: IMSS fortalece" in out
    assert "  missing: nothing\n" in out
    assert "links: 2 (Photos, Video)" in out
    assert err == "vacio.txt: the file is empty; there is nothing to import.\n"
    assert "{label: Photos," in TARGET_001.read_text(encoding="utf-8")


def test_lf_output_for_crlf_cp1252_input(site: Path) -> None:
    text = SAMPLE_001.read_text(encoding="utf-8").replace("\n", "\r\n")
    Path("legacy.txt").write_bytes(text.encode("cp1252"))
    assert main(["import", "legacy.txt"]) == 0
    assert TARGET_001.read_bytes() == (GOLDEN / f"{SAMPLE_001.stem}.md").read_bytes()
    assert b"\r" not in TARGET_001.read_bytes()


def test_two_sources_for_one_file_never_overwrite_each_other(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("a.txt").write_text("Mismo título\n\nUno.\n", encoding="utf-8")
    Path("b.txt").write_text("Mismo título\n\nDos.\n", encoding="utf-8")
    assert main(["import", "--force", "a.txt", "b.txt"]) == 1
    target = Path("content/sin-fecha/mismo-titulo.md")
    assert capsys.readouterr().err == (
        f"b.txt: {target} ya se escribió en esta misma orden a partir de a.txt, con otro "
        "contenido; los dos boletines tienen el mismo título y fecha. Impórtelo aparte y "
        "cambie el título o el nombre del archivo.\n"
    )
    assert target.read_text(encoding="utf-8").endswith("\nUno.\n")


def test_report_flags_a_date_without_year_and_unrecognised_letterhead(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("date_without_year.txt", "unknown_letterhead_kept_and_reported.txt"):
        Path(name).write_bytes((RAW / name).read_bytes())
    assert main(["import", "date_without_year.txt"]) == 0
    out = capsys.readouterr().out
    assert "  número: — · fecha: — · lugar: Ciudad de México\n" in out
    assert "  la fecha del texto no tiene año («1º de julio»); indíquela con --date\n" in out
    assert main(["import", "unknown_letterhead_kept_and_reported.txt"]) == 0
    out = capsys.readouterr().out
    assert (
        "  aviso: líneas antes del título sin reconocer, dejadas al principio del cuerpo: 1; "
        "si son membrete, añádalas a «boilerplate» en site.yaml\n"
    ) in out


def test_write_without_hard_links(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_links(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("os.link", no_links)
    assert main(["import", SAMPLE_001.name]) == 0
    assert TARGET_001.read_bytes() == (GOLDEN / f"{SAMPLE_001.stem}.md").read_bytes()
    TARGET_001.write_text("otro\n", encoding="utf-8")
    assert main(["import", SAMPLE_001.name]) == 1
    assert "ya existe con otro contenido" in capsys.readouterr().err
    assert [p.name for p in TARGET_001.parent.iterdir()] == [TARGET_001.name]


def test_report_lists_words_joined_across_a_line_end(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("partidas.txt").write_text(
        "Título\n\nLa construc-\nción del IMSS-\nBienestar y la recons-\ntrucción avanzan.\n",
        encoding="utf-8",
    )
    assert main(["import", "partidas.txt"]) == 0
    out = capsys.readouterr().out
    assert (
        "  palabras partidas con guion al final de línea, unidas: 2 "
        "(construcción, reconstrucción); revíselas\n"
    ) in out
    assert main(["import", SAMPLE_001.name]) == 0
    assert "palabras partidas" not in capsys.readouterr().out


def test_readme_sample_command_gives_the_archive_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The README's quick start names a sample and a command; a new user running them from
    # a fresh clone gets the file committed in content/ and the report.
    root = RAW.parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    [command] = [
        line.split()
        for line in readme.splitlines()
        if line.startswith(".venv/bin/boletines import --out ") and "tests/fixtures/raw/" in line
    ]
    sample = command[-1]
    assert (root / sample).is_file(), sample
    monkeypatch.chdir(root)
    assert main(["import", "--out", str(tmp_path), sample]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{sample} → {tmp_path}/2025/2025-11-25-imss-fortalece-")
    assert "  número: 591/2025 · fecha: 2025-11-25 · lugar: Ciudad de México\n" in out
    written = next(tmp_path.glob("2025/*.md"))
    assert written.read_bytes() == (root / "content" / "2025" / written.name).read_bytes()


def test_reader_closing_the_pipe_stops_no_import(tmp_path: Path) -> None:
    # `boletines import *.txt | head -1`: no traceback, and every file is still imported.
    command = [sys.executable, "-m", "builder", "import", "--out", str(tmp_path / "out")]
    process = subprocess.Popen(
        [*command, str(SAMPLE_000), str(SAMPLE_001)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, err
    assert err == ""
    assert len(list((tmp_path / "out").rglob("*.md"))) == 2


def test_lost_words_are_named_and_nothing_is_written(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_parse = pipeline.parse

    def lossy(lines, source, labels):
        parsed = real_parse(lines, source, labels)
        if source != "lossy.txt":
            return parsed
        return dataclasses.replace(parsed, paragraphs=parsed.paragraphs[:1])

    monkeypatch.setattr(pipeline, "parse", lossy)
    Path("lossy.txt").write_text("Título\n\nPrimero.\n\nSegundo párrafo perdido.\n", "utf-8")
    assert main(["import", "lossy.txt", SAMPLE_000.name]) == 1
    out, err = capsys.readouterr()
    assert err == (
        "lossy.txt: no se escribió nada: se perderían 3 palabras del original (Segundo, "
        "perdido, párrafo). Revise el texto de origen; si es correcto, el importador tiene un "
        "fallo.\n"
    )
    assert not Path("content/sin-fecha/titulo.md").exists()
    assert TARGET_000.exists() and out.startswith(f"{SAMPLE_000.name} → ")


DOCUMENTS = GOLDEN.parent / "documents"


def test_documents_and_text_in_one_command(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A PDF, a Word file and text together; hostile documents are refused naming the
    file, nothing is written for them, and the other files are still imported."""
    names = [
        "001_343a89e49d96308d.pdf",
        "hostiles/escaneado.pdf",
        "004_33987a5b23329ece.docx",
        "hostiles/bomba.docx",
        "hostiles/antiguo.doc",
    ]
    for name in names:
        (site / Path(name).name).write_bytes((DOCUMENTS / name).read_bytes())
    args = [Path(name).name for name in names]
    assert main(["import", *args, SAMPLE_000.name]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "escaneado.pdf: el PDF no tiene capa de texto (parece una imagen escaneada); pase el "
        "documento por un OCR o pida el archivo original en Word o PDF con texto.",
        "bomba.docx: el documento se descomprime en más de 50 MB o tiene demasiadas partes; "
        "no es un boletín normal y no se abrió. Vuelva a guardarlo desde Word o expórtelo "
        "como PDF.",
        "antiguo.doc: es un documento de Word antiguo (.doc), que no se puede leer; ábralo en "
        "Word o LibreOffice, guárdelo como .docx o PDF y vuelva a importarlo.",
    ]
    assert out.startswith(f"001_343a89e49d96308d.pdf → {TARGET_001}\n")
    assert "conservación de palabras: correcta, las 889 palabras" in out
    # The document knows one thing more than its text: it is kept beside the bulletin,
    # named in front matter with its SHA-256; the rest is the text's golden file.
    kept = TARGET_001.with_suffix(".pdf")
    assert kept.read_bytes() == (DOCUMENTS / "001_343a89e49d96308d.pdf").read_bytes()
    lines = TARGET_001.read_text(encoding="utf-8").split("\n")
    digest = hashlib.sha256(kept.read_bytes()).hexdigest()
    assert [line for line in lines if line.startswith("original")] == [
        f'original: "{kept.name}"',
        f'original_sha256: "{digest}"',
    ]
    without = "\n".join(line for line in lines if not line.startswith("original"))
    assert without == (GOLDEN / f"{SAMPLE_001.stem}.md").read_text(encoding="utf-8")
    written = sorted(str(p) for p in Path("content").rglob("*.md"))
    assert written == sorted(
        [
            str(TARGET_001),
            str(TARGET_000),
            "content/sin-fecha/imss-bienestar-tiene-solidas-bases-juridicas-para-atender-a-"
            "poblacion-sin.md",
        ]
    )


def test_files_that_are_not_regular_are_refused_unread(site: Path) -> None:
    """A named pipe would block the import until written to, a link to /dev/zero would
    be read until memory ran out, and a file over the limit is refused without reading
    it all; the other files are still imported."""
    os.mkfifo("tubo.txt")
    Path("cero.txt").symlink_to("/dev/zero")
    with open("grande.txt", "wb") as big:
        big.truncate(6 * 1024 * 1024)
    names = ["tubo.txt", "cero.txt", "grande.txt", SAMPLE_000.name]
    done = subprocess.run(
        [sys.executable, "-m", "builder", "import", *names],
        capture_output=True,
        text=True,
        cwd=site,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 1
    not_regular = (
        ": no es un archivo común (es una tubería con nombre, un dispositivo o un socket); "
        "no se importa. Indique archivos de texto."
    )
    assert done.stderr.splitlines() == [
        f"tubo.txt{not_regular}",
        f"cero.txt{not_regular}",
        "grande.txt: el archivo pesa 6.0 MB y el máximo es 5 MB; un boletín ocupa unos pocos "
        "kB, revise que sea el archivo correcto.",
    ]
    assert done.stdout.startswith(f"{SAMPLE_000.name} → {TARGET_000}\n")
    assert (site / TARGET_000).exists()


def test_the_read_stops_at_the_limit_whatever_the_size_said() -> None:
    """/proc files say size 0 and hold more: what counts is what is read."""
    maps = Path("/proc/self/maps")
    if not maps.is_file():
        pytest.skip("no /proc")
    with pytest.raises(TooLarge):
        read_regular(maps, 10)
    assert len(read_regular(maps, 10**6)) > 10


DRAFT_SOURCE = (
    Path(__file__).resolve().parent.parent
    / "fixtures/migration/municipio-tlapa/body_text_without_title_line.txt"
)
DRAFT_REPORT = """\
body_text_without_title_line.txt → content/sin-fecha/el-gobierno-municipal-informa-que-el-tianguis-dominical-se-instalara-de-manera.md
  título: El Gobierno Municipal informa que el tianguis dominical se instalará de manera
  número: — · fecha: — · lugar: —
  destacados: 0 · párrafos: 3 · enlaces: 0
  borrador: no se encontró la línea del título; se escribió con «draft: true» y un título provisional, la primera frase del texto. Escriba el título y quite «draft: true».
  falta: título, fecha, número, lugar; complételo en el archivo o vuelva a importar con --date, --number, --location
  líneas de membrete, paginación y marcas quitadas: 0 · párrafos unidos tras un salto de página: 0
  conservación de palabras: correcta, las 63 palabras del texto están en el archivo
"""  # noqa: E501


def test_text_without_a_title_is_written_as_a_draft(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path(DRAFT_SOURCE.name).write_bytes(DRAFT_SOURCE.read_bytes())
    assert main(["import", DRAFT_SOURCE.name]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (DRAFT_REPORT, "")
    [written] = Path("content").rglob("*.md")
    expected = DRAFT_SOURCE.with_name("body_text_without_title_line.expected.md")
    assert written.read_bytes() == expected.read_bytes()
