"""``boletines new``: start a bulletin file with every front-matter field in place.

The file goes where the archive expects it (``content/<year>/<date>-<slug>.md``, or
``content/sin-fecha/<slug>.md`` without a date) and is written by the one bulletin writer,
:func:`builder.content.markdownfile.dump_bulletin`, so it looks like an imported one. Fields the
editor did not give are written empty, to be filled in. An existing file is never
overwritten.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from builder.check.files import outside_an_archive
from builder.commands.common import add_site_arguments
from builder.content.archive import UNDATED_PATH
from builder.content.loader import parse_bulletin
from builder.content.markdownfile import dump_bulletin
from builder.content.topics import Vocabulary, suggest_tags
from builder.core.dates import guess_date
from builder.core.display import display_path, terminal_text
from builder.core.errors import BoletinesError, Diagnostic, error, os_reason, raise_if_errors
from builder.core.i18n import load_catalog
from builder.core.settings import load_settings
from builder.core.text import slugify

FALLBACK_SLUG = "boletin"


@dataclass(frozen=True)
class NewBulletin:
    title: str
    date: dt.date | None = None
    number: str | None = None
    location: str | None = None
    draft: bool = False


_ISO_SHAPE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: str | None) -> dt.date | None:
    """An ISO date from the command line; raises a user error naming ``--date``.

    Editors write dates as they read them ("26/11/2025", "26 de noviembre de 2025"); when
    such a date is unambiguous the error gives the ISO form to type instead."""
    if value is None:
        return None
    text = value.strip()
    if _ISO_SHAPE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise BoletinesError(
                [error("--date", None, "new.impossible_date", value=text)]
            ) from None
    guess = guess_date(text)
    if guess is None:
        raise BoletinesError([error("--date", None, "new.bad_date", value=value)])
    raise BoletinesError(
        [error("--date", None, "new.bad_date_hint", value=value, suggestion=guess.isoformat())]
    )


def relative_path(bulletin: NewBulletin) -> Path:
    """Where the file goes below the content folder."""
    slug = slugify(bulletin.title) or FALLBACK_SLUG
    if bulletin.date is None:
        return Path(UNDATED_PATH.strip("/")) / f"{slug}.md"
    return Path(str(bulletin.date.year)) / f"{bulletin.date.isoformat()}-{slug}.md"


def file_text(bulletin: NewBulletin, vocabulary: Vocabulary) -> str:
    """The new file: every contract key, empty where unknown; tags the title suggests."""
    fields = {
        "title": bulletin.title,
        "date": bulletin.date,
        "number": bulletin.number or None,
        "location": bulletin.location or None,
        "highlights": [],
        "links": [],
        "tags": suggest_tags(bulletin.title, vocabulary),
        "aliases": [],
        "draft": bulletin.draft,
    }
    return dump_bulletin(fields, "")


# The option that gave each field a value, to name in a refusal.
OPTIONS = {"title": "--title", "number": "--number", "location": "--location"}


def refusals(text: str, path: Path) -> list[Diagnostic]:
    """What ``check`` would refuse in ``text`` (a value over its length limit, a control
    character), each named by the option that gave it: no file is written that the build
    would refuse."""
    outcome = parse_bulletin(text.encode("utf-8"), path, "nuevo", display_path(path))
    return [
        dataclasses.replace(d, path=OPTIONS.get(str(d.args.get("key")), d.path), line=None)
        for d in outcome.diagnostics
        if d.is_error
    ]


def create(content_dir: Path, bulletin: NewBulletin, vocabulary: Vocabulary) -> Path:
    """Write the new file and return its path; refuses to replace anything."""
    path = content_dir / relative_path(bulletin)
    text = file_text(bulletin, vocabulary)
    raise_if_errors(refusals(text, path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise BoletinesError([error(display_path(path), None, "new.exists")]) from None
    except OSError as exc:
        reason = os_reason(exc)
        raise BoletinesError(
            [error(display_path(path), None, "new.unwritable", reason=reason)]
        ) from None
    return path


def run(args: argparse.Namespace) -> int:
    elsewhere = outside_an_archive(args.config, args.content)
    if elsewhere is not None:
        raise BoletinesError([elsewhere])
    config = load_settings(args.config)
    args.language = config.language
    title = " ".join(args.title.split())
    if not title:
        raise BoletinesError([error("--title", None, "new.empty_title")])
    bulletin = NewBulletin(
        title=title,
        date=parse_date(args.date),
        number=(args.number or "").strip() or None,
        location=" ".join((args.location or "").split()) or None,
        draft=args.draft,
    )
    path = create(args.content, bulletin, config.topics)
    print(terminal_text(display_path(path)))
    if sys.stderr.isatty():
        print(load_catalog(config.language).message("new.next_steps"), file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new",
        help="crea un boletín nuevo con su encabezado completo",
        description="Crea content/<año>/<fecha>-<título>.md (o content/sin-fecha/<título>.md "
        "sin fecha) con todos los campos del encabezado, e imprime su ruta. "
        "Nunca sobrescribe un archivo existente.",
    )
    parser.add_argument(
        "--title", required=True, metavar="TÍTULO", help="título del boletín (entre comillas)"
    )
    parser.add_argument("--date", metavar="FECHA", help="fecha AAAA-MM-DD, por ejemplo 2025-11-25")
    parser.add_argument(
        "--number", metavar="NÚMERO", help='número del boletín, por ejemplo "591/2025"'
    )
    parser.add_argument("--location", metavar="LUGAR", help='lugar, por ejemplo "Ciudad de México"')
    parser.add_argument(
        "--draft", action="store_true", help="crearlo como borrador (draft: true), sin publicar"
    )
    add_site_arguments(parser)
    parser.set_defaults(run=run)
