from django.urls import path  # noqa: F401

from tribune.accounts import views  # noqa: F401

app_name = "accounts"
urlpatterns: list = []  # type: ignore[type-arg]
