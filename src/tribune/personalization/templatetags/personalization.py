"""`{% follow_button target %}`: Follow / Following / Mute controls for a topic, section,
source or author. Plain POST forms (CSRF, no JavaScript needed); with htmx on the page, the
answer replaces the control in place. The reader's state costs one query per page at most."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from tribune.personalization.buttons import button_context
from tribune.personalization.queries import Followable

register = template.Library()


@register.inclusion_tag("personalization/follow_button.html", takes_context=True)
def follow_button(context: template.Context, target: Followable) -> dict[str, Any]:
    request: HttpRequest = context["request"]
    return button_context(request, target, request.get_full_path(), context.get("csrf_token"))
