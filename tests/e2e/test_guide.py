"""The editor guide's example file and the repository's own archive pass ``check``."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from editor_support import bulletin

from builder.check.findings import check_site
from builder.cli import main
from builder.content.schema import FIELDS, LINK_FIELDS

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guia-editores.md"


def example() -> tuple[str, str]:
    """The guide's complete example: its file name and its text."""
    text = GUIDE.read_text(encoding="utf-8")
    name = re.search(r"^`(content/[^`]+\.md)`:$", text, re.MULTILINE).group(1)
    body = re.search(r"```markdown\n(.*?)```", text, re.DOTALL).group(1)
    return name, body


def test_the_guide_example_is_a_clean_bulletin_among_the_samples(tmp_path: Path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "site.yaml", tmp_path / "site.yaml")
    name, text = example()
    for sample in (tmp_path / "content").rglob("*.md"):  # the example is sample 591/2025
        if 'number: "591/2025"' in sample.read_text(encoding="utf-8"):
            sample.unlink()
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = check_site(tmp_path / "site.yaml", tmp_path / "content", suggest_tags=True)
    mine = [d for d in result.diagnostics if d.path.endswith(Path(name).name)]
    assert mine == []
    assert result.errors == 0
    assert result.bulletins == 5


def test_the_sample_archive_has_no_errors_and_its_tags_cover_the_vocabulary():
    result = check_site(ROOT / "site.yaml", ROOT / "content", suggest_tags=True)
    assert result.errors == 0
    assert result.bulletins == 5
    assert result.suggestions == ()


def catalog_patterns() -> list[re.Pattern[str]]:
    """Every Spanish message as a regular expression, ``{placeholders}`` matching anything."""
    data = yaml.safe_load((ROOT / "theme" / "i18n" / "es.yaml").read_text(encoding="utf-8"))
    warning_label = data["messages"]["label.warning"]
    patterns = []
    for template in data["messages"].values():
        parts = re.split(r"\{[a-z_]+(?::[^}]*)?\}", template)
        body = ".+?".join(re.escape(part) for part in parts)
        patterns.append(re.compile(rf"(?:\S+?(?::\d+)?: )?(?:{warning_label}: )?{body}"))
    return patterns


def shown_outputs() -> list[str]:
    """Lines of the guide's unlabelled code blocks: what it says the commands print."""
    shown, fence = [], None  # fence: the open block's info string ("" for output)
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = stripped[3:] if fence is None else None
        elif fence == "" and stripped:
            shown.append(stripped)
    return shown


def test_every_output_the_guide_shows_is_a_real_message():
    lines = shown_outputs()
    assert len(lines) >= 10  # new, its refusals, check, suggestions, serve
    patterns = catalog_patterns()
    for line in lines:
        if re.fullmatch(r"content/\S+\.md", line):  # the path ``new`` prints
            continue
        assert any(p.fullmatch(line) for p in patterns), line


def vscode_matchers() -> list[tuple[re.Pattern[str], str]]:
    tasks = json.loads((ROOT / "docs" / "vscode" / "tasks.json").read_text(encoding="utf-8"))
    check = next(t for t in tasks["tasks"] if t["args"] == ["check"])
    return [(re.compile(m["pattern"]["regexp"]), m["severity"]) for m in check["problemMatcher"]]


def test_the_vscode_task_reads_checks_findings_with_their_severity(cli, write):
    write(
        {
            "2025/2025-11-25-x.md": bulletin(body="Vea [esto](/2025/no-existe/).\n"),
            "sin-fecha/y.md": bulletin("Y", date=None, number='"2/2025"'),
            "2099/2099-01-01-z.md": bulletin("Z", date="2099-01-01", number='"3/2099"'),
        }
    )
    lines = cli("check").lines
    found = []
    for line in lines:
        matches = [(m.fullmatch(line), severity) for m, severity in vscode_matchers()]
        matches = [(m, severity) for m, severity in matches if m]
        assert len(matches) <= 1, line  # never counted twice
        if matches:
            match, severity = matches[0]
            found.append((match.group(1), int(match.group(2)), severity))
    assert found == [
        ("content/2025/2025-11-25-x.md", 13, "error"),
        ("content/sin-fecha/y.md", 3, "warning"),
        ("content/2099/2099-01-01-z.md", 3, "info"),  # scheduled: listed, not a problem
    ]
    assert lines[-1] == "1 error, 1 aviso en 3 boletines."


def guide_commands(program: str) -> list[list[str]]:
    """The commands of the guide's ``sh`` blocks that run ``program``, as argument lists."""
    commands, fence = [], None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = stripped[3:] if fence is None else None
        elif fence == "sh" and stripped.startswith(program + " "):
            commands.append(shlex.split(stripped, comments=True))
    return commands


def test_the_guides_new_command_prints_what_the_guide_shows(cli):
    shown = shown_outputs()
    command = next(c for c in guide_commands("boletines") if c[1] == "new")
    created = cli(*command[1:])
    assert created.code == 0
    assert created.out.strip() in shown
    again = cli(*command[1:])
    assert again.code == 1
    assert again.err.strip() in shown  # refuses to overwrite, as the guide says
    date = command.index("--date") + 1
    misdated = cli(*command[1:date], "26/11/2025", *command[date + 1 :])
    assert misdated.err.strip() in shown


def test_every_option_the_guide_uses_exists(capsys):
    commands = guide_commands("boletines")
    assert {c[1] for c in commands} >= {"new", "import", "check", "serve"}
    for command in commands:
        with pytest.raises(SystemExit):
            main([command[1], "--help"])
        help_text = capsys.readouterr().out
        for option in (a.split("=")[0] for a in command[2:] if a.startswith("--")):
            assert f" {option}" in help_text, (command, option)


def test_the_vscode_task_runs_check_without_a_progress_line():
    """VS Code runs tasks in a terminal: a progress line would precede the first finding."""
    tasks = json.loads((ROOT / "docs" / "vscode" / "tasks.json").read_text(encoding="utf-8"))
    check = next(t for t in tasks["tasks"] if t["args"] == ["check"])
    assert check["options"]["env"]["CI"] == "true"
    assert not wants_progress_in(check["options"]["env"])


def wants_progress_in(environ: dict[str, str]) -> bool:
    from builder.commands.progress import in_ci

    return not in_ci(environ)


def test_the_guide_lists_every_limit_the_validator_applies():
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("### Límites", 1)[1]
    table = next(b for b in section.split("\n\n") if b.startswith("| Campo | Máximo |"))
    rows = {row.split("|")[1].strip(" `"): row for row in table.splitlines()[2:]}

    def shown(n: int) -> str:
        return f"{n:,}".replace(",", " ")

    for field in (*FIELDS, *LINK_FIELDS):
        row = rows.get(field.name) or rows["links"]
        for limit in (field.max_length, field.max_items):
            if limit is not None:
                assert re.search(rf"\b{shown(limit)}\b", row), (field.name, limit, row)
