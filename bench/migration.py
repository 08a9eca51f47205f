"""A migration for ``make bench``: ``boletines import`` of a folder of 1,000 mixed files.

The folder is made from the project's own test bulletins: the text samples and the
migration corpus (``.txt``/``.md``), and the Word and PDF fixtures. Each text or Word
bulletin is copied under several years, its year changed in the text (so each copy is
a bulletin of its own, with its own file); the PDFs go in unchanged, several times, so
part of the folder is duplicates, as in a real office's archive. The command runs on
every core with a CSV report; wall time, CPU time and the memory of the process tree
(its processes' high-water marks added up) are reported, median of ``runs``.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import statistics
import zipfile
from pathlib import Path

from bench import measure
from bench.corpus import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures"
YEAR = re.compile(rb"\b20[0-2]\d\b")
WORD_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)")  # the text of a run, not the markup
PDF_SHARE = 0.05
WORD_SHARE = 0.25


def _text_sources() -> list[Path]:
    raw = sorted((FIXTURES / "raw").glob("*.txt"))
    corpus = sorted(
        p
        for p in (FIXTURES / "migration").glob("*/*")
        if p.suffix in (".txt", ".md") and not p.name.endswith(".expected.md")
    )
    return _dated(raw + corpus)


def _dated(paths: list[Path]) -> list[Path]:
    """The bulletins that import with a date (so a copy under another year is a
    bulletin of its own, not the same file twice)."""
    from builder.core.errors import BoletinesError
    from builder.core.settings import SiteConfig
    from builder.importer import import_file

    dated = []
    for path in paths:
        try:
            result = import_file(path.read_bytes(), path.name, SiteConfig())
        except BoletinesError:
            continue
        if result.fields.get("date") is not None:
            dated.append(path)
    return dated


def _with_year(data: bytes, year: int) -> bytes:
    return YEAR.sub(str(year).encode(), data)


def _word_with_year(path: Path, year: int) -> bytes:
    """The Word file with every year in its text changed (document.xml rewritten)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = WORD_TEXT.sub(
                    lambda m: m[1] + _with_year(m[2].encode(), year).decode(),
                    data.decode("utf-8"),
                ).encode("utf-8")
            z.writestr(item, data)
    return out.getvalue()


def make_archive(folder: Path, total: int = 1000) -> dict[str, int]:
    """Write ``total`` sources into ``folder``; how many of each kind."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    documents = FIXTURES / "documents"
    pdfs = sorted(documents.glob("*.pdf"))
    words = _dated(sorted(documents.glob("*.docx")))
    texts = _text_sources()
    n_pdf, n_word = int(total * PDF_SHARE), int(total * WORD_SHARE)
    n_text = total - n_pdf - n_word
    years = itertools.cycle(range(2000, 2100))
    for i, path in enumerate(itertools.islice(itertools.cycle(pdfs), n_pdf)):
        (folder / f"pdf-{i:04d}{path.suffix}").write_bytes(path.read_bytes())
    for i, (path, year) in enumerate(zip(itertools.cycle(words), years, strict=False)):
        if i == n_word:
            break
        (folder / f"word-{i:04d}.docx").write_bytes(_word_with_year(path, year))
    for i, path in enumerate(itertools.islice(itertools.cycle(texts), n_text)):
        year = 2000 + i // len(texts)
        sub = folder / str(year)
        sub.mkdir(exist_ok=True)
        (sub / f"{i:04d}-{path.name}").write_bytes(_with_year(path.read_bytes(), year))
    return {"pdf": n_pdf, "docx": n_word, "text": n_text}


def measure_migration(work: Path, runs: int, total: int = 1000) -> list[str]:
    """Markdown lines: the migration's time and memory, and what became of the files."""
    root = work / "migration"
    kinds = make_archive(root / "archivo", total)
    (root / "site.yaml").write_text('title: "Migración (benchmark)"\n', encoding="utf-8")
    command = [
        Path(os.environ.get("BOLETINES", REPO_ROOT / ".venv" / "bin" / "boletines")),
        "import",
        "archivo",
        "--report",
        "informe.csv",
    ]

    def fresh(_run: int) -> None:
        shutil.rmtree(root / "content", ignore_errors=True)

    samples = []
    for run in range(max(runs, 1)):
        fresh(run)
        sample = measure.run_once(command, cwd=root, log=root / f"import.{run}.log")
        samples.append(sample)
    statuses = _statuses(root / "informe.csv")
    wall = statistics.median(s.wall for s in samples)
    cpu = statistics.median(s.cpu for s in samples)
    tree = max(s.tree_rss for s in samples)
    load = statistics.median(s.load for s in samples)
    return [
        "## Migrating a folder",
        "",
        f"`boletines import archivo --report informe.csv` of {total:,} files "
        f"({kinds['text']} text, {kinds['docx']} Word, {kinds['pdf']} PDF), into an empty "
        f"content/, on {os.cpu_count()} cores; median of {len(samples)} runs "
        f"(exit status {samples[-1].returncode}: 1 when a file is refused).",
        "",
        "| wall s | CPU s | process tree, peak MB | load |",
        "|---|---|---|---|",
        f"| {wall:.1f} | {cpu:.1f} | {tree / 1e6:.0f} | {load:.1f} |",
        "",
        "What became of the files: "
        + ", ".join(f"{status} {count}" for status, count in sorted(statuses.items())),
        "",
    ]


def _statuses(report: Path) -> dict[str, int]:
    import csv

    counts: dict[str, int] = {}
    with report.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    for row in rows[1:]:
        counts[row[2]] = counts.get(row[2], 0) + 1
    return counts


if __name__ == "__main__":
    print("\n".join(measure_migration(REPO_ROOT / "bench" / ".work", runs=1)))
