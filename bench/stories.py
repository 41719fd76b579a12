"""Story clustering cost: milliseconds per StoryIndex.add with 100k articles already indexed.

    .venv/bin/python bench/stories.py                    # 100k indexed, 2,000 timed adds
    .venv/bin/python bench/stories.py --indexed 20000    # quicker, while developing
    .venv/bin/python bench/stories.py --days 3           # all 100k inside one 72 h window

Synthetic data, seeded: a Zipf-distributed vocabulary of 40k made-up words for the common
words of news copy, and 20k stories with 8 rare words each (names, places) of which every
article uses 3-5, plus 6-12 common words; 3-7 articles per story spread over the story's first
two days, the stories' starts spread over ``--days`` days (default 14). The index is filled
untimed, then the next ``--timed`` articles (continuing the same stories and opening new ones)
are added one by one and timed with ``time.perf_counter``; the signature alone is timed too.
Target (issue 4): under 5 ms per add at 100k articles.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tribune.understanding.stories import StoryIndex, signature

SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ar", "en", "ol")]


def make_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def generate(n_articles: int, days: float, seed: int) -> list[tuple[int, str, str, datetime, int]]:
    rng = random.Random(seed)
    common = list(dict.fromkeys(make_word(rng) for _ in range(45_000)))[:40_000]
    cum, total = [], 0.0
    for rank in range(len(common)):
        total += 1 / (rank + 1)
        cum.append(total)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    n_stories = max(1, n_articles // 5)
    articles = []
    for story in range(n_stories):
        rare = [make_word(rng) + make_word(rng) for _ in range(8)]
        begins = start + timedelta(days=days * story / n_stories)
        for _ in range(rng.randint(3, 7)):
            words = rng.sample(rare, rng.randint(3, 5)) + rng.choices(
                common, cum_weights=cum, k=rng.randint(6, 12)
            )
            rng.shuffle(words)
            cut = rng.randint(4, 7)
            published = begins + timedelta(minutes=rng.randint(0, 48 * 60))
            articles.append(
                (0, " ".join(words[:cut]), " ".join(words[cut:]), published, rng.randint(1, 300))
            )
    articles.sort(key=lambda a: a[3])
    return [(i + 1, t, lead, p, s) for i, (_, t, lead, p, s) in enumerate(articles)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indexed", type=int, default=100_000)
    parser.add_argument("--timed", type=int, default=2_000)
    parser.add_argument("--days", type=float, default=14.0)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    total = args.indexed + args.timed
    t0 = time.perf_counter()
    articles = generate(total, args.days * total / args.indexed, args.seed)[:total]
    print(f"generated {len(articles):,} articles in {time.perf_counter() - t0:.1f} s")

    index = StoryIndex()
    t0 = time.perf_counter()
    for article in articles[: args.indexed]:
        index.add(*article)
    fill = time.perf_counter() - t0
    print(
        f"indexed {len(index):,} articles in {fill:.1f} s "
        f"({1000 * fill / args.indexed:.2f} ms per add on average while filling)"
    )

    timings = []
    for article in articles[args.indexed :]:
        t = time.perf_counter()
        index.add(*article)
        timings.append((time.perf_counter() - t) * 1000)
    sig_timings = []
    for _, title, lead, _, _ in articles[args.indexed :]:
        t = time.perf_counter()
        signature(title, lead)
        sig_timings.append((time.perf_counter() - t) * 1000)

    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"add at {args.indexed:,} indexed ({args.days:g} days of news): "
        f"mean {statistics.fmean(timings):.3f} ms, median {statistics.median(timings):.3f} ms, "
        f"p95 {p95:.3f} ms, max {timings[-1]:.3f} ms over {len(timings):,} adds"
    )
    print(f"of which signature alone: mean {statistics.fmean(sig_timings):.3f} ms")
    print(f"stories formed: {len(index.stories()):,}; target: under 5 ms per add")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process (data + index): {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
