"""Measured tagging quality on the labeled set (tests/data/tagging/articles.jsonl), through
the real path: articles stored, tagged by do_tag_articles against the migrated gazetteer,
tags read back. Run with -s to see the figures and the misses."""

from __future__ import annotations

import json
import timeit
from collections import defaultdict
from pathlib import Path

import pytest

from tests.factories import make_section
from tests.understanding.factories import ensure_gazetteer, make_article
from tribune.news.models import Article
from tribune.understanding.actions import do_tag_articles, entity_matcher
from tribune.understanding.models import Tag, Topic
from tribune.understanding.places import tag_places
from tribune.understanding.sections import SECTIONS
from tribune.understanding.seed import alias_key

LABELED = Path(__file__).parents[1] / "data" / "tagging" / "articles.jsonl"
TARGETS = {
    "places": (0.9, 0.8),
    "organizations": (0.85, 0.7),
    "people": (0.85, 0.7),
}


def _labeled() -> list[dict]:
    return [json.loads(line) for line in LABELED.read_text(encoding="utf-8").splitlines()]


def _place_key(topic: Topic) -> str:
    return topic.code or ""


@pytest.fixture
def tagged(db):
    ensure_gazetteer()
    for position, name in enumerate(SECTIONS):
        make_section(name, position)
    items = _labeled()
    articles = [
        make_article(item["title"], item["text"], kind=item.get("kind", Article.Kind.REPORT))
        for item in items
    ]
    do_tag_articles([article.pk for article in articles])
    found: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for tag in Tag.objects.select_related("topic"):
        topic = tag.topic
        if topic.kind == Topic.Kind.PLACE:
            found[tag.article_id]["places"].add(_place_key(topic))
        elif topic.kind == Topic.Kind.ORGANIZATION:
            found[tag.article_id]["organizations"].add(alias_key(topic.name))
        else:
            found[tag.article_id]["people"].add(alias_key(topic.name))
    sections = dict(Article.objects.values_list("id", "section__name"))
    return items, articles, found, sections


def test_the_labeled_set_is_large_and_well_formed() -> None:
    items = _labeled()
    assert len(items) >= 120
    for item in items:
        assert item["section"] in SECTIONS
        assert item["title"] and item["text"]
        for kind in ("places", "organizations", "people"):
            assert isinstance(item[kind], list)


def test_precision_and_recall_per_kind_and_section_accuracy_meet_the_targets(tagged) -> None:
    items, articles, found, sections = tagged
    report = []
    scores = {}
    for kind, (min_precision, min_recall) in TARGETS.items():
        true_pos = false_pos = false_neg = 0
        misses = []
        for item, article in zip(items, articles, strict=True):
            keyed = kind != "places"
            gold = {alias_key(name) if keyed else name for name in item[kind]}
            got = found[article.pk][kind]
            true_pos += len(gold & got)
            false_pos += len(got - gold)
            false_neg += len(gold - got)
            if got != gold:
                misses.append(f"  #{item['id']}: +{sorted(got - gold)} -{sorted(gold - got)}")
        precision = true_pos / ((true_pos + false_pos) or 1)
        recall = true_pos / ((true_pos + false_neg) or 1)
        scores[kind] = (precision, recall, min_precision, min_recall)
        report.append(
            f"{kind}: precision {precision:.3f}, recall {recall:.3f} "
            f"(tp {true_pos}, fp {false_pos}, fn {false_neg})"
        )
        report.extend(misses)
    right = sum(
        sections[article.pk] == item["section"]
        for item, article in zip(items, articles, strict=True)
    )
    accuracy = right / len(items)
    report.append(f"section: accuracy {accuracy:.3f} ({right}/{len(items)})")
    report.extend(
        f"  #{item['id']}: {sections[article.pk]} for {item['section']}"
        for item, article in zip(items, articles, strict=True)
        if sections[article.pk] != item["section"]
    )
    print(f"\n{len(items)} labeled articles\n" + "\n".join(report))
    for precision, recall, min_precision, min_recall in scores.values():
        assert precision >= min_precision
        assert recall >= min_recall
    assert accuracy >= 0.8


def test_tagging_a_600_word_article_stays_well_under_five_milliseconds(db) -> None:
    ensure_gazetteer()
    items = _labeled()
    text = " ".join(item["text"] for item in items)
    words = text.split()[:600]
    body = " ".join(words)
    matcher = entity_matcher()

    def tag_once() -> None:
        reading = matcher.read(items[0]["title"], body)
        tag_places(items[0]["title"], body)
        assert reading.entities

    runs = 30
    per_article = min(timeit.repeat(tag_once, number=runs, repeat=3)) / runs
    print(f"\ntagging (places + entities + candidates), 600 words: {per_article * 1e6:.0f} µs")
    assert per_article < 0.005
