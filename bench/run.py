"""`make bench`: serve the portal with production settings and measure it with wrk, interleaved.

One run seeds (or reuses) the section and the scale data on PostgreSQL, starts three gunicorns
(2 sync workers each) on loopback (page cache on; page cache off; page and content caches off)
and measures a page (by default the seeded topic page /people-smuggling/) in rounds:

  bare      the bare floor: a Django view returning the page's exact bytes with no middleware
            at all (bench.bare), the yardstick the targets are set against
  floor     the stack floor: the same view through the whole middleware stack (bench.settings)
  cached    the page from the page cache (Redis)
  uncached  the same page rendered by Wagtail on every request (PORTAL_PAGE_CACHE=0): routing,
            serving and the page template, with the content block from the content cache
  cold      the same, with the content cache off too (PORTAL_CONTENT_CACHE=0): every record
            query and template on every request
  document  a document download through Wagtail's document view
  nginx     nginx serving the page's bytes as a static file, when nginx is available

It prints requests/s, p50/p99 latency and each target's ratio to both floors, checks that a
200 MB download leaves the worker's memory flat, and writes bench/results/latest.json.
All traffic stays on 127.0.0.1 and every wrk run is bounded by --duration.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
HOST = "127.0.0.1"
PORT_OFFSETS = {"cached": 0, "uncached": 1, "nginx": 2, "cold": 3, "bare": 4}
PORTS = {name: 8701 + offset for name, offset in PORT_OFFSETS.items()}
DEFAULT_PATH = "/people-smuggling/"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument(
        "--path",
        default=DEFAULT_PATH,
        help=f"Page to measure (default: the seeded topic page {DEFAULT_PATH}).",
    )
    parser.add_argument("--duration", type=int, default=5, help="Seconds per wrk run.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--large-document-mb", type=int, default=200)
    parser.add_argument(
        "--base-port",
        type=int,
        default=int(os.environ.get("BENCH_PORT", 8701)),
        help="First of five loopback ports the servers listen on (default 8701, or BENCH_PORT).",
    )
    args = parser.parse_args()
    PORTS.update({name: args.base_port + offset for name, offset in PORT_OFFSETS.items()})
    return args


def log(message):
    print(f"[bench] {message}", flush=True)


def environment():
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
        "PORTAL_CACHE_KEY_PREFIX": "bench",
        "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        # Passkeys need a secure origin; over plain HTTP only localhost passes the system check.
        "OTP_WEBAUTHN_ALLOWED_ORIGINS": "http://localhost",
        "OTP_WEBAUTHN_RP_ID": "localhost",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(WORK / "media"),
        "LOG_LEVEL": "WARNING",
        # The page cache vouches for its entries while a lease renewed by the worker's
        # `apply_pending_purges` holds (10 s by default). No worker runs here, so the lease is set
        # once after seeding (`prepare_data`) and outlasts the run: "uncached" then means content
        # cache current, as its definition says, not whatever a lapsed lease leaves.
        "PORTAL_CACHE_SYNC_LEASE": "3600",
    }


def ensure_debian_package(command, package):
    """The path of `command`, installing its Debian package if missing; None if impossible."""
    found = shutil.which(command) or shutil.which(command, path="/usr/sbin:/usr/bin")
    if found:
        return found
    log(f"{command} missing: installing the Debian package {package}")
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=apt_env)
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=False, env=apt_env)
    return shutil.which(command) or shutil.which(command, path="/usr/sbin:/usr/bin")


def ensure_database(env):
    import psycopg2

    url = urlparse(env["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        dbname="postgres",
        user=url.username,
        password=url.password,
        host=url.hostname,
        port=url.port or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            log(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def manage_output(env, *args):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def prepare_data(env, args):
    ensure_database(env)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(env, "seed_section")
    manage(env, "apply_pending_purges", "-v", "0")
    output = subprocess.run(
        [
            PYTHON,
            "bench/generate_scale_data.py",
            f"--pages={args.pages}",
            f"--documents={args.documents}",
            f"--large-document-mb={args.large_document_mb}",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    log(output.strip().replace("\n", " | "))
    large_url = re.search(r"Large document: (\S+)", output).group(1)
    small_url = (
        manage_output(
            env,
            "shell",
            "-c",
            "from keydocs.models import KeyDocument; "
            "print(KeyDocument.objects.filter(collection__name='Scale data')"
            ".exclude(title__startswith='Large').first().url)",
        )
        .strip()
        .splitlines()[-1]
    )
    return small_url, large_url


def start_gunicorn(env, port, app="portal.wsgi", ready_path="/healthz", **extra_env):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", app, "-w", "2", "-b", f"{HOST}:{port}"],
        cwd=ROOT,
        env={**env, **extra_env},
        start_new_session=True,
    )
    wait_until_up(f"http://{HOST}:{port}{ready_path}", process)
    return process


def wait_until_up(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"server for {url} exited with {process.returncode}") from None
            time.sleep(0.2)
    raise SystemExit(f"server for {url} did not start")


def start_nginx(nginx, html_file):
    prefix = WORK / "nginx"
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(
        f"""
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen {HOST}:{PORTS["nginx"]};
        location = /page.html {{
            default_type "text/html; charset=utf-8";
            alias {html_file};
        }}
    }}
}}
"""
    )
    process = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"],
        start_new_session=True,
    )
    wait_until_up(f"http://{HOST}:{PORTS['nginx']}/page.html", process)
    return process


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(wrk, url, args):
    output = subprocess.run(
        [
            wrk,
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = {
        percentile: float(value) * UNITS[unit]
        for percentile, value, unit in re.findall(
            r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M
        )
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_kib(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))


def check_download_memory(master, url, expected_bytes):
    """Download the large file twice (both workers may serve it) and compare worker RSS."""
    pids = worker_pids(master.pid)
    before = {pid: rss_kib(pid) for pid in pids}
    received = []
    for _attempt in range(len(pids)):
        total = 0
        with urllib.request.urlopen(url, timeout=120) as response:
            while chunk := response.read(1024 * 1024):
                total += len(chunk)
        received.append(total)
    after = {pid: rss_kib(pid) for pid in pids}
    growth = max(after[pid] - before[pid] for pid in pids)
    return {
        "bytes_each_download": received,
        "complete": all(total == expected_bytes for total in received),
        "worker_rss_before_kib": before,
        "worker_rss_after_kib": after,
        "max_worker_rss_growth_kib": growth,
    }


def summarise(samples):
    return {
        "requests_per_second": statistics.median(s["requests_per_second"] for s in samples),
        "p50_ms": statistics.median(s["p50_ms"] for s in samples),
        "p99_ms": statistics.median(s["p99_ms"] for s in samples),
        "non_2xx": sum(s["non_2xx"] for s in samples),
        "rounds": samples,
    }


def main():
    args = parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    wrk = ensure_debian_package("wrk", "wrk")
    if not wrk:
        raise SystemExit("wrk is required: apt-get install wrk")
    nginx = ensure_debian_package("nginx", "nginx-light")
    env = environment()
    subprocess.run(
        [PYTHON, "-c", "import redis,sys; redis.from_url(sys.argv[1]).flushdb()", env["REDIS_URL"]],
        check=True,
    )
    small_document, large_document = prepare_data(env, args)
    load_at_start = os.getloadavg()

    processes = []
    try:
        uncached = start_gunicorn(env, PORTS["uncached"], PORTAL_PAGE_CACHE="0")
        processes.append(uncached)
        page_url = f"http://{HOST}:{PORTS['uncached']}{args.path}"
        try:
            headers, html = fetch(page_url)
        except urllib.error.HTTPError as error:
            raise SystemExit(
                f"{args.path} answered {error.code}: measure a live page "
                f"(seed_section publishes {DEFAULT_PATH})"
            ) from error
        if headers.get("X-Portal-Cache"):
            raise SystemExit("the uncached server answered from the page cache")
        html_file = WORK / "page.html"
        html_file.write_bytes(html)
        cold = start_gunicorn(env, PORTS["cold"], PORTAL_PAGE_CACHE="0", PORTAL_CONTENT_CACHE="0")
        processes.append(cold)
        cold_url = f"http://{HOST}:{PORTS['cold']}{args.path}"
        _, cold_html = fetch(cold_url)
        cached = start_gunicorn(
            env,
            PORTS["cached"],
            DJANGO_SETTINGS_MODULE="bench.settings",
            PORTAL_BENCH_FLOOR_FILE=str(html_file),
        )
        processes.append(cached)
        cached_base = f"http://{HOST}:{PORTS['cached']}"
        fetch(cached_base + args.path)
        headers, cached_html = fetch(cached_base + args.path)
        if headers.get("X-Portal-Cache") != "hit":
            raise SystemExit(f"page cache not hit: {headers.get('X-Portal-Cache')}")
        _, floor_html = fetch(cached_base + "/bench/floor/")
        bare = start_gunicorn(
            env,
            PORTS["bare"],
            app="bench.bare",
            ready_path="/bench/floor/",
            PORTAL_BENCH_FLOOR_FILE=str(html_file),
        )
        processes.append(bare)
        bare_url = f"http://{HOST}:{PORTS['bare']}/bench/floor/"
        _, bare_html = fetch(bare_url)
        _, uncached_html = fetch(page_url)
        if not (html == cached_html == floor_html == bare_html == uncached_html == cold_html):
            raise SystemExit("floors, cached, uncached and cold responses differ")
        targets = {
            "bare": bare_url,
            "floor": cached_base + "/bench/floor/",
            "cached": cached_base + args.path,
            "uncached": page_url,
            "cold": cold_url,
            "document": cached_base + small_document,
        }
        if nginx:
            processes.append(start_nginx(nginx, html_file))
            targets["nginx"] = f"http://{HOST}:{PORTS['nginx']}/page.html"
        else:
            log("nginx unavailable: skipping the static-file ceiling")

        samples = {name: [] for name in targets}
        for round_number in range(1, args.rounds + 1):
            for name, url in targets.items():
                sample = run_wrk(wrk, url, args)
                samples[name].append(sample)
                log(
                    f"round {round_number} {name:9} {sample['requests_per_second']:9.0f} req/s  "
                    f"p50 {sample['p50_ms']:.2f} ms  p99 {sample['p99_ms']:.2f} ms"
                )
        memory = check_download_memory(
            cached, cached_base + large_document, args.large_document_mb * 1024 * 1024
        )
    finally:
        for process in reversed(processes):
            stop(process)

    load_at_end = os.getloadavg()
    results = {name: summarise(runs) for name, runs in samples.items()}
    floor = results["floor"]["requests_per_second"]
    bare_floor = results["bare"]["requests_per_second"]
    print()
    print(
        f"page {args.path} ({len(html)} bytes); {args.rounds} rounds x {args.duration} s; "
        f"wrk -t{args.threads} -c{args.connections}; gunicorn 2 sync workers; medians"
    )
    print(
        "load average (1, 5, 15 min): "
        f"start {', '.join(f'{value:.2f}' for value in load_at_start)}; "
        f"end {', '.join(f'{value:.2f}' for value in load_at_end)}"
    )
    print(
        f"{'target':10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'x bare':>8} {'x floor':>8} "
        f"{'errors':>7}"
    )
    for name, result in results.items():
        result["ratio_to_bare_floor"] = result["requests_per_second"] / bare_floor
        result["ratio_to_floor"] = result["requests_per_second"] / floor
        print(
            f"{name:10} {result['requests_per_second']:9.0f} {result['p50_ms']:8.2f} "
            f"{result['p99_ms']:8.2f} {result['ratio_to_bare_floor']:8.1%} "
            f"{result['ratio_to_floor']:8.1%} {result['non_2xx']:7d}"
        )
    print(
        f"\n{args.large_document_mb} MB download: complete={memory['complete']}, "
        f"largest worker RSS growth {memory['max_worker_rss_growth_kib'] / 1024:.1f} MiB"
    )
    targets_met = {
        "cached_at_least_70_percent_of_bare_floor": results["cached"]["ratio_to_bare_floor"]
        >= 0.70,
        "cold_at_least_3_percent_of_bare_floor": results["cold"]["ratio_to_bare_floor"] >= 0.03,
        "uncached_at_least_5_percent_of_floor": results["uncached"]["ratio_to_floor"] >= 0.05,
        "download_memory_flat": memory["complete"]
        and memory["max_worker_rss_growth_kib"] < 20 * 1024,
    }
    print("targets:", ", ".join(f"{name}={met}" for name, met in targets_met.items()))
    output = {
        "command": " ".join(sys.argv),
        "arguments": vars(args),
        "load_average": {"start": load_at_start, "end": load_at_end},
        "results": results,
        "download_memory": memory,
        "targets_met": targets_met,
    }
    (RESULTS / "latest.json").write_text(json.dumps(output, indent=2))
    return 0 if all(targets_met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
