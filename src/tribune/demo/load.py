"""Load the demo: sections, the newsroom's authors and pieces, and the bundled outlets,
fetched through the real pipeline (their .example hosts are served from sites/)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tribune.ingest.pipeline import RefreshReport, refresh_source
from tribune.news import actions
from tribune.news.models import Article, Section, Source
from tribune.understanding import pipeline as understanding

DEMO_DIR = Path(__file__).resolve().parent
SECTIONS = [
    "World",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Climate",
    "Health",
    "Culture",
    "Sport",
    "Local",
    "Opinion",
]


def demo_sites() -> list[dict[str, str | bool]]:
    sites = []
    for path in sorted((DEMO_DIR / "sites").glob("*/site.json")):
        data = json.loads(path.read_text())
        host = path.parent.name
        data["feed_url"] = f"https://{host}{data['feed_path']}"
        sites.append(data)
    return sites


def load_demo(log: Callable[[str], object] = print) -> dict[str, int]:
    sections = {
        name: actions.do_ensure_section(name, position) for position, name in enumerate(SECTIONS)
    }
    newsroom = actions.house_source()
    first_time = not Source.objects.filter(
        kind=Source.Kind.FEED, feed_url__contains=".example/"
    ).exists()
    authors = {}
    for item in json.loads((DEMO_DIR / "editorial" / "authors.json").read_text()):
        authors[item["slug"]] = actions.do_save_house_author(
            name=item["name"], slug=item["slug"], role=item.get("role", ""), bio=item["bio"]
        )
    for piece in json.loads((DEMO_DIR / "editorial" / "pieces.json").read_text()):
        published = parse_datetime(piece["published"]) or timezone.now()
        actions.do_publish_piece(
            newsroom,
            guid=f"demo:{piece['slug']}",
            title=piece["title"],
            standfirst=piece.get("standfirst", ""),
            body_markdown=piece["body_markdown"],
            authors=[authors[piece["author"]]],
            dateline=piece.get("dateline", ""),
            section=sections.get(piece.get("section", "Opinion")),
            kind=piece.get("kind", "opinion"),
            published_at=published,
        )
    reports: list[RefreshReport] = []
    for site in demo_sites():
        source, created = actions.do_add_source(
            str(site["feed_url"]),
            title=str(site["title"]),
            site_url=str(site.get("site_url", "")),
            description=str(site.get("description", "")),
            section=sections.get(str(site.get("section", ""))),
            full_text=bool(site.get("full_text")),
        )
        if created:
            report = refresh_source(source.pk)
            reports.append(report)
            state = f"{report.created} articles" if report.ok else f"failed: {report.error}"
            log(f"{source.title}: {state}")
    if first_time:
        _bring_dates_to_now()
        # Tags repeat their article's date and stories span their articles' dates: understand
        # the demo again at its new dates (in published order, as the news arrived).
        understanding.rebuild(report=log)
    else:
        understanding.catch_up_all(report=log)
    _load_conversations(sections)
    return {
        "sources": Source.objects.filter(kind=Source.Kind.FEED).count(),
        "articles": Article.objects.count(),
        "failed": sum(not r.ok for r in reports),
    }


def _bring_dates_to_now() -> None:
    """The demo's news is dated to its week of writing; move it so the newest piece is from
    the last hour, keeping every gap between articles as written."""
    newest: datetime | None = Article.objects.aggregate(m=Max("published_at"))["m"]
    if newest is None:
        return
    shift = timezone.now() - timedelta(minutes=40) - newest
    actions.do_shift_article_dates(Article.objects.all(), shift)


def _load_conversations(sections: dict[str, Section]) -> None:
    """Demo readers, their responses to a few articles and their discussions, posted through
    the same actions as a reader's (so threads, counts, follows and notifications are real).
    Loaded once: the first demo reader's existence marks it done."""
    from tribune.accounts.actions import ProfileSettings, do_update_settings
    from tribune.accounts.models import User
    from tribune.discussions import actions as talk

    data = json.loads((DEMO_DIR / "editorial" / "conversations.json").read_text())
    if User.objects.filter(username=data["readers"][0]["username"]).exists():
        return
    readers = {}
    for item in data["readers"]:
        # Demo readers cannot log in (no password) and their posts are never held.
        user = User.objects.create_user(
            item["username"], email="", password=None, approved_posts=1000
        )
        profile = ProfileSettings(item["display_name"], item["bio"], False, False)
        readers[item["username"]] = do_update_settings(user, profile)

    def post(discussion: Any, responses: list[dict[str, str]]) -> None:
        posted: dict[str, Any] = {}
        for item in responses:
            parent = posted.get(item.get("parent", ""))
            posted[item["id"]] = talk.do_respond(
                readers[item["author"]], discussion, item["body"], parent=parent
            )

    for thread in data["article_threads"]:
        article = Article.objects.filter(title=thread["article_title"]).first()
        if article is not None:
            post(talk.thread_for_article(article), thread["responses"])
    for item in data["discussions"]:
        article = None
        if item.get("article_title"):
            article = Article.objects.filter(title=item["article_title"]).first()
        discussion = talk.do_start_discussion(
            readers[item["author"]],
            item["title"],
            item["body"],
            article=article,
            section=sections.get(item.get("section", "")),
        )
        post(discussion, item.get("responses", []))
    _spread_conversations_over_the_day()


def _spread_conversations_over_the_day() -> None:
    """Posted in one go, the demo's conversations would all be "a minute ago": spread them
    over the last hours in the order they were written, as a day of talk would be."""
    from tribune.discussions.actions import do_backdate_responses
    from tribune.discussions.models import Response

    now = timezone.now()
    ids = Response.objects.order_by("-id").values_list("id", flat=True)
    do_backdate_responses(
        {pk: now - timedelta(minutes=9 + 23 * step) for step, pk in enumerate(ids)}
    )
