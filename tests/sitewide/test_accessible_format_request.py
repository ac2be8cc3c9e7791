"""“Request an accessible format”: a short form naming the document, e-mailed and kept."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from keydocs.services import document_upload
from records.models import ContactChannel, ContactPoint
from sitewide.models import AccessibleFormatRequest, PortalSettings
from tests.keydocs.conftest import make_pdf, upload
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db

VALID = {"name": "Sam Reader", "email": "sam@example.com", "format": "large_print", "details": ""}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def document(seeded_site, approve_document):
    """A public (scanned and approved) document: only those can be asked for in another format."""
    document = document_upload(
        uploaded_file=upload("annual-report.pdf", make_pdf(pages=1)), title="Annual report 2025"
    )
    return approve_document(document)


def test_a_document_that_is_not_public_has_no_request_form(client, seeded_site):
    draft = document_upload(
        uploaded_file=upload("draft-report.pdf", make_pdf(pages=1)), title="Draft report"
    )
    assert client.get(url(draft)).status_code == 404


@pytest.fixture
def contact(seeded_site):
    contact = ContactPoint.objects.filter(live=True).first()
    contact.channels.add(ContactChannel(kind="email", value="office@dfat.example.gov.au"))
    contact.save()
    settings = PortalSettings.for_site(seeded_site.get_site())
    settings.accessible_format_contact = contact
    settings.save()
    return contact


def url(document):
    return reverse("sitewide:accessible_format_request", args=[document.pk])


def test_the_document_link_opens_a_form_naming_the_document(client, document):
    page = client.get(url(document))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Annual report 2025" in html and 'name="website"' in html
    assert (
        client.get(reverse("sitewide:accessible_format_request", args=[999999])).status_code == 404
    )


def test_a_valid_request_is_stored_and_emailed_to_the_contact_point(client, document, contact):
    response = client.post(url(document), {**VALID, "details": "Pages 3 to 10 please."})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    stored = AccessibleFormatRequest.objects.get()
    assert stored.document == document and stored.document_title == "Annual report 2025"
    assert stored.contact_point == contact and stored.emailed
    assert stored.sent_to == "office@dfat.example.gov.au"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["office@dfat.example.gov.au"]
    assert "Annual report 2025" in message.subject
    assert "Large print" in message.body and "sam@example.com" in message.body
    assert "Pages 3 to 10 please." in message.body


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "Enter your name"),
        ({"email": ""}, "email", "Enter your e-mail address"),
        ({"email": "not-an-address"}, "email", "like name@example.com"),
        ({"format": ""}, "format", "Choose the format you need"),
        ({"format": "hologram"}, "format", "Choose one of the formats listed"),
        ({"format": "other", "details": "  "}, "details", "Tell us which format you need"),
        ({"details": "x" * 1001}, "details", "1,000 characters or fewer"),
        ({"name": "x" * 121}, "name", "at most 120"),
    ],
)
def test_every_field_gives_a_clear_message(client, document, contact, changes, field, message):
    response = client.post(url(document), {**VALID, **changes})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not AccessibleFormatRequest.objects.exists() and not mail.outbox


def test_the_honeypot_is_thanked_but_nothing_is_kept_or_sent(client, document, contact):
    response = client.post(url(document), {**VALID, "website": "https://spam.example"})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert not AccessibleFormatRequest.objects.exists() and not mail.outbox


def test_the_rate_limit_stops_floods_with_a_clear_message(client, document, contact, settings):
    settings.PORTAL_CONTACT_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(url(document), VALID).status_code == 200
    flooded = client.post(url(document), VALID)
    assert flooded.status_code == 429
    assert "Too many requests" in flooded.content.decode()
    assert AccessibleFormatRequest.objects.count() == 2


def test_without_a_contact_email_the_request_is_still_kept(client, document, seeded_site):
    ContactChannel.objects.filter(kind="email").delete()
    response = client.post(url(document), VALID)
    assert response.status_code == 200
    stored = AccessibleFormatRequest.objects.get()
    assert not stored.emailed and stored.sent_to == "" and not mail.outbox


def test_an_unreachable_mail_server_is_recorded_not_a_500(client, document, contact, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    response = client.post(url(document), VALID)
    assert response.status_code == 200
    assert not AccessibleFormatRequest.objects.get().emailed


def test_staff_see_the_requests_in_the_admin(client, document, contact, django_user_model):
    client.post(url(document), VALID)
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-12345678")
    sign_in_verified(client, admin)
    listing = client.get(reverse("accessible_format_requests:index"))
    assert listing.status_code == 200 and "Annual report 2025" in listing.content.decode()


def test_the_format_choice_starts_empty_and_every_error_link_has_a_target(client, document):
    html = client.get(url(document)).content.decode()
    assert "---------" not in html and "checked" not in html
    assert "The requester" not in html
    response = client.post(url(document), {"name": "", "email": "", "format": ""})
    html = response.content.decode()
    links = re.findall(r'<li><a href="#([^"]*)">', html)
    assert len(links) == 3
    for target in links:
        assert target and f'id="{target}"' in html
