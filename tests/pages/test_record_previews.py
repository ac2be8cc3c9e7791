"""Editors preview every record as the public would see it before publishing."""

import pytest

from tests.records.factories import (
    ContactPointFactory,
    CountryFactory,
    DocumentCategoryFactory,
    OrganisationFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory_class", "expected"),
    [
        (CountryFactory, lambda record: [record.name, "ISO code", record.iso_code]),
        (OrganisationFactory, lambda record: [record.name, record.acronym]),
        (DocumentCategoryFactory, lambda record: [record.name]),
        (RoleFactory, lambda record: [record.title]),
        (
            ContactPointFactory,
            lambda record: [
                "<address>",
                record.building,
                f"{record.suburb} {record.state} {record.postcode}",
            ],
        ),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_a_draft_change_to_a_record_previews_in_the_public_layout(factory_class, expected):
    record = factory_class()
    response = record.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'href="#main-content"' in html
    for text in expected(record):
        assert text in html, text
