from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tribune.accounts"
    label = "accounts"
