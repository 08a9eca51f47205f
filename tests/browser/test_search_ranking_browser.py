"""One ranking, in a real browser: the search page's merged shards rank the first results as
one plain Pagefind index over the same pages does (``bench/ranking.py``, which ``make bench``
runs on the generated archives, with the ranking settings of ``shards.json``).

The site has two shards of equal statistics (the same texts in 2024 and 2025), so that each
shard's own term statistics give the scores of the whole archive; each query's word occurs
one to seven times in bulletins of equal length, so the first ten results span both shards
and have no tie at the tenth place.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browser_support import CHROMIUM, ROOT, missing
from helpers import make_tree

pytestmark = pytest.mark.browser

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import ranking  # noqa: E402

YEARS = (2025, 2024)
PER_YEAR = 7
QUERIES = ("vacunación", "hospital", "guarderías")
LENGTH = 9  # words of each paragraph below


def body(i: int) -> str:
    """Three paragraphs of ``LENGTH`` words; the query words occur 1 to 7 times, in three
    different orders, and every bulletin has as many words."""
    lines = []
    for word, times in (
        ("vacunación", 1 + i),
        ("hospital", PER_YEAR - i),
        ("guarderías", 1 + (i * 3) % PER_YEAR),
    ):
        lines.append(" ".join([word] * times + ["relleno"] * (LENGTH - times)) + ".")
    return "\n\n".join(lines)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from builder.build.steps import BuildOptions, build

    settings = (ROOT / "site.yaml").read_text(encoding="utf-8")
    files = {"site.yaml": f"{settings}\nsearch_shard_pages: {PER_YEAR}\n"}
    for year in YEARS:
        for i in range(PER_YEAR):
            files[f"content/{year}/b{i}.md"] = (
                f'---\ntitle: "Aviso {i} del año"\ndate: {year}-03-{10 + i}\n---\n{body(i)}\n'
            )
    work = make_tree(tmp_path_factory.mktemp("ranking-site"), files)
    build(
        BuildOptions(
            config_path=work / "site.yaml",
            content_dir=work / "content",
            out_dir=work / "_site",
            base_url="/",
        )
    )
    return work / "_site"


def test_the_merged_shards_rank_the_first_results_as_one_index(built, tmp_path):
    if not CHROMIUM.exists():
        missing(str(CHROMIUM))
    manifest = (built / "pagefind" / "shards.json").read_text(encoding="utf-8")
    assert '"name": "2025"' in manifest and '"name": "2024"' in manifest
    plain = ranking.plain_index(built, tmp_path)
    agreements, (loaded, chunks) = ranking.compare(built, plain, QUERIES)
    assert loaded == chunks >= 1  # the plain index answered with all its words
    for agreement in agreements:
        assert len(agreement.plain) == ranking.TOP, agreement.query
        assert set(agreement.sharded) == set(agreement.plain), agreement.query
        # both shards among the first results: the merge decided, not one shard alone
        assert {url.split("/")[1] for url in agreement.sharded} == {"2025", "2024"}
