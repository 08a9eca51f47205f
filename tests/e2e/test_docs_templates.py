"""theme/TEMPLATES.md's override, followed literally: a template in templates/ next to
site.yaml replaces the theme's or extends it as `!theme/<name>`; a mistake in it is
`path:line: message` in Spanish, naming the line of the site's template to fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import make_tree
from site_support import FILES

from builder.cli import main

ROOT = Path(__file__).resolve().parents[2]


def documented_example() -> str:
    doc = (ROOT / "theme" / "TEMPLATES.md").read_text(encoding="utf-8")
    example = re.search(r"```jinja\n(.*?)```", doc, flags=re.DOTALL)
    assert example
    return example.group(1)


def build(tmp_path: Path, templates: dict[str, str], capsys) -> tuple[int, str, Path]:
    root = tmp_path / "sitio"
    make_tree(root, {**FILES, **{f"templates/{k}": v for k, v in templates.items()}})
    out = root / "_site"
    code = main(
        ["build", "--config", str(root / "site.yaml"), "--content", str(root / "content")]
        + ["--out", str(out), "--no-search"]
    )
    return code, capsys.readouterr().err, root


def test_the_documented_override_extends_the_theme(tmp_path, capsys):
    code, err, root = build(tmp_path, {"base.html": documented_example()}, capsys)
    assert code == 0, err
    page = (root / "_site" / "index.html").read_text(encoding="utf-8")
    assert "<p>Unidad de Comunicación Social</p>" in page
    assert 'class="site-footer"' in page or "<footer" in page  # super() kept the theme's


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        (
            '{% extends "!theme/base.html" %}\n{% block footer %}\n{{ pie }}{% endblock %}',
            3,
            "«pie» no está definido en esta plantilla; theme/TEMPLATES.md lista",
        ),
        (
            '{% extends "!theme/base.html" %}\n{% block footer %}{{ site.tittle }}{% endblock %}',
            2,
            "no existe el atributo «tittle»",
        ),
        (
            '\n{% extends "!theme/bse.html" %}',
            2,
            "no existe la plantilla !theme/bse.html; las del tema se nombran con !theme/",
        ),
    ],
)
def test_a_mistake_in_an_override_names_its_line(tmp_path, capsys, template, line, message):
    code, err, root = build(tmp_path, {"base.html": template}, capsys)
    assert code == 1
    expected = f"{root / 'templates' / 'base.html'}:{line}: "
    assert err.startswith(expected), err
    assert message in err
    assert "Traceback" not in err and "is undefined" not in err
