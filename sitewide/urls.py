"""Public URLs of site-wide features."""

from django.urls import path

from . import views

app_name = "sitewide"
urlpatterns = [
    path(
        "<int:document_id>/",
        views.accessible_format_request,
        name="accessible_format_request",
    ),
]
