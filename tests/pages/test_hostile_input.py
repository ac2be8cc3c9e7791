"""Hostile or clumsy input gets a clear answer: public URLs never 500, forms explain errors."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from pages.blocks import RelatedLinkBlock, SectionBlock
from records.models import ContactChannel, ContactPoint, Role, RoleTitle
from tests.staff import sign_in_verified

HOSTILE_PATHS = [
    "/people-smuggling/?q=%00",
    "/people-smuggling/?page=-1&page=abc",
    "/bali-process/?<script>alert(1)</script>",
    "/bali-process/%00/",
    "/bali-process/..%2f..%2fetc/passwd",
    "/%E2%80%AE/",
    "/" + "a" * 2000 + "/",
    "/bali-process/working-group-trafficking-persons/?x=" + "%ff" * 200,
    "/contact-us/%C0%AF/",
    "/key-documents/?category=' OR 1=1 --",
    "/people-smuggling/#<img src=x onerror=alert(1)>",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_urls_never_fail_with_a_server_error(seeded_site, client, path):
    response = client.get(path)
    assert response.status_code in (200, 301, 302, 400, 404), response.status_code
    assert b"<script>alert(1)</script>" not in response.content


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.gov.au", "pw")
    sign_in_verified(client, user)
    return client


def contact_form(**overrides):
    data = {
        "label": "Test office",
        "recipient_role": "",
        "recipient_name": "",
        "division": "",
        "organisation": "",
        "building": "",
        "street": "",
        "suburb": "Barton",
        "state": "ACT",
        "postcode": "0221",
        "country": "Australia",
        "opening_hours": "",
        "channels": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"postcode": "221"}, "exactly four digits"),
        ({"postcode": "ABCD"}, "exactly four digits"),
        ({"postcode": "02210"}, "at most 4 characters"),
        ({"state": "XYZ"}, "Select a valid choice"),
        (
            {"channels": inline_formset([{"kind": "email", "value": "not-an-email", "label": ""}])},
            "Enter a valid email address",
        ),
        (
            {"channels": inline_formset([{"kind": "phone", "value": "call us!", "label": ""}])},
            "Enter a phone number",
        ),
        (
            {
                "channels": inline_formset(
                    [{"kind": "web_form", "value": "javascript:alert(1)", "label": ""}]
                )
            },
            "https:// address",
        ),
    ],
)
def test_contact_point_admin_form_explains_bad_input(
    seeded_site, editor_client, overrides, message
):
    before = ContactPoint.objects.count()
    response = editor_client.post(
        reverse("wagtailsnippets_records_contactpoint:add"), contact_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ContactPoint.objects.count() == before


@pytest.mark.django_db
def test_contact_point_admin_form_saves_good_input_as_a_draft(seeded_site, editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_records_contactpoint:add"),
        contact_form(
            channels=inline_formset(
                [
                    {"kind": "phone", "value": "+61 2 6261 1111", "label": ""},
                    {"kind": "tty", "value": "133 677", "label": "National Relay Service"},
                    {"kind": "email", "value": "office@example.gov.au", "label": ""},
                    {"kind": "web_form", "value": "https://example.gov.au/form", "label": ""},
                ]
            )
        ),
    )
    assert response.status_code == 302
    contact = ContactPoint.objects.get(label="Test office")
    assert contact.live is False
    assert [channel.href for channel in contact.channels.all()] == [
        "tel:+61262611111",
        "tel:133677",
        "mailto:office@example.gov.au",
        "https://example.gov.au/form",
    ]


def test_a_contact_cannot_have_both_a_role_and_a_typed_recipient():
    contact = ContactPoint(
        label="x", recipient_role_id=1, recipient_name="Someone", suburb="Barton", state="ACT"
    )
    with pytest.raises(ValidationError, match="not both"):
        contact.clean()


def test_channel_values_are_checked_against_their_kind():
    ContactChannel(kind="email", value=" office@example.gov.au ").clean()
    with pytest.raises(ValidationError):
        ContactChannel(kind="tty", value="not a number").clean()


def test_a_former_title_cannot_end_before_it_starts():
    import datetime

    title = RoleTitle(
        role=Role(title="x"),
        title="Old",
        valid_from=datetime.date(2020, 1, 2),
        valid_to=datetime.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError, match="on or after the start date"):
        title.clean()


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"page": None, "url": "", "title": "", "description": ""}, "page"),
        ({"page": None, "url": "https://example.org", "title": "", "description": ""}, "title"),
    ],
)
def test_related_link_needs_one_target_and_link_text(value, field):
    block = RelatedLinkBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(value))
    assert field in error.value.block_errors


def test_section_anchor_must_be_a_slug():
    block = SectionBlock()
    value = block.to_python(
        {
            "heading": "Overview",
            "anchor": "Bad Anchor!",
            "content": [{"type": "paragraph", "value": "<p>Text.</p>"}],
        }
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "anchor" in error.value.block_errors


@pytest.mark.django_db
def test_role_admin_search_finds_roles_in_the_chooser(seeded_site, editor_client):
    response = editor_client.get(
        reverse("wagtailsnippetchoosers_records_role:choose_results"), {"q": "Ambassador"}
    )
    assert response.status_code == 200
    assert "Ambassador to Counter Modern Slavery" in response.content.decode()
