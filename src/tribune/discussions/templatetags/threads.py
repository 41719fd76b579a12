"""Rendering of responses: one card, one vote button, a whole thread.

A thread page can hold a thousand responses, so its markup is built here in Python (with
every piece of reader text escaped, and bodies already sanitized by nh3 when stored) rather
than through a template include per response, which costs about a millisecond each. The
reply form that ?reply= or ?quote= opens is still a template (discussions/_respond_form.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from urllib.parse import quote

from django import template
from django.template.context import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tribune.discussions.queries import Item, Thread, ThreadResponse

register = template.Library()

_SENTINEL = 987654321


@dataclass(frozen=True)
class _Urls:
    """The thread's URL patterns, reversed once per render rather than once per response."""

    response: str
    reply: str
    edit: str
    delete: str
    vote: str
    unvote: str
    profile: str
    login: str
    flag: str

    @classmethod
    def build(cls) -> _Urls:
        def pattern(name: str) -> str:
            return reverse(f"discussions:{name}", args=[_SENTINEL]).replace(str(_SENTINEL), "{}")

        return cls(
            response=pattern("response"),
            reply=pattern("reply"),
            edit=pattern("edit"),
            delete=pattern("delete"),
            vote=pattern("vote"),
            unvote=pattern("unvote"),
            profile=reverse("accounts:profile", args=["-"])[:-2] + "{}/",
            login=reverse("accounts:login"),
            flag=reverse("moderation:flag_response", args=[_SENTINEL]).replace(
                str(_SENTINEL), "{}"
            ),
        )


def age(when: datetime, now: datetime) -> str:
    seconds = int((now - when).total_seconds())
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = seconds // size
            if unit == "day" and count > 30:
                break
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return f"{when:%-d %b %Y}"


def _time(when: datetime, now: datetime) -> str:
    stamp = f"{when:%-d %B %Y, %H:%M} UTC"
    return f'<time datetime="{when.isoformat()}" title="{stamp}">{age(when, now)}</time>'


class _Renderer:
    def __init__(self, context: Context) -> None:
        user = context.get("user")
        self.user_id: int | None = user.pk if user is not None and user.is_authenticated else None
        self.open = bool(context.get("open_for_responses"))
        page = str(context.get("thread_page") or "")
        self.page = escape(page)
        self.urls = _Urls.build()
        self.login = escape(f"{self.urls.login}?next={quote(page)}")
        self.now = timezone.now()
        self.authors: dict[int, str] = {}

    def author(self, response: ThreadResponse) -> str:
        if response.author_id is None or response.author_username is None:
            return '<span class="author">[deleted account]</span>'
        if (link := self.authors.get(response.author_id)) is None:
            username = response.author_username
            name = escape(response.author_display_name or username)
            href = escape(self.urls.profile.format(quote(username)))
            link = self.authors[response.author_id] = f'<a class="author" href="{href}">{name}</a>'
        return link

    def vote(self, item: Item, refusal: str | None = None) -> str:
        r = item.response
        out = [f'<span class="vote" id="vote-{r.pk}">']
        if self.user_id is not None and not item.own and item.state == "visible":
            url = (self.urls.unvote if item.voted else self.urls.vote).format(r.pk)
            label = "Take back your vote" if item.voted else "Upvote"
            out.append(
                f'<button type="submit" form="thread-actions" formaction="{url}" hx-post="{url}"'
                f' hx-target="#vote-{r.pk}" hx-swap="outerHTML" class="vote-button"'
                f' aria-pressed="{"true" if item.voted else "false"}" title="{label}">▲'
                f'<span class="visually-hidden"> {label}</span></button>'
            )
        out.append(f'<span class="score">{r.score} point{"" if r.score == 1 else "s"}</span>')
        if refusal:
            out.append(f' <span class="refusal" role="alert">{escape(refusal)}</span>')
        out.append("</span>")
        return "".join(out)

    def card(self, item: Item) -> str:
        r, pk, state = item.response, item.response.pk, item.state
        highlighted = " is-highlighted" if item.highlighted else ""
        out = [f'<article class="response is-{state}{highlighted}" id="c{pk}">']
        if state in ("visible", "pending"):
            urls = self.urls
            out.append('<header class="response-meta">')
            out.append(self.author(r))
            out.append(
                f'<a class="response-time" href="{urls.response.format(pk)}"'
                f' title="Link to this response">{_time(r.created_at, self.now)}</a>'
            )
            if r.edited_at:
                out.append(
                    f'<span class="edited" title="Edited {r.edited_at:%-d %B %Y, %H:%M} UTC">'
                    "edited</span>"
                )
            if state == "pending":
                out.append(
                    '<span class="pending-note">Only you can see this: waiting for a moderator.'
                    "</span>"
                )
            # Sanitized by nh3 when it was stored (discussions.actions.render_body).
            out.append(f'</header><div class="response-body">{r.body_html}</div>')
            out.append('<footer class="response-actions">')
            out.append(self.vote(item))
            if state == "visible" and self.open:
                if self.user_id is not None:
                    reply = urls.reply.format(pk)
                    out.append(
                        f'<a href="{self.page}?reply={pk}#reply-form-{pk}" hx-get="{reply}"'
                        f' hx-target="#reply-slot-{pk}">Reply</a>'
                        f'<a href="{self.page}?quote={pk}#reply-form-{pk}" hx-get="{reply}?quote=1"'
                        f' hx-target="#reply-slot-{pk}">Quote</a>'
                    )
                else:
                    out.append(f'<a href="{self.login}">Log in to reply</a>')
            out.append(f'<a href="{urls.response.format(pk)}">Link</a>')
            if item.own:
                edit = urls.edit.format(pk)
                out.append(
                    f'<a href="{edit}" hx-get="{edit}" hx-target="#c{pk}" hx-swap="outerHTML">'
                    f'Edit</a><a href="{urls.delete.format(pk)}">Delete</a>'
                )
            if state == "visible" and self.user_id is not None and not item.own:
                # As moderation/flag_button.html draws it; the flag form comes back here.
                back = quote(urls.response.format(pk), safe="")
                out.append(
                    f'<a class="flag-link" rel="nofollow" href="{urls.flag.format(pk)}'
                    f'?next={back}">Flag</a>'
                )
            out.append("</footer>")
        else:
            out.append(f'<p class="placeholder">{self.placeholder(item)}</p>')
        out.append("</article>")
        return "".join(out)

    @staticmethod
    def placeholder(item: Item) -> str:
        state = item.state
        if state == "deleted":
            return "[deleted]"
        if state == "hidden":
            reason = item.response.moderation_reason or "no reason given"
            return f"[hidden by a moderator: {escape(reason)}]"
        if state == "removed":
            return "[removed by a moderator]"
        if state == "blocked":
            return "[a response by someone you blocked]"
        return "[waiting for a moderator]"


@register.simple_tag(takes_context=True)
def response_card(context: Context, item: Item) -> SafeString:
    return mark_safe(_Renderer(context).card(item))  # noqa: S308 - built from escaped parts


@register.simple_tag(takes_context=True)
def vote_button(context: Context, item: Item, refusal: str | None = None) -> SafeString:
    return mark_safe(_Renderer(context).vote(item, refusal))  # noqa: S308 - escaped parts


@register.simple_tag(takes_context=True)
def thread_items(context: Context, thread: Thread | None) -> SafeString:
    """The nested lists of a thread: each response in its <li>, its replies in the <ol>
    inside it, a reply slot for htmx to open a form in, and "Continue this thread" where the
    page stops nesting."""
    if thread is None or not thread.items:
        return mark_safe("")
    render = _Renderer(context)
    reply_to = context.get("reply_to")
    open_form = reply_to.pk if reply_to is not None else None
    out: list[str] = []
    for item in thread.items:
        pk = item.response.pk
        out.append(f'<li class="thread-item" id="r{pk}">')
        out.append(render.card(item))
        out.append(f'<div class="reply-slot" id="reply-slot-{pk}">')
        if pk == open_form:
            out.append(_reply_form(context, reply_to))
        out.append(f'</div><ol class="replies" id="replies-{pk}">')
        if item.more:
            out.append(
                f'<li class="continue"><a href="{render.urls.response.format(pk)}">'
                f"Continue this thread ({item.more} more) →</a></li>"
            )
        out.append("</ol></li>" * item.closes)
    return mark_safe("".join(out))  # noqa: S308 - built from escaped parts


def _reply_form(context: Context, parent: Any) -> str:
    values = cast(dict[str, Any], context.flatten())
    values.update(parent=parent, form=context.get("reply_form"))
    return get_template("discussions/_respond_form.html").render(values, context.get("request"))
