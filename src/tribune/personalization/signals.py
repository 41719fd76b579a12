"""Carry an anonymous reader's preferences (the prefs cookie) into their account when they sign
in. Django sends `user_logged_in` from `login()`, which sign-up, log-in and any later sign-in
path all call, with the request that carries the cookie; a signal covers them all without a
middleware on every request. The cookie itself is dropped by the next personalization
response (changes.finish): signing up lands on onboarding, which does it at once."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import HttpRequest

from tribune.accounts.models import User
from tribune.personalization import actions, cookie

logger = logging.getLogger(__name__)


@receiver(user_logged_in, dispatch_uid="tribune.personalization.carry_over")
def carry_over_prefs(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "COOKIES"):
        return
    prefs = cookie.read(request)
    if not prefs:
        return
    try:
        actions.do_carry_over(user, prefs)
    except DatabaseError:  # never let preferences stop a sign-in
        logger.exception("Could not carry the prefs cookie into account %s", user.pk)
