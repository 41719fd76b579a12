"""Every write to accounts: sign-up, log-in throttling, settings, email changes, blocks, roles.

`check_*` validate (who may do it, rate limits, uniqueness) and raise `Refused` with a sentence
for the reader; `do_*` assume valid input and run in one transaction. Mail goes out after the
transaction commits, so a failed write sends nothing.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from tribune.accounts import mail, roles
from tribune.accounts.models import Block, User
from tribune.accounts.terms import current_terms_version
from tribune.core import ratelimit

# Sign-up: attempts (any POST) and accounts created, per client address.
SIGNUP_ATTEMPTS_IP = ratelimit.Limit("signup-attempt-ip", count=30, window=3600)
SIGNUPS_IP = ratelimit.Limit("signup-ip", count=5, window=3600)
# Log-in: after LOGIN_FAILURES failed attempts on one account within the window, that account
# takes no more attempts (from anywhere) until the window ends; the same per client address.
# A Limit raises on the hit *past* its count, so it counts one less than the failures allowed.
LOGIN_FAILURES = 5
LOGIN_FAILURES_IP = 20
LOGIN_WINDOW = 900
LOGIN_FAILED_ACCOUNT = ratelimit.Limit("login-fail", LOGIN_FAILURES - 1, LOGIN_WINDOW)
LOGIN_FAILED_IP = ratelimit.Limit("login-fail-ip", LOGIN_FAILURES_IP - 1, LOGIN_WINDOW)
# Mail we send on a reader's request: per account, and password resets per address and IP.
EMAIL_SENDS = ratelimit.Limit("account-mail", count=5, window=3600)
PASSWORD_RESETS_IP = ratelimit.Limit("password-reset-ip", count=10, window=3600)
PASSWORD_RESETS_ADDRESS = ratelimit.Limit("password-reset-address", count=3, window=3600)

EMAIL_TOKEN_SALT = "tribune.accounts.email-confirm"  # noqa: S105 - a namespace, not a secret
EMAIL_TOKEN_MAX_AGE = 2 * 24 * 3600
DISPLAY_NAME_MAX = 80
BIO_MAX = 600


class Refused(Exception):
    """The action is not allowed; the message is shown to the reader. `retry_after` (seconds)
    is set when a rate limit refused it: the view answers 429 with Retry-After."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _limited(limit: ratelimit.Limit, key: str, message: str) -> None:
    try:
        ratelimit.hit(limit, key)
    except ratelimit.RateLimited as exc:
        raise Refused(message, exc.retry_after) from exc


# Sign-up --------------------------------------------------------------------------------------


def check_signup_attempt(ip: str) -> None:
    """Count one sign-up form submission from `ip` (valid or not, honeypot or not)."""
    _limited(SIGNUP_ATTEMPTS_IP, ip, "Too many sign-up attempts from your network. Try later.")


def check_signup(
    username: str, email: str, password: str, *, accepted_terms: bool, ip: str
) -> User:
    """Create an account from a validated form (format, password strength: forms.SignupForm).
    Checked again here: terms accepted, names free (case-insensitively), the rate limit."""
    if not accepted_terms:
        raise Refused("Please accept the Terms of Service to create an account.")
    if User.objects.filter(username__iexact=username).exists():
        raise Refused("That username is taken.")
    if User.objects.filter(email__iexact=email).exists():
        raise Refused("An account with that email address exists. Log in, or reset its password.")
    _limited(SIGNUPS_IP, ip, "Too many new accounts from your network. Try again later.")
    return do_signup(username, email, password, terms_version=current_terms_version())


def do_signup(username: str, email: str, password: str, *, terms_version: str) -> User:
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username,
                email,
                password,
                terms_version=terms_version,
                terms_accepted_at=timezone.now(),
            )
    except IntegrityError as exc:  # two sign-ups raced for the same name or address
        raise Refused("That username or email address was just taken.") from exc
    transaction.on_commit(lambda: send_email_confirmation(user, email))
    return user


def pretend_signup(ip: str) -> None:
    """A bot filled the honeypot: count it like a sign-up, create nothing."""
    _limited(SIGNUPS_IP, ip, "Too many new accounts from your network. Try again later.")


# Log-in ---------------------------------------------------------------------------------------


class BadCredentials(Exception):
    """Wrong identifier or password (the same message for both, so names are not probed)."""


def _lock_key(kind: str, key: str) -> str:
    return f"login-locked:{kind}:{key}"


def _locked_for(kind: str, key: str) -> int:
    """Seconds left on a lock, or 0."""
    until = cache.get(_lock_key(kind, key))
    return max(0, int(until - time.time())) if until else 0


def _account_key(identifier: str) -> str:
    """One counter per account whether the reader typed its name or its address."""
    identifier = identifier.strip()
    field = "email__iexact" if "@" in identifier else "username__iexact"
    pk = User.objects.filter(**{field: identifier}).values_list("pk", flat=True).first()
    return f"id:{pk}" if pk else f"name:{identifier.lower()[:200]}"


def check_login(request: HttpRequest | None, identifier: str, password: str, ip: str) -> User:
    """The account `identifier` (username or email address) names, if `password` is right.

    Raises Refused (with retry_after) while the account or the address is locked out after too
    many failures, BadCredentials otherwise. A right password during a lock is refused too:
    otherwise the lock would only slow down an attacker who is already guessing.
    """
    account = _account_key(identifier)
    wait = max(_locked_for("account", account), _locked_for("ip", ip))
    if wait:
        raise Refused("Too many failed attempts. Please wait before trying again.", wait)
    user = _authenticate(request, identifier, password)
    if user is not None:
        return user
    for kind, limit, key in (
        ("account", LOGIN_FAILED_ACCOUNT, account),
        ("ip", LOGIN_FAILED_IP, ip),
    ):
        try:
            ratelimit.hit(limit, key)
        except ratelimit.RateLimited as exc:
            cache.set(_lock_key(kind, key), time.time() + exc.retry_after, exc.retry_after + 1)
            raise Refused(
                "Too many failed attempts. Please wait before trying again.", exc.retry_after
            ) from exc
    raise BadCredentials


def _authenticate(request: HttpRequest | None, identifier: str, password: str) -> User | None:
    identifier = identifier.strip()
    username = identifier
    if "@" in identifier:
        found = (
            User.objects.filter(email__iexact=identifier).values_list("username", flat=True).first()
        )
        if found:
            username = found
    user = authenticate(request, username=username, password=password)
    return user if isinstance(user, User) else None


# Settings -------------------------------------------------------------------------------------

# Characters that reorder or hide text: a display name must not impersonate or break pages.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}


def clean_display_name(raw: str) -> str:
    name = "".join(ch for ch in raw if unicodedata.category(ch) not in _INVISIBLE)
    return " ".join(name.split())


def clean_bio(raw: str) -> str:
    keep = {"\n"}
    text = "".join(
        ch
        for ch in raw.replace("\r\n", "\n")
        if ch in keep or unicodedata.category(ch) not in _INVISIBLE
    )
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()


@dataclass(frozen=True)
class ProfileSettings:
    display_name: str
    bio: str
    email_on_reply: bool
    email_on_mention: bool


def check_update_settings(user: User, changes: ProfileSettings) -> User:
    display_name = clean_display_name(changes.display_name)
    bio = clean_bio(changes.bio)
    if len(display_name) > DISPLAY_NAME_MAX:
        raise Refused(f"The display name is too long: at most {DISPLAY_NAME_MAX} characters.")
    if len(bio) > BIO_MAX:
        raise Refused(f"The bio is too long: at most {BIO_MAX} characters.")
    return do_update_settings(
        user,
        ProfileSettings(display_name, bio, changes.email_on_reply, changes.email_on_mention),
    )


def do_update_settings(user: User, changes: ProfileSettings) -> User:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            display_name=changes.display_name,
            bio=changes.bio,
            email_on_reply=changes.email_on_reply,
            email_on_mention=changes.email_on_mention,
        )
    user.display_name, user.bio = changes.display_name, changes.bio
    user.email_on_reply, user.email_on_mention = changes.email_on_reply, changes.email_on_mention
    return user


# Email addresses ------------------------------------------------------------------------------


def email_token(user: User, address: str) -> str:
    """A signed, expiring token: `user` may set `address` as theirs (or confirm it, when it is
    already theirs). It names the current address, so it dies once the address changes."""
    return signing.dumps(
        {"u": user.pk, "from": user.email or "", "to": address}, salt=EMAIL_TOKEN_SALT
    )


@dataclass(frozen=True)
class EmailConfirmation:
    user: User
    address: str

    @property
    def is_change(self) -> bool:
        return (self.user.email or "").lower() != self.address.lower()


def read_email_token(token: str) -> EmailConfirmation:
    try:
        data = signing.loads(token, salt=EMAIL_TOKEN_SALT, max_age=EMAIL_TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise Refused("This link has expired. Ask for a new one from your settings.") from exc
    except signing.BadSignature as exc:
        raise Refused("This link is not valid. Check that you copied all of it.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise Refused("This link is not valid.")
    user = User.objects.filter(pk=int(data["u"]), is_active=True).first()
    if user is None or (user.email or "") != data.get("from"):
        raise Refused("This link is no longer valid: the account's address has changed since.")
    return EmailConfirmation(user, str(data.get("to", "")))


def send_email_confirmation(user: User, address: str) -> bool:
    path = reverse("accounts:confirm_email", args=[email_token(user, address)])
    template = "confirm_email" if (user.email or "").lower() == address.lower() else "change_email"
    return mail.send_templated(
        address, template, {"user": user, "address": address, "confirm_path": path}
    )


def check_request_email_change(user: User, address: str, password: str) -> bool:
    """Send a confirmation link to `address`; the account's address changes only when the link
    is followed. The current password is asked so a borrowed session cannot take the account."""
    if not user.check_password(password):
        raise Refused("That password is not right.")
    current = user.email or ""
    if current.lower() == address.lower() and user.email_confirmed_at:
        raise Refused("That is already your address.")
    if current.lower() != address.lower() and User.objects.filter(email__iexact=address).exists():
        raise Refused("Another account uses that address.")
    _limited(EMAIL_SENDS, str(user.pk), "We sent several emails already. Try again later.")
    return send_email_confirmation(user, address)


def check_resend_confirmation(user: User) -> bool:
    if not user.email or user.email_confirmed_at:
        raise Refused("Your address is already confirmed.")
    _limited(EMAIL_SENDS, str(user.pk), "We sent several emails already. Try again later.")
    return send_email_confirmation(user, user.email)


def check_confirm_email(token: str) -> EmailConfirmation:
    confirmation = read_email_token(token)
    if (
        confirmation.is_change
        and User.objects.filter(email__iexact=confirmation.address)
        .exclude(pk=confirmation.user.pk)
        .exists()
    ):
        raise Refused("Another account took that address in the meantime.")
    do_confirm_email(confirmation.user, confirmation.address)
    return confirmation


def do_confirm_email(user: User, address: str) -> None:
    old = user.email or ""
    now = timezone.now()
    try:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(email=address, email_confirmed_at=now)
    except IntegrityError as exc:
        raise Refused("Another account took that address in the meantime.") from exc
    user.email, user.email_confirmed_at = address, now
    if old and old.lower() != address.lower():
        # The previous address hears of it: if this was not its owner, they can act.
        transaction.on_commit(
            lambda: mail.send_templated(old, "email_changed", {"user": user, "address": address})
        )


def check_password_reset_request(address: str, ip: str) -> None:
    """Before Django's PasswordResetForm sends its mail: at most a few per address and IP."""
    message = "We sent several reset emails already. Check your inbox, or try again later."
    _limited(PASSWORD_RESETS_IP, ip, message)
    _limited(PASSWORD_RESETS_ADDRESS, address.strip().lower(), message)


# Blocks ---------------------------------------------------------------------------------------


def check_block(blocker: User, blocked: User) -> Block:
    if not blocker.is_authenticated:
        raise Refused("Log in to block someone.")
    if blocker.pk == blocked.pk:
        raise Refused("You cannot block yourself.")
    return do_block(blocker, blocked)


def do_block(blocker: User, blocked: User) -> Block:
    """Idempotent: blocking twice keeps one block."""
    with transaction.atomic():
        block, _ = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return block


def do_unblock(blocker: User, blocked: User) -> bool:
    with transaction.atomic():
        deleted, _ = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)


# Roles ----------------------------------------------------------------------------------------


def do_grant_role(user: User, role: str) -> None:
    """Put `user` in a role's group; staff roles may use the admin for what they are allowed."""
    if role not in roles.STAFF_ROLES:
        raise ValueError(f"unknown role {role!r}")
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
        if not user.is_staff:
            User.objects.filter(pk=user.pk).update(is_staff=True)
            user.is_staff = True
    roles.forget_roles(user)


def do_revoke_role(user: User, role: str) -> None:
    with transaction.atomic():
        user.groups.remove(*Group.objects.filter(name=role))
        still_staff = user.is_superuser or user.groups.filter(name__in=roles.STAFF_ROLES).exists()
        if user.is_staff and not still_staff:
            User.objects.filter(pk=user.pk).update(is_staff=False)
            user.is_staff = False
    roles.forget_roles(user)


# Terms of Service -----------------------------------------------------------------------------


def check_accept_terms(user: User, version: str) -> None:
    """Accept the Terms `version` the reader was shown; refused if they changed meanwhile
    (a reader accepts the text they read, not a newer one)."""
    if version != current_terms_version():
        raise Refused(
            "The Terms of Service changed again while you were reading. Please read them again."
        )
    do_accept_terms(user, version)


def do_accept_terms(user: User, version: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(terms_version=version, terms_accepted_at=now)
    user.terms_version, user.terms_accepted_at = version, now


# Deleting an account --------------------------------------------------------------------------

# Wrong passwords on the deletion form, per account: a borrowed session must not guess. After
# the last one allowed, even the right password waits until the window ends (as for log-in).
DELETE_FAILURES = ratelimit.Limit("delete-account-fail", count=4, window=900)
DELETED_TITLE = "[deleted]"


class WrongPassword(Refused):
    """Refused because the password typed to confirm is not the account's."""


def check_delete_account(user: User, password: str, *, keep_responses: bool) -> None:
    """Delete the reader's account once their password is right. The last active superuser
    cannot delete themselves: the site would have no one left to run it."""
    key = str(user.pk)
    message = "Too many wrong passwords. Please wait before trying again."
    if wait := _locked_for("delete", key):
        raise Refused(message, wait)
    if not user.check_password(password):
        try:
            ratelimit.hit(DELETE_FAILURES, key)
        except ratelimit.RateLimited as exc:
            cache.set(_lock_key("delete", key), time.time() + exc.retry_after, exc.retry_after + 1)
            raise Refused(message, exc.retry_after) from exc
        raise WrongPassword("That password is not right.")
    if (
        user.is_superuser
        and not User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
    ):
        raise Refused(
            "You are the site's only administrator: make someone else one before you leave."
        )
    do_delete_account(user, keep_responses=keep_responses)


def do_delete_account(user: User, *, keep_responses: bool) -> None:
    """Delete the account and everything tied to it, in one transaction (all or nothing).

    `keep_responses`: the reader's responses and discussions stay as written, without an
    author ("[deleted account]"). Otherwise their text goes: responses become "[deleted]"
    placeholders that keep replies in place (as when a reader deletes one; the discussion's
    response count already counts placeholders), discussions others answered keep their
    thread under a "[deleted]" title, and discussions no one else answered go entirely.
    Either way the earlier versions of the reader's responses go, votes they gave are taken
    off the scores, and deleting the row cascades to notifications, follows, mutes, weights,
    read marks, blocks, flags and push subscriptions. Feedback follows the reader's choice:
    deleted, or kept without the account and the address they typed. The username and the
    address become free at once; nothing on the site names the account any more.
    """
    from django.db.models import Exists, F, OuterRef

    from tribune.discussions.models import Discussion, Response, ResponseRevision, Vote
    from tribune.site.models import Feedback

    now = timezone.now()
    with transaction.atomic():
        # Lock the account first: a post or vote racing the deletion waits, then fails.
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk").first()
        votes = Vote.objects.filter(user_id=user.pk)
        Response.objects.filter(
            pk__in=votes.filter(response__isnull=False).values("response_id")
        ).update(score=F("score") - 1)
        Discussion.objects.filter(
            pk__in=votes.filter(discussion__isnull=False).values("discussion_id")
        ).update(score=F("score") - 1)
        votes.delete()
        ResponseRevision.objects.filter(response__author_id=user.pk).delete()
        if keep_responses:
            Feedback.objects.filter(user_id=user.pk).update(user=None, email="")
        else:
            Feedback.objects.filter(user_id=user.pk).delete()
            answered_by_others = Response.objects.filter(discussion_id=OuterRef("pk")).exclude(
                author_id=user.pk
            )
            own = Discussion.objects.filter(author_id=user.pk, kind=Discussion.Kind.DISCUSSION)
            own.filter(~Exists(answered_by_others)).delete()
            own.update(title=DELETED_TITLE, body_markdown="", body_html="", edited_at=now)
            Response.objects.filter(author_id=user.pk, deleted_at__isnull=True).update(
                deleted_at=now
            )
            Response.objects.filter(author_id=user.pk).update(body_markdown="", body_html="")
        # Responses and discussions lose their author (SET_NULL); the rest cascades.
        User.objects.filter(pk=user.pk).delete()
