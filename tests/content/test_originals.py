"""A bulletin's original document: found, refused when hostile, checked, imported, published."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

import pytest
from editor_support import bulletin

import builder.importer.batch as batch
from builder.build.steps import BuildOptions, build
from builder.content.loader import load_content
from builder.core.i18n import load_catalog
from builder.core.settings import SiteConfig
from builder.importer import import_text
from builder.importer.pipeline import keep_original, original_path
from builder.importer.write import write_bulletin
from builder.render.view import format_size

NAME = "2025/2025-11-25-imss-inaugura"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 740  # 189,449 bytes: "185 KB"
DIGEST = hashlib.sha256(PDF).hexdigest()


def with_key(text: str, *lines: str) -> str:
    """A bulletin's text with ``lines`` added to its front matter, after the title."""
    head, rest = text.split("\n", 2)[:2], text.split("\n", 2)[2]
    return "\n".join([*head, *lines, rest])


def loaded(site: Path):
    result = load_content(site / "content", SiteConfig(root=site), drafts=True)
    catalog = load_catalog("es")
    return result, [d.render(catalog) for d in result.diagnostics]


# --- Which file is the original -------------------------------------------------------


def test_a_document_with_the_bulletins_name_counts_without_a_key(site, write):
    write({f"{NAME}.md": bulletin()})
    (site / "content" / f"{NAME}.pdf").write_bytes(PDF)
    result, messages = loaded(site)
    assert messages == []
    original = result.bulletins[0].original
    assert (original.name, original.size, original.sha256) == (
        "2025-11-25-imss-inaugura.pdf",
        len(PDF),
        DIGEST,
    )
    assert original.recorded is None and not original.altered


def test_the_key_wins_over_a_document_with_the_bulletins_name(site, write):
    write({f"{NAME}.md": with_key(bulletin(), "original: version-firmada.docx")})
    (site / "content" / f"{NAME}.pdf").write_bytes(b"otro")
    (site / "content/2025/version-firmada.docx").write_bytes(PDF)
    result, messages = loaded(site)
    assert messages == []
    assert result.bulletins[0].original.name == "version-firmada.docx"
    assert result.bulletins[0].original.kind == "DOCX"


def test_several_documents_with_the_bulletins_name_publish_the_pdf_with_a_warning(site, write):
    write({f"{NAME}.md": bulletin()})
    for suffix in (".doc", ".PDF", ".odt"):
        (site / "content" / f"{NAME}{suffix}").write_bytes(PDF)
    result, messages = loaded(site)
    assert messages == [
        f"content/{NAME}.md: aviso: hay varios documentos con el nombre del boletín "
        "(2025-11-25-imss-inaugura.PDF, 2025-11-25-imss-inaugura.odt, "
        "2025-11-25-imss-inaugura.doc); se publica 2025-11-25-imss-inaugura.PDF. "
        "Para elegir otro, escríbalo en «original:»."
    ]
    assert result.bulletins[0].original.name == "2025-11-25-imss-inaugura.PDF"


def test_a_bulletin_without_a_document_has_no_original(site, write):
    write({f"{NAME}.md": bulletin()})
    (site / "content/2025/otro-nombre.pdf").write_bytes(PDF)
    result, messages = loaded(site)
    assert messages == [] and result.bulletins[0].original is None


# --- Hostile or broken originals are refused, naming the file --------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "../../etc/passwd.pdf",
            'original: "../../etc/passwd.pdf" no es el nombre de un archivo junto al boletín. '
            "Copie el documento en la carpeta del boletín y escriba solo su nombre, sin "
            "carpetas, «..» ni direcciones, p. ej. original: passwd.pdf",
        ),
        (
            "/etc/boletin.pdf",
            'original: "/etc/boletin.pdf" no es el nombre de un archivo junto al boletín. '
            "Copie el documento en la carpeta del boletín y escriba solo su nombre, sin "
            "carpetas, «..» ni direcciones, p. ej. original: boletin.pdf",
        ),
        (
            '"https://ejemplo.org/b.pdf"',
            'original: "https://ejemplo.org/b.pdf" no es el nombre de un archivo junto al '
            "boletín. Copie el documento en la carpeta del boletín y escriba solo su nombre, "
            "sin carpetas, «..» ni direcciones, p. ej. original: b.pdf",
        ),
        (
            "boletin.exe",
            'original: "boletin.exe" no es un documento que se publique; el original debe ser '
            "un archivo .pdf, .docx, .odt, .doc.",
        ),
        (
            "[a.pdf]",
            '«original» debe ser un texto, pero vale ["a.pdf"].',
        ),
    ],
)
def test_an_original_that_is_not_a_bare_document_name(site, write, value, message):
    write({f"{NAME}.md": with_key(bulletin(), f"original: {value}")})
    result, messages = loaded(site)
    assert result.bulletins == []
    assert messages == [f"content/{NAME}.md:3: {message}"]


def test_a_named_original_that_is_not_there(site, write, cli):
    write({f"{NAME}.md": with_key(bulletin(), "original: boletin.pdf")})
    result = cli("check")
    assert result.lines == [
        f"content/{NAME}.md:3: el original boletin.pdf no está junto al boletín (se busca "
        "content/2025/boletin.pdf); copie el documento ahí o quite la línea «original:».",
        "1 error, 0 avisos en 1 boletín.",
    ]
    assert result.code == 1


def test_a_symlink_to_a_system_file_is_refused(site, write, cli):
    write({f"{NAME}.md": bulletin()})
    os.symlink("/etc/passwd", site / "content" / f"{NAME}.pdf")
    result = cli("build", "--no-search")
    assert result.code == 1
    assert (
        f"content/{NAME}.md: el original content/{NAME}.pdf es un enlace simbólico y no se "
        "publica; ponga en su lugar una copia del documento." in result.err
    )
    assert not (site / "_site").exists()


def test_a_fifo_is_refused_without_blocking(site, write):
    write({f"{NAME}.md": with_key(bulletin(), "original: tuberia.pdf")})
    os.mkfifo(site / "content/2025/tuberia.pdf")
    result, messages = loaded(site)
    assert result.bulletins == []
    assert messages == [
        f"content/{NAME}.md:3: el original content/2025/tuberia.pdf no es un archivo normal "
        "(es una carpeta, una tubería o un dispositivo) y no se publica; ponga en su lugar "
        "una copia del documento."
    ]


def test_a_huge_file_is_refused_unread(site, write):
    write({f"{NAME}.md": bulletin()})
    with (site / "content" / f"{NAME}.pdf").open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: 2 GB that take no disk
    result, messages = loaded(site)
    assert result.bulletins == []
    assert messages == [
        f"content/{NAME}.md: el original content/{NAME}.pdf pesa 2048.0 MB y el máximo es "
        "20 MB; revise que sea el documento correcto o guárdelo más pequeño."
    ]


def test_a_recorded_digest_must_be_one(site, write):
    write({f"{NAME}.md": with_key(bulletin(), "original_sha256: abc")})
    result, messages = loaded(site)
    assert messages == [
        f"content/{NAME}.md:3: original_sha256 debe ser una huella SHA-256 (64 cifras "
        'hexadecimales), no "abc"; la escribe «boletines import»: si no la conoce, borre la línea.'
    ]


# --- check: missing and altered ----------------------------------------------------------


def test_check_reports_an_original_changed_since_import(site, write, cli):
    write({f"{NAME}.md": with_key(bulletin(), f"original_sha256: {DIGEST}")})
    (site / "content" / f"{NAME}.pdf").write_bytes(PDF)
    assert cli("check").lines == ["0 errores, 0 avisos en 1 boletín."]
    (site / "content" / f"{NAME}.pdf").write_bytes(PDF + b"%%EOF\n")
    changed = hashlib.sha256(PDF + b"%%EOF\n").hexdigest()
    result = cli("check")
    assert result.lines == [
        f"content/{NAME}.md:3: el original content/{NAME}.pdf ya no es el que se importó: su "
        "SHA-256 no es el de original_sha256. Recupere el documento importado o, si el cambio "
        f"es intencionado, escriba original_sha256: {changed}",
        "1 error, 0 avisos en 1 boletín.",
    ]
    assert result.code == 1


def test_a_hand_added_original_is_never_altered_and_not_a_stray_file(site, write, cli):
    write({f"{NAME}.md": bulletin()})
    (site / "content" / f"{NAME}.pdf").write_bytes(PDF)
    (site / "content/2025/suelto.pdf").write_bytes(PDF)
    assert cli("check").lines == [
        "content/2025/suelto.pdf: aviso: este archivo no se publica: en content/ solo cuentan "
        "los boletines «.md». Una foto o un documento se enlaza con su dirección https://… en "
        "«links».",
        "0 errores, 1 aviso en 1 boletín.",
    ]


def test_a_digest_without_any_document(site, write, cli):
    write({f"{NAME}.md": with_key(bulletin(), f"original_sha256: {DIGEST}")})
    assert cli("check").lines[0] == (
        f"content/{NAME}.md:3: original_sha256 describe un original, pero no hay ningún "
        "documento junto al boletín; copie el documento con el nombre del boletín y la "
        "extensión .pdf, .docx, .odt o .doc, o quite la línea."
    )


# --- import keeps the original -------------------------------------------------------------

RAW = (Path(__file__).parents[1] / "fixtures/raw/001_343a89e49d96308d.txt").read_bytes()


def as_document(result):
    """What a document reader hands back: the same result, marked as a PDF's."""
    return dataclasses.replace(result, original_suffix=".pdf")


def test_the_pipeline_names_the_original_and_records_its_digest(site):
    result = as_document(import_text(RAW, "boletin.pdf", SiteConfig(root=site)))
    kept = keep_original(result, RAW)
    assert original_path(kept) == result.path.with_suffix(".pdf")
    assert kept.fields["original"] == result.path.with_suffix(".pdf").name
    assert f'original: "{result.path.with_suffix(".pdf").name}"\n' in kept.text
    assert f"original_sha256: {hashlib.sha256(RAW).hexdigest()}\n" in kept.text.replace('"', "")
    assert keep_original(import_text(RAW, "b.txt", SiteConfig(root=site)), RAW).text == (
        import_text(RAW, "b.txt", SiteConfig(root=site)).text
    )


def test_writing_is_all_or_nothing_and_idempotent(site):
    result = keep_original(as_document(import_text(RAW, "b.pdf", SiteConfig(root=site))), RAW)
    md = site / "content" / result.path
    pdf = md.with_suffix(".pdf")
    assert write_bulletin(md, result.text, False, "b.pdf", (pdf, RAW)) == "written"
    assert pdf.read_bytes() == RAW
    assert write_bulletin(md, result.text, False, "b.pdf", (pdf, RAW)) == "unchanged"
    before = md.read_bytes()
    with pytest.raises(Exception) as refused:
        write_bulletin(md, result.text, False, "b.pdf", (pdf, RAW + b"x"))
    assert [d.code for d in refused.value.diagnostics] == ["import.exists"]
    assert (md.read_bytes(), pdf.read_bytes()) == (before, RAW)  # nothing half-written
    assert write_bulletin(md, result.text, True, "b.pdf", (pdf, RAW + b"x")) == "replaced"
    assert pdf.read_bytes() == RAW + b"x"
    assert [p.name for p in md.parent.iterdir() if p.name.startswith(".")] == []


@pytest.fixture
def documents(monkeypatch):
    """``import`` as it runs on a document: the reader marks its result as a PDF's."""
    real = batch.import_file
    monkeypatch.setattr(batch, "import_file", lambda *args, **kw: as_document(real(*args, **kw)))


def test_import_keeps_the_document_beside_and_the_site_offers_it(site, cli, documents):
    source = site / "boletin.pdf"
    source.write_bytes(RAW)
    first = cli("import", "boletin.pdf")
    assert first.code == 0, first.err
    [md] = (site / "content").rglob("*.md")
    pdf = md.with_suffix(".pdf")
    assert pdf.read_bytes() == RAW
    assert f"  original: {pdf.name} (guardado junto al boletín)" in first.out.splitlines()
    snapshot = (md.read_bytes(), pdf.read_bytes())
    again = cli("import", "boletin.pdf")
    assert again.code == 0 and (md.read_bytes(), pdf.read_bytes()) == snapshot
    assert "(ya estaba importado, sin cambios)" in again.out.splitlines()[0]
    (site / "boletin.pdf").write_bytes(RAW + b"\n")
    refused = cli("import", "boletin.pdf")
    assert refused.code == 1 and "ya existe con otro contenido" in refused.err
    assert (md.read_bytes(), pdf.read_bytes()) == snapshot
    source.write_bytes(RAW)
    assert cli("check").code == 0
    built = cli("build", "--no-search", "--base-url", "/archivo/")
    assert built.code == 0, built.err
    slug = md.relative_to(site / "content").with_suffix("").as_posix()
    page = (site / "_site" / slug / "index.html").read_text(encoding="utf-8")
    href = f"/archivo/{slug}/{pdf.name}"
    size = format_size(len(RAW), load_catalog("es"))
    assert f'href="{href}" type="application/pdf" download>' in page
    assert f"Descargar el boletín original (PDF, {size})</a>" in page
    assert (site / "_site" / slug / pdf.name).read_bytes() == RAW
    export = json.loads((site / "_site/bulletins.json").read_text(encoding="utf-8"))
    assert export["bulletins"][0]["original"] == {
        "url": href,
        "name": pdf.name,
        "size": len(RAW),
        "sha256": hashlib.sha256(RAW).hexdigest(),
    }


def test_import_without_the_original(site, cli, documents):
    (site / "boletin.pdf").write_bytes(RAW)
    assert cli("import", "--no-original", "boletin.pdf").code == 0
    [md] = (site / "content").rglob("*.md")
    assert not md.with_suffix(".pdf").exists()
    assert "original" not in md.read_text(encoding="utf-8")


def test_a_text_import_keeps_no_original(site, cli):
    (site / "boletin.txt").write_bytes(RAW)
    assert cli("import", "boletin.txt").code == 0
    assert [p.suffix for p in (site / "content").rglob("*") if p.is_file()] == [".md"]


# --- the site -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "es", "en"),
    [
        (10, "1 KB", "1 KB"),
        (188_416, "184 KB", "184 KB"),
        (1_258_291, "1,2 MB", "1.2 MB"),
        (20 * 1024 * 1024, "20,0 MB", "20.0 MB"),
    ],
)
def test_sizes_are_written_as_the_language_writes_numbers(size, es, en):
    assert format_size(size, load_catalog("es")) == es
    assert format_size(size, load_catalog("en")) == en


def test_a_file_name_with_markup_is_escaped_and_encoded(site, write):
    name = 'a"><img src=x onerror=alert(1)>&.pdf'
    write({f"{NAME}.md": with_key(bulletin(), f"original: '{name}'")})
    (site / "content/2025" / name).write_bytes(PDF)
    build(BuildOptions(search=False))
    page = (site / "_site" / NAME / "index.html").read_text(encoding="utf-8")
    assert "<img" not in page
    assert (
        'href="/2025/2025-11-25-imss-inaugura/a%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29'
        '%3E%26.pdf"' in page
    )
    assert (site / "_site" / NAME / name).read_bytes() == PDF
    export = (site / "_site/bulletins.json").read_text(encoding="utf-8")
    assert "<img" not in export and "\\u003cimg" in export
    assert json.loads(export)["bulletins"][0]["original"]["name"] == name


def test_a_body_may_link_to_its_original(site, write, cli):
    body = "El [documento firmado](2025-11-25-imss-inaugura.pdf) y [otro](no-existe.pdf).\n"
    write({f"{NAME}.md": bulletin(body=body)})
    (site / "content" / f"{NAME}.pdf").write_bytes(PDF)
    assert cli("check").lines == [
        f"content/{NAME}.md:13: el enlace no-existe.pdf no lleva a ningún boletín ni página del "
        "sitio; ¿quiso decir /2025/2025-11-25-imss-inaugura/?",
        "1 error, 0 avisos en 1 boletín.",
    ]
