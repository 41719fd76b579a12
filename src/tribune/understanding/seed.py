"""The bundled gazetteer of organizations and people (``data/organizations.tsv``,
``data/people.tsv``), the one alias normalization every part of tagging shares, and loading
the gazetteer into Topic and Alias rows.

Kept small and stable on purpose: migration 0002 calls :func:`seed_gazetteer` with its
historical models, so this module imports no models and its functions keep their signatures.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.text import slugify

DATA_DIR = Path(__file__).parent / "data"

ORGANIZATION = "organization"
PERSON = "person"
GAZETTEER = "gazetteer"

_SPACES = re.compile(r"\s+")
UNIFY_MARKS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


def alias_key(name: str) -> str:
    """The normalized form that makes two spellings one alias: Unicode-normalized, apostrophes
    and hyphens unified, spaces collapsed, case folded. Unique across all aliases."""
    text = unicodedata.normalize("NFKC", name).translate(UNIFY_MARKS)
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class SeedAlias:
    name: str
    case_sensitive: bool


@dataclass(frozen=True)
class SeedTopic:
    kind: str
    name: str
    aliases: tuple[SeedAlias, ...]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def read_seed(data_dir: Path = DATA_DIR) -> list[SeedTopic]:
    """Rows of the two TSV files: ``name<TAB>aliases<TAB>case-sensitive aliases``, aliases
    separated by ``|``; the name is always an alias too."""
    topics = []
    for kind, filename in ((ORGANIZATION, "organizations.tsv"), (PERSON, "people.tsv")):
        for line in (data_dir / filename).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cells = [*line.split("\t"), "", ""]
            name = cells[0].strip()
            listed = [(name, False)]
            listed += [(alias, False) for alias in _split(cells[1])]
            listed += [(alias, True) for alias in _split(cells[2])]
            # One alias per key; a name also listed as case-sensitive ("OPEC") is.
            aliases: dict[str, SeedAlias] = {}
            for alias, case_sensitive in listed:
                key = alias_key(alias)
                if key not in aliases:
                    aliases[key] = SeedAlias(alias, case_sensitive)
                elif case_sensitive and aliases[key].name == alias:
                    aliases[key] = SeedAlias(alias, True)
            topics.append(SeedTopic(kind, name, tuple(aliases.values())))
    return topics


def free_slug(name: str, taken: set[str]) -> str:
    """A slug for ``name`` not in ``taken`` (which it is added to)."""
    root = (slugify(name) or "topic")[:200]
    slug, n = root, 2
    while slug in taken:
        slug, n = f"{root}-{n}", n + 1
    taken.add(slug)
    return slug


def seed_gazetteer(
    topic_model: Any, alias_model: Any, topics: Iterable[SeedTopic] | None = None
) -> tuple[int, int]:
    """Create the gazetteer's topics and aliases that are missing; returns (topics, aliases)
    created. Idempotent: a topic is found again by kind and name, an alias by its key, and an
    alias key that already names another topic (an editor's choice) is left alone."""
    rows = list(read_seed() if topics is None else topics)
    existing = {
        (kind, name): pk for pk, kind, name in topic_model.objects.values_list("id", "kind", "name")
    }
    taken = set(topic_model.objects.values_list("slug", flat=True))
    new_topics = []
    for row in rows:
        if (row.kind, row.name) not in existing:
            existing[(row.kind, row.name)] = None
            new_topics.append(
                topic_model(
                    kind=row.kind, name=row.name, slug=free_slug(row.name, taken), origin=GAZETTEER
                )
            )
    topic_model.objects.bulk_create(new_topics, batch_size=400)
    ids = {
        (kind, name): pk
        for pk, kind, name in topic_model.objects.filter(
            kind__in=[ORGANIZATION, PERSON]
        ).values_list("id", "kind", "name")
    }
    keys = set(alias_model.objects.values_list("key", flat=True))
    new_aliases = []
    for row in rows:
        for alias in row.aliases:
            key = alias_key(alias.name)
            if key in keys:
                continue
            keys.add(key)
            new_aliases.append(
                alias_model(
                    topic_id=ids[(row.kind, row.name)],
                    name=alias.name,
                    key=key,
                    case_sensitive=alias.case_sensitive,
                    origin=GAZETTEER,
                )
            )
    alias_model.objects.bulk_create(new_aliases, batch_size=400)
    return len(new_topics), len(new_aliases)


def unseed_gazetteer(topic_model: Any, alias_model: Any) -> None:
    """Remove what the seed created (an editor's own aliases on those topics go with them)."""
    alias_model.objects.filter(origin=GAZETTEER).delete()
    topic_model.objects.filter(origin=GAZETTEER).delete()
