"""The data plane, seed 002's story with real packets: two VPCs, an instance in each, and a ping
from one to the other that fails until every piece is right, then fails again as each piece is
taken away (ACL, peering), exactly as the evaluator says.

Runs `localvpc instance exec INSTANCE -- ping …` as the README tells users to.
"""

from __future__ import annotations

import pytest
import requests

import lvpc
from compute_helpers import default_group_id, primary_interface
from dataplane_helpers import Shell, data_plane_server, requires_data_plane, running
from peering_helpers import active_peering

pytestmark = [requires_data_plane, pytest.mark.own_server]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = data_plane_server(tmp_path_factory)
    yield srv
    assert srv.stop() == 0, srv.log_text()


@pytest.fixture
def ec2(server):
    requests.post(server.endpoint + lvpc.RESET_PATH, timeout=60).raise_for_status()
    return lvpc.make_boto_client(server.endpoint)


@pytest.fixture
def shell(server, tmp_path):
    return Shell(server.endpoint, tmp_path)


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
