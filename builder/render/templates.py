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
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any
from urllib.parse import quote

import jinja2
from jinja2.runtime import Context, Macro
from jinja2.utils import internalcode

from builder.config import SiteConfig
from builder.dates import format_date, format_month
from builder.errors import BoletinesError, error
from builder.i18n import THEME_DIR, Catalog
from builder.render.view import format_size

THEME_PREFIX = "!theme"
_NEEDS_QUOTING = re.compile(r"[^A-Za-z0-9._~/-]")
_PASS_ARG = "jinja_pass_arg"  # set by @pass_context and friends on the function itself


class _Context(Context):
    """Jinja's context with a shorter road for calls that take no context.

    A page makes hundreds of calls (``t()``, ``url()``, macros, ``isoformat()``), and
    :meth:`Context.call` asks each callable up to four times whether it wants the context,
    the evaluation context or the environment passed in. Plain functions without that
    mark, builtins and macros never do; they are called as Jinja would call them (loop and
    block variables dropped, StopIteration made undefined), everything else goes the usual
    way."""

    @internalcode
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if (
            (kind is FunctionType and _PASS_ARG not in __obj.__dict__)
            or kind is BuiltinFunctionType
            or kind is Macro
            or (
                kind is MethodType
                and type(__obj.__func__) is FunctionType  # type: ignore[attr-defined]
                and _PASS_ARG not in __obj.__func__.__dict__  # type: ignore[attr-defined]
            )
        ):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


def make_environment(
    config: SiteConfig,
    catalog: Catalog,
    asset: Callable[[str], str],
    *,
    theme_dir: Path = THEME_DIR,
    extra_globals: Mapping[str, Any] | None = None,
) -> jinja2.Environment:
    """The environment every page renders with; ``asset(name)`` gives a hashed asset URL."""
    theme = jinja2.FileSystemLoader(theme_dir / "templates")
    loaders: list[jinja2.BaseLoader] = []
    if config.templates_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(config.templates_dir))
    loaders += [theme, jinja2.PrefixLoader({THEME_PREFIX: theme})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
    )
    env.context_class = _Context
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
    except jinja2.UndefinedError as exc:  # a misspelt variable or attribute
        path, line = _error_location(env, name, exc)
        attribute = _NO_ATTRIBUTE.match(exc.message or "")
        if attribute:
            diagnostic = error(path, line, "build.template_no_attribute", attr=attribute[1])
        else:
            undefined = _UNDEFINED.match(exc.message or "")
            what = undefined[1] if undefined else exc.message or ""
            diagnostic = error(path, line, "build.template_undefined", name=what)
        raise BoletinesError([diagnostic]) from exc
    except (jinja2.TemplateError, KeyError) as exc:  # KeyError: t("no.such.key"), asset("x")
        detail = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise BoletinesError(
            [error(_template_path(env, name), None, "build.template", detail=detail)]
        ) from exc


# Jinja's own wording of an undefined name or attribute, turned into the site's language.
_UNDEFINED = re.compile(r"^'(.+)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"^.+ has no attribute '(.+)'$")


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
