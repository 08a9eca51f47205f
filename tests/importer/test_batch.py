"""``boletines import CARPETA/``: a migration in one command, with a summary, a CSV report,
duplicates imported once, and nothing written twice when it runs again."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from importer_support import RAW

from builder.cli import main
from builder.core.settings import SiteConfig
from builder.importer import Overrides
from builder.importer.batch import Source, collect, import_all

DOCUMENTS = RAW.parent / "documents"
SAMPLE = {n: next(RAW.glob(f"00{n}_*.txt")) for n in range(5)}
SCANNED = "el PDF no tiene capa de texto (parece una imagen escaneada); pase el documento por un OCR o pida el archivo original en Word o PDF con texto."  # noqa: E501
DUPLICATE = "es el mismo boletín que {other}; no se escribió otra vez"
SOURCES = [  # what the archive fixture's folder gives, in the order it is imported
    "archivo/002.txt",
    "archivo/003.md",
    "archivo/2024/001.docx",
    "archivo/2024/001.pdf",
    "archivo/copia/002-copia.txt",
    "archivo/escaneado.pdf",
]
HEADER = ["origen", "boletín", "resultado", "número", "fecha", "lugar", "título", "qué revisar"]


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office's folder: a bulletin as PDF and as Word, text under two names, Markdown,
    a scan, a photo, a hidden file and a link."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "archivo"
    (folder / "2024").mkdir(parents=True)
    (folder / "copia").mkdir()
    for suffix in (".pdf", ".docx"):
        source = DOCUMENTS / f"{SAMPLE[1].stem}{suffix}"
        (folder / "2024" / f"001{suffix}").write_bytes(source.read_bytes())
    (folder / "002.txt").write_bytes(SAMPLE[2].read_bytes())
    (folder / "copia" / "002-copia.txt").write_bytes(SAMPLE[2].read_bytes())
    (folder / "003.md").write_bytes(SAMPLE[3].read_bytes())
    (folder / "escaneado.pdf").write_bytes((DOCUMENTS / "hostiles/escaneado.pdf").read_bytes())
    (folder / "foto.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    (folder / ".oculto.txt").write_bytes(SAMPLE[4].read_bytes())
    (folder / "enlace.txt").symlink_to("002.txt")
    return folder


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` with its inode and modification time."""
    return {str(p): (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def test_a_folder_imports_once_each_bulletin_with_a_summary_and_a_report(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "archivo", "--report", "informe.csv"]) == 1  # the scan is refused
    out, err = capsys.readouterr()
    assert err == f"archivo/escaneado.pdf: {SCANNED}\n"
    rows = read_rows(Path("informe.csv"))
    assert rows[0] == HEADER
    by_source = {row[0]: row for row in rows[1:]}
    assert list(by_source) == [*SOURCES, "archivo/enlace.txt", "archivo/foto.jpg"]
    status = {source: row[2] for source, row in by_source.items()}
    assert status == {
        "archivo/002.txt": "importado",
        "archivo/003.md": "importado",
        "archivo/2024/001.docx": "importado",
        "archivo/2024/001.pdf": "duplicado",
        "archivo/copia/002-copia.txt": "duplicado",
        "archivo/escaneado.pdf": "rechazado",
        "archivo/enlace.txt": "omitido",
        "archivo/foto.jpg": "omitido",
    }
    word = by_source["archivo/2024/001.docx"]
    assert word[3:6] == ["591/2025", "2025-11-25", "Ciudad de México"]
    assert word[6].startswith("IMSS fortalece cooperación internacional")
    assert by_source["archivo/2024/001.pdf"][1] == word[1]  # the same bulletin, written once
    written = Path(word[1])
    assert written.is_file() and written.with_suffix(".docx").is_file()
    assert not written.with_suffix(".pdf").exists()
    copy_of = by_source["archivo/copia/002-copia.txt"]
    assert copy_of[1] == by_source["archivo/002.txt"][1]
    assert sorted(str(p) for p in Path("content").rglob("*.md")) == sorted(
        by_source[s][1] for s in ("archivo/002.txt", "archivo/003.md", "archivo/2024/001.docx")
    )
    assert out == "\n".join(
        [
            "Resumen: importados: 3 · borradores que revisar: 0 · ya importados, sin cambios: 0"
            " · duplicados: 2 · rechazados: 1 · omitidos: 2",
            "Duplicados (no se escribieron otra vez):",
            f"  archivo/2024/001.pdf → {word[1]}: "
            + DUPLICATE.format(other="archivo/2024/001.docx"),
            f"  archivo/copia/002-copia.txt → {copy_of[1]}: "
            + DUPLICATE.format(other="archivo/002.txt"),
            "Rechazados (no se escribió nada):",
            f"  archivo/escaneado.pdf: {SCANNED}",
            "Omitidos:",
            "  archivo/enlace.txt: es un enlace simbólico, que dentro de una carpeta no se sigue;"
            " importe el archivo al que apunta",
            "  archivo/foto.jpg: no es un boletín que se pueda importar (.jpg); de una carpeta se"
            " importan .txt, .md, .pdf y .docx",
            "",
        ]
    )


def test_running_the_migration_again_writes_nothing(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["import", "archivo"])
    before = tree(Path("content"))
    capsys.readouterr()
    assert main(["import", "archivo", "--report", "otra-vez.csv"]) == 1
    assert tree(Path("content")) == before
    out = capsys.readouterr().out
    assert out.startswith(
        "Resumen: importados: 0 · borradores que revisar: 0 · ya importados, sin cambios: 3"
        " · duplicados: 2 · rechazados: 1 · omitidos: 2\n"
    )
    statuses = [row[2] for row in read_rows(Path("otra-vez.csv"))[1:]]
    assert statuses.count("sin cambios") == 3


def test_the_other_document_of_a_bulletin_imported_before_is_a_duplicate(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The PDF was imported last week; today the Word file of the same bulletin comes."""
    assert main(["import", "archivo/2024/001.pdf"]) == 0
    before = tree(Path("content"))
    capsys.readouterr()
    assert main(["import", "archivo/2024/001.docx"]) == 0
    assert tree(Path("content")) == before
    [target] = [str(p) for p in Path("content").rglob("*.md")]
    assert capsys.readouterr().out == (f"archivo/2024/001.docx: {DUPLICATE.format(other=target)}\n")


def test_a_changed_source_is_updated_only_with_force(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["import", "archivo/002.txt"])
    [target] = Path("content").rglob("*.md")
    source = archive / "002.txt"
    head, _, tail = source.read_bytes().rpartition(b" IMSS ")  # a word of the last paragraph
    source.write_bytes(head + b" IMSS (Un parrafo corregido) " + tail)
    capsys.readouterr()
    assert main(["import", "archivo"]) == 1
    assert "Un parrafo corregido" not in target.read_text(encoding="utf-8")
    assert f"archivo/002.txt: {target} ya existe con otro contenido; use --force" in (
        capsys.readouterr().err
    )
    assert main(["import", "archivo/002.txt", "--force"]) == 0
    assert "IMSS (Un parrafo corregido)" in target.read_text(encoding="utf-8")


def test_collect_walks_folders_in_order_and_passes_over_hidden_files(archive: Path) -> None:
    collected = collect([Path("archivo"), Path("archivo/002.txt")])  # 002 named twice
    assert [s.shown for s in collected.sources] == SOURCES
    assert [(s.shown, s.code) for s in collected.skipped] == [
        ("archivo/enlace.txt", "import.skipped_link"),
        ("archivo/foto.jpg", "import.skipped_kind"),
    ]
    assert collected.folders


def test_importing_on_two_workers_gives_what_one_gives(tmp_path: Path) -> None:
    sources = []
    for i in range(12):
        path = tmp_path / f"b{i:02d}.txt"
        path.write_bytes(SAMPLE[i % 5].read_bytes() if i != 7 else b"")
        sources.append(Source(path, path.name))
    config = SiteConfig(root=tmp_path)
    serial = list(import_all(sources, config, Overrides(), workers=1))
    parallel = list(import_all(sources, config, Overrides(), workers=2))
    assert [o.source for o in parallel] == sources
    assert parallel == serial
    assert [bool(o.refused) for o in parallel].count(True) == 1  # the empty file
    assert os.cpu_count() is None or os.cpu_count() >= 1
