"""The ``boletines`` command: a thin layer that parses arguments and wires the stages.

Each subcommand lives in ``builder/commands/<name>.py`` and exposes ``register(subparsers)``,
which adds its parser and sets ``run`` to a function taking the parsed arguments and
returning the exit status. Users never see a traceback for bad input: stages raise
:class:`BoletinesError`, rendered here as ``path:line: message`` with exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except BoletinesError as exc:
        language = getattr(args, "language", None) or "es"
        print_diagnostics(exc.diagnostics, load_catalog(language), sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
