from django.urls import path

from tribune.discussions import views

app_name = "discussions"
urlpatterns = [
    path("", views.discussion_list, name="list"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/vote/", views.vote_discussion, name="vote_discussion"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    path("articles/<int:article_id>/respond/", views.respond_to_article, name="respond_to_article"),
    path("stories/<int:story_id>/respond/", views.respond_to_story, name="respond_to_story"),
    path("responses/<int:pk>/", views.response_page, name="response"),
    path("responses/<int:pk>/reply/", views.reply, name="reply"),
    path("responses/<int:pk>/edit/", views.edit, name="edit"),
    path("responses/<int:pk>/delete/", views.delete, name="delete"),
    path("responses/<int:pk>/vote/", views.vote, name="vote"),
    path("responses/<int:pk>/unvote/", views.unvote, name="unvote"),
]
