from django.urls import path

from tribune.core import views

app_name = "core"
urlpatterns = [
    path("img/<str:token>", views.image, name="image"),
]
