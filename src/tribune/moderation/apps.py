from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "tribune.moderation"
    label = "moderation"
