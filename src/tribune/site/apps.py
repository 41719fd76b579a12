from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "tribune.site"
    label = "site_pages"
    verbose_name = "Site pages and feedback"
