"""argparse's own words (usage, headings, errors) reach editors in Spanish."""

from __future__ import annotations

import argparse

import pytest

from builder.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def test_a_missing_required_option(capsys):
    code, _, err = run(capsys, "new")
    assert code == 2
    assert err.splitlines()[-2:] == [
        "boletines new: error: falta una opción obligatoria: --title",
        "«boletines new --help» muestra todas las opciones.",
    ]
    assert err.startswith("uso: boletines new [-h] --title TÍTULO [--date FECHA]")


def test_an_unknown_command_lists_the_commands(capsys):
    code, _, err = run(capsys, "chek")
    assert code == 2
    assert err.splitlines()[1] == (
        "boletines: error: ORDEN: 'chek' no es ninguna de las posibles: "
        "'import', 'new', 'check', 'build', 'serve'"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("serve", "--port", "abc"), "boletines serve: error: --port: el valor 'abc' no es válido"),
        (("check", "--strick"), "boletines: error: opciones desconocidas: --strick"),
        (("build", "--base-url"), "boletines build: error: --base-url: falta su valor"),
    ],
)
def test_bad_options(capsys, args, message):
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err.splitlines()


@pytest.mark.parametrize("command", [(), ("new",), ("check",), ("serve",), ("import",)])
def test_help_is_in_spanish(capsys, command):
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert out.startswith("uso: boletines")
    assert "\nopciones:\n" in out
    assert "muestra esta ayuda y termina" in out
    for english in ("usage:", "options:", "show this help", "positional arguments"):
        assert english not in out


def test_argparse_is_left_as_it_was(capsys):
    run(capsys, "new")
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"
