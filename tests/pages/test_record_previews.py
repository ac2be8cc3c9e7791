"""Editors preview every record as the public would see it before publishing."""

import pytest

from records.models import ContactPoint, Country, DocumentCategory, Organisation, Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (Country, ["Indonesia", "ISO code", "ID"]),
        (Organisation, ["International Organization for Migration", "IOM"]),
        (DocumentCategory, ["Human trafficking"]),
        (Role, ["Ambassador to Counter Modern Slavery, People Smuggling and Human Trafficking"]),
        (ContactPoint, ["<address>", "RG Casey Building", "Barton ACT 0221"]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_a_draft_change_to_a_record_previews_in_the_public_layout(seeded_site, model, expected):
    record = {
        Country: lambda: Country.objects.get(iso_code="ID"),
        Organisation: lambda: Organisation.objects.get(acronym="IOM"),
        DocumentCategory: lambda: DocumentCategory.objects.get(slug="human-trafficking"),
        Role: lambda: Role.objects.get(),
        ContactPoint: lambda: ContactPoint.objects.get(),
    }[model]()
    response = record.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'href="#main-content"' in html
    for text in expected:
        assert text in html, text
