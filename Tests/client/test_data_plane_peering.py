"""The data plane, the seeds' peering stories with real packets. Seed 002: two VPCs, an instance in
each, and a ping from one to the other that fails until every piece is right, then fails again as
each piece is taken away (ACL, peering), exactly as the evaluator says. Seed 000: a web instance in
VPC 1's public subnet (internet gateway) reaches a database port in VPC 2 once the peering, the
routes both ways and the database's group are right.

Runs `localvpc instance exec INSTANCE -- ping …` as the README tells users to.
"""

from __future__ import annotations

import time

import pytest

import lvpc
from compute_helpers import default_group_id, primary_interface
from dataplane_fixtures import ec2, programs, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import fast_path_flows, fetch, requires_data_plane, running, settle
from peering_helpers import active_peering

pytestmark = [requires_data_plane, pytest.mark.own_server]


def main_table(ec2, vpc_id: str) -> str:
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "association.main", "Values": ["true"]}])
    return tables["RouteTables"][0]["RouteTableId"]


def default_acl(ec2, vpc_id: str) -> str:
    acls = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "default", "Values": ["true"]}])
    return acls["NetworkAcls"][0]["NetworkAclId"]


def test_seed_002_ping_fails_until_every_piece_is_right(ec2, shell):
    vpc1 = lvpc.create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    vpc2 = lvpc.create_vpc(ec2, "10.2.0.0/16")["VpcId"]
    subnet1 = lvpc.create_subnet(ec2, vpc1, "10.1.0.0/24")["SubnetId"]
    subnet2 = lvpc.create_subnet(ec2, vpc2, "10.2.11.0/24")["SubnetId"]
    a = running(ec2, subnet1)["InstanceId"]
    b = running(ec2, subnet2, PrivateIpAddress="10.2.11.172")["InstanceId"]

    assert not shell.pings(a, "10.2.11.172"), "no peering yet"
    pcx = active_peering(ec2, vpc1, vpc2)
    assert not shell.pings(a, "10.2.11.172"), "peered, but no route"
    ec2.create_route(RouteTableId=main_table(ec2, vpc1), DestinationCidrBlock="10.2.0.0/16", VpcPeeringConnectionId=pcx)
    assert not shell.pings(a, "10.2.11.172"), "a route there, none back"
    ec2.create_route(RouteTableId=main_table(ec2, vpc2), DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=pcx)
    assert not shell.pings(a, "10.2.11.172"), "routes both ways, but B's group lets in only its own members"
    ec2.authorize_security_group_ingress(
        GroupId=default_group_id(ec2, vpc2), IpPermissions=[{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}]
    )
    assert shell.pings(a, "10.2.11.172", count=3), "every piece is right"

    acl = default_acl(ec2, vpc2)
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=50, Protocol="1", RuleAction="deny", Egress=False, CidrBlock="10.1.0.0/16", IcmpTypeCode={"Type": -1, "Code": -1})
    assert not shell.pings(a, "10.2.11.172"), "a denying ACL entry"
    ec2.delete_network_acl_entry(NetworkAclId=acl, RuleNumber=50, Egress=False)
    assert shell.pings(a, "10.2.11.172")

    # B's group does not let A's replies' initiator in: B cannot start a ping to A.
    a_ip = primary_interface(ec2.describe_instances(InstanceIds=[a])["Reservations"][0]["Instances"][0])["PrivateIpAddress"]
    assert not shell.pings(b, a_ip), "A's group lets nothing in from VPC 2"

    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    assert not shell.pings(a, "10.2.11.172"), "the peering is gone: its routes are blackholes"


def test_seed_000_the_web_instance_reaches_the_database_port_across_the_peering(ec2, shell, programs):
    # VPC 1 ("Lab VPC"): a public subnet with an internet gateway, a private one; VPC 2 ("Shared VPC"): two subnets.
    lab = lvpc.create_vpc(ec2, "10.0.0.0/16", name="Lab VPC")["VpcId"]
    shared = lvpc.create_vpc(ec2, "10.5.0.0/16", name="Shared VPC")["VpcId"]
    public = lvpc.create_subnet(ec2, lab, "10.0.0.0/24")["SubnetId"]
    lvpc.create_subnet(ec2, lab, "10.0.1.0/24")
    lvpc.create_subnet(ec2, shared, "10.5.0.0/24")
    db_subnet = lvpc.create_subnet(ec2, shared, "10.5.1.0/24")["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=public, MapPublicIpOnLaunch={"Value": True})
    igw = lvpc.create_attached_igw(ec2, lab)
    public_table = ec2.create_route_table(VpcId=lab, TagSpecifications=lvpc.tag_spec("route-table", Name="Public Route Table"))["RouteTable"][
        "RouteTableId"
    ]
    ec2.create_route(RouteTableId=public_table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=public_table, SubnetId=public)
    web = running(ec2, public, TagSpecifications=lvpc.tag_spec("instance", Name="web"))
    db = running(ec2, db_subnet, PrivateIpAddress="10.5.1.10", TagSpecifications=lvpc.tag_spec("instance", Name="db"))
    listener = programs.listener(db["InstanceId"], 3306)

    # The public subnet is public: the web instance reaches the internet with its auto-assigned address.
    programs.web_server("203.0.113.10", 80)
    assert fetch(shell, "web", "http://203.0.113.10/") == web["PublicIpAddress"]

    assert not shell.connects("web", "10.5.1.10", 3306, wait=1), "no peering yet"
    pcx = active_peering(ec2, lab, shared, TagSpecifications=lvpc.tag_spec("vpc-peering-connection", Name="Lab-Peer"))
    assert not shell.connects("web", "10.5.1.10", 3306, wait=1), "peered, but no route"
    ec2.create_route(RouteTableId=public_table, DestinationCidrBlock="10.5.0.0/16", VpcPeeringConnectionId=pcx)
    assert not shell.connects("web", "10.5.1.10", 3306, wait=1), "a route to the Shared VPC, none back"
    ec2.create_route(RouteTableId=main_table(ec2, shared), DestinationCidrBlock="10.0.0.0/16", VpcPeeringConnectionId=pcx)
    assert not shell.connects("web", "10.5.1.10", 3306, wait=1), "routes both ways, but the DB's group lets in only its members"
    ec2.authorize_security_group_ingress(
        GroupId=default_group_id(ec2, shared), IpPermissions=[{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}]
    )
    assert shell.connects("web", "10.5.1.10", 3306), "the DB's group allows VPC 1's block"
    assert listener.expect("from ").split()[1] == web["PrivateIpAddress"], "the DB sees the web instance's private address"
    assert not shell.pings("web", "10.5.1.10"), "only the database port is open"


def test_the_kernel_carries_a_ping_across_the_peering_as_the_routers_would_until_an_acl_cuts_it(ec2, shell, programs):
    # Once the evaluator accepts the first echo request, the fast path carries the rest past both routers' stacks:
    # each router still takes one off the TTL (64 → 62), and a denying ACL entry still cuts the same ping at once.
    vpc1 = lvpc.create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    vpc2 = lvpc.create_vpc(ec2, "10.2.0.0/16")["VpcId"]
    a = running(ec2, lvpc.create_subnet(ec2, vpc1, "10.1.0.0/24")["SubnetId"])["InstanceId"]
    running(ec2, lvpc.create_subnet(ec2, vpc2, "10.2.11.0/24")["SubnetId"], PrivateIpAddress="10.2.11.172")
    pcx = active_peering(ec2, vpc1, vpc2)
    ec2.create_route(RouteTableId=main_table(ec2, vpc1), DestinationCidrBlock="10.2.0.0/16", VpcPeeringConnectionId=pcx)
    ec2.create_route(RouteTableId=main_table(ec2, vpc2), DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=pcx)
    ec2.authorize_security_group_ingress(
        GroupId=default_group_id(ec2, vpc2), IpPermissions=[{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}]
    )

    carried = fast_path_flows(shell.endpoint)
    pings = programs.instance(a, "ping", "-n", "-i", "0.1", "10.2.11.172")
    pings.expect("64 bytes from 10.2.11.172: icmp_seq=20")
    replies = [line for line in pings.output() if line.startswith("64 bytes")]
    assert all("ttl=62" in line for line in replies), replies
    assert fast_path_flows(shell.endpoint) == carried + 1, "one flow, given to the fast path once the evaluator accepted it"

    acl = default_acl(ec2, vpc2)
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=50, Protocol="1", RuleAction="deny", Egress=False, CidrBlock="10.1.0.0/16", IcmpTypeCode={"Type": -1, "Code": -1})
    settle(shell.endpoint)
    time.sleep(0.3)  # what was already in flight comes back
    before = len(pings.output())
    time.sleep(1.5)
    assert [line for line in pings.output()[before:] if line.startswith("64 bytes")] == [], "an ACL applies to a running ping at once"

    ec2.delete_network_acl_entry(NetworkAclId=acl, RuleNumber=50, Egress=False)
    settle(shell.endpoint)
    before = len(pings.output())
    time.sleep(1)
    assert any(line.startswith("64 bytes") for line in pings.output()[before:]), "the entry is gone: the same ping goes on"
