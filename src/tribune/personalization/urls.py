from django.urls import path

from tribune.personalization import views

app_name = "personalization"
urlpatterns = [
    path("for-you/", views.for_you, name="for_you"),
    path("for-you/welcome/", views.onboarding, name="onboarding"),
    path("for-you/rules/", views.rules, name="rules"),
    path("for-you/rules/add/", views.add_rule, name="add_rule"),
    path("for-you/rules/preview/", views.preview, name="preview"),
    path("for-you/rules/hide-read/", views.hide_read, name="hide_read"),
    path("for-you/follow/", views.follow, name="follow"),
    path("for-you/mute/", views.mute, name="mute"),
    path("for-you/remove/", views.remove, name="remove"),
    path("for-you/train/", views.train, name="train"),
]
