"""Keyword phrases: what is accepted, how it is normalized, and whole-word matching that no
input can make slow (no reader-supplied pattern ever reaches the regex engine)."""

from __future__ import annotations

import time

import pytest

from tribune.personalization.keywords import KeywordMatcher, PhraseError, normalize_phrase


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Ceasefire", "ceasefire"),
        ("  Strait   of\tHormuz ", "strait of hormuz"),
        ("cease-fire", "cease-fire"),
        ("C\u00f4te d\u2019Ivoire", "c\u00f4te d'ivoire"),  # a typographic apostrophe
        ("\uff37\uff49\uff44\uff45", "wide"),  # NFKC: full-width letters become plain ones
        ("G7", "g7"),
        ("x" * 60, "x" * 60),
    ],
)
def test_phrases_are_normalized(raw, normal):
    assert normalize_phrase(raw) == normal


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter a word"),
        ("   ", "Enter a word"),
        ("x" * 61, "60 characters"),
        ("x" * 10_000, "60 characters"),
        ("(a+)+$", "Use only letters"),
        (".*", "Use only letters"),
        ("a|b", "Use only letters"),
        ("[abc]", "Use only letters"),
        ("\\bword\\b", "Use only letters"),
        ("<script>", "Use only letters"),
        ("drop;table", "Use only letters"),
        ("--", "at least one letter"),
        ("' - '", "at least one letter"),
        ("zero\x00byte", "Use only letters"),
    ],
)
def test_hostile_or_empty_phrases_are_refused_with_a_reason(raw, message):
    with pytest.raises(PhraseError, match=message):
        normalize_phrase(raw)


def test_a_ten_kilobyte_phrase_is_refused_before_any_work():
    with pytest.raises(PhraseError, match="60 characters"):
        normalize_phrase("ceasefire " * 1000)


def test_matching_is_by_whole_words_in_any_case():
    m = KeywordMatcher(["iran"])
    assert m.matches("IRAN holds talks")
    assert m.matches("Iran's envoy")
    assert m.matches("Talks (Iran) resume")
    assert not m.matches("Iranian envoy")
    assert not m.matches("Tehran")


def test_phrases_match_words_in_a_row_whatever_spaces_or_hyphens_separate_them():
    m = KeywordMatcher(["strait of hormuz", "cease-fire"])
    assert m.first_match("Ships in the Strait\nof   Hormuz") == "strait of hormuz"
    assert m.first_match("A cease fire holds") == "cease-fire"
    assert m.first_match("A cease-fire holds") == "cease-fire"
    assert not m.matches("The strait is calm; of Hormuz nothing")


def test_the_first_match_in_order_of_the_texts_is_reported():
    m = KeywordMatcher(["ceasefire", "talks"])
    assert m.first_match("Talks resume", "A ceasefire") == "talks"
    assert m.first_match("", "A ceasefire, then talks") == "ceasefire"


def test_regex_metacharacters_in_text_are_just_text():
    m = KeywordMatcher(["a"])
    assert m.matches("(a+)+$ [a] .*")
    assert not KeywordMatcher([]).matches("anything")
    assert not KeywordMatcher([])


def test_redos_shaped_phrases_and_text_stay_linear():
    """The shape that makes backtracking engines explode: many phrases sharing a long prefix,
    over a long text of that prefix. The word trie takes one step per word of the longest
    phrase at each position; the assertion is on the work done, checked by a generous clock
    only as a backstop."""
    phrases = [("a " * 29 + f"b{i}").strip() for i in range(50)]
    matcher = KeywordMatcher(phrases)
    text = "a " * 50_000 + "c"
    started = time.perf_counter()
    assert not matcher.matches(text)
    assert time.perf_counter() - started < 5  # tens of milliseconds in practice


def test_a_phrase_of_only_separators_never_matches_everything():
    assert not KeywordMatcher(["", "  "]).matches("anything at all")


def test_a_phrase_never_matches_across_two_texts():
    m = KeywordMatcher(["talks resume"])
    assert not m.matches("Peace talks", "Resume later")
    assert m.matches("Peace talks resume", "")
