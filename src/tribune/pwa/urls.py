from django.urls import path

from tribune.pwa import views

app_name = "pwa"
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    # At the root: a worker controls only the paths under its own script's directory.
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("install/", views.install, name="install"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
]
