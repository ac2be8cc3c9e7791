"""docker-compose.yml cannot run here (no Docker engine), so check it agrees with the settings."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load_compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_provides_every_variable_production_requires():
    services = load_compose()["services"]
    web_env = services["web"]["environment"]
    for name in [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        "DATABASE_URL",
        "REDIS_URL",
    ]:
        assert name in web_env, name
    assert web_env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"


def test_compose_runs_postgres_16_redis_and_a_one_shot_migrate():
    services = load_compose()["services"]
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:")
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_every_variable_in_env_example_is_read_by_the_settings():
    settings_source = "".join(
        path.read_text() for path in (ROOT / "portal" / "settings").glob("*.py")
    )
    names = [
        line.split("=", 1)[0].strip()
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert names
    for name in names:
        assert name in settings_source or name == "DJANGO_SETTINGS_MODULE", name
