"""The process-wide story index (understanding.stories.StoryIndex) kept level with the database.

Every process that clusters (workers, web processes publishing the newsroom's pieces, the
`tribune understand` command) holds its own in-memory index of recent articles. Clustering
runs under one lock (`hold_cluster_lock`); under it a process first replays the assignments
other processes made since it last looked (`Article.clustered_seq` is increasing), then
places the new articles. The writes are `news.actions.do_cluster_articles`'; this module
reads the database and keeps the index. See docs/understanding.md.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tribune.core.db import lock_for_transaction
from tribune.news.models import Article
from tribune.understanding.stories import StoryIndex, StoryParams

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key of story clustering ("tribstor" as a 64-bit integer).
CLUSTER_LOCK = int.from_bytes(b"tribstor", "big") - (1 << 63)
# Articles kept in memory: the story window plus this margin, counted back from now.
MARGIN = timedelta(hours=24)
# An index this small is never pruned (a small site keeps this many articles' word counts).
MIN_KEPT = 5000
# The index forgets articles that fell out of the horizon at most this often (pruning walks
# the whole index: about half a second at 25k articles).
PRUNE_EVERY = timedelta(hours=6)
LEAD_CHARS = 300
UNTITLED = "(untitled)"  # what news.actions stores for an entry without a title

_FIELDS = ("id", "title", "standfirst", "summary", "published_at", "source_id")


def hold_cluster_lock() -> None:
    """Serialize clustering across processes until the current transaction ends."""
    lock_for_transaction(CLUSTER_LOCK)


def lead_of(standfirst: str, summary: str) -> str:
    """The text compared besides the title: the standfirst, else the start of the summary."""
    text = (standfirst or summary).strip()
    if len(text) <= LEAD_CHARS:
        return text
    return text[:LEAD_CHARS].rsplit(" ", 1)[0]


def usable(title: str) -> bool:
    """An article without a real title is never compared: it stays a story of its own."""
    title = title.strip()
    return bool(title) and title != UNTITLED


@dataclass(frozen=True)
class Row:
    """An article as the clusterer sees it."""

    id: int
    title: str
    lead: str
    published: datetime
    source_id: int

    @classmethod
    def of(cls, values: Sequence[object]) -> Row:
        """From a values_list over ``_FIELDS``."""
        aid, title, standfirst, summary, published, source_id = values
        assert isinstance(published, datetime)
        return cls(
            int(aid),  # type: ignore[call-overload]
            str(title),
            lead_of(str(standfirst), str(summary)),
            published,
            int(source_id),  # type: ignore[call-overload]
        )


@dataclass
class Placement:
    """Where a batch of articles goes: an existing story's id, or a placeholder (< 0) for a
    story the batch opens; ``opened`` lists each placeholder's articles in order."""

    story_of: dict[int, int] = field(default_factory=dict)
    opened: dict[int, list[int]] = field(default_factory=dict)

    def existing(self) -> set[int]:
        return {s for s in self.story_of.values() if s > 0}


@dataclass(frozen=True)
class Mark:
    """The assignment with the highest seq this index has seen. Finding it unchanged in the
    database proves the index is still level with it (a rolled-back batch, a rebuild by
    another process or a test database reset all change or remove it)."""

    seq: int
    article_id: int
    story_id: int | None
    story_created_at: datetime | None


class StoryClusterer:
    """One process's story index and how far it has read the database's assignments.

    Every method is called with the cluster lock held (inside the clustering transaction).
    """

    def __init__(self, params: StoryParams | None = None, margin: timedelta = MARGIN) -> None:
        self.params = params or StoryParams()
        self.margin = margin
        self.index: StoryIndex | None = None
        self.mark: Mark | None = None
        self.lock = threading.RLock()  # threads of one process share the index
        self.builds = 0
        self.replayed = 0
        self._pruned_until: datetime | None = None
        self._placeholders = 0

    @property
    def horizon(self) -> timedelta:
        return self.params.window + self.margin

    def forget(self) -> None:
        """Drop the index; the next catch_up builds it again from the database."""
        self.index, self.mark, self._pruned_until = None, None, None

    # -- reading the database -----------------------------------------------------------------
    def prepare(self, reference: datetime) -> None:
        """Do the reading before taking the cluster lock: build the index if there is none,
        else replay what others placed. Under the lock, ``catch_up`` then only has what was
        committed in between, and a process starting never holds the others up while it
        reads days of articles."""
        with self.lock:
            try:
                if self.index is not None and not self._replay(reference):
                    self.forget()
                if self.index is None:
                    self._build(reference)
            except BaseException:
                self.forget()
                raise

    def catch_up(self, reference: datetime) -> int:
        """Bring the index level with the database and return the next free seq.

        ``reference`` is "now" for new articles (a rebuild passes the time it has reached):
        articles published more than the horizon before it are not kept."""
        if self.index is not None and not self._replay(reference):
            log.info("story index out of step with the database; rebuilding it")
            self.forget()
        if self.index is None:
            self._build(reference)
        self._prune_for(reference)
        return (self.mark.seq if self.mark else 0) + 1

    def _prune_for(self, moment: datetime) -> None:
        """Forget articles more than the horizon before ``moment``, in steps of PRUNE_EVERY
        on a fixed grid: the index then depends only on the articles and their times, not on
        how they were batched (a rebuild decides as the incremental run did). A small index
        is kept whole (MIN_KEPT): word rarity needs enough news to mean something."""
        assert self.index is not None
        if len(self.index) <= MIN_KEPT:
            return
        cutoff = _grid(moment - self.horizon)
        if self._pruned_until is None or cutoff > self._pruned_until:
            self._pruned_until = cutoff
            self.index.prune(cutoff)

    def _build(self, reference: datetime) -> None:
        self.builds += 1
        index = StoryIndex(self.params)
        self._pruned_until = _grid(reference - self.horizon)
        # The mark first, then what it covers: an assignment committed in between has a
        # higher seq and is replayed later. (Read without the lock, too.)
        last = (
            Article.objects.filter(clustered_seq__isnull=False)
            .order_by("-clustered_seq")
            .values_list("clustered_seq", "id", "story_id", "story__created_at")
            .first()
        )
        if last is None:
            self.index, self.mark = index, None
            return
        mark_seq, article_id, story_id, created_at = last
        assert mark_seq is not None
        # Read through the published_at index, and filtered and put in seq order here: given
        # a seq condition or order, SQLite may walk every placed article of all time instead.
        columns = ("clustered_seq", "story_id", *_FIELDS)
        recent = {
            row[0]: row
            for row in Article.objects.filter(published_at__gte=reference - self.horizon)
            .order_by()
            .values_list(*columns)
            .iterator(chunk_size=5000)
            if row[0] is not None and row[0] <= mark_seq
        }
        if len(recent) < MIN_KEPT:  # a small site: its last MIN_KEPT articles, however old
            for row in (
                Article.objects.filter(clustered_seq__lte=mark_seq)
                .order_by("-clustered_seq")
                .values_list(*columns)[:MIN_KEPT]
            ):
                recent[row[0]] = row
        rows = [recent[seq] for seq in sorted(recent)]
        self.index = index
        for _seq, story, *values in rows:
            self._restore(Row.of(values), story)
        self.mark = Mark(mark_seq, article_id, story_id, created_at)

    def _replay(self, reference: datetime) -> bool:
        """Add what other processes assigned since the mark; False when the index can no
        longer be trusted (the mark is gone or changed, or an article comes back)."""
        assert self.index is not None
        rows = Article.objects.order_by("clustered_seq").values_list(
            "clustered_seq", "story_id", "story__created_at", *_FIELDS
        )
        if self.mark is None:
            rows = rows.filter(clustered_seq__isnull=False)
        else:
            rows = rows.filter(clustered_seq__gte=self.mark.seq)
        first = True
        last: Mark | None = self.mark
        cutoff = reference - self.horizon
        for seq, story_id, created_at, *values in rows.iterator(chunk_size=2000):
            row = Row.of(values)
            if first and self.mark is not None:
                first = False
                if Mark(seq, row.id, story_id, created_at) != self.mark:
                    return False
                continue
            first = False
            if row.id in self.index:
                return False
            if row.published >= cutoff:
                self._restore(row, story_id)
                self.replayed += 1
            last = Mark(seq, row.id, story_id, created_at)
        if first and self.mark is not None:
            return False  # the mark's row is gone
        self.mark = last
        return True

    def _restore(self, row: Row, story_id: int | None) -> None:
        assert self.index is not None
        if story_id is not None and usable(row.title):
            self.index.add(
                row.id, row.title, row.lead, row.published, row.source_id, story_id=story_id
            )

    # -- placing new articles -------------------------------------------------------------------
    def place(self, rows: Iterable[Row]) -> Placement:
        """Decide the stories of new articles, in the order given, indexing them as they go
        (a story opened by one article of the batch can take the next)."""
        assert self.index is not None
        placement = Placement()
        for row in rows:
            self._prune_for(row.published)
            self._placeholders += 1
            placeholder = -self._placeholders
            if usable(row.title):
                story = self.index.add(
                    row.id,
                    row.title,
                    row.lead,
                    row.published,
                    row.source_id,
                    new_story_id=placeholder,
                )
            else:
                story = placeholder
            placement.story_of[row.id] = story
            if story < 0:
                placement.opened.setdefault(story, []).append(row.id)
        return placement

    def confirm(self, placement: Placement, story_ids: dict[int, int], mark: Mark) -> None:
        """The batch is written: placeholders become the stories' keys, the mark moves on."""
        assert self.index is not None
        for placeholder, story_id in story_ids.items():
            self.index.relabel(placeholder, story_id, placement.opened[placeholder])
        self.mark = mark


def _grid(moment: datetime) -> datetime:
    """``moment`` rounded down to a multiple of PRUNE_EVERY since the epoch."""
    step = PRUNE_EVERY.total_seconds()
    seconds = moment.timestamp()
    return moment - timedelta(seconds=seconds - (seconds // step) * step)


_default: StoryClusterer | None = None
_default_lock = threading.Lock()


def default_clusterer() -> StoryClusterer:
    """This process's clusterer (built from the database on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = StoryClusterer()
        return _default
