"""URLs of the site's own pages, included at the site root."""

from django.urls import path

from tribune.site import views

app_name = "site"
urlpatterns = [
    path("faq/", views.faq, name="faq"),
    path("privacy/", views.privacy, name="privacy"),
    path("terms/", views.terms, name="terms"),
    path("terms/updated/", views.terms_accept, name="terms_accept"),
    path("cookies/", views.cookie_list, name="cookies"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/sent/", views.feedback_sent, name="feedback_sent"),
    path("settings/privacy/", views.privacy_settings, name="privacy_settings"),
    path("settings/privacy/export/", views.export_data, name="export"),
    path("settings/privacy/delete/", views.delete_account, name="delete_account"),
    path("goodbye/", views.account_deleted, name="account_deleted"),
]
