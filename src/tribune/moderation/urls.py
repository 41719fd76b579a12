from django.urls import path  # noqa: F401

from tribune.moderation import views  # noqa: F401

app_name = "moderation"
urlpatterns: list = []  # type: ignore[type-arg]
