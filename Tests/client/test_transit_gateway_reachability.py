"""Reachability through a transit gateway: Network Insights (boto3) and `localvpc reach`/`doctor` agree.

Seed 003 ends with "VPC peering does not support transitive peering ... consider using AWS Transit
Gateway": three VPCs peered in a chain do not reach end to end; a transit gateway with its default
route table (every attachment associated and propagating) and a VPC route to it does.

Sources quoted here:
- Reachability Analyzer Guide, "Explanation codes": PCX_REQUIRES_ADDRESS_IN_VPC_CIDR,
  TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION ("This transit gateway attachment doesn't have a valid transit
  gateway route table association"), TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT ("This transit gateway route
  table has no route to this transit gateway attachment"), TGW_RTB_BAD_STATE_ROUTE ("a route to the
  destination that is in a bad state"), TGW_ROUTE_AZ_RESTRICTION ("The VPC attachment must have a subnet
  association in the Availability Zone"), NO_ROUTE_TO_DESTINATION.
- EC2 API Reference, PathComponent / Explanation: TransitGateway, TransitGatewayAttachment,
  TransitGatewayRouteTable, TransitGatewayRouteTableRoute (DestinationCidr, State, RouteOrigin,
  AttachmentId, ResourceId, ResourceType).

Environment:
  LOCALVPC_BIN   the server binary, and the `localvpc` command under test
"""

from __future__ import annotations

import json

import pytest

import compute_helpers as ch
import lvpc
from insights_helpers import analyse, localvpc



def three_vpcs(ec2) -> dict:
    """VPCs 10.1/16, 10.2/16, 10.3/16, each with a subnet in us-east-1a, an instance ("a", "b", "c")
    and its default group open to 10.0.0.0/8."""
    nets, instances = [], []
    for n, name in ((1, "a"), (2, "b"), (3, "c")):
        net = ch.network(ec2, f"10.{n}.0.0/16", f"10.{n}.1.0/24")
        ec2.authorize_security_group_ingress(
            GroupId=net["sg"], IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
        )
        nets.append(net)
        instances.append(ch.launch(ec2, net["subnet"], TagSpecifications=lvpc.tag_spec("instance", Name=name)))
    tables = [lvpc.main_route_table(ec2, net["vpc"])["RouteTableId"] for net in nets]
    return {"nets": nets, "instances": instances, "tables": tables}


def transit_gateway(ec2, endpoint, world) -> dict:
    """A transit gateway with AWS's defaults, every VPC attached by its subnet, 10.0.0.0/8 routed to it."""
    tgw = ec2.create_transit_gateway(Description="hub")["TransitGateway"]["TransitGatewayId"]
    attachments = [
        ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=net["vpc"], SubnetIds=[net["subnet"]])[
            "TransitGatewayVpcAttachment"
        ]["TransitGatewayAttachmentId"]
        for net in world["nets"]
    ]
    lvpc.advance_server_clock(endpoint, 6)
    for table in world["tables"]:
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="10.0.0.0/8", TransitGatewayId=tgw)
    [described] = ec2.describe_transit_gateways(TransitGatewayIds=[tgw])["TransitGateways"]
    return {"tgw": tgw, "attachments": attachments, "rtb": described["Options"]["AssociationDefaultRouteTableId"]}


def codes(analysis) -> list[str]:
    return [e["ExplanationCode"] for e in analysis.get("Explanations", [])]


def reach(endpoint, tmp_path, source, destination):
    run = localvpc(endpoint, tmp_path, "reach", source, destination, "--protocol", "icmp", "--output", "json")
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


def test_a_chain_of_peerings_does_not_reach_end_to_end_and_a_transit_gateway_does(ec2, endpoint, tmp_path):
    world = three_vpcs(ec2)
    (a, b, c), (ta, tb, tc) = world["nets"], world["tables"]
    ab = ec2.create_vpc_peering_connection(VpcId=a["vpc"], PeerVpcId=b["vpc"])["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    bc = ec2.create_vpc_peering_connection(VpcId=b["vpc"], PeerVpcId=c["vpc"])["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    for pcx in (ab, bc):
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    routes = [(ta, "10.2.0.0/16", ab), (tb, "10.1.0.0/16", ab), (tb, "10.3.0.0/16", bc), (tc, "10.2.0.0/16", bc)]
    routes.append((ta, "10.3.0.0/16", ab))  # A's attempt to reach C through B
    for table, cidr, pcx in routes:
        ec2.create_route(RouteTableId=table, DestinationCidrBlock=cidr, VpcPeeringConnectionId=pcx)
    ia, _, ic = (i["InstanceId"] for i in world["instances"])

    assert analyse(ec2, ia, world["instances"][1]["InstanceId"], "icmp", None)["NetworkPathFound"] is True
    chained = analyse(ec2, ia, ic, "icmp", None)
    assert chained["NetworkPathFound"] is False
    assert codes(chained) == ["PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"]
    report = reach(endpoint, tmp_path, "a", "c")
    assert report["reachable"] is False and [e["code"] for e in report["explanations"]] == codes(chained)

    # The seed's next step: the peerings' routes give way to one transit gateway.
    for table, cidr, _ in routes:
        ec2.delete_route(RouteTableId=table, DestinationCidrBlock=cidr)
    hub = transit_gateway(ec2, endpoint, world)
    for source, destination in ((ia, ic), (ic, ia)):
        analysis = analyse(ec2, source, destination, "icmp", None)
        assert analysis["NetworkPathFound"] is True, codes(analysis)
    forward = analyse(ec2, ia, ic, "tcp", 22)["ForwardPathComponents"]
    ids = [hop["Component"]["Id"] for hop in forward]
    assert ids.index(hub["attachments"][0]) < ids.index(hub["tgw"]) < ids.index(hub["rtb"]) < ids.index(hub["attachments"][2])
    [routed] = [hop for hop in forward if "TransitGatewayRouteTableRoute" in hop]
    assert routed["TransitGatewayRouteTableRoute"] == {
        "DestinationCidr": "10.3.0.0/16", "State": "active", "RouteOrigin": "propagated",
        "AttachmentId": hub["attachments"][2], "ResourceId": c["vpc"], "ResourceType": "vpc",
    }
    assert routed["TransitGateway"]["Id"] == hub["tgw"]
    assert routed["Component"]["Arn"].endswith(f":transit-gateway-route-table/{hub['rtb']}")
    report = reach(endpoint, tmp_path, "a", "c")
    assert report["reachable"] is True
    matched = [h.get("matched") or "" for h in report["forward"]]
    assert f"route 10.0.0.0/8 -> {hub['tgw']} (active)" in matched
    assert f"transit gateway route 10.3.0.0/16 -> {hub['attachments'][2]} (propagated, active)" in matched


def _disassociate(ec2, hub, world):
    ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=hub["rtb"], TransitGatewayAttachmentId=hub["attachments"][0])


def _no_propagation(ec2, hub, world):
    ec2.disable_transit_gateway_route_table_propagation(
        TransitGatewayRouteTableId=hub["rtb"], TransitGatewayAttachmentId=hub["attachments"][2]
    )


def _blackhole(ec2, hub, world):
    ec2.create_transit_gateway_route(TransitGatewayRouteTableId=hub["rtb"], DestinationCidrBlock="10.3.0.0/16", Blackhole=True)


def _no_vpc_route(ec2, hub, world):
    ec2.delete_route(RouteTableId=world["tables"][0], DestinationCidrBlock="10.0.0.0/8")


def _no_reply_route(ec2, hub, world):
    ec2.delete_route(RouteTableId=world["tables"][2], DestinationCidrBlock="10.0.0.0/8")


@pytest.mark.parametrize(
    "change, code, field, on_return",
    [
        (_disassociate, "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION", "TransitGatewayAttachment", False),
        (_no_propagation, "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT", "TransitGatewayRouteTable", False),
        (_blackhole, "TGW_RTB_BAD_STATE_ROUTE", "TransitGatewayRouteTableRoute", False),
        (_no_vpc_route, "NO_ROUTE_TO_DESTINATION", "RouteTable", False),
        (_no_reply_route, "NO_ROUTE_TO_DESTINATION", "RouteTable", True),
    ],
    ids=["no-association", "no-propagation", "blackhole", "no-vpc-route", "no-reply-route"],
)
def test_each_block_has_its_code_and_reach_agrees(ec2, endpoint, tmp_path, change, code, field, on_return):
    world = three_vpcs(ec2)
    hub = transit_gateway(ec2, endpoint, world)
    change(ec2, hub, world)
    ia, ic = world["instances"][0]["InstanceId"], world["instances"][2]["InstanceId"]
    analysis = analyse(ec2, ia, ic, "icmp", None)
    assert analysis["NetworkPathFound"] is False
    [explanation] = analysis["Explanations"]
    assert explanation["ExplanationCode"] == code
    assert field in explanation, explanation
    if code.startswith("TGW_"):
        assert explanation["TransitGateway"]["Id"] == hub["tgw"]
    if code == "TGW_RTB_BAD_STATE_ROUTE":
        assert explanation["TransitGatewayRouteTableRoute"]["State"] == "blackhole"
    assert bool(analysis.get("ReturnPathComponents")) == on_return
    report = reach(endpoint, tmp_path, "a", "c")
    assert report["reachable"] is False
    assert [(e["code"], e["componentId"]) for e in report["explanations"]] == [
        (code, explanation["Component"]["Id"])
    ]


def test_doctor_fixes_a_transit_gateway_step_by_step(ec2, endpoint, tmp_path):
    """No association for A, C not propagating, no VPC route in A: doctor proposes
    AssociateTransitGatewayRouteTable, EnableTransitGatewayRouteTablePropagation and CreateRoute to the
    transit gateway, and applying them makes the path reachable."""
    world = three_vpcs(ec2)
    hub = transit_gateway(ec2, endpoint, world)
    _disassociate(ec2, hub, world)
    _no_propagation(ec2, hub, world)
    _no_vpc_route(ec2, hub, world)
    run = localvpc(endpoint, tmp_path, "doctor", "a", "c", "--protocol", "icmp", "--apply", "--output", "json")
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout)
    commands = [f["command"] for r in result["rounds"] for f in r["fixes"]]
    assert commands == [
        f"aws ec2 create-route --route-table-id {world['tables'][0]} --destination-cidr-block 10.3.0.0/16 "
        f"--transit-gateway-id {hub['tgw']}",
        f"aws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id {hub['rtb']} "
        f"--transit-gateway-attachment-id {hub['attachments'][0]}",
        f"aws ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id {hub['rtb']} "
        f"--transit-gateway-attachment-id {hub['attachments'][2]}",
    ], commands
    assert result["reachable"] is True
    [association] = ec2.get_transit_gateway_route_table_associations(
        TransitGatewayRouteTableId=hub["rtb"], Filters=lvpc.filters(**{"transit-gateway-attachment-id": hub["attachments"][0]})
    )["Associations"]
    assert association["State"] == "associated"


def test_across_a_transit_gateway_peering_between_accounts_and_regions(client_factory, endpoint):
    """A VPC behind a gateway in us-east-1, another account's behind one in us-west-2, the gateways peered. AWS
    propagates nothing across a peering ("you must add a static route ... that points to the transit gateway
    peering attachment"), and each side associates the peering with a route table of its own: until the west side
    does, the path stops there; then it reaches, both ways."""
    east = client_factory(account="111111111111", region="us-east-1")
    west = client_factory(account="222222222222", region="us-west-2")
    sides = []
    for client, n, region in ((east, 1, "us-east-1"), (west, 9, "us-west-2")):
        net = ch.network(client, f"10.{n}.0.0/16", f"10.{n}.1.0/24", az=f"{region}a")
        client.authorize_security_group_ingress(
            GroupId=net["sg"], IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
        )
        instance = ch.launch(client, net["subnet"])
        tgw = client.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
        client.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=net["vpc"], SubnetIds=[net["subnet"]])
        sides.append({"client": client, "net": net, "instance": instance, "tgw": tgw})
    peering = east.create_transit_gateway_peering_attachment(
        TransitGatewayId=sides[0]["tgw"], PeerTransitGatewayId=sides[1]["tgw"], PeerAccountId="222222222222", PeerRegion="us-west-2"
    )["TransitGatewayPeeringAttachment"]["TransitGatewayAttachmentId"]
    west.accept_transit_gateway_peering_attachment(TransitGatewayAttachmentId=peering)
    lvpc.advance_server_clock(endpoint, 6)
    for side, other in ((sides[0], "10.9.0.0/16"), (sides[1], "10.1.0.0/16")):
        client = side["client"]
        table = client.describe_transit_gateways(TransitGatewayIds=[side["tgw"]])["TransitGateways"][0]["Options"][
            "AssociationDefaultRouteTableId"
        ]
        side["rtb"] = table
        client.create_route(
            RouteTableId=lvpc.main_route_table(client, side["net"]["vpc"])["RouteTableId"], DestinationCidrBlock="10.0.0.0/8",
            TransitGatewayId=side["tgw"],
        )
        client.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock=other, TransitGatewayAttachmentId=peering)
    associated = east.associate_transit_gateway_route_table(TransitGatewayRouteTableId=sides[0]["rtb"], TransitGatewayAttachmentId=peering)
    assert associated["Association"] == {
        "TransitGatewayRouteTableId": sides[0]["rtb"], "TransitGatewayAttachmentId": peering, "ResourceId": sides[1]["tgw"],
        "ResourceType": "peering", "State": "associating",
    }

    def analysis(client, source, address):
        path = client.create_network_insights_path(
            Source=source, FilterAtSource={"DestinationAddress": address}, Protocol="icmp"
        )["NetworkInsightsPath"]
        started = client.start_network_insights_analysis(NetworkInsightsPathId=path["NetworkInsightsPathId"])
        return client.describe_network_insights_analyses(
            NetworkInsightsAnalysisIds=[started["NetworkInsightsAnalysis"]["NetworkInsightsAnalysisId"]]
        )["NetworkInsightsAnalyses"][0]

    east_ip, west_ip = (s["instance"]["PrivateIpAddress"] for s in sides)
    blocked = analysis(east, sides[0]["instance"]["InstanceId"], west_ip)
    assert blocked["NetworkPathFound"] is False
    [explanation] = blocked["Explanations"]
    assert explanation["ExplanationCode"] == "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION"
    assert explanation["Component"]["Id"] == peering and explanation["TransitGatewayRouteTable"]["Id"] == sides[1]["rtb"]

    west.associate_transit_gateway_route_table(TransitGatewayRouteTableId=sides[1]["rtb"], TransitGatewayAttachmentId=peering)
    listed = west.get_transit_gateway_route_table_associations(
        TransitGatewayRouteTableId=sides[1]["rtb"], Filters=lvpc.filters(**{"resource-type": "peering"})
    )["Associations"]
    assert listed == [{"TransitGatewayAttachmentId": peering, "ResourceId": sides[0]["tgw"], "ResourceType": "peering", "State": "associated"}]
    [seen] = west.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[peering])["TransitGatewayAttachments"]
    assert seen["Association"] == {"TransitGatewayRouteTableId": sides[1]["rtb"], "State": "associated"}
    there = analysis(east, sides[0]["instance"]["InstanceId"], west_ip)
    assert there["NetworkPathFound"] is True, there.get("Explanations")
    ids = [hop["Component"]["Id"] for hop in there["ForwardPathComponents"]]
    assert ids.index(sides[0]["tgw"]) < ids.index(peering) < ids.index(sides[1]["tgw"]) < ids.index(sides[1]["rtb"])
    back = analysis(west, sides[1]["instance"]["InstanceId"], east_ip)
    assert back["NetworkPathFound"] is True, back.get("Explanations")
    # Each side disassociates only its own association.
    west.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=sides[1]["rtb"], TransitGatewayAttachmentId=peering)
    assert analysis(east, sides[0]["instance"]["InstanceId"], west_ip)["NetworkPathFound"] is False
