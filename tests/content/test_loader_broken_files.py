"""Each deliberately broken file in tests/fixtures/broken/ and the exact message it gets.

The file is loaded as ``content/2025/<name>.md`` with the site folder as working
directory, so the path in each message is the one an editor would see.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from content_support import BROKEN, render

from builder.content.loader import LoadResult

ALIAS_RULE = (
    "debe ser una ruta del sitio que empiece con «/», "
    "sin «..», «\\», «?», «#», espacios ni http://."
)
URL_RULE = "Use una dirección http:// o https://, mailto: o una ruta del sitio que empiece con «/»."
DOES_NOT_FIT = (
    "esta línea no encaja con las anteriores: revise que la línea de arriba tenga la forma "
    "«nombre: valor» y que esta tenga la misma sangría que los demás elementos de su grupo."
)
LINK_KINDS = "photos, video, audio, document, other"
SHORTEN = "acórtelo (el texto largo va en el cuerpo del boletín)."
INVISIBLE = (
    "tiene un carácter invisible (U+{}, en la posición {}), con el que parecería igual a otro "
    "y sería distinto; bórrelo."
)
FIELDS = (
    "title, date, number, location, highlights, links, tags, aliases, original, "
    "original_sha256, updated, corrections, publish, draft"
)

EXPECTED: dict[str, list[str]] = {
    "yaml_unclosed_quote": [
        '2: las comillas " que se abren en esta línea no se cierran; '
        "ciérrelas con la misma comilla."
    ],
    "yaml_unclosed_bracket": [
        "3: el [ que se abre en esta línea no se cierra bien; revise que cierre y que los "
        "elementos estén separados por comas."
    ],
    "yaml_tab_indentation": [
        "4: hay un tabulador en la sangría y YAML solo admite espacios; cámbielo por espacios."
    ],
    "yaml_colon_in_plain_value": [
        "2: hay dos puntos seguidos de espacio dentro de un valor; ponga el valor entre "
        'comillas, como title: "IMSS: nuevo modelo".'
    ],
    "yaml_text_after_closing_quote": [
        "2: hay texto después de las comillas que cierran el valor; ponga entre comillas el "
        "valor entero (dentro, use comillas de otro tipo: «...»)."
    ],
    "yaml_missing_colon_after_key": [f"3: {DOES_NOT_FIT}"],
    "yaml_list_item_misindented": [f"5: {DOES_NOT_FIT}"],
    "yaml_colon_without_space": [
        "3: falta un espacio después de los dos puntos: escriba «date: 2025-11-25»."
    ],
    "yaml_key_without_colon": [
        "3: a esta línea le faltan los dos puntos entre el nombre del campo y su valor, como en "
        "«title: Texto del título»; si es la continuación del valor de arriba, póngalo entero "
        "entre comillas."
    ],
    "yaml_value_starts_with_at_sign": [
        "2: un valor no puede empezar con «@»; ponga el valor entre comillas."
    ],
    "yaml_value_starts_with_dash": [
        "2: un valor no puede empezar con «- » en la misma línea que su nombre; póngalo entre "
        "comillas, o escriba la lista debajo, un elemento por línea."
    ],
    "yaml_control_character": [
        "2: carácter invisible no permitido (U+0001); bórrelo o vuelva a escribir la línea."
    ],
    "yaml_alias_bomb": [
        "3: no se admiten anclas ni alias de YAML («&nombre», «*nombre»); "
        "escriba cada valor completo."
    ],
    "yaml_python_object_tag": [
        "2: etiqueta de YAML no permitida «!!python/object/apply:os.system»; "
        "escriba el valor como texto, sin «!»."
    ],
    "yaml_binary_tag": [
        "3: etiqueta de YAML no permitida «!!binary»; escriba el valor como texto, sin «!»."
    ],
    "yaml_duplicate_keys": [
        "4: el campo «title» está repetido (ya aparece en la línea 2); deje solo uno."
    ],
    "yaml_deeply_nested": [
        "3: demasiados niveles anidados (más de 32); simplifique la estructura."
    ],
    "front_matter_never_closed": [
        "1: el encabezado que se abre con «---» en esta línea nunca se cierra; "
        "añada una línea «---» después del último campo."
    ],
    "no_front_matter": [
        "1: no se encontró el encabezado (front matter): ¿olvidó poner «---» en la primera "
        "línea, antes de «title:»?"
    ],
    "front_matter_is_list": [
        "2: el encabezado debe tener campos «nombre: valor» (como «title: ...»), "
        'pero contiene ["title", "date"].'
    ],
    "front_matter_is_scalar": [
        "2: el encabezado debe tener campos «nombre: valor» (como «title: ...»), "
        'pero contiene "IMSS fortalece la atención".'
    ],
    "empty_file": [
        "1: el archivo está vacío; un boletín empieza con un encabezado entre líneas «---» "
        "que tiene al menos «title»."
    ],
    "whitespace_only": [
        "1: el archivo está vacío; un boletín empieza con un encabezado entre líneas «---» "
        "que tiene al menos «title»."
    ],
    "binary_file": [
        "3: el archivo no es texto (tiene bytes nulos, como una imagen o un documento de Word); "
        "guarde el boletín como texto Markdown (.md) en UTF-8."
    ],
    "nul_bytes": [
        "4: el archivo no es texto (tiene bytes nulos, como una imagen o un documento de Word); "
        "guarde el boletín como texto Markdown (.md) en UTF-8."
    ],
    "not_utf8_nor_cp1252": [
        "2: el archivo no está en UTF-8 ni en Windows-1252 (primer carácter extraño en esta "
        "línea); vuelva a guardarlo como UTF-8."
    ],
    "missing_title": ["2: falta el campo obligatorio «title» en el encabezado."],
    "title_is_null": ["2: falta el campo obligatorio «title» en el encabezado."],
    "empty_title": ["2: el campo «title» está vacío; escriba su valor."],
    "title_is_list": ['2: «title» debe ser un texto, pero vale ["IMSS", "guarderías"].'],
    "unknown_key_typo": ["2: campo desconocido «tittle»; ¿quiso decir «title»?"],
    "unknown_key_far_from_any": [
        f"3: campo desconocido «autor»; los campos válidos son: {FIELDS}."
    ],
    "date_is_number": [
        "3: «date» debe ser una fecha AAAA-MM-DD, como 2025-11-25, pero vale 20251125."
    ],
    "date_in_spanish_words": [
        "3: la fecha «25 de noviembre de 2025» no está escrita como AAAA-MM-DD; "
        "escriba «date: 2025-11-25»."
    ],
    "date_day_first": [
        "3: la fecha «25/11/2025» no está escrita como AAAA-MM-DD; escriba «date: 2025-11-25»."
    ],
    "impossible_date": [
        "3: la fecha 2025-02-30 no existe en el calendario; revise el día y el mes (AAAA-MM-DD)."
    ],
    "impossible_date_quoted": [
        "3: la fecha 2025-04-31 no existe en el calendario; revise el día y el mes (AAAA-MM-DD)."
    ],
    "updated_before_date": [
        "4: la fecha de corrección «updated» (2025-11-24) es anterior a la de publicación "
        "«date» (2025-11-25); una corrección se hace después de publicar: revise las dos fechas."
    ],
    "updated_in_spanish_words": [
        "4: la fecha «26 de noviembre de 2025» no está escrita como AAAA-MM-DD; "
        "escriba «updated: 2025-11-26»."
    ],
    "correction_before_date": [
        "7: la corrección 2 de «corrections» tiene fecha 2025-11-20, anterior a la de "
        "publicación «date» (2025-11-25); revise la fecha."
    ],
    "updated_before_correction": [
        "4: «updated» (2025-11-26) es anterior a la corrección 1 de «corrections» (2025-11-28); "
        "«updated» es la fecha de la última corrección."
    ],
    "correction_without_note": [
        "5: la corrección 1 tiene un campo desconocido «nota»; ¿quiso decir «note»?",
        "5: a la corrección 1 de «corrections» le falta «note».",
    ],
    "corrections_is_string": [
        "4: «corrections» debe ser una lista de correcciones, cada una con date y note, como "
        '- {date: 2025-11-26, note: "Se corrigió la cifra."}, pero vale "Se corrigió la cifra.".'
    ],
    "publish_in_words": [
        "4: «publish» debe ser una fecha y hora como 2025-11-26T09:00:00-06:00, o "
        '2025-11-26 09:00 en la zona horaria del sitio, pero vale "mañana a las 9".'
    ],
    "publish_impossible_hour": [
        "4: la fecha y hora 2025-11-26 25:00 de «publish» no existe; revise el día, el mes y "
        "la hora (AAAA-MM-DD HH:MM)."
    ],
    "number_is_list": ["3: «number» debe ser un texto, pero vale [591, 2025]."],
    "draft_is_string": ['3: «draft» debe ser true o false, pero vale "no".'],
    "tags_is_string": [
        '3: «tags» debe ser una lista de textos, como [uno, dos], pero vale "salud".'
    ],
    "tags_item_is_empty": [
        "5: el elemento 2 de «tags» debe ser un texto no vacío, pero vale null."
    ],
    "highlights_item_is_mapping": [
        "5: el elemento 2 de «highlights» debe ser un texto no vacío, "
        'pero vale {"nota": "segundo punto"}.'
    ],
    "links_is_mapping": [
        "3: «links» debe ser una lista de enlaces, cada uno con label, url y kind, "
        'pero vale {"label": "Fotos", "url": "https://example.org/fotos"}.'
    ],
    "link_is_string": [
        "4: el enlace 1 de «links» debe ser un grupo {label, url, kind}, "
        'pero vale "https://example.org/fotos".'
    ],
    "link_without_url": ["4: al enlace 1 de «links» le falta «url»."],
    "link_javascript_url": [
        f'4: la url del enlace 1 no se admite: "javascript:alert(1)". {URL_RULE}'
    ],
    "link_protocol_relative_url": [
        f'4: la url del enlace 1 no se admite: "//evil.example/x". {URL_RULE}'
    ],
    "link_bad_kind": [
        f'4: el «kind» del enlace 1 no es válido: "fotos". Use uno de: {LINK_KINDS}.'
    ],
    "link_unknown_key": [
        "4: el enlace 1 tiene un campo desconocido «lable»; ¿quiso decir «label»?"
    ],
    "alias_path_traversal": [f'3: el alias "../../x" no es válido: {ALIAS_RULE}'],
    "alias_dot_dot_segment": [f'3: el alias "/viejo/../../etc/passwd" no es válido: {ALIAS_RULE}'],
    "alias_absolute_url": [f'3: el alias "https://evil.example/x/" no es válido: {ALIAS_RULE}'],
    "alias_backslash": [f'3: el alias "/viejo\\\\boletin/" no es válido: {ALIAS_RULE}'],
    "alias_is_root": [f'3: el alias "/" no es válido: {ALIAS_RULE}'],
    "title_too_long": [f"2: «title» tiene 431 caracteres y el máximo es 400; {SHORTEN}"],
    "tag_too_long": [f"5: «tags» tiene 71 caracteres y el máximo es 60; {SHORTEN}"],
    "link_label_too_long": [f"4: «label» tiene 174 caracteres y el máximo es 150; {SHORTEN}"],
    "tags_too_many": ["3: «tags» tiene 25 elementos y el máximo es 20; deje los principales."],
    "title_with_control_escape": [
        "2: el valor de «title» tiene un carácter de control (U+001B, en la posición 1), que no "
        "se ve y no puede publicarse; bórrelo (suele venir de un texto copiado o de un escape "
        "como \\e)."
    ],
    "number_with_zero_width_space": [f"3: el valor de «number» {INVISIBLE.format('200B', 9)}"],
    "tag_with_invisible_characters": [f"3: el valor de «tags» {INVISIBLE.format('2060', 6)}"],
    "tag_without_letters": [
        '3: «tags» vale "!!!", sin letras ni números, y su página no tendría dirección; '
        "escríbalo con palabras."
    ],
}


def test_every_broken_fixture_has_an_expected_message() -> None:
    names = sorted(path.stem for path in BROKEN.glob("*.md"))
    assert names == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_is_refused_with_exact_message(
    name: str, site: Path, load: Callable[..., LoadResult]
) -> None:
    target = site / "content" / "2025" / f"{name}.md"
    target.parent.mkdir(parents=True)
    shutil.copyfile(BROKEN / f"{name}.md", target)
    result = load({})
    assert render(result) == [f"content/2025/{name}.md:{line}" for line in EXPECTED[name]]
    assert result.bulletins == []
    assert all(d.is_error for d in result.diagnostics)


def test_values_in_typographic_quotes_are_published_with_a_warning(
    site: Path, load: Callable[..., LoadResult]
) -> None:
    """Word types “...” for "..."; YAML keeps them as text, so the editor is told."""
    target = site / "content" / "2025" / "2025-11-25-comillas.md"
    target.parent.mkdir(parents=True)
    target.write_text(
        "---\n"
        'title: "IMSS: «Cuidar» es “trabajo”"\n'
        "number: “591/2025”\n"
        "date: 2025-11-25\n"
        "highlights:\n"
        "  - Primer punto\n"
        '  - "“Cuidar es trabajo”, dijo el director."\n'
        "  - “Una cita entera”\n"
        "tags: [salud, ‘cuidados’]\n"
        "location: “Sonora” y “Sinaloa”\n"
        "---\n"
        "Cuerpo.\n",
        encoding="utf-8",
    )
    result = load({})
    hint = (
        "YAML no las reconoce como comillas y se publicarían como parte del texto: "
        'escriba comillas rectas ("...").'
    )
    where = "content/2025/2025-11-25-comillas.md"
    assert render(result) == [
        f"{where}:3: aviso: el valor de «number» va entre comillas tipográficas "
        f"(“591/2025”); {hint}",
        f"{where}:9: aviso: el valor de «tags» va entre comillas tipográficas (‘cuidados’); {hint}",
    ]
    assert not any(d.is_error for d in result.diagnostics)
    assert [b.number for b in result.bulletins] == ["“591/2025”"]
