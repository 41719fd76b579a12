from django.apps import AppConfig


class PwaConfig(AppConfig):
    name = "tribune.pwa"
    verbose_name = "Installable app"
