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
import subprocess

import pytest

import compute_helpers as ch
import lvpc
from insights_helpers import analyse


def localvpc(endpoint, tmp_path, *args):
    env = lvpc.cli_env(endpoint, "test", "us-east-1", tmp_path)
    return subprocess.run(
        [str(lvpc.localvpc_bin()), *map(str, args)], env=env, capture_output=True, text=True, timeout=120
    )


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
    assert any(f"transit gateway route 10.3.0.0/16 -> {hub['attachments'][2]}" in (h.get("matched") or "") for h in report["forward"])


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
