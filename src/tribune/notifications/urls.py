from django.urls import path

from tribune.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/open/", views.open_notice, name="open"),
    path("read/", views.read_all, name="read_all"),
    path("following/", views.following, name="following"),
    path("follow/<int:pk>/", views.follow, name="follow"),
    path("unfollow/<int:pk>/", views.unfollow, name="unfollow"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
