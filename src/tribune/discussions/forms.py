"""Forms for writing in discussions: a response, a new discussion."""

from __future__ import annotations

from django import forms

from tribune.core.markdown import MAX_USER_MARKDOWN
from tribune.discussions.actions import TITLE_MAX
from tribune.news.models import Section


class ResponseForm(forms.Form):
    body = forms.CharField(
        label="Your response",
        max_length=MAX_USER_MARKDOWN,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write something first."},
        help_text="Markdown works: *emphasis*, [links](https://…), > quotes, @name.",
    )


class StartDiscussionForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_MAX, error_messages={"required": "Give the discussion a title."}
    )
    body = forms.CharField(
        label="What would you like to discuss?",
        required=False,
        max_length=MAX_USER_MARKDOWN,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Optional. Markdown works.",
    )
    section = forms.ModelChoiceField(
        queryset=Section.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="No section",
        label="Section",
    )
    article = forms.IntegerField(required=False, widget=forms.HiddenInput)
