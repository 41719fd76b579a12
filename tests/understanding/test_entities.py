"""Organization and people matching, and the candidate extractor: the rules one by one, on
small gazetteers built here and on the bundled one."""

from __future__ import annotations

import time
from functools import cache

import pytest

from tribune.understanding.entities import (
    MAX_CHARS,
    EntityMatcher,
    GazetteerAlias,
    Reading,
    ambiguous_aliases,
    drop_places_inside_names,
)
from tribune.understanding.seed import alias_key, read_seed

ORG = "organization"
PERSON = "person"


def _alias(topic_id: int, kind: str, name: str, topic: str = "", cs: bool = False):
    return GazetteerAlias(topic_id, kind, name, cs, topic or name)


SMALL = [
    _alias(1, ORG, "World Health Organization"),
    _alias(1, ORG, "WHO", "World Health Organization", cs=True),
    _alias(2, ORG, "North Atlantic Treaty Organization"),
    _alias(2, ORG, "NATO", "North Atlantic Treaty Organization", cs=True),
    _alias(3, ORG, "World Bank"),
    _alias(4, ORG, "World Bank Group"),
    _alias(5, ORG, "Apple"),
    _alias(5, ORG, "Apple Inc", "Apple"),
    _alias(6, ORG, "Google"),
    _alias(7, ORG, "Amazon"),
    _alias(8, ORG, "Chelsea"),
    _alias(9, ORG, "Met Police"),
    _alias(10, ORG, "Intel"),
    _alias(11, ORG, "al-Qaeda"),
    _alias(20, PERSON, "Emmanuel Macron"),
    _alias(21, PERSON, "Bill Clinton"),
    _alias(22, PERSON, "Hillary Clinton"),
    _alias(23, PERSON, "Joe Biden"),
    _alias(24, PERSON, "Xi Jinping"),
    _alias(24, PERSON, "Xi", "Xi Jinping"),
    _alias(25, PERSON, "Robert F. Kennedy Jr.", "Robert F. Kennedy Jr."),
    _alias(25, PERSON, "Kennedy", "Robert F. Kennedy Jr."),
    _alias(26, PERSON, "Beyoncé"),
]
AMBIGUOUS = {"apple": "company", "amazon": "company", "chelsea": "club"}


@cache
def small() -> EntityMatcher:
    return EntityMatcher(SMALL, AMBIGUOUS)


@cache
def bundled() -> tuple[EntityMatcher, dict[int, str]]:
    names: dict[int, str] = {}
    aliases = []
    for topic_id, topic in enumerate(read_seed()):
        names[topic_id] = topic.name
        aliases += [
            GazetteerAlias(topic_id, topic.kind, a.name, a.case_sensitive, topic.name)
            for a in topic.aliases
        ]
    return EntityMatcher(aliases), names


def ids(title: str, text: str = "") -> list[int]:
    return [e.topic_id for e in small().read(title, text).entities]


def names(title: str, text: str = "") -> list[str]:
    matcher, topic_names = bundled()
    return [topic_names[e.topic_id] for e in matcher.read(title, text).entities]


def candidates(text: str, title: str = "") -> list[tuple[str, str]]:
    return [(c.name, c.guess) for c in small().read(title, text).candidates]


# -- Organizations ---------------------------------------------------------------------------


def test_acronyms_match_their_exact_case_only() -> None:
    assert ids("WHO warns of cholera", "") == [1]
    assert ids("Doctors who stayed", "Who could blame them? The nurses who left.") == []


def test_possessives_and_hyphenated_compounds_name_the_organization() -> None:
    assert ids("NATO's summit", "A NATO-led mission.") == [2]


def test_the_longest_alias_wins() -> None:
    reading = small().read("", "The World Bank Group lends.")
    assert [(e.topic_id, e.matched) for e in reading.entities] == [(4, "World Bank Group")]


def test_a_name_must_be_capitalized_as_its_alias_is() -> None:
    assert ids("", "the world bank lends; they met Police chiefs") == []
    assert ids("", "The World Bank and the Met Police.") == [3, 9]


def test_all_capital_text_still_matches_names() -> None:
    assert ids("", "THE WORLD BANK SAID") == [3]


def test_aliases_match_whole_words_only() -> None:
    assert ids("", "Intelligence officials met at Intelsat.") == []
    assert ids("", "Intel cut jobs.") == [10]


def test_lowercase_particles_in_an_alias_still_match() -> None:
    assert ids("", "Fighters linked to al-Qaeda attacked.") == [11]


def test_an_all_capitals_headline_does_not_turn_who_into_the_who() -> None:
    assert ids("WHO WILL WIN THE CUP?", "") == []


def test_apple_the_fruit_is_not_the_company() -> None:
    assert ids("Apple harvest falls", "Apple growers blamed a late frost for the small crop.") == []


def test_apple_the_company_counts_with_a_cue_next_to_it() -> None:
    assert ids("Apple shares fall", "") == [5]
    assert ids("", "Tech rival Apple said nothing.") == [5]
    assert ids("", "Shares in Apple fell.") == [5]


def test_apple_counts_in_a_list_with_a_firm_organization() -> None:
    assert ids("", "Google and Apple were fined.") == [6, 5]


def test_apple_counts_with_a_company_word_in_the_same_sentence() -> None:
    assert ids("", "Buyers may switch from the device to Apple.") == [5]
    assert ids("", "The company lost buyers. Buyers may switch to Apple.") == []


def test_one_cued_mention_makes_every_mention_count() -> None:
    reading = small().read("Apple shares fall", "Apple later recovered.")
    assert [(e.topic_id, e.mentions, e.in_title) for e in reading.entities] == [(5, 2, True)]


def test_an_unambiguous_alias_of_the_same_organization_confirms_the_short_one() -> None:
    assert ids("", "Apple Inc reported. Later Apple recovered.") == [5]


def test_the_amazon_river_is_not_the_company() -> None:
    assert ids("Drought shrinks the Amazon", "Boats are stranded on the Amazon.") == []


def test_a_club_needs_a_sporting_cue() -> None:
    assert ids("Chelsea Manning speaks at festival", "Chelsea Manning spoke on Friday.") == []
    assert ids("Chelsea beat Arsenal", "") == [8]


# -- People ----------------------------------------------------------------------------------


def test_a_surname_counts_after_the_full_name() -> None:
    reading = small().read("", "Emmanuel Macron spoke. Macron said more. Then Macron left.")
    assert [(e.topic_id, e.mentions) for e in reading.entities] == [(20, 3)]


def test_a_surname_alone_names_nobody() -> None:
    assert ids("", "Macron said the talks went well.") == []


def test_a_surname_before_the_full_name_in_the_body_does_not_count() -> None:
    reading = small().read("", "Macron spoke first. Later Emmanuel Macron left.")
    assert [(e.topic_id, e.mentions) for e in reading.entities] == [(20, 1)]


def test_a_headline_surname_counts_when_the_full_name_follows() -> None:
    reading = small().read("Macron visits Berlin", "French President Emmanuel Macron arrived.")
    assert [(e.topic_id, e.mentions, e.in_title) for e in reading.entities] == [(20, 2, True)]


def test_a_shared_surname_goes_to_the_most_recently_named_person() -> None:
    reading = small().read(
        "", "Bill Clinton spoke first. Hillary Clinton followed. Clinton then took questions."
    )
    assert {e.topic_id: e.mentions for e in reading.entities} == {21: 1, 22: 2}


def test_a_surname_after_another_first_name_is_someone_else() -> None:
    reading = small().read("", "Joe Biden spoke. His son, Hunter Biden, did not.")
    assert [(e.topic_id, e.mentions) for e in reading.entities] == [(23, 1)]
    assert ("Hunter Biden", "unknown") in [(c.name, c.guess) for c in reading.candidates]


def test_a_title_before_a_surname_does_not_make_it_someone_else() -> None:
    reading = small().read("", "Emmanuel Macron spoke. President Macron then left.")
    assert [(e.topic_id, e.mentions) for e in reading.entities] == [(20, 2)]


def test_an_explicit_short_form_is_a_second_reference() -> None:
    assert ids("", "Xi said nothing.") == []
    reading = small().read("Xi meets envoy", "Chinese leader Xi Jinping met the envoy. Xi smiled.")
    assert [(e.topic_id, e.mentions, e.in_title) for e in reading.entities] == [(24, 3, True)]


def test_initials_and_suffixes_in_a_full_name_match() -> None:
    reading = small().read("", "Robert F. Kennedy Jr. spoke; Kennedy was brief.")
    assert [(e.topic_id, e.mentions) for e in reading.entities] == [(25, 2)]


def test_a_one_word_name_is_a_full_name() -> None:
    assert ids("", "Beyoncé announced a tour.") == [26]


def test_full_person_names_are_reported_for_place_filtering() -> None:
    reading = small().read("", "Emmanuel Macron met Joe Biden.")
    assert reading.person_names == ["Emmanuel Macron", "Joe Biden"]


def test_place_words_found_only_inside_a_persons_name_are_dropped() -> None:
    body = "Paris Hilton visited. Paris Hilton left."
    assert drop_places_inside_names(["Paris"], body, ["Paris Hilton"]) == {"Paris"}
    body = "Paris Hilton visited Paris."
    assert drop_places_inside_names(["Paris"], body, ["Paris Hilton"]) == set()
    assert drop_places_inside_names(["Paris"], body, []) == set()


# -- The bundled gazetteer -------------------------------------------------------------------


def test_the_bundled_gazetteer_knows_the_big_institutions() -> None:
    found = names(
        "IAEA and EU officials meet",
        "The International Atomic Energy Agency, the ECB, OPEC, the Federal Reserve, the IMF, "
        "the World Bank, Hezbollah and Hamas were all mentioned.",
    )
    assert found == [
        "International Atomic Energy Agency",
        "European Union",
        "European Central Bank",
        "OPEC",
        "Federal Reserve",
        "International Monetary Fund",
        "World Bank",
        "Hezbollah",
        "Hamas",
    ]


def test_the_bundled_gazetteer_includes_the_demos_recurring_names() -> None:
    found = names(
        "",
        "Port Alder Mariners beat Kessel United. Norrland Semiconductors and the Cerro Alto "
        "Observatory were in the news, and Councillor Tom Adeyemi spoke.",
    )
    assert found == [
        "Port Alder Mariners",
        "Kessel United",
        "Norrland Semiconductors",
        "Cerro Alto Observatory",
        "Tom Adeyemi",
    ]


def test_the_seed_files_are_large_and_each_alias_names_one_topic() -> None:
    rows = read_seed()
    organizations = [r for r in rows if r.kind == ORG]
    people = [r for r in rows if r.kind == PERSON]
    assert len(organizations) >= 300
    assert len(people) >= 100
    owners: dict[str, str] = {}
    for row in rows:
        for alias in row.aliases:
            key = alias_key(alias.name)
            assert owners.setdefault(key, row.name) == row.name, (alias.name, row.name)
    assert len({(r.kind, r.name) for r in rows}) == len(rows)


def test_every_ambiguous_word_is_an_organization_alias() -> None:
    known = {alias_key(a.name) for r in read_seed() if r.kind == ORG for a in r.aliases}
    assert set(ambiguous_aliases()) <= known


def test_acronyms_in_the_seed_are_case_sensitive() -> None:
    rows = {r.name: r for r in read_seed()}
    who = rows["World Health Organization"]
    assert [a.name for a in who.aliases if a.case_sensitive] == ["WHO"]
    assert [(a.name, a.case_sensitive) for a in rows["SAP"].aliases] == [("SAP", True)]
    assert names("", "Sap rose in the maples. SAP shares fell.") == ["SAP"]


def test_alias_keys_unify_case_spacing_and_apostrophes() -> None:
    assert alias_key("  Hendry\u2019s   Bakery ") == alias_key("hendry's bakery")
    assert alias_key("ﬁnance") == "finance"


# -- Candidates ------------------------------------------------------------------------------


def test_capitalized_names_no_alias_covers_become_candidates() -> None:
    found = candidates("Officials from Kvarn Group met the Harbour Trust on Tuesday.")
    assert found == [("Kvarn Group", "organization"), ("Harbour Trust", "organization")]


def test_a_sentences_first_word_is_not_part_of_a_candidate() -> None:
    assert candidates("Yesterday Tomas Reyne scored.") == [("Tomas Reyne", "unknown")]
    assert candidates("Kvarn Group agreed. On Sunday the team won.") == []


def test_titles_and_said_make_a_person() -> None:
    assert candidates("The vote was opened by Councillor Ana Costa.") == [("Ana Costa", "person")]
    assert candidates("“We won,” said Ivo Marsh after the game.") == [("Ivo Marsh", "person")]


def test_connectors_join_a_name() -> None:
    assert candidates("It was approved by the Bank of Kessel last week.") == [
        ("Bank of Kessel", "organization")
    ]
    assert candidates("Members of the Party for Harbour Renewal met.") == [
        ("Party for Harbour Renewal", "organization")
    ]


def test_names_covered_by_an_alias_and_known_places_are_not_candidates() -> None:
    assert candidates("The meeting with the World Health Organization in New Zealand ended.") == []


def test_headline_words_days_and_months_are_not_candidates() -> None:
    assert candidates("It rained.", title="Council Approves Ferry Budget") == []
    assert candidates("The ferry ran on Monday January and on Friday.") == []


def test_runs_longer_than_four_words_are_not_names() -> None:
    assert candidates("We read the Big Long Title Of Some Report Here now.") == []


def test_a_shouted_dateline_is_not_a_candidate() -> None:
    assert candidates("PORT ALDER — The ferry sailed. They met at NORTH QUAY GATE today.") == []


def test_a_possessive_ends_a_name() -> None:
    found = candidates("Visitors queued at Port Alder's Central Library on Saturday.")
    assert found == [("Port Alder", "unknown"), ("Central Library", "organization")]


def test_candidates_are_deduplicated_within_an_article() -> None:
    found = candidates("The Harbour Trust met. Later the Harbour Trust voted.")
    assert found == [("Harbour Trust", "organization")]


def test_candidates_can_be_skipped() -> None:
    reading = small().read("", "Officials from Kvarn Group met.", candidates=False)
    assert reading.candidates == []


# -- Hostile and odd input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "title,text",
    [
        ("", ""),
        ("   ", "\n\n\t"),
        ("!!!", "\u2014\u2014 ... \u2019\u2019 \u201c\u201d ' ' -- &&"),
        ("'s", "'s 's ''s s' A. B. C. D."),
        ("\u0000\ufffd", "\u202e WHO \u200b NATO"),
        ("Émile Zola", "ÉMILE ZOLA ÇA İstanbul ß Straße"),
    ],
)
def test_odd_text_reads_without_error(title: str, text: str) -> None:
    assert isinstance(small().read(title, text), Reading)


def test_a_huge_article_is_read_only_up_to_the_limit_and_quickly() -> None:
    text = "Capital Letters Everywhere And NATO " * 100_000
    started = time.perf_counter()
    reading = small().read("A" * 100_000, text)
    assert time.perf_counter() - started < 2
    assert reading.entities[0].mentions <= MAX_CHARS // len("Capital Letters Everywhere And NATO ")
