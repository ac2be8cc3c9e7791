"""Fixtures for the identity tests: governed groups and a member of each."""

import pytest
from django.contrib.auth.models import Group

from editorial import services

PASSWORD = "a-long-enough-passphrase-2026"


@pytest.fixture
def governed(seeded_site):
    services.governance_ensure()


@pytest.fixture
def make_person(django_user_model, governed):
    def make(username, *group_names, superuser=False):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.gov.au"
        )
        user.is_superuser = superuser
        user.save()
        user.groups.set(Group.objects.filter(name__in=group_names))
        return user

    return make
