"""Forms of personalization: what a follow, mute, keyword rule, trainer click and onboarding
post may say. Phrases are checked and normalized by keywords.normalize_phrase."""

from __future__ import annotations

from typing import Any

from django import forms

from tribune.personalization.keywords import PhraseError, normalize_phrase
from tribune.personalization.prefs import DURATION_LABELS, KINDS, OBJECT_KINDS, VERBS, Target

_KIND_CHOICES = [(k, k) for k in KINDS]
_DURATION_CHOICES = list(DURATION_LABELS.items())
_MAX_ID = 2**53


class TargetForm(forms.Form):
    """A topic, section, source or author by id, or a keyword phrase."""

    kind = forms.ChoiceField(choices=_KIND_CHOICES)
    id = forms.IntegerField(required=False, min_value=1, max_value=_MAX_ID)
    phrase = forms.CharField(required=False, strip=False, label="Word or phrase")

    def clean_phrase(self) -> str:
        raw = self.cleaned_data.get("phrase") or ""
        if self.data.get("kind") != "keyword":
            return ""
        try:
            return normalize_phrase(raw)
        except PhraseError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind in OBJECT_KINDS and not data.get("id"):
            raise forms.ValidationError("Choose what to follow or mute.")
        return data

    @property
    def target(self) -> Target:
        data = self.cleaned_data
        if data["kind"] == "keyword":
            return Target("keyword", phrase=data["phrase"])
        return Target(data["kind"], id=data["id"])


class MuteForm(TargetForm):
    duration = forms.ChoiceField(choices=_DURATION_CHOICES, initial="forever")


class KeywordRuleForm(forms.Form):
    """The rules page's form: a word or phrase to follow or mute."""

    phrase = forms.CharField(
        strip=False,
        label="Word or phrase",
        help_text="Plain words: letters, digits, spaces, hyphens and apostrophes, up to 60.",
        widget=forms.TextInput(attrs={"maxlength": 60, "autocomplete": "off"}),
    )
    verb = forms.ChoiceField(
        choices=[("mute", "Mute: hide what matches"), ("follow", "Follow: show me what matches")],
        initial="mute",
        widget=forms.RadioSelect,
    )
    duration = forms.ChoiceField(choices=_DURATION_CHOICES, initial="forever", label="How long")

    def clean_phrase(self) -> str:
        try:
            return normalize_phrase(self.cleaned_data.get("phrase") or "")
        except PhraseError as exc:
            raise forms.ValidationError(str(exc)) from exc

    @property
    def target(self) -> Target:
        return Target("keyword", phrase=self.cleaned_data["phrase"])


class PreviewForm(TargetForm):
    verb = forms.ChoiceField(choices=[(v, v) for v in VERBS], initial="mute", required=False)
    duration = forms.ChoiceField(choices=_DURATION_CHOICES, initial="forever", required=False)


class TrainForm(forms.Form):
    """ "Show fewer / more like this": which of the item's topic, source and author."""

    direction = forms.ChoiceField(
        choices=[("fewer", "fewer"), ("more", "more"), ("reset", "reset")]
    )
    target = forms.MultipleChoiceField(choices=(), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "topic:12": checked against the form of the value, not a list of every topic.
        self.fields["target"].valid_value = _valid_target  # type: ignore[attr-defined]
        self.fields["target"].error_messages["required"] = (
            "Choose the topic, source or author to see fewer of."
        )

    @property
    def targets(self) -> list[Target]:
        found = []
        for value in self.cleaned_data["target"][:4]:
            kind, _, number = value.partition(":")
            found.append(Target(kind, id=int(number)))
        return sorted(set(found))


def _valid_target(value: str) -> bool:
    kind, sep, number = value.partition(":")
    return (
        bool(sep)
        and kind in ("topic", "source", "author", "section")
        and number.isascii()
        and number.isdigit()
        and 0 < len(number) <= 15
        and int(number) > 0
    )


class IdsField(forms.Field):
    """Ticked ids: positive integers, at most MAX of them; anything else is ignored (a box
    for something that has since gone simply follows nothing)."""

    MAX = 100
    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        ids: list[int] = []
        for item in values[: self.MAX]:
            text = str(item)
            if text.isascii() and text.isdigit() and 0 < len(text) <= 15 and int(text) > 0:
                ids.append(int(text))
        return sorted(set(ids))


class OnboardingForm(forms.Form):
    topic = IdsField(required=False)
    section = IdsField(required=False)

    @property
    def targets(self) -> list[Target]:
        return [Target("topic", id=t) for t in self.cleaned_data["topic"]] + [
            Target("section", id=s) for s in self.cleaned_data["section"]
        ]
