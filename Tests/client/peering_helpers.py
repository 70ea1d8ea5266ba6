"""Helpers for the VPC peering tests (test_peering_*.py, test_sg_references.py).

Like lvpc.py, nothing here knows how LocalVPC is built: it only calls the EC2
API the way a user's tools do.

Sources for AWS's behaviour are cited next to the assertions that use them; the
ones quoted here:

- VPC Peering Guide, "VPC peering connection lifecycle"
  (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html):
  states, who may act in each, and how long ended connections stay visible.
- AWS CLI reference examples (aws/aws-cli awscli/examples/ec2/*.rst): the
  status messages "Initiating Request to <account>",
  "Pending Acceptance by <account>" and "Active".
"""

from __future__ import annotations

import re
import time

import pytest
from botocore.exceptions import ClientError

from lvpc import create_vpc, filters, raises_code

ACCOUNT_A = "111111111111"
ACCOUNT_B = "222222222222"
ACCOUNT_C = "333333333333"

# Well-formed (pcx- and 17 hex digits) but never issued.
UNKNOWN_PCX = "pcx-0123456789abcdef0"
PCX_ID = re.compile(r"pcx-[0-9a-f]{8,17}")

NOT_FOUND = "InvalidVpcPeeringConnectionID.NotFound"  # capital ID: Terraform matches it
MALFORMED = "InvalidVpcPeeringConnectionId.Malformed"

# States a connection passes through on its own (Terraform's waiters treat
# initiating-request and provisioning as "keep waiting").
TRANSIENT = {"initiating-request", "provisioning", "deleting"}
TERMINAL = {"failed", "rejected", "deleted", "expired"}

# Status message of a failed request, as a real account shows it (quoted in a
# Terragrunt config comment: "it fails ... with the message : Failed due to
# incorrect VPC-ID, Account ID, or overlapping CIDR range").
FAILED_MESSAGE = "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range"

MINUTE = 60
HOUR = 3600
DAY = 86400
SEVEN_DAYS = 7 * DAY


def _error_code(e: ClientError) -> str | None:
    return e.response.get("Error", {}).get("Code")


def attempt(code: str, fn, **kwargs):
    """Call `fn`; if AWS refuses, the refusal must be exactly `code` (then None).

    For the few rules where AWS's code is known but not which of two calls
    gives it."""
    try:
        return fn(**kwargs)
    except ClientError as e:
        err = e.response.get("Error", {})
        status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        assert err.get("Code") == code, f"expected success or {code}, got {err}"
        assert status is None or 400 <= status < 500, f"{code} came with HTTP {status}"
        return None


def find_pcx(ec2, pcx_id: str) -> dict | None:
    """The connection as an unfiltered describe lists it, or None."""
    for page in ec2.get_paginator("describe_vpc_peering_connections").paginate():
        for pcx in page["VpcPeeringConnections"]:
            if pcx["VpcPeeringConnectionId"] == pcx_id:
                return pcx
    return None


def describe_pcx(ec2, pcx_id: str) -> dict:
    got = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx_id])[
        "VpcPeeringConnections"
    ]
    assert len(got) == 1, got
    assert got[0]["VpcPeeringConnectionId"] == pcx_id
    return got[0]


def status_of(ec2, pcx_id: str) -> str:
    return describe_pcx(ec2, pcx_id)["Status"]["Code"]


def pcx_ids(ec2, **kwargs) -> set[str]:
    """Ids of every connection a describe lists (all pages)."""
    seen: set[str] = set()
    for page in ec2.get_paginator("describe_vpc_peering_connections").paginate(**kwargs):
        seen |= {p["VpcPeeringConnectionId"] for p in page["VpcPeeringConnections"]}
    return seen


def wait_status(ec2, pcx_id: str, *codes: str, timeout: float = 10.0) -> dict:
    """Describe until the connection's status is one of `codes` and return it.

    Only the transient states (initiating-request, provisioning, deleting) and a
    not-yet-visible connection (another region or account catching up) are
    waited through; any other status fails at once."""
    assert codes
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            pcx = describe_pcx(ec2, pcx_id)
        except ClientError as e:
            if _error_code(e) != NOT_FOUND:
                raise
            last = NOT_FOUND
        else:
            last = pcx["Status"]
            if last["Code"] in codes:
                return pcx
            if last["Code"] not in TRANSIENT:
                pytest.fail(f"{pcx_id} is {last}, expected {' or '.join(codes)}")
        if time.monotonic() >= deadline:
            pytest.fail(f"{pcx_id} did not reach {' or '.join(codes)} within {timeout}s (last: {last})")
        time.sleep(0.05)


def request_peering(ec2, vpc_id: str, peer_vpc_id: str, *, expect: str = "pending-acceptance", **kwargs) -> dict:
    """CreateVpcPeeringConnection, then wait until it leaves initiating-request
    for `expect`. Returns the described connection."""
    out = ec2.create_vpc_peering_connection(VpcId=vpc_id, PeerVpcId=peer_vpc_id, **kwargs)
    pcx_id = out["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    assert PCX_ID.fullmatch(pcx_id), pcx_id
    return wait_status(ec2, pcx_id, expect)


def accept(ec2, pcx_id: str) -> dict:
    """Accept (the caller must be the accepter, in its region); wait for active."""
    out = ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)["VpcPeeringConnection"]
    assert out["VpcPeeringConnectionId"] == pcx_id
    # AcceptVpcPeeringConnection may answer while still provisioning.
    assert out["Status"]["Code"] in ("provisioning", "active"), out["Status"]
    return wait_status(ec2, pcx_id, "active")


def active_peering(requester, vpc_id: str, peer_vpc_id: str, accepter=None, **kwargs) -> str:
    """Request and accept; `accepter` is the accepter's client (defaults to the
    requester's, for same-account same-region). Returns the connection id."""
    pcx_id = request_peering(requester, vpc_id, peer_vpc_id, **kwargs)["VpcPeeringConnectionId"]
    accepter = accepter or requester
    wait_status(accepter, pcx_id, "pending-acceptance")
    accept(accepter, pcx_id)
    wait_status(requester, pcx_id, "active")
    return pcx_id


def assert_not_visible(ec2, pcx_id: str) -> None:
    """Gone for this caller: NotFound by id, absent from an unfiltered describe."""
    with raises_code(NOT_FOUND):
        ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx_id])
    assert pcx_id not in pcx_ids(ec2)


def wait_cidr_associated(ec2, vpc_id: str, cidr: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        vpc = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"][0]
        states = {
            a["CidrBlock"]: a["CidrBlockState"]["State"] for a in vpc.get("CidrBlockAssociationSet", [])
        }
        if states.get(cidr) == "associated":
            return
        if time.monotonic() >= deadline:
            pytest.fail(f"{cidr} never became associated with {vpc_id}: {states}")
        time.sleep(0.05)


def vpc_with_cidrs(ec2, *cidrs: str, **kwargs) -> str:
    """A VPC with the first CIDR as primary and the others as secondary blocks."""
    vpc_id = create_vpc(ec2, cidrs[0], **kwargs)["VpcId"]
    for cidr in cidrs[1:]:
        ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock=cidr)
        wait_cidr_associated(ec2, vpc_id, cidr)
    return vpc_id


def default_vpc_id(ec2) -> str:
    vpcs = ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"]
    assert len(vpcs) == 1, vpcs
    return vpcs[0]["VpcId"]


def enable_dns_hostnames(ec2, vpc_id: str) -> None:
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
