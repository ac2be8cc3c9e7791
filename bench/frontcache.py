"""`make bench-front`: the front cache against the physical limit and the floors, with wrk.

Serves the seeded section from PostgreSQL with production settings and measures, in rounds, on
127.0.0.1 only:

  nginx      the page's bytes as a static file from nginx (the machine's limit)
  varnish    the page through Varnish with the repository's VCL (deploy/varnish/default.vcl)
  cached     the page-cache hit through the app (gunicorn, 2 sync workers, WSGI layer)
  floor      a Django view returning the same bytes through the whole middleware stack
  bare       a Django view returning the same bytes with no middleware (bench.bare)
  uncached-1 the page rendered on every request (page cache off), one app node behind nginx
  uncached-2 the same with two app nodes (2 workers each) behind nginx, round robin

and prints requests/s with every target's ratio to nginx, the bare floor and the stack floor.
Results go to bench/results/frontcache.json.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402 - the path is set just above

ROOT = run.ROOT
HOST = run.HOST
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=run.DEFAULT_PATH)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--base-port", type=int, default=int(os.environ.get("BENCH_PORT", 8710)))
    return parser.parse_args()


def start(command, env=None, *, url):
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        run.wait_until_up(url, process)
    except BaseException:
        run.stop(process)
        raise
    return process


def gunicorn(env, port, app="portal.wsgi", **extra):
    return start(
        [run.PYTHON, "-m", "gunicorn", app, "-w", "2", "-b", f"{HOST}:{port}"],
        {**env, **extra},
        url=f"http://{HOST}:{port}/healthz"
        if app == "portal.wsgi"
        else f"http://{HOST}:{port}/bench/floor/",
    )


def nginx_config(prefix, port, html_file, upstreams):
    blocks = []
    for name, (listen, servers) in upstreams.items():
        members = "".join(f"server {HOST}:{server};" for server in servers)
        blocks.append(
            f"upstream {name} {{ {members} keepalive 16; }}\n"
            f"server {{ listen {HOST}:{listen}; location / {{ proxy_pass http://{name}; "
            'proxy_http_version 1.1; proxy_set_header Connection ""; '
            "proxy_set_header Host localhost; } }"
        )
    return f"""
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen {HOST}:{port};
        location = /page.html {{ default_type "text/html; charset=utf-8"; alias {html_file}; }}
    }}
    {"".join(blocks)}
}}
"""


def varnish_vcl(backend_port):
    text = VCL.read_text()
    for name in ("web", "web-b"):
        text = re.sub(
            rf'\.host = "{name}";\n(\s*)\.port = "8000";',
            rf'.host = "{HOST}";\n\g<1>.port = "{backend_port}";',
            text,
        )
    return text


def main():
    args = parse_args()
    wrk = run.ensure_debian_package("wrk", "wrk")
    nginx = run.ensure_debian_package("nginx", "nginx-light")
    varnishd = run.ensure_debian_package("varnishd", "varnish")
    if not (wrk and nginx and varnishd):
        raise SystemExit("wrk, nginx and varnishd are required (Debian: wrk nginx-light varnish)")
    env = run.environment()
    run.ensure_database(env)
    run.manage(env, "migrate", "--no-input", "-v", "0")
    run.manage(env, "collectstatic", "--no-input", "-v", "0")
    run.manage(env, "seed_section")
    run.manage(env, "apply_pending_purges", "-v", "0")  # the cache's lease (see run.environment)
    port = iter(range(args.base_port, args.base_port + 20))
    ports = {
        name: next(port)
        for name in (
            "cached",
            "uncached_a",
            "uncached_b",
            "floor",
            "bare",
            "nginx",
            "varnish",
            "one",
            "two",
        )
    }
    work = Path(tempfile.mkdtemp(prefix="portal-bench-front-"))
    work.chmod(0o755)  # nginx's workers (nobody) read the page from here
    processes = []
    try:
        processes.append(gunicorn(env, ports["cached"]))
        page_url = f"http://{HOST}:{ports['cached']}{args.path}"
        headers = {"Host": "localhost"}
        run.fetch(page_url, headers)
        _, body = run.fetch(page_url, headers)
        html = work / "page.html"
        html.write_bytes(body)
        floor_env = {**env, "PORTAL_BENCH_FLOOR_FILE": str(html)}
        processes.append(
            gunicorn(
                floor_env, ports["floor"], "portal.wsgi", DJANGO_SETTINGS_MODULE="bench.settings"
            )
        )
        processes.append(gunicorn(floor_env, ports["bare"], "bench.bare"))
        processes.append(gunicorn(env, ports["uncached_a"], PORTAL_PAGE_CACHE="0"))
        processes.append(gunicorn(env, ports["uncached_b"], PORTAL_PAGE_CACHE="0"))
        prefix = work / "nginx"
        prefix.mkdir()
        (prefix / "nginx.conf").write_text(
            nginx_config(
                prefix,
                ports["nginx"],
                html,
                {
                    "one_node": (ports["one"], [ports["uncached_a"]]),
                    "two_nodes": (ports["two"], [ports["uncached_a"], ports["uncached_b"]]),
                },
            )
        )
        processes.append(
            start(
                [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                url=f"http://{HOST}:{ports['nginx']}/page.html",
            )
        )
        (work / "default.vcl").write_text(varnish_vcl(ports["cached"]))
        processes.append(
            start(
                [
                    varnishd,
                    "-F",
                    "-j",
                    "none",
                    "-n",
                    str(work / "varnish"),
                    "-a",
                    f"{HOST}:{ports['varnish']}",
                    "-T",
                    "none",
                    "-f",
                    str(work / "default.vcl"),
                    "-s",
                    "malloc,64m",
                ],
                url=f"http://{HOST}:{ports['varnish']}/healthz",
            )
        )
        time.sleep(3)  # let the health probes see the backend
        targets = {
            "nginx": f"http://{HOST}:{ports['nginx']}/page.html",
            "varnish": f"http://{HOST}:{ports['varnish']}{args.path}",
            "cached": page_url,
            "floor": f"http://{HOST}:{ports['floor']}/bench/floor/",
            "bare": f"http://{HOST}:{ports['bare']}/bench/floor/",
            "uncached-1": f"http://{HOST}:{ports['one']}{args.path}",
            "uncached-2": f"http://{HOST}:{ports['two']}{args.path}",
        }
        for name, url in targets.items():
            _, got = run.fetch(url, headers)
            if name in ("nginx", "varnish", "cached", "floor", "bare") and got != body:
                raise SystemExit(f"{name} did not return the page's exact bytes")
            if name == "varnish":
                run.fetch(url, headers)
                second, _ = run.fetch(url, headers)
                if second.get("X-Cache") != "HIT":
                    raise SystemExit("Varnish does not store the page: check the VCL")
        samples = {name: [] for name in targets}
        load_start = os.getloadavg()
        for round_number in range(1, args.rounds + 1):
            for name, url in targets.items():
                result = run_wrk(wrk, url, args)
                samples[name].append(result)
                run.log(f"round {round_number} {name}: {result['rps']:.0f} req/s")
        load_end = os.getloadavg()
        report(samples, args, len(body), load_start, load_end)
    finally:
        for process in reversed(processes):
            run.stop(process)
        shutil.rmtree(work, ignore_errors=True)


def run_wrk(wrk, url, args):
    """One wrk run with the site's Host header; requests/s and the non-2xx count."""
    output = subprocess.run(
        [
            wrk,
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "-H",
            "Host: localhost",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def report(samples, args, size, load_start, load_end):
    medians = {
        name: statistics.median(s["rps"] for s in rounds) for name, rounds in samples.items()
    }
    print(
        f"\n{args.path} ({size} bytes), {args.rounds} rounds x {args.duration} s, "
        f"wrk -t{args.threads} -c{args.connections}"
    )
    print(f"load average at start {load_start[0]:.2f}, at end {load_end[0]:.2f}\n")
    print("| target | req/s (median) | × nginx | × bare floor | × stack floor | per-round req/s |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, median in medians.items():
        rounds = ", ".join(f"{s['rps']:.0f}" for s in samples[name])
        print(
            f"| {name} | {median:,.0f} | {median / medians['nginx']:.1%} | "
            f"{median / medians['bare']:.1%} | {median / medians['floor']:.1%} | {rounds} |"
        )
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    (run.RESULTS / "frontcache.json").write_text(
        json.dumps(
            {"path": args.path, "bytes": size, "samples": samples, "medians": medians}, indent=2
        )
    )
    ratio = medians["varnish"] / medians["nginx"]
    print(f"\nVarnish / nginx static: {ratio:.1%} (target >= 50%)")
    print(
        "Two app nodes / one on uncached pages: "
        f"{medians['uncached-2'] / medians['uncached-1']:.2f}x"
    )


if __name__ == "__main__":
    main()
