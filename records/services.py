"""Writes with rules: changes to records that must keep their history or stay consistent."""

import datetime
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import RevisionMixin

from .models import Role

R = TypeVar("R", bound=RevisionMixin)


@transaction.atomic
def role_rename(
    *,
    role: Role,
    new_title: str,
    effective_date: datetime.date | None = None,
    note: str = "",
    user: AbstractBaseUser | None = None,
    publish: bool = True,
) -> Role:
    """Give a role a new current title, keeping the old one in its dated title history.

    The change is saved as a revision and, with `publish`, published, so every page showing
    the role changes through the normal purge; without it the rename waits as a draft for a
    moderator. The rename is audited as `records.role_rename`. Refuses an empty title, one that
    equals the current title, and an effective date on or before the current title's start.
    """
    new_title = (new_title or "").strip()
    if not new_title:
        raise ValidationError({"title": "Enter the new title."})
    if new_title == role.title:
        raise ValidationError({"title": "The new title is the same as the current title."})
    effective_date = effective_date or datetime.date.today()
    if role.current_title_since and effective_date <= role.current_title_since:
        raise ValidationError(
            {
                "effective_date": "The new title must take effect after the current title "
                f"started ({role.current_title_since:%d/%m/%Y})."
            }
        )
    old_title = role.title
    role.title_history.add(
        role.title_history.model(
            title=role.title,
            sort_order=role.title_history.count(),
            valid_from=role.current_title_since,
            valid_to=effective_date - datetime.timedelta(days=1),
            note=note.strip(),
        )
    )
    role.title = new_title
    role.current_title_since = effective_date
    role.full_clean()
    revision = role.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    log(
        instance=role,
        action="records.role_rename",
        user=user,
        data={
            "old_title": old_title,
            "new_title": new_title,
            "effective_date": effective_date.isoformat(),
            "note": note.strip(),
            "published": publish,
        },
    )
    return role


def record_publish(*, record: R, user: AbstractBaseUser | None = None) -> R:
    """Save a snippet record as a new revision and publish it, so public pages show it."""
    record.full_clean()
    revision = record.save_revision(user=user)
    revision.publish(user=user)
    return record
