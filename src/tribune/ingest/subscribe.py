"""Turn what a person pastes (a feed URL, a site or an article URL) into a feed to follow."""

from __future__ import annotations

from dataclasses import dataclass

from tribune.core.http import FetchError, Guard
from tribune.ingest.discover import discover_feeds, looks_like_feed
from tribune.ingest.fetch import fetch_feed
from tribune.ingest.parse import ParsedFeed, ParseError, parse_feed


class SubscribeError(Exception):
    """Nothing at that address could be followed; the message says why."""


@dataclass
class FoundFeed:
    feed_url: str
    feed: ParsedFeed


def find_feed(url: str, guard: Guard | None = None) -> FoundFeed:
    """Fetch `url`; if it is a feed, that is it; if it is a page, follow its advertised feeds."""
    try:
        first = fetch_feed(url, guard=guard)
    except FetchError as exc:
        raise SubscribeError(f"Could not fetch {url}: {exc.message}") from exc
    if looks_like_feed(first.body, first.content_type):
        try:
            return FoundFeed(
                first.permanent_url or first.final_url,
                parse_feed(first.body, first.final_url, first.content_type),
            )
        except ParseError as exc:
            raise SubscribeError(f"{url} looks like a feed but could not be read: {exc}") from exc
    candidates = discover_feeds(first.body, first.final_url)
    problems: list[str] = []
    for candidate in candidates[:5]:
        try:
            fetched = fetch_feed(candidate, guard=guard)
            return FoundFeed(
                fetched.permanent_url or fetched.final_url,
                parse_feed(fetched.body, fetched.final_url, fetched.content_type),
            )
        except (FetchError, ParseError) as exc:
            problems.append(f"{candidate}: {exc}")
    if problems:
        raise SubscribeError(f"No working feed at {url}. Tried " + "; ".join(problems))
    raise SubscribeError(f"No feed found at {url}: it is not a feed and links to none.")
