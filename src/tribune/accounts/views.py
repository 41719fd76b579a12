"""Views of accounts: thin: parse, call an action or a query, render.

Every write is a POST behind CSRF; every redirect to a `next` URL goes through `safe_next`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tribune.accounts import actions, queries, roles
from tribune.accounts.forms import EmailChangeForm, LoginForm, SettingsForm, SignupForm
from tribune.accounts.models import User
from tribune.core.pagination import Page
from tribune.core.ratelimit import client_ip


def _is_safe(request: HttpRequest, url: str) -> bool:
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, fallback: str = "news:front_page") -> str:
    """The `next` URL of the request (POST first, then GET) if it stays on this site, else
    `fallback` (a URL name or path). Refuses other hosts, scheme-relative "//host" and
    "/\\host", and javascript: URLs."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and _is_safe(request, candidate):
        return candidate
    return fallback if fallback.startswith("/") else reverse(fallback)


def next_field(request: HttpRequest) -> str:
    """The `next` to carry through a form: only a safe one, else empty."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return candidate if candidate and _is_safe(request, candidate) else ""


def _refused(
    request: HttpRequest, exc: actions.Refused, template: str, context: dict[str, Any]
) -> HttpResponse:
    """The form again with the reason, or 429 with Retry-After when a rate limit refused."""
    if exc.retry_after is not None:
        response = render(
            request,
            "accounts/rate_limited.html",
            {"message": exc.message, "retry_after": exc.retry_after},
            status=429,
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
    return render(request, template, {**context, "refusal": exc.message}, status=400)


# Sign-up, log-in, log-out ---------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    context: dict[str, Any] = {"next": next_field(request)}
    if request.method != "POST":
        return render(request, "accounts/signup.html", {**context, "form": SignupForm()})
    form = SignupForm(request.POST)
    context["form"] = form
    ip = client_ip(request)
    try:
        actions.check_signup_attempt(ip)
        if form.is_bot:
            # Looks like success to the bot; nothing is created.
            actions.pretend_signup(ip)
            return redirect(safe_next(request))
        if not form.is_valid():
            return render(request, "accounts/signup.html", context, status=400)
        data = form.cleaned_data
        user = actions.check_signup(
            data["username"],
            data["email"],
            data["password"],
            accepted_terms=data["accept_terms"],
            ip=ip,
        )
    except actions.Refused as exc:
        return _refused(request, exc, "accounts/signup.html", context)
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request, f"Welcome, {user.username}. We sent a link to {user.email} to confirm it."
    )
    # New readers choose what to follow first, then go on where they were headed.
    onboarding = reverse("personalization:onboarding")
    if headed := next_field(request):
        onboarding += "?" + urlencode({"next": headed})
    return redirect(onboarding)


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method != "POST":
        return redirect(safe_next(request))
    context: dict[str, Any] = {"next": next_field(request)}
    if request.method != "POST":
        return render(request, "accounts/login.html", {**context, "form": LoginForm()})
    form = LoginForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "accounts/login.html", context, status=400)
    try:
        user = actions.check_login(
            request,
            form.cleaned_data["identifier"],
            form.cleaned_data["password"],
            client_ip(request),
        )
    except actions.BadCredentials:
        form.add_error(None, "That username or email address and password do not match.")
        return render(request, "accounts/login.html", context, status=400)
    except actions.Refused as exc:
        return _refused(request, exc, "accounts/login.html", context)
    auth_login(request, user)  # a new session key and CSRF token: no session fixation
    return redirect(safe_next(request))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """POST logs out; GET asks first (a link or a prefetch never logs anyone out)."""
    if request.method == "POST":
        auth_logout(request)
        response = redirect(safe_next(request))
        # The browser forgets this reader's offline copies and caches (tribune.pwa).
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
    return render(request, "accounts/logout.html", {"next": next_field(request)})


# Settings -------------------------------------------------------------------------------------


def _settings_page(
    request: HttpRequest, user: User, status: int = 200, **forms: Any
) -> HttpResponse:
    context = {
        "form": forms.get("form")
        or SettingsForm(
            initial={
                "display_name": user.display_name,
                "bio": user.bio,
                "email_on_reply": user.email_on_reply,
                "email_on_mention": user.email_on_mention,
            }
        ),
        "email_form": forms.get("email_form") or EmailChangeForm(),
        "blocks": queries.blocks_of(user),
        "refusal": forms.get("refusal"),
    }
    return render(request, "accounts/settings.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method != "POST":
        return _settings_page(request, user)
    form = SettingsForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, user, 400, form=form)
    data = form.cleaned_data
    try:
        actions.check_update_settings(
            user,
            actions.ProfileSettings(
                data["display_name"], data["bio"], data["email_on_reply"], data["email_on_mention"]
            ),
        )
    except actions.Refused as exc:
        return _settings_page(request, user, 400, form=form, refusal=exc.message)
    messages.success(request, "Your settings are saved.")
    return redirect("accounts:settings")


@never_cache
@sensitive_post_parameters("password")
@login_required
@require_POST
def change_email(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = EmailChangeForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, user, 400, email_form=form)
    address = form.cleaned_data["email"]
    try:
        sent = actions.check_request_email_change(user, address, form.cleaned_data["password"])
    except actions.Refused as exc:
        if exc.retry_after is not None:
            return _refused(request, exc, "accounts/settings.html", {})
        form.add_error(None, exc.message)
        return _settings_page(request, user, 400, email_form=form)
    if not sent:
        form.add_error(None, "We could not send the email just now. Please try again later.")
        return _settings_page(request, user, 503, email_form=form)
    messages.success(
        request,
        f"We sent a link to {address}. Your address changes when you follow it.",
    )
    return redirect("accounts:settings")


@never_cache
@login_required
@require_POST
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        sent = actions.check_resend_confirmation(user)
    except actions.Refused as exc:
        if exc.retry_after is not None:
            return _refused(request, exc, "accounts/settings.html", {})
        messages.info(request, exc.message)
        return redirect("accounts:settings")
    if sent:
        messages.success(request, f"We sent a new link to {user.email}.")
    else:
        messages.error(request, "We could not send the email just now. Please try again later.")
    return redirect("accounts:settings")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link does; POST does it (mail scanners follow links, not forms)."""
    if request.method != "POST":
        try:
            confirmation = actions.read_email_token(token)
        except actions.Refused as exc:
            return render(
                request, "accounts/confirm_email.html", {"refusal": exc.message}, status=400
            )
        return render(request, "accounts/confirm_email.html", {"confirmation": confirmation})
    try:
        confirmation = actions.check_confirm_email(token)
    except actions.Refused as exc:
        return render(request, "accounts/confirm_email.html", {"refusal": exc.message}, status=400)
    messages.success(request, f"{confirmation.address} is confirmed as your address.")
    if request.user.is_authenticated and request.user.pk == confirmation.user.pk:
        return redirect("accounts:settings")
    return redirect("accounts:login")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required ran first
    return user


# Password reset and change (Django's views, our templates and limits) ------------------------


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # Links are built on the configured site URL, never on the request's Host header.
        self.extra_email_context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME}
        try:
            actions.check_password_reset_request(
                form.cleaned_data["email"], client_ip(self.request)
            )
        except actions.Refused as exc:
            return _refused(self.request, exc, self.template_name, {"form": form})
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # keeps this session, ends the others
        messages.success(self.request, "Your password is changed.")
        return response


# Profiles and blocks --------------------------------------------------------------------------


@require_safe
def profile(request: HttpRequest, username: str) -> HttpResponse:
    viewer = request.user
    user = queries.profile_user(username, viewer)
    if user is None:
        raise Http404("No such reader")
    if user.username != username:
        return HttpResponseRedirect(user.get_absolute_url())
    tab = "discussions" if request.GET.get("tab") == "discussions" else "responses"
    blocked = queries.has_blocked(viewer, user)
    moderator = roles.is_moderator(viewer)
    page: Page[Any] | None = None
    if not blocked or moderator:
        cursor = request.GET.get("before")
        if tab == "discussions":
            page = queries.profile_discussions(user, viewer, cursor)
        else:
            page = queries.profile_responses(user, viewer, cursor)
    return render(
        request,
        "accounts/profile.html",
        {
            "profile": user,
            "tab": tab,
            "page": page,
            "blocked": blocked,
            "is_self": viewer.is_authenticated and viewer.pk == user.pk,
            "viewer_is_moderator": moderator,
            "role_labels": roles.role_labels(user),
        },
    )


def _block_target(username: str) -> User:
    target = User.objects.filter(username=username, is_active=True).first()
    if target is None:
        raise Http404("No such reader")
    return target


@login_required
@require_POST
def block(request: HttpRequest, username: str) -> HttpResponse:
    target = _block_target(username)
    try:
        actions.check_block(_user(request), target)
    except actions.Refused as exc:
        messages.error(request, exc.message)
        return redirect(safe_next(request, target.get_absolute_url()))
    messages.success(
        request, f"You blocked {target.username}. You will not see their posts or hear from them."
    )
    return redirect(safe_next(request, target.get_absolute_url()))


@login_required
@require_POST
def unblock(request: HttpRequest, username: str) -> HttpResponse:
    target = User.objects.filter(username=username).first()
    if target is None:
        raise Http404("No such reader")
    actions.do_unblock(_user(request), target)
    messages.success(request, f"You unblocked {target.username}.")
    return redirect(safe_next(request, target.get_absolute_url()))
