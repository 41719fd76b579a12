from django.urls import path

from tribune.news import views

app_name = "news"
urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("latest/", views.latest, name="latest"),
    path("articles/<int:pk>/<str:slug>/", views.article, name="article"),
    path("sources/", views.sources, name="sources"),
    path("sources/<slug:slug>/", views.source, name="source"),
    path("authors/<slug:slug>/", views.author, name="author"),
    path("sections/<slug:slug>/", views.section, name="section"),
    path("stories/<int:pk>/", views.story, name="story"),
]
