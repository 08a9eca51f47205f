"""The GitHub workflows cannot run here (no GitHub), so they are checked statically:
by zizmor (a linter for GitHub Actions: permissions, injection, pinning, credentials), by
the workflow JSON Schema that check-jsonschema ships, and against the inputs and outputs
the official actions declare in their action.yml."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github/workflows/pages.yml"
TESTS_WORKFLOW = ROOT / ".github/workflows/test.yml"
WORKFLOWS = [WORKFLOW, TESTS_WORKFLOW]
BIN = Path(sys.executable).parent

# From each action's action.yml at the pinned release (inputs, outputs).
ACTIONS: dict[str, tuple[set[str], set[str]]] = {
    "actions/checkout": (
        {"repository", "ref", "token", "ssh-key", "persist-credentials", "path", "fetch-depth"},
        {"ref", "commit"},
    ),
    "actions/setup-python": (
        {"python-version", "python-version-file", "cache", "cache-dependency-path"},
        {"python-version", "cache-hit", "python-path"},
    ),
    "actions/configure-pages": (
        {"static_site_generator", "generator_config_file", "token", "enablement"},
        {"base_url", "origin", "host", "base_path"},
    ),
    "actions/cache": (
        {"path", "key", "restore-keys", "enableCrossOsArchive", "fail-on-cache-miss"},
        {"cache-hit"},
    ),
    "actions/upload-pages-artifact": ({"name", "path", "retention-days"}, {"artifact_id"}),
    "actions/deploy-pages": (
        {"token", "timeout", "error_count", "reporting_interval", "artifact_name", "preview"},
        {"page_url"},
    ),
}


def run(tool: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / tool, *map(str, args)], capture_output=True, text=True, timeout=120
    )


def load(text: str) -> dict:
    # YAML 1.1 reads the key "on" as True; the workflow means the string.
    data = yaml.safe_load(text)
    data["on"] = data.pop(True)
    return data


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_zizmor_finds_nothing_even_as_an_auditor(workflow):
    result = run("zizmor", "--offline", "--persona", "auditor", workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_would_catch_a_regression(tmp_path):
    """The linter is not blind: the old workflow's shapes (write permissions for every job,
    an expression pasted into the shell, tags instead of commits) are findings."""
    text = WORKFLOW.read_text(encoding="utf-8")
    text = text.replace("permissions: {}", "permissions:\n  pages: write\n  id-token: write")
    text = re.sub(r"@[0-9a-f]{40}", "@v4", text)
    text = text.replace('"$PAGES_BASE_URL/"', '"${{ steps.pages.outputs.base_url }}/"')
    bad = tmp_path / ".github/workflows/pages.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(text, encoding="utf-8")
    result = run("zizmor", "--offline", "--persona", "auditor", "--format", "plain", bad)
    assert result.returncode != 0
    for audit in ("excessive-permissions", "unpinned-uses", "template-injection"):
        assert audit in result.stdout, audit


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_workflow_schema(tmp_path, workflow):
    result = run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text(workflow.read_text(encoding="utf-8").replace("runs-on:", "run-on:"))
    result = run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", bad)
    assert result.returncode == 1


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_official_pinned_and_given_only_inputs_it_declares(path):
    workflow = load(path.read_text(encoding="utf-8"))
    outputs: dict[str, set[str]] = {}
    used = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" not in step:
                continue
            name, _, ref = step["uses"].partition("@")
            assert re.fullmatch(r"[0-9a-f]{40}", ref), step["uses"]
            inputs, declared = ACTIONS[name]
            assert set(step.get("with", {})) <= inputs, name
            if "id" in step:
                outputs[step["id"]] = declared
            used.append(name)
    text = path.read_text(encoding="utf-8")
    references = re.findall(r"steps\.([\w-]+)\.outputs\.([\w-]+)", text)
    if path == WORKFLOW:
        assert set(used) == set(ACTIONS)
        assert references, "the base URL and page URL come from step outputs"
    for step_id, output in references:
        assert output in outputs[step_id], f"steps.{step_id}.outputs.{output}"


def test_build_job_reads_and_deploy_job_alone_writes():
    workflow = load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_site"


def test_pages_are_rebuilt_every_hour_for_scheduled_bulletins():
    """A bulletin scheduled for 09:00 appears by itself: the workflow also runs on a
    schedule, and its build step is the one a push runs (make build takes the clock)."""
    workflow = load(WORKFLOW.read_text(encoding="utf-8"))
    [schedule] = workflow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit() and 0 < int(minute) < 60  # not minute 0, when GitHub is busiest
    assert (hour, day, month, weekday) == ("*", "*", "*", "*"), "every hour"
    build = workflow["jobs"]["build"]
    assert "if" not in build and "if" not in workflow["jobs"]["deploy"]
    [step] = [s for s in build["steps"] if "make build" in s.get("run", "")]
    assert "--now" not in step["run"]
    assert '"*/15 * * * *": every 15 minutes' in WORKFLOW.read_text(encoding="utf-8")


def test_cache_is_the_folder_the_builder_uses(monkeypatch, tmp_path):
    """The restored folder must be where a build on the runner looks (no XDG_CACHE_HOME
    there), and its key must let a new commit restore an older commit's cache."""
    from builder.cache.store import cache_root

    workflow = load(WORKFLOW.read_text(encoding="utf-8"))
    [cache] = [
        s for s in workflow["jobs"]["build"]["steps"] if "actions/cache" in s.get("uses", "")
    ]
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Path(cache["with"]["path"]).expanduser() == cache_root()
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])


@pytest.mark.parametrize("base_url", ["https://octocat.github.io/my-repo", "https://example.org"])
def test_build_step_gives_make_the_pages_base_url_with_a_slash(base_url):
    workflow = load(WORKFLOW.read_text(encoding="utf-8"))
    [step] = [s for s in workflow["jobs"]["build"]["steps"] if "make build" in s.get("run", "")]
    script = step["run"].replace("make build", "make -n build")
    env = {"PATH": f"{BIN}:/usr/bin:/bin", **step["env"]}
    env["PAGES_BASE_URL"] = base_url
    result = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert f"boletines build --base-url {base_url}/" in result.stdout, result.stdout


def test_tests_run_locked_on_every_change_and_on_the_newest_releases_weekly():
    workflow = load(TESTS_WORKFLOW.read_text(encoding="utf-8"))
    assert set(workflow["on"]) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    [schedule] = workflow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "once a week"
    assert workflow["permissions"] == {}
    locked, newest = workflow["jobs"]["locked"], workflow["jobs"]["newest"]
    for job in (locked, newest):
        assert job["permissions"] == {"contents": "read"}
    assert locked["if"] == "github.event_name != 'schedule'"
    assert "schedule" in newest["if"]
    assert locked["steps"][-1]["run"].endswith("make test")
    assert newest["steps"][-1]["run"].endswith("make test-latest")


def make_dry_run(*args: str) -> str:
    # Not the variables of a make that runs these tests (make test-latest passes
    # VENV and LOCKED down to every make below it through MAKEFLAGS).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.pop("VENV", None)
    env.pop("LOCKED", None)
    result = subprocess.run(
        ["make", "-n", "-B", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_test_installs_the_lock_with_hashes_and_test_latest_the_newest():
    locked = make_dry_run("test")
    assert "--require-hashes --no-deps -r requirements-test.lock" in locked
    assert "--upgrade" not in locked
    newest = make_dry_run("test-latest", "--no-print-directory")
    assert "VENV=.venv-latest LOCKED=no" in newest
    latest = make_dry_run("test", "VENV=.venv-latest", "LOCKED=no")
    assert "pip --disable-pip-version-check install -q --upgrade --upgrade-strategy eager" in latest
    assert "requirements" not in latest
