#!/usr/bin/env python3
"""Writes and reads per second: LocalVPC on SQLite alone, and 1, 2 and 3 servers sharing one PostgreSQL database.

    export LOCALVPC_TEST_DATABASE_URL=$(scripts/postgres.sh)     # a role that may create databases
    python3 bench/postgres.py                                    # release binary if built, else the debug one
    python3 bench/postgres.py --bin .build/release/localvpc-server --clients 8 --seconds 5
    (also: --database-url URL, --skip-sqlite, --json FILE)

Each configuration runs on fresh state (a temporary folder for SQLite; a new database, dropped after, for
PostgreSQL), servers on 127.0.0.1 with `--data-plane off --log-level warning`, one after the other. It is seeded
with one VPC per client plus 20 more, then for --seconds each:

  - writes: every client sends CreateTags on its own VPC in a loop (a tag key cycling over 40, so the VPC stays
    under AWS's 50 tags): each is one journal append, a transaction on PostgreSQL;
  - reads: every client sends DescribeVpcs (the account's 21+ VPCs) in a loop;

with --clients keep-alive clients (one process each, bench/loadgen.py's raw HTTP client), client k talking to
server k mod N. Writes on PostgreSQL serialize on the journal's head row (`SELECT … FOR UPDATE`), so they do not
grow with servers; reads are answered from each server's memory after one round trip to check the head version,
so they spread over servers (on one machine, until its cores are busy). The report prints each configuration's
figures side by side, with p50 and p99 latency and how busy the machine's cores were.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import REPO, Server, busy_cpu_seconds  # noqa: E402
from loadgen import Connection, ec2_request, percentile  # noqa: E402

ACCOUNT = "555555555555"
VPC_RX = re.compile(rb"<vpcId>(vpc-[0-9a-f]+)</vpcId>")
EXTRA_VPCS = 20
TAG_KEYS = 40


def default_binary() -> str:
    for path in (".build/release/localvpc-server", ".build/release/localvpc", ".build/debug/localvpc"):
        full = os.path.join(REPO, path)
        if os.path.exists(full):
            return full
    sys.exit("no localvpc binary: build one (swift build) or pass --bin PATH")


def psql(url: str, sql: str) -> None:
    exe = shutil.which("psql")
    if exe is None:
        sys.exit("psql is not on PATH (apt-get install postgresql-client)")
    proc = subprocess.run([exe, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], capture_output=True,
                          text=True, timeout=60)
    if proc.returncode != 0:
        sys.exit(f"psql {sql!r}: {proc.stderr.strip()}")


def fresh_database(url: str) -> tuple[str, str]:
    name = f"localvpc_bench_{secrets.token_hex(4)}"
    psql(url, f'CREATE DATABASE "{name}"')
    return name, urlunsplit(urlsplit(url)._replace(path="/" + name))


def _load(args) -> tuple[int, list[float], int, str | None, float]:
    """One client process: sends its requests in a loop from start_at until deadline."""
    port, requests, start_at, deadline = args
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(port, timeout=60)
    latencies: list[float] = []
    errors, first_error, i = 0, None, 0
    pause = start_at - time.monotonic()
    if pause > 0:
        time.sleep(pause)
    cpu = time.process_time()
    while (began := time.monotonic()) < deadline:
        request = requests[i % len(requests)]
        i += 1
        try:
            status, body = conn.exchange(request)
        except OSError as error:
            errors += 1
            first_error = first_error or repr(error)
            conn.close()
            continue
        if status != 200:
            errors += 1
            first_error = first_error or f"HTTP {status}: {body[:200].decode(errors='replace')}"
            continue
        latencies.append(time.monotonic() - began)
    conn.close()
    return len(latencies), latencies, errors, first_error, time.process_time() - cpu


def run_phase(pool, per_client: list[tuple[int, list[bytes]]], seconds: float) -> dict:
    start_at = time.monotonic() + 0.3
    deadline = start_at + seconds
    busy_before = busy_cpu_seconds()
    results = pool.map(_load, [(port, reqs, start_at, deadline) for port, reqs in per_client])
    busy = busy_cpu_seconds() - busy_before
    wall = max(time.monotonic() - start_at, 1e-9)
    latencies = [x for r in results for x in r[1]]
    ok = sum(r[0] for r in results)
    return {
        "ok": ok,
        "errors": sum(r[2] for r in results),
        "first_error": next((r[3] for r in results if r[3]), None),
        "rate": ok / seconds,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "cores_busy": busy / wall,
        "client_cores": sum(r[4] for r in results) / wall,
    }


def measure(label: str, binary: str, servers: int, database_url: str | None, clients: int, seconds: float,
            pool) -> dict:
    folders = [tempfile.mkdtemp(prefix=f"localvpc-bench-pg-{i}-") for i in range(servers)]
    procs = []
    try:
        for i, folder in enumerate(folders):
            def argv(port, folder=folder):
                extra = ["--database-url", database_url] if database_url else []
                return [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--state-dir",
                        os.path.join(folder, "state"), "--data-plane", "off", "--log-level", "warning", *extra]
            server = Server(f"{label} #{i + 1}", argv, folder)
            server.start(timeout=90)
            procs.append(server)
        ports = [s.port for s in procs]
        seed = Connection(ports[0])
        vpcs = []
        for k in range(clients + EXTRA_VPCS):
            status, body = seed.exchange(
                ec2_request(ports[0], ACCOUNT, {"Action": "CreateVpc", "CidrBlock": f"10.{k % 256}.0.0/16"}))
            if status != 200:
                raise RuntimeError(f"seeding answered HTTP {status}: {body[:300]!r}")
            vpcs.append(VPC_RX.search(body).group(1).decode())
        seed.close()
        writes, reads = [], []
        for k in range(clients):
            port = ports[k % servers]
            writes.append((port, [
                ec2_request(port, ACCOUNT, {"Action": "CreateTags", "ResourceId.1": vpcs[k],
                                            "Tag.1.Key": f"k{j}", "Tag.1.Value": f"v{j}"})
                for j in range(TAG_KEYS)]))
            reads.append((port, [ec2_request(port, ACCOUNT, {"Action": "DescribeVpcs"})]))
        result = {"label": label, "servers": servers}
        print(f"  {label}: writes", end="", flush=True)
        result["writes"] = run_phase(pool, writes, seconds)
        print(", reads", end="", flush=True)
        result["reads"] = run_phase(pool, reads, seconds)
        print(" — done", flush=True)
        for phase in ("writes", "reads"):
            if result[phase]["errors"]:
                print(f"    {phase}: {result[phase]['errors']} errors, first: {result[phase]['first_error']}")
        for s in procs:
            if s.proc.poll() is not None:
                raise RuntimeError(f"{s.label} died during the run:\n{s.log_tail()}")
        return result
    finally:
        for s in procs:
            if s.proc and s.proc.poll() is None:
                s.proc.send_signal(signal.SIGTERM)
                try:
                    s.proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    s.proc.kill()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=None, help="localvpc or localvpc-server binary (default: release if built)")
    parser.add_argument("--database-url", default=os.environ.get("LOCALVPC_TEST_DATABASE_URL"),
                        help="a PostgreSQL role that may create databases (default $LOCALVPC_TEST_DATABASE_URL)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--json", default=None, help="write the figures to this file too")
    args = parser.parse_args()
    if not args.database_url:
        sys.exit("give --database-url or set LOCALVPC_TEST_DATABASE_URL (scripts/postgres.sh prints one)")
    binary = os.path.abspath(args.bin) if args.bin else default_binary()
    print(f"binary {binary}; {args.clients} clients; {args.seconds:g} s a phase; "
          f"{os.cpu_count()} cores; load {' '.join(open('/proc/loadavg').read().split()[:3])}", flush=True)

    results = []
    context = multiprocessing.get_context("fork")
    with context.Pool(args.clients) as pool:
        if not args.skip_sqlite:
            results.append(measure("SQLite", binary, 1, None, args.clients, args.seconds, pool))
        for servers in (1, 2, 3):
            name, url = fresh_database(args.database_url)
            try:
                results.append(measure(f"PostgreSQL ×{servers}", binary, servers, url, args.clients, args.seconds,
                                       pool))
            finally:
                psql(args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    width = 30
    print()
    print(f"{'':<{width}}" + "".join(f"{r['label']:>16}" for r in results))
    rows = [
        ("writes/s (CreateTags)", "writes", "rate", "{:,.0f}"),
        ("  p50 ms", "writes", "p50_ms", "{:.1f}"),
        ("  p99 ms", "writes", "p99_ms", "{:.1f}"),
        ("  cores busy (of all)", "writes", "cores_busy", "{:.2f}"),
        ("reads/s (DescribeVpcs)", "reads", "rate", "{:,.0f}"),
        ("  p50 ms", "reads", "p50_ms", "{:.1f}"),
        ("  p99 ms", "reads", "p99_ms", "{:.1f}"),
        ("  cores busy (of all)", "reads", "cores_busy", "{:.2f}"),
        ("errors (writes + reads)", None, None, None),
    ]
    for title, phase, key, form in rows:
        if phase is None:
            cells = [f"{r['writes']['errors'] + r['reads']['errors']:>16}" for r in results]
        else:
            cells = [f"{form.format(r[phase][key]):>16}" for r in results]
        print(f"{title:<{width}}" + "".join(cells))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"clients": args.clients, "seconds": args.seconds, "binary": binary, "results": results}, f,
                      indent=2)
    if any(r["writes"]["errors"] or r["reads"]["errors"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
