"""Forms of the site's pages: feedback, accepting new Terms, deleting an account, and the
admin's page editor."""

from __future__ import annotations

from typing import Any

from django import forms

from tribune.site.actions import PageText, Refused, validate_page_text
from tribune.site.models import FEEDBACK_MAX, Feedback, Page


class FeedbackForm(forms.Form):
    category = forms.ChoiceField(
        label="What is it about?",
        choices=Feedback.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what your message is about."},
    )
    message = forms.CharField(
        label="Your message",
        max_length=FEEDBACK_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Plain text, up to {FEEDBACK_MAX:,} characters. For a broken page, say "
        "what you did and what you saw.",
        error_messages={"required": "Write a message first."},
    )
    email = forms.EmailField(
        label="Your email address (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Only if you would like an answer. It is seen only by the people who run "
        "the site.",
    )
    # Checked by queries.same_site_path (a bad one is dropped, not an error for the sender).
    page = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden by CSS (site-pages.css), filled in only by bots.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())


class AcceptTermsForm(forms.Form):
    version = forms.CharField(max_length=20, widget=forms.HiddenInput)


class DeleteAccountForm(forms.Form):
    KEEP = "keep"
    REMOVE = "remove"

    responses = forms.ChoiceField(
        label="What should happen to your responses and discussions?",
        choices=[
            (REMOVE, "Remove them. Their text goes; a “[deleted]” placeholder keeps replies "
             "to them in place."),
            (KEEP, "Keep them without my name. They stay as they are, shown as written by "
             "“[deleted account]”."),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens to your responses."},
    )  # fmt: skip
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )
    confirm = forms.BooleanField(
        label="I understand that my account cannot be restored.",
        error_messages={"required": "Tick the box to confirm."},
    )

    @property
    def keep_responses(self) -> bool:
        return bool(self.cleaned_data.get("responses") == self.KEEP)


class PageAdminForm(forms.ModelForm[Page]):
    """The admin's editor: a large text area, and the summary when the version changes."""

    class Meta:
        model = Page
        fields = ("title", "version", "summary", "body_markdown")
        widgets = {
            "body_markdown": forms.Textarea(attrs={"rows": 30, "cols": 100}),
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 100}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None or self.errors:
            return data
        text = PageText(
            data.get("title", ""),
            data.get("body_markdown", ""),
            data.get("version", ""),
            data.get("summary", ""),
        )
        try:
            # self.instance still holds the saved text here (the form fills it in later).
            validate_page_text(self.instance, text)
        except Refused as exc:
            raise forms.ValidationError(exc.message) from exc
        return data
