from django.urls import path  # noqa: F401

from tribune.discussions import views  # noqa: F401

app_name = "discussions"
urlpatterns: list = []  # type: ignore[type-arg]
