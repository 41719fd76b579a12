"""Tagging articles and the editors' gazetteer actions, against the real database."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import make_section, make_source
from tests.understanding.factories import ensure_gazetteer, make_article
from tribune.news.models import Article, Section
from tribune.understanding import actions
from tribune.understanding.migrations import __name__ as migrations_package
from tribune.understanding.models import Alias, Candidate, Tag, Topic
from tribune.understanding.seed import alias_key, seed_gazetteer, unseed_gazetteer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gazetteer():
    ensure_gazetteer()


def _tags(article: Article) -> dict[str, Tag]:
    return {t.topic.name: t for t in Tag.objects.filter(article=article).select_related("topic")}


def _candidate(name: str) -> Candidate:
    return Candidate.objects.get(key=alias_key(name))


# -- Tagging ---------------------------------------------------------------------------------


def test_an_article_is_tagged_with_places_organizations_and_people() -> None:
    article = make_article(
        "NATO's Rutte meets Macron in Paris",
        "French President Emmanuel Macron hosted NATO Secretary General Mark Rutte. "
        "Rutte praised France. The WHO was not involved.",
    )
    written = actions.do_tag_articles([article.pk])
    tags = _tags(article)
    assert written == len(tags)
    assert {"France", "North Atlantic Treaty Organization", "Mark Rutte", "Emmanuel Macron"} <= set(
        tags
    )
    nato = tags["North Atlantic Treaty Organization"]
    assert (nato.origin, nato.matched, nato.mentions, nato.in_title) == (
        "gazetteer",
        "NATO",
        2,
        True,
    )
    rutte = tags["Mark Rutte"]
    assert (rutte.mentions, rutte.in_title, rutte.published_at) == (3, True, article.published_at)
    france = tags["France"]
    assert (france.origin, france.matched, france.mentions, france.in_title) == (
        "city",
        "Paris",
        1,
        True,
    )
    assert (france.topic.kind, france.topic.code) == ("place", "FR")
    assert france.topic.origin == Topic.Origin.PLACE_DATA
    article.refresh_from_db()
    assert article.understood_at is not None


def test_place_topics_are_created_once_and_reused() -> None:
    first = make_article("Floods in Kenya", "Rain fell across Kenya.")
    second = make_article("Election day", "Kenyan voters queued.")
    actions.do_tag_articles([first.pk])
    actions.do_tag_articles([second.pk])
    assert Topic.objects.filter(code="KE").count() == 1
    assert Tag.objects.filter(topic__code="KE").count() == 2
    assert Tag.objects.get(article=second, topic__code="KE").origin == "demonym"


def test_a_place_whose_slug_is_taken_gets_another() -> None:
    actions.do_add_topic(Topic.Kind.ORGANIZATION, "Kenya")
    article = make_article("Floods in Kenya", "Rain fell across Kenya.")
    actions.do_tag_articles([article.pk])
    place = Topic.objects.get(code="KE")
    assert place.slug == "kenya-2"


def test_a_place_inside_a_persons_name_is_not_tagged() -> None:
    actions.check_add_topic(Topic.Kind.PERSON, "Paris Hilton")
    article = make_article("Paris Hilton opens a hotel", "Paris Hilton cut the ribbon.")
    actions.do_tag_articles([article.pk])
    assert set(_tags(article)) == {"Paris Hilton"}


def test_tagging_again_replaces_the_taggers_tags_and_keeps_an_editors() -> None:
    article = make_article("IAEA inspectors return", "The IAEA said inspectors were back.")
    actions.do_tag_articles([article.pk])
    editor_topic = actions.check_add_topic(Topic.Kind.ORGANIZATION, "Vienna Talks Group")
    actions.do_add_editor_tag(article, editor_topic)
    first = {name: (t.origin, t.mentions) for name, t in _tags(article).items()}
    actions.do_tag_articles([article.pk])
    actions.do_tag_articles([article.pk])
    again = {name: (t.origin, t.mentions) for name, t in _tags(article).items()}
    assert again == first
    assert again["Vienna Talks Group"] == ("editor", 1)
    assert again["International Atomic Energy Agency"] == ("gazetteer", 2)


def test_an_editors_tag_on_a_topic_the_tagger_also_finds_stays_the_editors() -> None:
    article = make_article("IAEA inspectors return", "The IAEA said inspectors were back.")
    iaea = Topic.objects.get(name="International Atomic Energy Agency")
    actions.do_add_editor_tag(article, iaea)
    actions.do_tag_articles([article.pk])
    assert _tags(article)["International Atomic Energy Agency"].origin == "editor"


def test_nothing_to_tag_writes_nothing() -> None:
    assert actions.do_tag_articles([]) == 0
    assert actions.do_tag_articles([987654]) == 0


def test_an_article_with_no_names_is_still_marked_understood() -> None:
    article = make_article("Quiet day", "nothing happened here at all.")
    assert actions.do_tag_articles([article.pk]) == 0
    article.refresh_from_db()
    assert article.understood_at is not None


def test_a_huge_article_with_odd_characters_is_tagged() -> None:
    text = ("NATO \u202e\ufffd Ω " * 50_000) + " Kenya"
    article = make_article("Strange feed", text)
    actions.do_tag_articles([article.pk])
    tags = _tags(article)
    assert tags["North Atlantic Treaty Organization"].mentions > 1000
    assert "Kenya" not in tags  # beyond the length read


def test_a_deactivated_topic_tags_nothing() -> None:
    iaea = Topic.objects.get(name="International Atomic Energy Agency")
    iaea.is_active = False
    actions.do_save_topic(iaea)
    article = make_article("IAEA inspectors return", "The IAEA said so.")
    actions.do_tag_articles([article.pk])
    assert "International Atomic Energy Agency" not in _tags(article)


def test_tagging_a_batch_costs_the_same_queries_as_tagging_a_few(
    django_assert_max_num_queries,
) -> None:
    for position, name in enumerate(["World", "Sport"]):
        make_section(name, position)
    source = make_source()
    few = [
        make_article(f"NATO and Kenya {n}", f"Officials of Harbour Trust {n} met.", source=source)
        for n in range(3)
    ]
    many = [
        make_article(f"IAEA and Chile {n}", f"Officials of Harbour Trust {n} met.", source=source)
        for n in range(30)
    ]
    actions.do_tag_articles([a.pk for a in few])  # warms the matcher and the place topics
    with django_assert_max_num_queries(20) as few_queries:
        actions.do_tag_articles([a.pk for a in few])
    with django_assert_max_num_queries(len(few_queries.captured_queries) + 6):
        actions.do_tag_articles([a.pk for a in many])


# -- Sections --------------------------------------------------------------------------------


def test_an_article_without_a_section_gets_one_from_its_words() -> None:
    sport = make_section("Sport")
    article = make_article(
        "Striker's late header wins the cup final", "The goalkeeper had no chance."
    )
    assert article.section_id is None
    actions.do_tag_articles([article.pk])
    article.refresh_from_db()
    assert article.section == sport


def test_a_category_synonym_decides_the_section() -> None:
    make_section("Sport")
    climate = make_section("Climate")
    article = make_article("Striker scores", "Goal.", categories=["Environment"])
    actions.do_tag_articles([article.pk])
    article.refresh_from_db()
    assert article.section == climate


def test_an_opinion_piece_goes_to_opinion() -> None:
    opinion = make_section("Opinion")
    make_section("Sport")
    piece = make_article("Why the striker matters", "A goal is a goal.", kind="opinion")
    actions.do_tag_articles([piece.pk])
    piece.refresh_from_db()
    assert piece.section == opinion


def test_a_section_is_matched_by_slug_too() -> None:
    section = Section.objects.create(name="Sports desk", slug="sport")
    article = make_article("Striker scores twice in cup final", "The goalkeeper was beaten.")
    actions.do_tag_articles([article.pk])
    article.refresh_from_db()
    assert article.section == section


def test_an_article_that_has_a_section_keeps_it() -> None:
    make_section("Sport")
    business = make_section("Business")
    source = make_source(section=business)
    article = make_article("Striker scores twice in cup final", "Goal.", source=source)
    assert article.section == business
    actions.do_tag_articles([article.pk])
    article.refresh_from_db()
    assert article.section == business


def test_a_section_the_site_does_not_have_is_never_created() -> None:
    article = make_article("Striker scores twice in cup final", "The goalkeeper was beaten.")
    actions.do_tag_articles([article.pk])
    article.refresh_from_db()
    assert article.section is None
    assert not Section.objects.filter(name="Sport").exists()


# -- Candidates ------------------------------------------------------------------------------


def test_candidates_are_counted_across_articles_and_sources() -> None:
    one, two = make_source(), make_source()
    articles = [
        make_article("Deal", "Shares of Kvarn Group rose.", source=one),
        make_article("Deal two", "Analysts at Kvarn Group agreed.", source=one),
        make_article("Deal three", "Critics of Kvarn Group spoke to Ivo Marsh.", source=two),
    ]
    Alias.objects.filter(topic__name="Kvarn Group").delete()
    actions.bump_gazetteer_version()
    actions.do_tag_articles([a.pk for a in articles])
    kvarn = _candidate("Kvarn Group")
    assert (kvarn.article_count, kvarn.source_count, kvarn.guess) == (3, 2, "organization")
    assert sorted(kvarn.examples) == sorted(a.pk for a in articles)
    assert kvarn.status == Candidate.Status.NEW


def test_tagging_an_article_again_does_not_count_its_candidates_twice() -> None:
    article = make_article("Deal", "Shares of Harbour Widgets rose.")
    actions.do_tag_articles([article.pk])
    actions.do_tag_articles([article.pk])
    assert _candidate("Harbour Widgets").article_count == 1


def test_examples_stay_few_and_prefer_distinct_sources() -> None:
    crowded = make_source()
    for n in range(7):
        actions.do_tag_articles(
            [make_article(f"Story {n}", "Officials at Harbour Widgets met.", source=crowded).pk]
        )
    other = make_article("Elsewhere", "Officials at Harbour Widgets met.", source=make_source())
    actions.do_tag_articles([other.pk])
    widgets = _candidate("Harbour Widgets")
    assert (widgets.article_count, widgets.source_count) == (8, 2)
    assert len(widgets.examples) == actions.EXAMPLES
    assert other.pk in widgets.examples


def test_a_dismissed_candidate_is_never_counted_again() -> None:
    actions.do_tag_articles([make_article("One", "Officials at Harbour Widgets met.").pk])
    widgets = actions.check_dismiss_candidate(_candidate("Harbour Widgets"))
    actions.do_tag_articles([make_article("Two", "Officials at Harbour Widgets met.").pk])
    widgets.refresh_from_db()
    assert (widgets.status, widgets.article_count) == ("dismissed", 1)


def test_promoting_a_candidate_makes_a_topic_and_tags_recent_articles_naming_it() -> None:
    older = make_article("One", "Officials at Harbour Widgets met.")
    newer = make_article("Two", "Harbour Widgets said its profit rose.")
    unrelated = make_article("Three", "Nothing to see.")
    actions.do_tag_articles([older.pk, newer.pk, unrelated.pk])
    candidate = _candidate("Harbour Widgets")
    topic = actions.check_promote_candidate(candidate, Topic.Kind.ORGANIZATION)
    candidate.refresh_from_db()
    assert (candidate.status, candidate.topic) == ("promoted", topic)
    assert (topic.kind, topic.origin, topic.slug) == (
        "organization",
        "candidate",
        "harbour-widgets",
    )
    assert topic.aliases.get().origin == Alias.Origin.CANDIDATE
    assert set(Tag.objects.filter(topic=topic).values_list("article_id", flat=True)) == {
        older.pk,
        newer.pk,
    }
    later = make_article("Four", "Harbour Widgets hired staff.")
    actions.do_tag_articles([later.pk])
    assert Tag.objects.filter(topic=topic, article=later).exists()


def test_promoting_a_name_that_is_already_an_alias_points_at_that_topic() -> None:
    actions.do_tag_articles([make_article("One", "Officials at Harbour Widgets met.").pk])
    existing = actions.check_add_topic(
        Topic.Kind.ORGANIZATION, "Harbour Widgets Ltd", ["Harbour Widgets"]
    )
    topic = actions.check_promote_candidate(_candidate("Harbour Widgets"), Topic.Kind.ORGANIZATION)
    assert topic == existing


def test_a_promoted_candidate_cannot_be_promoted_or_dismissed_again() -> None:
    actions.do_tag_articles([make_article("One", "Officials at Harbour Widgets met.").pk])
    candidate = _candidate("Harbour Widgets")
    actions.check_promote_candidate(candidate, Topic.Kind.PERSON)
    with pytest.raises(ValidationError):
        actions.check_promote_candidate(candidate, Topic.Kind.PERSON)
    with pytest.raises(ValidationError):
        actions.check_dismiss_candidate(candidate)


def test_a_candidate_becomes_an_organization_or_a_person_only() -> None:
    actions.do_tag_articles([make_article("One", "Officials at Harbour Widgets met.").pk])
    with pytest.raises(ValidationError):
        actions.check_promote_candidate(_candidate("Harbour Widgets"), Topic.Kind.PLACE)


# -- Editors' gazetteer work and the matcher cache ------------------------------------------


def test_an_alias_an_editor_adds_tags_the_next_article() -> None:
    before = make_article("Deal", "The Widget Makers Guild agreed.")
    actions.do_tag_articles([before.pk])
    topic = actions.check_add_topic(Topic.Kind.ORGANIZATION, "Guild of Widget Makers")
    actions.check_add_alias(topic, "Widget Makers Guild")
    after = make_article("Deal", "The Widget Makers Guild agreed.")
    actions.do_tag_articles([after.pk])
    assert "Guild of Widget Makers" not in _tags(before)
    assert "Guild of Widget Makers" in _tags(after)


def test_an_alias_written_straight_to_the_database_is_noticed() -> None:
    actions.do_tag_articles([make_article("Warm", "NATO met.").pk])
    topic = Topic.objects.create(kind="organization", name="Quay Rowing Club", slug="qrc")
    Alias.objects.create(topic=topic, name="Quay Rowing Club", key=alias_key("Quay Rowing Club"))
    article = make_article("Regatta", "The Quay Rowing Club won.")
    actions.do_tag_articles([article.pk])
    assert "Quay Rowing Club" in _tags(article)


def test_the_matcher_is_rebuilt_only_when_the_gazetteer_changes(django_assert_num_queries) -> None:
    actions.entity_matcher()
    with django_assert_num_queries(1):  # the fingerprint
        first = actions.entity_matcher()
    assert actions.entity_matcher() is first
    actions.bump_gazetteer_version()
    assert actions.entity_matcher() is not first


def test_a_version_bump_from_another_process_is_seen() -> None:
    first = actions.entity_matcher()
    cache.set(actions.VERSION_KEY, (cache.get(actions.VERSION_KEY) or 0) + 1000, None)
    assert actions.entity_matcher() is not first


def test_acronym_aliases_become_case_sensitive() -> None:
    topic = actions.check_add_topic(Topic.Kind.ORGANIZATION, "Harbour Alliance", ["HBA"])
    assert dict(topic.aliases.values_list("name", "case_sensitive")) == {
        "Harbour Alliance": False,
        "HBA": True,
    }
    alias = actions.check_add_alias(topic, "hba group", case_sensitive=False)
    assert alias.case_sensitive is False


def test_renaming_keeps_the_old_name_as_an_alias_and_the_slug() -> None:
    topic = actions.check_add_topic(Topic.Kind.ORGANIZATION, "Twitterish")
    actions.check_rename_topic(topic, "Xish Corp")
    topic.refresh_from_db()
    assert (topic.name, topic.slug) == ("Xish Corp", "twitterish")
    assert set(topic.aliases.values_list("name", flat=True)) == {"Twitterish", "Xish Corp"}


@pytest.mark.parametrize("name", ["", "   ", "!!!", "x" * 201])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        actions.check_add_topic(Topic.Kind.ORGANIZATION, name)


def test_an_alias_that_names_another_topic_is_refused() -> None:
    topic = actions.check_add_topic(Topic.Kind.ORGANIZATION, "Harbour Alliance")
    with pytest.raises(ValidationError, match="already names"):
        actions.check_add_alias(topic, "NATO")
    with pytest.raises(ValidationError, match="already names"):
        actions.check_add_topic(Topic.Kind.PERSON, "nato")
    with pytest.raises(ValidationError):
        actions.check_add_topic(Topic.Kind.ORGANIZATION, "Harbour League", ["HL", "hl"])


def test_places_take_no_aliases_and_no_new_topics_from_editors() -> None:
    article = make_article("Floods in Kenya", "Rain.")
    actions.do_tag_articles([article.pk])
    kenya = Topic.objects.get(code="KE")
    with pytest.raises(ValidationError):
        actions.check_add_alias(kenya, "Kenia")
    with pytest.raises(ValidationError):
        actions.check_rename_topic(kenya, "Kenia")
    with pytest.raises(ValidationError):
        actions.check_add_topic(Topic.Kind.PLACE, "Atlantis")


def test_deleting_a_topic_returns_its_candidate_to_the_queue() -> None:
    actions.do_tag_articles([make_article("One", "Officials at Harbour Widgets met.").pk])
    candidate = _candidate("Harbour Widgets")
    topic = actions.check_promote_candidate(candidate, Topic.Kind.ORGANIZATION)
    actions.do_delete_topic(topic)
    candidate.refresh_from_db()
    assert (candidate.status, candidate.topic) == ("new", None)


# -- The seed --------------------------------------------------------------------------------


def test_the_migration_loaded_the_bundled_gazetteer() -> None:
    assert Topic.objects.filter(origin="gazetteer", kind="organization").count() >= 300
    assert Topic.objects.filter(origin="gazetteer", kind="person").count() >= 100
    who = Alias.objects.get(key="who")
    assert (who.topic.name, who.case_sensitive, who.origin) == (
        "World Health Organization",
        True,
        "gazetteer",
    )
    assert migrations_package == "tribune.understanding.migrations"


def test_seeding_again_creates_nothing_and_unseeding_removes_only_the_seed() -> None:
    assert seed_gazetteer(Topic, Alias) == (0, 0)
    mine = actions.check_add_topic(Topic.Kind.ORGANIZATION, "Harbour Alliance")
    unseed_gazetteer(Topic, Alias)
    assert not Topic.objects.filter(origin="gazetteer").exists()
    assert Topic.objects.filter(pk=mine.pk).exists()
    created_topics, created_aliases = seed_gazetteer(Topic, Alias)
    assert created_topics >= 400 and created_aliases > created_topics


def test_tagging_sets_understood_at_to_now() -> None:
    article = make_article("NATO", "NATO.")
    before = timezone.now()
    actions.do_tag_articles([article.pk])
    article.refresh_from_db()
    assert article.understood_at is not None and article.understood_at >= before
