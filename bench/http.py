#!/usr/bin/env python3
"""LocalVPC's HTTP path against moto and against a static server answering the same bytes, in one run.

    python3 bench/http.py                          # builds localvpc-server (release), 5 s per measurement
    python3 bench/http.py --localvpc-bin PATH      # an existing localvpc or localvpc-server binary
    (also: --seconds S, --vpcs N, --skip-moto, --json FILE)

What runs, each on 127.0.0.1 and a free port, one after the other (never two loads at once):
  - LocalVPC (`serve --ephemeral`, default log level), seeded with N VPCs (default 100; with the default VPC, 101),
    each with a subnet (so its default security group and main route table come with it);
  - moto's server (`python3 -m moto.server`), seeded the same way;
  - nginx (from apt: `apt-get install nginx-light wrk`), started by this script with a configuration of its own in a
    temporary folder, serving files holding the exact bodies LocalVPC answered: `GET /_localvpc/health`'s JSON and the
    XML of each describe below over the whole region (same length; only the request id inside differs from LocalVPC's
    later answers). nginx answers each describe's POST at a path of its own with its static file (`error_page 405
    =200`), one worker per core as LocalVPC has one event loop per core.

The describes: DescribeVpcs, DescribeSubnets, DescribeSecurityGroups and DescribeRouteTables, each over the whole
region (about a hundred items: what a console page or a Terraform refresh reads).

Each is driven by wrk (apt) at 1 connection (one thread) and at 8 connections (two threads); POST bodies come from a
Lua script. LocalVPC and nginx are both up at once and measured in alternating rounds (--rounds, default 5, of
--seconds each, default 1; the order flips every round), so that what else the machine does weighs on both alike: on
a virtual machine, time the host takes for its other guests ("steal", read from /proc/stat and shown per measurement)
comes and goes within seconds, and one server measured after the other can get a quiet minute where the other got a
noisy one. moto is measured after them, once. wrk reports p50 and p99 latency and requests per second; a figure is the
median over the rounds, and the ratio to nginx the median of the rounds' ratios (each round's two measurements taken
back to back), with the rounds' range beside it. The report checks the goals of issue 16: every describe at least 50x
moto's requests per second at 1 and at 8 connections; LocalVPC's p50 within 2x of nginx's for the same bytes. It also
shows LocalVPC's CPU use during its runs (cores busy), so a load generator that is the bottleneck shows.
"""
from __future__ import annotations

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
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import REPO, Server, build_localvpc, ensure_moto, machine  # noqa: E402
from loadgen import Connection, ec2_request  # noqa: E402

ACCOUNT = "444444444444"
# Each describe measured: its name, its parameters, nginx's path and file for its bytes, and the tag that counts its
# items in an answer.
DESCRIBES = [
    ("DescribeVpcs", {"Action": "DescribeVpcs"}, "/describe-vpcs", b"<vpcId>"),
    ("DescribeSubnets", {"Action": "DescribeSubnets"}, "/describe-subnets", b"<subnetId>"),
    ("DescribeSecurityGroups", {"Action": "DescribeSecurityGroups"}, "/describe-security-groups", b"<groupName>"),
    ("DescribeRouteTables", {"Action": "DescribeRouteTables"}, "/describe-route-tables", b"<routeTableId>"),
]
GOAL_MOTO = 50
GOAL_NGINX = 2


def wrk_script(path: str, request: bytes) -> None:
    """A wrk Lua script sending `request`'s method, headers and body (dates and signature as they were)."""
    head, _, body = request.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    method, target, _ = lines[0].split(" ")
    headers = {}
    for line in lines[1:]:
        name, value = line.split(": ", 1)
        if name.lower() not in ("host", "content-length"):
            headers[name] = value
    with open(path, "w") as f:
        f.write(f"wrk.method = {json.dumps(method)}\n")
        f.write(f"wrk.path = {json.dumps(target)}\n")
        f.write(f"wrk.body = {json.dumps(body.decode())}\n")
        for name, value in headers.items():
            f.write(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}\n")


def parse_duration(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def run_wrk(url: str, script: str | None, connections: int, seconds: float, pid: int | None) -> dict:
    threads = 1 if connections == 1 else 2
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    before, steal_before = cpu_seconds(pid) if pid else 0.0, steal_seconds()
    out = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    server_cpu = (cpu_seconds(pid) - before) / seconds if pid else None
    steal = (steal_seconds() - steal_before) / seconds
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"p50": parse_duration(percentiles["50"]), "p99": parse_duration(percentiles["99"]), "rate": rate,
            "non2xx": int(errors.group(1)) if errors else 0, "socket_errors": socket_errors.group(1) if socket_errors else "",
            "server_cores": server_cpu, "steal_cores": steal}


def steal_seconds() -> float:
    """CPU time the hypervisor gave to something else while this machine's CPUs wanted it, over all CPUs."""
    with open("/proc/stat") as f:
        fields = f.readline().split()
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0


def cpu_seconds(pid: int) -> float:
    """The process's CPU time, its threads' included (those already ended too: moto runs a thread per request)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def exchange(port: int, request: bytes) -> bytes:
    conn = Connection(port, timeout=60)
    try:
        status, body = conn.exchange(request)
    finally:
        conn.close()
    if status != 200:
        raise RuntimeError(f"answered {status}: {body[:300]!r}")
    return body


def seed(server: Server, vpcs: int) -> dict[str, int]:
    """`vpcs` VPCs, each with one subnet as large as itself; by describe, how many items its answer then holds."""
    for i in range(vpcs):
        cidr = f"10.{i // 256}.{i % 256}.0/24"
        answer = server.call(ACCOUNT, {"Action": "CreateVpc", "CidrBlock": cidr})
        vpc_id = re.search(rb"<vpcId>([^<]+)</vpcId>", answer).group(1).decode()
        server.call(ACCOUNT, {"Action": "CreateSubnet", "VpcId": vpc_id, "CidrBlock": cidr})
    return {name: exchange(server.port, ec2_request(server.port, ACCOUNT, params)).count(tag) for name, params, _, tag in DESCRIBES}


def items(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items())


def alternate(servers: list[tuple[str, int, int | None]], targets: list[tuple[str, dict[str, tuple[str, str | None]]]],
              rounds: int, seconds: float) -> dict[str, dict[str, list[dict]]]:
    """Each target (a name, and by server label the path and wrk script that ask for it) at 1 and at 8 connections,
    `rounds` times over: every server once a round, back to back, the order flipping each round. By server label, then
    by "name/connections": the rounds' measurements."""
    runs: dict[str, dict[str, list[dict]]] = {label: {} for label, _, _ in servers}
    for name, asks in targets:
        for connections in (1, 8):
            key = f"{name}/{connections}"
            for round_number in range(rounds):
                for label, port, pid in servers if round_number % 2 == 0 else servers[::-1]:
                    path, script = asks[label]
                    r = run_wrk(f"http://127.0.0.1:{port}{path}", script, connections, seconds, pid)
                    runs[label].setdefault(key, []).append(r)
                    bad = f", {r['non2xx']} non-2xx" if r["non2xx"] else ""
                    bad += f", socket errors {r['socket_errors']}" if r["socket_errors"] else ""
                    cores = f", server {r['server_cores']:.2f} cores" if r["server_cores"] is not None else ""
                    print(f"  [{label}] {name} at {connections}, round {round_number + 1}: {r['rate']:,.0f}/s, "
                          f"p50 {r['p50'] * 1e6:,.0f} µs, p99 {r['p99'] * 1e6:,.0f} µs{cores}, "
                          f"steal {r['steal_cores']:.2f} cores{bad}", flush=True)
    return runs


def summary(rounds: list[dict]) -> dict:
    """The median of each figure over the rounds, the steal added up, and the rounds themselves."""
    figures = {k: statistics.median(r[k] for r in rounds) for k in ("p50", "p99", "rate")}
    cores = [r["server_cores"] for r in rounds if r["server_cores"] is not None]
    figures["server_cores"] = statistics.median(cores) if cores else None
    figures["steal_cores"] = statistics.mean(r["steal_cores"] for r in rounds)
    figures["rounds"] = rounds
    return figures


NGINX_CONF = """worker_processes {workers};
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    server_tokens off;
    etag off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        location = /_localvpc/health {{ default_type application/json; }}
{describes}
    }}
}}
"""

# One describe's answer at its own path, as a static file: nginx refuses a POST to a file (405), which this turns into
# the file itself.
NGINX_DESCRIBE = """        location = {path} {{ default_type "text/xml;charset=UTF-8"; error_page 405 =200 {path}.xml; try_files {path}.xml =404; }}
        location = {path}.xml {{ default_type "text/xml;charset=UTF-8"; }}"""


def start_nginx(tmp: str, health_body: bytes, describes: dict[str, tuple[bytes, bytes]]) -> tuple[subprocess.Popen, int]:
    """nginx serving the answers' exact bytes from files, on a free port: the health check's, and by nginx path each
    describe's (its request as LocalVPC got it, and the body LocalVPC answered). Checked to answer them."""
    from compare import free_port  # noqa: E402
    nginx_dir = os.path.join(tmp, "nginx")
    www = os.path.join(nginx_dir, "www")
    os.makedirs(os.path.join(www, "_localvpc"))
    with open(os.path.join(www, "_localvpc", "health"), "wb") as f:
        f.write(health_body)
    for path, (_, body) in describes.items():
        with open(os.path.join(www, path.lstrip("/") + ".xml"), "wb") as f:
            f.write(body)
    port = free_port()
    with open(os.path.join(nginx_dir, "nginx.conf"), "w") as f:
        f.write(NGINX_CONF.format(workers=os.cpu_count(), dir=nginx_dir, port=port,
                                  describes="\n".join(NGINX_DESCRIBE.format(path=path) for path in describes)))
    nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", os.path.join(nginx_dir, "nginx.conf"), "-p", nginx_dir],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(100):
            try:
                same = exchange(port, b"GET /_localvpc/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") == health_body
                for path, (request, body) in describes.items():
                    same = same and exchange(port, at_path(request, path)) == body
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("nginx did not answer")
        if not same:
            raise RuntimeError("nginx does not answer the bytes LocalVPC answered")
    except BaseException:
        nginx.terminate()
        nginx.wait(10)
        raise
    return nginx, port


def at_path(request: bytes, path: str) -> bytes:
    """`request` sent to `path` instead of `/`: how nginx is asked for one describe's file."""
    line, rest = request.split(b"\r\n", 1)
    method, _, version = line.split(b" ")
    return b" ".join([method, path.encode(), version]) + b"\r\n" + rest


def scripts(tmp: str, label: str, port: int, at_nginx_paths: bool = False) -> dict[str, str]:
    """By describe, a wrk script asking server `label` for it as it is asked on `port` (signed for that port), at its
    nginx path when `at_nginx_paths`."""
    made = {}
    for name, params, nginx_path, _ in DESCRIBES:
        request = ec2_request(port, ACCOUNT, params)
        made[name] = os.path.join(tmp, f"{label}-{name}.lua")
        wrk_script(made[name], at_path(request, nginx_path) if at_nginx_paths else request)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--localvpc-bin")
    parser.add_argument("--seconds", type=float, default=1, help="each measurement's length (default 1)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds of LocalVPC and nginx (default 5)")
    parser.add_argument("--vpcs", type=int, default=100)
    parser.add_argument("--skip-moto", action="store_true")
    parser.add_argument("--server-args", default="", help="more arguments for `localvpc serve`, space-separated (e.g. \"--realtime off\")")
    parser.add_argument("--json")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            sys.exit(f"{tool} is missing: apt-get install wrk nginx-light")
    binary = args.localvpc_bin or build_localvpc()
    if not args.skip_moto:
        ensure_moto()
    info = machine(binary)
    results = {}
    with tempfile.TemporaryDirectory(prefix="localvpc-http-bench-") as tmp:
        os.chmod(tmp, 0o755)  # nginx's workers run as another user and read the files from here
        localvpc = Server("LocalVPC", lambda port: [binary, "serve", "--ephemeral", "--data-plane", "off", "--host", "127.0.0.1",
                                                    "--port", str(port), *args.server_args.split()], os.path.join(tmp, "localvpc"))
        os.makedirs(localvpc.cwd)
        nginx = None
        try:
            localvpc.start()
            print(f"LocalVPC: items in each answer: {items(seed(localvpc, args.vpcs))}", flush=True)
            health_body = exchange(localvpc.port, b"GET /_localvpc/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answers = {}
            for _, params, nginx_path, _ in DESCRIBES:
                request = ec2_request(localvpc.port, ACCOUNT, params)
                answers[nginx_path] = (request, exchange(localvpc.port, request))
            nginx, nginx_port = start_nginx(tmp, health_body, answers)
            local_scripts, nginx_scripts = scripts(tmp, "LocalVPC", localvpc.port), scripts(tmp, "nginx", localvpc.port, at_nginx_paths=True)
            targets = [("health", {"LocalVPC": ("/_localvpc/health", None), "nginx": ("/_localvpc/health", None)})]
            targets += [(name, {"LocalVPC": ("/", local_scripts[name]), "nginx": (path, nginx_scripts[name])})
                        for name, _, path, _ in DESCRIBES]
            # nginx's workers are its children: their CPU is not in the master's figure, so none is shown.
            runs = alternate([("LocalVPC", localvpc.port, localvpc.proc.pid), ("nginx", nginx_port, None)], targets,
                             args.rounds, args.seconds)
        finally:
            if nginx:
                nginx.terminate()
                nginx.wait(10)
            localvpc.stop()
        for label, by_key in runs.items():
            results[label] = {key: summary(rounds) for key, rounds in by_key.items()}

        if not args.skip_moto:
            moto = Server("moto", lambda port: [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                          os.path.join(tmp, "moto"))
            os.makedirs(moto.cwd)
            try:
                moto.start()
                print(f"moto: items in each answer: {items(seed(moto, args.vpcs))}", flush=True)
                moto_scripts = scripts(tmp, "moto", moto.port)
                # One measurement as long as all of a server's rounds above: moto is far from its goal's line.
                runs = alternate([("moto", moto.port, moto.proc.pid)], [(name, {"moto": ("/", moto_scripts[name])})
                                                                         for name, _, _, _ in DESCRIBES], 1, args.seconds * args.rounds)
                results["moto"] = {key: summary(rounds) for key, rounds in runs["moto"].items()}
            finally:
                moto.stop()

    print()
    print(f"Medians over {args.rounds} alternating rounds of {args.seconds:g} s (moto: one of {args.seconds * args.rounds:g} s); "
          "steal: the host's, in cores, over LocalVPC's / nginx's rounds.")
    print()
    print("| what | conns | LocalVPC req/s, p50, p99 | moto req/s, p50, p99 | nginx (same bytes) req/s, p50, p99 | "
          "LocalVPC ÷ moto req/s | LocalVPC p50 ÷ nginx p50 (rounds' range) | steal |")
    print("|---|---|---|---|---|---|---|---|")
    goals = []

    def cell(r):
        return f"{r['rate']:,.0f}/s, {r['p50'] * 1e6:,.0f} µs, {r['p99'] * 1e6:,.0f} µs" if r else "n/a"

    for name in ["health"] + [name for name, _, _, _ in DESCRIBES]:
        for connections in (1, 8):
            key = f"{name}/{connections}"
            local, moto_r, static = results["LocalVPC"][key], results.get("moto", {}).get(key), results["nginx"][key]
            over_moto = local["rate"] / moto_r["rate"] if moto_r else None
            # Each round's two measurements were taken back to back: their ratio is the round's.
            ratios = [a["p50"] / b["p50"] for a, b in zip(local["rounds"], static["rounds"])]
            over_nginx = statistics.median(ratios)
            print(f"| {name} | {connections} | {cell(local)} | {cell(moto_r)} | {cell(static)} | "
                  f"{f'{over_moto:,.0f}×' if over_moto else 'n/a'} | {over_nginx:.2f}× ({min(ratios):.2f}–{max(ratios):.2f}×) | "
                  f"{local['steal_cores']:.2f} / {static['steal_cores']:.2f} |")
            if over_moto is not None:
                goals.append((f"{name} at {connections}: ≥{GOAL_MOTO}× moto", over_moto >= GOAL_MOTO, f"{over_moto:,.0f}×"))
            goals.append((f"{name} at {connections}: p50 ≤{GOAL_NGINX}× nginx", over_nginx <= GOAL_NGINX, f"{over_nginx:.2f}×"))
    print()
    for goal, met, figure in goals:
        print(f"{'PASS' if met else 'MISS'}  {goal}: {figure}")
    print()
    for key, value in info:
        print(f"{key}: {value}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"results": results, "goals": goals, "machine": info}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
