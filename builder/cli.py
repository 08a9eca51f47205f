"""The ``boletines`` command: a thin layer that parses arguments and wires the stages.

Each subcommand lives in ``builder/commands/<name>.py`` and exposes ``register(subparsers)``,
which adds its parser and sets ``run`` to a function taking the parsed arguments and
returning the exit status. Users never see a traceback for bad input: stages raise
:class:`BoletinesError`, rendered here as ``path:line: message`` with exit status 1.
"""

from __future__ import annotations

try:  # Ctrl-C while Python loads the command: the quiet exit of a Ctrl-C after it
    import argparse
    import contextlib
    import importlib
    import signal
    import sys
    import threading
    from collections.abc import Iterator, Sequence
    from typing import Any, NoReturn

    from builder import __version__
    from builder.commands.common import print_diagnostics, silence_output
    from builder.core.errors import BoletinesError
    from builder.core.i18n import load_catalog
except KeyboardInterrupt:
    raise SystemExit(130) from None

COMMANDS = ("import_", "new", "check", "build", "serve")

# argparse's own words (Python 3.11), in Spanish like the commands' help: editors read
# "falta una opción obligatoria: --title", not "the following arguments are required".
ARGPARSE_WORDS = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "the following arguments are required: %s": "falta una opción obligatoria: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "%(value)r no es ninguna de las posibles: %(choices)s"
    ),
    "invalid %(type)s value: %(value)r": "el valor %(value)r no es válido",
    "unrecognized arguments: %s": "opciones desconocidas: %s",
    "expected one argument": "falta su valor",
    "ambiguous option: %(option)s could match %(matches)s": (
        "la opción %(option)s es ambigua: puede ser %(matches)s"
    ),
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": (
        "%(prog)s: error: %(message)s\n«%(prog)s --help» muestra todas las opciones.\n"
    ),
}


@contextlib.contextmanager
def _spanish_argparse() -> Iterator[None]:
    english = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: ARGPARSE_WORDS.get(text, english(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage lines, headings and errors are in Spanish."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _spanish_argparse():
            super().__init__(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with _spanish_argparse():
            return super().parse_known_args(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with _spanish_argparse():
            return super().parse_args(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        with _spanish_argparse():
            super().error(message)

    def format_usage(self) -> str:
        with _spanish_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with _spanish_argparse():
            return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="boletines",
        description="Archivo estático y con búsqueda de boletines de prensa.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"boletines {__version__}",
        help="muestra la versión y termina",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="ORDEN", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"builder.commands.{name}")
        module.register(subparsers)
    return parser


def _exit_on_terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    try:  # importing every command takes a moment; Ctrl-C then is no crash either
        parser = build_parser()
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    args = parser.parse_args(argv)
    # SIGTERM (a CI job cancelled, `kill`) unwinds like Ctrl-C, so a build or import
    # removes its temporary files instead of dying with them on disk.
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _exit_on_terminate) if in_main_thread else None
    try:
        return int(args.run(args) or 0)
    except BoletinesError as exc:
        language = getattr(args, "language", None) or "es"
        print_diagnostics(exc.diagnostics, load_catalog(language), sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `boletines check | head`: the reader has all it wanted
        silence_output()
        return 128 + signal.SIGPIPE
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


if __name__ == "__main__":
    sys.exit(main())
