from django.urls import path

from tribune.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("log/", views.log, name="log"),
    path("flag/response/<int:pk>/", views.flag_response, name="flag_response"),
    path("flag/discussion/<int:pk>/", views.flag_discussion, name="flag_discussion"),
    path("response/<int:pk>/", views.response_review, name="response"),
    path("response/<int:pk>/<slug:verb>/", views.act_on_response, name="act_response"),
    path("discussion/<int:pk>/", views.discussion_review, name="discussion"),
    path("discussion/<int:pk>/<slug:verb>/", views.act_on_discussion, name="act_discussion"),
    path("user/<int:pk>/", views.user_record, name="user"),
    path("user/<int:pk>/<slug:verb>/", views.act_on_user, name="act_user"),
]
