"""A StreamField post that cannot be read gets a clear form error, never a 500, and saves nothing.

The admin's JavaScript always posts a `…-count` for every stream and list, with `-deleted`,
`-order` and `-type` for each item. A hand-crafted or truncated post may leave any of them out or
send nonsense; Wagtail's blocks then raise KeyError or ValueError. Every StreamField of the
project is covered, top-level and nested: a section's content stream, a list inside a struct
block, a stream inside a list.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page, Revision, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from editorial import services
from pages.models import TopicPage
from sitewide.blocks import UNREADABLE_FORM_DATA, ReadableListBlock, ReadableStreamBlock
from sitewide.models import PortalSettings
from tests.richtext.helpers import scrape_form
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db

EXTERNAL_DOCUMENT = {
    "title": "Global Report on Trafficking in Persons",
    "publisher": "",
    "url": "https://www.unodc.org/unodc/en/data-and-analysis/glotip.html",
    "note": "",
}


def project_stream_fields():
    """Every (model, StreamField) declared in the project's own apps."""
    return [
        (model, field)
        for model in apps.get_models()
        if not model.__module__.startswith(("wagtail.", "django.", "taggit."))
        for field in model._meta.get_fields()
        if isinstance(field, StreamField) and field.model is model
    ]


STREAM_FIELDS = project_stream_fields()
PAGE_STREAM_FIELDS = [(m, f) for m, f in STREAM_FIELDS if issubclass(m, Page)]


def label(model_field):
    model, field = model_field
    return f"{model.__name__}.{field.name}"


def stored_row(model, pk):
    """The stored row of `model` (with its parent rows), StreamFields as their raw JSON."""
    row = model.objects.filter(pk=pk).values().get()
    return {
        name: list(value.raw_data) if isinstance(value, blocks.StreamValue) else value
        for name, value in row.items()
    }


def section_body(name):
    """A one-section body whose content holds a stream inside a list inside a struct."""
    section = {
        "heading": "Overview",
        "anchor": "",
        "content": streamfield(
            [
                ("paragraph", rich_text("<p>Fine words.</p>")),
                (
                    "list",
                    {
                        "style": "unordered",
                        "introduction": "",
                        "items": streamfield([("item", rich_text("<p>One</p>"))]),
                    },
                ),
                (
                    "key_documents",
                    {
                        "groups": streamfield(
                            [
                                (
                                    "item",
                                    {
                                        "heading": "Reports",
                                        "category": "",
                                        "items": streamfield(
                                            [("external_document", EXTERNAL_DOCUMENT)]
                                        ),
                                    },
                                )
                            ]
                        )
                    },
                ),
            ]
        ),
    }
    return nested_form_data({name: streamfield([("section", section)])})


def documents_stream(name):
    return nested_form_data({name: streamfield([("external_document", EXTERNAL_DOCUMENT)])})


@pytest.fixture
def member_client(client, seeded_site, django_user_model):
    """Sign a member of the named editorial group in on the test client."""
    services.governance_ensure()

    def sign_in(group_name):
        user = django_user_model.objects.create_user(group_name.lower().replace(" ", "-"))
        user.groups.add(Group.objects.get(name=group_name))
        return sign_in_verified(client, user)

    return sign_in


@pytest.fixture
def editor_client(member_client):
    return member_client(services.EDITORS)


def page_form(client, page, field):
    """The page's edit form as the browser posts it, with a valid value in `field`."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    data = scrape_form(html, "page-edit-form")
    assert "title" in data, "the edit form was read"
    for other in page._meta.get_fields():
        if isinstance(other, StreamField):
            data[f"{other.name}-count"] = ["0"]
    filled = section_body(field.name) if field.name == "body" else documents_stream(field.name)
    data.update({key: [str(value)] for key, value in filled.items()})
    return data


def post_page(client, page, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def live_page(model):
    return model.objects.live().order_by("pk").first()


def assert_refused_and_unchanged(response, model, pk, before, revisions, field_name):
    assert response.status_code == 200
    assert field_name in response.context["form"].errors
    assert UNREADABLE_FORM_DATA in response.content.decode()
    assert Revision.objects.filter(object_id=str(pk)).count() == revisions
    assert stored_row(model, pk) == before


@pytest.mark.parametrize("model_field", PAGE_STREAM_FIELDS, ids=label)
def test_a_complete_page_form_saves(editor_client, model_field):
    """The control: the same posts with nothing left out save a new revision."""
    model, field = model_field
    page = live_page(model)
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    response = post_page(editor_client, page, page_form(editor_client, page, field))
    assert response.status_code == 302, response.context["form"].errors
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions + 1


@pytest.mark.parametrize("model_field", PAGE_STREAM_FIELDS, ids=label)
@pytest.mark.parametrize("count", [None, "", "many", "-1", "1.5"])
def test_a_page_form_without_a_readable_count_is_refused(editor_client, model_field, count):
    model, field = model_field
    page = live_page(model)
    before = stored_row(model, page.pk)
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    data = page_form(editor_client, page, field)
    if count is None:
        del data[f"{field.name}-count"]
    else:
        data[f"{field.name}-count"] = [count]
    response = post_page(editor_client, page, data)
    assert_refused_and_unchanged(response, model, page.pk, before, revisions, field.name)


NESTED_GAPS = [
    "body-0-order",
    "body-0-deleted",
    "body-0-type",
    "body-0-value-content-count",
    "body-0-value-content-1-order",
    "body-0-value-content-1-value-items-count",
    "body-0-value-content-1-value-items-0-deleted",
    "body-0-value-content-2-value-groups-count",
    "body-0-value-content-2-value-groups-0-value-items-count",
    "body-0-value-content-2-value-groups-0-value-items-0-order",
]


@pytest.mark.parametrize("key", NESTED_GAPS)
def test_a_nested_stream_or_list_without_its_fields_is_refused(editor_client, key):
    page = live_page(TopicPage)
    before = stored_row(TopicPage, page.pk)
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    data = page_form(editor_client, page, TopicPage._meta.get_field("body"))
    del data[key]
    response = post_page(editor_client, page, data)
    assert_refused_and_unchanged(response, TopicPage, page.pk, before, revisions, "body")


@pytest.mark.parametrize("key", ["body-0-value-content-count", "body-0-value-content-0-order"])
def test_a_nested_count_that_is_not_a_number_is_refused(editor_client, key):
    page = live_page(TopicPage)
    before = stored_row(TopicPage, page.pk)
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    data = page_form(editor_client, page, TopicPage._meta.get_field("body"))
    data[key] = ["x"]
    response = post_page(editor_client, page, data)
    assert_refused_and_unchanged(response, TopicPage, page.pk, before, revisions, "body")


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["sitewide", "portalsettings", site.pk])


def settings_form():
    """The settings form with one menu link and one footer link, as the browser posts it."""
    return nested_form_data(
        {
            "department_name": "",
            "main_navigation": streamfield([("link", {"label": "Search", "url": "/search/"})]),
            "footer_links": streamfield(
                [("link", {"label": "Privacy", "page": "", "url": "https://example.gov.au/p"})]
            ),
            "accessible_format_page": "",
            "accessible_format_contact": "",
            "social_image": "",
        }
    )


@pytest.fixture
def administrator_client(member_client):
    return member_client(services.SITE_ADMINISTRATORS)


def settings_pk():
    return PortalSettings.for_site(Site.objects.get(is_default_site=True)).pk


def test_a_complete_settings_form_saves(administrator_client):
    response = administrator_client.post(settings_url(), settings_form())
    assert response.status_code == 302, response.context["form"].errors
    row = stored_row(PortalSettings, settings_pk())
    assert [item["value"]["label"] for item in row["main_navigation"]] == ["Search"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("main_navigation-count", None),
        ("main_navigation-count", "lots"),
        ("main_navigation-0-order", None),
        ("main_navigation-0-deleted", None),
        ("footer_links-count", None),
        ("footer_links-count", "-3"),
        ("footer_links-0-type", None),
    ],
)
def test_a_settings_form_without_a_readable_count_is_refused(administrator_client, key, value):
    pk = settings_pk()
    before = stored_row(PortalSettings, pk)
    assert before["main_navigation"], "the seeded menu is there to lose"
    data = settings_form()
    if value is None:
        del data[key]
    else:
        data[key] = value
    response = administrator_client.post(settings_url(), data)
    assert response.status_code == 200
    assert key.split("-")[0] in response.context["form"].errors
    assert UNREADABLE_FORM_DATA in response.content.decode()
    assert stored_row(PortalSettings, pk) == before


def stream_and_list_blocks(block, path):
    """Every (path, block) in a block definition that reads a `-count` from the form."""
    if isinstance(block, (blocks.BaseStreamBlock, blocks.ListBlock)):
        yield path, block
    if isinstance(block, blocks.ListBlock):
        yield from stream_and_list_blocks(block.child_block, f"{path}.item")
    for name, child in getattr(block, "child_blocks", {}).items():
        yield from stream_and_list_blocks(child, f"{path}.{name}")


def test_every_stream_and_list_block_refuses_unreadable_form_data():
    found = [
        (path, block)
        for model, field in STREAM_FIELDS
        for path, block in stream_and_list_blocks(
            field.stream_block, f"{model.__name__}.{field.name}"
        )
    ]
    assert len(found) > len(STREAM_FIELDS)
    unguarded = [
        path
        for path, block in found
        if not isinstance(block, (ReadableStreamBlock, ReadableListBlock))
    ]
    assert unguarded == []
