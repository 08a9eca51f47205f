"""README.md, SECURITY.md and theme/TEMPLATES.md say only what the repository does: the
make targets, files, command options, templates, blocks and addresses they name exist, so a
new maintainer who follows them literally does not hit a stale name."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from builder.build.steps import BuildOptions, build
from builder.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = ("README.md", "SECURITY.md", "theme/TEMPLATES.md")
# Top-level folders whose files the documents name by path.
REPO_FOLDERS = ("tests/", "theme/", "builder/", "docs/", ".github/", "bench/", "content/")
GENERATED = ("bench/.work/",)  # made by make bench; absent from a fresh clone


def text(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def code_spans(name: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text(name))


def shell_lines(name: str) -> list[str]:
    """The lines of the ```sh blocks, comments removed."""
    lines, fence = [], None
    for line in text(name).splitlines():
        if line.startswith("```"):
            fence = line[3:].strip() if fence is None else None
        elif fence == "sh":
            lines.append(line.split(" #")[0].strip())
    return [line for line in lines if line]


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", text("Makefile"), flags=re.MULTILINE))


@pytest.mark.parametrize("doc", DOCS)
def test_every_make_target_named_exists(doc):
    code = "\n".join(code_spans(doc) + shell_lines(doc))
    named = set(re.findall(r"\bmake ([a-z][\w-]*)", code))
    assert named <= makefile_targets(), sorted(named - makefile_targets())


@pytest.mark.parametrize("doc", DOCS)
def test_every_repository_path_named_exists(doc):
    missing = []
    for span in code_spans(doc):
        for word in span.split():
            path = word.strip("(),;:'\"").split("#")[0]
            if not path.startswith(REPO_FOLDERS) or path.startswith(GENERATED):
                continue
            if re.search(r"[<>…*{}]", path):
                continue
            if not (ROOT / path).exists():
                missing.append(path)
    assert not missing


def help_text(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    return capsys.readouterr().out


def test_every_option_in_the_readme_examples_exists(capsys):
    commands = [
        shlex.split(line)
        for line in shell_lines("README.md")
        if line.startswith(".venv/bin/boletines ")
    ]
    assert {c[1] for c in commands} >= {"import", "build"}
    for command in commands:
        options = {a.split("=")[0] for a in command[2:] if a.startswith("--")}
        shown = help_text(command[1], capsys)
        assert all(f" {option}" in shown for option in options), command


def test_templates_md_lists_every_template_and_block():
    doc = text("theme/TEMPLATES.md")
    templates = sorted(p.name for p in (ROOT / "theme" / "templates").glob("*.html"))
    table = set(re.findall(r"^\| `([\w.]+\.html)` \|", doc, flags=re.MULTILINE))
    assert table == set(templates) - {"base.html"}
    partials = {f"partials/{p.name}" for p in (ROOT / "theme/templates/partials").glob("*")}
    assert partials <= set(code_spans("theme/TEMPLATES.md"))
    blocks = set(re.findall(r"{% block (\w+) %}", text("theme/templates/base.html")))
    listed = re.search(r"Blocks in `base.html`: (.*?)\.", doc, flags=re.DOTALL)
    assert listed and set(re.findall(r"`(\w+)`", listed.group(1))) == blocks
    readme = re.search(r"override a block \((.*?)\)", text("README.md"), flags=re.DOTALL)
    assert readme and set(re.findall(r"`(\w+)`", readme.group(1))) == blocks


def test_the_addresses_the_readme_lists_are_built(tmp_path):
    """Built from the repository's own content/ and site.yaml, as `make build` does."""
    out = tmp_path / "_site"
    build(BuildOptions(ROOT / "site.yaml", ROOT / "content", out, search=True))
    section = text("README.md").split("## Building the site")[1].split("The search page")[0]
    fixed = {
        path
        for path in re.findall(r"`(/[^`<]*)`", section)
        if "pagina" not in path  # pagination needs more bulletins than per_page
    }
    assert {"/", "/archivo/", "/temas/", "/lugares/", "/buscar/", "/feed.xml"} <= fixed
    for path in fixed:
        target = out / path.lstrip("/")
        if path == "/pagefind/":  # the search index: a folder, not a page
            target = target / "shards.json"
        elif path.endswith("/"):
            target = target / "index.html"
        assert target.exists(), path
    for kind in ("temas", "lugares"):
        assert any((out / kind).glob("*/index.html")), kind
    shards = sorted(p.name for p in (out / "pagefind").iterdir() if p.is_dir())
    documented = re.findall(r"`pagefind/([\w-]+)/`", text("theme/TEMPLATES.md"))
    assert set(shards) <= set(documented), (shards, documented)
