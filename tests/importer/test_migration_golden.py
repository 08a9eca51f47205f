"""The importer against the migration corpus (tests/fixtures/migration/), default settings.

Every source whose status is ``imported`` or ``draft`` gives its ``.expected.md`` byte for
byte; refused files are refused with their message; a duplicate gives its original's
file; what the importer reports missing or doubtful agrees with EXPECTED.csv.
"""

from __future__ import annotations

import pytest
from test_migration_corpus import (
    EXPECTED_ROWS,
    MIGRATION,
    ROW_BY_SOURCE,
    ROWS,
    expected_path,
    parse_missing,
)

from builder.core.errors import BoletinesError
from builder.core.i18n import load_catalog
from builder.core.settings import SiteConfig
from builder.importer import import_file
from builder.importer.model import ImportResult
from builder.importer.report import render_report

CATALOG = load_catalog("es")


def run(row: dict[str, str]) -> ImportResult:
    source = MIGRATION / row["source"]
    return import_file(source.read_bytes(), source.name, SiteConfig())


@pytest.mark.parametrize("row", EXPECTED_ROWS, ids=lambda row: row["source"])
def test_source_gives_its_expected_file(row: dict[str, str]) -> None:
    expected = expected_path(MIGRATION / row["source"]).read_text(encoding="utf-8")
    assert run(row).text == expected


REFUSED = {
    "municipio-tlapa/empty_file.txt": "empty_file.txt: el archivo está vacío; no hay nada "
    "que importar.",
    # Content, not the name, says which reader a file needs: a broken PDF is refused as one.
    "gob-peru/nota_de_prensa_pdf_saved_as_txt.txt": "nota_de_prensa_pdf_saved_as_txt.txt: el "
    "documento está dañado o incompleto y no se pudo leer; pida de nuevo el archivo original "
    "o vuelva a exportarlo.",
    "ayuntamiento-casariche/fotos_del_pleno.jpg": "fotos_del_pleno.jpg: no es texto, PDF ni "
    "documento de Word (.docx) sino otro archivo binario; exporte el boletín como PDF, .docx "
    "o texto plano (.txt) y vuelva a importarlo.",
}


def test_every_refused_or_skipped_source_is_listed_here() -> None:
    assert sorted(REFUSED) == sorted(
        row["source"] for row in ROWS if row["status"] in ("refused", "skipped")
    )


@pytest.mark.parametrize("source", sorted(REFUSED))
def test_refused_with_its_message(source: str) -> None:
    with pytest.raises(BoletinesError) as caught:
        run(ROW_BY_SOURCE[source])
    assert [d.render(CATALOG) for d in caught.value.diagnostics] == [REFUSED[source]]


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["status"] == "duplicate"], ids=lambda row: row["source"]
)
def test_duplicate_gives_the_same_file_as_its_original(row: dict[str, str]) -> None:
    [note] = [n for n in parse_missing(row["missing"]).notes if n.startswith("duplicate of ")]
    original = MIGRATION / note.removeprefix("duplicate of ")
    assert run(row).text == expected_path(original).read_text(encoding="utf-8")


@pytest.mark.parametrize("row", EXPECTED_ROWS, ids=lambda row: row["source"])
def test_missing_fields_are_those_of_the_csv(row: dict[str, str]) -> None:
    result = run(row)
    fields = parse_missing(row["missing"]).fields
    in_order = [item.strip() for item in row["missing"].split(";") if item.strip() in fields]
    assert list(result.missing) == in_order  # the CSV column a folder import will write
    assert result.draft == (row["status"] == "draft")
    assert ("title" in result.missing) == result.draft


DOUBTS = {
    "ayuntamiento-casariche/date_only_in_breadcrumb.txt": ["date_from_breadcrumb"],
    "ayuntamiento-merida/capitals_place_en_dash_dateline.txt": ["place_in_capitals"],
    "conagua/title_before_dateline_photo_credit_and_download.txt": ["credit_dropped"],
    "gob-peru/agency_initials_and_timestamp_after_body.txt": ["date_from_stamp"],
    "gob-peru/type_label_lead_photo_credit_date_time_meta_bom.txt": [
        "place_full_stop",
        "credit_dropped",
    ],
    "gobierno-hidalgo/type_label_bullet_highlight_place_period_en_dash.txt": ["place_in_capitals"],
    "gobierno-oaxaca/hashtag_label_glued_to_title_dateline_without_separator.txt": [
        "run_on_dateline"
    ],
    "gobierno-puebla/date_only_on_bullet_meta_line_above_title.txt": [
        "date_from_bulleted_line",
        "place_in_capitals",
        "number_as_printed",
    ],
    "gobierno-puebla/place_only_dateline_runs_into_paragraph_dash_highlights.txt": [
        "place_in_capitals",
        "number_as_printed",
    ],
    "gobierno-puebla/related_news_block_after_bulletin.txt": [
        "place_in_capitals",
        "number_as_printed",
    ],
    "gobierno-yucatan/lead_sentence_then_dateline_on_own_line.txt": ["lead_repeated"],
    "la-moncloa/section_label_dotted_date_and_share_links.txt": ["day_first"],
    "minsalud-colombia/breadcrumb_share_and_download_furniture.txt": ["number_as_printed"],
    "minsalud-colombia/dateline_period_separator_runs_into_paragraph.txt": ["number_as_printed"],
    "municipio-san-luis-potosi/capitals_dateline_weekday_asterisk_separator.txt": [
        "place_in_capitals"
    ],
    "secretaria-salud/header_unreadable_pdf_glyph_codes.txt": ["unreadable_lines"],
    "secretaria-salud/prefixed_number_and_site_id_not_a_number.txt": [
        "number_as_printed",
        "identifier_dropped",
    ],
    "secretaria-salud/signature_block_kept_at_end_semicolon_dateline.txt": ["signature_block"],
}
"""What the importer reports doubtful in each source, in order (reviewed against the CSV)."""


@pytest.mark.parametrize("row", EXPECTED_ROWS, ids=lambda row: row["source"])
def test_doubts_are_reported(row: dict[str, str]) -> None:
    result = run(row)
    assert [d.code for d in result.doubts] == DOUBTS.get(row["source"], [])
    for doubt in result.doubts:  # every one has its message in both languages
        assert CATALOG.message(doubt.key, **dict(doubt.args))
        assert load_catalog("en").message(doubt.key, **dict(doubt.args))


NOTE_CODES = {
    "date-archive breadcrumb": "date_from_breadcrumb",
    "publication stamp": "date_from_stamp",
    "in capitals": "place_in_capitals",
    "credit without a URL": "credit_dropped",
    "site identifier": "identifier_dropped",
    "no separator": "run_on_dateline",
    "number keeps": "number_as_printed",
    "number kept": "number_as_printed",
    "lead is repeated": "lead_repeated",
    "day first": "day_first",
    "bullet line above the number is the date": "date_from_bulleted_line",
    "is read as the separator": "place_full_stop",
    "unreadable header lines": "unreadable_lines",
    "signature lines": "signature_block",
}
"""A doubtful note of EXPECTED.csv, by a phrase in it, and the code the importer gives it."""


@pytest.mark.parametrize("row", EXPECTED_ROWS, ids=lambda row: row["source"])
def test_doubtful_notes_of_the_csv_are_reported(row: dict[str, str]) -> None:
    notes = [n for n in parse_missing(row["missing"]).notes if n.startswith("doubtful")]
    wanted = {code for note in notes for phrase, code in NOTE_CODES.items() if phrase in note}
    assert wanted <= {d.code for d in run(row).doubts}


MESSAGES = [
    (
        "ayuntamiento-casariche/date_only_in_breadcrumb.txt",
        "la fecha 2024-03-12 se tomó de la ruta de navegación de la página (año » mes » "
        "día), no del texto",
    ),
    (
        "gob-peru/agency_initials_and_timestamp_after_body.txt",
        "la fecha 2024-06-27 se tomó de un sello de publicación de la página, no de una línea "
        "de fecha",
    ),
    (
        "secretaria-salud/header_unreadable_pdf_glyph_codes.txt",
        "2 líneas ilegibles (códigos de glifos de un PDF) se dejaron al principio del cuerpo; "
        "cámbielas por el texto del original",
    ),
    (
        "la-moncloa/section_label_dotted_date_and_share_links.txt",
        "la fecha «12.3.2024» se leyó con el día primero",
    ),
    (
        "secretaria-salud/prefixed_number_and_site_id_not_a_number.txt",
        "«ID: NT20230312» es un identificador del sitio, no el número del boletín, y se quitó",
    ),
]


@pytest.mark.parametrize(("source", "message"), MESSAGES)
def test_doubt_messages(source: str, message: str) -> None:
    found = [CATALOG.message(d.key, **dict(d.args)) for d in run(ROW_BY_SOURCE[source]).doubts]
    assert message in found


def test_doubts_noted_in_the_csv_are_known_here() -> None:
    for row in EXPECTED_ROWS:
        notes = [n for n in parse_missing(row["missing"]).notes if n.startswith("doubtful")]
        for note in notes:
            if any(phrase in note for phrase in NOTE_CODES):
                assert row["source"] in DOUBTS, row["source"]


FURNITURE = {
    "conagua/old_web_page_copy_with_site_footer.txt": {
        "breadcrumb": 2,  # the path at the top and the site map menu at the bottom
        "share": 3,  # "Versión para imprimir", "Enviar a un amigo", "Regresar"
        "footer": 1,
    },
    "conagua/title_before_dateline_photo_credit_and_download.txt": {"credit": 1, "share": 2},
    "gobierno-puebla/related_news_block_after_bulletin.txt": {"share": 2, "related": 4},
    "la-moncloa/section_label_dotted_date_and_share_links.txt": {"label": 1, "share": 4},
    "minsalud-colombia/breadcrumb_share_and_download_furniture.txt": {
        "breadcrumb": 1,
        "share": 4,
    },
    "secretaria-salud/legal_notice_before_bulletin.txt": {"notice": 1},
    "secretaria-salud/prefixed_number_and_site_id_not_a_number.txt": {"identifier": 1},
    "gob-peru/agency_initials_and_timestamp_after_body.txt": {"stamp": 1},
    "gobierno-cdmx/type_label_glued_to_title_with_pipe_date_time_meta.txt": {"label": 1},
}


@pytest.mark.parametrize("source", sorted(FURNITURE))
def test_furniture_is_dropped_as_its_kind(source: str) -> None:
    assert dict(run(ROW_BY_SOURCE[source]).furniture) == FURNITURE[source]


def test_report_says_draft_and_why() -> None:
    row = ROW_BY_SOURCE["secretaria-salud/header_unreadable_pdf_glyph_codes.txt"]
    result = run(row)
    report = render_report(result, "a.txt", "b.md", False, CATALOG).splitlines()
    assert (
        "  borrador: no se encontró la línea del título; se escribió con «draft: true» y un "
        "título provisional, la primera frase del texto. Escriba el título y quite «draft: "
        "true»."
    ) in report
    assert (
        "  falta: título, fecha, número, lugar; complételo en el archivo o vuelva a importar "
        "con --date, --number, --location"
    ) in report
    assert "  revise: " + dict(MESSAGES)[row["source"]] in report


def test_report_counts_the_furniture_dropped() -> None:
    result = run(ROW_BY_SOURCE["minsalud-colombia/breadcrumb_share_and_download_furniture.txt"])
    report = render_report(result, "a.txt", "b.md", False, CATALOG).splitlines()
    assert (
        "  elementos de la página web quitados: ruta de navegación 1, botones (compartir, "
        "imprimir, descargar) 4"
    ) in report


def test_a_draft_whose_only_gap_is_the_title_names_no_option() -> None:
    text = "Ciudad de México, 3 de marzo de 2024\n\nNo. 12\n\n" + "Texto del aviso, " * 12
    result = import_file((text + "que termina.\n").encode(), "a.txt", SiteConfig())
    assert result.draft
    assert result.missing == ("title",)
    report = render_report(result, "a.txt", "b.md", False, CATALOG).splitlines()
    assert "  falta: título; complételo en el archivo" in report
