"""Views of moderation: thin: parse, call an action or a query, render.

Readers flag posts (signed in; a small form page works without JavaScript). Everything else
is for moderators only: every other URL here answers 403 to anyone else, and every write is a
POST with CSRF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tribune.accounts.models import User
from tribune.accounts.views import safe_next
from tribune.core.ratelimit import client_ip
from tribune.discussions.models import Discussion, Response, Visibility
from tribune.moderation import actions, queries
from tribune.moderation.actions import Refused
from tribune.moderation.forms import FlagForm, ReasonForm, SuspendForm
from tribune.moderation.models import ModerationAction
from tribune.moderation.permissions import moderator_required

Item = Response | Discussion
ItemAction = Callable[[User, Any, str], ModerationAction]

RESPONSE_VERBS: dict[str, ItemAction] = {
    "approve": actions.check_approve,
    "dismiss": actions.check_dismiss,
    "hide": actions.check_hide,
    "remove": actions.check_remove,
    "restore": actions.check_restore,
}
DISCUSSION_VERBS: dict[str, ItemAction] = {
    **RESPONSE_VERBS,
    "lock": actions.check_lock,
    "unlock": actions.check_unlock,
}
USER_VERBS = ("warn", "suspend", "ban", "lift")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # callers checked: signed in, or a moderator


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _refused(request: HttpRequest, refused: Refused, back: str) -> HttpResponse:
    status = 429 if refused.retry_after else 400
    response = render(
        request,
        "moderation/refused.html",
        {"message": refused.message, "back": back},
        status=status,
    )
    if refused.retry_after:
        response["Retry-After"] = str(refused.retry_after)
    return response


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


# Flags (readers) -----------------------------------------------------------------------------


def _flag(request: HttpRequest, item: Item) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    deleted = isinstance(item, Response) and item.is_deleted
    if item.visibility != Visibility.VISIBLE or deleted:
        raise Http404("Nothing to flag here.")
    back = safe_next(request, item.get_absolute_url())
    form = FlagForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {
        "item": item,
        "is_response": isinstance(item, Response),
        "form": form,
        "back": back,
    }
    if request.method != "POST":
        return render(request, "moderation/flag.html", context)
    if not form.is_valid():
        return render(request, "moderation/flag.html", context, status=400)
    try:
        flag = actions.check_flag(
            _user(request),
            item,
            form.cleaned_data["reason"],
            form.cleaned_data["note"],
            ip=client_ip(request),
        )
    except Refused as refused:
        context["error"] = refused.message
        response = render(
            request, "moderation/flag.html", context, status=429 if refused.retry_after else 400
        )
        if refused.retry_after:
            response["Retry-After"] = str(refused.retry_after)
        return response
    context["already"] = flag is None
    if request.headers.get("HX-Request"):
        return render(request, "moderation/flagged_fragment.html", context)
    return render(request, "moderation/flagged.html", context)


@require_http_methods(["GET", "POST"])
def flag_response(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Response.objects.select_related("discussion", "author"), pk=pk)
    return _flag(request, item)


@require_http_methods(["GET", "POST"])
def flag_discussion(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Discussion.objects.select_related("author"), pk=pk)
    return _flag(request, item)


# The queue and the log (moderators) ----------------------------------------------------------


@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    page = _page_number(request)
    items, more = queries.flagged(page)
    return render(
        request,
        "moderation/queue.html",
        {
            "flagged": items,
            "page": page,
            "more": more,
            "held": queries.held(),
            "here": request.get_full_path(),
        },
    )


@moderator_required
def log(request: HttpRequest) -> HttpResponse:
    page = queries.log(request.GET.get("before"))
    return render(request, "moderation/log.html", {"page": page})


@moderator_required
def response_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.response_for_review(pk)
    if item is None:
        raise Http404("No such response.")
    return _review(request, item, revisions=queries.revisions_of(item))


@moderator_required
def discussion_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.discussion_for_review(pk)
    if item is None:
        raise Http404("No such discussion.")
    return _review(request, item, revisions=[])


def _review(request: HttpRequest, item: Item, revisions: list[Any]) -> HttpResponse:
    return render(
        request,
        "moderation/item.html",
        {
            "entry": queries.QueueItem(item=item),
            "flags": queries.flags_on(item),
            "revisions": revisions,
            "history": queries.log(item=item).items,
            "here": request.get_full_path(),
        },
    )


@moderator_required
def user_record(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    return render(
        request,
        "moderation/user.html",
        {
            "person": person,
            "record": queries.record_of(person),
            "history": queries.log(request.GET.get("before"), user=person),
            "here": request.get_full_path(),
        },
    )


# Moderators' actions -------------------------------------------------------------------------


def _act(request: HttpRequest, run: Callable[[str], ModerationAction]) -> HttpResponse:
    back = safe_next(request, reverse("moderation:queue"))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _refused(request, Refused("The reason is too long."), back)
    try:
        action = run(form.cleaned_data["reason"] or "")
    except Refused as refused:
        return _refused(request, refused, back)
    messages.success(request, f"{action.get_kind_display()}.")
    return _see_other(back)


@moderator_required
@require_POST
def act_on_response(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    check = RESPONSE_VERBS.get(verb)
    if check is None:
        raise Http404("No such action.")
    item = get_object_or_404(Response.objects.select_related("discussion", "author"), pk=pk)
    return _act(request, lambda reason: check(_user(request), item, reason))


@moderator_required
@require_POST
def act_on_discussion(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    check = DISCUSSION_VERBS.get(verb)
    if check is None:
        raise Http404("No such action.")
    item = get_object_or_404(Discussion.objects.select_related("author"), pk=pk)
    return _act(request, lambda reason: check(_user(request), item, reason))


def _about(form: ReasonForm, person: User) -> Item | None:
    """The post a person is acted on about, if the form names one of theirs."""
    if response_id := form.cleaned_data.get("response"):
        found: Item | None = Response.objects.filter(pk=response_id, author=person).first()
    elif discussion_id := form.cleaned_data.get("discussion"):
        found = Discussion.objects.filter(pk=discussion_id, author=person).first()
    else:
        return None
    if found is None:
        raise Refused("That post is not theirs.")
    return found


@moderator_required
@require_POST
def act_on_user(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    if verb not in USER_VERBS:
        raise Http404("No such action.")
    person = get_object_or_404(User, pk=pk)
    moderator = _user(request)
    back = safe_next(request, reverse("moderation:user", args=[person.pk]))
    form = SuspendForm(request.POST) if verb == "suspend" else ReasonForm(request.POST)
    if not form.is_valid():
        message = "Choose a period." if "days" in form.errors else "The reason is too long."
        return _refused(request, Refused(message), back)
    reason = form.cleaned_data["reason"] or ""
    try:
        about = _about(form, person)
        if verb == "warn":
            action = actions.check_warn(moderator, person, reason, item=about)
        elif verb == "suspend":
            days = form.cleaned_data["days"]
            action = actions.check_suspend(moderator, person, days, reason, item=about)
        elif verb == "ban":
            action = actions.check_ban(moderator, person, reason, item=about)
        else:
            action = actions.check_lift(moderator, person, reason)
    except Refused as refused:
        return _refused(request, refused, back)
    messages.success(request, f"{action.get_kind_display()} {person.username}.")
    return _see_other(back)
