"""`check --deploy` fails when a control is off; production settings pass (see .ci/run)."""

import pytest
from django.core.checks import run_checks

BAD = {
    "identity.E001": {"SECRET_KEY": "compose-only-secret-change-me-0123456789abcdefghijklmnop"},
    "identity.E002": {"WAGTAIL_PRIVATE_PAGE_OPTIONS": {"SHARED_PASSWORD": True}},
    "identity.E003": {"IDENTITY_MFA_REQUIRED": False},
    "identity.E004": {"AXES_ENABLED": False},
    "identity.E005": {"CONTENT_SECURITY_POLICY": {}},
}


def deploy_error_ids():
    return {message.id for message in run_checks(include_deployment_checks=True)}


def good_key(settings):
    settings.SECRET_KEY = "k" * 20 + "a-random-looking-value-of-enough-length-0123456789"


@pytest.mark.parametrize("error_id", sorted(BAD))
def test_each_control_switched_off_fails_the_deploy_check(settings, error_id):
    good_key(settings)
    assert error_id not in deploy_error_ids()
    for name, value in BAD[error_id].items():
        setattr(settings, name, value)
    assert error_id in deploy_error_ids()


def test_a_short_secret_key_fails(settings):
    settings.SECRET_KEY = "short"
    assert "identity.E001" in deploy_error_ids()


def test_shared_password_collection_privacy_fails(settings):
    good_key(settings)
    settings.WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": True}
    assert "identity.E002" in deploy_error_ids()


def test_a_postgresql_database_without_timeouts_fails(settings):
    good_key(settings)
    database = {**settings.DATABASES["default"], "ENGINE": "django.db.backends.postgresql"}
    settings.DATABASES = {**settings.DATABASES, "default": {**database, "OPTIONS": {}}}
    assert {"identity.E006", "identity.E007"} <= deploy_error_ids()
    database["OPTIONS"] = {"connect_timeout": 5, "options": "-c statement_timeout=30000"}
    settings.DATABASES = {**settings.DATABASES, "default": database}
    assert not {"identity.E006", "identity.E007"} & deploy_error_ids()
