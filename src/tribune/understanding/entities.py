"""Organizations and people in an article, from a gazetteer of aliases; and the capitalized
names no alias covers, proposed to editors as candidates.

Pure: plain strings in, plain data out; the caller compiles an :class:`EntityMatcher` from the
database's aliases and keeps it. One tokenizer pass serves the matcher and the extractor.

Matching rules:
- Whole words only; a hyphen splits words ("NATO-led" names NATO) and a possessive counts
  ("NATO's"). Aliases flagged case-sensitive (acronyms: WHO, UN) match their exact case only;
  the others match any case but never an all-lowercase span ("apple", "the world bank").
- Longest alias wins where aliases overlap ("European Central Bank" over "European").
- Organization aliases listed in ``data/ambiguous.tsv`` (words that are also fruit, rivers,
  first names: "Apple", "Amazon", "Chelsea") count only with a cue: an organization word next
  to them ("Apple shares", "tech giant Apple"), a word of their kind in the same sentence
  ("company", "iPhone" for a company; "striker", "beat" for a club), a list with another
  organization ("Google and Apple"), or an unambiguous alias of the same organization
  elsewhere in the article. One cued mention makes the article's other mentions count.
- People are named in full first. A person's one-word aliases and the last word of their
  full names are second references: they count only after the full name appeared earlier in
  the article, or in the headline when the full name appears anywhere (headlines use the
  surname before the lead introduces the person). A surname right after another capitalized
  word ("Hunter Biden" when only Joe Biden is known) is someone else and counts for nobody.

Candidates are runs of 2-4 capitalized words (joined by "of", "de", "al" and the like) in the
body, outside every alias, not starting a sentence (a sentence's first word is dropped) and
not a known place; each is guessed a person or an organization from cue words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from tribune.understanding.places import tag_places
from tribune.understanding.seed import UNIFY_MARKS, alias_key

DATA_DIR = Path(__file__).parent / "data"

ORGANIZATION = "organization"
PERSON = "person"
UNKNOWN = "unknown"

# Long articles are read up to here: enough for any real piece, bounded for hostile input.
MAX_CHARS = 40_000

_TOKEN = re.compile(r"\w+(?:[&'.]\w+)*")
_JOINING_GAPS = frozenset({" ", "-", " & ", "\u00a0"})
_SENTENCE_MARKS = frozenset(".!?:;\n\u2014\u2013")
_OPENING_QUOTES = frozenset("\u201c\u2018\"'(")
_LIST_GAP = re.compile(r"\s*(?:,|and|or|&|,\s*and|,\s*or)\s*")
_PLAIN_SPACE = frozenset({" ", "\u00a0"})
_POSSESSIVES = frozenset({"'s", "'S"})
_MARKS = [(chr(mark), str(plain)) for mark, plain in UNIFY_MARKS.items()]
_INITIAL = re.compile(r"(?:[A-Z]\.?){1,3}|Jr|Sr|St")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Cues that a word naming an ambiguous organization is the organization.
_AFTER_CUES = _wordset(
    """
    inc corp corporation ltd plc llc ag sa nv group shares share stock stocks said says
    announced announces reported reports chief ceo executive executives boss bosses founder
    spokesperson spokesman spokeswoman unveiled unveils launched launches posted revenue
    revenues profit profits sales investors employees staff headquarters acquired acquires
    bought buys sued sues valued shareholders chairman chairwoman results earnings leader
    leaders leadership mps lawmakers voters members fighters militants officials manifesto
    candidate candidates campaign customers subscribers users app apps platform store stores
    products devices brand executives deal contract
    """
)
_BEFORE_CUES = _wordset(
    """
    rival rivals giant giants maker makers firm firms company companies retailer carrier
    operator operators startup conglomerate subsidiary owner owners shares stake investor
    investors supplier suppliers brand platform group party
    """
)
_BEFORE_LINKS = _wordset("in of at from with by to like as")
COMPANY = "company"
# Words that, anywhere in the sentence, show an ambiguous alias names its organization.
SENTENCE_CUES = {
    COMPANY: _wordset(
        """
        company companies firm firms corporation shares shareholders investors stock chief
        executive ceo founder revenue profit profits sales quarter quarterly earnings
        customers subscribers users app apps smartphone smartphones iphone iphones ipad mac
        device devices software chip chips chipmaker processors cloud online platform
        e-commerce retailer retailers warehouse warehouses stores brand products rival
        rivals competitor competitors jobs layoffs staff employees refinery refining oil
        gas petrol carmaker vehicles cars trucks recall recalls bank banking lender
        acquisition merger takeover deal billion valuation trillion listed nasdaq
        """
    ),
    "club": _wordset(
        """
        club clubs beat beats beaten win wins won victory defeat defeated draw drew lost
        manager coach striker winger midfielder defender goalkeeper captain signing
        signed sign signs transfer fans supporters league cup goal goals scored score
        match squad season stadium fixture premier relegation title final
        """
    ),
    "party": _wordset(
        """
        party leader leadership mps mp government minister ministers election elections
        voters vote votes poll polls manifesto conference opposition coalition
        councillors candidate candidates seats parliament majority
        """
    ),
    "group": _wordset(
        """
        fighters mercenaries mercenary militia militias troops forces commander
        commanders founder soldiers paramilitary
        """
    ),
    "ngo": _wordset(
        """
        rights human report reports campaigners researchers accused accuses
        investigation activists charity group
        """
    ),
    "media": _wordset(
        """
        news reported reporting report according data terminal agency analysts survey
        index journalist journalists
        """
    ),
}
# Words before a name that make it a person's (candidates) and that never make a person's
# surname somebody else's ("President Macron").
_TITLES = _wordset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady president vice prime minister
    ministers chancellor senator sen rep representative governor mayor councillor councilor
    secretary speaker king queen prince princess pope cardinal bishop archbishop rev reverend
    father sister imam rabbi sheikh emir judge justice gen general admiral col colonel captain
    capt commander lt lieutenant sergeant sgt coach manager chief director ambassador
    commissioner chairman chairwoman chair premier deputy inspector detective officer
    constable superintendent striker midfielder defender goalkeeper skipper
    """
)
_ORG_WORDS = _wordset(
    """
    ministry agency bank party council inc corp corporation ltd plc llc group university trust
    association union institute commission committee company authority foundation society
    federation fund court club systems observatory centre center college school academy
    hospital department office board alliance coalition front movement league network airlines
    airways motors holdings capital partners labs laboratories technologies semiconductors
    materials energy bakery mutual ferries railways rail united fc army navy police service
    services organisation organization forum tribunal parliament assembly congress senate
    chamber exchange insurance bureau brigade brigades church cooperative co-operative fusion
    industries pharmaceuticals studios media press times gazette news institution consortium
    council network orchestra museum library
    """
)
_CONNECTORS = _wordset(
    """
    of de du des la le van von der den da dos das al el bin ibn for the y
    """
)
_STOP = _wordset(
    """
    the a an this that these those his her their our its my your we i he she they it in on at
    for but and or if when while after before as by from with without under over since until
    during about against between into through also yet so then there here what who why how
    where which mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december world
    politics business technology science climate health culture sport sports local opinion
    news analysis live update updated breaking exclusive photo video watch read more editor
    editing reporting additional
    """
)
_PERSON_BEFORE = _TITLES | {"said", "says", "told", "asked"}
_NUMERALS = _wordset(
    """
    ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi jr sr
    """
)


@dataclass(frozen=True)
class GazetteerAlias:
    """One alias as the database stores it, with what the matcher needs of its topic."""

    topic_id: int
    kind: str  # "organization" | "person"
    name: str
    case_sensitive: bool
    topic_name: str


@dataclass(frozen=True)
class EntityTag:
    """An organization or person an article names, how often, and the text that showed it."""

    topic_id: int
    kind: str
    matched: str
    mentions: int
    in_title: bool


@dataclass(frozen=True)
class NameCandidate:
    """A capitalized name no alias covers; ``guess`` is "person", "organization" or
    "unknown"."""

    key: str
    name: str
    guess: str


@dataclass(frozen=True)
class Reading:
    entities: list[EntityTag]
    candidates: list[NameCandidate]
    person_names: list[str]  # full names matched, to keep "Paris" in "Paris Hilton" a name


class _Pattern(NamedTuple):
    folded: tuple[str, ...]
    exact: tuple[str, ...]
    capitals: tuple[int, ...]  # positions of words the alias capitalizes
    case_sensitive: bool
    topic_id: int
    kind: str
    ambiguous: str  # "" or the kind of cue it needs ("company", "club", ...)


class _Tokens:
    """Words of one text with their offsets; ``bases`` drop a possessive ending."""

    __slots__ = ("base_ends", "bases", "folded", "possessive", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        found = list(_TOKEN.finditer(text))
        self.starts = [match.start() for match in found]
        self.base_ends = [match.end() for match in found]
        self.bases = [match.group() for match in found]
        self.possessive = [False] * len(found)
        if "'" in text:
            bases, ends = self.bases, self.base_ends
            for index in [i for i, word in enumerate(bases) if word[-2:] in _POSSESSIVES]:
                if len(bases[index]) > 2:
                    bases[index] = bases[index][:-2]
                    ends[index] -= 2
                    self.possessive[index] = True
        self.folded = [word.casefold() for word in self.bases]

    def joins(self, index: int) -> bool:
        """Whether word ``index`` continues the name word ``index - 1`` is part of."""
        gap = self.gap(index)
        return gap in _JOINING_GAPS or (
            gap == ". " and _INITIAL.fullmatch(self.bases[index - 1]) is not None
        )

    def sentence(self, index: int, reach: int = 40) -> tuple[int, int]:
        """Word indexes [first, last) of the sentence around word ``index`` (within reach)."""
        first = index
        while first > max(0, index - reach) and not self.sentence_start(first):
            first -= 1
        last = index + 1
        end = min(len(self.bases), index + reach)
        while last < end and not self.sentence_start(last):
            last += 1
        return first, last

    def gap(self, index: int) -> str:
        """The text between word ``index - 1`` and word ``index`` (possessive included)."""
        start = self.base_ends[index - 1] if index else 0
        return self.text[start : self.starts[index]]

    def sentence_start(self, index: int) -> bool:
        if index == 0:
            return True
        gap = self.gap(index)
        if gap and gap[-1] in _OPENING_QUOTES and (len(gap) == 1 or gap[-2].isspace()):
            return True
        if not any(char in _SENTENCE_MARKS for char in gap):
            return False
        previous = self.folded[index - 1]
        # "Dr. Ana Costa", "U.S. envoy": an abbreviation's full stop ends no sentence.
        return not (previous in _TITLES or (len(previous) <= 2 and gap.startswith(". ")))


def normalize_text(text: str) -> str:
    """The text as the matcher reads it: apostrophes and hyphens unified (same length)."""
    for mark, plain in _MARKS:
        if mark in text:
            text = text.replace(mark, plain)
    return text


def _words(name: str) -> list[str]:
    tokens = _Tokens(normalize_text(name))
    return tokens.bases


@lru_cache(maxsize=1)
def ambiguous_aliases() -> dict[str, str]:
    """Alias keys that count only with a cue, and the kind of cue (see
    ``data/ambiguous.tsv``)."""
    found = {}
    for line in (DATA_DIR / "ambiguous.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            alias, kind = [*line.split("\t"), COMPANY][:2]
            found[alias_key(alias)] = kind.strip() if kind.strip() in SENTENCE_CUES else COMPANY
    return found


@lru_cache(maxsize=8192)
def _is_place(name: str) -> bool:
    return any(tag.matched == name for tag in tag_places(name, ""))


class EntityMatcher:
    """The gazetteer compiled for matching: built once per alias set, then read many times."""

    def __init__(
        self, aliases: Iterable[GazetteerAlias], ambiguous: dict[str, str] | None = None
    ) -> None:
        ambiguous = ambiguous_aliases() if ambiguous is None else ambiguous
        self.topic_names: dict[int, str] = {}
        index: dict[str, list[_Pattern]] = {}
        short_forms: dict[int, set[str]] = {}
        surnames: dict[int, set[str]] = {}
        for alias in aliases:
            words = _words(alias.name)
            if not words:
                continue
            self.topic_names[alias.topic_id] = alias.topic_name
            is_person = alias.kind == PERSON
            if is_person and len(words) == 1 and len(_words(alias.topic_name)) > 1:
                short_forms.setdefault(alias.topic_id, set()).add(words[0])
                continue
            if is_person and len(words) > 1:
                last = words[-1]
                if last[:1].isupper() and len(last) > 2 and last.casefold() not in _NUMERALS:
                    surnames.setdefault(alias.topic_id, set()).add(last)
            pattern = _Pattern(
                folded=tuple(word.casefold() for word in words),
                exact=tuple(words),
                capitals=tuple(k for k, word in enumerate(words) if word[:1].isupper()),
                case_sensitive=alias.case_sensitive,
                topic_id=alias.topic_id,
                kind=alias.kind,
                ambiguous="" if is_person else ambiguous.get(alias_key(alias.name), ""),
            )
            index.setdefault(pattern.folded[0], []).append(pattern)
        for patterns in index.values():
            patterns.sort(key=lambda p: -len(p.folded))
        self._index = index
        # Second references: a person's one-word aliases ("Xi") and their full names' last
        # words ("Macron").
        self._second: dict[str, list[int]] = {}
        for topic_id in {*short_forms, *surnames}:
            for word in short_forms.get(topic_id, set()) | surnames.get(topic_id, set()):
                self._second.setdefault(word, []).append(topic_id)

    @property
    def size(self) -> int:
        return sum(len(patterns) for patterns in self._index.values())

    def read(self, title: str, text: str, *, candidates: bool = True) -> Reading:
        title = normalize_text(title[:1000])
        body = normalize_text(text[:MAX_CHARS])
        full = f"{title}\n\n{body}" if title else body
        title_end = len(title)
        tokens = _Tokens(full)
        matches = self._scan(tokens, title_end, title.isupper())
        consumed = [False] * len(tokens.bases)
        counts: dict[int, int] = {}
        first: dict[int, tuple[int, str]] = {}
        in_title: set[int] = set()
        kinds: dict[int, str] = {}
        person_names: list[str] = []

        accepted = self._accept(tokens, matches)
        for start, end, pattern in accepted:
            for index in range(start, end):
                consumed[index] = True
            self._count(tokens, start, end, pattern, title_end, counts, first, in_title, kinds)
            if pattern.kind == PERSON:
                person_names.append(full[tokens.starts[start] : tokens.base_ends[end - 1]])
        for start, end, _pattern in matches:
            for index in range(start, end):
                consumed[index] = True  # rejected ambiguous words are no candidates either

        self._second_references(tokens, accepted, consumed, title_end, counts, in_title)

        entities = [
            EntityTag(
                topic_id=topic_id,
                kind=kinds[topic_id],
                matched=first[topic_id][1],
                mentions=counts[topic_id],
                in_title=topic_id in in_title,
            )
            for topic_id in sorted(first, key=lambda t: first[t][0])
        ]
        found = self._candidates(tokens, consumed, title_end) if candidates else []
        return Reading(entities=entities, candidates=found, person_names=person_names)

    def _scan(
        self, tokens: _Tokens, title_end: int, shouting_title: bool
    ) -> list[tuple[int, int, _Pattern]]:
        index = self._index
        folded, bases, starts = tokens.folded, tokens.bases, tokens.starts
        total = len(folded)
        found: list[tuple[int, int, _Pattern]] = []
        i = 0
        while i < total:
            patterns = index.get(folded[i])
            if patterns is None:
                i += 1
                continue
            for pattern in patterns:
                size = len(pattern.folded)
                end = i + size
                if end > total:
                    continue
                if size > 1 and (
                    tuple(folded[i + 1 : end]) != pattern.folded[1:]
                    or not all(tokens.joins(k) for k in range(i + 1, end))
                    or any(tokens.possessive[k] for k in range(i, end - 1))
                ):
                    continue
                if pattern.case_sensitive:
                    if tuple(bases[i:end]) != pattern.exact:
                        continue
                    if shouting_title and starts[i] < title_end:
                        continue  # "WHO" in an all-capitals headline is just "who"
                elif (
                    any(not bases[i + k][:1].isupper() for k in pattern.capitals)
                    or tokens.text[starts[i] : tokens.base_ends[end - 1]].islower()
                ):
                    continue  # "apple", "met Police": a name is capitalized as the alias is
                found.append((i, end, pattern))
                i = end
                break
            else:
                i += 1
        return found

    def _accept(
        self, tokens: _Tokens, matches: list[tuple[int, int, _Pattern]]
    ) -> list[tuple[int, int, _Pattern]]:
        firm = {m[2].topic_id for m in matches if not m[2].ambiguous}
        cued = {
            pattern.topic_id
            for position, (_start, _end, pattern) in enumerate(matches)
            if pattern.ambiguous
            and pattern.topic_id not in firm
            and self._cued(tokens, matches, position, firm)
        }
        sure = firm | cued
        return [match for match in matches if match[2].topic_id in sure]

    def _cued(
        self,
        tokens: _Tokens,
        matches: list[tuple[int, int, _Pattern]],
        position: int,
        firm: set[int],
    ) -> bool:
        start, end, _pattern = matches[position]
        folded = tokens.folded
        if end < len(folded) and folded[end] in _AFTER_CUES and tokens.gap(end) in _PLAIN_SPACE:
            return True
        if start and tokens.gap(start) in _PLAIN_SPACE:
            before = folded[start - 1]
            if before in _BEFORE_CUES:
                return True
            if (
                before in _BEFORE_LINKS
                and start > 1
                and folded[start - 2] in _BEFORE_CUES
                and tokens.gap(start - 1) in _PLAIN_SPACE
            ):
                return True
        cues = SENTENCE_CUES[matches[position][2].ambiguous]
        first, last = tokens.sentence(start)
        if any(folded[k] in cues for k in range(first, last) if not start <= k < end):
            return True
        # In a list with an organization named without doubt: "Google, Microsoft and Apple".
        for other in (position - 1, position + 1):
            if not 0 <= other < len(matches):
                continue
            o_start, o_end, o_pattern = matches[other]
            if o_pattern.kind != ORGANIZATION or o_pattern.topic_id not in firm:
                continue
            if other < position:
                gap = tokens.text[tokens.base_ends[o_end - 1] : tokens.starts[start]]
            else:
                gap = tokens.text[tokens.base_ends[end - 1] : tokens.starts[o_start]]
            if _LIST_GAP.fullmatch(gap):
                return True
        return False

    def _count(
        self,
        tokens: _Tokens,
        start: int,
        end: int,
        pattern: _Pattern,
        title_end: int,
        counts: dict[int, int],
        first: dict[int, tuple[int, str]],
        in_title: set[int],
        kinds: dict[int, str],
    ) -> None:
        topic_id = pattern.topic_id
        counts[topic_id] = counts.get(topic_id, 0) + 1
        if topic_id not in first:
            text = tokens.text[tokens.starts[start] : tokens.base_ends[end - 1]]
            first[topic_id] = (start, text)
            kinds[topic_id] = pattern.kind
        if tokens.starts[start] < title_end:
            in_title.add(topic_id)

    def _second_references(
        self,
        tokens: _Tokens,
        accepted: list[tuple[int, int, _Pattern]],
        consumed: list[bool],
        title_end: int,
        counts: dict[int, int],
        in_title: set[int],
    ) -> None:
        second = self._second
        mentioned: dict[int, list[int]] = {}  # person -> token indexes of full mentions
        for start, _end, pattern in accepted:
            if pattern.kind == PERSON:
                mentioned.setdefault(pattern.topic_id, []).append(start)
        if not mentioned or not second:
            return
        bases, starts = tokens.bases, tokens.starts
        for index, word in enumerate(bases):
            if consumed[index] or word not in second:
                continue
            people = [p for p in second[word] if p in mentioned]
            if not people:
                continue
            if index and self._follows_a_name(tokens, index, consumed):
                continue
            if starts[index] < title_end:
                chosen = people[0] if len(people) == 1 else None
            else:
                # The most recently named of those introduced before this word.
                best = -1
                chosen = None
                for person in people:
                    earlier = [i for i in mentioned[person] if i < index]
                    if earlier and earlier[-1] > best:
                        best, chosen = earlier[-1], person
            if chosen is None:
                continue
            consumed[index] = True
            counts[chosen] += 1
            if starts[index] < title_end:
                in_title.add(chosen)

    @staticmethod
    def _follows_a_name(tokens: _Tokens, index: int, consumed: list[bool]) -> bool:
        previous = tokens.bases[index - 1]
        return (
            previous[:1].isupper()
            and not consumed[index - 1]
            and tokens.gap(index) in _PLAIN_SPACE
            and tokens.folded[index - 1] not in _TITLES
            and not tokens.sentence_start(index - 1)
        )

    def _candidates(
        self, tokens: _Tokens, consumed: list[bool], title_end: int
    ) -> list[NameCandidate]:
        bases, starts = tokens.bases, tokens.starts
        total = len(bases)
        found: dict[str, NameCandidate] = {}
        i = 0
        while i < total:
            if starts[i] < title_end or consumed[i] or not bases[i][:1].isupper():
                i += 1
                continue
            run = [i]
            j = i + 1
            while j < total and not consumed[j] and tokens.joins(j):
                if tokens.possessive[j - 1]:
                    break
                word = bases[j]
                if word[:1].isupper() or (
                    tokens.folded[j] in _CONNECTORS and j + 1 < total and not consumed[j + 1]
                ):
                    run.append(j)
                else:
                    break
                j += 1
            candidate = self._candidate(tokens, run)
            if candidate is not None and candidate.key not in found:
                found[candidate.key] = candidate
            i = j
        return list(found.values())

    @staticmethod
    def _candidate(tokens: _Tokens, run: list[int]) -> NameCandidate | None:
        folded = tokens.folded
        guess = UNKNOWN
        if tokens.sentence_start(run[0]):
            if folded[run[0]] in _TITLES:
                guess = PERSON
            run = run[1:]
        # A title inside the run ("Foreign Minister Ana Costa"): the name follows it.
        for position in range(len(run) - 1, -1, -1):
            if folded[run[position]] in _TITLES:
                run = run[position + 1 :]
                guess = PERSON
                break
        while run and (folded[run[0]] in _STOP or folded[run[0]] in _CONNECTORS):
            run = run[1:]
        while run and (folded[run[-1]] in _STOP or folded[run[-1]] in _CONNECTORS):
            run = run[:-1]
        capitalized = [i for i in run if tokens.bases[i][:1].isupper()]
        if not 2 <= len(capitalized) <= 4 or any(folded[i] in _STOP for i in capitalized):
            return None
        if all(tokens.bases[i].isupper() for i in capitalized) and guess == UNKNOWN:
            return None  # a shouted dateline or heading, not a name
        name = tokens.text[tokens.starts[run[0]] : tokens.base_ends[run[-1]]]
        if _is_place(name):
            return None
        if guess == UNKNOWN:
            if any(folded[i] in _ORG_WORDS for i in capitalized):
                guess = ORGANIZATION
            elif run[0] and folded[run[0] - 1] in _PERSON_BEFORE:
                guess = PERSON
        return NameCandidate(key=alias_key(name), name=name, guess=guess)


def drop_places_inside_names(places: list[str], body: str, person_names: list[str]) -> set[str]:
    """Of the place words ``places`` (matched texts), those that occur in ``body`` only inside
    a person's name ("Paris" in "Paris Hilton")."""
    if not person_names or not places:
        return set()
    rest = normalize_text(body)
    for name in person_names:
        rest = rest.replace(name, " ")
    return {place for place in places if place not in rest}
