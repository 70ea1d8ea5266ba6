"""The data plane's rules, with real packets: network ACLs are stateless (the reply needs its own entry, on the
connection's own ports), security groups track connections (a revoked rule does not cut an established connection,
while new ones fail; a denying ACL entry cuts it at once and removing the entry lets it go on), peering is never
transitive, and peering across accounts and regions carries packets like any other.

Listeners and long-lived clients run inside instances through `localvpc instance exec` (see dataplane_helpers.py).
"""

from __future__ import annotations

import ipaddress
import sys
import time

import pytest

import lvpc
from compute_helpers import default_group_id, make_group
from dataplane_fixtures import ec2, programs, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import Shell, fast_path_flows, requires_data_plane, running
from peering_helpers import ACCOUNT_A, ACCOUNT_B, accept, request_peering, wait_status

pytestmark = [requires_data_plane, pytest.mark.own_server]

EAST, WEST = "us-east-1", "us-west-2"


def client_and_server(ec2, *, server_groups: list[str] | None = None) -> dict:
    """One VPC, a client instance in 10.0.1.0/24 and a server instance in 10.0.2.0/24, both in the default group
    (which lets its members talk) unless `server_groups` says otherwise. The server's subnet gets an ACL of its own
    that allows everything, both ways."""
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    client_subnet = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    server_subnet = lvpc.create_subnet(ec2, vpc, "10.0.2.0/24")["SubnetId"]
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    for egress in (False, True):
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="-1", RuleAction="allow", Egress=egress, CidrBlock="0.0.0.0/0")
    [default_acl] = ec2.describe_network_acls(Filters=lvpc.filters(**{"association.subnet-id": server_subnet}))["NetworkAcls"]
    [association] = [a for a in default_acl["Associations"] if a["SubnetId"] == server_subnet]
    ec2.replace_network_acl_association(AssociationId=association["NetworkAclAssociationId"], NetworkAclId=acl)
    kwargs = {"SecurityGroupIds": server_groups} if server_groups else {}
    client = running(ec2, client_subnet)
    server = running(ec2, server_subnet, **kwargs)
    return {
        "vpc": vpc,
        "client": client["InstanceId"],
        "server": server["InstanceId"],
        "server_ip": server["PrivateIpAddress"],
        "server_acl": acl,
        "group": default_group_id(ec2, vpc),
    }


def connects_from_port(shell: Shell, instance: str, address: str, port: int, source_port: int, wait: float = 1) -> bool:
    done = shell.instance(instance, "nc", "-z", "-w", str(wait), "-p", str(source_port), address, str(port))
    return done.returncode == 0


def test_an_acl_denying_outbound_ephemeral_ports_breaks_tcp_while_the_group_allows_it(ec2, shell, programs):
    pair = client_and_server(ec2)
    programs.listener(pair["server"], 5432)
    assert shell.connects(pair["client"], pair["server_ip"], 5432), "the group lets its members in, the ACL allows all"

    ec2.create_network_acl_entry(
        NetworkAclId=pair["server_acl"], RuleNumber=10, Protocol="6", RuleAction="deny", Egress=True, CidrBlock="0.0.0.0/0",
        PortRange={"From": 1024, "To": 65535},
    )
    assert not shell.connects(pair["client"], pair["server_ip"], 5432, wait=1), "the reply to the client's ephemeral port is denied"
    assert shell.pings(pair["client"], pair["server_ip"]), "ICMP is not TCP: the echo reply still passes"

    ec2.delete_network_acl_entry(NetworkAclId=pair["server_acl"], RuleNumber=10, Egress=True)
    assert shell.connects(pair["client"], pair["server_ip"], 5432)


def test_an_acl_checks_the_reply_on_the_connection_s_own_ports(ec2, shell, programs):
    pair = client_and_server(ec2)
    # Replies may leave the server's subnet only for TCP ports 1024-2000.
    ec2.replace_network_acl_entry(
        NetworkAclId=pair["server_acl"], RuleNumber=100, Protocol="6", RuleAction="allow", Egress=True, CidrBlock="0.0.0.0/0",
        PortRange={"From": 1024, "To": 2000},
    )
    programs.listener(pair["server"], 5432)
    client, address = pair["client"], pair["server_ip"]

    assert not connects_from_port(shell, client, address, 5432, 3000), "source port 3000: the reply is denied"
    assert not connects_from_port(shell, client, address, 5432, 2001), "just outside the entry's range"
    assert connects_from_port(shell, client, address, 5432, 1500, wait=2), "source port 1500: the reply is allowed"
    assert connects_from_port(shell, client, address, 5432, 2000, wait=2), "the range's last port"
    assert connects_from_port(shell, client, address, 5432, 1024, wait=2), "the range's first port"


def test_an_acl_filters_what_enters_and_leaves_its_subnet_not_what_stays_inside(ec2, shell):
    # AWS: "We evaluate the network ACL rules when traffic enters and leaves the subnet, not as it is routed within a
    # subnet." (VPC User Guide, "Network ACL basics")
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    first = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    second = lvpc.create_subnet(ec2, vpc, "10.0.2.0/24")["SubnetId"]
    a = running(ec2, first)["InstanceId"]
    b_instance = running(ec2, first)
    b = b_instance["PrivateIpAddress"]
    c = running(ec2, second)["PrivateIpAddress"]
    [acl] = ec2.describe_network_acls(Filters=lvpc.filters(**{"vpc-id": vpc, "default": "true"}))["NetworkAcls"]
    for egress in (False, True):
        ec2.create_network_acl_entry(
            NetworkAclId=acl["NetworkAclId"], RuleNumber=1, Protocol="-1", RuleAction="deny", Egress=egress, CidrBlock="10.0.0.0/16"
        )

    assert not shell.pings(a, c), "to another subnet: the ACL denies it"
    assert shell.pings(a, b), "within the subnet: no ACL is asked"
    path = ec2.create_network_insights_path(Source=a, Destination=b_instance["InstanceId"], Protocol="icmp")
    analysis_id = ec2.start_network_insights_analysis(NetworkInsightsPathId=path["NetworkInsightsPath"]["NetworkInsightsPathId"])[
        "NetworkInsightsAnalysis"
    ]["NetworkInsightsAnalysisId"]
    analysis = lvpc.wait_until(
        lambda: next(
            (x for x in ec2.describe_network_insights_analyses(NetworkInsightsAnalysisIds=[analysis_id])["NetworkInsightsAnalyses"] if x["Status"] != "running"),
            None,
        ),
        desc="the analysis",
    )
    assert analysis["NetworkPathFound"] is True, analysis.get("Explanations")

    for egress in (False, True):
        ec2.delete_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=1, Egress=egress)
    assert shell.pings(a, c)


def test_a_tracked_connection_outlives_its_rule_but_not_a_denying_acl_entry(ec2, shell, programs):
    pair = client_and_server(ec2)
    db = make_group(ec2, pair["vpc"], "db")
    rule = [{"IpProtocol": "tcp", "FromPort": 5000, "ToPort": 5000, "IpRanges": [{"CidrIp": "10.0.1.0/24"}]}]
    ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=rule)
    ec2.modify_instance_attribute(InstanceId=pair["server"], Groups=[db])
    client, address = pair["client"], pair["server_ip"]
    programs.listener(pair["server"], 5000, mode="echo")

    carried = fast_path_flows(shell.endpoint)
    echoes = programs.long_lived_client(client, address, 5000)
    assert echoes.grows(within=2), "the connection carries bytes both ways"
    assert fast_path_flows(shell.endpoint) > carried, "the kernel carries the accepted connection past the router's stack"

    ec2.revoke_security_group_ingress(GroupId=db, IpPermissions=rule)
    assert not shell.connects(client, address, 5000, wait=1), "the rule is gone: a new connection fails"
    assert echoes.grows(within=2), "the established connection is tracked: it goes on"

    ec2.create_network_acl_entry(
        NetworkAclId=pair["server_acl"], RuleNumber=10, Protocol="6", RuleAction="deny", Egress=False, CidrBlock="10.0.1.0/24",
        PortRange={"From": 5000, "To": 5000},
    )
    shell.instance(client, "true")  # the data plane has followed the change
    time.sleep(0.4)  # what was already in flight comes back
    assert not echoes.grows(within=1.5), "an ACL applies to established connections at once"

    ec2.delete_network_acl_entry(NetworkAclId=pair["server_acl"], RuleNumber=10, Egress=False)
    assert echoes.grows(within=5), "the entry is gone: the same connection goes on (TCP retransmits what was lost)"
    assert "closed" not in echoes.started.output()


def test_an_untracked_connection_is_cut_when_its_rule_goes(ec2, shell, programs):
    # Both ends' groups allow the flow for all addresses and all its replies the other way: security groups do not
    # track it, so removing the rule cuts it at once (AWS, "Untracked connections").
    pair = client_and_server(ec2)
    web, client_group = make_group(ec2, pair["vpc"], "web"), make_group(ec2, pair["vpc"], "client")
    rule = [{"IpProtocol": "tcp", "FromPort": 5000, "ToPort": 5000, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=rule)
    ec2.authorize_security_group_ingress(
        GroupId=client_group, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    ec2.modify_instance_attribute(InstanceId=pair["server"], Groups=[web])
    ec2.modify_instance_attribute(InstanceId=pair["client"], Groups=[client_group])
    programs.listener(pair["server"], 5000, mode="echo")
    echoes = programs.long_lived_client(pair["client"], pair["server_ip"], 5000)
    assert echoes.grows(within=2)

    ec2.revoke_security_group_ingress(GroupId=web, IpPermissions=rule)
    shell.instance(pair["client"], "true")  # the data plane has followed the change
    time.sleep(0.4)  # what was already in flight comes back
    assert not echoes.grows(within=1.5), "an untracked flow is decided again by the groups"

    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=rule)
    assert echoes.grows(within=5), "the rule is back: the same connection goes on"


def test_udp_passes_exactly_where_the_group_allows_it(ec2, shell, programs):
    pair = client_and_server(ec2)
    db = make_group(ec2, pair["vpc"], "dns")
    ec2.authorize_security_group_ingress(
        GroupId=db, IpPermissions=[{"IpProtocol": "udp", "FromPort": 5353, "ToPort": 5353, "IpRanges": [{"CidrIp": "10.0.1.0/24"}]}]
    )
    ec2.modify_instance_attribute(InstanceId=pair["server"], Groups=[db])
    echo = programs.instance(pair["server"], sys.executable, "-c", UDP_ECHO, "5353")
    echo.expect("ready")
    programs.instance(pair["server"], sys.executable, "-c", UDP_ECHO, "5354").expect("ready")

    def answered(port: int) -> bool:
        done = shell.instance(pair["client"], sys.executable, "-c", UDP_ASK, pair["server_ip"], str(port))
        return done.stdout.strip() == "answered"

    assert answered(5353), "UDP 5353 is allowed, and its reply passes (tracked)"
    assert not answered(5354), "UDP 5354 is not"
    assert not shell.connects(pair["client"], pair["server_ip"], 5353, wait=1), "nor TCP to 5353"


# A UDP echo server (prints "ready") and a client that prints "answered" when its datagram comes back within 1 s.
UDP_ECHO = r"""
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", int(sys.argv[1])))
print("ready", flush=True)
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(data, peer)
"""
UDP_ASK = r"""
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
s.sendto(b"ping", (sys.argv[1], int(sys.argv[2])))
try:
    s.recvfrom(2048)
    print("answered")
except socket.timeout:
    print("silence")
"""


def test_a_deleted_route_cuts_an_established_connection_across_a_peering_at_once(ec2, shell, programs):
    v = three_vpcs(ec2)
    peer(ec2, v["a"], v["b"], "10.1.0.0/16", "10.2.0.0/16")
    programs.listener(v["b"]["instance"], 6000, mode="echo")
    carried = fast_path_flows(shell.endpoint)
    echoes = programs.long_lived_client(v["a"]["instance"], v["b"]["ip"], 6000)
    assert echoes.grows(within=2)
    assert fast_path_flows(shell.endpoint) > carried, "the kernel carries the accepted connection past both routers' stacks"

    route = ec2.describe_route_tables(RouteTableIds=[v["b"]["table"]])["RouteTables"][0]["Routes"]
    [pcx] = [r["VpcPeeringConnectionId"] for r in route if r.get("DestinationCidrBlock") == "10.1.0.0/16"]
    ec2.delete_route(RouteTableId=v["b"]["table"], DestinationCidrBlock="10.1.0.0/16")
    shell.instance(v["a"]["instance"], "true")  # the data plane has followed the change
    time.sleep(0.4)  # what was already in flight comes back
    assert not echoes.grows(within=1.5), "routes apply to established connections at once: B's replies have no way back"

    ec2.create_route(RouteTableId=v["b"]["table"], DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=pcx)
    assert echoes.grows(within=5), "the route is back: the same connection goes on"


def three_vpcs(ec2) -> dict:
    """VPCs A (10.1.0.0/16), B (10.2.0.0/16) and C (10.3.0.0/16) with an instance each, whose default groups let in
    all traffic from 10.0.0.0/8."""
    out = {}
    for name, second in (("a", 1), ("b", 2), ("c", 3)):
        vpc = lvpc.create_vpc(ec2, f"10.{second}.0.0/16")["VpcId"]
        subnet = lvpc.create_subnet(ec2, vpc, f"10.{second}.1.0/24")["SubnetId"]
        ec2.authorize_security_group_ingress(
            GroupId=default_group_id(ec2, vpc), IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
        )
        instance = running(ec2, subnet)
        out[name] = {"vpc": vpc, "instance": instance["InstanceId"], "ip": instance["PrivateIpAddress"], "table": lvpc.main_route_table(ec2, vpc)["RouteTableId"]}
    return out


def peer(ec2, x: dict, y: dict, x_cidr: str, y_cidr: str) -> str:
    pcx = ec2.create_vpc_peering_connection(VpcId=x["vpc"], PeerVpcId=y["vpc"])["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    wait_status(ec2, pcx, "pending-acceptance")
    accept(ec2, pcx)
    ec2.create_route(RouteTableId=x["table"], DestinationCidrBlock=y_cidr, VpcPeeringConnectionId=pcx)
    ec2.create_route(RouteTableId=y["table"], DestinationCidrBlock=x_cidr, VpcPeeringConnectionId=pcx)
    return pcx


def test_peering_is_not_transitive(ec2, shell, programs):
    v = three_vpcs(ec2)
    ab = peer(ec2, v["a"], v["b"], "10.1.0.0/16", "10.2.0.0/16")
    bc = peer(ec2, v["b"], v["c"], "10.2.0.0/16", "10.3.0.0/16")
    # A and C try to reach each other through B.
    ec2.create_route(RouteTableId=v["a"]["table"], DestinationCidrBlock="10.3.0.0/16", VpcPeeringConnectionId=ab)
    ec2.create_route(RouteTableId=v["c"]["table"], DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=bc)

    assert shell.pings(v["a"]["instance"], v["b"]["ip"]) and shell.pings(v["b"]["instance"], v["c"]["ip"]), "each peering works"
    assert not shell.pings(v["a"]["instance"], v["c"]["ip"]), "A cannot reach C through B"
    assert not shell.pings(v["c"]["instance"], v["a"]["ip"]), "nor C reach A"

    # Peered directly, with the routes moved to the new peering, A reaches C, and C sees A's own address.
    ac = ec2.create_vpc_peering_connection(VpcId=v["a"]["vpc"], PeerVpcId=v["c"]["vpc"])["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    wait_status(ec2, ac, "pending-acceptance")
    accept(ec2, ac)
    ec2.replace_route(RouteTableId=v["a"]["table"], DestinationCidrBlock="10.3.0.0/16", VpcPeeringConnectionId=ac)
    ec2.replace_route(RouteTableId=v["c"]["table"], DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=ac)
    assert shell.pings(v["a"]["instance"], v["c"]["ip"])
    listener = programs.listener(v["c"]["instance"], 7000)
    assert shell.connects(v["a"]["instance"], v["c"]["ip"], 7000)
    assert listener.expect("from ").split()[1] == v["a"]["ip"], "source addresses cross a peering unchanged"


@pytest.mark.parametrize(
    ("accepter_account", "accepter_region"),
    [(ACCOUNT_B, EAST), (ACCOUNT_A, WEST), (ACCOUNT_B, WEST)],
    ids=["cross-account", "cross-region", "cross-account-and-region"],
)
def test_peering_across_accounts_and_regions_carries_pings(server, ec2, shell, accepter_account, accepter_region):
    # LocalVPC: a 12-digit access key id is the account id.
    requester = lvpc.make_boto_client(server.endpoint, access_key=ACCOUNT_A, region=EAST)
    accepter = lvpc.make_boto_client(server.endpoint, access_key=accepter_account, region=accepter_region)
    sides = {}
    for name, client, second in (("a", requester, 1), ("b", accepter, 2)):
        vpc = lvpc.create_vpc(client, f"10.{second}.0.0/16")["VpcId"]
        subnet = lvpc.create_subnet(client, vpc, f"10.{second}.1.0/24")["SubnetId"]
        instance = running(client, subnet)
        sides[name] = {
            "client": client, "vpc": vpc, "instance": instance["InstanceId"], "ip": instance["PrivateIpAddress"],
            "table": lvpc.main_route_table(client, vpc)["RouteTableId"], "group": default_group_id(client, vpc),
        }
    a, b = sides["a"], sides["b"]
    options = {}
    if accepter_account != ACCOUNT_A:
        options["PeerOwnerId"] = accepter_account
    if accepter_region != EAST:
        options["PeerRegion"] = accepter_region
    pcx = request_peering(requester, a["vpc"], b["vpc"], **options)["VpcPeeringConnectionId"]
    wait_status(accepter, pcx, "pending-acceptance")
    assert not shell.pings(a["instance"], b["ip"]), "requested, not accepted"
    accept(accepter, pcx)
    wait_status(requester, pcx, "active")
    a["client"].create_route(RouteTableId=a["table"], DestinationCidrBlock="10.2.0.0/16", VpcPeeringConnectionId=pcx)
    b["client"].create_route(RouteTableId=b["table"], DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=pcx)
    assert not shell.pings(a["instance"], b["ip"]), "routes both ways, but B's group lets in only its members"
    b["client"].authorize_security_group_ingress(
        GroupId=b["group"], IpPermissions=[{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}]
    )
    assert shell.pings(a["instance"], b["ip"])
    assert not shell.pings(b["instance"], a["ip"]), "A's group does not let B in"


def test_ipv6_crosses_a_peering_once_routed_both_ways(ec2, shell):
    sides = []
    for second in (1, 2):
        vpc = lvpc.create_vpc(ec2, f"10.{second}.0.0/16", AmazonProvidedIpv6CidrBlock=True)["VpcId"]
        [block] = lvpc.describe_vpc(ec2, vpc)["Ipv6CidrBlockAssociationSet"]
        subnet_block = str(next(ipaddress.ip_network(block["Ipv6CidrBlock"]).subnets(new_prefix=64)))
        subnet = lvpc.create_subnet(ec2, vpc, f"10.{second}.1.0/24", Ipv6CidrBlock=subnet_block)["SubnetId"]
        instance = running(ec2, subnet, Ipv6AddressCount=1)
        sides.append({
            "vpc": vpc, "block": block["Ipv6CidrBlock"], "instance": instance["InstanceId"], "table": lvpc.main_route_table(ec2, vpc)["RouteTableId"],
            "ip6": instance["NetworkInterfaces"][0]["Ipv6Addresses"][0]["Ipv6Address"], "group": default_group_id(ec2, vpc),
        })
    a, b = sides
    pcx = ec2.create_vpc_peering_connection(VpcId=a["vpc"], PeerVpcId=b["vpc"])["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    wait_status(ec2, pcx, "pending-acceptance")
    accept(ec2, pcx)
    ec2.authorize_security_group_ingress(
        GroupId=b["group"], IpPermissions=[{"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": a["block"]}]}]
    )

    def pings6() -> bool:
        return shell.instance(a["instance"], "ping", "-6", "-n", "-c", "1", "-W", "1", b["ip6"]).returncode == 0

    ec2.create_route(RouteTableId=a["table"], DestinationIpv6CidrBlock=b["block"], VpcPeeringConnectionId=pcx)
    assert not pings6(), "a route there, none back"
    ec2.create_route(RouteTableId=b["table"], DestinationIpv6CidrBlock=a["block"], VpcPeeringConnectionId=pcx)
    assert pings6(), "routed both ways, and B's group lets A's IPv6 block in"
    ec2.revoke_security_group_ingress(
        GroupId=b["group"], IpPermissions=[{"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": a["block"]}]}]
    )
    assert not pings6(), "the rule is gone"
