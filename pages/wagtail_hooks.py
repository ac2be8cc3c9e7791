"""Admin registration of the records editors manage."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Country, DocumentCategory, Organisation


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


class RecordsViewSetGroup(SnippetViewSetGroup):
    """The "Records" menu: facts edited once and shown on every page that refers to them."""

    items = (CountryViewSet, OrganisationViewSet, DocumentCategoryViewSet)
    menu_icon = "list-ul"
    menu_label = "Records"
    menu_name = "records"


register_snippet(RecordsViewSetGroup)
