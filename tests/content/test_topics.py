"""Topic vocabulary: whole-word, accent- and case-insensitive matching of keywords."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from builder.content.model import Bulletin
from builder.content.topics import (
    matches,
    merge_tags,
    missing_tags,
    normalized,
    suggest_tags,
    tag_suggestions,
)

VOCABULARY = {
    "cuidados": ["cuidado", "sistema nacional de cuidados"],
    "guarderías": ["guarder*", "CECI"],
    "IMSS-Bienestar": ["imss bienestar"],
    "personas mayores": ["adultos mayores"],
}


def test_accents_and_case_are_ignored_both_ways():
    assert matches("guarderías", "LAS GUARDERIAS del Seguro Social")
    assert matches("guarderias", "las Guarderías")
    assert matches("Cooperación Internacional", "fortalece la cooperacion internacional")


def test_only_whole_words_match():
    assert not matches("CECI", "la doctora Cecilia Pérez")
    assert not matches("salud", "saludó a los asistentes")
    assert matches("CECI", "los CECI-IMSS-DIF de Ciudad Juárez")


def test_phrases_match_across_line_breaks_punctuation_and_hyphens():
    assert matches("sistema nacional de cuidados", "el Sistema\nNacional  de Cuidados.")
    assert matches("imss bienestar", "hoy IMSS-Bienestar tiene bases")
    assert not matches("sistema nacional de cuidados", "sistema nacional de salud y cuidados")


def test_a_trailing_star_matches_word_beginnings():
    assert matches("guarder*", "la Coordinación de Guarderías")
    assert matches("guarder*", "una guardería")
    assert not matches("guarder*", "salvaguardería")


def test_the_topic_name_is_a_keyword_and_order_follows_the_vocabulary():
    text = "Adultos mayores y personas mayores; guarderías; IMSS Bienestar."
    assert suggest_tags(text, VOCABULARY) == ["guarderías", "IMSS-Bienestar", "personas mayores"]
    assert suggest_tags("Nada que ver.", VOCABULARY) == []


def test_keywords_without_words_never_match():
    assert suggest_tags("¡¿?! texto", {"vacío": ["¡¿?!", "   "]}) == []


def test_missing_tags_compare_tags_without_accents_or_case():
    bulletin = Bulletin(
        source=Path("content/2025/a.md"),
        slug_path="2025/a",
        title="Nuevas guarderías",
        body="Cuidado infantil en los CECI.",
        tags=("Guarderias",),
    )
    assert missing_tags(bulletin, VOCABULARY) == ("cuidados",)
    [suggestion] = tag_suggestions([bulletin], VOCABULARY)
    assert suggestion.missing == ("cuidados",)


def test_merge_keeps_existing_tags_first_and_adds_only_new_topics():
    assert merge_tags(["Guarderias", "salud"], ["guarderías", "cuidados"]) == [
        "Guarderias",
        "salud",
        "cuidados",
    ]


@given(
    text=st.text(),
    vocabulary=st.dictionaries(st.text(max_size=20), st.lists(st.text(max_size=30), max_size=4)),
)
def test_any_text_and_vocabulary_give_a_sub_list_of_topics(text, vocabulary):
    found = suggest_tags(text, vocabulary)
    assert found == [topic for topic in vocabulary if topic in found]


@given(st.text(min_size=1))
def test_a_keyword_with_words_matches_itself_inside_a_sentence(word):
    has_words = bool(normalized(word).strip())
    assert matches(word, f"antes {word} después") is has_words
