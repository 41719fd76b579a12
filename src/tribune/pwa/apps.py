"""The installable app: web app manifest and icons, the service worker and offline page,
the install page, and web push."""

from django.apps import AppConfig


class PwaConfig(AppConfig):
    name = "tribune.pwa"
    verbose_name = "Installable app"

    def ready(self) -> None:
        from tribune.pwa import signals  # noqa: F401  (connects the log-out receiver)
