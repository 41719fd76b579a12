from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "tribune.discussions"
    label = "discussions"
