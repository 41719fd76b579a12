"""Forms of moderation: a reader's flag, and the reason or period a moderator gives.

They only parse; the rules (a reason is required to hide, which periods exist) live in
moderation.actions, which says why when it refuses."""

from __future__ import annotations

from django import forms

from tribune.moderation.actions import NOTE_MAX, REASON_MAX, SUSPENSION_DAYS
from tribune.moderation.models import Flag


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it?", choices=Flag.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Anything the moderators should know (optional)",
        required=False,
        max_length=NOTE_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, max_length=REASON_MAX, strip=True)
    # What the action was about, when a person is acted on from a queue item.
    response = forms.IntegerField(required=False, min_value=1)
    discussion = forms.IntegerField(required=False, min_value=1)


class SuspendForm(ReasonForm):
    days = forms.TypedChoiceField(
        choices=[(d, f"{d} day{'s' if d > 1 else ''}") for d in SUSPENSION_DAYS], coerce=int
    )
