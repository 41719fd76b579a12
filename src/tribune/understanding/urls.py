from django.urls import path

from tribune.understanding import views

app_name = "understanding"
urlpatterns = [
    path("", views.topics, name="topics"),
    path("<slug:slug>/", views.topic, name="topic"),
]
