"""Control characters in a bulletin never reach the editor's terminal as such.

An unknown key or a file name may carry ``ESC [2K ESC [1A`` (erase the line, go up) and
a fake ``OK`` line; ``check``, ``build`` and ``serve`` write every such character out
(``\\x1b``), whichever message carries it.
"""

from __future__ import annotations

import re
import unicodedata

from editor_support import bulletin
from hypothesis import given
from hypothesis import strategies as st
from serving import SOURCE, start_serve

from builder.core.display import terminal_text

FAKE = "\x1b]0;X\x07\x1b[2K\x1b[1A\x1b[32mOK: 0 errores\x1b[0m"
SHOWN = "\\x1b]0;X\\x07\\x1b[2K\\x1b[1A\\x1b[32mOK: 0 errores\\x1b[0m"
KEY_FILE = "2025/2025-11-25-clave.md"
# An unknown key written with YAML escapes, as a pull request can: the file itself holds
# no control character, the key that YAML reads from it does.
KEY_LINE = '"\\e]0;X\\a\\e[2K\\e[1A\\e[32mOK: 0 errores\\e[0m": 1'
NAMED = "2025/2025-11-25-\x1b[2K\x1b[1Aok.md"
NAMED_SHOWN = "content/2025/2025-11-25-\\x1b[2K\\x1b[1Aok.md"
BAD_NAME = (
    "el nombre del archivo tiene una barra invertida o un carácter de control, que no puede "
    "ir en una dirección web; renómbrelo."
)


def with_key(line: str) -> str:
    text = bulletin()
    return text.replace("draft: false\n", f"draft: false\n{line}\n", 1)


def unknown_key_message(path: str, line: int) -> str:
    return (
        f"{path}:{line}: campo desconocido «{SHOWN}»; los campos válidos son: title, date, "
        "number, location, highlights, links, tags, aliases, original, original_sha256, "
        "updated, corrections, publish, draft."
    )


def test_terminal_text_writes_out_every_control_and_invisible_character():
    assert terminal_text("a\x1bb\x07\x9b\x7f\n\t") == "a\\x1bb\\x07\\x9b\\x7f\\x0a\\x09"
    assert terminal_text("Salud\u200b\u202e\ufeff") == "Salud\\u200b\\u202e\\ufeff"
    assert terminal_text("Guarderías «CECI» 591/2025") == "Guarderías «CECI» 591/2025"


INVISIBLE = set("\u061c\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d")
INVISIBLE |= set("\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")


@given(st.text())
def test_no_text_gives_the_terminal_a_control_or_invisible_character(text: str) -> None:
    shown = terminal_text(text)
    assert not any(unicodedata.category(c) == "Cc" or c in INVISIBLE for c in shown)
    if not any(unicodedata.category(c) == "Cc" or c in INVISIBLE for c in text):
        assert shown == text


def test_check_escapes_an_unknown_key_and_a_file_name(cli, write):
    write({KEY_FILE: with_key(KEY_LINE), NAMED: bulletin(number='"592/2025"')})
    result = cli("check")
    assert "\x1b" not in result.out + result.err and "\x07" not in result.out
    assert unknown_key_message(f"content/{KEY_FILE}", 11) in result.lines
    assert f"{NAMED_SHOWN}: {BAD_NAME}" in result.lines
    assert result.lines[-1] == "2 errores, 0 avisos en 2 boletines."
    assert result.code == 1


def test_build_escapes_them_too(cli, write):
    write({KEY_FILE: with_key(KEY_LINE), NAMED: bulletin(number='"592/2025"')})
    result = cli("build", "--no-search")
    assert result.code == 1
    assert "\x1b" not in result.out + result.err
    assert unknown_key_message(f"content/{KEY_FILE}", 11) in result.err.splitlines()


def test_serve_escapes_them_in_its_terminal(site, write):
    write({SOURCE.removeprefix("content/"): bulletin()})
    running = start_serve(site, "--no-search")
    try:
        (site / SOURCE).write_text(with_key(KEY_LINE), encoding="utf-8")
        line = running.wait_for_line(re.escape(unknown_key_message(SOURCE, 11)))
        assert "\x1b" not in line
        (site / "content" / NAMED).write_text(bulletin(number='"592/2025"'), encoding="utf-8")
        running.wait_for_line(re.escape(f"{NAMED_SHOWN}: {BAD_NAME}"))
        assert running.stop() == 0
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()
    assert not any("\x1b" in line for line in running.seen)
