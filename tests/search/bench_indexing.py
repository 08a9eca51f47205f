"""Pagefind's Python API against its bundled binary on the same generated bulletin pages.

Run: ``.venv/bin/python tests/search/bench_indexing.py [N]`` (default 1,000 pages, plus 100
listing pages without the search mark). Prints the median wall and CPU seconds of three
alternating runs of each way; builder/search/index.py uses the faster one. Not a test: timings
depend on the machine and its load.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "search"))

from test_index import PAGE, article  # noqa: E402

from builder.content.model import Bulletin  # noqa: E402
from builder.search.pagefind import pagefind_executable  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
SENTENCE = (
    "El Instituto Mexicano del Seguro Social informó que las guarderías, las unidades de "
    "medicina familiar y los hospitales de IMSS-Bienestar atienden a la población sin "
    "seguridad social en Ciudad Juárez, Mérida y la Ciudad de México."
)
WORDS = SENTENCE.split(" ")


def paragraphs() -> list[str]:
    found = []
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8", errors="replace")
        found += [p.strip().replace("**", "") for p in text.split("\n\n") if len(p.strip()) > 120]
    return found or [SENTENCE] * 20


def generate(site: Path, count: int) -> None:
    rng = random.Random(7)
    texts = paragraphs()
    topics = [f"tema {i}" for i in range(30)]
    for i in range(count):
        date = dt.date(2010, 1, 1) + dt.timedelta(days=i * 5)
        bulletin = Bulletin(
            source=Path(f"{i}.md"),
            slug_path=f"{date.year}/b{i}",
            title=f"Boletín {i}: " + " ".join(rng.sample(WORDS, 8)),
            body="\n".join(rng.sample(texts, min(len(texts), rng.randint(8, 15)))),
            date=date if i % 50 else None,
            number=f"{i}/{date.year}",
            location=rng.choice(["Ciudad de México", "Ciudad Juárez", "Mérida"]),
            tags=tuple(rng.sample(topics, 3)),
        )
        page = site / bulletin.slug_path / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(title=bulletin.title, main=article(bulletin)), "utf-8")
    for j in range(100):
        page = site / "lista" / str(j) / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(title="Lista", main="<ul><li>x</li></ul>" * 50), "utf-8")


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def with_binary(site: Path) -> None:
    command = [str(pagefind_executable()), "--site", str(site), "--force-language", "es"]
    subprocess.run([*command, "--silent"], check=True)


def with_api(site: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    async def run() -> None:
        config = IndexConfig(force_language="es", output_path=str(site / "pagefind"))
        async with PagefindIndex(config) as index:  # writes once, on leaving the block
            await index.add_directory(str(site))

    asyncio.run(run())


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        generate(site, count)
        times: dict[str, list[tuple[float, float]]] = {"binary": [], "python api": []}
        for _ in range(3):
            for name, way in (("binary", with_binary), ("python api", with_api)):
                shutil.rmtree(site / "pagefind", ignore_errors=True)
                wall, cpu_before = time.perf_counter(), cpu()
                way(site)
                times[name].append((time.perf_counter() - wall, cpu() - cpu_before))
        for name, runs in times.items():
            wall = statistics.median(w for w, _ in runs)
            spent = statistics.median(c for _, c in runs)
            print(f"{name:11} {count} pages: wall {wall:.2f} s, Pagefind CPU {spent:.2f} s")


if __name__ == "__main__":
    main()
