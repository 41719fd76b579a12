from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tribune.notifications"
    label = "notifications"
