"""Document URLs: the hardened serve view in place of Wagtail's, same names and addresses."""

from django.urls import path, re_path
from wagtail.documents.views.serve import authenticate_with_password

from keydocs import views

urlpatterns = [
    re_path(r"^(\d+)/(.*)$", views.serve_document, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
