"""Egress-only internet gateways (issue 11 point 2): Create/Describe/DeleteEgressOnlyInternetGateway(s), routes
to them with EgressOnlyInternetGatewayId (IPv6 destinations only), and the VPC dependency they make."""

import ipaddress
import re

import pytest

import compute_helpers as ch
import insights_helpers as ih
import lvpc
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


def dual_stack_host(ec2, cidr: str) -> dict:
    """A VPC with an Amazon-provided /56, one dual-stack subnet, and an instance with an IPv6 address."""
    vpc = create_vpc(ec2, cidr, AmazonProvidedIpv6CidrBlock=True)
    block = lvpc.describe_vpc(ec2, vpc["VpcId"])["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
    sub64 = str(next(ipaddress.ip_network(block).subnets(new_prefix=64)))
    subnet = lvpc.create_subnet(ec2, vpc["VpcId"], cidr.replace("0.0/16", "1.0/24"), Ipv6CidrBlock=sub64)["SubnetId"]
    instance = ch.launch(ec2, subnet, Ipv6AddressCount=1)
    group = ch.default_group_id(ec2, vpc["VpcId"])
    ec2.authorize_security_group_ingress(
        GroupId=group, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]
    )
    return {"vpc": vpc["VpcId"], "instance": instance["InstanceId"], "ipv6": instance["Ipv6Address"],
            "rtb": lvpc.main_route_table(ec2, vpc["VpcId"])["RouteTableId"]}


def test_the_analyzer_lets_ipv6_out_through_it_but_never_in(ec2):
    """A reaches B's IPv6 address over the internet through its egress-only gateway (B has an internet gateway);
    B cannot reach A the same way: A's egress-only gateway lets nothing the internet starts in."""
    a, b = dual_stack_host(ec2, "10.0.0.0/16"), dual_stack_host(ec2, "10.1.0.0/16")
    eigw = create_eigw(ec2, a["vpc"])["EgressOnlyInternetGatewayId"]
    ec2.create_route(RouteTableId=a["rtb"], DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=eigw)
    igw = lvpc.create_attached_igw(ec2, b["vpc"])
    ec2.create_route(RouteTableId=b["rtb"], DestinationIpv6CidrBlock="::/0", GatewayId=igw)
    out = ih.analyse(ec2, a["instance"], b["instance"], port=443, DestinationIp=b["ipv6"])
    assert out["NetworkPathFound"] is True, out.get("Explanations")
    hop = next(c for c in out["ForwardPathComponents"] if c["Component"]["Id"] == eigw)
    assert hop["Component"]["Arn"].endswith(f":egress-only-internet-gateway/{eigw}")
    [route_hop] = [c for c in out["ForwardPathComponents"] if c.get("RouteTableRoute", {}).get("EgressOnlyInternetGatewayId") == eigw]
    assert route_hop["RouteTableRoute"]["DestinationCidr"] == "::/0"
    back = ih.analyse(ec2, b["instance"], a["instance"], port=443, DestinationIp=a["ipv6"])
    assert ih.codes(back) == ["NO_POSSIBLE_DESTINATION"]
    assert back["Explanations"][0]["Component"]["Id"] == eigw


def test_describe_route_tables_filters_by_the_gateway(ec2, vpc_id):
    gateway = create_eigw(ec2, vpc_id)["EgressOnlyInternetGatewayId"]
    rtb = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.create_route_table(VpcId=vpc_id)
    ec2.create_route(RouteTableId=rtb, DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=gateway)
    found = ec2.describe_route_tables(Filters=filters(**{"route.egress-only-internet-gateway-id": gateway}))["RouteTables"]
    assert [t["RouteTableId"] for t in found] == [rtb]
