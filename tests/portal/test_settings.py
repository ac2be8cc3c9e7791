"""Production settings fail fast without their secrets, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-for-testing-only-0123456789abcdef",
    "ALLOWED_HOSTS": "portal.example.gov.au",
    "WAGTAILADMIN_BASE_URL": "https://portal.example.gov.au",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def run_with_production_settings(env_overrides, *args):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV and not key.startswith("DJANGO_")
    }
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.production"}, **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_with_production_settings(env, "check")
    assert result.returncode != 0
    assert f"The environment variable {missing} is required in production" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run_with_production_settings(
        PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_in_base_settings():
    from portal.settings import base

    assert base.DEBUG is False


def test_django_admin_is_not_installed():
    from django.conf import settings

    assert "django.contrib.admin" not in settings.INSTALLED_APPS
