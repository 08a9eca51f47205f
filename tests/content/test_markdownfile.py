"""The bulletin writer: fixed key order, exact YAML round trip, deterministic bytes."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.content.markdownfile import dump_bulletin, quote, scalar


def split(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    end = text.index("\n---\n", 3)
    return yaml.safe_load(text[4:end]), text[end + 5 :]


def test_key_order_and_layout() -> None:
    text = dump_bulletin(
        {
            "tags": ["cuidados"],
            "links": [{"label": "Fotos", "url": "https://x.example/a?b=1", "kind": "photos"}],
            "highlights": ["Uno: dos", "Tres"],
            "location": "Ciudad de México",
            "number": "591/2025",
            "date": dt.date(2025, 11, 25),
            "title": "IMSS fortalece cooperación",
        },
        "Párrafo uno.\n\nPárrafo **dos**.",
    )
    assert text == (
        "---\n"
        'title: "IMSS fortalece cooperación"\n'
        "date: 2025-11-25\n"
        'number: "591/2025"\n'
        "location: Ciudad de México\n"
        "highlights:\n"
        '  - "Uno: dos"\n'
        '  - "Tres"\n'
        "links:\n"
        '  - {label: Fotos, url: "https://x.example/a?b=1", kind: photos}\n'
        "tags: [cuidados]\n"
        "---\n"
        "\n"
        "Párrafo uno.\n\nPárrafo **dos**.\n"
    )


def test_missing_fields_are_written_empty() -> None:
    text = dump_bulletin({"title": "Solo título"}, "")
    assert text == (
        '---\ntitle: "Solo título"\ndate:\nnumber:\nlocation:\n'
        "highlights: []\nlinks: []\ntags: []\n---\n"
    )
    data, _ = split(text)
    assert data == {
        "title": "Solo título",
        "date": None,
        "number": None,
        "location": None,
        "highlights": [],
        "links": [],
        "tags": [],
    }


def test_aliases_and_draft_only_when_given() -> None:
    text = dump_bulletin({"title": "T", "aliases": ["/viejo/"], "draft": False}, "x")
    assert text.splitlines()[8:10] == ['aliases: ["/viejo/"]', "draft: false"]


@pytest.mark.parametrize(
    "value",
    ["yes", "No", "null", "2025-11-25", "12", "a: b", "# x", " lead", "x #y"],
)
def test_ambiguous_scalars_are_quoted(value: str) -> None:
    assert yaml.safe_load(f"k: {scalar(value)}") == {"k": value}
    assert scalar(value).startswith('"')


def test_plain_location_stays_readable() -> None:
    assert scalar("México, D.F.") == "México, D.F."
    assert scalar("México, D.F.", flow=True) == '"México, D.F."'


def test_unknown_key_and_missing_title_are_programming_errors() -> None:
    with pytest.raises(ValueError):
        dump_bulletin({"title": "T", "tittle": "x"}, "")
    with pytest.raises(ValueError):
        dump_bulletin({"title": "  "}, "")


def test_quote_escapes_line_breaks_and_controls() -> None:
    text = 'a\nb\u2028c\x85d\x7f\ufeff"\\'
    assert yaml.safe_load(quote(text)) == text
    assert "\n" not in quote(text)


texts = st.text()
nonblank = st.text(min_size=1).filter(lambda s: s.strip() != "")
links = st.fixed_dictionaries(
    {
        "label": texts,
        "url": texts,
        "kind": st.sampled_from(["photos", "video", "audio", "document", "other"]) | texts,
    }
)
fields = st.fixed_dictionaries(
    {
        "title": nonblank,
        "date": st.none() | st.dates(min_value=dt.date(1000, 1, 1)),
        "number": st.none() | nonblank,
        "location": st.none() | nonblank,
        "highlights": st.lists(texts, max_size=4),
        "links": st.lists(links, max_size=3),
        "tags": st.lists(texts, max_size=3),
    },
    optional={"aliases": st.lists(texts, max_size=3), "draft": st.booleans()},
)


@pytest.mark.fuzz
@settings(max_examples=max(300, settings.default.max_examples))
@given(fields=fields, body=st.text())
def test_round_trip_through_yaml(fields: dict, body: str) -> None:
    text = dump_bulletin(fields, body)
    data, rest = split(text)
    assert data == fields
    assert list(data) == [
        k
        for k in (
            "title",
            "date",
            "number",
            "location",
            "highlights",
            "links",
            "tags",
            "aliases",
            "draft",
        )
        if k in fields
    ]
    assert text == dump_bulletin(fields, body)
    assert text.endswith("\n")
    if body.strip("\r\n").strip():
        assert rest.startswith("\n")
