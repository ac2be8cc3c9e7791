"""Admin wiring: enrolment and lockout views, audit actions, bulk-action rules."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from . import views


@hooks.register("register_admin_urls")
def register_identity_urls() -> list:
    return [
        path("identity/mfa/enrol/", views.mfa_enrol, name="identity_mfa_enrol"),
        path("identity/mfa/verify/", views.mfa_verify, name="identity_mfa_verify"),
        path("identity/recovery-codes/", views.recovery_codes, name="identity_recovery_codes"),
        path(
            "identity/users/<int:user_id>/reset-factors/",
            views.factors_reset,
            name="identity_factors_reset",
        ),
        path("identity/lockouts/", views.lockouts, name="identity_lockouts"),
        path(
            "identity/lockouts/<int:attempt_id>/unlock/",
            views.lockout_unlock,
            name="identity_lockout_unlock",
        ),
    ]


class LockoutsMenuItem(MenuItem):
    """Shown to people who manage users."""

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("auth.change_user")


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item() -> MenuItem:
    return LockoutsMenuItem(
        "Locked sign-ins", reverse("identity_lockouts"), icon_name="lock", order=610
    )


@hooks.register("register_log_actions")
def register_identity_log_actions(actions: Any) -> None:
    actions.register_action("identity.locked_out", "Locked out", "Locked out after failed sign-ins")
    actions.register_action("identity.unlocked", "Unlocked", "Unlocked sign-in")
    actions.register_action("identity.factors_reset", "Factors reset", "Reset sign-in factors")
    actions.register_action("identity.factor_added", "Factor added", "Added a sign-in factor")
    actions.register_action(
        "identity.recovery_codes_issued", "Recovery codes issued", "Issued recovery codes"
    )


@hooks.register("before_bulk_action")
def refuse_user_bulk_actions_to_non_superusers(
    request: HttpRequest, action_type: str, objects: Any, action_class_instance: Any
) -> None:
    """Bulk actions on users skip the per-user rules, so only superusers may use them."""
    if action_class_instance.model is get_user_model() and not request.user.is_superuser:
        raise PermissionDenied


@hooks.register("register_user_listing_buttons")
def factors_reset_button(user: Any, request_user: Any) -> list[Button]:
    """Superusers see "Reset sign-in factors" for each other person."""
    if not request_user.is_superuser or user.pk == request_user.pk:
        return []
    return [
        Button(
            "Reset sign-in factors",
            reverse("identity_factors_reset", args=[user.pk]),
            icon_name="key",
            priority=50,
        )
    ]
