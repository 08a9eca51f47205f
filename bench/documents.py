"""Import time of the PDF and Word fixtures, for ``make bench``.

Each document of ``tests/fixtures/documents/`` is imported in process by
:func:`builder.importer.import_file` (reader in its bounded child, rules, word check),
``runs`` times; the median wall time is reported with the page count. Nothing is
written: the time is the importer's, not the disk's.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.corpus import REPO_ROOT

DOCUMENTS = REPO_ROOT / "tests" / "fixtures" / "documents"


def _pages(path: Path) -> str:
    if path.suffix != ".pdf":
        return "—"
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path.read_bytes())
    try:
        return str(len(document))
    finally:
        document.close()


def measure(runs: int) -> list[str]:
    """Markdown lines: a table of median import time per document."""
    from builder.core.settings import SiteConfig
    from builder.importer import import_file

    config = SiteConfig()
    lines = [
        "## Importing documents",
        "",
        f"`boletines import` of each PDF and Word fixture, in process, median of {runs} runs.",
        "",
        "| document | pages | import ms |",
        "|---|---|---|",
    ]
    for path in sorted([*DOCUMENTS.glob("*.pdf"), *DOCUMENTS.glob("*.docx")]):
        raw = path.read_bytes()
        import_file(raw, path.name, config)  # warm: libraries loaded, as in a batch
        times = []
        for _ in range(max(runs, 1)):
            started = time.perf_counter()
            import_file(raw, path.name, config)
            times.append(time.perf_counter() - started)
        lines.append(f"| {path.name} | {_pages(path)} | {statistics.median(times) * 1000:.0f} |")
    return [*lines, ""]


if __name__ == "__main__":
    print("\n".join(measure(5)))
