"""The Jinja2 environment: site templates override the theme's, file by file.

Lookup order: ``templates/`` next to site.yaml, then ``theme/templates/``. An override can
extend the very file it replaces by naming the theme's copy with the ``!theme/`` prefix
(as in Pelican)::

    {# templates/base.html, next to site.yaml #}
    {% extends "!theme/base.html" %}
    {% block footer %}{{ super() }}<p>Hecho por la Unidad de Comunicación</p>{% endblock %}

Autoescaping is on and undefined variables are errors, so a typo in a template fails the
build instead of printing nothing. Templates compile once per build and are reused.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from builder.core.dates import format_date, format_month
from builder.core.errors import BoletinesError, error
from builder.core.i18n import THEME_DIR, Catalog
from builder.core.settings import SiteConfig
from builder.render.view import format_size

THEME_PREFIX = "!theme"
_NEEDS_QUOTING = re.compile(r"[^A-Za-z0-9._~/-]")


class MissingValue(jinja2.UndefinedError):
    """A template used a name or an attribute that does not exist; says which, so the
    message does not have to be read back from Jinja's English text."""

    def __init__(self, message: str | None, name: str | None, attribute: bool) -> None:
        super().__init__(message)
        self.name = name
        self.attribute = attribute


_NO_OWNER = object()


class _Undefined(jinja2.StrictUndefined):
    """Jinja's strict undefined, raising :class:`MissingValue` (through ``exc``, the
    documented way to choose what an undefined value raises)."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = _NO_OWNER,
        name: str | None = None,
        exc: type[jinja2.TemplateRuntimeError] = jinja2.UndefinedError,
    ) -> None:
        attribute = obj is not _NO_OWNER

        def missing(message: str | None) -> MissingValue:
            return MissingValue(message, name if hint is None else None, attribute)

        owner = {"obj": obj} if attribute else {}
        super().__init__(hint, name=name, exc=missing, **owner)  # type: ignore[arg-type]


def make_environment(
    config: SiteConfig,
    catalog: Catalog,
    asset: Callable[[str], str],
    *,
    theme_dir: Path = THEME_DIR,
    extra_globals: Mapping[str, Any] | None = None,
    bytecode_cache: jinja2.BytecodeCache | None = None,
) -> jinja2.Environment:
    """The environment every page renders with; ``asset(name)`` gives a hashed asset URL.
    ``bytecode_cache`` keeps compiled templates between builds of one process (the
    preview); Jinja compiles a template again when its source changed."""
    theme = jinja2.FileSystemLoader(theme_dir / "templates")
    loaders: list[jinja2.BaseLoader] = []
    if config.templates_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(config.templates_dir))
    loaders += [theme, jinja2.PrefixLoader({THEME_PREFIX: theme})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=_Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
        bytecode_cache=bytecode_cache,
    )
    language = config.language
    base_path, origin = config.base_path, config.origin  # computed once, not per link

    def url(path: str = "") -> str:
        """Site-relative URL of ``path`` (SiteConfig.url), percent-encoded when needed, so a
        file named "Boletín 14.md" is linked as ``Bolet%C3%ADn%2014/``."""
        path = path.lstrip("/")
        return base_path + (quote(path, safe="/") if _NEEDS_QUOTING.search(path) else path)

    def absolute_url(path: str = "") -> str:
        return origin + url(path)

    env.globals.update(
        site=config,
        lang=language,
        t=catalog.text,
        tn=lambda key, count, **args: catalog.text(
            f"{key}.{'one' if count == 1 else 'other'}", count=count, **args
        ),
        url=url,
        absolute_url=absolute_url,
        asset=asset,
        format_date=lambda date: format_date(date, language),
        format_month=lambda year, month: format_month(int(year), int(month), language),
        format_size=lambda size: format_size(int(size), catalog),
    )
    env.globals.update(extra_globals or {})
    return env


def template_exists(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> bytes:
    """Render ``name``; a broken (possibly site-provided) template becomes a user error."""
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise BoletinesError(
            [
                error(
                    exc.filename or exc.name or name,
                    exc.lineno,
                    "build.template",
                    detail=exc.message,
                )
            ]
        ) from exc
    except jinja2.TemplateNotFound as exc:  # {% extends "!theme/nope.html" %}, {% include %}
        path, line = _error_location(env, name, exc)
        raise BoletinesError(
            [error(path, line, "build.template_not_found", name=exc.name)]
        ) from exc
    except MissingValue as exc:  # a misspelt variable or attribute
        path, line = _error_location(env, name, exc)
        if exc.name is None:
            diagnostic = error(path, line, "build.template", detail=exc.message or "")
        elif exc.attribute:
            diagnostic = error(path, line, "build.template_no_attribute", attr=exc.name)
        else:
            diagnostic = error(path, line, "build.template_undefined", name=exc.name)
        raise BoletinesError([diagnostic]) from exc
    except (jinja2.TemplateError, KeyError) as exc:  # KeyError: t("no.such.key"), asset("x")
        detail = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise BoletinesError(
            [error(_template_path(env, name), None, "build.template", detail=detail)]
        ) from exc


def _error_location(
    env: jinja2.Environment, name: str, exc: BaseException
) -> tuple[str, int | None]:
    """The template file and line where a render failed: Jinja maps its frames to template
    lines, and the innermost template frame is the line the editor has to fix."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")) and Path(frame.filename).is_file():
            return frame.filename, frame.lineno
    return _template_path(env, name), None


def _template_path(env: jinja2.Environment, name: str) -> str:
    try:
        return env.get_template(name).filename or name
    except jinja2.TemplateError:
        return name
