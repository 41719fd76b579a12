"""The section classifier: kind, feed categories, then words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tribune.understanding.sections import (
    DATA_DIR,
    SECTIONS,
    SectionGuess,
    classify_section,
    explain,
    section_for_category,
    words,
)

LABELED = Path(__file__).parents[1] / "data" / "tagging" / "articles.jsonl"


def test_opinion_pieces_go_to_opinion_whatever_they_say() -> None:
    guess = classify_section("Striker scores twice in cup final", "", kind="opinion")
    assert guess == SectionGuess("Opinion", "kind")


def test_a_category_naming_a_section_decides() -> None:
    guess = classify_section("Striker scores twice", "", categories=["Business"])
    assert guess == SectionGuess("Business", "category")


def test_category_synonyms_and_case_are_understood() -> None:
    assert section_for_category(["SPORTS"]) == "Sport"
    assert section_for_category(["  environment "]) == "Climate"
    assert section_for_category(["Comment"]) == "Opinion"


def test_the_first_category_that_names_a_section_wins() -> None:
    assert section_for_category(["Lebanon", "World", "Politics"]) == "World"


def test_categories_that_name_nothing_or_are_not_text_are_ignored() -> None:
    assert section_for_category(["Lebanon", "", None, 7, {"x": 1}]) is None  # type: ignore[list-item]
    guess = classify_section("Striker scores twice in cup final", "", categories=["Lebanon"])
    assert guess is not None and guess.name == "Sport"


@pytest.mark.parametrize(
    "title,lead,section",
    [
        ("Goalkeeper saves penalty as United reach final", "The keeper dived left.", "Sport"),
        (
            "Central bank raises interest rates",
            "Inflation rose again, economists said.",
            "Business",
        ),
        ("Glaciers retreat as heatwave bakes the Alps", "Emissions keep rising.", "Climate"),
        ("Hospital waiting lists grow as nurses strike", "Patients face delays.", "Health"),
        (
            "Novel wins prize for translated fiction",
            "The author thanked her translator.",
            "Culture",
        ),
        ("Astronomers spot comet with new telescope", "The orbit was confirmed.", "Science"),
        (
            "Chipmaker unveils faster processor for smartphones",
            "The app runs faster.",
            "Technology",
        ),
        ("Parliament rejects budget as coalition splits", "MPs voted late.", "Politics"),
        ("Council votes to repair footbridge and car park", "Residents welcomed it.", "Local"),
        ("Ceasefire collapses as troops cross the border", "Refugees fled the shelling.", "World"),
    ],
)
def test_clear_headlines_land_in_their_section(title: str, lead: str, section: str) -> None:
    guess = classify_section(title, lead)
    assert guess is not None
    assert (guess.name, guess.reason) == (section, "text")
    assert guess.margin > 0


def test_text_with_no_known_word_gets_no_section() -> None:
    assert classify_section("", "") is None
    assert classify_section("Zxqv blorf", "Qwzzt") is None


def test_hostile_lengths_are_bounded() -> None:
    guess = classify_section("match " * 100_000, "goal " * 100_000)
    assert guess is not None and guess.name == "Sport"


def test_explain_names_the_words_that_chose_the_section() -> None:
    pulled = [word for word, _ in explain("Striker scores in cup final", "", "Sport")]
    assert "striker" in pulled


def test_words_fold_plurals_and_drop_the_commonest() -> None:
    assert words("The elections and the companies' shares") == words("election company share")


def test_every_section_has_training_text() -> None:
    seen = set()
    for line in (DATA_DIR / "sections.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            section, text = line.split("\t", 1)
            assert section in SECTIONS and text.strip()
            seen.add(section)
    assert seen == set(SECTIONS)


def test_the_training_text_is_not_the_labeled_evaluation_set() -> None:
    training = (DATA_DIR / "sections.tsv").read_text(encoding="utf-8")
    for line in LABELED.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        assert item["title"] not in training
        assert item["text"][:60] not in training
