"""The test servers really start, really serve, and clean up: clamd, Varnish, S3, the TCP proxy."""

import http.server
import io
import os
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator
from urllib.parse import urlsplit
from urllib.request import urlopen

import boto3
import dj_database_url
import docx
import psycopg2
import pytest
import redis
from botocore.config import Config
from clamav_client.clamd import ClamdNetworkSocket
from redis.backoff import NoBackoff
from redis.retry import Retry

from tests.support import servers


def _scan(server: servers.ClamdServer, data: bytes) -> tuple[str, str | None]:
    client = ClamdNetworkSocket(host=server.host, port=server.port, timeout=30)
    return client.instream(io.BytesIO(data))["stream"]


def _zip_with(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "A harmless file.")
        archive.writestr(name, data)
    return buffer.getvalue()


def _docx_with(data: bytes | None) -> bytes:
    document = docx.Document()
    document.add_paragraph("Quarterly report on regional cooperation.")
    buffer = io.BytesIO()
    document.save(buffer)
    if data is not None:
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/embeddings/attachment.bin", data)
    return buffer.getvalue()


def test_clamd_detects_eicar_and_passes_clean_bytes(clamd_server):
    status, signature = _scan(clamd_server, servers.eicar_bytes())
    assert status == "FOUND"
    assert signature is not None and signature.startswith(servers.EICAR_SIGNATURE)

    assert _scan(clamd_server, b"An ordinary text file about modern slavery.\n") == ("OK", None)
    assert _scan(clamd_server, _docx_with(None)) == ("OK", None)


@pytest.mark.parametrize(
    "container", [lambda eicar: _zip_with("eicar.com", eicar), _docx_with], ids=["zip", "docx"]
)
def test_clamd_detects_eicar_inside_archives(clamd_server, container):
    status, signature = _scan(clamd_server, container(servers.eicar_bytes()))
    assert status == "FOUND"
    assert signature is not None and signature.startswith(servers.EICAR_SIGNATURE)


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits += 1
        body = f"backend response {type(self).hits}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Cache-Control", "public, max-age=60")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def tiny_backend() -> Iterator[int]:
    handler = type("Handler", (_CountingHandler,), {"hits": 0})
    server = http.server.ThreadingHTTPServer((servers.LOOPBACK, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_varnish_caches_the_backend_response(varnish_server, tiny_backend):
    varnish = varnish_server(backend_port=tiny_backend)
    assert urlsplit(varnish.url).hostname == "127.0.0.1"
    with urlopen(f"{varnish.url}/page", timeout=10) as first:  # noqa: S310 - loopback
        first_body = first.read()
    with urlopen(f"{varnish.url}/page", timeout=10) as second:  # noqa: S310 - loopback
        second_body, age = second.read(), int(second.headers["Age"])
        hit_ids = second.headers["X-Varnish"].split()
    assert first_body == second_body == b"backend response 1"
    assert len(hit_ids) == 2, "a cache hit carries the request's and the stored object's ids"
    assert age >= 0


def test_varnish_runs_the_given_vcl(varnish_server, tiny_backend):
    vcl = servers.default_vcl(tiny_backend) + (
        'sub vcl_deliver { set resp.http.X-Portal-Test = "from-vcl"; }\n'
    )
    varnish = varnish_server(vcl)
    with urlopen(f"{varnish.url}/", timeout=10) as response:  # noqa: S310 - loopback
        assert response.headers["X-Portal-Test"] == "from-vcl"


def test_s3_server_stores_and_returns_objects(s3_server):
    client = boto3.client(
        "s3",
        endpoint_url=s3_server.endpoint_url,
        aws_access_key_id=s3_server.access_key,
        aws_secret_access_key=s3_server.secret_key,
        region_name=s3_server.region,
        config=Config(connect_timeout=5, read_timeout=10, retries={"max_attempts": 1}),
    )
    bucket = f"portal-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": s3_server.region}
    )
    client.put_object(Bucket=bucket, Key="documents/report.pdf", Body=b"%PDF-1.7 test bytes")
    stored = client.get_object(Bucket=bucket, Key="documents/report.pdf")
    assert stored["Body"].read() == b"%PDF-1.7 test bytes"
    with pytest.raises(client.exceptions.NoSuchKey):
        client.get_object(Bucket=bucket, Key="documents/missing.pdf")


def _redis_location() -> tuple[str, int, int]:
    url = urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    return url.hostname or "127.0.0.1", url.port or 6379, int((url.path or "/0").strip("/") or 0)


def test_tcp_proxy_cuts_pauses_and_restores_redis(tcp_proxy):
    host, port, db = _redis_location()
    if not servers.port_open(port, host):
        pytest.fail(f"Redis is not running on {host}:{port} (set REDIS_URL).")
    proxy = tcp_proxy(port, host)
    client = redis.Redis(
        host=servers.LOOPBACK,
        port=proxy.port,
        db=db,
        socket_timeout=1,
        socket_connect_timeout=1,
        retry=Retry(NoBackoff(), 0),
    )
    key = f"portal-test-proxy-{uuid.uuid4().hex}"
    client.set(key, "1", ex=60)
    assert client.get(key) == b"1"

    proxy.cut()
    with pytest.raises(redis.ConnectionError):
        client.get(key)
    proxy.restore()
    assert client.get(key) == b"1"

    proxy.pause()
    started = time.monotonic()
    with pytest.raises((redis.TimeoutError, redis.ConnectionError)):
        client.get(key)
    assert time.monotonic() - started < 5, "a paused upstream must end in the client's timeout"
    proxy.restore()
    fresh = redis.Redis(
        host=servers.LOOPBACK,
        port=proxy.port,
        db=db,
        socket_timeout=1,
        socket_connect_timeout=1,
        retry=Retry(NoBackoff(), 0),
    )
    assert fresh.get(key) == b"1"
    fresh.delete(key)


def test_tcp_proxy_cuts_pauses_and_restores_postgresql(tcp_proxy):
    database = dj_database_url.parse(
        os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    )
    if "postgresql" not in database["ENGINE"]:
        pytest.skip("DATABASE_URL is not PostgreSQL.")
    host, port = database.get("HOST") or "127.0.0.1", int(database.get("PORT") or 5432)
    if not servers.port_open(port, host):
        pytest.fail(f"PostgreSQL is not running on {host}:{port}.")
    proxy = tcp_proxy(port, host)

    def connect():
        return psycopg2.connect(
            host=servers.LOOPBACK,
            port=proxy.port,
            user=database.get("USER") or "postgres",
            password=database.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=2,
        )

    connection = connect()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)

    proxy.cut()
    with pytest.raises(psycopg2.OperationalError), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    with pytest.raises(psycopg2.OperationalError):
        connect()

    proxy.restore()
    connection = connect()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)

    proxy.pause()
    started = time.monotonic()
    with pytest.raises(psycopg2.OperationalError):
        connect()
    assert time.monotonic() - started < 6, "connect_timeout must end a paused connection attempt"
    proxy.restore()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 3")
        assert cursor.fetchone() == (3,)
    connection.close()
