"""Views of discussions: thin: parse, call an action or a query, render.

Every write is a POST through `discussions.actions`. Without JavaScript a write redirects
(to the response's anchor); with htmx (the HX-Request header) it answers with the fragment
to swap in. A refusal re-shows the form with the reader's text and the reason.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseForbidden,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tribune.accounts.models import User
from tribune.core.ratelimit import client_ip
from tribune.discussions import actions, queries
from tribune.discussions.actions import NotYours, Refused
from tribune.discussions.forms import ResponseForm, StartDiscussionForm
from tribune.discussions.models import Discussion, Response, Visibility
from tribune.news.models import Article, Section, Story
from tribune.notifications import actions as follows
from tribune.personalization.queries import reader_filter

log = logging.getLogger(__name__)


# Helpers -------------------------------------------------------------------------------------


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def thread_url(discussion: Discussion) -> str:
    """Where a discussion's thread is read: its page, or its article's or story's page."""
    if discussion.kind == Discussion.Kind.ARTICLE and discussion.article is not None:
        return discussion.article.get_absolute_url()
    if discussion.kind == Discussion.Kind.STORY and discussion.story_id is not None:
        return reverse("news:story", args=[discussion.story_id])
    return reverse("discussions:detail", args=[discussion.pk])


def anchor_url(response: Response) -> str:
    """A response in its thread (or, nested beyond what a thread page shows, on its own)."""
    if response.depth < queries.RENDER_DEPTH:
        return f"{thread_url(response.discussion)}#r{response.pk}"
    return f"{reverse('discussions:response', args=[response.pk])}#r{response.pk}"


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _sort(request: HttpRequest) -> str:
    sort = request.GET.get("sort", "best")
    return sort if sort in queries.THREAD_SORTS else "best"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _refusal_status(exc: Refused) -> int:
    if exc.retry_after:
        return 429
    if isinstance(exc, NotYours):
        return 403
    return 400


def _with_retry(response: HttpResponse, exc: Refused | None) -> HttpResponse:
    if exc is not None and exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    return response


def _login(request: HttpRequest, next_url: str) -> HttpResponseBase:
    if _htmx(request):
        target = redirect_to_login(next_url)
        answer = HttpResponse(status=204)
        answer["HX-Redirect"] = target["Location"]
        return answer
    return redirect_to_login(next_url)


def _response_form(
    key: str, data: QueryDict | None = None, *, initial: dict[str, str] | None = None
) -> ResponseForm:
    """Each form on a page gets its own field ids."""
    return ResponseForm(data, initial=initial, auto_id=f"id_%s_{key}")


def _fragment(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    answer = HttpResponse(render_to_string(template, context, request), status=status)
    patch_vary_headers(answer, ["HX-Request"])
    return answer


def thread_context(
    request: HttpRequest,
    discussion: Discussion | None,
    *,
    article: Article | None = None,
    story: Story | None = None,
    root: Response | None = None,
) -> dict[str, Any]:
    """What a page with a thread needs (a discussion's page, an article's or a story's page,
    a response's permalink): the thread from one query, the form to respond, and an open
    reply form when ?reply= or ?quote= asks for one. Without a discussion yet, the form
    posts to the article's or the story's respond address, which creates the thread."""
    viewer = request.user
    sort = _sort(request)
    reply_to: Response | None = None
    reply_form: ResponseForm | None = None
    open_id = _int(request.GET.get("quote")) or _int(request.GET.get("reply"))
    if discussion is not None and open_id:
        reply_to = Response.objects.filter(
            pk=open_id,
            discussion_id=discussion.pk,
            visibility=Visibility.VISIBLE,
            deleted_at__isnull=True,
        ).first()
        if reply_to is not None:
            quote = queries.quote_of(reply_to) if request.GET.get("quote") else ""
            reply_form = _response_form(f"r{reply_to.pk}", initial={"body": quote})
    open_for_responses = discussion is None or (
        discussion.visibility == Visibility.VISIBLE and not discussion.locked
    )
    if discussion is not None:
        respond_url = reverse("discussions:respond", args=[discussion.pk])
    elif story is not None:
        respond_url = reverse("discussions:respond_to_story", args=[story.pk])
    else:
        respond_url = reverse("discussions:respond_to_article", args=[article.pk if article else 0])
    return {
        "discussion": discussion,
        "thread": (
            queries.thread(discussion, viewer, sort, root=root, highlight=root.pk if root else None)
            if discussion
            else None
        ),
        "thread_sort": sort,
        "thread_sorts": queries.THREAD_SORTS,
        "thread_page": request.path,
        "response_count": discussion.response_count if discussion else 0,
        "open_for_responses": open_for_responses,
        "respond_url": respond_url,
        "form": _response_form("top"),
        "reply_to": reply_to,
        "reply_form": reply_form,
    }


# Reading -------------------------------------------------------------------------------------


@require_GET
def discussion_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "hot")
    sort = sort if sort in queries.LIST_SORTS else "hot"
    period = request.GET.get("t", "week")
    period = period if period in queries.TOP_PERIODS else "week"
    section = None
    if slug := request.GET.get("section"):
        section = get_object_or_404(Section, slug=slug)
    article = None
    if article_id := _int(request.GET.get("article")):
        article = get_object_or_404(
            Article.objects.only("id", "title", "slug", "status"),
            pk=article_id,
            status=Article.Status.PUBLISHED,
        )
    page = queries.discussions_page(
        request.user,
        sort,
        period=period,
        section=section,
        article=article,
        cursor=request.GET.get("after"),
        reader=reader_filter(request),
    )
    filters = {}
    if section:
        filters["section"] = section.slug
    if article:
        filters["article"] = str(article.pk)

    def link(**params: str) -> str:
        return "?" + urlencode({**filters, **params})

    top = {"sort": "top", "t": period}
    current = top if sort == "top" else {"sort": sort}
    return render(
        request,
        "discussions/list.html",
        {
            "page": page,
            "sort": sort,
            "period": period,
            "section": None,  # the section nav highlights the news section pages only
            "filter_section": section,
            "filter_article": article,
            "sort_links": [
                (s, link(**(top if s == "top" else {"sort": s}))) for s in queries.LIST_SORTS
            ],
            "period_links": [(p, link(sort="top", t=p)) for p in queries.TOP_PERIODS],
            "next_url": link(**current, after=page.next_cursor) if page.next_cursor else None,
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    discussion = queries.discussion_for_page(pk)
    if discussion is None or not queries.can_see(discussion, request.user):
        raise Http404("No such discussion")
    if discussion.kind in (Discussion.Kind.ARTICLE, Discussion.Kind.STORY):
        return redirect(f"{thread_url(discussion)}#responses")
    context = thread_context(request, discussion)
    context["voted_discussion"] = queries.has_voted_for(discussion, request.user)
    context["following"] = queries.is_following(discussion, request.user)
    return render(request, "discussions/detail.html", context)


@require_GET
def response_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A response's permalink: it, highlighted, with its replies (also where "Continue this
    thread" leads)."""
    response = queries.response_for_page(pk)
    if response is None or not queries.can_see(response.discussion, request.user):
        raise Http404("No such response")
    discussion = response.discussion
    context = thread_context(request, discussion, root=response)
    if not context["thread"].items:  # removed, or someone else's post waiting for review
        raise Http404("No such response")
    context["root"] = response
    context["thread_url"] = thread_url(discussion)
    context["whole_thread_url"] = (
        anchor_url(response)
        if response.depth < queries.RENDER_DEPTH
        else f"{thread_url(discussion)}#responses"
    )
    return render(request, "discussions/response.html", context)


# Responding ----------------------------------------------------------------------------------


def _post_response(
    request: HttpRequest,
    *,
    discussion: Discussion | None,
    article: Article | None = None,
    story: Story | None = None,
    parent: Response | None = None,
) -> HttpResponseBase:
    back = _back(discussion, article, story)
    if not request.user.is_authenticated:
        return _login(request, back)
    key = f"r{parent.pk}" if parent else "top"
    form = _response_form(key, request.POST)
    if not form.is_valid():
        return _respond_failed(
            request, discussion, article, parent, form, None, status=400, story=story
        )
    body = form.cleaned_data["body"]
    try:
        if discussion is None and article is not None:
            response = actions.check_respond_to_article(
                _user(request), article, body, parent=parent, ip=client_ip(request)
            )
        elif discussion is None and story is not None:
            response = actions.check_respond_to_story(
                _user(request), story, body, parent=parent, ip=client_ip(request)
            )
        elif discussion is not None:
            response = actions.check_respond(
                _user(request), discussion, body, parent=parent, ip=client_ip(request)
            )
        else:
            raise Http404("Nothing to respond to")
    except Refused as exc:
        return _respond_failed(
            request,
            discussion,
            article,
            parent,
            form,
            exc,
            status=_refusal_status(exc),
            story=story,
        )
    except DatabaseError:
        # The write's transaction rolled back: nothing was posted; the text is still here.
        log.exception("response could not be saved")
        failure = Refused("Your response could not be saved. Nothing was posted; try again.")
        return _respond_failed(
            request, discussion, article, parent, form, failure, status=503, story=story
        )
    response = queries.response_for_page(response.pk) or response
    if not _htmx(request):
        return HttpResponseRedirect(anchor_url(response))
    item = queries.single_item(response, request.user)
    fresh = _response_form(key)
    return _fragment(
        request,
        "discussions/_created.html",
        {
            "item": item,
            "discussion": response.discussion,
            "parent": parent,
            "form": fresh,
            "respond_url": request.path,
            "response_count": response.discussion.response_count,
            "thread_page": _safe_next(request, thread_url(response.discussion)),
            "open_for_responses": True,
        },
        status=201,
    )


def _page_of(discussion: Discussion) -> dict[str, Any]:
    """What a response fragment needs to know of the page it goes into."""
    return {
        "discussion": discussion,
        "thread_page": thread_url(discussion),
        "open_for_responses": discussion.visibility == Visibility.VISIBLE and not discussion.locked,
    }


def _back(
    discussion: Discussion | None, article: Article | None, story: Story | None = None
) -> str:
    if discussion is not None:
        return thread_url(discussion)
    if story is not None:
        return story.get_absolute_url()
    return article.get_absolute_url() if article is not None else "/"


def _respond_failed(
    request: HttpRequest,
    discussion: Discussion | None,
    article: Article | None,
    parent: Response | None,
    form: ResponseForm,
    exc: Refused | None,
    *,
    status: int,
    story: Story | None = None,
) -> HttpResponse:
    """The form again, with the reader's text and why it was not posted."""
    context = {
        "discussion": discussion,
        "article": article,
        "story": story,
        "parent": parent,
        "form": form,
        "refusal": exc.message if exc else None,
        "respond_url": request.path,
        "thread_page": _safe_next(request, _back(discussion, article, story)),
        "open_for_responses": True,
    }
    if _htmx(request):
        answer = _fragment(request, "discussions/_respond_form.html", context, status=status)
        answer["HX-Retarget"] = f"#{'reply-form-' + str(parent.pk) if parent else 'respond-form'}"
        answer["HX-Reswap"] = "outerHTML"
    else:
        answer = render(request, "discussions/respond.html", context, status=status)
    return _with_retry(answer, exc)


@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponseBase:
    discussion = get_object_or_404(Discussion.objects.select_related("article"), pk=pk)
    if not queries.can_see(discussion, request.user):
        raise Http404("No such discussion")
    return _post_response(request, discussion=discussion)


@require_POST
def respond_to_article(request: HttpRequest, article_id: int) -> HttpResponseBase:
    article = get_object_or_404(
        Article.objects.defer("content_html", "content_text", "body_markdown"),
        pk=article_id,
        status=Article.Status.PUBLISHED,
    )
    discussion = queries.article_thread(article)
    if discussion is not None:
        discussion.article = article
    return _post_response(request, discussion=discussion, article=article)


@require_POST
def respond_to_story(request: HttpRequest, story_id: int) -> HttpResponseBase:
    """A response in a story's shared thread (the first one creates it)."""
    story = get_object_or_404(Story.objects.select_related("section"), pk=story_id)
    discussion = queries.story_thread(story)
    return _post_response(request, discussion=discussion, story=story)


@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: int) -> HttpResponseBase:
    """GET: the form to reply (a fragment for htmx, else a page), pre-filled with a quote of
    the parent when ?quote=1. POST: the reply."""
    parent = queries.response_for_page(pk)
    if parent is None or not queries.can_see(parent.discussion, request.user):
        raise Http404("No such response")
    discussion = parent.discussion
    if request.method == "POST":
        return _post_response(request, discussion=discussion, parent=parent)
    quote = queries.quote_of(parent) if request.GET.get("quote") else ""
    context = {
        "discussion": discussion,
        "parent": parent,
        "form": _response_form(f"r{parent.pk}", initial={"body": quote}),
        "respond_url": reverse("discussions:reply", args=[parent.pk]),
        "thread_page": _safe_next(request, thread_url(discussion)),
        "open_for_responses": discussion.visibility == Visibility.VISIBLE and not discussion.locked,
    }
    if _htmx(request):
        return _fragment(request, "discussions/_respond_form.html", context)
    context["item"] = queries.single_item(parent, request.user)
    page = render(request, "discussions/respond.html", context)
    patch_vary_headers(page, ["HX-Request"])
    return page


# Editing and deleting ------------------------------------------------------------------------


def _own_response(request: HttpRequest, pk: int) -> Response | HttpResponseBase:
    response = queries.response_for_page(pk)
    if response is None:
        raise Http404("No such response")
    if not request.user.is_authenticated:
        return _login(request, anchor_url(response))
    if response.author_id != request.user.pk:
        return HttpResponseForbidden("You can only change your own responses.")
    return response


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    found = _own_response(request, pk)
    if not isinstance(found, Response):
        return found
    response = found
    refusal: Refused | None = None
    status = 200
    if request.method == "POST":
        form = _response_form(f"e{response.pk}", request.POST)
        if form.is_valid():
            try:
                actions.check_edit_response(_user(request), response, form.cleaned_data["body"])
            except Refused as exc:
                refusal, status = exc, _refusal_status(exc)
            else:
                if not _htmx(request):
                    return HttpResponseRedirect(anchor_url(response))
                item = queries.single_item(response, request.user)
                return _fragment(
                    request,
                    "discussions/_response.html",
                    {"item": item, **_page_of(response.discussion)},
                )
        else:
            status = 400
    elif response.is_deleted or response.visibility in (Visibility.HIDDEN, Visibility.REMOVED):
        return render(
            request,
            "discussions/refused.html",
            {"refusal": "This response can no longer be edited.", "back": anchor_url(response)},
            status=400,
        )
    else:
        form = _response_form(f"e{response.pk}", initial={"body": response.body_markdown})
    context = {
        "response": response,
        "discussion": response.discussion,
        "form": form,
        "refusal": refusal.message if refusal else None,
        "back": anchor_url(response),
    }
    if _htmx(request):
        answer = _fragment(request, "discussions/_edit_form.html", context, status=status)
    else:
        answer = render(request, "discussions/edit.html", context, status=status)
        patch_vary_headers(answer, ["HX-Request"])
    return _with_retry(answer, refusal)


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    """GET asks to confirm; POST deletes (the text goes, a placeholder keeps the replies)."""
    found = _own_response(request, pk)
    if not isinstance(found, Response):
        return found
    response = found
    if request.method == "POST":
        try:
            actions.check_delete_response(_user(request), response)
        except Refused as exc:
            return HttpResponse(exc.message, status=_refusal_status(exc))
        return HttpResponseRedirect(anchor_url(response))
    return render(
        request,
        "discussions/delete.html",
        {"response": response, "discussion": response.discussion, "back": anchor_url(response)},
    )


# Votes and follows ---------------------------------------------------------------------------


def _vote_answer(
    request: HttpRequest, response: Response, refusal: Refused | None = None
) -> HttpResponse:
    if _htmx(request):
        response.score = (
            Response.objects.filter(pk=response.pk).values_list("score", flat=True).first() or 0
        )
        item = queries.single_item(response, request.user)
        answer = _fragment(
            request,
            "discussions/_vote.html",
            {"item": item, "refusal": refusal.message if refusal else None},
            status=_refusal_status(refusal) if refusal else 200,
        )
        return _with_retry(answer, refusal)
    if refusal is not None:
        answer = render(
            request,
            "discussions/refused.html",
            {"refusal": refusal.message, "back": anchor_url(response)},
            status=_refusal_status(refusal),
        )
        return _with_retry(answer, refusal)
    back = _safe_next(request, thread_url(response.discussion)).split("#")[0]
    return HttpResponseRedirect(f"{back}#r{response.pk}")


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponseBase:
    response = queries.response_for_page(pk)
    if response is None or not queries.can_see(response.discussion, request.user):
        raise Http404("No such response")
    if not request.user.is_authenticated:
        return _login(request, anchor_url(response))
    try:
        actions.check_vote(_user(request), response)
    except Refused as exc:
        return _vote_answer(request, response, exc)
    return _vote_answer(request, response)


@require_POST
def unvote(request: HttpRequest, pk: int) -> HttpResponseBase:
    response = queries.response_for_page(pk)
    if response is None:
        raise Http404("No such response")
    if not request.user.is_authenticated:
        return _login(request, anchor_url(response))
    try:
        actions.check_unvote(_user(request), response)
    except Refused as exc:
        return _vote_answer(request, response, exc)
    return _vote_answer(request, response)


def _visible_discussion(request: HttpRequest, pk: int) -> Discussion:
    discussion = get_object_or_404(Discussion.objects.select_related("article"), pk=pk)
    if not queries.can_see(discussion, request.user):
        raise Http404("No such discussion")
    return discussion


def _discussion_answer(
    request: HttpRequest, discussion: Discussion, template: str, refusal: Refused | None
) -> HttpResponse:
    status = _refusal_status(refusal) if refusal else 200
    if _htmx(request):
        discussion.score = (
            Discussion.objects.filter(pk=discussion.pk).values_list("score", flat=True).first() or 0
        )
        context = {
            "discussion": discussion,
            "voted_discussion": queries.has_voted_for(discussion, request.user),
            "following": queries.is_following(discussion, request.user),
            "refusal": refusal.message if refusal else None,
        }
        return _with_retry(_fragment(request, template, context, status=status), refusal)
    if refusal is not None:
        answer = render(
            request,
            "discussions/refused.html",
            {"refusal": refusal.message, "back": thread_url(discussion)},
            status=status,
        )
        return _with_retry(answer, refusal)
    return HttpResponseRedirect(_safe_next(request, thread_url(discussion)))


@require_POST
def vote_discussion(request: HttpRequest, pk: int) -> HttpResponseBase:
    discussion = _visible_discussion(request, pk)
    if not request.user.is_authenticated:
        return _login(request, thread_url(discussion))
    refusal = None
    try:
        actions.check_vote_discussion(_user(request), discussion)
    except Refused as exc:
        refusal = exc
    return _discussion_answer(request, discussion, "discussions/_discussion_vote.html", refusal)


@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponseBase:
    discussion = _visible_discussion(request, pk)
    if not request.user.is_authenticated:
        return _login(request, thread_url(discussion))
    refusal = None
    try:
        # Following belongs to notifications (it decides who hears of new responses).
        if request.POST.get("follow") == "0":
            follows.check_unfollow(_user(request), discussion)
        else:
            follows.check_follow(_user(request), discussion)
    except Refused as exc:
        refusal = exc
    return _discussion_answer(request, discussion, "discussions/_follow.html", refusal)


# Starting a discussion -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return _login(request, request.get_full_path())
    source = request.POST if request.method == "POST" else request.GET
    article = None
    if article_id := _int(source.get("article")):
        article = (
            Article.objects.filter(pk=article_id, status=Article.Status.PUBLISHED)
            .select_related("section")
            .defer("content_html", "content_text", "body_markdown")
            .first()
        )
    # About a story (its page links here); a missing one is simply not attached.
    story = None
    if story_id := _int(source.get("story")):
        story = Story.objects.filter(pk=story_id).select_related("section").first()
    refusal: Refused | None = None
    status = 200
    if request.method == "POST":
        form = StartDiscussionForm(request.POST)
        if form.is_valid():
            try:
                discussion = actions.check_start_discussion(
                    _user(request),
                    form.cleaned_data["title"],
                    form.cleaned_data["body"],
                    article=article,
                    section=form.cleaned_data["section"],
                    story=story,
                    ip=client_ip(request),
                )
            except Refused as exc:
                refusal, status = exc, _refusal_status(exc)
            else:
                return redirect("discussions:detail", pk=discussion.pk)
        else:
            status = 400
    else:
        initial: dict[str, Any] = {"article": article.pk if article else None}
        if article and article.section:
            initial["section"] = article.section
        elif story and story.section:
            initial["section"] = story.section
        elif slug := request.GET.get("section"):
            initial["section"] = Section.objects.filter(slug=slug).first()
        form = StartDiscussionForm(initial=initial)
    answer = render(
        request,
        "discussions/start.html",
        {
            "form": form,
            "article": article,
            "story": story,
            "refusal": refusal.message if refusal else None,
        },
        status=status,
    )
    return _with_retry(answer, refusal)
