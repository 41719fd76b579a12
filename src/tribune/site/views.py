"""Views of the site's own pages: thin: parse, call an action or a query, render.

Every write is a POST behind CSRF. `from` and `next` values are checked to stay on this
site (queries.same_site_path, accounts.views.safe_next) before they are used.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tribune.accounts import actions as account_actions
from tribune.accounts.models import User
from tribune.accounts.terms import current_terms_version
from tribune.accounts.views import next_field, safe_next
from tribune.core.ratelimit import client_ip
from tribune.site import actions, cookies, export, queries
from tribune.site.forms import AcceptTermsForm, DeleteAccountForm, FeedbackForm
from tribune.site.models import Page


def _rate_limited(request: HttpRequest, message: str, retry_after: int) -> HttpResponse:
    response = render(
        request,
        "accounts/rate_limited.html",
        {"message": message, "retry_after": retry_after},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required ran first
    return user


# The FAQ, Privacy Policy and Terms of Service -------------------------------------------------


def _page(request: HttpRequest, slug: str) -> HttpResponse:
    page = queries.current_page(slug) or actions.do_seed_page(slug)
    return render(
        request,
        "site/page.html",
        {"page": page, "body_html": queries.page_html(page)},
    )


@require_safe
def faq(request: HttpRequest) -> HttpResponse:
    return _page(request, Page.Slug.FAQ)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return _page(request, Page.Slug.PRIVACY)


@require_safe
def terms(request: HttpRequest) -> HttpResponse:
    return _page(request, Page.Slug.TERMS)


@require_safe
def cookie_list(request: HttpRequest) -> HttpResponse:
    return render(request, "site/cookies.html", {"cookies": cookies.documented()})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def terms_accept(request: HttpRequest) -> HttpResponse:
    """The "Updated Terms" page: what changed since the version the reader accepted, the
    Terms themselves, and the Accept button (or the ways out)."""
    user = _user(request)
    current = current_terms_version()
    if request.method == "POST":
        form = AcceptTermsForm(request.POST)
        if form.is_valid():
            try:
                account_actions.check_accept_terms(user, form.cleaned_data["version"])
            except account_actions.Refused as exc:
                return _terms_accept_page(request, user, current, exc.message, status=409)
            return redirect(safe_next(request))
        return _terms_accept_page(request, user, current, "Please try again.", status=400)
    if user.terms_version == current:
        return redirect(safe_next(request))
    return _terms_accept_page(request, user, current)


def _terms_accept_page(
    request: HttpRequest, user: User, current: str, refusal: str = "", status: int = 200
) -> HttpResponse:
    page = queries.current_page(Page.Slug.TERMS) or actions.do_seed_page(Page.Slug.TERMS)
    return render(
        request,
        "site/terms_accept.html",
        {
            "page": page,
            "body_html": queries.page_html(page),
            "changes": queries.terms_changes_since(user.terms_version),
            "version": current,
            "next": next_field(request),
            "refusal": refusal,
        },
        status=status,
    )


# Feedback -------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    host, secure = request.get_host(), request.is_secure()
    if request.method != "POST":
        came_from = queries.same_site_path(
            request.GET.get("from") or request.headers.get("Referer", ""), host, secure=secure
        )
        form = FeedbackForm(initial={"page": came_from})
        return render(request, "site/feedback.html", {"form": form, "came_from": came_from})
    form = FeedbackForm(request.POST)
    came_from = queries.same_site_path(str(request.POST.get("page", "")), host, secure=secure)
    context: dict[str, Any] = {"form": form, "came_from": came_from}
    ip = client_ip(request)
    user = request.user if isinstance(request.user, User) else None
    try:
        if form.is_bot:
            # Looks like success to the bot; nothing is stored or sent.
            actions.pretend_feedback(ip)
            return _feedback_sent_redirect(came_from)
        if not form.is_valid():
            return render(request, "site/feedback.html", context, status=400)
        data = form.cleaned_data
        actions.check_send_feedback(
            actions.FeedbackDraft(
                category=data["category"],
                message=data["message"],
                email=data["email"],
                page=came_from,
                user_agent=request.headers.get("User-Agent", ""),
            ),
            user,
            ip,
        )
    except actions.Refused as exc:
        if exc.retry_after is not None:
            return _rate_limited(request, exc.message, exc.retry_after)
        context["refusal"] = exc.message
        return render(request, "site/feedback.html", context, status=400)
    return _feedback_sent_redirect(came_from)


def _feedback_sent_redirect(came_from: str) -> HttpResponse:
    target = reverse("site:feedback_sent")
    if came_from:
        target += "?from=" + quote(came_from, safe="/")
    return HttpResponseRedirect(target)


@require_safe
def feedback_sent(request: HttpRequest) -> HttpResponse:
    came_from = queries.same_site_path(
        request.GET.get("from", ""), request.get_host(), secure=request.is_secure()
    )
    return render(request, "site/feedback_sent.html", {"came_from": came_from})


# Privacy: download your data, delete your account ---------------------------------------------


@never_cache
@login_required
@require_safe
def privacy_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "site/privacy_settings.html", {})


@never_cache
@login_required
@require_POST
def export_data(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    try:
        actions.check_export(user)
    except actions.Refused as exc:
        return _rate_limited(request, exc.message, exc.retry_after or 60)
    response = StreamingHttpResponse(
        export.stream(user), content_type="application/json; charset=utf-8"
    )
    filename = export.filename(user, timezone.now())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method != "POST":
        return render(request, "site/delete_account.html", {"form": DeleteAccountForm()})
    form = DeleteAccountForm(request.POST)
    if not form.is_valid():
        return render(request, "site/delete_account.html", {"form": form}, status=400)
    try:
        account_actions.check_delete_account(
            user, form.cleaned_data["password"], keep_responses=form.keep_responses
        )
    except account_actions.Refused as exc:
        if exc.retry_after is not None:
            return _rate_limited(request, exc.message, exc.retry_after)
        field = "password" if isinstance(exc, account_actions.WrongPassword) else None
        form.add_error(field, exc.message)
        return render(request, "site/delete_account.html", {"form": form}, status=400)
    auth_logout(request)
    return redirect("site:account_deleted")


@require_safe
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "site/account_deleted.html", {})
