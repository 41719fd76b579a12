"""Views of personalization: thin: parse, call a change or a query, render.

Every write is a POST behind CSRF. Anonymous readers get the same pages, their preferences
kept in the prefs cookie (see cookie.py) until they sign in. Redirects to `next` only stay on
this site."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tribune.accounts.views import next_field, safe_next
from tribune.news.models import Section
from tribune.personalization import actions, changes, queries, ranking
from tribune.personalization.actions import Refused
from tribune.personalization.buttons import button_context
from tribune.personalization.forms import (
    KeywordRuleForm,
    MuteForm,
    OnboardingForm,
    PreviewForm,
    TargetForm,
    TrainForm,
)
from tribune.personalization.prefs import (
    DURATION_LABELS,
    FEWER,
    FOLLOW,
    MAX_KEYWORDS,
    MAX_RULES,
    MORE,
    MUTE,
    Prefs,
)
from tribune.personalization.queries import followable, reader_filter

PAGE_SIZE = 30
MAX_PAGES = 5
POPULAR_SIZE = 15


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303  # after a POST, the browser GETs the page
    return response


def _refused(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    return render(
        request,
        "personalization/refused.html",
        {"message": message, "back": safe_next(request, "personalization:rules")},
        status=status,
    )


def _form_error(form: Any) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "That did not work: please try again."


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# Follow, mute, remove ------------------------------------------------------------------------


def _answer(request: HttpRequest, form: TargetForm, prefs: Prefs | None) -> HttpResponse:
    """After a change: the re-rendered button for htmx, else back where the reader was."""
    changes.refreshed(request, prefs)
    target = form.target
    obj = None if target.is_keyword else followable(target)
    back = safe_next(request, "personalization:rules")
    if _is_htmx(request) and obj is not None:
        response = render(
            request, "personalization/follow_button.html", button_context(request, obj, back)
        )
    else:
        response = _see_other(back)
    return changes.finish(request, response, prefs)


def _button_refused(request: HttpRequest, form: TargetForm, message: str) -> HttpResponse:
    target = form.target if form.is_valid() else None
    obj = followable(target) if target is not None and not target.is_keyword else None
    if _is_htmx(request) and obj is not None:
        back = safe_next(request, "personalization:rules")
        context = {**button_context(request, obj, back), "error": message}
        return render(request, "personalization/follow_button.html", context, status=400)
    return _refused(request, message)


@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    form = TargetForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_error(form))
    try:
        prefs = changes.set_rule(request, form.target, FOLLOW)
    except Refused as exc:
        return _button_refused(request, form, exc.message)
    return _answer(request, form, prefs)


@require_POST
def mute(request: HttpRequest) -> HttpResponse:
    form = MuteForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_error(form))
    try:
        prefs = changes.set_rule(request, form.target, MUTE, form.cleaned_data["duration"])
    except Refused as exc:
        return _button_refused(request, form, exc.message)
    return _answer(request, form, prefs)


@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    form = TargetForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_error(form))
    return _answer(request, form, changes.remove_rule(request, form.target))


# The rules page, keyword rules and previews ---------------------------------------------------


def _rules_page(
    request: HttpRequest, form: KeywordRuleForm | None = None, status: int = 200
) -> HttpResponse:
    rf = reader_filter(request)
    rows = queries.rule_rows(rf)
    response = render(
        request,
        "personalization/rules.html",
        {
            "follows": [r for r in rows if r.verb == FOLLOW],
            "mutes": [r for r in rows if r.verb == MUTE],
            "weights": queries.weight_rows(rf),
            "form": form or KeywordRuleForm(),
            "hide_read": rf.hide_read,
            "max_rules": MAX_RULES,
            "max_keywords": MAX_KEYWORDS,
            "rule_count": len(rows),
            "keyword_count": sum(r.target.is_keyword for r in rows),
        },
        status=status,
    )
    return changes.finish(request, response, None)


@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    return _rules_page(request)


def _preview_page(
    request: HttpRequest, form: TargetForm, verb: str, duration: str, status: int = 200
) -> HttpResponse:
    target = form.target
    obj = None if target.is_keyword else followable(target)
    if not target.is_keyword and obj is None:
        return _refused(request, f"That {target.kind} is no longer on the site.", status=404)
    found = queries.preview(target)
    return render(
        request,
        "personalization/preview.html",
        {
            "target": target,
            "object": obj,
            "name": f"\u201c{target.phrase}\u201d" if target.is_keyword else str(obj),
            "verb": verb,
            "duration": duration,
            "duration_label": DURATION_LABELS.get(duration, ""),
            "preview": found,
            "keyword_form": KeywordRuleForm(
                initial={"phrase": target.phrase, "verb": verb, "duration": duration}
            )
            if target.is_keyword
            else None,
        },
        status=status,
    )


@require_POST
def add_rule(request: HttpRequest) -> HttpResponse:
    """The rules page's keyword form: "Preview" shows what it would match, "Save" keeps it."""
    form = KeywordRuleForm(request.POST)
    if not form.is_valid():
        return _rules_page(request, form, status=400)
    verb, duration = form.cleaned_data["verb"], form.cleaned_data["duration"]
    if "preview" in request.POST:
        target_form = TargetForm({"kind": "keyword", "phrase": form.cleaned_data["phrase"]})
        target_form.is_valid()
        return _preview_page(request, target_form, verb, duration)
    try:
        prefs = changes.set_rule(request, form.target, verb, duration)
    except Refused as exc:
        form.add_error("phrase", exc.message)
        return _rules_page(request, form, status=400)
    response = _see_other(reverse("personalization:rules"))
    return changes.finish(request, response, prefs)


@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    """What a rule would match, before saving it (a follow button's "Preview" link)."""
    form = PreviewForm(request.GET)
    if not form.is_valid():
        return _refused(request, _form_error(form))
    verb = form.cleaned_data.get("verb") or MUTE
    duration = form.cleaned_data.get("duration") or "forever"
    return _preview_page(request, form, verb, duration)


@login_required
@require_POST
def hide_read(request: HttpRequest) -> HttpResponse:
    user = changes.signed_in(request)
    assert user is not None  # login_required
    actions.do_set_hide_read(user, request.POST.get("hide_read") == "on")
    return _see_other(safe_next(request, "personalization:rules"))


# The trainer ----------------------------------------------------------------------------------


@require_POST
def train(request: HttpRequest) -> HttpResponse:
    """ "Show fewer (or more) like this" for the topic, source or author the reader chose."""
    form = TrainForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_error(form))
    factor = {"fewer": FEWER, "more": MORE, "reset": None}[form.cleaned_data["direction"]]
    try:
        prefs = changes.train(request, form.targets, factor)
    except Refused as exc:
        return _refused(request, exc.message)
    response = _see_other(safe_next(request, "personalization:for_you"))
    return changes.finish(request, response, prefs)


# For You --------------------------------------------------------------------------------------


def _shown(items: list[ranking.Item]) -> list[dict[str, Any]]:
    details = queries.item_details([i.lead.id for i in items])
    shown = []
    for item in items:
        lead = item.lead
        story_url = None
        if lead.story_id and lead.story_sources > 1:
            story_url = reverse("news:story", args=[lead.story_id])
        found = details.get(lead.id)
        shown.append(
            {
                "item": item,
                "lead": lead,
                "url": reverse("news:article", args=[lead.id, lead.slug or "-"]),
                "story_url": story_url,
                "topic": found.topic if found else None,
                "authors": found.authors if found else (),
            }
        )
    return shown


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else 1
    return min(max(number, 1), MAX_PAGES)


@require_GET
def for_you(request: HttpRequest) -> HttpResponse:
    rf = reader_filter(request)
    rf.load_all()
    candidates = queries.for_you_candidates(rf)
    profile = queries.profile(rf)
    follows_anything = bool(rf.followed)
    page = _page_number(request)
    items: list[ranking.Item] = []
    popular: list[ranking.Item] = []
    if follows_anything:
        ranked = ranking.rank(candidates, profile, rf.now, only_followed=True)
        items = ranking.diversify(ranked, limit=page * PAGE_SIZE)[(page - 1) * PAGE_SIZE :]
        has_more = page < MAX_PAGES and len(ranked) > page * PAGE_SIZE
    else:
        has_more = False
    if not items and page == 1:
        ranked = ranking.rank(candidates, profile, rf.now, only_followed=False)
        popular = ranking.diversify(ranked, limit=POPULAR_SIZE)
    response = render(
        request,
        "personalization/for_you.html",
        {
            "items": _shown(items),
            "popular": _shown(popular),
            "follows_anything": follows_anything,
            "page": page,
            "next_page": page + 1 if has_more else None,
            "hide_read": profile.hide_read,
            "train_url": reverse("personalization:train"),
            "here": request.get_full_path(),
        },
    )
    return changes.finish(request, response, None)


# Onboarding -----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def onboarding(request: HttpRequest) -> HttpResponse:
    """After sign-up: tick popular topics and sections to follow, then For You."""
    if request.method == "POST":
        user = changes.signed_in(request)
        onward = safe_next(request, "personalization:for_you")
        if "skip" in request.POST:
            if user is not None:
                actions.do_skip_onboarding(user)
            return _see_other(onward)
        form = OnboardingForm(request.POST)
        form.is_valid()  # never invalid: unusable ticks are dropped
        try:
            prefs = changes.follow_many(request, form.targets)
        except Refused as exc:
            return _refused(request, exc.message)
        return changes.finish(request, _see_other(onward), prefs)
    rf = reader_filter(request)
    followed = rf.followed
    topics = queries.cached_popular_topics(timezone.now())
    response = render(
        request,
        "personalization/onboarding.html",
        {
            "groups": [
                (label, topics.get(kind, []))
                for kind, label in (
                    ("place", "Places"),
                    ("organization", "Organizations"),
                    ("person", "People"),
                )
            ],
            "sections": list(Section.objects.all()),
            "followed_topics": followed.topics,
            "followed_sections": followed.sections,
            "next": next_field(request),
        },
    )
    return changes.finish(request, response, None)
