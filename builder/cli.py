"""The ``boletines`` command: a thin layer that parses arguments and wires the stages.

Each subcommand lives in ``builder/commands/<name>.py`` and exposes ``register(subparsers)``,
which adds its parser and sets ``run`` to a function taking the parsed arguments and
returning the exit status. Users never see a traceback for bad input: stages raise
:class:`BoletinesError`, rendered here as ``path:line: message`` with exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Sequence

from builder import __version__
from builder.commands.common import print_diagnostics
from builder.errors import BoletinesError
from builder.i18n import load_catalog

COMMANDS = ("import_", "new", "check", "build", "serve")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boletines",
        description="Archivo estático y con búsqueda de boletines de prensa.",
    )
    parser.add_argument("--version", action="version", version=f"boletines {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
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
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


if __name__ == "__main__":
    sys.exit(main())
