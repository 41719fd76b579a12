"""The site's rules for new posts: who may post, and which posts wait for a moderator."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache

from tribune.accounts.models import User
from tribune.moderation.models import FilteredWord
from tribune.moderation.permissions import is_moderator


def posting_refusal(user: User) -> str | None:
    """Why `user` may not post at all, or None."""
    if not user.is_active:
        return "This account is closed."
    if user.banned:
        return "This account is banned from posting."
    if user.is_suspended:
        return f"This account is suspended until {user.suspended_until:%d %B %Y, %H:%M} UTC."
    return None


def _word_pattern() -> re.Pattern[str] | None:
    pattern = cache.get("moderation:filtered-words")
    if pattern is None:
        phrases = list(FilteredWord.objects.values_list("phrase", flat=True))
        # Whole words only ("ass" must not hold "class"); phrases are escaped, never regexes.
        source = r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b" if phrases else ""
        cache.set("moderation:filtered-words", source, 300)
        pattern = source
    return re.compile(pattern, re.IGNORECASE) if pattern else None


def forget_filtered_words() -> None:
    """Called whenever the list changes (the admin does it after each save and delete)."""
    cache.delete("moderation:filtered-words")


def hold_reason(user: User, text: str) -> str | None:
    """Why a new post by `user` must wait for a moderator before others see it, or None."""
    if is_moderator(user):
        return None
    if user.approved_posts < settings.FIRST_POSTS_NEED_APPROVAL:
        return "New members' first posts are reviewed by a moderator."
    if (pattern := _word_pattern()) and (match := pattern.search(text)):
        return f"Held for review: contains “{match.group(0)}”."
    return None
