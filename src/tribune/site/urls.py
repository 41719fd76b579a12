from django.urls import path

from tribune.site import views

app_name = "site"
urlpatterns = [
    path("faq/", views.faq, name="faq"),
    path("privacy/", views.privacy, name="privacy"),
    path("terms/", views.terms, name="terms"),
    path("feedback/", views.feedback, name="feedback"),
]
