"""The data plane and the internet, with real packets: an internet gateway with a public route table, Elastic IPs
(1:1 NAT: the internet sees the public address, the instance only ever holds its private one), pings from the
internet that the security group decides, a NAT gateway for a private subnet, and addresses outside LocalVPC's
internet (the documentation ranges) that nothing ever reaches.

A web server runs on LocalVPC's internet (`localvpc internet exec`) at 203.0.113.10 and answers each request with
the address it came from; instances fetch from it with `curl` through `localvpc instance exec`.
"""

from __future__ import annotations

import ipaddress

import pytest

import lvpc
from compute_helpers import default_group_id, start, stop
from dataplane_fixtures import ec2, programs, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import Shell, addresses_inside, fetch, requires_data_plane, running

pytestmark = [requires_data_plane, pytest.mark.own_server]

WEB = "203.0.113.10"
URL = f"http://{WEB}/"
ICMP_FROM_EVERYWHERE = [{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]


@pytest.fixture
def web(programs):
    return programs.web_server(WEB, 80)


def public_network(ec2, *, internet_route: bool = True) -> dict:
    """A VPC with a public subnet (its own route table, 0.0.0.0/0 to the internet gateway) and a private subnet on the
    main table (local routes only)."""
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    public = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    private = lvpc.create_subnet(ec2, vpc, "10.0.2.0/24")["SubnetId"]
    igw = lvpc.create_attached_igw(ec2, vpc)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=table, SubnetId=public)
    if internet_route:
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    return {"vpc": vpc, "public": public, "private": private, "igw": igw, "public_table": table, "group": default_group_id(ec2, vpc)}


def elastic_ip(ec2, instance_id: str) -> str:
    address = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=address["AllocationId"], InstanceId=instance_id)
    return address["PublicIp"]


def internet_pings(shell: Shell, address: str) -> bool:
    return shell.internet("ping", "-n", "-c", "1", "-W", "1", address).returncode == 0


def test_an_instance_reaches_the_internet_only_with_a_public_address(ec2, shell, web):
    net = public_network(ec2)
    instance = running(ec2, net["public"])
    private_ip = instance["PrivateIpAddress"]

    assert fetch(shell, instance["InstanceId"], URL, wait=1) is None, "a route to the internet gateway, but no public address"

    public_ip = elastic_ip(ec2, instance["InstanceId"])
    assert fetch(shell, instance["InstanceId"], URL) == public_ip, "the internet sees the Elastic IP as the source"
    assert addresses_inside(shell, instance["InstanceId"]) == {private_ip}, "the instance only ever holds its private address"
    assert ec2.describe_instances(InstanceIds=[instance["InstanceId"]])["Reservations"][0]["Instances"][0]["PublicIpAddress"] == public_ip

    [address] = ec2.describe_addresses(PublicIps=[public_ip])["Addresses"]
    ec2.disassociate_address(AssociationId=address["AssociationId"])
    assert fetch(shell, instance["InstanceId"], URL, wait=1) is None, "the Elastic IP is gone again"


def test_an_auto_assigned_public_address_works_like_an_elastic_ip(ec2, shell, web):
    net = public_network(ec2)
    instance = running(ec2, None, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": net["public"], "AssociatePublicIpAddress": True}])
    assert instance.get("PublicIpAddress"), instance
    assert fetch(shell, instance["InstanceId"], URL) == instance["PublicIpAddress"]
    assert addresses_inside(shell, instance["InstanceId"]) == {instance["PrivateIpAddress"]}


def test_a_ping_from_the_internet_passes_exactly_when_the_group_allows_it(ec2, shell):
    net = public_network(ec2)
    instance = running(ec2, net["public"])
    public_ip = elastic_ip(ec2, instance["InstanceId"])

    assert not internet_pings(shell, public_ip), "the default group lets in only its own members"
    ec2.authorize_security_group_ingress(GroupId=net["group"], IpPermissions=ICMP_FROM_EVERYWHERE)
    assert internet_pings(shell, public_ip), "ICMP from 0.0.0.0/0 is allowed"
    assert not internet_pings(shell, instance["PrivateIpAddress"]), "a private address is not on the internet"
    ec2.revoke_security_group_ingress(GroupId=net["group"], IpPermissions=ICMP_FROM_EVERYWHERE)
    assert not internet_pings(shell, public_ip), "the rule is gone: a new ping is not let in"


def test_without_a_route_to_the_internet_gateway_nothing_passes(ec2, shell, web):
    net = public_network(ec2, internet_route=False)
    instance = running(ec2, net["public"])
    public_ip = elastic_ip(ec2, instance["InstanceId"])
    ec2.authorize_security_group_ingress(GroupId=net["group"], IpPermissions=ICMP_FROM_EVERYWHERE)

    assert fetch(shell, instance["InstanceId"], URL, wait=1) is None, "no route to the internet gateway"
    assert not internet_pings(shell, public_ip), "the reply has no route back to the internet"

    ec2.create_route(RouteTableId=net["public_table"], DestinationCidrBlock="0.0.0.0/0", GatewayId=net["igw"])
    assert fetch(shell, instance["InstanceId"], URL) == public_ip
    assert internet_pings(shell, public_ip)

    ec2.delete_route(RouteTableId=net["public_table"], DestinationCidrBlock="0.0.0.0/0")
    assert fetch(shell, instance["InstanceId"], URL, wait=1) is None, "the route is gone again"


def test_a_private_subnet_reaches_the_internet_through_a_nat_gateway_and_nothing_comes_in(ec2, shell, web, programs):
    net = public_network(ec2)
    instance = running(ec2, net["private"])
    private_ip = instance["PrivateIpAddress"]
    table = ec2.create_route_table(VpcId=net["vpc"])["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=table, SubnetId=net["private"])

    assert fetch(shell, instance["InstanceId"], URL, wait=1) is None, "the private subnet has no way out"

    allocation = ec2.allocate_address(Domain="vpc")
    nat = ec2.create_nat_gateway(SubnetId=net["public"], AllocationId=allocation["AllocationId"])["NatGateway"]["NatGatewayId"]
    lvpc.wait_until(
        lambda: ec2.describe_nat_gateways(NatGatewayIds=[nat])["NatGateways"][0]["State"] == "available", desc=f"{nat} to be available"
    )
    assert fetch(shell, instance["InstanceId"], URL, wait=1) is None, "a NAT gateway, but no route to it yet"

    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    assert fetch(shell, instance["InstanceId"], URL) == allocation["PublicIp"], "the internet sees the NAT gateway's Elastic IP"
    assert addresses_inside(shell, instance["InstanceId"]) == {private_ip}
    assert shell.pings(instance["InstanceId"], "203.0.113.1"), "a NAT gateway carries ICMP too"

    # The internet cannot start a connection to the instance, even with the group open and something listening.
    ec2.authorize_security_group_ingress(
        GroupId=net["group"],
        IpPermissions=ICMP_FROM_EVERYWHERE + [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    )
    programs.listener(instance["InstanceId"], 80)
    assert not internet_pings(shell, allocation["PublicIp"])
    assert shell.internet("nc", "-z", "-w", "1", allocation["PublicIp"], "80").returncode != 0
    assert shell.internet("nc", "-z", "-w", "1", private_ip, "80").returncode != 0
    assert fetch(shell, instance["InstanceId"], URL) == allocation["PublicIp"], "while the way out still works"


def test_nothing_outside_the_documentation_ranges_is_reached(ec2, shell):
    net = public_network(ec2)
    instance = running(ec2, net["public"])["InstanceId"]
    elastic_ip(ec2, instance)

    assert shell.pings(instance, "203.0.113.1"), "LocalVPC's internet answers"
    for outside in ("8.8.8.8", "1.1.1.1", "192.168.1.1"):
        assert not shell.pings(instance, outside), f"{outside} is not on LocalVPC's internet"
    assert shell.instance(instance, "nc", "-z", "-w", "1", "8.8.8.8", "53").returncode != 0
    # The internet itself has no way anywhere else: no route but to our public addresses.
    assert shell.internet("ip", "route", "get", "8.8.8.8").returncode != 0


def test_the_internet_reaches_a_web_server_in_an_instance_through_its_public_address(ec2, shell, programs):
    net = public_network(ec2)
    instance = running(ec2, net["public"])
    public_ip = elastic_ip(ec2, instance["InstanceId"])
    listener = programs.listener(instance["InstanceId"], 80)

    assert shell.internet("nc", "-z", "-w", "1", public_ip, "80").returncode != 0, "the group does not let port 80 in"
    ec2.authorize_security_group_ingress(
        GroupId=net["group"], IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}]
    )
    assert shell.internet("nc", "-z", "-w", "1", "-s", "198.51.100.7", public_ip, "80").returncode != 0, "only 203.0.113.0/24 is let in"
    assert shell.internet("nc", "-z", "-w", "2", "-s", "203.0.113.7", public_ip, "80").returncode == 0
    assert listener.expect("from ").split()[1] == "203.0.113.7", "the instance sees the internet host's own address"


def test_a_custom_acl_must_let_the_replies_in_on_ephemeral_ports(ec2, shell, web):
    net = public_network(ec2)
    instance = running(ec2, net["public"])["InstanceId"]
    public_ip = elastic_ip(ec2, instance)
    acl = ec2.create_network_acl(VpcId=net["vpc"])["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=True, CidrBlock="0.0.0.0/0", PortRange={"From": 80, "To": 80})
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0", PortRange={"From": 22, "To": 22})
    [association] = [
        a for a in ec2.describe_network_acls(Filters=lvpc.filters(**{"association.subnet-id": net["public"]}))["NetworkAcls"][0]["Associations"]
        if a["SubnetId"] == net["public"]
    ]
    ec2.replace_network_acl_association(AssociationId=association["NetworkAclAssociationId"], NetworkAclId=acl)

    assert fetch(shell, instance, URL, wait=1) is None, "port 80 may leave, but the replies may not come in"
    ec2.create_network_acl_entry(
        NetworkAclId=acl, RuleNumber=110, Protocol="6", RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0", PortRange={"From": 1024, "To": 65535}
    )
    assert fetch(shell, instance, URL) == public_ip


def test_two_vpcs_reach_each_other_through_their_public_addresses(ec2, shell):
    first = public_network(ec2)
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]  # the same block: they talk over the internet, not a peering
    subnet = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    igw = lvpc.create_attached_igw(ec2, vpc)
    ec2.create_route(RouteTableId=lvpc.main_route_table(ec2, vpc)["RouteTableId"], DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    a = running(ec2, first["public"])["InstanceId"]
    b = running(ec2, subnet)["InstanceId"]
    a_public, b_public = elastic_ip(ec2, a), elastic_ip(ec2, b)

    assert not shell.pings(a, b_public), "B's group does not let A in"
    ec2.authorize_security_group_ingress(
        GroupId=default_group_id(ec2, vpc),
        IpPermissions=[{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": f"{a_public}/32"}]}],
    )
    assert shell.pings(a, b_public), "B's group lets A's public address in"
    assert not shell.pings(b, a_public), "A's group does not let B in"


def test_an_instance_gets_a_new_auto_assigned_address_at_each_start(ec2, shell, web):
    net = public_network(ec2)
    instance = running(ec2, None, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": net["public"], "AssociatePublicIpAddress": True}])
    first = instance["PublicIpAddress"]
    assert fetch(shell, instance["InstanceId"], URL) == first
    stop(ec2, instance["InstanceId"])
    again = start(ec2, instance["InstanceId"])
    assert again.get("PublicIpAddress") and again["PublicIpAddress"] != first, again.get("PublicIpAddress")
    assert fetch(shell, instance["InstanceId"], URL) == again["PublicIpAddress"]


def test_ipv6_reaches_the_internet_with_its_own_address(ec2, shell, programs):
    # An IPv6 address is public as it is: no NAT, through an internet gateway or an egress-only one (what comes in is
    # test_data_plane_ipv6.py's). A server on the internet listens on any address of 3fff::/20.
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["VpcId"]
    [block] = lvpc.describe_vpc(ec2, vpc)["Ipv6CidrBlockAssociationSet"]
    subnet_block = str(next(ipaddress.ip_network(block["Ipv6CidrBlock"]).subnets(new_prefix=64)))
    subnet = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24", Ipv6CidrBlock=subnet_block)["SubnetId"]
    igw = lvpc.create_attached_igw(ec2, vpc)
    table = lvpc.main_route_table(ec2, vpc)["RouteTableId"]
    instance = running(ec2, subnet, Ipv6AddressCount=1)
    address = instance["NetworkInterfaces"][0]["Ipv6Addresses"][0]["Ipv6Address"]
    programs.web_server("3fff::10", 80)

    assert fetch(shell, instance["InstanceId"], "http://[3fff::10]/", wait=1) is None, "no IPv6 route out yet"
    ec2.create_route(RouteTableId=table, DestinationIpv6CidrBlock="::/0", GatewayId=igw)
    assert fetch(shell, instance["InstanceId"], "http://[3fff::10]/") == address, "the internet sees the instance's own IPv6 address"
    egress_only = ec2.create_egress_only_internet_gateway(VpcId=vpc)["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"]
    ec2.replace_route(RouteTableId=table, DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=egress_only)
    assert fetch(shell, instance["InstanceId"], "http://[3fff::10]/") == address, "and through the egress-only gateway"
