"""Front-matter values that look like others or multiply the site: invisible characters,
control characters, tags without words, and the length and count limits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from content_support import render

from builder.content.archive import build_archive
from builder.content.loader import LoadResult
from builder.content.schema import MAX_ALIASES, MAX_TAGS, MAX_TITLE

INVISIBLES = ["\u200b", "\u200f", "\u202e", "\u2060", "\u2064", "\u2066", "\u2069", "\ufeff"]


def bulletin(title: str = "Boletín", **fields: str) -> str:
    lines = ["---", f'title: "{title}"', *(f"{key}: {value}" for key, value in fields.items())]
    return "\n".join([*lines, "---", "Cuerpo."]) + "\n"


@pytest.mark.parametrize("char", INVISIBLES)
def test_an_invisible_character_does_not_dodge_the_duplicate_number(
    char: str, load: Callable[..., LoadResult]
) -> None:
    escaped = f"\\u{ord(char):04x}"
    result = load(
        {
            "2025/a.md": bulletin(number='"591/2025"'),
            "2025/b.md": bulletin(number=f'"591/{escaped}2025"'),
        }
    )
    assert [b.slug_path for b in result.bulletins] == ["2025/a"]
    assert render(result) == [
        f"content/2025/b.md:3: el valor de «number» tiene un carácter invisible "
        f"(U+{ord(char):04X}, en la posición 5), con el que parecería igual a otro y sería "
        "distinto; bórrelo."
    ]


def test_tags_that_differ_by_invisible_characters_make_no_second_topic(
    load: Callable[..., LoadResult],
) -> None:
    hidden = "\\u2060" * 50
    result = load(
        {
            "2025/a.md": bulletin(tags="[Salud]"),
            "2025/b.md": bulletin(tags=f'["Salud{hidden}"]'),
            "2025/c.md": bulletin(location=f'"Ciudad de México{hidden}"'),
        }
    )
    assert [b.slug_path for b in result.bulletins] == ["2025/a"]
    assert [d.code for d in result.diagnostics] == ["content.invisible_char"] * 2
    topics = build_archive(result.bulletins).topics
    assert [(t.label, t.url_path, t.count) for t in topics] == [("Salud", "temas/salud/", 1)]


def test_one_bulletin_does_not_rename_a_topic_others_spell_another_way(
    load: Callable[..., LoadResult],
) -> None:
    files = {f"2025/{n}.md": bulletin(tags="[Salud]", location="Tlaxcala") for n in "abc"}
    files["2025/d.md"] = bulletin(tags="[SALUD]", location="TLAXCALA")
    archive = build_archive(load(files).bulletins)
    assert [(t.label, t.count) for t in archive.topics] == [("Salud", 4)]
    assert [(g.label, g.count) for g in archive.locations] == [("Tlaxcala", 4)]


@pytest.mark.parametrize("tag", ['"!!!"', '"🙂"', '"—"', '"¿?"'])
def test_a_tag_or_place_without_letters_or_digits_is_refused(
    tag: str, load: Callable[..., LoadResult]
) -> None:
    result = load({"2025/a.md": bulletin(tags=f"[{tag}]"), "2025/b.md": bulletin(location=tag)})
    assert result.bulletins == []
    assert render(result) == [
        f"content/2025/a.md:3: «tags» vale {tag}, sin letras ni números, y su página no tendría "
        "dirección; escríbalo con palabras.",
        f"content/2025/b.md:3: «location» vale {tag}, sin letras ni números, y su página no "
        "tendría dirección; escríbalo con palabras.",
    ]


@pytest.mark.parametrize("tag", ['"²"', '"Ñ"', '"CDMX"', '"Ａ"'])
def test_a_tag_with_one_letter_or_digit_has_an_address(
    tag: str, load: Callable[..., LoadResult]
) -> None:
    result = load({"2025/a.md": bulletin(tags=f"[{tag}]")})
    assert result.diagnostics == []
    assert build_archive(result.bulletins).topics[0].url_path not in ("temas//", "temas/")


@pytest.mark.parametrize(
    ("escape", "code"), [("\\e", "U+001B"), ("\\a", "U+0007"), ("\\x9b", "U+009B")]
)
def test_a_control_character_written_as_an_escape_is_refused(
    escape: str, code: str, load: Callable[..., LoadResult]
) -> None:
    result = load({"2025/a.md": bulletin(highlights=f'["Uno", "Dos {escape}[2K"]')})
    assert result.bulletins == []
    assert render(result) == [
        f"content/2025/a.md:3: el valor de «highlights» tiene un carácter de control ({code}, "
        "en la posición 5), que no se ve y no puede publicarse; bórrelo (suele venir de un "
        "texto copiado o de un escape como \\e)."
    ]


def test_limits_accept_the_largest_value_and_refuse_one_more(
    load: Callable[..., LoadResult],
) -> None:
    tags = ", ".join(f"tema {n}" for n in range(MAX_TAGS))
    aliases = ", ".join(f'"/viejo/{n}/"' for n in range(MAX_ALIASES))
    result = load(
        {
            "2025/a.md": bulletin("x" * MAX_TITLE, tags=f"[{tags}]", aliases=f"[{aliases}]"),
            "2025/b.md": bulletin("x" * (MAX_TITLE + 1)),
            "2025/c.md": bulletin(tags=f"[{tags}, otro]"),
            "2025/d.md": bulletin(aliases=f'[{aliases}, "/otro/"]'),
        }
    )
    assert [b.slug_path for b in result.bulletins] == ["2025/a"]
    assert render(result) == [
        "content/2025/b.md:2: «title» tiene 401 caracteres y el máximo es 400; acórtelo (el "
        "texto largo va en el cuerpo del boletín).",
        "content/2025/c.md:3: «tags» tiene 21 elementos y el máximo es 20; deje los principales.",
        "content/2025/d.md:3: «aliases» tiene 21 elementos y el máximo es 20; deje los "
        "principales.",
    ]


def test_an_alias_part_longer_than_a_file_name_can_be_is_refused(
    load: Callable[..., LoadResult],
) -> None:
    fits = "/viejo/" + "ñ" * 127 + "/"  # 254 bytes: a name the disk takes
    too_long = "/viejo/" + "b" * 256 + "/"
    result = load(
        {
            "2025/a.md": bulletin(aliases=f'["{fits}"]'),
            "2025/b.md": bulletin(aliases=f'["{too_long}"]'),
        }
    )
    assert [b.slug_path for b in result.bulletins] == ["2025/a"]
    assert render(result) == [
        f'content/2025/b.md:3: un tramo del alias "/viejo/{"b" * 51}… (entre dos «/») ocupa '
        "256 bytes y el máximo de un nombre de carpeta o archivo es 255; acórtelo."
    ]
