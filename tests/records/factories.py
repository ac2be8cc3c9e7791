"""factory_boy builders for the shared records: live, unpublished-revision-free rows."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from records.models import ContactPoint, Country, DocumentCategory, Organisation, Role, RoleTitle

# ISO 3166 keeps QM–QZ and XA–XZ for private use, so these never clash with seeded countries.
_PRIVATE_USE = [f"Q{letter}" for letter in "MNOPQRSTUVWXYZ"] + [
    f"X{letter}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
]


class CountryFactory(DjangoModelFactory):
    """A live country with a private-use ISO code."""

    class Meta:
        model = Country
        django_get_or_create = ("iso_code",)

    name = factory.Sequence(lambda number: f"Testland {number}")
    iso_code = factory.Sequence(lambda number: _PRIVATE_USE[number % len(_PRIVATE_USE)])


class OrganisationFactory(DjangoModelFactory):
    """A live organisation."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda number: f"Office of Test Affairs {number}")
    acronym = factory.Sequence(lambda number: f"OTA{number}")
    kind = Organisation.Kind.GOVERNMENT_AGENCY


class DocumentCategoryFactory(DjangoModelFactory):
    """A live document category."""

    class Meta:
        model = DocumentCategory

    name = factory.Sequence(lambda number: f"Test category {number}")
    slug = factory.Sequence(lambda number: f"test-category-{number}")


class RoleFactory(DjangoModelFactory):
    """A live role in an organisation, with one former title unless `title_history` is given."""

    class Meta:
        model = Role
        skip_postgeneration_save = True

    title = factory.Sequence(lambda number: f"Envoy for Testing {number}")
    organisation = factory.SubFactory(OrganisationFactory)
    description = "Leads the department's work on testing."
    current_title_since = datetime.date(2021, 1, 1)

    @factory.post_generation
    def title_history(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        """`title_history=["Old title", ...]` sets the former titles, newest first."""
        if not create:
            return
        titles = [f"Former {self.title}"] if extracted is None else extracted
        for position, title in enumerate(titles):
            RoleTitleFactory(
                role=self,
                title=title,
                valid_to=self.current_title_since - datetime.timedelta(days=1 + 365 * position),
                sort_order=position,
            )


class RoleTitleFactory(DjangoModelFactory):
    """A former title of a role."""

    class Meta:
        model = RoleTitle

    role = factory.SubFactory(RoleFactory, title_history=[])
    title = factory.Sequence(lambda number: f"Former Envoy {number}")
    valid_to = datetime.date(2020, 12, 31)


class ContactPointFactory(DjangoModelFactory):
    """A live postal contact point addressed to a role."""

    class Meta:
        model = ContactPoint

    label = factory.Sequence(lambda number: f"Test office {number}")
    recipient_role = factory.SubFactory(RoleFactory)
    division = "Test Division"
    organisation = factory.SelfAttribute("recipient_role.organisation")
    building = "Test House"
    street = "1 Example Street"
    suburb = "Barton"
    state = "ACT"
    postcode = "2600"
    country = "Australia"
