"""Place tagging: measured quality on the labeled set, and the hard cases one by one."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tribune.understanding.places import PlaceTag, tag_places

LABELED = Path(__file__).parents[1] / "data" / "tagging" / "places.jsonl"


def _codes(title: str, text: str = "") -> list[str]:
    return [tag.code for tag in tag_places(title, text)]


def test_precision_and_recall_on_the_labeled_set_meet_the_targets() -> None:
    articles = [json.loads(line) for line in LABELED.read_text(encoding="utf-8").splitlines()]
    assert len(articles) >= 100
    true_pos = false_pos = false_neg = 0
    for article in articles:
        gold = set(article["places"])
        found = set(_codes(article["title"], article["text"]))
        true_pos += len(gold & found)
        false_pos += len(found - gold)
        false_neg += len(gold - found)
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(
        f"\nplaces: {len(articles)} articles, precision {precision:.3f}, recall {recall:.3f} "
        f"(tp {true_pos}, fp {false_pos}, fn {false_neg})"
    )
    assert precision >= 0.9
    assert recall >= 0.8


def test_demonyms_and_capitals_tag_their_country() -> None:
    tags = tag_places("Iranian drones hit Kyiv", "Moscow denied any role; Tehran said nothing.")
    assert tags == [
        PlaceTag(code="IR", name="Iran", matched="Iranian", source="demonym"),
        PlaceTag(code="UA", name="Ukraine", matched="Kyiv", source="city"),
        PlaceTag(code="RU", name="Russia", matched="Moscow", source="city"),
    ]


def test_tags_are_deduplicated_by_code_and_keep_the_first_mention() -> None:
    tags = tag_places("Russian output rises", "Russia and the Kremlin said Moscow would grow.")
    assert [(tag.code, tag.matched) for tag in tags] == [("RU", "Russian")]


def test_short_country_names_win_over_pycountry_formal_names() -> None:
    assert [tag.name for tag in tag_places("Iran, Russia, Syria and Turkey meet", "")] == [
        "Iran",
        "Russia",
        "Syria",
        "Turkey",
    ]


def test_us_matches_only_in_capitals() -> None:
    assert _codes("Let us wait", "Tell us more.") == []
    assert _codes("US envoy arrives", "") == ["US"]
    assert _codes("Talks with the U.S. resume", "") == ["US"]


def test_chad_and_jordan_as_first_names_are_not_countries() -> None:
    assert _codes("Chad Williams named coach", "Chad said he was delighted.") == []
    assert _codes("Jordan Baker wins contest", "Jordan spelled forty words.") == []


def test_chad_and_jordan_count_in_a_place_context() -> None:
    assert _codes("Floods in Chad", "") == ["TD"]
    assert _codes("Flights to Jordan resume", "") == ["JO"]
    assert _codes("Jordan's government resigns", "") == ["JO"]
    assert _codes("Summit", "Egypt and Jordan signed the deal.") == ["EG", "JO"]


def test_an_ambiguous_name_counts_when_the_country_is_confirmed_elsewhere() -> None:
    assert _codes("Jordan reopens crossing", "Officials in Amman said trucks may pass.") == ["JO"]


def test_georgia_alone_is_read_as_the_us_state() -> None:
    assert _codes("Georgia voters head to the polls", "Turnout was high.") == []


def test_georgia_is_the_country_when_tbilisi_or_the_caucasus_confirms_it() -> None:
    assert _codes("Georgia parliament votes", "Crowds gathered in Tbilisi.") == ["GE"]
    assert _codes("Georgia signs deal", "The South Caucasus state agreed.") == [
        "GE",
        "region:caucasus",
    ]


def test_longest_match_wins_over_a_shorter_alias_inside_it() -> None:
    assert _codes("Papua New Guinea landslide", "") == ["PG"]
    assert _codes("South Sudanese refugees", "") == ["SS"]
    assert _codes("Latin American leaders meet", "") == ["region:latin-america"]
    assert _codes("Quake near New Delhi", "") == ["IN"]


def test_stop_phrases_tag_nothing() -> None:
    assert _codes("Cyclone in the Indian Ocean", "A spill in the Gulf of Mexico.") == []
    assert _codes("How to make French toast", "") == []


def test_new_mexico_is_the_us_state_not_mexico() -> None:
    assert _codes("New Mexico wildfire", "") == ["US"]


def test_matches_must_be_whole_words_but_hyphens_and_possessives_are_fine() -> None:
    assert _codes("Iranian-backed group", "Iran's envoy spoke.") == ["IR"]
    assert _codes("Omanis", "Chinas of the world; Perus") == []


def test_regions_are_tagged_with_a_region_code() -> None:
    tags = tag_places("Drought in the Sahel", "The Middle East and the Balkans too.")
    assert [(tag.code, tag.source) for tag in tags] == [
        ("region:sahel", "region"),
        ("region:middle-east", "region"),
        ("region:balkans", "region"),
    ]


def test_order_follows_first_mention_from_title_into_text() -> None:
    assert _codes("Vienna talks", "Austria hosts Iran and Russia.") == ["AT", "IR", "RU"]


def test_tagging_a_400_word_article_takes_well_under_a_millisecond() -> None:
    articles = [json.loads(line) for line in LABELED.read_text(encoding="utf-8").splitlines()]
    filler = " ".join(article["text"] for article in articles)
    words = filler.split()
    texts = [" ".join(words[i : i + 400]) for i in range(0, len(words) - 400, 97)]
    tag_places("warm up", texts[0])
    start = time.perf_counter()
    for text in texts:
        tag_places("Headline about the world", text)
    per_article = (time.perf_counter() - start) / len(texts)
    print(f"\nplaces: {per_article * 1e6:.0f} µs per 400-word article ({len(texts)} articles)")
    # Generous bound so a slow CI machine does not flake; the printed figure is the measure.
    assert per_article < 0.005


@pytest.mark.parametrize(
    "title",
    ["Turkey farmers prepare for holiday demand"],
)
def test_known_weakness_a_capitalised_bird_is_still_read_as_turkey(title: str) -> None:
    # Out of scope per the issue: recorded here so a later fix is noticed.
    assert _codes(title) == ["TR"]
