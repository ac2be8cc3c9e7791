"""Writes with rules: changes to records that must keep their history or stay consistent."""

import datetime
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import RevisionMixin

from .models import Role

R = TypeVar("R", bound=RevisionMixin)


@transaction.atomic
def role_rename(
    *,
    role: Role,
    new_title: str,
    effective_date: datetime.date | None = None,
    user: AbstractBaseUser | None = None,
) -> Role:
    """Give a role a new current title, keeping the old one in its dated title history.

    The change is saved as a revision and published, so every page showing the role changes.
    Refuses an empty title or one that equals the current title.
    """
    new_title = (new_title or "").strip()
    if not new_title:
        raise ValidationError({"title": "Enter the new title."})
    if new_title == role.title:
        raise ValidationError({"title": "The new title is the same as the current title."})
    effective_date = effective_date or datetime.date.today()
    role.title_history.add(
        role.title_history.model(
            title=role.title,
            sort_order=role.title_history.count(),
            valid_from=role.current_title_since,
            valid_to=effective_date - datetime.timedelta(days=1),
        )
    )
    role.title = new_title
    role.current_title_since = effective_date
    role.full_clean()
    role.save_revision(user=user).publish(user=user)
    return role


def record_publish(*, record: R, user: AbstractBaseUser | None = None) -> R:
    """Save a snippet record as a new revision and publish it, so public pages show it."""
    record.full_clean()
    revision = record.save_revision(user=user)
    revision.publish(user=user)
    return record
