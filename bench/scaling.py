#!/usr/bin/env python3
"""Describes and launches that stay linear: what each item of an answer costs as the region grows.

Starts `localvpc serve --ephemeral --data-plane off` on a free port and builds one account's region twice, the second
time `--factor` times the first: one VPC with an internet gateway and `--subnets` subnets, each with `--per-subnet`
instances (Name-tagged, so DescribeTags lists them), a security group with one rule, a route table associated with
it, a network ACL, and an Elastic IP on one instance in ten. At each size it times, with one client, every describe
of the whole region (page by page where the action pages, 1,000 to a page), each describe of one subnet and of one
instance by id, and a launch into an empty subnet. Each describe is timed just after a write (a CreateTags), so no
answer comes from the server's describe cache.

It prints the microseconds each item cost at both sizes and their ratio. An answer built in time linear in its size
costs the same per item at any size (a ratio near 1); a ratio near the factor means each item's cost grows with the
region (work per item proportional to the VPC or the region: a subnet's free addresses counted by a pass over its VPC
was one, fixed 2026-12-06). Issue 16's goal: RunInstances and large describes are linear; the report flags ratios over
2. This is a measurement, not a test: it exits non-zero only with `--check` and a ratio over 2.

  python3 bench/scaling.py --localvpc-bin .build/release/localvpc [--subnets 25] [--per-subnet 40] [--factor 4]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import Connection, ec2_request, free_port, wait_until_listening  # noqa: E402

ACCOUNT = "333333333333"
IMAGE = "ami-0abcdef1234567890"
GOAL = 2.0

# Each describe of the whole region: its parameters, and the element naming one item (counted once per id).
WHOLE_REGION = [
    ("DescribeVpcs", {}, "vpcId"),
    ("DescribeSubnets", {}, "subnetId"),
    ("DescribeInstances", {"MaxResults": "1000"}, "instanceId"),
    ("DescribeNetworkInterfaces", {"MaxResults": "1000"}, "networkInterfaceId"),
    ("DescribeSecurityGroups", {"MaxResults": "1000"}, "groupId"),
    ("DescribeSecurityGroupRules", {"MaxResults": "1000"}, "securityGroupRuleId"),
    ("DescribeRouteTables", {"MaxResults": "100"}, "routeTableId"),
    ("DescribeNetworkAcls", {"MaxResults": "100"}, "networkAclId"),
    ("DescribeAddresses", {}, "allocationId"),
    ("DescribeVolumes", {"MaxResults": "1000"}, "volumeId"),
    ("DescribeInstanceStatus", {"MaxResults": "1000", "IncludeAllInstances": "true"}, "instanceId"),
    ("DescribeTags", {"MaxResults": "1000"}, None),
]



class Region:
    """The account's region as built so far, through one keep-alive connection."""

    def __init__(self, port: int):
        self.port = port
        self.conn = Connection(port, timeout=600)
        self.subnets: list[str] = []
        self.instances: list[str] = []
        self.writes = 0
        self.launches = 0

    def call(self, params: dict) -> bytes:
        status, body = self.conn.exchange(ec2_request(self.port, ACCOUNT, params))
        if status != 200:
            raise SystemExit(f"{params['Action']}: HTTP {status}: {body[:300]!r}")
        return body

    def first(self, params: dict, element: str) -> str:
        found = re.search(rb"<" + element.encode() + rb">([^<]+)</", self.call(params))
        if not found:
            raise SystemExit(f"{params['Action']}: no {element} in the answer")
        return found.group(1).decode()

    def create_vpc(self) -> None:
        self.vpc = self.first({"Action": "CreateVpc", "CidrBlock": "10.0.0.0/16"}, "vpcId")
        gateway = self.first({"Action": "CreateInternetGateway"}, "internetGatewayId")
        self.call({"Action": "AttachInternetGateway", "InternetGatewayId": gateway, "VpcId": self.vpc})

    def grow_to(self, subnets: int, per_subnet: int) -> None:
        """Adds subnets, each with its instances, group, route table, ACL and Elastic IPs, up to `subnets`."""
        while len(self.subnets) < subnets:
            n = len(self.subnets)
            subnet = self.first({"Action": "CreateSubnet", "VpcId": self.vpc, "CidrBlock": f"10.0.{n}.0/24"}, "subnetId")
            self.subnets.append(subnet)
            group = self.first({"Action": "CreateSecurityGroup", "GroupName": f"g{n}", "GroupDescription": "scaling",
                                "VpcId": self.vpc}, "groupId")
            self.call({"Action": "AuthorizeSecurityGroupIngress", "GroupId": group, "IpPermissions.1.IpProtocol": "tcp",
                       "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22",
                       "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/16"})
            table = self.first({"Action": "CreateRouteTable", "VpcId": self.vpc}, "routeTableId")
            self.call({"Action": "AssociateRouteTable", "RouteTableId": table, "SubnetId": subnet})
            self.call({"Action": "CreateNetworkAcl", "VpcId": self.vpc})
            body = self.call({"Action": "RunInstances", "ImageId": IMAGE, "MinCount": str(per_subnet), "MaxCount": str(per_subnet),
                              "SubnetId": subnet, "SecurityGroupId.1": group, "TagSpecification.1.ResourceType": "instance",
                              "TagSpecification.1.Tag.1.Key": "Name", "TagSpecification.1.Tag.1.Value": f"s{n}"})
            launched = list(dict.fromkeys(re.findall(rb"<instanceId>(i-[0-9a-f]+)</instanceId>", body)))
            self.instances += [i.decode() for i in launched]
            for instance in launched[::10]:
                allocation = self.first({"Action": "AllocateAddress", "Domain": "vpc"}, "allocationId")
                self.call({"Action": "AssociateAddress", "AllocationId": allocation, "InstanceId": instance.decode()})

    def write(self) -> None:
        """A change, so that the next describe is worked out afresh rather than answered from the cache."""
        self.writes += 1
        self.call({"Action": "CreateTags", "ResourceId.1": self.vpc, "Tag.1.Key": "scaling", "Tag.1.Value": str(self.writes)})

    def describe_all(self, action: str, params: dict, element: str | None) -> tuple[float, int]:
        """Every page of `action` after a write: the seconds it took and how many items it listed."""
        self.write()
        began = time.perf_counter()
        ids, items, token = set(), 0, None
        while True:
            body = self.call({"Action": action, **params, **({"NextToken": token} if token else {})})
            if element:
                ids.update(re.findall(rb"<" + element.encode() + rb">([^<]+)</", body))
            else:
                items += body.count(b"<resourceType>")
            found = re.search(rb"<nextToken>([^<]+)</nextToken>", body)
            if not found:
                break
            token = found.group(1).decode()
        return time.perf_counter() - began, len(ids) if element else items

    def describe_one(self, action: str, params: dict) -> float:
        self.write()
        began = time.perf_counter()
        self.call({"Action": action, **params})
        return time.perf_counter() - began

    def launch(self, count: int) -> float:
        """A launch of `count` instances into an empty subnet, then their termination (not timed)."""
        block = f"10.0.{200 + 2 * self.launches}.0/23"  # above the instances' subnets (10.0.0.0 to 10.0.199.0)
        self.launches += 1
        subnet = self.first({"Action": "CreateSubnet", "VpcId": self.vpc, "CidrBlock": block}, "subnetId")
        began = time.perf_counter()
        body = self.call({"Action": "RunInstances", "ImageId": IMAGE, "MinCount": str(count), "MaxCount": str(count), "SubnetId": subnet})
        elapsed = time.perf_counter() - began
        terminate = {"Action": "TerminateInstances"}
        for i, instance in enumerate(dict.fromkeys(re.findall(rb"<instanceId>(i-[0-9a-f]+)</instanceId>", body)), 1):
            terminate[f"InstanceId.{i}"] = instance.decode()
        self.call(terminate)
        return elapsed


def measure(region: Region, rounds: int, launch: int) -> dict:
    """Microseconds per item of every describe (the median of `rounds`), and per instance of a launch."""
    figures = {}
    for action, params, element in WHOLE_REGION:
        runs = [region.describe_all(action, params, element) for _ in range(rounds)]
        seconds = statistics.median(t for t, _ in runs)
        items = runs[-1][1]
        figures[f"{action}, the whole region"] = {"items": items, "ms": seconds * 1e3, "us_per_item": seconds * 1e6 / max(items, 1)}
    middle = region.subnets[len(region.subnets) // 2]
    instance = region.instances[len(region.instances) // 2]
    for label, action, params in [("DescribeSubnets, one by id", "DescribeSubnets", {"SubnetId.1": middle}),
                                  ("DescribeInstances, one by id", "DescribeInstances", {"InstanceId.1": instance})]:
        seconds = statistics.median(region.describe_one(action, params) for _ in range(max(rounds, 5)))
        figures[label] = {"items": 1, "ms": seconds * 1e3, "us_per_item": seconds * 1e6}
    seconds = statistics.median(region.launch(launch) for _ in range(rounds))
    figures[f"RunInstances of {launch}"] = {"items": launch, "ms": seconds * 1e3, "us_per_item": seconds * 1e6 / launch}
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--localvpc-bin", default=".build/release/localvpc")
    parser.add_argument("--subnets", type=int, default=25, help="subnets at the small size (default 25)")
    parser.add_argument("--per-subnet", type=int, default=40, help="instances in each subnet (default 40)")
    parser.add_argument("--factor", type=int, default=4, help="how many times larger the second size is (default 4)")
    parser.add_argument("--launch", type=int, default=500, help="instances in the timed launch (default 500)")
    parser.add_argument("--rounds", type=int, default=3, help="times each figure is taken; the median is shown (default 3)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 if any ratio is over 2")
    args = parser.parse_args()
    if args.subnets * args.factor > 200 or args.rounds > 14 or args.launch > 507:
        parser.error("one /16: at most 200 subnets (--subnets x --factor), 14 rounds, and launches of at most 507 (a /23)")
    port = free_port()
    argv = [args.localvpc_bin, "serve", "--port", str(port), "--ephemeral", "--data-plane", "off", "--log-level", "warning"]
    log = tempfile.NamedTemporaryFile(prefix="lvpc-scaling-", suffix=".log", delete=False)
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log)
    try:
        wait_until_listening(port, server)
        region = Region(port)
        region.create_vpc()
        sizes, results = [args.subnets, args.subnets * args.factor], []
        for subnets in sizes:
            began = time.monotonic()
            region.grow_to(subnets, args.per_subnet)
            print(f"built {subnets} subnets, {len(region.instances):,} instances in {time.monotonic() - began:.1f} s; measuring…", flush=True)
            results.append(measure(region, args.rounds, args.launch))
    finally:
        server.terminate()
        server.wait(timeout=30)
        os.unlink(log.name)
    small, large = results
    print(f"\nmicroseconds per item, one client, each describe just after a write (median of {args.rounds}); "
          f"{sizes[0]} subnets x {args.per_subnet} instances, then {sizes[1]} x {args.per_subnet}")
    print(f"{'':38}{'items':>8}{'us/item':>10}{'items':>9}{'us/item':>10}{'ratio':>8}")
    missed = []
    for label in small:
        a, b = small[label], large[label]
        ratio = b["us_per_item"] / a["us_per_item"] if a["us_per_item"] else float("nan")
        flag = "" if ratio <= GOAL else "  over 2x"
        if ratio > GOAL:
            missed.append(label)
        print(f"{label:38}{a['items']:>8,}{a['us_per_item']:>10.1f}{b['items']:>9,}{b['us_per_item']:>10.1f}{ratio:>7.2f}x{flag}")
    print(f"\ngoal: cost per item within {GOAL:g}x as the region grows {args.factor}x: "
          + ("PASS" if not missed else "MISS (" + ", ".join(missed) + ")"))
    if args.json:
        Path(args.json).write_text(json.dumps({"sizes": sizes, "per_subnet": args.per_subnet, "small": small, "large": large}, indent=2))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
