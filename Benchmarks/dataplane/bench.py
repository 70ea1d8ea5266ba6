#!/usr/bin/env python3
"""LocalVPC's data-plane benchmark: a plain veth pair against two instances in peered VPCs, in one run.

(a) The physical limit: two network namespaces of the benchmark's own (lvpc-bench-…), joined by one veth pair
    (MTU 9001, as an instance's link), and nothing else: no router, no conntrack rules, no queue.
(b) LocalVPC: a release-built `localvpc serve --ephemeral --data-plane on` on a free port, two VPCs peered, routes
    both ways, a security group letting VPC 1 in to the instance in VPC 2; one instance in each. Every tool runs
    through `localvpc instance exec`. The first packet of each flow crosses three veth links and two routers (one per
    VPC) and is decided by the evaluator (NFQUEUE); the kernel carries the rest past both routers' stacks (the fast
    path's eBPF program on the routers' links), or through them where the fast path does not apply.

For each: one TCP stream's throughput (iperf3, 5 s), ping round trip p50/p99 (per-packet times, over five rounds of
300 pings that take the two sides in turn, both set up at once), new TCP connections per second (connect-load.c:
non-blocking connects closed with a reset, each a new flow; the listener's accept rate), and CPU seconds per gigabit
(the whole machine's busy time from /proc/stat during the iperf3 run, over the gigabits moved). Goals (issue 12):
throughput at least half the veth pair's, round trip at most twice, at least 20,000 new flows per second. Exit status: 0 when every goal passes, 1 when one fails, 2 when the benchmark could not run.

Needs root on Linux, iproute2, iperf3, ping, a C compiler (cc), boto3, and a release build (`swift build -c release`).
Everything it makes is removed at the end, on failure and on Ctrl-C too: its namespaces, and the server (which
removes its own on SIGTERM). The numbers depend on how busy the machine is: the report says.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
IPERF_PORT = 5201
FLOW_PORT = 9000
FLOW_GOAL = 20_000


# ---------------------------------------------------------------------------------------------------------------------
# Figures


@dataclass
class Figures:
    """What one side measured."""

    throughput_gbps: float = 0.0
    rtt_p50_ms: float = 0.0
    rtt_p99_ms: float = 0.0
    rtt_samples: int = 0
    rtt_round_p50s_ms: list[float] = field(default_factory=list)
    new_flows_per_second: float = 0.0
    flows_connected: int = 0
    flows_accepted: int = 0
    flows_failed: int = 0
    flows_queued: int | None = None  # LocalVPC: first packets its source router queued to the evaluator meanwhile
    cpu_seconds_per_gbit: float = 0.0
    cpu_busy_fraction_during_iperf: float = 0.0
    retransmits: int = 0
    notes: list[str] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0…100)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def ping_times(output: str) -> list[float]:
    return [float(m) for m in re.findall(r"time=([0-9.]+) ms", output)]


@dataclass
class CpuTimes:
    busy: int
    total: int

    @staticmethod
    def read() -> "CpuTimes":
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        # user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user).
        idle = fields[3] + fields[4]
        total = sum(fields[:8])
        return CpuTimes(busy=total - idle, total=total)


class CpuSampler:
    """Samples /proc/stat every 20 ms, so the CPU time of a window can be read after the fact."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, CpuTimes]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "CpuSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self.samples.append((time.monotonic(), CpuTimes.read()))
            if self._stop.wait(0.02):
                self.samples.append((time.monotonic(), CpuTimes.read()))
                return

    def window(self, start: float, end: float) -> tuple[float, float]:
        """Busy CPU seconds (all CPUs) and the busy fraction of the machine between the samples nearest start and end."""
        first = min(self.samples, key=lambda s: abs(s[0] - start))[1]
        last = min(self.samples, key=lambda s: abs(s[0] - end))[1]
        ticks = os.sysconf("SC_CLK_TCK")
        busy = (last.busy - first.busy) / ticks
        total = (last.total - first.total) or 1
        return busy, (last.busy - first.busy) / total


# ---------------------------------------------------------------------------------------------------------------------
# Running commands on each side


Runner = Callable[[str], list[str]]  # "client" | "server" → the argv prefix that runs a command there


def run(argv: list[str], timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise BenchError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip() or done.stdout.strip()}")
    return done


class BenchError(Exception):
    pass


class Background:
    """A command left running on one side (an iperf3 server, the listener), stopped when the side is done."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen] = []

    def start(self, argv: list[str]) -> subprocess.Popen:
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        self.processes = []


def wait_listening(runner: Runner, port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = run([*runner("server"), "ss", "-Htln", f"sport = :{port}"], check=False)
        if done.stdout.strip():
            return
        time.sleep(0.05)
    raise BenchError(f"nothing listens on port {port} after {timeout}s")


def measure(
    name: str, runner: Runner, server_ip: str, figures: Figures, tools: "Tools", options: argparse.Namespace,
    log: Callable[[str], None], queued: Callable[[], int] | None = None,
) -> None:
    """Throughput and new connections, into `figures` (the round trip is `measure_round_trips`')."""
    background = Background()
    try:
        log(f"{name}: iperf3, {options.seconds:g} s")
        server = background.start([*runner("server"), "iperf3", "-s", "-1", "-p", str(IPERF_PORT)])
        wait_listening(runner, IPERF_PORT)
        with CpuSampler() as sampler:
            done = run([*runner("client"), "iperf3", "-c", server_ip, "-p", str(IPERF_PORT), "-t", f"{options.seconds:g}", "-J"], timeout=options.seconds + 60)
            ended = time.monotonic()
        report = json.loads(done.stdout)
        received = report["end"]["sum_received"]
        figures.throughput_gbps = received["bits_per_second"] / 1e9
        figures.retransmits = report["end"]["sum_sent"].get("retransmits", 0)
        # The test's own seconds, ending as the client ended (it exits right after exchanging results).
        busy, fraction = sampler.window(ended - received["seconds"], ended)
        gigabits = received["bytes"] * 8 / 1e9
        figures.cpu_seconds_per_gbit = busy / gigabits if gigabits else 0.0
        figures.cpu_busy_fraction_during_iperf = fraction
        server.wait(timeout=10)

        log(f"{name}: new TCP connections, {options.flow_seconds:g} s")
        listener = background.start([*runner("server"), str(tools.connect_load), "listen", str(FLOW_PORT), "2"])
        assert listener.stdout is not None
        if listener.stdout.readline().strip() != "listening":
            raise BenchError(f"{name}: the connection listener did not start: {listener.stderr.read() if listener.stderr else ''}")
        queued_before = queued() if queued else 0
        done = run(
            [*runner("client"), str(tools.connect_load), "connect", server_ip, str(FLOW_PORT), f"{options.flow_seconds:g}", str(options.flow_workers), str(options.flow_concurrency)],
            timeout=options.flow_seconds + 60,
        )
        client = json.loads(done.stdout)
        out, err = listener.communicate(timeout=30)
        if not out.strip().startswith("{"):
            raise BenchError(f"{name}: the connection listener printed no figures: {out.strip()} {err.strip()}")
        accepted = json.loads(out.strip().splitlines()[-1])
        if queued:
            figures.flows_queued = queued() - queued_before
        figures.flows_connected = client["connected"]
        figures.flows_accepted = accepted["accepted"]
        figures.flows_failed = client["failed"]
        figures.new_flows_per_second = accepted["accepted"] / accepted["seconds"] if accepted["seconds"] > 0 else 0.0
        if client["failed"]:
            figures.notes.append(f"{client['failed']} connects failed")
    finally:
        background.stop_all()


@dataclass
class PingTarget:
    """One side's ping: how to run a command on its client, the address it pings, and what it measured."""

    name: str
    runner: Runner
    server_ip: str
    figures: Figures
    times: list[float] = field(default_factory=list)


def measure_round_trips(targets: list[PingTarget], options: argparse.Namespace, log: Callable[[str], None]) -> None:
    """`--ping-rounds` rounds of `--pings` pings, one every 5 ms, taking the sides in turn within each round, so that
    what else the machine does in those minutes weighs on both alike. p50 and p99 are over every round's pings."""
    log(f"ping: {options.ping_rounds} rounds of {options.pings}, " + " and ".join(t.name for t in targets) + " in turn")
    for _ in range(options.ping_rounds):
        for target in targets:
            done = run(
                [*target.runner("client"), "ping", "-n", "-c", str(options.pings), "-i", "0.005", "-W", "1", target.server_ip],
                timeout=60, check=False,
            )
            times = ping_times(done.stdout)
            if not times:
                raise BenchError(f"{target.name}: no ping reply from {target.server_ip}: {done.stdout.strip()} {done.stderr.strip()}")
            target.times += times
            target.figures.rtt_round_p50s_ms.append(percentile(times, 50))
    for target in targets:
        figures, asked = target.figures, options.pings * options.ping_rounds
        figures.rtt_samples = len(target.times)
        figures.rtt_p50_ms = percentile(target.times, 50)
        figures.rtt_p99_ms = percentile(target.times, 99)
        if len(target.times) < asked:
            figures.notes.append(f"{asked - len(target.times)} of {asked} pings unanswered")


# ---------------------------------------------------------------------------------------------------------------------
# (a) the veth pair


class VethPair:
    """Two namespaces of ours joined by one veth pair, made inside them (nothing ever appears in the host's)."""

    def __init__(self) -> None:
        self.name = f"lvpc-bench-{secrets.token_hex(3)}"
        self.client_ns, self.server_ns = f"{self.name}-a", f"{self.name}-b"
        self.client_ip, self.server_ip = "10.254.0.1", "10.254.0.2"
        self.made: list[str] = []

    def __enter__(self) -> "VethPair":
        try:
            self._make()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _make(self) -> None:
        for ns in (self.client_ns, self.server_ns):
            run(["ip", "netns", "add", ns])
            self.made.append(ns)
        run(["ip", "-n", self.client_ns, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", self.server_ns])
        for ns, ip in ((self.client_ns, self.client_ip), (self.server_ns, self.server_ip)):
            run(["ip", "-n", ns, "link", "set", "lo", "up"])
            run(["ip", "-n", ns, "link", "set", "eth0", "mtu", "9001", "up"])
            run(["ip", "-n", ns, "addr", "add", f"{ip}/24", "dev", "eth0"])

    def __exit__(self, *exc) -> None:
        for ns in self.made:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        self.made = []

    def runner(self, side: str) -> list[str]:
        return ["ip", "netns", "exec", self.client_ns if side == "client" else self.server_ns]


# ---------------------------------------------------------------------------------------------------------------------
# (b) LocalVPC


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalVPC:
    """A release-built server of our own with the data plane on, and two instances in peered VPCs."""

    def __init__(self, binary: Path, workdir: Path, log: Callable[[str], None]) -> None:
        self.binary = binary
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        self.log = log
        self.process: subprocess.Popen | None = None
        self.client_id = self.server_id = self.server_ip = self.client_router = ""

    def __enter__(self) -> "LocalVPC":
        # __exit__ does not run when __enter__ raises: stop the server here then.
        try:
            self._start()
            self._build()
        except BaseException as error:
            self.__exit__(type(error), error, None)
            raise
        return self

    def _start(self) -> None:
        log_file = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [str(self.binary), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--ephemeral", "--data-plane", "on"],
            stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log_file.close()
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise BenchError(f"localvpc serve exited {self.process.returncode}:\n{self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.endpoint + "/_localvpc/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError("localvpc serve did not become healthy in 60 s")
            time.sleep(0.1)

    def __exit__(self, kind, *exc) -> None:
        if kind is not None and self.log_path.exists():
            kept = Path(tempfile.gettempdir()) / f"lvpc-bench-server-{self.port}.log"
            shutil.copyfile(self.log_path, kept)
            print(f"bench: the server's log is in {kept}", file=sys.stderr)
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the server removes its namespaces on SIGTERM
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _build(self) -> None:
        import boto3
        from botocore.config import Config

        ec2 = boto3.client(
            "ec2", endpoint_url=self.endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 1}),
        )
        tags = lambda kind, name: [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]  # noqa: E731
        vpc1 = ec2.create_vpc(CidrBlock="10.1.0.0/16", TagSpecifications=tags("vpc", "bench-1"))["Vpc"]["VpcId"]
        vpc2 = ec2.create_vpc(CidrBlock="10.2.0.0/16", TagSpecifications=tags("vpc", "bench-2"))["Vpc"]["VpcId"]
        subnet1 = ec2.create_subnet(VpcId=vpc1, CidrBlock="10.1.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
        subnet2 = ec2.create_subnet(VpcId=vpc2, CidrBlock="10.2.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
        pcx = ec2.create_vpc_peering_connection(VpcId=vpc1, PeerVpcId=vpc2)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
        self._wait(lambda: ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]["Status"]["Code"] == "active", "the peering")
        for vpc, cidr in ((vpc1, "10.2.0.0/16"), (vpc2, "10.1.0.0/16")):
            main = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "association.main", "Values": ["true"]}])
            ec2.create_route(RouteTableId=main["RouteTables"][0]["RouteTableId"], DestinationCidrBlock=cidr, VpcPeeringConnectionId=pcx)
        client_group = ec2.create_security_group(GroupName="bench-client", Description="benchmark client", VpcId=vpc1)["GroupId"]
        server_group = ec2.create_security_group(GroupName="bench-server", Description="benchmark server", VpcId=vpc2)["GroupId"]
        from_vpc1 = [{"CidrIp": "10.1.0.0/16"}]
        ec2.authorize_security_group_ingress(
            GroupId=server_group,
            IpPermissions=[
                {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": from_vpc1},
                {"IpProtocol": "tcp", "FromPort": IPERF_PORT, "ToPort": IPERF_PORT, "IpRanges": from_vpc1},
                {"IpProtocol": "tcp", "FromPort": FLOW_PORT, "ToPort": FLOW_PORT, "IpRanges": from_vpc1},
            ],
        )
        launch = dict(ImageId="ami-0123456789abcdef0", InstanceType="t3.micro", MinCount=1, MaxCount=1)
        self.client_id = ec2.run_instances(SubnetId=subnet1, SecurityGroupIds=[client_group], **launch)["Instances"][0]["InstanceId"]
        server = ec2.run_instances(SubnetId=subnet2, SecurityGroupIds=[server_group], PrivateIpAddress="10.2.1.10", **launch)["Instances"][0]
        self.server_id, self.server_ip = server["InstanceId"], server["PrivateIpAddress"]
        for instance in (self.client_id, self.server_id):
            self._wait(
                lambda: ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running",
                f"instance {instance} to run",
            )
        self.client_router = f"lvpc-{vpc1}"
        self.log(f"localvpc: {vpc1} ⇄ {pcx} ⇄ {vpc2}; {self.client_id} → {self.server_id} ({self.server_ip})")

    def queued(self) -> int:
        """How many packets the client's router has queued to the evaluator so far: the last packet id of each of its
        queues (nfnetlink_queue's id_sequence), summed."""
        done = run(["ip", "netns", "exec", self.client_router, "cat", "/proc/net/netfilter/nfnetlink_queue"])
        return sum(int(line.split()[7]) for line in done.stdout.splitlines() if line.strip())

    @staticmethod
    def _wait(predicate: Callable[[], bool], what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise BenchError(f"timed out waiting for {what}")
            time.sleep(0.05)

    def runner(self, side: str) -> list[str]:
        instance = self.client_id if side == "client" else self.server_id
        return [str(self.binary), "instance", "exec", instance, "--endpoint-url", self.endpoint, "--"]


# ---------------------------------------------------------------------------------------------------------------------
# The report


@dataclass
class Row:
    metric: str
    unit: str
    veth: float
    localvpc: float
    goal: str
    passed: bool | None  # None: no goal

    @property
    def ratio(self) -> float:
        return self.localvpc / self.veth if self.veth else float("inf")


def rows(veth: Figures, lvpc: Figures) -> list[Row]:
    out = [
        Row("TCP throughput, one stream", "Gbit/s", veth.throughput_gbps, lvpc.throughput_gbps, "≥ 0.5× veth", lvpc.throughput_gbps >= 0.5 * veth.throughput_gbps),
        Row("ping round trip p50", "ms", veth.rtt_p50_ms, lvpc.rtt_p50_ms, "≤ 2× veth", lvpc.rtt_p50_ms <= 2 * veth.rtt_p50_ms),
        Row("ping round trip p99", "ms", veth.rtt_p99_ms, lvpc.rtt_p99_ms, "≤ 2× veth", lvpc.rtt_p99_ms <= 2 * veth.rtt_p99_ms),
        Row("new TCP connections", "/s", veth.new_flows_per_second, lvpc.new_flows_per_second, f"≥ {FLOW_GOAL:,}", lvpc.new_flows_per_second >= FLOW_GOAL),
        Row("CPU per gigabit", "CPU s/Gbit", veth.cpu_seconds_per_gbit, lvpc.cpu_seconds_per_gbit, "", None),
    ]
    return out


def number(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def table(report: list[Row], veth: bool = True, localvpc: bool = True) -> str:
    header = ["metric", "veth pair", "LocalVPC", "ratio", "goal", ""]
    both = veth and localvpc
    lines = [
        [
            f"{r.metric} ({r.unit})",
            number(r.veth) if veth else "—",
            number(r.localvpc) if localvpc else "—",
            f"{r.ratio:.2f}×" if both else "—",
            r.goal,
            "" if r.passed is None or not (localvpc and (veth or "veth" not in r.goal)) else ("pass" if r.passed else "FAIL"),
        ]
        for r in report
    ]
    widths = [max(len(x) for x in column) for column in zip(header, *lines)]
    render = lambda cells: " | ".join(c.ljust(w) if i == 0 or i >= 4 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()  # noqa: E731
    return "\n".join([render(header), "-+-".join("-" * w for w in widths), *map(render, lines)])


def machine() -> dict:
    """How loaded the machine is now: CPUs, load averages, and how busy the CPUs were over the last second."""
    before = CpuTimes.read()
    time.sleep(1)
    after = CpuTimes.read()
    busy = (after.busy - before.busy) / ((after.total - before.total) or 1)
    return {"cpus": os.cpu_count(), "loadavg": list(os.getloadavg()), "busy_fraction_before": round(busy, 3), "kernel": platform.release()}


# ---------------------------------------------------------------------------------------------------------------------


@dataclass
class Tools:
    connect_load: Path


def build_tools(workdir: Path) -> Tools:
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not compiler:
        raise BenchError("no C compiler (cc, gcc or clang) to build connect-load.c")
    output = workdir / "connect-load"
    run([compiler, "-O2", "-pthread", "-o", str(output), str(HERE / "connect-load.c")])
    return Tools(connect_load=output)


def preflight(options: argparse.Namespace) -> None:
    if platform.system() != "Linux" or os.geteuid() != 0:
        raise BenchError("the benchmark needs root on Linux (network namespaces)")
    for tool in ("ip", "ss", "ping", "iperf3"):
        if not shutil.which(tool):
            raise BenchError(f"{tool} is missing (apt-get install iproute2 iputils-ping iperf3)")
    if not options.skip_localvpc:
        if not options.localvpc.exists():
            raise BenchError(f"{options.localvpc} is missing: build it with `swift build -c release` (or give --localvpc)")
        try:
            import boto3  # noqa: F401
        except ImportError:
            raise BenchError("boto3 is missing (pip install boto3)") from None


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="Benchmarks/dataplane/bench.py",
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--localvpc", type=Path, default=REPO / ".build" / "release" / "localvpc", help="the release-built localvpc (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=5, help="iperf3's duration, -t (default: %(default)s)")
    parser.add_argument("--pings", type=int, default=300, help="pings in each round, one every 5 ms (default: %(default)s)")
    parser.add_argument("--ping-rounds", type=int, default=5, help="rounds of pings, the sides in turn (default: %(default)s)")
    parser.add_argument("--flow-seconds", type=float, default=5, help="how long connect-load connects (default: %(default)s)")
    parser.add_argument("--flow-workers", type=int, default=2, help="connect-load's threads (default: %(default)s)")
    parser.add_argument("--flow-concurrency", type=int, default=64, help="connects each thread keeps in flight (default: %(default)s)")
    parser.add_argument("--skip-veth", action="store_true", help="measure LocalVPC only (no ratios)")
    parser.add_argument("--skip-localvpc", action="store_true", help="measure the veth pair only")
    parser.add_argument("--keep-server", action="store_true", help="leave the LocalVPC server running at the end, until Enter (to look inside)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of the table")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    options = parse(argv)
    log = (lambda message: print(message, file=sys.stderr, flush=True)) if options.json else (lambda message: print(message, flush=True))

    # Ctrl-C and SIGTERM unwind through the `with` blocks, which remove what was made.
    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        preflight(options)
        load = machine()
        log(f"machine: {load['cpus']} CPUs, load average {load['loadavg'][0]:.2f}, {load['busy_fraction_before']:.0%} busy over the last second")
        veth, lvpc = Figures(), Figures()
        with tempfile.TemporaryDirectory(prefix="lvpc-bench-") as work, contextlib.ExitStack() as made:
            tools = build_tools(Path(work))
            pair = cloud = None
            targets: list[PingTarget] = []
            if not options.skip_veth:
                pair = made.enter_context(VethPair())
                log(f"veth pair: {pair.client_ns} ⇄ {pair.server_ns}")
                targets.append(PingTarget("veth pair", pair.runner, pair.server_ip, veth))
            if not options.skip_localvpc:
                cloud = made.enter_context(LocalVPC(options.localvpc, Path(work), log))
                targets.append(PingTarget("localvpc", cloud.runner, cloud.server_ip, lvpc))
            measure_round_trips(targets, options, log)
            if pair:
                measure("veth pair", pair.runner, pair.server_ip, veth, tools, options, log)
            if cloud:
                measure("localvpc", cloud.runner, cloud.server_ip, lvpc, tools, options, log, queued=cloud.queued)
                if options.keep_server:
                    log(f"server at {cloud.endpoint} (instances {cloud.client_id}, {cloud.server_id}); Enter (or end of input) stops it")
                    sys.stdin.readline()
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted; cleaned up", file=sys.stderr)
        return 130

    report = rows(veth, lvpc)
    compared = not options.skip_veth and not options.skip_localvpc
    if options.json:
        print(
            json.dumps(
                {
                    "machine": load,
                    "veth": None if options.skip_veth else asdict(veth),
                    "localvpc": None if options.skip_localvpc else asdict(lvpc),
                    "goals": [{"metric": r.metric, "goal": r.goal, "ratio": r.ratio, "passed": r.passed} for r in report if r.passed is not None] if compared else [],
                },
                indent=2,
            )
        )
    else:
        print()
        print(table(report, veth=not options.skip_veth, localvpc=not options.skip_localvpc))
        for name, figures in (("veth pair", veth), ("LocalVPC", lvpc)):
            if (name == "veth pair" and options.skip_veth) or (name == "LocalVPC" and options.skip_localvpc):
                continue
            print(
                f"{name}: {figures.rtt_samples} pings, round p50s "
                + " / ".join(f"{p * 1000:.0f}" for p in figures.rtt_round_p50s_ms)
                + f" µs; {figures.flows_connected:,} connections made, {figures.flows_accepted:,} accepted, "
                f"{figures.flows_failed} failed"
                + ("" if figures.flows_queued is None else f", {figures.flows_queued:,} first packets queued to the evaluator")
                + "; "
                f"{figures.retransmits} retransmits; machine {figures.cpu_busy_fraction_during_iperf:.0%} busy during iperf3"
                + "".join(f"; {note}" for note in figures.notes)
            )
    if not compared:
        return 0
    return 0 if all(r.passed for r in report if r.passed is not None) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
