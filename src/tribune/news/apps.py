from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "tribune.news"
    label = "news"
    verbose_name = "News"
