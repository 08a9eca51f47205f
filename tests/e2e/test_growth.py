"""One bulletin cannot multiply the site: the output grows by a small multiple of the
bulletin file's size, even when every field is as long and as many as the limits allow.

A title is copied into every list that shows its bulletin, a tag or alias is a page of its
own, the body goes to the page, the feed, the export and the search index: before the
limits, a 4.5 MB title turned a 43 MB site into 4.3 GB. Measured here: a 1.0 MB bulletin
with every field at its limit grew a 60-bulletin site by 3.75 MB, and one of 118 KB with
the same fields and a short body by 440 KB, both 3.7 times their size (page, export and
feed hold one copy each, the search index most of another).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from reliability_support import run_cli

from builder.content.schema import (
    MAX_ALIASES,
    MAX_HIGHLIGHT,
    MAX_HIGHLIGHTS,
    MAX_LINK_LABEL,
    MAX_LINKS,
    MAX_LOCATION,
    MAX_NUMBER,
    MAX_TAG,
    MAX_TAGS,
    MAX_TITLE,
    MAX_URL,
)

GROWTH_FACTOR = 6
TOPICS = ["salud", "guarderías", "pensiones", "becas", "cuidados"]
PLACES = ["Ciudad de México", "Monterrey", "Guadalajara"]
SYLLABLES = ["ca", "sa", "lu", "de", "mi", "to", "ra", "pe", "ni", "go", "ber", "tal", "cion"]


def words(rng: random.Random, count: int, limit: int | None = None) -> str:
    text = " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(count)
    )
    return text[:limit].strip() if limit else text


def ordinary(i: int) -> str:
    year = 2024 + i % 2
    return (
        f'---\ntitle: "Boletín {i} sobre {TOPICS[i % 5]}"\n'
        f"date: {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
        f'number: "{i}/{year}"\nlocation: {PLACES[i % 3]}\n'
        f"tags: [{TOPICS[i % 5]}, {TOPICS[(i + 2) % 5]}]\n---\n"
        f"Texto del boletín {i} sobre {TOPICS[i % 5]}.\n\nOtro párrafo del boletín.\n"
    )


def largest(body_bytes: int) -> str:
    """A valid bulletin with every field at its limit: the longest title, number and place,
    the most and longest tags (the site's five topics among them), highlights, links and
    aliases, and a body of about ``body_bytes`` of varied words."""
    rng = random.Random(7)
    tags = [*TOPICS, *(f"tema {n} {words(rng, 20)}" for n in range(MAX_TAGS - len(TOPICS)))]
    lines = [
        "---",
        f'title: "{words(rng, 200, MAX_TITLE)}"',
        "date: 2025-06-15",
        f'number: "{"9" * MAX_NUMBER}"',
        f'location: "{words(rng, 60, MAX_LOCATION)}"',
        "highlights:",
        *(f'  - "{words(rng, 500, MAX_HIGHLIGHT)}"' for _ in range(MAX_HIGHLIGHTS)),
        "links:",
    ]
    for n in range(MAX_LINKS):
        url = f"https://example.org/{n}/" + "a" * (MAX_URL - 30)
        label = words(rng, 60, MAX_LINK_LABEL)
        lines.append(f'  - {{label: "{label}", url: "{url}", kind: photos}}')
    lines += ["tags:", *(f'  - "{tag[:MAX_TAG].strip()}"' for tag in tags), "aliases:"]
    lines += [f'  - "/viejo/{n}/{"/".join(["b" * 90] * 3)}/"' for n in range(MAX_ALIASES)]
    text = "\n".join([*lines, "---", ""])
    paragraphs = []
    while len(text) + sum(len(p) + 2 for p in paragraphs) < body_bytes:
        paragraphs.append(words(rng, 120))
    return text + "\n\n".join(paragraphs) + "\n"


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("body_bytes", [0, 400_000])
def test_one_bulletin_grows_the_site_by_a_small_multiple_of_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body_bytes: int
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    root = tmp_path / "archive"
    (root / "content" / "2025").mkdir(parents=True)
    (root / "site.yaml").write_text('title: "Prueba"\n', encoding="utf-8")
    for i in range(60):
        (root / "content" / f"b{i:03d}.md").write_text(ordinary(i), encoding="utf-8")
    assert run_cli(["build", "--out", "antes"], root).code == 0
    source = root / "content" / "2025" / "grande.md"
    source.write_text(largest(body_bytes), encoding="utf-8")
    built = run_cli(["build", "--out", "despues"], root)
    assert built.code == 0, built.text
    size = source.stat().st_size
    growth = folder_bytes(root / "despues") - folder_bytes(root / "antes")
    assert size > body_bytes
    assert 0 < growth <= GROWTH_FACTOR * size, (size, growth, growth / size)


def test_a_title_that_would_be_copied_everywhere_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    root = tmp_path / "archive"
    (root / "content" / "2025").mkdir(parents=True)
    (root / "site.yaml").write_text('title: "Prueba"\n', encoding="utf-8")
    for i in range(60):
        (root / "content" / f"b{i:03d}.md").write_text(ordinary(i), encoding="utf-8")
    title = words(random.Random(3), 40_000, 200_000)
    text = ordinary(60).replace('title: "Boletín 60 sobre salud"', f'title: "{title}"')
    (root / "content" / "2025" / "grande.md").write_text(text, encoding="utf-8")
    built = run_cli(["build"], root)
    assert built.code == 1
    assert built.err.splitlines() == [
        "content/2025/grande.md:2: «title» tiene 200000 caracteres y el máximo es 400; "
        "acórtelo (el texto largo va en el cuerpo del boletín)."
    ]
    assert not (root / "_site").exists()
