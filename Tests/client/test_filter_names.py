"""Issue 10 point 1: every filter name AWS documents is accepted, AWS's
undocumented legacy names too, and nothing else.

The documented names are read from botocore's EC2 model (the `Filters`
member documentation of each Describe operation the server serves, as listed
in Tools/ec2-codegen/operations.txt), so a botocore upgrade that documents a
new filter makes this test fail until the server knows it.

An operation is skipped only when the server answers it UnsupportedOperation
at run time (as operations generated ahead of their implementation answer
until they are served); every served Describe is checked.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
from functools import lru_cache

import botocore
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError

from lvpc import REPO_ROOT, create_subnet, create_vpc, filters

OPERATIONS_FILE = REPO_ROOT / "Tools" / "ec2-codegen" / "operations.txt"
FILTER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.:<>_-]*$")


@lru_cache(maxsize=1)
def ec2_model() -> dict:
    path = os.path.join(os.path.dirname(botocore.__file__), "data", "ec2", "2016-11-15", "service-2.json.gz")
    with gzip.open(path) as f:
        return json.load(f)


def documented_filter_names(documentation: str) -> list[str]:
    """The names a `Filters` documentation lists: each item reads `name - what it is`."""
    names = []
    for item in re.findall(r"<li>\s*<p>(.*?)</p>", documentation, flags=re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
        head = re.split(r"\s+[-\u2013]\s+", text, maxsplit=1)
        if len(head) < 2:
            continue
        name = head[0].strip()
        if not FILTER_NAME.match(name):
            continue
        # `tag:<key>`, written `tag` in some operations' docs ("use the tag key in the filter name").
        names.append("tag:Name" if name in ("tag:<key>", "tag") else name)
    return list(dict.fromkeys(names))


def served_describes() -> list[tuple[str, list[str]]]:
    model = ec2_model()
    result = []
    for line in OPERATIONS_FILE.read_text().splitlines():
        op = line.strip()
        if not op.startswith("Describe"):
            continue
        shape = model["operations"][op].get("input", {}).get("shape")
        members = model["shapes"][shape]["members"] if shape else {}
        # DescribeFlowLogs names its list `Filter`, not `Filters`.
        member = members.get("Filters") or members.get("Filter")
        if member is None:
            continue
        result.append((op, documented_filter_names(member.get("documentation", ""))))
    return result


DESCRIBES = served_describes()


def call(ec2, op: str, name: str, values: list[str]):
    shape = ec2_model()["operations"][op]["input"]["shape"]
    member = "Filters" if "Filters" in ec2_model()["shapes"][shape]["members"] else "Filter"
    return getattr(ec2, xform_name(op))(**{member: [{"Name": name, "Values": values}]})


def skip_if_unsupported(ec2, op: str) -> None:
    try:
        getattr(ec2, xform_name(op))()
    except ClientError as e:
        if e.response["Error"]["Code"] == "UnsupportedOperation":
            pytest.skip(f"{op} answers UnsupportedOperation (not implemented yet)")


def test_the_model_documents_filters_for_the_served_describes():
    by_op = dict(DESCRIBES)
    assert len(by_op) >= 18, sorted(by_op)
    assert "cidr" in by_op["DescribeVpcs"] and "is-default" in by_op["DescribeVpcs"]
    assert "attachment.instance-owner-id" in by_op["DescribeNetworkInterfaces"]
    assert "instance-status.status" in by_op["DescribeInstanceStatus"]
    assert "path-found" in by_op["DescribeNetworkInsightsAnalyses"]
    assert "tag:Name" in by_op["DescribeTags"]


@pytest.mark.parametrize("op,names", DESCRIBES, ids=[op for op, _ in DESCRIBES])
def test_every_documented_filter_name_is_accepted(ec2, op, names):
    skip_if_unsupported(ec2, op)
    refused = {}
    for name in names:
        try:
            call(ec2, op, name, ["harmless-value"])
        except ClientError as e:
            err = e.response["Error"]
            if err["Code"] == "InvalidParameterValue" and "filter" in err.get("Message", ""):
                refused[name] = err["Message"]
            else:
                raise
    assert not refused, f"{op} refuses documented filters: {sorted(refused)}"


@pytest.mark.parametrize("op", [op for op, _ in DESCRIBES])
def test_unknown_filter_names_are_refused_as_aws_refuses_them(ec2, op):
    skip_if_unsupported(ec2, op)
    for name in ["no-such-filter", "vpc_id", "Tag:Name"]:
        with pytest.raises(ClientError) as raised:
            call(ec2, op, name, ["x"])
        err = raised.value.response["Error"]
        assert err["Code"] == "InvalidParameterValue", (op, name, err)
        assert err["Message"] == f"The filter '{name}' is invalid", (op, name, err)
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def ids(items, key):
    return {item[key] for item in items}


def test_legacy_vpc_filter_names_select_what_the_documented_names_select(ec2):
    vpc = create_vpc(ec2, "10.41.0.0/16")
    create_vpc(ec2, "10.42.0.0/16")
    cases = {
        "cidr-block": ("cidr", "10.41.0.0/16"),
        "cidrBlock": ("cidr", "10.41.0.0/16"),
        "isDefault": ("is-default", "false"),
        "vpcId": ("vpc-id", vpc["VpcId"]),
        "dhcpOptionsId": ("dhcp-options-id", vpc["DhcpOptionsId"]),
    }
    for alias, (documented, value) in cases.items():
        by_alias = ids(ec2.describe_vpcs(Filters=filters(**{alias: value}))["Vpcs"], "VpcId")
        by_name = ids(ec2.describe_vpcs(Filters=filters(**{documented: value}))["Vpcs"], "VpcId")
        assert by_alias == by_name and vpc["VpcId"] in by_alias, alias
    # Ansible's ec2_vpc_net looks its VPC up this way.
    found = ec2.describe_vpcs(Filters=filters(**{"tag:Name": "*", "cidr-block": "10.41.0.0/16"}))["Vpcs"]
    assert found == []
    found = ec2.describe_vpcs(Filters=filters(**{"cidr-block": ["10.41.0.0/16"]}))["Vpcs"]
    assert [v["VpcId"] for v in found] == [vpc["VpcId"]]


def test_legacy_subnet_filter_names_select_what_the_documented_names_select(ec2):
    vpc = create_vpc(ec2, "10.43.0.0/16")
    subnet = create_subnet(ec2, vpc["VpcId"], "10.43.1.0/24", AvailabilityZone="us-east-1b")
    cases = {
        "availabilityZone": ("availability-zone", "us-east-1b"),
        "availabilityZoneId": ("availability-zone-id", subnet["AvailabilityZoneId"]),
        "cidr": ("cidr-block", "10.43.1.0/24"),
        "cidrBlock": ("cidr-block", "10.43.1.0/24"),
        "defaultForAz": ("default-for-az", "false"),
        "vpcId": ("vpc-id", vpc["VpcId"]),
    }
    for alias, (documented, value) in cases.items():
        by_alias = ids(ec2.describe_subnets(Filters=filters(**{alias: value}))["Subnets"], "SubnetId")
        by_name = ids(ec2.describe_subnets(Filters=filters(**{documented: value}))["Subnets"], "SubnetId")
        assert by_alias == by_name and subnet["SubnetId"] in by_alias, alias
