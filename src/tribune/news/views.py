"""Reading pages: parse the request, call a query, render. The only write is the reader's
read mark, through personalization's action."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render

from tribune.discussions import queries as discussion_queries
from tribune.discussions.views import thread_context
from tribune.news import queries
from tribune.news.models import Author, Section, Source
from tribune.personalization.actions import do_mark_read
from tribune.personalization.queries import reader_filter
from tribune.understanding.views import scope_context


def front_page(request: HttpRequest) -> HttpResponse:
    page = queries.front_page(reader_filter(request))
    return render(request, "news/front_page.html", {"lead": page.lead, "sections": page.sections})


def latest(request: HttpRequest) -> HttpResponse:
    page = queries.page_of(queries.published(), request.GET.get("before"))
    return render(request, "news/latest.html", {"page": page, "title": "Latest"})


def article(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    item = queries.article_for_page(pk)
    if item is None:
        raise Http404("No such article")
    if slug != (item.slug or "-"):
        return HttpResponsePermanentRedirect(item.get_absolute_url())
    if request.user.is_authenticated:
        do_mark_read(request.user, item.pk)
    # The article's response thread, if anyone has responded (a read never creates it).
    thread = discussion_queries.article_thread(item)
    if thread is not None:
        thread.article = item
    return render(
        request,
        "news/article.html",
        {
            **thread_context(request, thread, article=item),
            "article": item,
            "authors": list(item.authors.all()),
            "story_box": queries.story_box(item, reader_filter(request)),
            "more": queries.more_from_source(item),
            "other_discussions": discussion_queries.other_discussions(item, request.user),
        },
    )


def story(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.story_for_page(pk)
    if item is None:
        raise Http404("No such story")
    coverage = queries.story_coverage(item, reader_filter(request))
    if not coverage.article_ids:  # every article withdrawn: nothing to read here
        raise Http404("No such story")
    thread = discussion_queries.story_thread(item)
    if thread is not None:
        thread.story = item
    return render(
        request,
        "news/story.html",
        {
            **thread_context(request, thread, story=item),
            "story": item,
            "coverage": coverage,
            "other_discussions": discussion_queries.story_discussions(
                item, coverage.article_ids, request.user
            ),
        },
    )


def source(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Source.objects.select_related("section"), slug=slug)
    page = queries.page_of(queries.published().filter(source=item), request.GET.get("before"))
    return render(request, "news/source.html", {"source": item, "page": page})


def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "news/sources.html", {"sources": queries.sources_listing()})


def author(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Author.objects.select_related("source"), slug=slug)
    page = queries.page_of(queries.published().filter(authors=item), request.GET.get("before"))
    return render(request, "news/author.html", {"author": item, "page": page})


def section(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Section, slug=slug)
    reader = reader_filter(request)
    page = queries.section_stories_page(item, reader, request.GET.get("before"))
    return render(
        request,
        "news/section.html",
        {
            "section": item,
            "page": page,
            **scope_context(item),
            "discussions": discussion_queries.section_discussions(item, request.user, reader),
        },
    )
