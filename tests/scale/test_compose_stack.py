"""docker-compose cannot run here (no Docker engine): parse it and check the scale-out topology.

nginx -> Varnish -> two app nodes, sharing PostgreSQL, Redis (bounded, LRU) and MinIO, plus the
worker and the scheduler; the VCL's backends are the two app services.
"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_NODES = ("web", "web-b")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_nginx_sends_everything_to_varnish_and_varnish_to_both_app_nodes() -> None:
    services = compose()["services"]
    nginx = (ROOT / "deploy/nginx/portal.conf").read_text()
    assert re.search(r"upstream portal_app \{\s*(#.*\n\s*)*server varnish:80;", nginx)
    assert "varnish" in services["proxy"]["depends_on"]
    assert (
        "./deploy/varnish/default.vcl:/etc/varnish/default.vcl:ro"
        in (services["varnish"]["volumes"])
    )
    vcl = (ROOT / "deploy/varnish/default.vcl").read_text()
    backends = re.findall(r'\.host = "([^"]+)";\s*\.port = "(\d+)";', vcl)
    assert sorted(backends) == sorted((node, "8000") for node in APP_NODES)
    assert set(services["varnish"]["depends_on"]) == set(APP_NODES)


def test_both_app_nodes_share_one_database_redis_and_s3_and_are_not_published() -> None:
    document = compose()
    services = document["services"]
    environments = [services[node]["environment"] for node in APP_NODES]
    assert environments[0] == environments[1] == document["x-app-environment"]
    environment = environments[0]
    assert environment["DATABASE_URL"].split("@")[1].startswith("db:")
    assert environment["REDIS_URL"].startswith("redis://redis:")
    assert environment["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
    assert environment["AWS_STORAGE_BUCKET_NAME"]
    assert environment["FRONTEND_CACHE_PURGE_URL"] == "http://varnish:80"
    for node in APP_NODES:
        assert "ports" not in services[node]
        assert services[node]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}


def test_redis_is_bounded_and_evicts_least_recently_used_keys() -> None:
    command = compose()["services"]["redis"]["command"]
    assert "--maxmemory" in command
    assert command[command.index("--maxmemory-policy") + 1] == "allkeys-lru"


def test_worker_scheduler_and_minio_bucket_setup_run_alongside() -> None:
    services = compose()["services"]
    assert services["worker"]["command"][:3] == ["python", "manage.py", "db_worker"]
    assert "publish_scheduled" in " ".join(services["scheduler"]["command"])
    assert services["minio"]["image"].startswith("minio/minio:")
    setup = " ".join(services["minio-setup"]["entrypoint"])
    assert "mc mb --ignore-existing local/portal-media" in setup
    assert "mc anonymous set none" in setup  # the bucket stays private
    every_service = set(services)
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in every_service, f"{name} depends on unknown {dependency}"
