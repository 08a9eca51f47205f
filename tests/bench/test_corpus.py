"""The benchmark corpus: deterministic, valid front matter, realistic sizes, in every format."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from pathlib import Path

import pytest
import yaml

from bench import corpus, measure
from builder.content.model import LINK_KINDS

N = 20
FIELDS = {"title", "date", "number", "location", "highlights", "links", "tags"}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.md")}


def split(text: str) -> tuple[dict, str]:
    match = re.match(r"---\n(.*?)\n---\n(.*)\Z", text, re.DOTALL)
    assert match, text[:200]
    return yaml.safe_load(match.group(1)), match.group(2)


@pytest.fixture(scope="module")
def source() -> corpus.SourceText:
    return corpus.read_sources()


@pytest.fixture(scope="module")
def written(tmp_path_factory, source) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write(corpus.generate(N, 7, source), folder)
    return folder


def test_same_seed_gives_identical_bytes(tmp_path, source, written):
    corpus.write(corpus.generate(N, 7, source), tmp_path)
    assert files_of(tmp_path) == files_of(written)


def test_another_seed_gives_another_corpus(tmp_path, source, written):
    corpus.write(corpus.generate(N, 8, source), tmp_path)
    assert files_of(tmp_path) != files_of(written)


def test_bulletin_does_not_change_when_the_corpus_grows(source):
    small = corpus.generate(N, 7, source)
    large = corpus.generate(3 * N, 7, source)
    for a, b in zip(small, large[:N], strict=True):
        assert (a.title, a.date, a.paragraphs, a.tags) == (b.title, b.date, b.paragraphs, b.tags)


def test_front_matter_has_the_contract_fields_and_types(written):
    files = files_of(written)
    assert len(files) == N
    for rel, data in files.items():
        meta, body = split(data.decode("utf-8"))
        assert set(meta) <= FIELDS, rel
        assert isinstance(meta["title"], str) and meta["title"].strip()
        assert isinstance(meta["location"], str) and meta["location"]
        if "date" in meta:
            assert type(meta["date"]) is dt.date
            assert rel == f"{meta['date'].year}/{meta['date'].isoformat()}-{Path(rel).name[11:]}"
            number, year = meta["number"].split("/")
            assert isinstance(meta["number"], str) and int(number) >= 1
            assert int(year) == meta["date"].year
            assert dt.date(2011, 1, 1) <= meta["date"] <= dt.date(2025, 12, 31)
        else:
            assert rel.startswith("sin-fecha/")
        assert 2 <= len(meta["highlights"]) <= 3
        assert all(isinstance(h, str) and len(h) > 20 for h in meta["highlights"])
        assert 1 <= len(meta["links"]) <= 2
        for link in meta["links"]:
            assert set(link) == {"label", "url", "kind"}
            assert link["kind"] in LINK_KINDS
            assert link["url"].startswith("https://")
        assert 2 <= len(meta["tags"]) <= 3
        assert set(meta["tags"]) <= set(corpus.TAGS)
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        assert 8 <= len(paragraphs) <= 15, rel


def test_sizes_are_about_six_kilobytes(written):
    sizes = [len(data) for data in files_of(written).values()]
    assert all(2_000 <= size <= 14_000 for size in sizes), sizes
    assert 4_500 <= statistics.mean(sizes) <= 7_500


def test_vocabulary_and_undated_share(source):
    bulletins = corpus.generate(500, 7, source)
    assert len(corpus.TAGS) == len(set(corpus.TAGS)) == 30
    assert len({b.slug for b in bulletins}) == len(bulletins)
    numbers = [b.number for b in bulletins if b.number]
    assert len(set(numbers)) == len(numbers)
    undated = [b for b in bulletins if b.date is None]
    assert 1 <= len(undated) <= 25
    assert all(b.number is None and b.rel_path.startswith("sin-fecha/") for b in undated)
    assert len({b.date.year for b in bulletins if b.date}) == 15


def test_peer_formats_carry_the_same_bulletin(source):
    bulletin = next(b for b in corpus.generate(N, 7, source) if b.date)
    hugo, body = split(corpus.render_hugo(bulletin))
    assert hugo["title"] == bulletin.title and hugo["date"] == bulletin.date
    assert hugo["slug"] == bulletin.slug and hugo["tags"] == list(bulletin.tags)
    assert body == bulletin.body
    pelican = corpus.render_pelican(bulletin)
    headers, _, rest = pelican.partition("\n\n")
    parsed = dict(line.split(": ", 1) for line in headers.splitlines())
    assert parsed["Title"] == bulletin.title
    assert parsed["Date"] == bulletin.date.isoformat()
    assert parsed["Tags"] == ", ".join(bulletin.tags)
    assert parsed["Slug"] == bulletin.slug
    assert bulletin.paragraphs[0] in rest and bulletin.links[0].url in rest


def test_added_bulletins_are_newer_than_the_corpus(source):
    first, second = corpus.extra(0, 7, source), corpus.extra(1, 7, source)
    assert first.date > corpus.LAST_DAY and second.date > first.date
    assert first.slug != second.slug and first.number == f"1/{first.date.year}"


def test_first_search_bytes_reads_the_bundle(tmp_path):
    bundle = tmp_path / "pagefind"
    for rel, size in {
        "pagefind.js": 100,
        "pagefind-worker.js": 50,
        "wasm.es.pagefind": 1000,
        "pagefind.es_abc.pf_meta": 10,
        "index/es_1.pf_index": 300,
        "index/es_2.pf_index": 200,
        "filter/es_1.pf_filter": 7,
        "filter/es_2.pf_filter": 3,
        "fragment/es_1.pf_fragment": 20,
        "fragment/es_2.pf_fragment": 40,
    }.items():
        (bundle / rel).parent.mkdir(parents=True, exist_ok=True)
        (bundle / rel).write_bytes(b"x" * size)
    entry = '{"version":"1.5.2","languages":{"es":{"hash":"es_abc","wasm":"es","page_count":2}}}'
    (bundle / "pagefind-entry.json").write_text(entry, encoding="utf-8")
    download = measure.first_search_bytes(tmp_path)
    # Two fragments exist, so two are shown, at the median size of 30 bytes.
    expected = len(entry) + 100 + 50 + 1000 + 10 + 300 + (7 + 3) + 2 * 30
    assert download is not None and download.total == expected
    # With a search page, its own scripts and styles count, not those every page loads.
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_bytes(b"s" * 4000)
    (tmp_path / "static" / "search.js").write_bytes(b"j" * 900)
    style = '<link rel="stylesheet" href="/static/style.css">'
    (tmp_path / "index.html").write_text(style, encoding="utf-8")
    (tmp_path / "buscar").mkdir()
    search_page = style + '<script type="module" src="../static/search.js?v=1"></script>'
    (tmp_path / "buscar" / "index.html").write_text(search_page, encoding="utf-8")
    with_page = measure.first_search_bytes(tmp_path)
    assert with_page is not None and with_page.total == expected + 900
    (tmp_path / "empty").mkdir()
    assert measure.first_search_bytes(tmp_path / "empty") is None
