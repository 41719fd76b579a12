from django.apps import AppConfig


class PersonalizationConfig(AppConfig):
    name = "tribune.personalization"
    verbose_name = "Follows, mutes and For You"
