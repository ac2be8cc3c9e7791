"""Public document downloads from S3: redirect to a signed URL vs streaming through the app.

Starts moto's S3 server on 127.0.0.1, points the default storage at a private bucket, uploads
documents of a few sizes to the benchmark database (production settings, DATABASE_URL default
portal_bench) and times, in one process, each way of downloading them:

  redirect  GET /documents/<id>/<name> -> 302 to a signed URL, then GET that URL from S3
  stream    GET /documents/<id>/<name> -> the app reads from S3 and streams the bytes

For each it reports the median wall time of a whole download and the median CPU time the app
spends on one (the view, not the client's fetch from S3): what a spike costs the app nodes.
Run: .venv/bin/python bench/s3_downloads.py [--downloads 40]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402 - the path is set just above

SIZES_KB = (100, 1024, 10 * 1024)
# moto accepts any credentials; these are a local benchmark's, not secrets.
ACCESS_KEY, SECRET_KEY = "bench", "bench-secret"  # noqa: S105


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--downloads", type=int, default=40)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_S3_PORT", 8730)))
    return parser.parse_args()


def main():
    args = parse_args()
    moto = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    if moto is None:
        raise SystemExit("moto_server not found: install requirements-dev.txt")
    bucket = f"portal-bench-{uuid.uuid4().hex[:8]}"
    endpoint = f"http://{run.HOST}:{args.port}"
    process = subprocess.Popen([moto, "-H", run.HOST, "-p", str(args.port)], start_new_session=True)
    try:
        run.wait_until_up(f"{endpoint}/", process)
        env = run.environment()
        os.environ.update(
            {
                **{key: value for key, value in env.items() if key not in os.environ},
                "DJANGO_SETTINGS_MODULE": "portal.settings.production",
                "DATABASE_URL": env["DATABASE_URL"],
                "AWS_STORAGE_BUCKET_NAME": bucket,
                "AWS_S3_ENDPOINT_URL": endpoint,
                "AWS_S3_REGION_NAME": "ap-southeast-2",
                "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            }
        )
        measure(args, bucket, endpoint)
    finally:
        run.stop(process)


def measure(args, bucket, endpoint):
    import boto3
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import override_settings

    from keydocs.models import KeyDocument
    from keydocs.services import document_upload

    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="ap-southeast-2",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    ).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"}
    )
    client = Client(SERVER_NAME="localhost")
    created = []
    print("| size | mode | whole download p50 ms | app CPU p50 ms | app wall p50 ms |")
    print("| ---: | --- | ---: | ---: | ---: |")
    try:
        for size_kb in SIZES_KB:
            row = b"2026-12-02,People smuggling,Regional cooperation,12345\r\n"
            content = b"date,topic,note,count\r\n" + row * (size_kb * 1024 // len(row))
            document = document_upload(
                uploaded_file=SimpleUploadedFile(f"bench-{size_kb}.csv", content, "text/csv"),
                title=f"S3 bench {size_kb} KB",
            )
            created.append(document)
            for mode in ("redirect", "stream"):
                with override_settings(PORTAL_DOCUMENT_DOWNLOAD=mode):
                    whole, cpu, app_wall = [], [], []
                    for _ in range(args.downloads):
                        started, started_cpu = time.perf_counter(), time.process_time()
                        response = client.get(document.url)
                        if mode == "stream":
                            body = b"".join(response.streaming_content)
                        app_cpu = time.process_time() - started_cpu
                        app_done = time.perf_counter() - started
                        if mode == "redirect":
                            with urllib.request.urlopen(response["Location"], timeout=30) as got:
                                body = got.read()
                        whole.append(time.perf_counter() - started)
                        cpu.append(app_cpu)
                        app_wall.append(app_done)
                        assert body == content, mode
                    print(
                        f"| {size_kb} KB | {mode} | {statistics.median(whole) * 1000:.1f} | "
                        f"{statistics.median(cpu) * 1000:.2f} | "
                        f"{statistics.median(app_wall) * 1000:.2f} |"
                    )
        print(f"\nsigned URLs expire after {settings.AWS_QUERYSTRING_EXPIRE} s")
    finally:
        for document in created:
            document.file.delete(save=False)
            KeyDocument.objects.filter(pk=document.pk).delete()


if __name__ == "__main__":
    main()
