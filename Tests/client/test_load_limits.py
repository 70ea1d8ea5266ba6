"""Issue 16, item 3: AWS's per-call limits on the wire, and large inputs answered instead of stalling.

Filters: at most 200 values in one call (`FilterLimitExceeded`, HTTP 400, AWS's message); a megabyte-long filter value
is an ordinary value. RunInstances: at most 1,000 instances a launch (`instancesPerLaunch`): a larger MaxCount launches
1,000, a larger MinCount is `InstanceLimitExceeded` (HTTP 400) and launches nothing. The fairness load test
(bench/fairness.py) runs here once as a smoke run: it must finish and report, and its timing is not asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lvpc import create_subnet, create_vpc, localvpc_bin, raises_code

IMAGE = "ami-0123456789abcdef0"
LIMIT_MESSAGE = "The maximum number of filter values specified on a single call is 200"
REPO = Path(__file__).resolve().parents[2]


def values(n: int) -> list[str]:
    return [f"value-{i}" for i in range(n)]


def test_two_hundred_filter_values_a_call_are_answered(ec2):
    assert ec2.describe_tags(Filters=[{"Name": "value", "Values": values(200)}])["Tags"] == []
    assert ec2.describe_vpcs(Filters=[{"Name": "tag:a", "Values": values(120)}, {"Name": "tag:b", "Values": values(80)}])["Vpcs"] == []


@pytest.mark.parametrize("filters", [
    [{"Name": "value", "Values": values(201)}],
    [{"Name": "key", "Values": values(150)}, {"Name": "value", "Values": values(51)}],
])
def test_more_than_two_hundred_filter_values_a_call_are_filter_limit_exceeded(ec2, filters):
    with raises_code("FilterLimitExceeded", message=LIMIT_MESSAGE) as info:
        ec2.describe_tags(Filters=filters)
    assert info.http_status == 400


def test_a_megabyte_long_filter_value_is_answered(ec2):
    vpc = create_vpc(ec2)
    ec2.create_tags(Resources=[vpc["VpcId"]], Tags=[{"Key": "Name", "Value": "x" * 200}])
    long_value = "*" + "x" * ((1 << 20) - 1)
    assert ec2.describe_tags(Filters=[{"Name": "value", "Values": [long_value]}])["Tags"] == []
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [long_value]}])["SecurityGroupRules"]
    assert rules == []
    # The same value one character shorter than the tag matches it: long values still match what they describe.
    assert len(ec2.describe_tags(Filters=[{"Name": "value", "Values": ["*" + "x" * 199]}])["Tags"]) == 1


def test_min_count_past_the_launch_quota_is_instance_limit_exceeded_and_launches_nothing(client_factory):
    ec2 = client_factory("ec2", retries={"max_attempts": 1})
    vpc = create_vpc(ec2)
    subnet = create_subnet(ec2, vpc["VpcId"], "10.0.0.0/16")
    with raises_code("InstanceLimitExceeded", message=r"^Your quota allows for 1000 more running instance\(s\)\. You requested at least 1001\.$") as info:
        ec2.run_instances(ImageId=IMAGE, MinCount=1001, MaxCount=2000, SubnetId=subnet["SubnetId"])
    assert info.http_status == 400
    assert ec2.describe_instances()["Reservations"] == []
    assert ec2.describe_network_interfaces(Filters=[{"Name": "subnet-id", "Values": [subnet["SubnetId"]]}])["NetworkInterfaces"] == []


def test_max_count_past_the_launch_quota_launches_a_thousand(ec2):
    vpc = create_vpc(ec2)
    subnet = create_subnet(ec2, vpc["VpcId"], "10.0.0.0/16")
    reservation = ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=4000, SubnetId=subnet["SubnetId"])
    assert len(reservation["Instances"]) == 1000
    addresses = {i["PrivateIpAddress"] for i in reservation["Instances"]}
    assert len(addresses) == 1000
    pages = ec2.get_paginator("describe_instances").paginate(PaginationConfig={"PageSize": 1000})
    assert sum(len(r["Instances"]) for page in pages for r in page["Reservations"]) == 1000


def test_the_fairness_load_test_runs_as_a_smoke_run(tmp_path):
    """bench/fairness.py in a tiny configuration: it starts its own server, loads it, and reports all three phases."""
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "fairness.py"), "--localvpc-bin", str(localvpc_bin()), "--ephemeral",
         "--instances", "200", "--launch-count", "100", "--seconds", "2", "--json", str(tmp_path / "fairness.json")],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "under load" in result.stdout and "alone again" in result.stdout, result.stdout
    assert "goal: B's p99 under load within 5x of its quieter p99 alone:" in result.stdout, result.stdout
    figures = json.loads((tmp_path / "fairness.json").read_text())["b"]
    p99 = figures["all p99"]
    # Against the quieter of the two unloaded phases (figures rounded to the microsecond, the ratio to 0.01: at a
    # large ratio the rounding of the unloaded figure moves it by more than 0.02, hence the relative bound too).
    assert p99["ratio"] == pytest.approx(p99["loaded_ms"] / min(p99["alone_ms"], p99["alone_after_ms"]), rel=1e-3, abs=0.02), p99


def test_the_scaling_benchmark_runs_as_a_smoke_run(tmp_path):
    """bench/scaling.py in a tiny configuration: it builds both sizes on its own server and reports a figure for every
    describe at each, with the ratio between them (not judged here: at this size the figures are mostly noise)."""
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "scaling.py"), "--localvpc-bin", str(localvpc_bin()), "--subnets", "3",
         "--per-subnet", "10", "--factor", "2", "--launch", "20", "--rounds", "1", "--json", str(tmp_path / "scaling.json")],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads((tmp_path / "scaling.json").read_text())
    assert figures["sizes"] == [3, 6], figures
    small, large = figures["small"], figures["large"]
    assert small.keys() == large.keys() and len(small) == 15, small.keys()
    # Every describe listed what the region holds: 10 instances a subnet, 1 Elastic IP in 10, a group, table and ACL
    # a subnet (plus the VPC's defaults and the default VPC's).
    assert large["DescribeInstances, the whole region"]["items"] >= 60, large
    assert large["DescribeAddresses, the whole region"]["items"] == 6, large
    assert large["DescribeSubnets, the whole region"]["items"] > small["DescribeSubnets, the whole region"]["items"], figures
    assert "goal: cost per item within 2x as the region grows 2x:" in result.stdout, result.stdout
