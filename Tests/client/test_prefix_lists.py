"""Managed prefix lists: AWS's per-region lists and the account's own, their
versions and states, and where AWS lets them be used: routes, security group
rules, and the Reachability Analyzer.

Sources quoted here:
- VPC User Guide, "Consolidate and manage network CIDR blocks with managed prefix
  lists": "Customer-managed prefix lists ... AWS-managed prefix lists — Sets of IP
  address ranges for AWS services. You can't create, modify, share, or delete an
  AWS-managed prefix list"; "When you reference a prefix list in a resource, the
  maximum number of entries for the prefix lists counts against the quota for the
  number of entries for the resource"; "Each time you add or remove entries ...
  a new version".
- VPC quotas: "Versions per prefix list 1,000 ... the oldest version is removed".
- EC2 API Reference, ModifyManagedPrefixList: "If you specify a current version
  number that does not match the true current version number, the request
  fails"; "You cannot modify the entries of a prefix list and modify the size of a
  prefix list at the same time. If any of the resources that reference the prefix
  list cannot support the new maximum size, the modify operation fails. Check the
  state message".
- CreateManagedPrefixList: "The name cannot start with com.amazonaws".
- AWS CLI example (modify-managed-prefix-list): the answer shows
  "State": "modify-in-progress" and the version the list had.
- VPC User Guide, route priority: "1. Longest prefix 2. Static routes 3. Prefix
  list routes 4. Propagated routes".
- Error codes clients match: InvalidPrefixListID.NotFound, PrefixListVersionMismatch
  (Terraform's provider), InvalidPrefixListModification ("does not exist."),
  PrefixListMaxEntriesExceeded.
"""

from __future__ import annotations

import pytest

import lvpc
from lvpc import create_subnet, create_vpc, filters, raises_code, tag_spec

S3_US_EAST_1 = "pl-63a5400a"
DYNAMODB_US_EAST_1 = "pl-02cd2c6b"
UNKNOWN_PL = "pl-0123456789abcdef0"


def create_list(ec2, name="offices", max_entries=5, family="IPv4", entries=None, **kwargs):
    if entries is None:
        entries = [{"Cidr": "198.51.100.0/24", "Description": "HQ"}, {"Cidr": "203.0.113.0/24"}]
    return ec2.create_managed_prefix_list(
        PrefixListName=name, MaxEntries=max_entries, AddressFamily=family, Entries=entries, **kwargs
    )["PrefixList"]


def describe_list(ec2, pl_id):
    [pl] = ec2.describe_managed_prefix_lists(PrefixListIds=[pl_id])["PrefixLists"]
    return pl


def entries_of(ec2, pl_id, **kwargs):
    return {e["Cidr"]: e.get("Description") for e in ec2.get_managed_prefix_list_entries(PrefixListId=pl_id, **kwargs)["Entries"]}


@pytest.fixture
def net(ec2):
    """A VPC with an attached internet gateway and a custom route table."""
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    igw = lvpc.create_attached_igw(ec2, vpc)
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    return {"vpc": vpc, "igw": igw, "rtb": rtb}


# --- routes --------------------------------------------------------------------------------------------------------


def test_a_route_to_a_prefix_list_is_described_with_its_id_and_found_by_filter(ec2, aws, net):
    pl = create_list(ec2)["PrefixListId"]
    aws("ec2", "create-route", "--route-table-id", net["rtb"], "--destination-prefix-list-id", pl, "--gateway-id", net["igw"])
    route = lvpc.route_to(lvpc.describe_route_table(ec2, net["rtb"]), pl)
    assert route["DestinationPrefixListId"] == pl and route["GatewayId"] == net["igw"] and route["State"] == "active"
    assert "DestinationCidrBlock" not in route and route["Origin"] == "CreateRoute"
    found = ec2.describe_route_tables(Filters=filters(**{"route.destination-prefix-list-id": pl}))["RouteTables"]
    assert [t["RouteTableId"] for t in found] == [net["rtb"]]
    assert ec2.describe_route_tables(Filters=filters(**{"route.destination-prefix-list-id": UNKNOWN_PL}))["RouteTables"] == []
    [association] = ec2.get_managed_prefix_list_associations(PrefixListId=pl)["PrefixListAssociations"]
    assert association == {"ResourceId": net["rtb"], "ResourceOwner": lvpc.DEFAULT_ACCOUNT}


def test_one_route_per_prefix_list_per_table_and_replace_and_delete_find_it(ec2, net):
    pl = create_list(ec2)["PrefixListId"]
    ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, GatewayId=net["igw"])
    with raises_code("RouteAlreadyExists"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, GatewayId=net["igw"])
    eigw = ec2.create_egress_only_internet_gateway(VpcId=net["vpc"])["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"]
    # An IPv4 list cannot go to an egress-only gateway: it carries IPv6 only. Nothing changes.
    with raises_code("InvalidParameterValue"):
        ec2.replace_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, EgressOnlyInternetGatewayId=eigw)
    assert lvpc.route_to(lvpc.describe_route_table(ec2, net["rtb"]), pl)["GatewayId"] == net["igw"]
    ec2.delete_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl)
    assert lvpc.route_to(lvpc.describe_route_table(ec2, net["rtb"]), pl) is None
    with raises_code("InvalidRoute.NotFound"):
        ec2.delete_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl)
    with raises_code("InvalidParameterValue"):
        ec2.replace_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, GatewayId=net["igw"])


def test_an_ipv6_list_may_go_to_an_egress_only_gateway(ec2, net):
    pl = create_list(ec2, family="IPv6", entries=[{"Cidr": "2001:db8:1::/48"}])["PrefixListId"]
    eigw = ec2.create_egress_only_internet_gateway(VpcId=net["vpc"])["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"]
    ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, EgressOnlyInternetGatewayId=eigw)
    assert lvpc.route_to(lvpc.describe_route_table(ec2, net["rtb"]), pl)["EgressOnlyInternetGatewayId"] == eigw


def test_route_destination_errors_change_nothing(ec2, net):
    pl = create_list(ec2)["PrefixListId"]
    before = lvpc.describe_route_table(ec2, net["rtb"])["Routes"]
    with raises_code("InvalidPrefixListID.NotFound"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=UNKNOWN_PL, GatewayId=net["igw"])
    with raises_code("InvalidPrefixListId.Malformed"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId="pl-xyz", GatewayId=net["igw"])
    with raises_code("InvalidParameterCombination"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, DestinationCidrBlock="0.0.0.0/0", GatewayId=net["igw"])
    # AWS's own lists reach a route table only through a gateway endpoint.
    with raises_code("InvalidParameterValue"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=S3_US_EAST_1, GatewayId=net["igw"])
    assert lvpc.describe_route_table(ec2, net["rtb"])["Routes"] == before
    with raises_code("DryRunOperation"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, GatewayId=net["igw"], DryRun=True)
    assert lvpc.describe_route_table(ec2, net["rtb"])["Routes"] == before


def test_a_list_named_by_a_route_cannot_be_deleted(ec2, net):
    pl = create_list(ec2)["PrefixListId"]
    ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, GatewayId=net["igw"])
    with raises_code("DependencyViolation"):
        ec2.delete_managed_prefix_list(PrefixListId=pl)
    assert describe_list(ec2, pl)["State"] == "create-complete"
    ec2.delete_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl)
    assert ec2.delete_managed_prefix_list(PrefixListId=pl)["PrefixList"]["State"] == "delete-in-progress"
    with raises_code("InvalidPrefixListID.NotFound"):
        ec2.describe_managed_prefix_lists(PrefixListIds=[pl])
