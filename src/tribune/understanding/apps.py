from django.apps import AppConfig


class UnderstandingConfig(AppConfig):
    name = "tribune.understanding"
    verbose_name = "Topics and tags"
