"""Virtual private gateways and customer gateways as stored resources (issue 11 point 9): create, attach/detach,
describe, delete, and route propagation settings on route tables."""

import re

import pytest

from lvpc import create_vpc, describe_route_table, filters, main_route_table, raises_code, tag_spec, tags_of


@pytest.fixture
def vpc_id(ec2):
    return create_vpc(ec2, "10.0.0.0/16")["VpcId"]


def create_vgw(ec2, **kwargs):
    return ec2.create_vpn_gateway(Type="ipsec.1", **kwargs)["VpnGateway"]


def describe_vgw(ec2, vgw_id):
    [vgw] = ec2.describe_vpn_gateways(VpnGatewayIds=[vgw_id])["VpnGateways"]
    return vgw


def test_create_and_describe(ec2):
    vgw = create_vgw(ec2, AmazonSideAsn=65000, AvailabilityZone="us-east-1a", TagSpecifications=tag_spec("vpn-gateway", Name="vpn"))
    assert re.fullmatch(r"vgw-[0-9a-f]{17}", vgw["VpnGatewayId"])
    assert vgw["State"] == "available" and vgw["Type"] == "ipsec.1" and vgw["AmazonSideAsn"] == 65000
    assert vgw["AvailabilityZone"] == "us-east-1a"
    assert vgw.get("VpcAttachments", []) == []
    assert tags_of(vgw) == {"Name": "vpn"}
    assert describe_vgw(ec2, vgw["VpnGatewayId"]) == vgw
    assert create_vgw(ec2)["AmazonSideAsn"] == 64512
    with raises_code("InvalidParameterValue"):
        create_vgw(ec2, AmazonSideAsn=100)


def test_attach_detach_delete(ec2, vpc_id):
    vgw = create_vgw(ec2)["VpnGatewayId"]
    attachment = ec2.attach_vpn_gateway(VpnGatewayId=vgw, VpcId=vpc_id)["VpcAttachment"]
    assert attachment == {"VpcId": vpc_id, "State": "attached"}
    assert describe_vgw(ec2, vgw)["VpcAttachments"] == [{"VpcId": vpc_id, "State": "attached"}]
    with raises_code("IncorrectState"):
        ec2.delete_vpn_gateway(VpnGatewayId=vgw)
    with raises_code("DependencyViolation"):
        ec2.delete_vpc(VpcId=vpc_id)
    other = create_vgw(ec2)["VpnGatewayId"]
    with raises_code("InvalidParameterValue"):
        ec2.attach_vpn_gateway(VpnGatewayId=other, VpcId=vpc_id)
    with raises_code("VpnGatewayAttachmentLimitExceeded"):
        ec2.attach_vpn_gateway(VpnGatewayId=vgw, VpcId=create_vpc(ec2, "10.1.0.0/16")["VpcId"])
    ec2.detach_vpn_gateway(VpnGatewayId=vgw, VpcId=vpc_id)
    assert describe_vgw(ec2, vgw)["VpcAttachments"] == [{"VpcId": vpc_id, "State": "detached"}]
    with raises_code("InvalidVpnGatewayAttachment.NotFound"):
        ec2.detach_vpn_gateway(VpnGatewayId=vgw, VpcId=vpc_id)
    ec2.delete_vpn_gateway(VpnGatewayId=vgw)
    assert describe_vgw(ec2, vgw)["State"] == "deleted"
    ec2.delete_vpc(VpcId=vpc_id)


def test_describe_filters(ec2, vpc_id):
    a = create_vgw(ec2, AmazonSideAsn=65001, TagSpecifications=tag_spec("vpn-gateway", team="net"))["VpnGatewayId"]
    b = create_vgw(ec2, AvailabilityZone="us-east-1b")["VpnGatewayId"]
    ec2.attach_vpn_gateway(VpnGatewayId=a, VpcId=vpc_id)

    def ids(**f):
        return {g["VpnGatewayId"] for g in ec2.describe_vpn_gateways(Filters=filters(**f))["VpnGateways"]}

    assert ids(**{"amazon-side-asn": "65001"}) == {a}
    assert ids(**{"attachment.vpc-id": vpc_id}) == {a}
    assert ids(**{"attachment.state": "attached"}) == {a}
    assert ids(**{"availability-zone": "us-east-1b"}) == {b}
    assert ids(state="available") == {a, b}
    assert ids(type="ipsec.1") == {a, b}
    assert ids(**{"vpn-gateway-id": b}) == {b}
    assert ids(**{"tag:team": "net"}) == {a}
    with raises_code("InvalidVpnGatewayID.NotFound"):
        ec2.describe_vpn_gateways(VpnGatewayIds=["vgw-0123456789abcdef0"])
    with raises_code("InvalidVpnGatewayId.Malformed"):
        ec2.describe_vpn_gateways(VpnGatewayIds=["vgw-zz"])


def test_route_propagation(ec2, vpc_id):
    vgw = create_vgw(ec2)["VpnGatewayId"]
    rtb = main_route_table(ec2, vpc_id)["RouteTableId"]
    with raises_code("Gateway.NotAttached"):
        ec2.enable_vgw_route_propagation(RouteTableId=rtb, GatewayId=vgw)
    ec2.attach_vpn_gateway(VpnGatewayId=vgw, VpcId=vpc_id)
    ec2.enable_vgw_route_propagation(RouteTableId=rtb, GatewayId=vgw)
    assert describe_route_table(ec2, rtb)["PropagatingVgws"] == [{"GatewayId": vgw}]
    ec2.disable_vgw_route_propagation(RouteTableId=rtb, GatewayId=vgw)
    assert describe_route_table(ec2, rtb).get("PropagatingVgws", []) == []


def test_customer_gateways(ec2):
    cgw = ec2.create_customer_gateway(
        Type="ipsec.1", IpAddress="203.0.113.12", BgpAsn=65010, DeviceName="edge", TagSpecifications=tag_spec("customer-gateway", Name="hq")
    )["CustomerGateway"]
    assert re.fullmatch(r"cgw-[0-9a-f]{17}", cgw["CustomerGatewayId"])
    assert (cgw["State"], cgw["Type"], cgw["IpAddress"], cgw["BgpAsn"], cgw["DeviceName"]) == (
        "available", "ipsec.1", "203.0.113.12", "65010", "edge"
    )
    assert tags_of(cgw) == {"Name": "hq"}
    # AWS documents that an identical request answers the existing gateway.
    again = ec2.create_customer_gateway(Type="ipsec.1", IpAddress="203.0.113.12", BgpAsn=65010)["CustomerGateway"]
    assert again["CustomerGatewayId"] == cgw["CustomerGatewayId"]
    extended = ec2.create_customer_gateway(Type="ipsec.1", IpAddress="203.0.113.13", BgpAsnExtended=4200000000)["CustomerGateway"]
    assert extended["BgpAsnExtended"] == "4200000000"

    def ids(**f):
        return {g["CustomerGatewayId"] for g in ec2.describe_customer_gateways(Filters=filters(**f))["CustomerGateways"]}

    assert ids(**{"bgp-asn": "65010"}) == {cgw["CustomerGatewayId"]}
    assert ids(**{"ip-address": "203.0.113.13"}) == {extended["CustomerGatewayId"]}
    assert ids(type="ipsec.1", state="available") == {cgw["CustomerGatewayId"], extended["CustomerGatewayId"]}
    assert ids(**{"customer-gateway-id": cgw["CustomerGatewayId"], "tag:Name": "hq"}) == {cgw["CustomerGatewayId"]}
    ec2.delete_customer_gateway(CustomerGatewayId=cgw["CustomerGatewayId"])
    [deleted] = ec2.describe_customer_gateways(CustomerGatewayIds=[cgw["CustomerGatewayId"]])["CustomerGateways"]
    assert deleted["State"] == "deleted"
    with raises_code("InvalidCustomerGatewayID.NotFound"):
        ec2.delete_customer_gateway(CustomerGatewayId=cgw["CustomerGatewayId"])
    with raises_code("InvalidParameterValue"):
        ec2.create_customer_gateway(Type="ipsec.1", IpAddress="not-an-ip", BgpAsn=65010)


def test_deleted_gateways_fade_after_an_hour(ec2, advance_clock):
    cgw = ec2.create_customer_gateway(Type="ipsec.1", IpAddress="203.0.113.20", BgpAsn=65020)["CustomerGateway"]["CustomerGatewayId"]
    vgw = create_vgw(ec2)["VpnGatewayId"]
    ec2.delete_customer_gateway(CustomerGatewayId=cgw)
    ec2.delete_vpn_gateway(VpnGatewayId=vgw)
    advance_clock(3700)
    assert ec2.describe_customer_gateways()["CustomerGateways"] == []
    assert ec2.describe_vpn_gateways()["VpnGateways"] == []


def test_dry_run(ec2, vpc_id):
    with raises_code("DryRunOperation"):
        create_vgw(ec2, DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.create_customer_gateway(Type="ipsec.1", IpAddress="203.0.113.1", BgpAsn=65000, DryRun=True)
    assert ec2.describe_vpn_gateways()["VpnGateways"] == []
    assert ec2.describe_customer_gateways()["CustomerGateways"] == []
    vgw = create_vgw(ec2)["VpnGatewayId"]
    with raises_code("DryRunOperation"):
        ec2.attach_vpn_gateway(VpnGatewayId=vgw, VpcId=vpc_id, DryRun=True)
    assert describe_vgw(ec2, vgw).get("VpcAttachments", []) == []


def test_the_cli_speaks_it(aws, vpc_id):
    vgw = aws("ec2", "create-vpn-gateway", "--type", "ipsec.1", "--amazon-side-asn", "64600")["VpnGateway"]["VpnGatewayId"]
    aws("ec2", "attach-vpn-gateway", "--vpn-gateway-id", vgw, "--vpc-id", vpc_id)
    listed = aws("ec2", "describe-vpn-gateways", "--filters", f"Name=attachment.vpc-id,Values={vpc_id}")
    assert [g["VpnGatewayId"] for g in listed["VpnGateways"]] == [vgw]
    cgw = aws("ec2", "create-customer-gateway", "--type", "ipsec.1", "--ip-address", "198.51.100.7", "--bgp-asn", "65100")
    assert cgw["CustomerGateway"]["BgpAsn"] == "65100"
