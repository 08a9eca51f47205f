"""`boletines <orden> --help` reads in Spanish all the way: option values are named in
Spanish (ARCHIVO, CARPETA, FECHA, not FILE, OUT, DATE) and every folder or file option
says its default, as the README's examples assume (`build` writes `_site/`)."""

from __future__ import annotations

import re

import pytest

from builder.cli import main

COMMANDS = ("import", "new", "check", "build", "serve")
ENGLISH_METAVARS = {
    "FILE",
    "FILES",
    "OUT",
    "CONFIG",
    "CONTENT",
    "NUMBER",
    "DATE",
    "LOCATION",
    "TITLE",
    "BASE_URL",
    "PORT",
    "HOST",
}


def help_of(capsys: pytest.CaptureFixture[str], command: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
def test_option_values_are_named_in_spanish(capsys, command):
    text = help_of(capsys, command)
    assert text.startswith(f"uso: boletines {command}")
    named = set(re.findall(r"\b[A-Z][A-Z_ÁÉÍÓÚÑ]+\b", text))
    assert not named & ENGLISH_METAVARS, (command, sorted(named & ENGLISH_METAVARS))


@pytest.mark.parametrize(
    ("command", "option", "default"),
    [
        ("build", "--out", "_site/"),
        ("build", "--config", "site.yaml"),
        ("build", "--content", "content/"),
        ("import", "--out", "content/"),
        ("import", "--config", "site.yaml"),
    ],
)
def test_folder_options_say_their_default(capsys, command, option, default):
    text = help_of(capsys, command)
    # argparse wraps long help lines: join each option's description into one line.
    joined = re.sub(r"\n {10,}", " ", text)
    line = next(x for x in joined.splitlines() if x.strip().startswith(option + " "))
    assert f"por omisión {default}" in line, line
