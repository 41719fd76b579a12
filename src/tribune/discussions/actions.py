"""Every write to discussions, responses and votes.

`check_*` validate (who may do it, rate limits, lengths) and raise `Refused` with a sentence
for the reader; `do_*` assume valid input and run in one transaction. Notifications go out
after the transaction commits, so a failed write notifies no one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from tribune.accounts.models import User
from tribune.core import ratelimit
from tribune.core.markdown import MAX_USER_MARKDOWN, Rendered, render_user_markdown
from tribune.discussions.models import Discussion, Response, ResponseRevision, Visibility, Vote
from tribune.discussions.ranking import hot_rank
from tribune.moderation import policy
from tribune.news.models import Article, Section, Story

TITLE_MAX = 200
# Replies nest at most this deep (the path column holds 44 segments); deeper replies are
# refused with a sentence saying to reply further up.
MAX_DEPTH = 40
MAX_MENTIONS = 20  # more @names than this in one post are left as text
POST_LIMIT = ratelimit.Limit("post", count=10, window=600)
POST_LIMIT_IP = ratelimit.Limit("post-ip", count=30, window=600)
VOTE_LIMIT = ratelimit.Limit("vote", count=120, window=600)
# Path segments: zero-padded base-36 ids, so string order is creation order at every depth.
_SEGMENT = 8


class Refused(Exception):
    """The action is not allowed; the message is shown to the reader."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class NotYours(Refused):
    """Refused because the thing belongs to someone else (views answer 403)."""


def render_body(text: str) -> Rendered:
    from django.urls import reverse

    def existing(names: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(n.lower() for n in names))[:MAX_MENTIONS]
        if not wanted:
            return set()
        match = Q()
        for name in wanted:
            match |= Q(username__iexact=name)
        return set(User.objects.filter(match, is_active=True).values_list("username", flat=True))

    return render_user_markdown(
        text, existing, lambda name: reverse("accounts:profile", args=[name]), settings.SITE_URL
    )


def _check_can_post(user: User, ip: str | None) -> None:
    if not user.is_authenticated:
        raise Refused("Log in to post.")
    if reason := policy.posting_refusal(user):
        raise Refused(reason)
    try:
        ratelimit.hit(POST_LIMIT, str(user.pk))
        if ip:
            ratelimit.hit(POST_LIMIT_IP, ip)
    except ratelimit.RateLimited as exc:
        raise Refused("You are posting too fast. Please wait a moment.", exc.retry_after) from exc


def _check_body(body: str, *, required: bool = True) -> str:
    body = body.strip()
    if required and not body:
        raise Refused("Write something first.")
    if len(body) > MAX_USER_MARKDOWN:
        raise Refused(f"That is too long: at most {MAX_USER_MARKDOWN:,} characters.")
    return body


# Discussions ---------------------------------------------------------------------------------


def thread_for_article(article: Article) -> Discussion:
    """The article's own response thread, created the first time it is needed."""
    return _page_thread(
        Discussion.Kind.ARTICLE,
        {"article": article},
        title=article.title,
        section=article.section,
        since=article.published_at,
    )


def do_ensure_story_thread(story: Story) -> Discussion:
    """The story's shared thread, where the readers of every outlet's version meet: created
    the first time it is needed, like an article's."""
    return _page_thread(
        Discussion.Kind.STORY,
        {"story": story},
        title=story.title,
        section=story.section,
        since=story.first_published_at,
    )


def _page_thread(
    kind: str,
    owner: dict[str, Article | Story],
    *,
    title: str,
    section: Section | None,
    since: datetime,
) -> Discussion:
    """An article's or a story's thread, made on first need. Race-safe: a partial unique
    constraint lets only one exist per owner, so a racing twin's insert fails and we read it."""
    existing = Discussion.objects.filter(kind=kind, **owner).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Discussion.objects.create(
                kind=kind,
                title=title[:TITLE_MAX],
                section=section,
                created_at=since,
                last_activity_at=since,
                **owner,
            )
    except IntegrityError:
        return Discussion.objects.get(kind=kind, **owner)


def check_start_discussion(
    user: User,
    title: str,
    body: str,
    *,
    article: Article | None = None,
    section: Section | None = None,
    story: Story | None = None,
    ip: str | None = None,
) -> Discussion:
    title = " ".join(title.split())
    if not title:
        raise Refused("Give the discussion a title.")
    if len(title) > TITLE_MAX:
        raise Refused(f"The title is too long: at most {TITLE_MAX} characters.")
    body = _check_body(body, required=False)  # a title alone can start a discussion
    _check_can_post(user, ip)
    return do_start_discussion(user, title, body, article=article, section=section, story=story)


def do_start_discussion(
    user: User,
    title: str,
    body: str,
    *,
    article: Article | None = None,
    section: Section | None = None,
    story: Story | None = None,
) -> Discussion:
    rendered = render_body(body) if body else Rendered("", ())
    held = policy.hold_reason(user, f"{title}\n{body}")
    now = timezone.now()
    with transaction.atomic():
        discussion = Discussion.objects.create(
            kind=Discussion.Kind.DISCUSSION,
            title=title,
            body_markdown=body,
            body_html=rendered.html,
            author=user,
            article=article,
            story=story,
            section=section
            or (article.section if article else None)
            or (story.section if story else None),
            created_at=now,
            last_activity_at=now,
            hot_rank=hot_rank(0, 0, now, now),
            visibility=Visibility.PENDING if held else Visibility.VISIBLE,
            moderation_reason=held or "",
        )
        _follow(user, discussion)
        if not held:
            _count_approved(user)
    if not held:
        _after_commit_notify_mentions(discussion, rendered.mentions)
    return discussion


# Responses -----------------------------------------------------------------------------------


def check_respond(
    user: User,
    discussion: Discussion,
    body: str,
    *,
    parent: Response | None = None,
    ip: str | None = None,
) -> Response:
    if discussion.locked:
        raise Refused("This discussion is locked: no new responses.")
    if discussion.visibility != Visibility.VISIBLE:
        raise Refused("This discussion is not open for responses.")
    if parent is not None:
        if parent.discussion_id != discussion.pk:
            raise Refused("That response is not in this discussion.")
        if parent.visibility != Visibility.VISIBLE or parent.is_deleted:
            raise Refused("You cannot reply to that response.")
        if parent.depth + 1 >= MAX_DEPTH:
            raise Refused("This thread is nested as deep as it goes: reply further up.")
    body = _check_body(body)
    _check_can_post(user, ip)
    return do_respond(user, discussion, body, parent=parent)


def check_respond_to_article(
    user: User,
    article: Article,
    body: str,
    *,
    parent: Response | None = None,
    ip: str | None = None,
) -> Response:
    """Respond to an article: its thread is created with the first response, and not at all
    when the response is refused."""
    with transaction.atomic():
        discussion = thread_for_article(article)
        return check_respond(user, discussion, body, parent=parent, ip=ip)


def check_respond_to_story(
    user: User,
    story: Story,
    body: str,
    *,
    parent: Response | None = None,
    ip: str | None = None,
) -> Response:
    """Respond in a story's shared thread: created with the first response, and not at all
    when the response is refused."""
    with transaction.atomic():
        discussion = do_ensure_story_thread(story)
        return check_respond(user, discussion, body, parent=parent, ip=ip)


def do_respond(
    user: User, discussion: Discussion, body: str, *, parent: Response | None = None
) -> Response:
    rendered = render_body(body)
    held = policy.hold_reason(user, body)
    now = timezone.now()
    with transaction.atomic():
        response = Response.objects.create(
            discussion=discussion,
            parent=parent,
            author=user,
            body_markdown=body,
            body_html=rendered.html,
            depth=(parent.depth + 1) if parent else 0,
            created_at=now,
            visibility=Visibility.PENDING if held else Visibility.VISIBLE,
            moderation_reason=held or "",
        )
        # The id exists only now: the path is the parent's plus this id.
        segment = _base36(response.pk).rjust(_SEGMENT, "0")
        response.path = f"{parent.path}/{segment}" if parent else segment
        Response.objects.filter(pk=response.pk).update(path=response.path)
        _follow(user, discussion)
        if not held:
            _count_approved(user)
            _count_response(discussion, now)
    if not held:
        _after_commit_notify(response, rendered.mentions)
    return response


def _count_response(discussion: Discussion, now: object) -> None:
    Discussion.objects.filter(pk=discussion.pk).update(
        response_count=F("response_count") + 1, last_activity_at=now
    )


def _count_approved(user: User) -> None:
    User.objects.filter(pk=user.pk).update(approved_posts=F("approved_posts") + 1)


def _follow(user: User, discussion: Discussion) -> None:
    from tribune.notifications.models import Subscription

    Subscription.objects.get_or_create(user=user, discussion=discussion)


def _after_commit_notify(response: Response, mentions: tuple[str, ...]) -> None:
    from tribune.notifications.actions import do_notify_response

    transaction.on_commit(lambda: do_notify_response(response, mentions))


def _after_commit_notify_mentions(discussion: Discussion, mentions: tuple[str, ...]) -> None:
    if not mentions:
        return
    from tribune.notifications.actions import do_notify_discussion_mentions

    transaction.on_commit(lambda: do_notify_discussion_mentions(discussion, mentions))


def do_publish_held(response: Response) -> None:
    """A moderator approved a held response: it appears, counts, and notifies as if new."""
    with transaction.atomic():
        Response.objects.filter(pk=response.pk).update(
            visibility=Visibility.VISIBLE, moderation_reason=""
        )
        if response.author_id:
            User.objects.filter(pk=response.author_id).update(
                approved_posts=F("approved_posts") + 1
            )
        _count_response(response.discussion, timezone.now())
    _after_commit_notify(response, render_body(response.body_markdown).mentions)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def check_edit_response(user: User, response: Response, body: str) -> Response:
    if not user.is_authenticated or response.author_id != user.pk:
        raise NotYours("You can only edit your own responses.")
    if response.is_deleted:
        raise Refused("A deleted response cannot be edited.")
    if response.visibility in (Visibility.HIDDEN, Visibility.REMOVED):
        raise Refused("A moderator has hidden this response; it cannot be edited.")
    if response.discussion.locked:
        raise Refused("This discussion is locked.")
    body = _check_body(body)
    if reason := policy.posting_refusal(user):
        raise Refused(reason)
    return do_edit_response(response, body)


def do_edit_response(response: Response, body: str) -> Response:
    if body == response.body_markdown:
        return response
    rendered = render_body(body)
    now = timezone.now()
    # An edit is held like a new post when it adds a filtered word: editing must not be the
    # way around the filter.
    held = None
    if response.author is not None and response.visibility == Visibility.VISIBLE:
        held = policy.hold_reason(response.author, body)
    changes: dict[str, object] = {
        "body_markdown": body,
        "body_html": rendered.html,
        "edited_at": now,
    }
    if held:
        changes |= {"visibility": Visibility.PENDING, "moderation_reason": held}
    with transaction.atomic():
        ResponseRevision.objects.create(
            response=response, body_markdown=response.body_markdown, replaced_at=now
        )
        Response.objects.filter(pk=response.pk).update(**changes)
    for name, value in changes.items():
        setattr(response, name, value)
    return response


def check_delete_response(user: User, response: Response) -> None:
    if not user.is_authenticated or response.author_id != user.pk:
        raise NotYours("You can only delete your own responses.")
    if response.is_deleted:
        return
    do_delete_response(response)


def do_delete_response(response: Response) -> None:
    """The text goes; a placeholder stays so its replies keep their place in the thread."""
    now = timezone.now()
    with transaction.atomic():
        ResponseRevision.objects.create(
            response=response, body_markdown=response.body_markdown, replaced_at=now
        )
        Response.objects.filter(pk=response.pk).update(
            deleted_at=now, body_markdown="", body_html=""
        )


# Votes ---------------------------------------------------------------------------------------


def check_vote(user: User, response: Response) -> bool:
    """Upvote a response; returns False if the vote was already there."""
    if not user.is_authenticated:
        raise Refused("Log in to vote.")
    if response.author_id == user.pk:
        raise Refused("You cannot vote for your own response.")
    if response.is_deleted or response.visibility != Visibility.VISIBLE:
        raise Refused("You cannot vote for that response.")
    if reason := policy.posting_refusal(user):
        raise Refused(reason)
    try:
        ratelimit.hit(VOTE_LIMIT, str(user.pk))
    except ratelimit.RateLimited as exc:
        raise Refused("Too many votes at once. Please wait a moment.", exc.retry_after) from exc
    return do_vote(user, response)


def do_vote(user: User, response: Response) -> bool:
    try:
        with transaction.atomic():
            Vote.objects.create(user=user, response=response)
            Response.objects.filter(pk=response.pk).update(score=F("score") + 1)
    except IntegrityError:  # a double click, or two tabs: one vote
        return False
    return True


def check_unvote(user: User, response: Response) -> bool:
    """Take back one's own vote; returns False if there was none."""
    if not user.is_authenticated:
        raise Refused("Log in to vote.")
    try:
        ratelimit.hit(VOTE_LIMIT, str(user.pk))
    except ratelimit.RateLimited as exc:
        raise Refused("Too many votes at once. Please wait a moment.", exc.retry_after) from exc
    return do_unvote(user, response)


def do_unvote(user: User, response: Response) -> bool:
    with transaction.atomic():
        deleted, _ = Vote.objects.filter(user=user, response=response).delete()
        if deleted:
            Response.objects.filter(pk=response.pk).update(score=F("score") - 1)
    return bool(deleted)


def check_vote_discussion(user: User, discussion: Discussion) -> bool:
    if not user.is_authenticated:
        raise Refused("Log in to vote.")
    if discussion.author_id == user.pk:
        raise Refused("You cannot vote for your own discussion.")
    if discussion.kind != Discussion.Kind.DISCUSSION or discussion.visibility != Visibility.VISIBLE:
        raise Refused("You cannot vote for that discussion.")
    if reason := policy.posting_refusal(user):
        raise Refused(reason)
    try:
        ratelimit.hit(VOTE_LIMIT, str(user.pk))
    except ratelimit.RateLimited as exc:
        raise Refused("Too many votes at once. Please wait a moment.", exc.retry_after) from exc
    try:
        with transaction.atomic():
            Vote.objects.create(user=user, discussion=discussion)
            Discussion.objects.filter(pk=discussion.pk).update(score=F("score") + 1)
    except IntegrityError:
        return False
    return True


def do_backdate_responses(when: dict[int, datetime]) -> None:
    """Give responses earlier times (imported or demo conversations): each discussion's last
    activity follows, a reader's discussion starts before its first response, ranks follow."""
    from tribune.discussions.ranking import do_refresh_hot_ranks

    with transaction.atomic():
        responses = list(Response.objects.filter(pk__in=when).only("id", "discussion_id"))
        times: dict[int, list[datetime]] = {}
        for response in responses:
            response.created_at = when[response.pk]
            times.setdefault(response.discussion_id, []).append(response.created_at)
        Response.objects.bulk_update(responses, ["created_at"])
        for discussion in Discussion.objects.filter(pk__in=times).only("id", "kind"):
            changes: dict[str, datetime] = {"last_activity_at": max(times[discussion.pk])}
            if discussion.kind == Discussion.Kind.DISCUSSION:
                changes["created_at"] = min(times[discussion.pk]) - timedelta(minutes=40)
            Discussion.objects.filter(pk=discussion.pk).update(**changes)
    do_refresh_hot_ranks()
