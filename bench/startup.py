#!/usr/bin/env python3
"""Measures LocalVPC's start-up: time to first answered request, empty and with a large state.

Seeds N VPCs (each with two subnets and a route table, so ~7 resources per VPC with the defaults AWS adds)
through the EC2 API over raw keep-alive HTTP, stops the server, starts it again on the same state directory,
and times the restart until `GET /_localvpc/health` answers. Everything stays on 127.0.0.1.

Usage: bench/startup.py [--vpcs 2000] [--bin .build/release/localvpc]
"""
import argparse
import concurrent.futures
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary: str, port: int, state: str) -> tuple[subprocess.Popen, float]:
    began = time.perf_counter()
    proc = subprocess.Popen([binary, "serve", "--port", str(port), "--state-dir", state, "--log-level", "warning",
                             "--data-plane", "off"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = began + 120
    while time.perf_counter() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/_localvpc/health")
            if conn.getresponse().status == 200:
                return proc, time.perf_counter() - began
        except OSError:
            time.sleep(0.002)
    proc.kill()
    sys.exit("server did not answer within 120 s")


local = threading.local()


def call(port: int, **params) -> str:
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = urllib.parse.urlencode({"Version": "2016-11-15", **params})
    local.conn.request("POST", "/", body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = local.conn.getresponse()
    text = response.read().decode()
    if response.status != 200:
        raise RuntimeError(text)
    return text


def seed_one(port: int, index: int) -> None:
    second, third = divmod(index, 256)
    text = call(port, Action="CreateVpc", CidrBlock=f"10.{second % 256}.{third}.0/24")
    vpc = re.search(r"<vpcId>(vpc-[0-9a-f]+)</vpcId>", text).group(1)
    call(port, Action="CreateSubnet", VpcId=vpc, CidrBlock=f"10.{second % 256}.{third}.0/25")
    call(port, Action="CreateSubnet", VpcId=vpc, CidrBlock=f"10.{second % 256}.{third}.128/25")
    call(port, Action="CreateRouteTable", VpcId=vpc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vpcs", type=int, default=2000)
    parser.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "localvpc"))
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as state:
        proc, empty = start(args.bin, port, state)
        began = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: seed_one(port, i), range(args.vpcs)))
        seeding = time.perf_counter() - began
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        proc, loaded = start(args.bin, port, state)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", "/_localvpc/health")
        health = conn.getresponse().read().decode()
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    resources = re.search(r'"resources":(\d+)', health).group(1)
    print(f"start to first answer, empty state:        {empty * 1000:8.1f} ms")
    print(f"seeded {args.vpcs} VPCs ({args.vpcs * 4} requests):    {seeding:8.2f} s ({args.vpcs * 4 / seeding:.0f} req/s)")
    print(f"start to first answer, {resources} resources: {loaded * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
