"""Egress-only internet gateways (issue 11 point 2): Create/Describe/DeleteEgressOnlyInternetGateway(s), routes
to them with EgressOnlyInternetGatewayId (IPv6 destinations only), and the VPC dependency they make."""

import re

import pytest

from lvpc import (
    create_vpc,
    describe_route_table,
    filters,
    raises_code,
    route_to,
    tag_spec,
    tags_of,
)

UNKNOWN_EIGW = "eigw-0123456789abcdef0"


@pytest.fixture
def vpc_id(ec2):
    return create_vpc(ec2, "10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["VpcId"]


def create_eigw(ec2, vpc_id, **kwargs):
    return ec2.create_egress_only_internet_gateway(VpcId=vpc_id, **kwargs)["EgressOnlyInternetGateway"]


def describe_eigws(ec2, **kwargs):
    return ec2.describe_egress_only_internet_gateways(**kwargs)["EgressOnlyInternetGateways"]


def test_create_reports_an_attached_gateway_with_tags(ec2, vpc_id):
    r = ec2.create_egress_only_internet_gateway(
        VpcId=vpc_id, TagSpecifications=tag_spec("egress-only-internet-gateway", Name="out"), ClientToken="tok-1"
    )
    eigw = r["EgressOnlyInternetGateway"]
    assert r["ClientToken"] == "tok-1"
    assert re.fullmatch(r"eigw-[0-9a-f]{17}", eigw["EgressOnlyInternetGatewayId"])
    # AWS reports the one attachment of an egress-only gateway as "attached" (an internet gateway's is "available").
    assert eigw["Attachments"] == [{"State": "attached", "VpcId": vpc_id}]
    assert tags_of(eigw) == {"Name": "out"}
    [described] = describe_eigws(ec2, EgressOnlyInternetGatewayIds=[eigw["EgressOnlyInternetGatewayId"]])
    assert described == eigw
    tags = ec2.describe_tags(Filters=filters(**{"resource-id": eigw["EgressOnlyInternetGatewayId"]}))["Tags"]
    assert [(t["Key"], t["ResourceType"]) for t in tags] == [("Name", "egress-only-internet-gateway")]


def test_client_token_makes_create_idempotent(ec2, vpc_id):
    first = create_eigw(ec2, vpc_id, ClientToken="same")
    again = create_eigw(ec2, vpc_id, ClientToken="same")
    assert again["EgressOnlyInternetGatewayId"] == first["EgressOnlyInternetGatewayId"]
    assert len(describe_eigws(ec2)) == 1
    other = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    with raises_code("IdempotentParameterMismatch"):
        create_eigw(ec2, other, ClientToken="same")


@pytest.mark.parametrize(
    "vpc, code", [("vpc-0123456789abcdef0", "InvalidVpcID.NotFound"), ("vpc-zz", "InvalidVpcID.Malformed")]
)
def test_create_needs_an_existing_vpc(ec2, vpc, code):
    with raises_code(code):
        ec2.create_egress_only_internet_gateway(VpcId=vpc)


def test_describe_filters_by_tags_and_pages(ec2, vpc_id):
    made = [
        create_eigw(ec2, vpc_id, TagSpecifications=tag_spec("egress-only-internet-gateway", Name=f"g{i}", team="net" if i % 2 else "ops"))[
            "EgressOnlyInternetGatewayId"
        ]
        for i in range(7)
    ]
    assert {g["EgressOnlyInternetGatewayId"] for g in describe_eigws(ec2, Filters=filters(**{"tag:team": "net"}))} == set(made[1::2])
    assert {g["EgressOnlyInternetGatewayId"] for g in describe_eigws(ec2, Filters=filters(**{"tag-key": "team"}))} == set(made)
    assert describe_eigws(ec2, Filters=filters(**{"tag:Name": "g?"})) != []
    with raises_code("InvalidParameterValue"):
        describe_eigws(ec2, Filters=filters(**{"vpc-id": vpc_id}))
    seen, token = [], None
    while True:
        page = ec2.describe_egress_only_internet_gateways(MaxResults=5, **({"NextToken": token} if token else {}))
        assert len(page["EgressOnlyInternetGateways"]) <= 5
        seen += [g["EgressOnlyInternetGatewayId"] for g in page["EgressOnlyInternetGateways"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted(made)
    paginator = ec2.get_paginator("describe_egress_only_internet_gateways")
    assert sum(len(p["EgressOnlyInternetGateways"]) for p in paginator.paginate(PaginationConfig={"PageSize": 5})) == 7


@pytest.mark.parametrize(
    "gateway_id, code",
    [(UNKNOWN_EIGW, "InvalidEgressOnlyInternetGatewayId.NotFound"), ("eigw-zz", "InvalidEgressOnlyInternetGatewayId.Malformed")],
)
def test_unknown_ids(ec2, gateway_id, code):
    with raises_code(code):
        describe_eigws(ec2, EgressOnlyInternetGatewayIds=[gateway_id])
    with raises_code(code):
        ec2.delete_egress_only_internet_gateway(EgressOnlyInternetGatewayId=gateway_id)


def test_dry_run(ec2, vpc_id):
    with raises_code("DryRunOperation"):
        ec2.create_egress_only_internet_gateway(VpcId=vpc_id, DryRun=True)
    assert describe_eigws(ec2) == []
    gateway = create_eigw(ec2, vpc_id)["EgressOnlyInternetGatewayId"]
    with raises_code("DryRunOperation"):
        describe_eigws(ec2, DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.delete_egress_only_internet_gateway(EgressOnlyInternetGatewayId=gateway, DryRun=True)
    assert len(describe_eigws(ec2)) == 1


def test_ipv6_route_and_blackhole_after_delete(ec2, vpc_id):
    gateway = create_eigw(ec2, vpc_id)["EgressOnlyInternetGatewayId"]
    rtb = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=gateway)
    route = route_to(describe_route_table(ec2, rtb), "::/0")
    assert route["EgressOnlyInternetGatewayId"] == gateway
    assert "GatewayId" not in route
    assert route["State"] == "active" and route["Origin"] == "CreateRoute"
    assert ec2.delete_egress_only_internet_gateway(EgressOnlyInternetGatewayId=gateway)["ReturnCode"] is True
    assert describe_eigws(ec2) == []
    assert route_to(describe_route_table(ec2, rtb), "::/0")["State"] == "blackhole"


def test_an_ipv4_destination_is_refused(ec2, vpc_id):
    gateway = create_eigw(ec2, vpc_id)["EgressOnlyInternetGatewayId"]
    rtb = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    with raises_code("InvalidParameterValue"):
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", EgressOnlyInternetGatewayId=gateway)
    with raises_code("InvalidEgressOnlyInternetGatewayId.NotFound"):
        ec2.create_route(RouteTableId=rtb, DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=UNKNOWN_EIGW)


def test_replace_route_to_the_gateway(ec2, vpc_id):
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
    gateway = create_eigw(ec2, vpc_id)["EgressOnlyInternetGatewayId"]
    rtb = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationIpv6CidrBlock="::/0", GatewayId=igw)
    ec2.replace_route(RouteTableId=rtb, DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=gateway)
    route = route_to(describe_route_table(ec2, rtb), "::/0")
    assert route["EgressOnlyInternetGatewayId"] == gateway and "GatewayId" not in route
    with raises_code("InvalidParameterCombination"):
        ec2.replace_route(RouteTableId=rtb, DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=gateway, GatewayId=igw)


def test_a_vpc_with_a_gateway_cannot_be_deleted(ec2, vpc_id):
    gateway = create_eigw(ec2, vpc_id)["EgressOnlyInternetGatewayId"]
    with raises_code("DependencyViolation"):
        ec2.delete_vpc(VpcId=vpc_id)
    ec2.delete_egress_only_internet_gateway(EgressOnlyInternetGatewayId=gateway)
    ec2.delete_vpc(VpcId=vpc_id)


def test_the_cli_speaks_it(aws, ec2, vpc_id):
    out = aws(
        "ec2", "create-egress-only-internet-gateway", "--vpc-id", vpc_id,
        "--tag-specifications", "ResourceType=egress-only-internet-gateway,Tags=[{Key=Name,Value=cli}]",
    )
    gateway = out["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"]
    listed = aws("ec2", "describe-egress-only-internet-gateways", "--filters", "Name=tag:Name,Values=cli")
    assert [g["EgressOnlyInternetGatewayId"] for g in listed["EgressOnlyInternetGateways"]] == [gateway]
    aws("ec2", "delete-egress-only-internet-gateway", "--egress-only-internet-gateway-id", gateway)
    assert describe_eigws(ec2) == []
