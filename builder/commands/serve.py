"""``boletines serve``: preview the site on this computer while editing it."""

from __future__ import annotations

import argparse

from builder.commands.common import add_site_arguments
from builder.serve.preview import ServeOptions, serve


def run(args: argparse.Namespace) -> int:
    options = ServeOptions(
        config_path=args.config,
        content_dir=args.content,
        host=args.host,
        port=args.port,
        search=args.search,
        drafts=args.drafts,
        open_browser=args.open,
    )
    return serve(options)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="vista previa en el navegador, que se actualiza sola al guardar",
        description="Genera el sitio, lo sirve en http://127.0.0.1:8000/ (bajo su base_url), "
        "vigila content/, theme/, templates/ y site.yaml, lo vuelve a generar al guardar "
        "un cambio y recarga solas las pestañas abiertas. Ctrl-C para detener.",
    )
    parser.add_argument(
        "--port", type=int, default=8000, metavar="PUERTO", help="puerto (por omisión 8000)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="DIRECCIÓN",
        help="dirección (por omisión 127.0.0.1: solo este equipo)",
    )
    add_site_arguments(parser)
    parser.add_argument("--drafts", action="store_true", help="mostrar también los borradores")
    parser.add_argument(
        "--open", action="store_true", help="abrir la vista previa en el navegador al empezar"
    )
    parser.add_argument(
        "--no-search",
        dest="search",
        action="store_false",
        help="sin índice de búsqueda (actualiza más rápido)",
    )
    parser.set_defaults(run=run)
