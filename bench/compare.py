#!/usr/bin/env python3
"""LocalVPC against moto's server: the same EC2 workload against both, in one run, figures side by side.

    python3 bench/compare.py            # full run, about 6 minutes on a 2-core machine
    python3 bench/compare.py --quick    # smoke check, about 1 minute
    (also: --localvpc-bin PATH, --clients N, --moto-seed-seconds S, --skip-ephemeral, --skip-moto, --json FILE)

It builds LocalVPC's server as it would be shipped: the `localvpc-server` product (the server alone, without
the client commands' HTTP and XML libraries), release, with the Swift runtime linked in
(`swift build -c release --static-swift-stdlib --product localvpc-server --scratch-path .build-bench`; or pass
`--localvpc-bin PATH`, a `localvpc` or `localvpc-server` binary), installs `moto[server]` from PyPI with pip if it is missing, and then runs the
workload three times, each against a fresh server listening on 127.0.0.1 only:

  1. LocalVPC with its default durable SQLite state (`./.localvpc` in a temporary folder): the headline;
  2. LocalVPC with `--ephemeral` (state in memory only);
  3. moto (`python3 -m moto.server -H 127.0.0.1 -p PORT`).

The workload, identical for all three (each part in its own account, so the parts do not see each other):
  - start: time from process start until an EC2 DescribeRegions answers 200 (median of several fresh starts),
    and resident memory (VmRSS) once idle;
  - writes, by concurrent keep-alive clients (one process each): CreateVpc, CreateSubnet,
    CreateVpcPeeringConnection (a chain of VPCs), AcceptVpcPeeringConnection, CreateRoute (both ways over
    each peering) and RunInstances (one per subnet): req/s, p50, p99;
  - large describes over a cloud of 250 VPCs with a subnet, an instance, peerings and routes each:
    DescribeVpcs, DescribeVpcPeeringConnections filtered on status-code=active, DescribeRouteTables,
    DescribeInstances: req/s, p50, p99; then resident memory after the load;
  - scale: DescribeVpcs by id, by tag:Name and by cidr filter, one client, at 100 VPCs and again at 10,000
    (moto is seeded for at most --moto-seed-seconds and measured at whatever it reached).

Every phase is bounded in requests and in seconds. Servers are stopped on exit, Ctrl-C included. Per phase,
the report also shows how many cores the server, the client processes and anything else kept busy, so a
client-bound or disturbed measurement shows. Run it on an otherwise idle machine.
Requests carry a SigV4-shaped Authorization header (scope us-east-1/ec2) with a placeholder signature:
neither LocalVPC nor moto (by default) checks signatures.
"""
import argparse
import ctypes
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loadgen import Connection, Pool, ec2_request  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROBE_ACCOUNT = "123456789012"
WRITE_ACCOUNT = "111111111111"
DESCRIBE_ACCOUNT = "222222222222"
SCALE_ACCOUNT = "333333333333"

VPC_RX = r"<vpcId>(vpc-[0-9a-f]+)</vpcId>"
SUBNET_RX = r"<subnetId>(subnet-[0-9a-f]+)</subnetId>"
PCX_RX = r"<vpcPeeringConnectionId>(pcx-[0-9a-f]+)</vpcPeeringConnectionId>"
ACTIVE_RX = r"<code>(active|provisioning)</code>"  # LocalVPC answers provisioning, as AWS does
TRUE_RX = r"<return>(true)</return>"
INSTANCE_RX = r"<instanceId>(i-[0-9a-f]+)</instanceId>"

WRITE_OPS = ["CreateVpc", "CreateSubnet", "CreateVpcPeeringConnection", "AcceptVpcPeeringConnection",
             "CreateRoute", "RunInstances"]
DESCRIBES = [
    ("DescribeVpcs", {"Action": "DescribeVpcs"}, r"<vpcId>(vpc-[0-9a-f]+)</vpcId>"),
    ("DescribeVpcPeeringConnections status-code=active",
     {"Action": "DescribeVpcPeeringConnections", "Filter.1.Name": "status-code", "Filter.1.Value.1": "active"},
     r"<vpcPeeringConnectionId>(pcx-[0-9a-f]+)</vpcPeeringConnectionId>"),
    ("DescribeRouteTables", {"Action": "DescribeRouteTables"}, r"<routeTableId>(rtb-[0-9a-f]+)</routeTableId>"),
    # moto pages DescribeInstances at 100 reservations unless asked for more; AWS's maximum page is 1000
    ("DescribeInstances MaxResults=1000", {"Action": "DescribeInstances", "MaxResults": "1000"},
     r"<instanceId>(i-[0-9a-f]+)</instanceId>"),
]
LOOKUPS = ["by id (VpcId.1)", "by filter tag:Name", "by filter cidr"]

FULL = dict(starts=5, writes=1500, write_seconds=30, describe_vpcs=250, describe_count=5000, describe_seconds=10,
            scale_small=100, scale_large=10000, lookups=1000, lookup_seconds=8, moto_seed_seconds=60,
            localvpc_seed_seconds=240)
QUICK = dict(starts=1, writes=150, write_seconds=15, describe_vpcs=200, describe_count=300, describe_seconds=3,
             scale_small=100, scale_large=2000, lookups=150, lookup_seconds=2, moto_seed_seconds=10,
             localvpc_seed_seconds=60)

GOALS = {"writes": 25, "describes": 50, "start": 15, "memory": 4, "lookup_growth": 2}


def cidr(i: int) -> str:
    return f"10.{i // 256}.{i % 256}.0/24"


def subnet_cidr(i: int) -> str:
    return f"10.{i // 256}.{i % 256}.0/25"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has been busy (all processes), from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def die_with_parent() -> None:
    """In the child before exec: SIGKILL it if this script dies (even by kill -9), so no server is left over."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Server:
    """One server process under test, started in its own session so Ctrl-C reaches only this script."""

    def __init__(self, label: str, argv, cwd: str):
        self.label, self.argv, self.cwd = label, argv, cwd
        self.proc = None
        self.port = None
        self.log_path = os.path.join(cwd, "server.log")

    def start(self, timeout: float = 120) -> float:
        self.port = free_port()
        log = open(self.log_path, "ab")
        probe = Connection(self.port, timeout=10)
        request = ec2_request(self.port, PROBE_ACCOUNT, {"Action": "DescribeRegions"})
        began = time.monotonic()
        self.proc = subprocess.Popen(self.argv(self.port), cwd=self.cwd, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=die_with_parent)
        log.close()
        while time.monotonic() - began < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.label} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                status, _ = probe.exchange(request)
                if status == 200:
                    elapsed = time.monotonic() - began
                    probe.close()
                    return elapsed
            except OSError:
                probe.close()
            time.sleep(0.002)
        raise RuntimeError(f"{self.label} did not answer DescribeRegions within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-2000:].decode(errors="replace")
        except OSError:
            return ""

    def pids(self) -> list[int]:
        found, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            try:
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children") as f:
                        todo += [int(c) for c in f.read().split()]
            except OSError:
                pass
        return found

    def rss_mib(self, field: str = "VmRSS") -> float:
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/status") as f:
                    total += next(int(line.split()[1]) for line in f if line.startswith(field + ":"))
            except (OSError, StopIteration):
                pass
        return total / 1024

    def cpu_seconds(self) -> float:
        total = 0.0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except OSError:
                pass
        return total

    def call(self, account: str, params: dict) -> bytes:
        conn = Connection(self.port)
        try:
            status, body = conn.exchange(ec2_request(self.port, account, params))
        finally:
            conn.close()
        if status != 200:
            raise RuntimeError(f"{self.label}: {params.get('Action')} answered {status}: {body[:500]!r}")
        return body

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


class Run:
    """The workload against one kind of server; collects the figures in `self.r`."""

    def __init__(self, label: str, launch, cfg: dict, pool: Pool, clients: int):
        self.label, self.launch, self.cfg, self.pool, self.clients = label, launch, cfg, pool, clients
        self.server = None
        self.r = {"label": label, "phases": {}, "notes": []}

    def say(self, text: str) -> None:
        print(f"  [{self.label}] {text}", flush=True)

    def phase(self, group, name, requests, *, pattern=None, clients=None, max_seconds=None) -> dict:
        before = [0.0, 0.0]

        def on_start():
            before[:] = [self.server.cpu_seconds(), busy_cpu_seconds()]
        res = self.pool.run(self.server.port, requests, pattern=pattern, clients=clients or self.clients,
                            max_seconds=max_seconds or self.cfg["write_seconds"], on_start=on_start)
        res["server_cpu"] = self.server.cpu_seconds() - before[0]
        res["other_cpu"] = max(0.0, busy_cpu_seconds() - before[1] - res["server_cpu"] - res["client_cpu"])
        capped = f", stopped at the {max_seconds or self.cfg['write_seconds']:.0f} s bound" if res["capped"] else ""
        errors = f", {res['errors']} ERRORS (first: {res['first_error']})" if res["errors"] else ""
        self.say(f"{'seed ' if group is None else ''}{name}: {res['ok']}/{res['requested']} in {res['wall']:.2f} s "
                 f"= {res['rate']:,.0f}/s, p50 {res['p50'] * 1e3:.2f} ms, p99 {res['p99'] * 1e3:.2f} ms; "
                 f"server {res['server_cpu'] / res['wall']:.2f} cores, client {res['client_cpu'] / res['wall']:.2f} "
                 f"cores, other processes {res['other_cpu'] / res['wall']:.2f} cores{capped}{errors}")
        if group is not None:
            stored = {k: v for k, v in res.items() if k != "ids"}
            self.r["phases"][f"{group}/{name}"] = stored
        if res["errors"]:
            self.r["notes"].append(f"{group or 'seed'}/{name}: {res['errors']} errors, first: {res['first_error']}")
        return res

    def main_route_tables(self, account: str) -> dict:
        body = self.server.call(account, {"Action": "DescribeRouteTables", "Filter.1.Name": "association.main",
                                          "Filter.1.Value.1": "true"})
        found = {}
        for element in ET.fromstring(body).iter():
            if element.tag.rsplit("}", 1)[-1] != "routeTableSet":
                continue
            for item in element:
                fields = {child.tag.rsplit("}", 1)[-1]: child.text for child in item}
                found[fields.get("vpcId")] = fields.get("routeTableId")
        return found

    def network(self, account: str, n: int, group) -> None:
        """n VPCs in a chain of peerings, each with a subnet, an instance and routes both ways."""
        req = lambda params: ec2_request(self.server.port, account, params)  # noqa: E731
        res = self.phase(group, "CreateVpc", [req({
            "Action": "CreateVpc", "CidrBlock": cidr(i), "TagSpecification.1.ResourceType": "vpc",
            "TagSpecification.1.Tag.1.Key": "Name", "TagSpecification.1.Tag.1.Value": f"bench-{i}"})
            for i in range(n)], pattern=VPC_RX)
        vpcs = [(i, res["ids"][i]) for i in sorted(res["ids"])]
        res = self.phase(group, "CreateSubnet", [req({"Action": "CreateSubnet", "VpcId": vpc,
                                                     "CidrBlock": subnet_cidr(i)}) for i, vpc in vpcs],
                         pattern=SUBNET_RX)
        subnets = [res["ids"][k] for k in sorted(res["ids"])]
        tables = self.main_route_tables(account)
        pairs = list(zip(vpcs, vpcs[1:]))
        res = self.phase(group, "CreateVpcPeeringConnection", [req({
            "Action": "CreateVpcPeeringConnection", "VpcId": a, "PeerVpcId": b}) for (_, a), (_, b) in pairs],
            pattern=PCX_RX)
        peerings = [(pairs[k], res["ids"][k]) for k in sorted(res["ids"])]
        self.phase(group, "AcceptVpcPeeringConnection", [req({
            "Action": "AcceptVpcPeeringConnection", "VpcPeeringConnectionId": pcx}) for _, pcx in peerings],
            pattern=ACTIVE_RX)
        routes = []
        for ((i, a), (j, b)), pcx in peerings:
            routes.append(req({"Action": "CreateRoute", "RouteTableId": tables.get(a, "rtb-missing"),
                               "DestinationCidrBlock": cidr(j), "VpcPeeringConnectionId": pcx}))
            routes.append(req({"Action": "CreateRoute", "RouteTableId": tables.get(b, "rtb-missing"),
                               "DestinationCidrBlock": cidr(i), "VpcPeeringConnectionId": pcx}))
        self.phase(group, "CreateRoute", routes, pattern=TRUE_RX)
        self.phase(group, "RunInstances", [req({
            "Action": "RunInstances", "ImageId": "ami-12345678", "InstanceType": "t3.micro", "SubnetId": subnet,
            "MinCount": "1", "MaxCount": "1"}) for subnet in subnets], pattern=INSTANCE_RX)

    def lookups(self, vpcs: dict, at: str) -> None:
        # Each lookup names a VPC no earlier lookup of the phase named, at either scale: a repeat would be answered
        # from the server's cache of rendered describes (LocalVPC's DescribeAnswerCache), and drawn with repetition
        # from 100 VPCs nine in ten lookups are repeats where at 10,000 few are, so the growth compared a cache hit
        # with a miss. The one checked first is not among those timed, for the same reason.
        rng = random.Random(6)
        *targets, checked = rng.sample(sorted(vpcs.items()), k=min(self.cfg["lookups"], len(vpcs) - 1) + 1)
        port = self.server.port
        kinds = {
            LOOKUPS[0]: lambda i, vpc: {"Action": "DescribeVpcs", "VpcId.1": vpc},
            LOOKUPS[1]: lambda i, vpc: {"Action": "DescribeVpcs", "Filter.1.Name": "tag:Name",
                                        "Filter.1.Value.1": f"scale-{i}"},
            LOOKUPS[2]: lambda i, vpc: {"Action": "DescribeVpcs", "Filter.1.Name": "cidr",
                                        "Filter.1.Value.1": cidr(i)},
        }
        for kind, params in kinds.items():
            i, vpc = checked
            found = set(re.findall(VPC_RX, self.server.call(SCALE_ACCOUNT, params(i, vpc)).decode()))
            if found != {vpc}:
                self.r["notes"].append(f"lookup {kind} at {at} VPCs answered {sorted(found)[:5]} instead of {vpc}")
            self.phase(f"lookup@{at}", kind, [ec2_request(port, SCALE_ACCOUNT, params(i, vpc)) for i, vpc in targets],
                       pattern=VPC_RX, clients=1, max_seconds=self.cfg["lookup_seconds"])

    def seed_scale(self, vpcs: dict, start: int, stop: int, seconds: float) -> None:
        res = self.phase(None, f"CreateVpc {start}..{stop - 1} (scale)", [ec2_request(self.server.port, SCALE_ACCOUNT, {
            "Action": "CreateVpc", "CidrBlock": cidr(i), "TagSpecification.1.ResourceType": "vpc",
            "TagSpecification.1.Tag.1.Key": "Name", "TagSpecification.1.Tag.1.Value": f"scale-{i}"})
            for i in range(start, stop)], pattern=VPC_RX, max_seconds=seconds)
        for k, vpc in res["ids"].items():
            vpcs[start + k] = vpc
        self.r.setdefault("scale_seed", []).append({"from": start, "to": stop, "ok": res["ok"], "wall": res["wall"],
                                                    "rate": res["rate"]})

    def execute(self, seed_seconds: float) -> dict:
        cfg, r = self.cfg, self.r
        try:
            starts = []
            for attempt in range(cfg["starts"]):
                self.server = self.launch()
                starts.append(self.server.start())
                if attempt + 1 < cfg["starts"]:
                    self.server.stop()
            r["start"], r["starts"] = statistics.median(starts), starts
            self.say("start to first answered DescribeRegions: " + ", ".join(f"{s * 1e3:.0f} ms" for s in starts))
            time.sleep(1.0)
            r["rss_idle"] = self.server.rss_mib()
            r["rss_idle_anon"] = self.server.rss_mib("RssAnon")
            r["rss_idle_file"] = self.server.rss_mib("RssFile")

            self.network(WRITE_ACCOUNT, cfg["writes"], "write")

            self.network(DESCRIBE_ACCOUNT, cfg["describe_vpcs"], None)
            r["describe_items"] = {}
            for name, params, item_rx in DESCRIBES:
                body = self.server.call(DESCRIBE_ACCOUNT, params).decode()
                r["describe_items"][name] = {"items": len(set(re.findall(item_rx, body))), "bytes": len(body)}
                self.phase("describe", name, [ec2_request(self.server.port, DESCRIBE_ACCOUNT, params)]
                           * cfg["describe_count"], max_seconds=cfg["describe_seconds"])
            time.sleep(0.5)
            r["rss_load"] = self.server.rss_mib()

            vpcs: dict[int, str] = {}
            self.seed_scale(vpcs, 0, cfg["scale_small"], 60)
            r["scale_small"] = len(vpcs)
            self.lookups(dict(vpcs), "small")
            self.seed_scale(vpcs, cfg["scale_small"], cfg["scale_large"], seed_seconds)
            r["scale_large"] = len(vpcs)
            self.lookups(dict(vpcs), "large")
            r["rss_scale"] = self.server.rss_mib()
            self.say(f"RSS: idle {r['rss_idle']:.1f} MiB, after writes and describes {r['rss_load']:.1f} MiB, "
                     f"with {len(vpcs):,} more VPCs {r['rss_scale']:.1f} MiB")
        finally:
            if self.server is not None:
                self.server.stop()
        return r


# ---------------------------------------------------------------------------------------------------- set-up


def build_localvpc() -> str:
    scratch = os.path.join(REPO, ".build-bench")
    command = ["swift", "build", "--quiet", "-c", "release", "--static-swift-stdlib", "--product", "localvpc-server",
               "--scratch-path", scratch]
    print("building LocalVPC:", " ".join(command), flush=True)
    if subprocess.run(command, cwd=REPO).returncode != 0:
        sys.exit("the release build failed; fix it or pass --localvpc-bin PATH")
    return os.path.join(scratch, "release", "localvpc-server")


def ensure_moto() -> None:
    check = [sys.executable, "-c", "import moto.server"]
    if subprocess.run(check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
        return
    print("installing moto[server] from PyPI with pip", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "moto[server]"], check=True)
    subprocess.run(check, check=True)


def output_of(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip() or "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def machine(binary: str) -> list[tuple[str, str]]:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = next(int(line.split()[1]) for line in f if line.startswith("MemTotal:"))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    moto = output_of([sys.executable, "-c", "import importlib.metadata as m; print(m.version('moto'))"])
    commit = output_of(["git", "-C", REPO, "describe", "--always", "--dirty"])
    return [
        ("date", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("cpu", f"{os.cpu_count()} × {cpu} (nproc {output_of(['nproc'])})"),
        ("memory", memory),
        ("kernel", output_of(["uname", "-a"])),
        ("load", "load average " + " ".join(open("/proc/loadavg").read().split()[:3]) + " (1, 5, 15 min) before the run"),
        ("python", f"{platform.python_version()} ({sys.executable})"),
        ("moto", moto),
        ("LocalVPC", f"{output_of([binary, '--version'])} ({binary}); repo at {commit}"),
        ("swift", output_of(["swift", "--version"]).splitlines()[0] if shutil.which("swift") else "not on PATH"),
    ]


# ---------------------------------------------------------------------------------------------------- report


def fmt(value, kind: str) -> str:
    if value is None or value != value:
        return "—"
    if kind == "rate":
        return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"
    if kind == "ms":
        ms = value * 1e3
        return f"{ms:.3f}" if ms < 1 else f"{ms:.2f}" if ms < 100 else f"{ms:,.0f}"
    if kind == "mib":
        return f"{value:.1f}"
    return str(value)


def growth(x) -> str:
    return "—" if not x else f"{x:.2f}×" if x < 10 else f"{x:.1f}×" if x < 100 else f"{x:,.0f}×"


def advantage(moto, local, higher_is_better: bool):
    if moto is None or local is None or moto != moto or local != local or moto <= 0 or local <= 0:
        return None
    return local / moto if higher_is_better else moto / local


def report(results: dict, cfg: dict, clients: int, machine_info, quick: bool) -> list[tuple[str, bool, str]]:
    moto, durable, ephemeral = results.get("moto"), results.get("durable"), results.get("ephemeral")
    goals: list[tuple[str, bool, str]] = []
    width = 46

    def cell(x, w=12):
        return f"{x:>{w}}"

    def row(label, kind, get, higher_is_better, goal=None, goal_label=None):
        values = {k: (get(v) if v else None) for k, v in (("moto", moto), ("durable", durable),
                                                          ("ephemeral", ephemeral))}
        adv = advantage(values["moto"], values["durable"], higher_is_better)
        adv_e = advantage(values["moto"], values["ephemeral"], higher_is_better)
        verdict = ""
        if goal is not None and adv is not None:
            verdict = "PASS" if adv >= goal else "MISS"
            goals.append((goal_label or label.strip(), adv >= goal, f"{adv:.1f}× vs ≥{goal}×"))
        print(f"{label:<{width}}{cell(fmt(values['moto'], kind))}{cell(fmt(values['durable'], kind))}"
              f"{cell(f'{adv:.1f}×' if adv else '—', 11)}{cell(f'≥{goal}×' if goal else '', 7)}{cell(verdict, 6)}"
              f"{cell(fmt(values['ephemeral'], kind))}{cell(f'{adv_e:.1f}×' if adv_e else '—', 11)}")

    def phase_value(key, field):
        return lambda r: r["phases"].get(key, {}).get(field)

    print()
    print("=" * 118)
    print(f"LocalVPC vs moto — bench/compare.py{' --quick' if quick else ''}")
    print("=" * 118)
    for key, value in machine_info:
        print(f"{key:>9}: {value}")
    print(f"{'workload':>9}: {clients} concurrent keep-alive clients (one process each) for writes and describes, "
          f"1 for lookups; all on 127.0.0.1")
    print()
    print("'advantage' = how many times better LocalVPC is: LocalVPC/moto for req/s; moto/LocalVPC for latencies,")
    print("start time and memory. Higher is better for LocalVPC; goals are on the durable (default) LocalVPC.")
    print()
    print(f"{'':<{width}}{cell('moto')}{cell('LocalVPC')}{cell('advantage', 11)}{cell('goal', 7)}{cell('', 6)}"
          f"{cell('LocalVPC')}{cell('advantage', 11)}")
    print(f"{'':<{width}}{cell('')}{cell('durable')}{cell('', 11)}{cell('', 7)}{cell('', 6)}"
          f"{cell('ephemeral')}{cell('', 11)}")

    print(f"Writes ({cfg['writes']:,} VPCs: each op once per VPC or peering)")
    for op in WRITE_OPS:
        key = f"write/{op}"
        row(f"  {op} req/s", "rate", phase_value(key, "rate"), True, GOALS["writes"])
        row("      p50 ms", "ms", phase_value(key, "p50"), False)
        row("      p99 ms", "ms", phase_value(key, "p99"), False)

    def all_writes(r):
        phases = [r["phases"].get(f"write/{op}") for op in WRITE_OPS]
        if not all(phases):
            return None
        return sum(p["ok"] for p in phases) / sum(p["wall"] for p in phases)
    row("  all writes together req/s", "rate", all_writes, True, GOALS["writes"])

    print(f"Large describes ({cfg['describe_vpcs']} VPCs, each with a subnet, an instance, peerings and routes)")
    for name, _, _ in DESCRIBES:
        key = f"describe/{name}"
        items = " / ".join(f"{results[k]['describe_items'][name]['items']}" for k in ("moto", "durable", "ephemeral")
                           if results.get(k) and "describe_items" in results[k])
        kib = " / ".join(f"{results[k]['describe_items'][name]['bytes'] / 1024:.0f}" for k in
                         ("moto", "durable", "ephemeral") if results.get(k) and "describe_items" in results[k])
        print(f"  {name}  [items: {items}; KiB: {kib}]")
        row("      req/s", "rate", phase_value(key, "rate"), True, GOALS["describes"], f"{name} req/s")
        row("      p50 ms", "ms", phase_value(key, "p50"), False)
        row("      p99 ms", "ms", phase_value(key, "p99"), False)

    print("Start and memory")
    row(f"  start to first answer ms (median of {cfg['starts']})", "ms", lambda r: r.get("start"), False,
        GOALS["start"])
    row("  RSS idle MiB", "mib", lambda r: r.get("rss_idle"), False, GOALS["memory"])
    row("      of which anonymous (RssAnon)", "mib", lambda r: r.get("rss_idle_anon"), False)
    row("      of which mapped files (RssFile)", "mib", lambda r: r.get("rss_idle_file"), False)
    row("  RSS after writes and describes MiB", "mib", lambda r: r.get("rss_load"), False, GOALS["memory"])
    row("  RSS after the scale seeding MiB", "mib", lambda r: r.get("rss_scale"), False)

    print()
    print(f"Scale: DescribeVpcs lookups, one client, p50 / p99 ms at {cfg['scale_small']} VPCs and at "
          f"{cfg['scale_large']:,} (growth = large/small; goal: LocalVPC ≤ {GOALS['lookup_growth']}×)")
    reached = ", ".join(f"{results[k]['label']}: {results[k].get('scale_large', 0):,}"
                        for k in ("moto", "durable", "ephemeral") if results.get(k))
    print(f"  VPCs reached: {reached}")
    for k in ("moto", "durable", "ephemeral"):
        seeds = results.get(k, {}).get("scale_seed") if results.get(k) else None
        if seeds and len(seeds) > 1:
            s = seeds[1]
            print(f"  {results[k]['label']}: seeded VPCs {s['from']:,}..{s['from'] + s['ok'] - 1:,} at "
                  f"{s['rate']:,.0f} CreateVpc/s ({s['wall']:.1f} s)")
    print(f"  {'lookup':<22}{'server':<20}{'p50 small':>11}{'p50 large':>11}{'growth':>9}"
          f"{'p99 small':>11}{'p99 large':>11}{'growth':>9}{'goal':>7}{'':>6}")
    for kind in LOOKUPS:
        for k in ("durable", "ephemeral", "moto"):
            r = results.get(k)
            if not r:
                continue
            small = r["phases"].get(f"lookup@small/{kind}", {})
            large = r["phases"].get(f"lookup@large/{kind}", {})
            g50 = large.get("p50", 0) / small["p50"] if small.get("p50") else None
            g99 = large.get("p99", 0) / small["p99"] if small.get("p99") else None
            verdict, goal = "", ""
            if k == "durable" and g50:
                goal, verdict = f"≤{GOALS['lookup_growth']}×", "PASS" if g50 <= GOALS["lookup_growth"] else "MISS"
                goals.append((f"lookup {kind} at {r['scale_large']:,} vs {r['scale_small']} VPCs", g50 <= GOALS[
                    "lookup_growth"], f"p50 {g50:.2f}× vs ≤{GOALS['lookup_growth']}×"))
            print(f"  {kind if k == 'durable' else '':<22}{r['label']:<20}{fmt(small.get('p50'), 'ms'):>11}"
                  f"{fmt(large.get('p50'), 'ms'):>11}{growth(g50):>9}"
                  f"{fmt(small.get('p99'), 'ms'):>11}{fmt(large.get('p99'), 'ms'):>11}"
                  f"{growth(g99):>9}{goal:>7}{verdict:>6}")
        lat_m = results.get("moto", {}).get("phases", {}).get(f"lookup@large/{kind}", {}).get("p50") \
            if results.get("moto") else None
        lat_d = durable["phases"].get(f"lookup@large/{kind}", {}).get("p50") if durable else None
        if lat_m and lat_d:
            print(f"  {'':<22}(LocalVPC durable at {durable['scale_large']:,} VPCs vs moto at {moto['scale_large']:,}: "
                  f"p50 {advantage(lat_m, lat_d, False):.{1 if lat_m / lat_d < 10 else 0}f}× lower)")

    print()
    print("Where the time went: per phase, CPU cores kept busy by the server, by the client processes and by")
    print(f"anything else on the machine (from /proc/stat; other > 0.1 means the figures were disturbed; all three are")
    print(f"clock-tick grained, so rough for phases under ~0.5 s); {os.cpu_count()} cores in all")
    print(f"  {'phase':<62}{'ok':>7}{'errors':>7}{'wall s':>8}{'req/s':>9}{'server':>8}{'client':>8}{'other':>7}")
    for k in ("durable", "ephemeral", "moto"):
        r = results.get(k)
        if not r:
            continue
        print(f"  {r['label']}")
        for key, p in r["phases"].items():
            capped = " (time bound hit)" if p["capped"] else ""
            print(f"    {key:<60}{p['ok']:>7}{p['errors']:>7}{p['wall']:>8.2f}{fmt(p['rate'], 'rate'):>9}"
                  f"{p['server_cpu'] / p['wall']:>8.2f}{p['client_cpu'] / p['wall']:>8.2f}"
                  f"{p['other_cpu'] / p['wall']:>7.2f}{capped}")
        for note in r["notes"]:
            print(f"    note: {note}")
    errors = sum(p["errors"] for r in results.values() if r for p in r["phases"].values())
    print(f"  errors in measured phases, all servers: {errors}")
    disturbed = [f"{r['label']} {key} ({p['other_cpu'] / p['wall']:.2f} cores)" for r in results.values() if r
                 for key, p in r["phases"].items() if p["wall"] >= 1 and p["other_cpu"] / p["wall"] > 0.25]
    if disturbed:
        print("  WARNING: other processes were busy during " + ", ".join(disturbed[:6])
              + (f" and {len(disturbed) - 6} more" if len(disturbed) > 6 else "") + ": rerun on a quiet machine")

    print()
    print("Goals (issue 6), on LocalVPC with its default durable state:")
    for label, ok, detail in goals:
        print(f"  {'PASS' if ok else 'MISS'}  {label}: {detail}")
    passed = sum(ok for _, ok, _ in goals)
    print(f"  {passed}/{len(goals)} met")
    return goals


# ---------------------------------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--quick", action="store_true", help="reduced workload, a smoke check under 2 minutes")
    parser.add_argument("--localvpc-bin", help="use this localvpc binary instead of building the release one")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client processes (default 8)")
    parser.add_argument("--moto-seed-seconds", type=float,
                        help="time budget to seed moto toward the large scale (default 60, --quick 10)")
    parser.add_argument("--skip-ephemeral", action="store_true", help="only the durable LocalVPC and moto")
    parser.add_argument("--skip-moto", action="store_true", help="only LocalVPC (no ratios)")
    parser.add_argument("--json", help="also write the raw figures to this file")
    args = parser.parse_args()
    cfg = dict(QUICK if args.quick else FULL)
    if args.moto_seed_seconds is not None:
        cfg["moto_seed_seconds"] = args.moto_seed_seconds
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored

    binary = os.path.abspath(args.localvpc_bin) if args.localvpc_bin else build_localvpc()
    if not os.access(binary, os.X_OK):
        sys.exit(f"no executable LocalVPC binary at {binary}")
    if not args.skip_moto:
        ensure_moto()
    info = machine(binary)

    began = time.monotonic()
    pool = Pool(args.clients)
    root = tempfile.mkdtemp(prefix="localvpc-compare-")
    results: dict = {}
    try:
        def localvpc(label, ephemeral):
            def launch():
                folder = tempfile.mkdtemp(dir=root)
                return Server(label, lambda port: [binary, "serve", "--host", "127.0.0.1", "--port", str(port),
                                                   *(["--ephemeral"] if ephemeral else []), "--log-level", "warning",
                                                   # The API against moto's: no instance namespaces, even as root.
                                                   "--data-plane", "off"],
                              folder)
            return launch

        def moto():
            folder = tempfile.mkdtemp(dir=root)
            return Server("moto", lambda port: [sys.executable, "-m", "moto.server", "-H", "127.0.0.1",
                                                "-p", str(port)], folder)

        plan = [("durable", "LocalVPC durable", localvpc("LocalVPC durable", False), cfg["localvpc_seed_seconds"])]
        if not args.skip_ephemeral:
            plan.append(("ephemeral", "LocalVPC ephemeral", localvpc("LocalVPC ephemeral", True),
                         cfg["localvpc_seed_seconds"]))
        if not args.skip_moto:
            plan.append(("moto", "moto", moto, cfg["moto_seed_seconds"]))
        for key, label, launch, seed_seconds in plan:
            print(f"running the workload against {label}", flush=True)
            results[key] = Run(label, launch, cfg, pool, args.clients).execute(seed_seconds)
    finally:
        pool.close()
        shutil.rmtree(root, ignore_errors=True)

    goals = report(results, cfg, args.clients, info, args.quick)
    print(f"\n(total run time {time.monotonic() - began:.0f} s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": dict(info), "config": cfg, "clients": args.clients, "results": results,
                       "goals": goals}, f, indent=1, default=str)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("interrupted; servers stopped")
