"""Admin registration of the records editors manage."""

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, path, reverse
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from .models import ContactPoint, Country, DocumentCategory, Organisation, Role
from .views import RoleRenameView, role_permission_policy


def rename_button(role: Role, priority: int) -> Button:
    """The "Rename" action for a role, shown on its edit view and in the listing."""
    return Button(
        "Rename",
        url=reverse("wagtailsnippets_records_role:rename", args=[role.pk]),
        icon_name="edit",
        priority=priority,
    )


class RoleEditView(EditView):
    """The role's edit view, with "Rename" in its header actions."""

    def get_header_more_buttons(self) -> list[Any]:
        buttons = list(super().get_header_more_buttons())
        if role_permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(rename_button(self.object, priority=5))
        return sorted(buttons)


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    menu_label = "Countries"
    list_display = ["name", "iso_code"]
    search_fields = ["name", "iso_code"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "acronym", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


class DocumentCategoryViewSet(SnippetViewSet):
    model = DocumentCategory
    icon = "folder-open-inverse"
    menu_label = "Document categories"
    list_display = ["name", "slug"]


class RoleViewSet(SnippetViewSet):
    model = Role
    icon = "user"
    menu_label = "Roles"
    list_display = ["title", "organisation", "current_title_since"]
    search_fields = ["title", "description"]
    edit_view_class = RoleEditView

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            *super().get_urlpatterns(),
            path("rename/<str:pk>/", RoleRenameView.as_view(), name="rename"),
        ]


class ContactPointViewSet(SnippetViewSet):
    model = ContactPoint
    icon = "mail"
    menu_label = "Contact points"
    list_display = ["label", "recipient_role", "suburb", "state", "postcode"]
    list_filter = ["state"]
    search_fields = ["label", "division", "suburb", "postcode"]


class RecordsViewSetGroup(SnippetViewSetGroup):
    """The "Records" menu: facts edited once and shown on every page that refers to them."""

    items = (
        CountryViewSet,
        OrganisationViewSet,
        RoleViewSet,
        ContactPointViewSet,
        DocumentCategoryViewSet,
    )
    menu_icon = "list-ul"
    menu_label = "Records"
    menu_name = "records"


register_snippet(RecordsViewSetGroup)


@hooks.register("register_snippet_listing_buttons")
def role_listing_rename_button(
    snippet: Any, user: Any, next_url: str | None = None
) -> Iterator[Button]:
    """Offer "Rename" beside each role in the Roles listing."""
    if isinstance(snippet, Role) and role_permission_policy.user_has_permission(user, "change"):
        yield rename_button(snippet, priority=5)


@hooks.register("register_log_actions")
def register_records_log_actions(actions: Any) -> None:
    actions.register_action("records.role_rename", "Rename role", "Renamed role")
