"""Smoke tests: each records factory makes a valid, live row."""

import pytest

from records.models import ContactPoint, Country, DocumentCategory, Organisation, Role

from .factories import (
    ContactPointFactory,
    CountryFactory,
    DocumentCategoryFactory,
    OrganisationFactory,
    RoleFactory,
    RoleTitleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory_class", "model"),
    [
        (CountryFactory, Country),
        (OrganisationFactory, Organisation),
        (DocumentCategoryFactory, DocumentCategory),
        (RoleFactory, Role),
        (ContactPointFactory, ContactPoint),
    ],
)
def test_factory_makes_a_valid_live_record(factory_class, model):
    record = factory_class()
    record.full_clean()
    assert record.live
    assert model.objects.filter(pk=record.pk).exists()


def test_role_factory_adds_one_former_title_or_the_given_ones():
    role = RoleFactory()
    assert [title.title for title in role.title_history.all()] == [f"Former {role.title}"]
    renamed = RoleFactory(title_history=["Envoy (2019)", "Envoy (2015)"])
    history = list(renamed.title_history.order_by("sort_order"))
    assert [title.title for title in history] == ["Envoy (2019)", "Envoy (2015)"]
    assert history[0].valid_to > history[1].valid_to
    assert not RoleFactory(title_history=[]).title_history.exists()


def test_role_title_factory_belongs_to_a_role():
    title = RoleTitleFactory()
    assert list(title.role.title_history.all()) == [title]


def test_contact_point_is_addressed_to_its_roles_organisation():
    contact = ContactPointFactory()
    assert contact.organisation == contact.recipient_role.organisation
