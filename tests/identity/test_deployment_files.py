"""docker-compose needs a SECRET_KEY, publishes only nginx, and nginx limits requests."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_refuses_to_start_without_a_secret_key():
    environment = compose()["x-app-environment"]
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "change-me" not in (ROOT / "docker-compose.yml").read_text()


def test_only_nginx_is_published_and_gunicorn_is_not():
    services = compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert (
        "./deploy/nginx/portal.conf:/etc/nginx/conf.d/default.conf:ro"
        in (services["proxy"]["volumes"])
    )


def test_nginx_sets_timeouts_body_limits_and_its_own_forwarded_headers():
    config = (ROOT / "deploy/nginx/portal.conf").read_text()
    for directive in (
        "client_max_body_size",
        "client_header_timeout",
        "client_body_timeout",
        "proxy_read_timeout",
        "proxy_request_buffering on",
        "proxy_set_header X-Real-IP $remote_addr",
        "proxy_set_header X-Forwarded-For $remote_addr",
        "proxy_set_header X-Forwarded-Proto $scheme",
    ):
        assert directive in config
