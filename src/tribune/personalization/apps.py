"""Customize your news: follows, mutes (with expiry), keyword rules, the trainer's weights,
read state, and the For You page ranked from them."""

from django.apps import AppConfig


class PersonalizationConfig(AppConfig):
    name = "tribune.personalization"
    verbose_name = "Follows, mutes and For You"

    def ready(self) -> None:
        from tribune.personalization import signals  # noqa: F401 - connects the receivers
