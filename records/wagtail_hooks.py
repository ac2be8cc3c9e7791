"""Admin registration of the records editors manage."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ContactPoint, Country, DocumentCategory, Organisation, Role


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
