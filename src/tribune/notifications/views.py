"""Views of notifications: thin: parse, call an action or a query, render.

Every write is a POST with CSRF, and touches only the signed-in reader's own rows. The one
exception to CSRF is the unsubscribe link: its signed token is the proof, and mail clients'
one-click unsubscribe (RFC 8058) posts without cookies.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tribune.accounts.models import User
from tribune.accounts.views import safe_next
from tribune.discussions.actions import Refused
from tribune.discussions.models import Discussion
from tribune.notifications import actions, emails, queries


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every caller is behind login_required


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303  # after a POST, the browser GETs the new page
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    page = queries.inbox(_user(request), request.GET.get("before"))
    return render(request, "notifications/index.html", {"page": page})


@login_required
@require_POST
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notice marks it read and goes to what it is about."""
    user = _user(request)
    notice = queries.notice_for(user, pk)
    if notice is None:  # someone else's, or gone: the same answer either way
        raise Http404("No such notification.")
    actions.do_mark_read(user, [notice.pk])
    return _see_other(notice.target_url())


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    actions.do_mark_read(_user(request))
    return _see_other(safe_next(request, reverse("notifications:index")))


@login_required
def following(request: HttpRequest) -> HttpResponse:
    page = queries.following(_user(request), request.GET.get("before"))
    return render(request, "notifications/following.html", {"page": page})


def _follow_answer(request: HttpRequest, discussion: Discussion, following: bool) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return render(
            request,
            "notifications/follow_button.html",
            {"discussion": discussion, "following": following},
        )
    return _see_other(safe_next(request, discussion.get_absolute_url()))


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    discussion = get_object_or_404(Discussion, pk=pk)
    try:
        actions.check_follow(_user(request), discussion)
    except Refused as refused:
        return render(
            request, "notifications/refused.html", {"message": refused.message}, status=403
        )
    return _follow_answer(request, discussion, True)


@login_required
@require_POST
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    discussion = get_object_or_404(Discussion, pk=pk)
    actions.do_unfollow(_user(request), discussion)
    return _follow_answer(request, discussion, False)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link would stop and asks to confirm (link scanners only GET);
    POST stops it, from the page's button or from a mail client's one-click."""
    found = emails.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    user_id, kind = found
    context = {"token": token, "kind": kind}
    if request.method == "POST":
        if not actions.do_unsubscribe(user_id, kind):
            return render(request, "notifications/unsubscribe_invalid.html", status=404)
        return render(request, "notifications/unsubscribed.html", context)
    return render(request, "notifications/unsubscribe.html", context)
