"""IPv6 on the data plane: instances hold their IPv6 addresses (/128s behind the router at fe80::1, as AWS's
DHCPv6 gives them), reach each other, reach the internet (3fff::/20 on LocalVPC's internet) through an egress-only
internet gateway that lets only replies back in, and are reached from the internet through an internet gateway
when their group allows it.
"""

from __future__ import annotations

import pytest

import lvpc
from compute_helpers import default_group_id
from dataplane_fixtures import ec2, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import Shell, requires_data_plane, running

pytestmark = [requires_data_plane, pytest.mark.own_server]

INTERNET_HOST = "3fff::10"


def pings6(shell: Shell, instance: str, address: str) -> bool:
    return shell.instance(instance, "ping", "-6", "-n", "-c", "1", "-W", "1", address).returncode == 0


def pinged_from_internet(shell: Shell, address: str) -> bool:
    return shell.internet("ping", "-6", "-n", "-c", "1", "-W", "1", address).returncode == 0


def ipv6_of(instance: dict) -> str:
    return instance["NetworkInterfaces"][0]["Ipv6Addresses"][0]["Ipv6Address"]


def test_ipv6_inside_out_through_egress_only_and_in_through_an_internet_gateway(ec2, shell):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    block = lvpc.wait_until(
        lambda: [
            a["Ipv6CidrBlock"]
            for a in ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0].get("Ipv6CidrBlockAssociationSet", [])
            if a["Ipv6CidrBlockState"]["State"] == "associated"
        ],
        desc="the VPC's IPv6 block",
    )[0]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", Ipv6CidrBlock=block.replace("/56", "/64"))["Subnet"]["SubnetId"]
    a = running(ec2, subnet, Ipv6AddressCount=1)
    b = running(ec2, subnet, Ipv6AddressCount=1)

    inside = shell.instance(a["InstanceId"], "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "global").stdout
    assert f"{ipv6_of(a)}/128" in inside
    assert pings6(shell, a["InstanceId"], ipv6_of(b)), "the default group lets its members in"
    assert not pings6(shell, a["InstanceId"], INTERNET_HOST), "no route to the internet yet"

    table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"][0]["RouteTableId"]
    egress_only = ec2.create_egress_only_internet_gateway(VpcId=vpc)["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"]
    ec2.create_route(RouteTableId=table, DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=egress_only)
    group = default_group_id(ec2, vpc)
    ec2.authorize_security_group_ingress(
        GroupId=group, IpPermissions=[{"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]
    )
    assert pings6(shell, a["InstanceId"], INTERNET_HOST), "out through the egress-only gateway, the reply back in"
    assert not pinged_from_internet(shell, ipv6_of(a)), "an egress-only gateway never lets the internet start anything"

    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    ec2.replace_route(RouteTableId=table, DestinationIpv6CidrBlock="::/0", GatewayId=gateway)
    assert pinged_from_internet(shell, ipv6_of(a)), "in through the internet gateway: the group allows ICMPv6 from ::/0"
    ec2.revoke_security_group_ingress(
        GroupId=group, IpPermissions=[{"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]
    )
    assert not pinged_from_internet(shell, ipv6_of(a))
