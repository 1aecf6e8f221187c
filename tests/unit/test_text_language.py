"""Reading a text's language (uiagent.audit.checks.text_language) and the lang-matches verdict built on it
(uiagent.audit.checks.language): which tags name a language, which tokens are words, and when a tag that does not
match its text is a violation, for review, or nothing. Browser-free: the model runs on plain strings."""

from __future__ import annotations

import pytest

from uiagent.audit.checks.language import OPTIONS, verdict
from uiagent.audit.checks.text_language import MODEL_LANGUAGES, language_of_tag, read_language, words_of

ENGLISH = ("The library lends books for three weeks, and a loan can be renewed twice online or at the desk. "
           "Overdue books cost ten cents a day, but children's books are always free of fines.")
GERMAN = ("Die Bibliothek verleiht Bücher für drei Wochen, und eine Ausleihe kann zweimal online oder am Schalter "
          "verlängert werden.")


@pytest.mark.parametrize(("tag", "language"), [
    ("en", "en"), ("EN-GB", "en"), ("de-CH-1996", "de"), ("pt_BR", "pt"),
    ("iw", "he"), ("in", "id"), ("nb", "no"), ("fil", "tl"),  # deprecated or other codes, as the model names them
    ("", None), ("   ", None), (None, None), ("und", None), ("zxx", None),  # no language named
    ("eng", None), ("i-lux", None), ("xx", None),  # a three-letter code with a two-letter one, grandfathered, unknown
])
def test_a_tag_names_its_primary_language_as_the_model_does(tag: str | None, language: str | None) -> None:
    assert language_of_tag(tag) == language


def test_the_model_reads_only_languages_it_is_known_to_have() -> None:
    for text in (ENGLISH, GERMAN, "Привет, как дела?", "图书馆借书三周", "ሰላም ለዓለም", "zzz qqq xxx"):
        reading = read_language(text)
        assert reading is not None and set(reading.shares) <= MODEL_LANGUAGES
    assert len(MODEL_LANGUAGES) == 176


def test_words_leave_out_code_numbers_and_punctuation() -> None:
    text = '«Bonjour», she said; call Vec::new() or fs.readFile, see E0499 and v1.2 — don\'t re-run it!'
    assert words_of(text) == ["Bonjour", "she", "said", "call", "or", "see", "and", "don't", "re-run", "it"]


def test_unspaced_scripts_count_a_word_per_two_characters() -> None:
    reading = read_language("図書館は本を三週間貸し出します。")
    assert reading is not None and reading.likeliest()[0] == "ja" and reading.words == 7


def test_matching_text_passes() -> None:
    assert verdict("en", ENGLISH, OPTIONS) is None
    assert verdict("de-AT", GERMAN, OPTIONS) is None


def test_a_long_text_in_another_language_is_a_violation_with_its_figures() -> None:
    key, evidence = verdict("de", ENGLISH, OPTIONS) or (None, {})
    assert key == "mismatch"
    assert evidence["detected"] == "en" and evidence["detected_share"] >= 0.5
    assert evidence["declared"] == "de" and evidence["declared_share"] <= 0.01
    assert evidence["words"] == 34 and evidence["sample"].endswith("…") and len(evidence["sample"]) == 80
    assert "doubt" not in evidence


def test_a_few_words_in_another_language_are_for_review() -> None:
    key, evidence = verdict("it", "see you soon", OPTIONS) or (None, {})
    assert key == "may-mismatch" and evidence["doubt"] == "only 3 words"


def test_one_word_is_never_judged() -> None:
    assert verdict("fr", "Welcome", OPTIONS) is None


def test_kin_languages_are_no_mismatch() -> None:
    nynorsk = "Eg har budd i Bergen i mange år, og eg likar byen godt sjølv om det regnar mykje om hausten."
    reading = read_language(nynorsk)
    assert reading is not None and reading.likeliest()[0] == "nn"
    assert verdict("nb", nynorsk, OPTIONS) is None and verdict("no", nynorsk, OPTIONS) is None
    assert verdict("fi", nynorsk, OPTIONS) is not None  # the same text tagged as another language


def test_a_tag_the_model_does_not_know_is_not_judged() -> None:
    assert verdict("i-lux", ENGLISH, OPTIONS) is None
    assert verdict("tlh", ENGLISH, OPTIONS) is None  # Klingon: a real tag, but no language the model reads


def test_thresholds_are_options() -> None:
    strict = {**OPTIONS, "min_words": 50}
    key, evidence = verdict("de", ENGLISH, strict) or (None, {})
    assert key == "may-mismatch" and evidence["doubt"] == "only 34 words"
