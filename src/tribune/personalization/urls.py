from django.urls import path

from tribune.personalization import views

app_name = "personalization"
urlpatterns = [
    path("for-you/", views.for_you, name="for_you"),
]
