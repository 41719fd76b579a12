"""Topic pages and the topics index: parse, call the queries, render."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from tribune.discussions import queries as discussion_queries
from tribune.personalization.queries import reader_filter
from tribune.understanding import queries, timeline
from tribune.understanding.queries import Scope


def scope_context(scope: Scope) -> dict[str, Any]:
    """What a topic page and a section page show beside their stories: the coverage timeline
    and the topics mentioned with it."""
    around = queries.surroundings(scope)
    days = around.timeline
    label = f"Articles a day about {scope.name}, last {len(days)} days"
    return {
        "timeline": {
            "svg": mark_safe(timeline.svg(days, label)),  # noqa: S308 - every text is escaped
            "summary": timeline.summary(days),
            "first": days[0].day if days else None,
            "last": days[-1].day if days else None,
        },
        "co_mentions": around.co_mentions,
    }


@require_GET
def topics(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "understanding/topics.html",
        {"kinds": queries.popular_topics(), "days": queries.POPULAR_DAYS},
    )


@require_GET
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    item = queries.topic_for_page(slug)
    if item is None:
        raise Http404("No such topic")
    reader = reader_filter(request)
    page = queries.topic_stories_page(item, reader, request.GET.get("before"))
    return render(
        request,
        "understanding/topic.html",
        {
            "topic": item,
            "page": page,
            **scope_context(item),
            "discussions": discussion_queries.topic_discussions(item, request.user, reader),
        },
    )
