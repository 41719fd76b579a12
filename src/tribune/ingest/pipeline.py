"""refresh_source: the one orchestrator of a feed refresh, called by the worker and the CLI.

fetch -> parse -> (full text: fetch page, extract) -> sanitize -> store -> schedule
-> understand (tags and stories; a failure there is left to the `understand` chore).
Every stage before store is a plain function over plain data. A failure at any stage is
recorded on the source with a clear message and leaves its stored articles as they were.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from tribune.core.http import FetchError, Guard
from tribune.core.sanitize import (
    clean_html,
    html_to_text,
    reading_minutes,
    strip_tags,
    word_count,
)
from tribune.ingest.fetch import FetchResult, fetch_feed, fetch_page
from tribune.ingest.parse import ParsedEntry, ParsedFeed, ParseError, parse_feed
from tribune.ingest.scheduler import Limits, backoff, honor_server, publishing_interval
from tribune.news import actions
from tribune.news.actions import EntryRecord
from tribune.news.models import Article, Source
from tribune.understanding.pipeline import understand_articles, understand_changed_articles

log = logging.getLogger(__name__)

SUMMARY_CHARS = 600


@dataclass
class RefreshReport:
    source_id: int
    ok: bool
    not_modified: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_code: str = ""
    error: str = ""
    warnings: list[str] = field(default_factory=list)


def prepare_entry(entry: ParsedEntry, now: datetime) -> EntryRecord:
    """Sanitize and measure one parsed entry (no database, no network)."""
    body_source = entry.content_html or entry.summary_html
    content_html = clean_html(body_source, entry.url) if body_source else ""
    content_text = html_to_text(content_html) if content_html else ""
    # The summary is kept as plain text only, so a separate one needs no sanitizing pass.
    summary_text = strip_tags(entry.summary_html) if entry.content_html else ""
    if not summary_text:
        summary_text = content_text
    words = word_count(content_text)
    digest = hashlib.sha256(
        "\x1f".join((entry.title, entry.url, content_html, summary_text, entry.image_url)).encode()
    ).hexdigest()
    return EntryRecord(
        guid=entry.guid,
        url=entry.url,
        title=entry.title,
        summary=_shorten(summary_text, SUMMARY_CHARS),
        content_html=content_html,
        content_text=content_text,
        authors=entry.authors,
        categories=entry.categories,
        published=entry.published or entry.updated or now,
        updated=entry.updated,
        enclosures=[{"url": e.url, "type": e.type, "length": e.length} for e in entry.enclosures],
        image_url=entry.image_url,
        language=entry.language,
        word_count=words,
        reading_minutes=reading_minutes(words),
        has_full_text=bool(entry.content_html),
        content_hash=digest,
    )


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def add_full_text(record: EntryRecord, guard: Guard | None = None) -> str | None:
    """Fetch the entry's page and put its extracted text in place; a warning on failure
    (the summary from the feed stays)."""
    # trafilatura is slow to import; only sources with full text need it.
    from tribune.ingest.extract import ExtractError, extract_page

    if not record.url:
        return "no link to fetch the full text from"
    try:
        page = fetch_page(record.url, guard=guard)
        extracted = extract_page(page.body, page.final_url)
    except (FetchError, ExtractError) as exc:
        return f"full text of {record.url}: {exc}"
    html = clean_html(extracted.html, page.final_url)
    text = html_to_text(html)
    if word_count(text) <= record.word_count:
        return None
    record.content_html = html
    record.content_text = text
    record.word_count = word_count(text)
    record.reading_minutes = reading_minutes(record.word_count)
    record.has_full_text = True
    if not record.authors and extracted.author:
        record.authors = [extracted.author]
    if not record.image_url and extracted.image:
        record.image_url = extracted.image
    if not record.language and extracted.language:
        record.language = extracted.language
    # The hash stays the feed's: a changed page alone never rewrites a stored article.
    return None


def refresh_source(
    source: Source | int, *, guard: Guard | None = None, limits: Limits | None = None
) -> RefreshReport:
    """Refresh one source (a row the worker claimed, or an id)."""
    if not isinstance(source, Source):
        source = Source.objects.get(pk=source)
    source_id = source.pk
    limits = limits or Limits.from_settings()
    report = RefreshReport(source_id=source_id, ok=False)
    if source.kind != Source.Kind.FEED or not source.feed_url:
        report.error = "not a feed source"
        return report
    try:
        fetched = fetch_feed(
            source.feed_url,
            etag=source.etag or None,
            last_modified=source.last_modified or None,
            guard=guard,
        )
    except FetchError as exc:
        return _fail(source, report, exc.code, exc.message, limits, exc.retry_after)
    if fetched.not_modified:
        _succeed(source, fetched, None, limits, had_new=False)
        report.ok = report.not_modified = True
        return report
    try:
        feed = parse_feed(fetched.body, fetched.final_url, fetched.content_type)
    except ParseError as exc:
        return _fail(source, report, "parse", str(exc), limits, None)
    report.warnings.extend(feed.warnings)
    now = timezone.now()
    records = [prepare_entry(e, now) for e in feed.entries]
    # What is stored already: new entries get their full text fetched, changed ones (another
    # content hash) are tagged again after the store.
    known: dict[str, str] = {}
    if records:
        known = dict(
            Article.objects.filter(
                source=source, guid__in=[r.guid[:1000] for r in records]
            ).values_list("guid", "content_hash")
        )
    if source.full_text:
        for record in records:
            if record.guid[:1000] not in known and (warning := add_full_text(record, guard)):
                report.warnings.append(warning)
    stored = actions.do_store_entries(source, records)
    report.created, report.updated, report.unchanged = (
        stored.created,
        stored.updated,
        stored.unchanged,
    )
    _succeed(source, fetched, feed, limits, had_new=stored.created > 0)
    report.ok = True
    changed = [
        r.guid[:1000] for r in records if known.get(r.guid[:1000], r.content_hash) != r.content_hash
    ]
    _understand(source, changed if stored.updated else [], stored)
    if report.warnings:
        log.info(
            "source %s: %d warnings, first: %s", source_id, len(report.warnings), report.warnings[0]
        )
    return report


def _understand(source: Source, changed_guids: list[str], stored: actions.StoreReport) -> None:
    """Tag the new articles and place them in stories; tag changed ones again. Never raises:
    what fails here is finished later by the `understand` chore."""
    understand_articles(stored.created_ids)
    if changed_guids:
        changed = Article.objects.filter(source=source, guid__in=changed_guids).values_list(
            "id", flat=True
        )
        understand_changed_articles(list(changed))


def _succeed(
    source: Source, fetched: FetchResult, feed: ParsedFeed | None, limits: Limits, *, had_new: bool
) -> None:
    now = timezone.now()
    if feed is not None:
        interval = publishing_interval((e.published for e in feed.entries), now, limits)
    else:
        interval = source.fetch_interval
    wait = honor_server(interval, fetched.max_age, fetched.retry_after, limits)
    actions.do_record_success(
        source,
        next_fetch_in=timedelta(seconds=wait),
        interval=interval,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        new_url=fetched.permanent_url,
        feed_title=feed.title if feed else "",
        site_url=feed.site_url if feed else "",
        description=feed.description if feed else "",
        language=feed.language if feed else "",
        parser=feed.parser if feed else "",
        had_new_entries=had_new,
    )


def _fail(
    source: Source,
    report: RefreshReport,
    code: str,
    message: str,
    limits: Limits,
    retry_after: float | None,
) -> RefreshReport:
    errors = source.error_count + 1
    wait = backoff(errors, limits, retry_after)
    actions.do_record_failure(
        source,
        code=code,
        message=message,
        next_fetch_in=timedelta(seconds=wait),
        error_count=errors,
    )
    log.warning("source %s failed (%s): %s; next try in %ss", source.pk, code, message, wait)
    report.error_code, report.error = code, message
    return report
