"""Forms of accounts: what readers type, validated before an action runs.

Password fields never echo back what was typed (render_value=False, Django's default).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from tribune.accounts.actions import BIO_MAX, DISPLAY_NAME_MAX
from tribune.accounts.models import User

# ASCII letters, digits, "_", "." and "-", not ending in "." or "-": every name is mentionable
# as @name (core.markdown.MENTION) and no two names look alike in different scripts.
USERNAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,28}[A-Za-z0-9_]\Z")
RESERVED_USERNAMES = frozenset(
    {"admin", "administrator", "moderator", "moderators", "editor", "editors", "staff",
     "tribune", "support", "root", "system", "anonymous", "deleted", "settings", "signup",
     "login", "logout", "me"}
)  # fmt: skip


class SignupForm(forms.Form):
    username = forms.CharField(
        max_length=30,
        help_text="2 to 30 letters, digits, “_”, “.” or “-”. Others see it and can @mention it.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        max_length=254,
        help_text="Never shown to others. We send a link to confirm it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    accept_terms = forms.BooleanField(
        required=True,
        label="I accept the Terms of Service",
        error_messages={"required": "Please accept the Terms of Service to create an account."},
    )
    # The honeypot: hidden by CSS (accounts.css), filled in only by bots.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_username(self) -> str:
        name: str = self.cleaned_data["username"].strip()
        if not USERNAME_RE.match(name):
            raise ValidationError(
                "Use 2 to 30 letters (a to z), digits, “_”, “.” or “-”, not ending in “.” or “-”."
            )
        if name.lower() in RESERVED_USERNAMES:
            raise ValidationError("That username is reserved.")
        if User.objects.filter(username__iexact=name).exists():
            raise ValidationError("That username is taken.")
        return name

    def clean_email(self) -> str:
        address = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=address).exists():
            raise ValidationError(
                "An account with that email address exists. Log in, or reset its password."
            )
        return address

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            # Checked against the name and address too ("alice" may not use "alice2026!").
            probe = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(password, probe)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label="Username or email address",
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
    )
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class SettingsForm(forms.Form):
    display_name = forms.CharField(
        required=False,
        max_length=DISPLAY_NAME_MAX,
        help_text="Shown beside your username. Leave empty to show only your username.",
    )
    bio = forms.CharField(
        required=False,
        max_length=BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"A few words about you, on your profile page. Plain text, {BIO_MAX} "
        "characters at most.",
    )
    email_on_reply = forms.BooleanField(required=False, label="Email me when someone replies to me")
    email_on_mention = forms.BooleanField(
        required=False, label="Email me when someone @mentions me"
    )


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label="New email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"].strip())
