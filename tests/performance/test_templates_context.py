"""The template context's short road for calls changes nothing a template can see.

Callables marked with ``pass_context``, ``pass_eval_context`` or ``pass_environment`` still
get what they ask for (also as methods and callable objects), loop and block variables
reach context functions, a StopIteration still becomes undefined, and the theme's pages
are the same bytes with Jinja's own context class.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2.runtime import Context
from test_build_parallel import write_archive

from builder.archive import build_archive
from builder.build import render_site
from builder.config import SiteConfig
from builder.content.loader import load_content
from builder.i18n import load_catalog
from builder.render import templates
from builder.render.templates import make_environment
from builder.settings import load_settings


def environment(tmp_path: Path, files: dict[str, str]) -> jinja2.Environment:
    folder = tmp_path / "templates"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    config = SiteConfig(root=tmp_path, title="Sitio")
    return make_environment(config, load_catalog("es"), lambda name: "/static/" + name)


@jinja2.pass_context
def who(context: Context, suffix: str = "") -> str:
    return f"{context.get('name')}{suffix}"


@jinja2.pass_environment
def env_kind(environment: jinja2.Environment) -> str:
    return type(environment).__name__


@jinja2.pass_eval_context
def autoescaping(eval_ctx: object) -> str:
    return str(eval_ctx.autoescape)  # type: ignore[attr-defined]


class Helper:
    @jinja2.pass_context
    def method(self, context: Context) -> str:
        return "m:" + str(context.get("name"))

    def plain(self, value: str) -> str:
        return "p:" + value

    @jinja2.pass_context
    def __call__(self, context: Context) -> str:
        return "c:" + str(context.get("name"))


def stops() -> str:
    raise StopIteration


PAGE = (
    "{{ who() }} {{ who('!') }} {{ env_kind() }} {{ autoescaping() }} "
    "{{ helper.method() }} {{ helper.plain('x') }} {{ helper() }} "
    "{% for name in ['loop'] %}{{ who() }}{% set inner = 'x' %}{{ who() }}{% endfor %} "
    "{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(name) }} {{ '{}-{}'.format(1, 2) }} "
    "{{ [3, 1, 2] | sort | join(',') }} {{ range(3) | list }}"
    "{% block b %}{% set name = 'block' %}{{ who() }}{% endblock %}"
)


def render_page(tmp_path: Path) -> str:
    env = environment(tmp_path, {"page.html": PAGE})
    env.globals.update(who=who, env_kind=env_kind, autoescaping=autoescaping, helper=Helper())
    return env.get_template("page.html").render(name="Ana")


def test_marked_callables_still_get_their_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = render_page(tmp_path / "fast")
    assert html.startswith("Ana Ana! Environment True m:Ana p:x c:Ana "), html
    assert " [Ana] 1-2 1,2,3 [0, 1, 2]" in html
    monkeypatch.setattr(templates, "_Context", Context)
    assert html == render_page(tmp_path / "jinja")


def test_stop_iteration_is_undefined_as_in_jinja(tmp_path: Path) -> None:
    env = environment(tmp_path, {"page.html": "{{ stops() }}"})
    env.globals["stops"] = stops
    with pytest.raises(jinja2.UndefinedError, match="StopIteration"):
        env.get_template("page.html").render()


def test_pages_are_the_same_with_jinja_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    root.mkdir()
    write_archive(root, 40)
    config = load_settings(root / "site.yaml")
    catalog = load_catalog(config.language)
    archive = build_archive(load_content(root / "content", config).bulletins)
    fast = render_site(archive, config, catalog, search=False, workers=1)
    monkeypatch.setattr(templates, "_Context", Context)
    plain = render_site(archive, config, catalog, search=False, workers=1)
    assert fast.files.keys() == plain.files.keys()
    for path, content in fast.files.items():
        assert content == plain.files[path], path
