import threading

import pytest
from django.db import connections

from tests.factories import entry, make_section, make_source
from tribune.news.actions import do_store_entries
from tribune.news.models import Article, Author

pytestmark = pytest.mark.django_db


def test_storing_the_same_entries_twice_creates_them_once():
    source = make_source()
    entries = [entry(f"g{i}") for i in range(5)]
    first = do_store_entries(source, entries)
    second = do_store_entries(source, entries)
    assert (first.created, second.created, second.unchanged) == (5, 0, 5)
    assert Article.objects.count() == 5


def test_a_changed_entry_updates_its_article_in_place():
    source = make_source()
    do_store_entries(source, [entry("g1", title="First title")])
    report = do_store_entries(source, [entry("g1", title="Corrected title")])
    assert (report.created, report.updated) == (0, 1)
    assert Article.objects.get().title == "Corrected title"


def test_http_https_and_tracking_twins_are_one_article():
    source = make_source()
    report = do_store_entries(
        source,
        [
            entry("a", url="http://news.test/story"),
            entry("b", url="https://news.test/story?utm_source=feed&utm_medium=rss"),
            entry("c", url="https://news.test/story/"),
        ],
    )
    assert report.created == 1
    assert Article.objects.count() == 1


def test_the_same_article_in_two_sources_is_stored_once():
    one, two = make_source(), make_source()
    do_store_entries(one, [entry("x", url="https://wire.test/story-1")])
    report = do_store_entries(two, [entry("y", url="https://wire.test/story-1?utm_campaign=z")])
    assert report.created == 0
    assert Article.objects.count() == 1


def test_a_feed_repeating_a_guid_stores_one_article():
    source = make_source()
    report = do_store_entries(source, [entry("dup", title="One"), entry("dup", title="Two")])
    assert report.created == 1


def test_authors_are_kept_per_source_and_linked():
    one, two = make_source(), make_source()
    do_store_entries(one, [entry("a", authors=["Staff", "Ana Ruiz"])])
    do_store_entries(two, [entry("b", authors=["Staff"])])
    assert Author.objects.filter(name="Staff").count() == 2
    article = Article.objects.get(guid="a")
    assert sorted(a.name for a in article.authors.all()) == ["Ana Ruiz", "Staff"]
    assert article.byline == "Staff, Ana Ruiz"


def test_an_entry_category_naming_a_section_places_it_there():
    world = make_section("World")
    sport = make_section("Sport")
    source = make_source(section=world)
    do_store_entries(source, [entry("a", categories=["sport"]), entry("b", categories=["misc"])])
    assert Article.objects.get(guid="a").section == sport
    assert Article.objects.get(guid="b").section == world


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_on_one_source_create_no_duplicates():
    source = make_source()
    entries = [entry(f"g{i}") for i in range(30)]
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def store() -> None:
        try:
            barrier.wait()
            do_store_entries(source, entries)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Article.objects.filter(source=source).count() == 30
