"""The data plane through transit gateways: the seeds' next step (issue 15, item 3) with real packets.

Seed 003 ends with "VPC peering does not support transitive peering… consider using AWS Transit Gateway". Three
VPCs peered in a chain A–B–C: A cannot reach C, and the analyzer says so. A transit gateway with the three VPCs
attached (one route table, associations and propagations by default) and routes to it in each VPC: A pings C, C pings
A, TCP works, and the analyzer agrees at every step. Then isolation with two route tables (the spokes reach the hub,
not each other), a blackhole static route that cuts a live connection, a deleted attachment that cuts it, and the
attachment subnet's network ACL that blocks it.

Each step runs `localvpc instance exec INSTANCE -- …` as the README tells users to, and asks Network Insights
(the same evaluator) whether the path exists.
"""

from __future__ import annotations

import subprocess
import time

import pytest
import requests

import lvpc
from compute_helpers import default_group_id
from dataplane_fixtures import ec2, programs, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import Echoes, Shell, fetch, namespaces, requires_data_plane, running, settle, wait_for
from insights_helpers import analyse
from peering_helpers import active_peering

pytestmark = [requires_data_plane, pytest.mark.own_server]

ADDRESSES = {"a": "10.1.1.10", "b": "10.2.1.10", "c": "10.3.1.10"}


class Chain:
    """Three VPCs A (10.1/16), B (10.2/16), C (10.3/16): an instance in each (named a, b, c, at ADDRESSES), a subnet
    for transit gateway attachments in the same zone, and groups that let in ICMP and TCP from 10.0.0.0/8."""

    def __init__(self, ec2) -> None:
        self.ec2 = ec2
        self.vpcs: dict[str, str] = {}
        self.instances: dict[str, str] = {}
        self.attachment_subnets: dict[str, str] = {}
        for n, name in enumerate("abc", start=1):
            vpc = lvpc.create_vpc(ec2, f"10.{n}.0.0/16", name=name.upper())["VpcId"]
            subnet = lvpc.create_subnet(ec2, vpc, f"10.{n}.1.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
            self.attachment_subnets[name] = lvpc.create_subnet(ec2, vpc, f"10.{n}.255.0/28", AvailabilityZone="us-east-1a")["SubnetId"]
            ec2.authorize_security_group_ingress(
                GroupId=default_group_id(ec2, vpc), IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
            )
            self.vpcs[name] = vpc
            self.instances[name] = running(
                ec2, subnet, PrivateIpAddress=ADDRESSES[name], TagSpecifications=lvpc.tag_spec("instance", Name=name)
            )["InstanceId"]

    def table(self, name: str) -> str:
        return lvpc.main_route_table(self.ec2, self.vpcs[name])["RouteTableId"]

    def path_found(self, source: str, destination: str, protocol: str = "icmp", port: int | None = None) -> bool:
        analysis = analyse(self.ec2, self.instances[source], self.instances[destination], protocol=protocol, port=port)
        assert analysis["Status"] == "succeeded", analysis
        return analysis["NetworkPathFound"]

    def agree(self, shell: Shell, source: str, destination: str, expected: bool, what: str) -> None:
        """Packets and the analyzer both say `expected` for a ping from `source` to `destination`."""
        assert shell.pings(source, ADDRESSES[destination]) is expected, f"{what}: the packets"
        assert self.path_found(source, destination) is expected, f"{what}: the analyzer"


def data_plane_gateways(endpoint: str) -> int:
    return requests.get(endpoint + lvpc.HEALTH_PATH, timeout=5).json()["dataPlane"].get("transitGateways", 0)


def hub(ec2, shell: Shell, chain: Chain, names: str = "abc", **options) -> tuple[str, dict[str, str]]:
    """A transit gateway with `names`' VPCs attached through their attachment subnets, once it and the attachments
    are `available` (the server's clock moved past `pending`) and the data plane has made its namespace."""
    tgw = ec2.create_transit_gateway(Description="hub", Options=options)["TransitGateway"]["TransitGatewayId"]
    attachments = {
        name: ec2.create_transit_gateway_vpc_attachment(
            TransitGatewayId=tgw, VpcId=chain.vpcs[name], SubnetIds=[chain.attachment_subnets[name]]
        )["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        for name in names
    }
    lvpc.advance_server_clock(shell.endpoint, 6)
    states = ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=list(attachments.values()))["TransitGatewayAttachments"]
    assert {attachment["State"] for attachment in states} == {"available"}, states
    wait_for(lambda: data_plane_gateways(shell.endpoint) == 1, desc="the transit gateway's namespace")
    return tgw, attachments


def cut(shell: Shell, echoes: Echoes) -> bool:
    """Whether the live connection stops, once the data plane has followed the change just made and what was already
    in flight has come back."""
    settle(shell.endpoint)
    time.sleep(0.4)
    return not echoes.grows(within=1.5)


def route_to(ec2, chain: Chain, tgw: str, names: str = "abc") -> None:
    for name in names:
        ec2.create_route(RouteTableId=chain.table(name), DestinationCidrBlock="10.0.0.0/8", TransitGatewayId=tgw)


def test_the_seeds_story_a_chain_of_peerings_is_not_transitive_a_transit_gateway_is(ec2, shell, programs):
    chain = Chain(ec2)
    ab = active_peering(ec2, chain.vpcs["a"], chain.vpcs["b"])
    bc = active_peering(ec2, chain.vpcs["b"], chain.vpcs["c"])
    for source, destination, pcx in (("a", "10.2.0.0/16", ab), ("b", "10.1.0.0/16", ab), ("b", "10.3.0.0/16", bc), ("c", "10.2.0.0/16", bc)):
        ec2.create_route(RouteTableId=chain.table(source), DestinationCidrBlock=destination, VpcPeeringConnectionId=pcx)
    chain.agree(shell, "a", "b", True, "A and B are peered")
    chain.agree(shell, "b", "c", True, "B and C are peered")
    chain.agree(shell, "a", "c", False, "A has no route to C")
    # The transitive attempt: C's block through A's peering with B. Peering is not transitive.
    ec2.create_route(RouteTableId=chain.table("a"), DestinationCidrBlock="10.3.0.0/16", VpcPeeringConnectionId=ab)
    ec2.create_route(RouteTableId=chain.table("c"), DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=bc)
    chain.agree(shell, "a", "c", False, "peering is not transitive")

    # The next step: a transit gateway in place of the peerings.
    tgw, _ = hub(ec2, shell, chain)
    for name, destinations in (("a", ["10.2.0.0/16", "10.3.0.0/16"]), ("b", ["10.1.0.0/16", "10.3.0.0/16"]), ("c", ["10.1.0.0/16", "10.2.0.0/16"])):
        for destination in destinations:
            ec2.delete_route(RouteTableId=chain.table(name), DestinationCidrBlock=destination)
    for pcx in (ab, bc):
        ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    chain.agree(shell, "a", "c", False, "attached, but no VPC route to the transit gateway")
    route_to(ec2, chain, tgw, "a")
    chain.agree(shell, "a", "c", False, "a route there, none back from C")
    route_to(ec2, chain, tgw, "bc")
    chain.agree(shell, "a", "c", True, "A reaches C through the transit gateway")
    chain.agree(shell, "c", "a", True, "and C reaches A")
    chain.agree(shell, "b", "a", True, "and B reaches A")
    assert shell.pings("a", ADDRESSES["c"], count=3), "every ping of a flow, not just the first"

    # TCP, to a web server in C: its source is A's private address, unchanged through the gateway.
    programs.instance("c", "python3", "-m", "http.server", "8080", "--bind", ADDRESSES["c"])
    body = wait_for(lambda: fetch(shell, "a", f"http://{ADDRESSES['c']}:8080/"), timeout=10, desc="the web server in C")
    assert "Directory listing" in body
    assert chain.path_found("a", "c", protocol="tcp", port=8080)
    # A packet larger than the gateway's MTU (8500) does not pass whole; the instance learns the path's MTU.
    assert shell.instance("a", "ping", "-n", "-c", "1", "-W", "1", "-M", "do", "-s", "8600", ADDRESSES["c"]).returncode != 0
    assert shell.instance("a", "ping", "-n", "-c", "1", "-W", "1", "-M", "do", "-s", "8400", ADDRESSES["c"]).returncode == 0


def test_isolated_spokes_reach_the_hub_and_not_each_other(ec2, shell):
    chain = Chain(ec2)
    tgw, attachments = hub(ec2, shell, chain, DefaultRouteTableAssociation="disable", DefaultRouteTablePropagation="disable")
    hub_table = ec2.create_transit_gateway_route_table(TransitGatewayId=tgw)["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]
    spokes = ec2.create_transit_gateway_route_table(TransitGatewayId=tgw)["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]
    lvpc.advance_server_clock(shell.endpoint, 6)
    route_to(ec2, chain, tgw)
    chain.agree(shell, "b", "a", False, "no attachment is associated with a route table")
    ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=hub_table, TransitGatewayAttachmentId=attachments["a"])
    for spoke in "bc":
        ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=spokes, TransitGatewayAttachmentId=attachments[spoke])
        ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=hub_table, TransitGatewayAttachmentId=attachments[spoke])
    chain.agree(shell, "b", "a", False, "the spokes' table has no route to the hub yet")
    ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=spokes, TransitGatewayAttachmentId=attachments["a"])
    chain.agree(shell, "b", "a", True, "a spoke reaches the hub")
    chain.agree(shell, "a", "c", True, "the hub reaches a spoke")
    chain.agree(shell, "b", "c", False, "a spoke does not reach the other spoke")
    chain.agree(shell, "c", "b", False, "either way")


def test_a_blackhole_a_deleted_attachment_and_the_attachment_subnets_acl_cut_a_live_flow(ec2, shell, programs):
    chain = Chain(ec2)
    tgw, attachments = hub(ec2, shell, chain, names="ac")
    route_to(ec2, chain, tgw, "ac")
    programs.listener("c", 7000, mode="echo")
    echoes = programs.long_lived_client("a", ADDRESSES["c"], 7000)
    assert echoes.grows(within=2), "A's connection to C is carried through the gateway"
    table = ec2.describe_transit_gateways(TransitGatewayIds=[tgw])["TransitGateways"][0]["Options"]["AssociationDefaultRouteTableId"]

    # A more specific blackhole for C's subnet: the gateway drops what A sends at once, live connection included.
    ec2.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="10.3.1.0/24", Blackhole=True)
    assert cut(shell, echoes), "the blackhole cuts the live connection"
    assert not chain.path_found("a", "c"), "the analyzer sees the blackhole"
    ec2.delete_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="10.3.1.0/24")
    assert echoes.grows(within=5), "the blackhole is gone: the same connection goes on (TCP retransmits what was lost)"

    # The attachment subnet's network ACL applies to what passes through the attachment: a new ACL denies all.
    acl = ec2.create_network_acl(VpcId=chain.vpcs["c"])["NetworkAcl"]["NetworkAclId"]
    association = next(
        a["NetworkAclAssociationId"]
        for a in ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [chain.attachment_subnets["c"]]}])["NetworkAcls"][0][
            "Associations"
        ]
        if a["SubnetId"] == chain.attachment_subnets["c"]
    )
    default_acl = ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=acl)["NewAssociationId"]
    assert cut(shell, echoes), "the attachment subnet's ACL denies everything"
    chain.agree(shell, "a", "c", False, "the attachment subnet's ACL")
    default = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [chain.vpcs["c"]]}, {"Name": "default", "Values": ["true"]}])
    ec2.replace_network_acl_association(AssociationId=default_acl, NetworkAclId=default["NetworkAcls"][0]["NetworkAclId"])
    assert echoes.grows(within=5), "the default ACL is back"

    ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=attachments["c"])
    assert cut(shell, echoes), "the attachment is gone"
    chain.agree(shell, "a", "c", False, "C's attachment is deleted")


def test_a_deleted_gateway_leaves_nothing_of_its_own(ec2, shell):
    chain = Chain(ec2)
    tgw, attachments = hub(ec2, shell, chain, names="ab")
    namespace = f"lvpc-{tgw}"
    assert namespace in namespaces()
    for attachment in attachments.values():
        ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=attachment)
    ec2.delete_transit_gateway(TransitGatewayId=tgw)
    wait_for(lambda: data_plane_gateways(shell.endpoint) == 0, desc="the namespace to go")
    wait_for(lambda: namespace not in namespaces(), desc=f"{namespace} removed")
    assert shell.instance("a", "ip", "-o", "link").returncode == 0, "the instances are untouched"


def test_flow_logs_record_a_flow_through_the_gateway_once_at_each_end(ec2, shell):
    """Each end's interface records the flow once (the sending router counts the sender's, the receiving router the
    receiver's); traffic through a transit gateway leaves by its attachment's interface in the VPC: traffic-path 1.
    A reply refused by the receiver's subnet ACL is decided by the sending router and recorded at the receiver."""
    from test_data_plane_flow_logs import create_flow_log, flushed

    chain = Chain(ec2)
    tgw, _ = hub(ec2, shell, chain, names="ac")
    route_to(ec2, chain, tgw, "ac")
    fields = ["interface-id", "srcaddr", "dstaddr", "packets", "flow-direction", "traffic-path", "action"]
    logs = {name: create_flow_log(ec2, "VPC", chain.vpcs[name], LogFormat=" ".join("${%s}" % f for f in fields)) for name in "ac"}
    eni = {
        name: ec2.describe_instances(InstanceIds=[chain.instances[name]])["Reservations"][0]["Instances"][0]["NetworkInterfaces"][0][
            "NetworkInterfaceId"
        ]
        for name in "ac"
    }
    settle(shell.endpoint)
    assert shell.pings("a", ADDRESSES["c"], count=3)
    a, c = ADDRESSES["a"], ADDRESSES["c"]

    printed: dict[str, int] = {}

    def records(name: str) -> list[tuple]:
        """The records printed since the last look (`localvpc flow-logs` prints them all, oldest first)."""
        everything = [tuple(r[f] for f in fields) for r in flushed(shell, logs[name], fields)]
        new = everything[printed.get(name, 0) :]
        printed[name] = len(everything)
        return sorted(new)

    assert records("a") == sorted([(eni["a"], c, a, "3", "ingress", "-", "ACCEPT"), (eni["a"], a, c, "3", "egress", "1", "ACCEPT")])
    assert records("c") == sorted([(eni["c"], a, c, "3", "ingress", "-", "ACCEPT"), (eni["c"], c, a, "3", "egress", "1", "ACCEPT")])

    [acl] = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [chain.vpcs["c"]]}])["NetworkAcls"]
    ec2.create_network_acl_entry(
        NetworkAclId=acl["NetworkAclId"], RuleNumber=50, Protocol="1", RuleAction="deny", Egress=True, CidrBlock="10.1.0.0/16",
        IcmpTypeCode={"Type": -1, "Code": -1})
    settle(shell.endpoint)
    assert not shell.pings("a", ADDRESSES["c"], count=2, wait=1)
    assert records("c") == sorted([(eni["c"], a, c, "2", "ingress", "-", "ACCEPT"), (eni["c"], c, a, "2", "egress", "1", "REJECT")])
    assert records("a") == [(eni["a"], a, c, "2", "egress", "1", "ACCEPT")], "A never saw a reply"


def test_a_restart_rebuilds_the_gateway_and_kill_9_leaves_nothing_of_the_old_one(server, ec2, shell):
    chain = Chain(ec2)
    tgw, _ = hub(ec2, shell, chain, names="ac")
    route_to(ec2, chain, tgw, "ac")
    namespace = f"lvpc-{tgw}"
    assert shell.pings("a", ADDRESSES["c"])

    assert server.stop() == 0, server.log_text()
    assert namespace not in namespaces(), "SIGTERM removes the gateway's namespace with the rest"
    server.start(timeout=60)
    wait_for(lambda: data_plane_gateways(shell.endpoint) == 1, desc="the gateway's namespace, rebuilt")
    assert shell.pings("a", ADDRESSES["c"]) and shell.pings("c", ADDRESSES["a"]), "through the rebuilt gateway"

    # Mark the namespace of this run, so that it would show if it outlived kill -9 and the restart.
    subprocess.run(["ip", "-n", namespace, "link", "add", "lvpc-old-run", "type", "veth", "peer", "name", "lvpc-old-peer"], check=True)
    server.kill()
    assert namespace in namespaces(), "kill -9 leaves it behind"
    server.start(timeout=60)
    wait_for(lambda: data_plane_gateways(shell.endpoint) == 1, desc="the gateway's namespace, made again")
    assert subprocess.run(["ip", "-n", namespace, "link", "show", "lvpc-old-run"], capture_output=True).returncode != 0, "the old run's is gone"
    assert shell.pings("a", ADDRESSES["c"])


def test_across_a_transit_gateway_peering_between_accounts_and_regions(ec2, shell, tmp_path):
    """Two gateways, in two accounts and regions, peered: a link between their namespaces. AWS propagates nothing
    across a peering: a static route to the peering attachment on each side, and each side's association of it."""
    sides = []
    for account, n, region in (("111111111111", 1, "us-east-1"), ("222222222222", 9, "us-west-2")):
        client = lvpc.make_boto_client(shell.endpoint, region=region, access_key=account)
        vpc = lvpc.create_vpc(client, f"10.{n}.0.0/16")["VpcId"]
        subnet = lvpc.create_subnet(client, vpc, f"10.{n}.1.0/24", AvailabilityZone=f"{region}a")["SubnetId"]
        client.authorize_security_group_ingress(
            GroupId=default_group_id(client, vpc), IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
        )
        instance = running(client, subnet, PrivateIpAddress=f"10.{n}.1.10")["InstanceId"]
        tgw = client.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
        client.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])
        client.create_route(RouteTableId=lvpc.main_route_table(client, vpc)["RouteTableId"], DestinationCidrBlock="10.0.0.0/8", TransitGatewayId=tgw)
        side_shell = Shell(shell.endpoint, tmp_path)
        side_shell.env = lvpc.cli_env(shell.endpoint, account, region, tmp_path)
        sides.append({"client": client, "tgw": tgw, "instance": instance, "shell": side_shell})
    east, west = sides
    peering = east["client"].create_transit_gateway_peering_attachment(
        TransitGatewayId=east["tgw"], PeerTransitGatewayId=west["tgw"], PeerAccountId="222222222222", PeerRegion="us-west-2"
    )["TransitGatewayPeeringAttachment"]["TransitGatewayAttachmentId"]
    west["client"].accept_transit_gateway_peering_attachment(TransitGatewayAttachmentId=peering)
    lvpc.advance_server_clock(shell.endpoint, 6)
    for side, other in ((east, "10.9.0.0/16"), (west, "10.1.0.0/16")):
        side["rtb"] = side["client"].describe_transit_gateways(TransitGatewayIds=[side["tgw"]])["TransitGateways"][0]["Options"][
            "AssociationDefaultRouteTableId"
        ]
        side["client"].create_transit_gateway_route(
            TransitGatewayRouteTableId=side["rtb"], DestinationCidrBlock=other, TransitGatewayAttachmentId=peering
        )
    east["client"].associate_transit_gateway_route_table(TransitGatewayRouteTableId=east["rtb"], TransitGatewayAttachmentId=peering)
    wait_for(lambda: data_plane_gateways(shell.endpoint) == 2, desc="both gateways' namespaces")
    assert not east["shell"].pings(east["instance"], "10.9.1.10"), "the west side has not associated the peering"
    west["client"].associate_transit_gateway_route_table(TransitGatewayRouteTableId=west["rtb"], TransitGatewayAttachmentId=peering)
    assert east["shell"].pings(east["instance"], "10.9.1.10", count=2), "east reaches west across the peering"
    assert west["shell"].pings(west["instance"], "10.1.1.10"), "and west reaches east"
    link = f"lvpc-t{peering[-9:]}"
    for side in sides:
        shown = subprocess.run(["ip", "-n", f"lvpc-{side['tgw']}", "-o", "link", "show", link], capture_output=True, text=True).stdout
        assert "mtu 8500" in shown, shown
    east["client"].delete_transit_gateway_peering_attachment(TransitGatewayAttachmentId=peering)
    assert not east["shell"].pings(east["instance"], "10.9.1.10"), "the peering is deleted"
