from django.urls import path

from tribune.pwa import views

app_name = "pwa"
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("install/", views.install, name="install"),
]
