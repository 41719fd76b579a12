from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("tribune.core.urls")),
    path("", include("tribune.accounts.urls")),
    path("discussions/", include("tribune.discussions.urls")),
    path("notifications/", include("tribune.notifications.urls")),
    path("moderation/", include("tribune.moderation.urls")),
    path("topics/", include("tribune.understanding.urls")),
    path("", include("tribune.personalization.urls")),
    path("", include("tribune.site.urls")),
    path("", include("tribune.pwa.urls")),
    path("", include("tribune.news.urls")),
]
