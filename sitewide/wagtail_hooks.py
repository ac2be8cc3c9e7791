"""Admin: the accessible format requests the public sent, for staff to answer."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AccessibleFormatRequest


class AccessibleFormatRequestViewSet(ModelViewSet):
    """Read-only list and detail of requests; they are created only by the public form."""

    model = AccessibleFormatRequest
    icon = "mail"
    menu_label = "Accessible format requests"
    add_to_admin_menu = True
    menu_order = 700
    list_display = ["document_title", "format", "name", "email", "sent_to", "emailed", "created_at"]
    list_filter = ["format", "emailed"]
    search_fields = ["document_title", "name", "email"]
    inspect_view_enabled = True
    form_fields = ["name", "email", "format", "details"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_accessible_format_requests() -> AccessibleFormatRequestViewSet:
    return AccessibleFormatRequestViewSet("accessible_format_requests")
