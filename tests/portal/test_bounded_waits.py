"""Bounded waits: PostgreSQL timeouts on every connection, gunicorn's above them (issue 18)."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.settings.base import running_management_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_postgresql_connection_has_lock_and_idle_transaction_timeouts():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('lock_timeout'), "
            "current_setting('idle_in_transaction_session_timeout'), "
            "current_setting('statement_timeout')"
        )
        lock, idle, statement = cursor.fetchone()
    assert (lock, idle) == ("3s", "1min")
    assert statement != "0"
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == settings.DB_CONNECT_TIMEOUT


def test_management_commands_get_the_long_statement_timeout_and_the_web_the_short():
    assert running_management_command(["manage.py", "publish_scheduled"])
    assert running_management_command(["/app/manage.py", "backup"])
    assert not running_management_command(["manage.py", "runserver"])
    assert not running_management_command(["/usr/local/bin/gunicorn", "portal.wsgi:application"])
    assert settings.DB_STATEMENT_TIMEOUT_WEB < settings.DB_STATEMENT_TIMEOUT_COMMAND


def test_gunicorn_worker_timeout_is_above_every_database_wait():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    database_bound = (
        settings.DB_CONNECT_TIMEOUT
        + settings.DB_STATEMENT_TIMEOUT_WEB / 1000
        + settings.PORTAL_DB_WATCHDOG_MARGIN
    )
    assert config["timeout"] > 2 * database_bound
    assert '"--config", "gunicorn.conf.py"' in (ROOT / "Dockerfile").read_text()
