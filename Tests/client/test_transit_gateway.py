"""Transit gateways through the API (issue 15, item 1): CreateTransitGateway and
its default route table, VPC attachments with their requester-managed
interfaces, route tables, associations, propagations, static and blackhole
routes, SearchTransitGatewayRoutes, states on the server's clock, the errors,
tags, DryRun, filters and durability. Routing packets through a transit
gateway (the evaluator, the data plane) comes later.

Sources quoted here:
- EC2 API Reference, CreateTransitGateway: options AmazonSideAsn ("The range is
  64512 to 65534 for 16-bit ASNs and 4200000000 to 4294967294 for 32-bit
  ASNs"), DefaultRouteTableAssociation and DefaultRouteTablePropagation
  ("Enable or disable automatic association with the default association route
  table ... Enabled by default"), DnsSupport and VpnEcmpSupport (enabled by
  default), AutoAcceptSharedAttachments (disabled by default); TransitGateway
  State "pending | available | modifying | deleting | deleted".
- Transit Gateways guide, VPC attachments: "you must select one subnet from
  each Availability Zone"; "we create a requester-managed network interface in
  each subnet"; the interface's description is "Network Interface for Transit
  Gateway Attachment tgw-attach-...", interface type transit_gateway.
- Transit Gateways guide, routes: "static routes have a higher priority than
  propagated routes" for the same destination; blackhole routes drop traffic.
- Terraform (aws_ec2_transit_gateway and _vpc_attachment): waits while
  "pending" for "available", on delete while "deleting" for "deleted".
"""

from __future__ import annotations

import pytest

import lvpc
from lvpc import ServerProcess, create_subnet, create_vpc, filters, make_boto_client, raises_code, tag_spec


@pytest.fixture
def hub(ec2, endpoint):
    """Three VPCs (10.1/16, 10.2/16, 10.3/16) with a subnet in us-east-1a and one in
    us-east-1b each, and a transit gateway with AWS's defaults, settled."""
    vpcs, subnets = [], []
    for n in (1, 2, 3):
        vpc = create_vpc(ec2, f"10.{n}.0.0/16")["VpcId"]
        vpcs.append(vpc)
        subnets.append(
            [
                create_subnet(ec2, vpc, f"10.{n}.{i}.0/24", AvailabilityZone=f"us-east-1{zone}")["SubnetId"]
                for i, zone in enumerate("ab")
            ]
        )
    tgw = ec2.create_transit_gateway(
        Description="hub", TagSpecifications=tag_spec("transit-gateway", Name="hub")
    )["TransitGateway"]
    return {"vpcs": vpcs, "subnets": subnets, "tgw": tgw}


def settle(endpoint):
    """Let `pending`/`deleting` pass on the server's clock."""
    lvpc.advance_server_clock(endpoint, 6)


def attach(ec2, hub, n, **kwargs):
    return ec2.create_transit_gateway_vpc_attachment(
        TransitGatewayId=hub["tgw"]["TransitGatewayId"], VpcId=hub["vpcs"][n], SubnetIds=hub["subnets"][n], **kwargs
    )["TransitGatewayVpcAttachment"]


def search(ec2, table, **kv):
    return ec2.search_transit_gateway_routes(TransitGatewayRouteTableId=table, Filters=filters(**kv))["Routes"]


def test_a_transit_gateway_with_aws_defaults(ec2, hub, endpoint):
    tgw = hub["tgw"]
    assert tgw["TransitGatewayId"].startswith("tgw-") and tgw["State"] == "pending"
    assert tgw["OwnerId"] == "000000000000" and tgw["Description"] == "hub"
    assert tgw["TransitGatewayArn"] == f"arn:aws:ec2:us-east-1:000000000000:transit-gateway/{tgw['TransitGatewayId']}"
    options = tgw["Options"]
    assert options["AmazonSideAsn"] == 64512
    assert options["DefaultRouteTableAssociation"] == "enable" and options["DefaultRouteTablePropagation"] == "enable"
    assert options["AutoAcceptSharedAttachments"] == "disable" and options["MulticastSupport"] == "disable"
    assert options["DnsSupport"] == "enable" and options["VpnEcmpSupport"] == "enable"
    table = options["AssociationDefaultRouteTableId"]
    assert table.startswith("tgw-rtb-") and options["PropagationDefaultRouteTableId"] == table
    settle(endpoint)
    [described] = ec2.describe_transit_gateways(TransitGatewayIds=[tgw["TransitGatewayId"]])["TransitGateways"]
    assert described["State"] == "available" and lvpc.tags_of(described) == {"Name": "hub"}
    [rtb] = ec2.describe_transit_gateway_route_tables(TransitGatewayRouteTableIds=[table])["TransitGatewayRouteTables"]
    assert rtb["DefaultAssociationRouteTable"] and rtb["DefaultPropagationRouteTable"] and rtb["State"] == "available"


def test_options_are_stored_and_filtered(ec2):
    tgw = ec2.create_transit_gateway(
        Options={
            "AmazonSideAsn": 4200000001,
            "DefaultRouteTableAssociation": "disable",
            "DefaultRouteTablePropagation": "disable",
            "AutoAcceptSharedAttachments": "enable",
            "DnsSupport": "disable",
            "VpnEcmpSupport": "disable",
            "MulticastSupport": "enable",
            "TransitGatewayCidrBlocks": ["192.0.2.0/24"],
        }
    )["TransitGateway"]
    options = tgw["Options"]
    assert "AssociationDefaultRouteTableId" not in options and "PropagationDefaultRouteTableId" not in options
    assert options["AmazonSideAsn"] == 4200000001 and options["TransitGatewayCidrBlocks"] == ["192.0.2.0/24"]
    assert options["MulticastSupport"] == "enable" and options["DnsSupport"] == "disable"
    assert ec2.describe_transit_gateway_route_tables()["TransitGatewayRouteTables"] == []
    found = ec2.describe_transit_gateways(Filters=filters(**{"options.amazon-side-asn": "4200000001", "options.dns-support": "disable"}))
    assert [t["TransitGatewayId"] for t in found["TransitGateways"]] == [tgw["TransitGatewayId"]]
    with raises_code("InvalidParameterValue"):
        ec2.create_transit_gateway(Options={"AmazonSideAsn": 100})
    with raises_code("InvalidParameterValue"):
        ec2.create_transit_gateway(Options={"DnsSupport": "maybe"})


def test_the_hub_of_three_vpcs(ec2, hub, endpoint):
    settle(endpoint)
    attachments = [attach(ec2, hub, n) for n in range(3)]
    for n, a in enumerate(attachments):
        assert a["TransitGatewayAttachmentId"].startswith("tgw-attach-") and a["State"] == "pending"
        assert a["VpcId"] == hub["vpcs"][n] and a["SubnetIds"] == hub["subnets"][n] and a["VpcOwnerId"] == "000000000000"
        assert a["Options"] == {
            # AWS: referencing support "is set to enable by default" on an attachment, "disable" on the gateway.
            "DnsSupport": "enable", "SecurityGroupReferencingSupport": "enable", "Ipv6Support": "disable", "ApplianceModeSupport": "disable"
        }
    settle(endpoint)
    described = ec2.describe_transit_gateway_vpc_attachments()["TransitGatewayVpcAttachments"]
    assert {a["State"] for a in described} == {"available"} and len(described) == 3

    # One requester-managed interface per subnet, as DescribeNetworkInterfaces shows on AWS.
    first = attachments[0]["TransitGatewayAttachmentId"]
    enis = ec2.describe_network_interfaces(Filters=filters(**{"interface-type": "transit_gateway"}))["NetworkInterfaces"]
    assert len(enis) == 6
    mine = [e for e in enis if e["VpcId"] == hub["vpcs"][0]]
    assert sorted(e["SubnetId"] for e in mine) == sorted(hub["subnets"][0])
    for eni in mine:
        assert eni["Description"] == f"Network Interface for Transit Gateway Attachment {first}"
        assert eni["RequesterManaged"] and eni["Status"] == "in-use"

    # The default route table: every attachment associated, every VPC's CIDR propagated.
    table = hub["tgw"]["Options"]["AssociationDefaultRouteTableId"]
    routes = search(ec2, table, type="propagated")
    assert [(r["DestinationCidrBlock"], r["State"], r["Type"]) for r in routes] == [
        ("10.1.0.0/16", "active", "propagated"), ("10.2.0.0/16", "active", "propagated"), ("10.3.0.0/16", "active", "propagated")
    ]
    assert routes[1]["TransitGatewayAttachments"] == [
        {"ResourceId": hub["vpcs"][1], "TransitGatewayAttachmentId": attachments[1]["TransitGatewayAttachmentId"], "ResourceType": "vpc"}
    ]


def test_static_and_blackhole_routes_and_search(ec2, hub, endpoint, aws):
    settle(endpoint)
    attachments = [attach(ec2, hub, n)["TransitGatewayAttachmentId"] for n in range(3)]
    table = hub["tgw"]["Options"]["AssociationDefaultRouteTableId"]
    route = ec2.create_transit_gateway_route(
        TransitGatewayRouteTableId=table, DestinationCidrBlock="10.2.0.0/16", TransitGatewayAttachmentId=attachments[2]
    )["Route"]
    assert route["Type"] == "static" and route["State"] == "active"
    hole = ec2.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="10.1.9.0/24", Blackhole=True)["Route"]
    assert hole["State"] == "blackhole" and "TransitGatewayAttachments" not in hole

    # Static wins over propagated for the same prefix: one route for 10.2.0.0/16, to VPC 3.
    [same] = search(ec2, table, **{"route-search.exact-match": "10.2.0.0/16"})
    assert same["Type"] == "static" and same["TransitGatewayAttachments"][0]["TransitGatewayAttachmentId"] == attachments[2]
    assert [r["DestinationCidrBlock"] for r in search(ec2, table, **{"route-search.longest-prefix-match": "10.1.9.7/32"})] == ["10.1.9.0/24"]
    assert [r["DestinationCidrBlock"] for r in search(ec2, table, **{"route-search.subnet-of-match": "10.1.0.0/16"})] == [
        "10.1.0.0/16", "10.1.9.0/24"
    ]
    assert [r["DestinationCidrBlock"] for r in search(ec2, table, **{"route-search.supernet-of-match": "10.1.9.0/28"})] == [
        "10.1.0.0/16", "10.1.9.0/24"
    ]
    assert [r["DestinationCidrBlock"] for r in search(ec2, table, state="blackhole")] == ["10.1.9.0/24"]
    # The AWS CLI reads the same.
    out = aws("ec2", "search-transit-gateway-routes", "--transit-gateway-route-table-id", table, "--filters", "Name=type,Values=static")
    assert [r["DestinationCidrBlock"] for r in out["Routes"]] == ["10.1.9.0/24", "10.2.0.0/16"]
    # MaxResults caps the answer and says more routes are there.
    capped = ec2.search_transit_gateway_routes(TransitGatewayRouteTableId=table, Filters=filters(state="active"), MaxResults=5)
    assert len(capped["Routes"]) == 3 and capped["AdditionalRoutesAvailable"] is False

    # A static route to an attachment that is deleted turns blackhole; deleting the route brings the propagated one back.
    ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=attachments[2])
    [after] = search(ec2, table, **{"route-search.exact-match": "10.2.0.0/16"})
    assert after["State"] == "blackhole" and after["Type"] == "static"
    deleted = ec2.delete_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="10.2.0.0/16")["Route"]
    assert deleted["State"] == "deleted"
    [back] = search(ec2, table, **{"route-search.exact-match": "10.2.0.0/16"})
    assert back["Type"] == "propagated" and back["TransitGatewayAttachments"][0]["TransitGatewayAttachmentId"] == attachments[1]


def test_isolation_with_two_route_tables(ec2, endpoint):
    tgw = ec2.create_transit_gateway(
        Options={"DefaultRouteTableAssociation": "disable", "DefaultRouteTablePropagation": "disable"}
    )["TransitGateway"]["TransitGatewayId"]
    hub = {"tgw": {"TransitGatewayId": tgw}, "vpcs": [], "subnets": []}
    for n in (1, 2, 3):
        vpc = create_vpc(ec2, f"10.{n}.0.0/16")["VpcId"]
        hub["vpcs"].append(vpc)
        hub["subnets"].append([create_subnet(ec2, vpc, f"10.{n}.0.0/24", AvailabilityZone="us-east-1a")["SubnetId"]])
    a, b, shared = (attach(ec2, hub, n)["TransitGatewayAttachmentId"] for n in range(3))
    spokes = ec2.create_transit_gateway_route_table(
        TransitGatewayId=tgw, TagSpecifications=tag_spec("transit-gateway-route-table", Name="spokes")
    )["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]
    services = ec2.create_transit_gateway_route_table(TransitGatewayId=tgw)["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]
    association = ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=spokes, TransitGatewayAttachmentId=a)["Association"]
    assert association == {
        "TransitGatewayRouteTableId": spokes, "TransitGatewayAttachmentId": a, "ResourceId": hub["vpcs"][0], "ResourceType": "vpc",
        "State": "associating",
    }
    ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=spokes, TransitGatewayAttachmentId=b)
    ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=services, TransitGatewayAttachmentId=shared)
    propagation = ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=spokes, TransitGatewayAttachmentId=shared)
    assert propagation["Propagation"]["State"] == "enabled"
    for spoke in (a, b):
        ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=services, TransitGatewayAttachmentId=spoke)
    # The spokes see only the shared VPC; the shared VPC sees both spokes.
    assert [r["DestinationCidrBlock"] for r in search(ec2, spokes, state="active")] == ["10.3.0.0/16"]
    assert [r["DestinationCidrBlock"] for r in search(ec2, services, state="active")] == ["10.1.0.0/16", "10.2.0.0/16"]
    disabled = ec2.disable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=services, TransitGatewayAttachmentId=b)
    assert disabled["Propagation"]["State"] == "disabled"
    assert [r["DestinationCidrBlock"] for r in search(ec2, services, state="active")] == ["10.1.0.0/16"]
    # A route table with an association cannot go; once disassociated it can.
    with raises_code("IncorrectState"):
        ec2.delete_transit_gateway_route_table(TransitGatewayRouteTableId=services)
    ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=services, TransitGatewayAttachmentId=shared)
    deleted = ec2.delete_transit_gateway_route_table(TransitGatewayRouteTableId=services)["TransitGatewayRouteTable"]
    assert deleted["State"] == "deleting"
    named = ec2.describe_transit_gateway_route_tables(Filters=filters(**{"tag:Name": "spokes"}))["TransitGatewayRouteTables"]
    assert [t["TransitGatewayRouteTableId"] for t in named] == [spokes]
    # CreateTags and DescribeTags know all three kinds (`tgw-attach-` and `tgw-rtb-` ids start with `tgw-` too).
    ec2.create_tags(Resources=[tgw, a, spokes], Tags=[{"Key": "team", "Value": "net"}])
    tagged = ec2.describe_tags(Filters=filters(key="team"))["Tags"]
    assert sorted((t["ResourceId"], t["ResourceType"]) for t in tagged) == sorted(
        [(tgw, "transit-gateway"), (a, "transit-gateway-attachment"), (spokes, "transit-gateway-route-table")]
    )
    [described] = ec2.describe_transit_gateway_vpc_attachments(TransitGatewayAttachmentIds=[a])["TransitGatewayVpcAttachments"]
    assert lvpc.tags_of(described) == {"team": "net"}


def test_errors(ec2, hub, endpoint, client_factory):
    tgw = hub["tgw"]["TransitGatewayId"]
    vpc, subnets = hub["vpcs"][0], hub["subnets"][0]
    table = hub["tgw"]["Options"]["AssociationDefaultRouteTableId"]
    same_zone = create_subnet(ec2, vpc, "10.1.9.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
    with raises_code("DuplicateSubnetsInSameZone"):
        ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnets[0], same_zone])
    with raises_code("InvalidParameterValue"):
        ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[hub["subnets"][1][0]])
    with raises_code("InvalidTransitGatewayID.NotFound"):
        ec2.create_transit_gateway_vpc_attachment(TransitGatewayId="tgw-0123456789abcdef0", VpcId=vpc, SubnetIds=subnets)
    with raises_code("InvalidTransitGatewayID.Malformed"):
        ec2.describe_transit_gateways(TransitGatewayIds=["tgw-nothex"])
    with raises_code("InvalidVpcID.NotFound"):
        ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId="vpc-0123456789abcdef0", SubnetIds=subnets)
    attachment = attach(ec2, hub, 0)["TransitGatewayAttachmentId"]
    with raises_code("DuplicateTransitGatewayAttachment"):
        attach(ec2, hub, 0)
    with raises_code("IncorrectState", message=attachment):
        ec2.delete_transit_gateway(TransitGatewayId=tgw)
    with raises_code("DependencyViolation"):
        ec2.delete_vpc(VpcId=vpc)
    with raises_code("DependencyViolation"):
        ec2.delete_subnet(SubnetId=subnets[0])
    eni = ec2.describe_network_interfaces(Filters=filters(**{"subnet-id": subnets[0]}))["NetworkInterfaces"][0]["NetworkInterfaceId"]
    with raises_code("OperationNotPermitted"):
        ec2.delete_network_interface(NetworkInterfaceId=eni)
    other = ec2.create_transit_gateway_route_table(TransitGatewayId=tgw)["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]
    with raises_code("Resource.AlreadyAssociated"):
        ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=other, TransitGatewayAttachmentId=attachment)
    with raises_code("InvalidAssociation.NotFound"):
        ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=other, TransitGatewayAttachmentId=attachment)
    with raises_code("TransitGatewayRouteTablePropagation.Duplicate"):
        ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=table, TransitGatewayAttachmentId=attachment)
    with raises_code("IncorrectState"):
        ec2.delete_transit_gateway_route_table(TransitGatewayRouteTableId=table)
    ec2.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="0.0.0.0/0", Blackhole=True)
    with raises_code("RouteAlreadyExists"):
        ec2.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="0.0.0.0/0", TransitGatewayAttachmentId=attachment)
    with raises_code("InvalidRoute.NotFound"):
        ec2.delete_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="10.1.0.0/16")
    with raises_code("MissingParameter"):
        ec2.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="10.7.0.0/16")
    with raises_code("InvalidParameterCombination"):
        ec2.create_transit_gateway_route(
            TransitGatewayRouteTableId=table, DestinationCidrBlock="10.7.0.0/16", TransitGatewayAttachmentId=attachment, Blackhole=True
        )
    with raises_code("InvalidParameterValue"):
        ec2.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="10.7.0.1/16", Blackhole=True)
    with raises_code("InvalidRouteTableID.NotFound"):
        search(ec2, "tgw-rtb-0123456789abcdef0", type="static")
    with raises_code("InvalidParameterValue"):
        search(ec2, table, bogus="x")
    with raises_code("InvalidParameterValue"):
        ec2.create_transit_gateway(TagSpecifications=tag_spec("vpc", Name="x"))
    with raises_code("DryRunOperation"):
        ec2.create_transit_gateway(DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.describe_transit_gateway_vpc_attachments(DryRun=True)
    # No Resource Access Manager: another account's gateway is not found, as AWS answers for one not shared with it.
    other = client_factory(account="111111111111")
    theirs = create_vpc(other, "10.8.0.0/16")["VpcId"]
    their_subnet = create_subnet(other, theirs, "10.8.0.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
    with raises_code("InvalidTransitGatewayID.NotFound"):
        other.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=theirs, SubnetIds=[their_subnet])
    assert other.describe_transit_gateways()["TransitGateways"] == []
    # None of the refused calls changed anything.
    assert len(ec2.describe_transit_gateways()["TransitGateways"]) == 1
    assert len(ec2.describe_transit_gateway_vpc_attachments()["TransitGatewayVpcAttachments"]) == 1


def test_delete_states_and_visibility(ec2, hub, endpoint, aws):
    tgw = hub["tgw"]["TransitGatewayId"]
    attachment = attach(ec2, hub, 0)["TransitGatewayAttachmentId"]
    gone = ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=attachment)["TransitGatewayVpcAttachment"]
    assert gone["State"] == "deleting"
    assert ec2.describe_network_interfaces(Filters=filters(**{"interface-type": "transit_gateway"}))["NetworkInterfaces"] == []
    settle(endpoint)
    [shown] = ec2.describe_transit_gateway_vpc_attachments(TransitGatewayAttachmentIds=[attachment])["TransitGatewayVpcAttachments"]
    assert shown["State"] == "deleted"
    deleted = aws("ec2", "delete-transit-gateway", "--transit-gateway-id", tgw)["TransitGateway"]
    assert deleted["State"] == "deleting"
    settle(endpoint)
    states = ec2.describe_transit_gateways(Filters=filters(state="deleted"))["TransitGateways"]
    assert [t["TransitGatewayId"] for t in states] == [tgw]
    with raises_code("InvalidTransitGatewayID.NotFound"):
        ec2.create_transit_gateway_route_table(TransitGatewayId=tgw)
    lvpc.advance_server_clock(endpoint, 3700)
    assert ec2.describe_transit_gateways()["TransitGateways"] == []
    # Now the VPC can go.
    for subnet in hub["subnets"][0]:
        ec2.delete_subnet(SubnetId=subnet)
    ec2.delete_vpc(VpcId=hub["vpcs"][0])


def test_pages_and_cli(ec2, aws):
    made = [aws("ec2", "create-transit-gateway", "--description", f"t{n}")["TransitGateway"]["TransitGatewayId"] for n in range(7)]
    pages = ec2.get_paginator("describe_transit_gateways").paginate(PaginationConfig={"PageSize": 5})
    seen = [t["TransitGatewayId"] for page in pages for t in page["TransitGateways"]]
    assert sorted(seen) == sorted(made)
    tables = ec2.describe_transit_gateway_route_tables(Filters=filters(**{"default-association-route-table": "true"}))
    assert len(tables["TransitGatewayRouteTables"]) == 7


@pytest.mark.own_server
def test_transit_gateways_survive_a_restart(tmp_path):
    state = tmp_path / "state"
    srv = ServerProcess(state, log_path=tmp_path / "run1.log").start()
    try:
        ec2 = make_boto_client(srv.endpoint)
        vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
        subnet = create_subnet(ec2, vpc, "10.0.1.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
        tgw = ec2.create_transit_gateway(TagSpecifications=tag_spec("transit-gateway", Name="t"))["TransitGateway"]
        table = tgw["Options"]["AssociationDefaultRouteTableId"]
        attachment = ec2.create_transit_gateway_vpc_attachment(
            TransitGatewayId=tgw["TransitGatewayId"], VpcId=vpc, SubnetIds=[subnet],
            TagSpecifications=tag_spec("transit-gateway-attachment", Name="a"),
        )["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        ec2.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="0.0.0.0/0", TransitGatewayAttachmentId=attachment)
        west = make_boto_client(srv.endpoint, region="us-west-2")
        peer = west.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
        ec2.create_transit_gateway_peering_attachment(
            TransitGatewayId=tgw["TransitGatewayId"], PeerTransitGatewayId=peer, PeerAccountId="000000000000", PeerRegion="us-west-2"
        )

        def snapshot(ec2):
            gateways = ec2.describe_transit_gateways()["TransitGateways"]
            attachments = ec2.describe_transit_gateway_vpc_attachments()["TransitGatewayVpcAttachments"]
            for item in gateways + attachments:
                item.pop("State")
            routes = ec2.search_transit_gateway_routes(TransitGatewayRouteTableId=table, Filters=filters(state="active"))["Routes"]
            peerings = ec2.describe_transit_gateway_peering_attachments()["TransitGatewayPeeringAttachments"]
            return gateways, attachments, routes, peerings

        before = snapshot(ec2)
        srv.kill()
        srv = ServerProcess(state, log_path=tmp_path / "run2.log").start()
        after = snapshot(make_boto_client(srv.endpoint))
        assert after == before and len(after[2]) == 2 and after[3][0]["State"] == "pendingAcceptance"
    finally:
        srv.stop()


def test_vpc_routes_to_the_transit_gateway(ec2, hub, endpoint, aws):
    tgw = hub["tgw"]["TransitGatewayId"]
    settle(endpoint)
    main = [lvpc.main_route_table(ec2, vpc)["RouteTableId"] for vpc in hub["vpcs"]]
    # AWS answers a gateway the VPC is not attached to as if it did not exist (Terraform AWS provider #9222, #10025).
    with raises_code("InvalidTransitGatewayID.NotFound"):
        ec2.create_route(RouteTableId=main[0], DestinationCidrBlock="10.0.0.0/8", TransitGatewayId=tgw)
    attachments = [attach(ec2, hub, n)["TransitGatewayAttachmentId"] for n in range(3)]
    for table in main:
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="10.0.0.0/8", TransitGatewayId=tgw)
    # Blackhole while the attachment is pending, active once it is available.
    assert lvpc.route_to(lvpc.describe_route_table(ec2, main[0]), "10.0.0.0/8")["State"] == "blackhole"
    settle(endpoint)
    route = lvpc.route_to(lvpc.describe_route_table(ec2, main[0]), "10.0.0.0/8")
    assert route["TransitGatewayId"] == tgw and route["State"] == "active" and route["Origin"] == "CreateRoute"
    found = ec2.describe_route_tables(Filters=filters(**{"route.transit-gateway-id": tgw}))["RouteTables"]
    assert sorted(t["RouteTableId"] for t in found) == sorted(main)
    # The CLI's replace-route names the gateway too; both-targets is refused.
    aws("ec2", "replace-route", "--route-table-id", main[1], "--destination-cidr-block", "10.0.0.0/8", "--transit-gateway-id", tgw)
    with raises_code("InvalidParameterCombination"):
        ec2.create_route(RouteTableId=main[1], DestinationCidrBlock="10.9.0.0/16", TransitGatewayId=tgw, GatewayId="igw-0123456789abcdef0")
    # The route stays, as a blackhole, when the attachment goes.
    ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=attachments[2])
    assert lvpc.route_to(lvpc.describe_route_table(ec2, main[2]), "10.0.0.0/8")["State"] == "blackhole"


def test_attachments_members_modify_and_replace(ec2, hub, endpoint):
    tgw = hub["tgw"]["TransitGatewayId"]
    table = hub["tgw"]["Options"]["AssociationDefaultRouteTableId"]
    one = ec2.create_transit_gateway_vpc_attachment(
        TransitGatewayId=tgw, VpcId=hub["vpcs"][0], SubnetIds=[hub["subnets"][0][0]],
        TagSpecifications=tag_spec("transit-gateway-attachment", Name="one"),
    )["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
    two = attach(ec2, hub, 1)["TransitGatewayAttachmentId"]
    settle(endpoint)
    listed = ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[one])["TransitGatewayAttachments"]
    assert listed == [
        {
            "TransitGatewayAttachmentId": one, "TransitGatewayId": tgw, "TransitGatewayOwnerId": "000000000000",
            "ResourceOwnerId": "000000000000", "ResourceType": "vpc", "ResourceId": hub["vpcs"][0], "State": "available",
            "Association": {"TransitGatewayRouteTableId": table, "State": "associated"}, "CreationTime": listed[0]["CreationTime"],
            "Tags": [{"Key": "Name", "Value": "one"}],
        }
    ]
    by_table = ec2.describe_transit_gateway_attachments(Filters=filters(**{"association.transit-gateway-route-table-id": table}))
    assert sorted(a["TransitGatewayAttachmentId"] for a in by_table["TransitGatewayAttachments"]) == sorted([one, two])
    associations = ec2.get_transit_gateway_route_table_associations(TransitGatewayRouteTableId=table)["Associations"]
    assert sorted(a["TransitGatewayAttachmentId"] for a in associations) == sorted([one, two])
    assert {a["State"] for a in associations} == {"associated"}
    propagations = ec2.get_transit_gateway_route_table_propagations(
        TransitGatewayRouteTableId=table, Filters=filters(**{"resource-id": hub["vpcs"][1]})
    )["TransitGatewayRouteTablePropagations"]
    assert [(p["TransitGatewayAttachmentId"], p["State"], p["ResourceType"]) for p in propagations] == [(two, "enabled", "vpc")]

    # Add the second zone's subnet, remove the first: the interfaces follow.
    modified = ec2.modify_transit_gateway_vpc_attachment(
        TransitGatewayAttachmentId=one, AddSubnetIds=[hub["subnets"][0][1]], RemoveSubnetIds=[hub["subnets"][0][0]],
        Options={"ApplianceModeSupport": "enable"},
    )["TransitGatewayVpcAttachment"]
    assert modified["SubnetIds"] == [hub["subnets"][0][1]] and modified["Options"]["ApplianceModeSupport"] == "enable"
    enis = ec2.describe_network_interfaces(Filters=filters(**{"interface-type": "transit_gateway", "vpc-id": hub["vpcs"][0]}))
    assert [e["SubnetId"] for e in enis["NetworkInterfaces"]] == [hub["subnets"][0][1]]
    with raises_code("InvalidParameterValue"):
        ec2.modify_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=one, RemoveSubnetIds=[hub["subnets"][0][1]])

    ec2.create_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="0.0.0.0/0", TransitGatewayAttachmentId=one)
    replaced = ec2.replace_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="0.0.0.0/0", Blackhole=True)["Route"]
    assert replaced["State"] == "blackhole" and replaced["Type"] == "static"
    with raises_code("InvalidRoute.NotFound"):
        ec2.replace_transit_gateway_route(TransitGatewayRouteTableId=table, DestinationCidrBlock="10.1.0.0/16", Blackhole=True)

    gateway = ec2.modify_transit_gateway(
        TransitGatewayId=tgw, Description="changed",
        Options={"DefaultRouteTablePropagation": "disable", "AddTransitGatewayCidrBlocks": ["192.0.2.0/24"], "VpnEcmpSupport": "disable"},
    )["TransitGateway"]
    assert gateway["Description"] == "changed" and gateway["Options"]["DefaultRouteTablePropagation"] == "disable"
    assert "PropagationDefaultRouteTableId" not in gateway["Options"] and gateway["Options"]["TransitGatewayCidrBlocks"] == ["192.0.2.0/24"]
    three = attach(ec2, hub, 2)["TransitGatewayAttachmentId"]
    assert ec2.get_transit_gateway_route_table_propagations(
        TransitGatewayRouteTableId=table, Filters=filters(**{"transit-gateway-attachment-id": three})
    )["TransitGatewayRouteTablePropagations"] == []


def test_a_peering_attachment_across_regions_and_accounts(client_factory, endpoint):
    """A peering request from us-east-1 to another account's gateway in us-west-2: only that owner, in that region,
    accepts or rejects; both sides describe it under one id; a third account sees nothing."""
    east = client_factory(account="111111111111", region="us-east-1")
    west = client_factory(account="222222222222", region="us-west-2")
    tgw_east = east.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
    tgw_west = west.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
    made = east.create_transit_gateway_peering_attachment(
        TransitGatewayId=tgw_east, PeerTransitGatewayId=tgw_west, PeerAccountId="222222222222", PeerRegion="us-west-2",
        TagSpecifications=tag_spec("transit-gateway-attachment", Name="east-west"),
    )["TransitGatewayPeeringAttachment"]
    attachment = made["TransitGatewayAttachmentId"]
    assert made["State"] == "initiatingRequest"
    assert made["RequesterTgwInfo"] == {"TransitGatewayId": tgw_east, "OwnerId": "111111111111", "Region": "us-east-1"}
    assert made["AccepterTgwInfo"] == {"TransitGatewayId": tgw_west, "OwnerId": "222222222222", "Region": "us-west-2"}
    listed = west.describe_transit_gateway_attachments(Filters=filters(**{"resource-type": "peering"}))["TransitGatewayAttachments"]
    assert [(a["TransitGatewayAttachmentId"], a["TransitGatewayId"], a["ResourceId"], a["ResourceOwnerId"], a["State"]) for a in listed] == [
        (attachment, tgw_west, tgw_east, "111111111111", "pendingAcceptance")
    ]
    [seen] = west.describe_transit_gateway_peering_attachments()["TransitGatewayPeeringAttachments"]
    assert seen["TransitGatewayAttachmentId"] == attachment and seen["State"] == "pendingAcceptance" and "Tags" not in seen
    [mine] = east.describe_transit_gateway_peering_attachments(Filters=filters(**{"tag:Name": "east-west"}))["TransitGatewayPeeringAttachments"]
    assert mine["Status"]["Code"] == "pendingAcceptance"
    assert [a["TransitGatewayAttachmentId"] for a in west.describe_transit_gateway_peering_attachments(
        Filters=filters(**{"transit-gateway-id": tgw_west, "remote-owner-id": "111111111111"}))["TransitGatewayPeeringAttachments"]] == [attachment]

    with raises_code("OperationNotPermitted"):
        east.accept_transit_gateway_peering_attachment(TransitGatewayAttachmentId=attachment)
    third = client_factory(account="333333333333", region="us-west-2")
    with raises_code("InvalidTransitGatewayAttachmentID.NotFound"):
        third.accept_transit_gateway_peering_attachment(TransitGatewayAttachmentId=attachment)
    with raises_code("InvalidTransitGatewayAttachmentID.NotFound"):
        client_factory(account="222222222222", region="us-east-1").accept_transit_gateway_peering_attachment(TransitGatewayAttachmentId=attachment)

    accepted = west.accept_transit_gateway_peering_attachment(TransitGatewayAttachmentId=attachment)["TransitGatewayPeeringAttachment"]
    assert accepted["State"] == "pending"
    settle(endpoint)
    assert east.describe_transit_gateway_peering_attachments(TransitGatewayAttachmentIds=[attachment])[
        "TransitGatewayPeeringAttachments"][0]["State"] == "available"
    with raises_code("IncorrectState"):
        west.reject_transit_gateway_peering_attachment(TransitGatewayAttachmentId=attachment)
    # Static routes to the peering attachment, on both sides; active while the peering is available.
    east_table = east.describe_transit_gateways(TransitGatewayIds=[tgw_east])["TransitGateways"][0]["Options"]["AssociationDefaultRouteTableId"]
    west_table = west.describe_transit_gateways(TransitGatewayIds=[tgw_west])["TransitGateways"][0]["Options"]["AssociationDefaultRouteTableId"]
    east.create_transit_gateway_route(TransitGatewayRouteTableId=east_table, DestinationCidrBlock="10.20.0.0/16", TransitGatewayAttachmentId=attachment)
    west.create_transit_gateway_route(TransitGatewayRouteTableId=west_table, DestinationCidrBlock="10.10.0.0/16", TransitGatewayAttachmentId=attachment)
    [east_route] = search(east, east_table, type="static")
    assert east_route["State"] == "active" and east_route["TransitGatewayAttachments"] == [
        {"ResourceId": tgw_west, "TransitGatewayAttachmentId": attachment, "ResourceType": "peering"}
    ]
    assert [r["DestinationCidrBlock"] for r in search(west, west_table, **{"attachment.resource-type": "peering"})] == ["10.10.0.0/16"]
    # Either gateway is held by the live peering.
    with raises_code("IncorrectState", message=attachment):
        west.delete_transit_gateway(TransitGatewayId=tgw_west)
    with raises_code("IncorrectState"):
        east.delete_transit_gateway(TransitGatewayId=tgw_east)
    deleted = west.delete_transit_gateway_peering_attachment(TransitGatewayAttachmentId=attachment)["TransitGatewayPeeringAttachment"]
    assert deleted["State"] == "deleting"
    assert search(east, east_table, type="static")[0]["State"] == "blackhole"
    with raises_code("InvalidTransitGatewayAttachmentID.NotFound"):
        east.create_transit_gateway_route(TransitGatewayRouteTableId=east_table, DestinationCidrBlock="10.30.0.0/16", TransitGatewayAttachmentId=attachment)
    settle(endpoint)
    assert east.describe_transit_gateway_peering_attachments(Filters=filters(state="deleted"))["TransitGatewayPeeringAttachments"][0][
        "TransitGatewayAttachmentId"] == attachment
    east.delete_transit_gateway(TransitGatewayId=tgw_east)

    # A rejected request, and one to a gateway that does not exist (failed, as a VPC peering would).
    tgw_east2 = east.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
    again = east.create_transit_gateway_peering_attachment(
        TransitGatewayId=tgw_east2, PeerTransitGatewayId=tgw_west, PeerAccountId="222222222222", PeerRegion="us-west-2"
    )["TransitGatewayPeeringAttachment"]["TransitGatewayAttachmentId"]
    rejected = west.reject_transit_gateway_peering_attachment(TransitGatewayAttachmentId=again)["TransitGatewayPeeringAttachment"]
    assert rejected["State"] == "rejected"
    with raises_code("IncorrectState"):
        east.delete_transit_gateway_peering_attachment(TransitGatewayAttachmentId=again)
    nowhere = east.create_transit_gateway_peering_attachment(
        TransitGatewayId=tgw_east2, PeerTransitGatewayId="tgw-0123456789abcdef0", PeerAccountId="222222222222", PeerRegion="us-west-2"
    )["TransitGatewayPeeringAttachment"]["TransitGatewayAttachmentId"]
    [failed] = east.describe_transit_gateway_peering_attachments(TransitGatewayAttachmentIds=[nowhere])["TransitGatewayPeeringAttachments"]
    assert failed["State"] == "failed"
    with raises_code("InvalidParameterValue"):
        east.create_transit_gateway_peering_attachment(
            TransitGatewayId=tgw_east2, PeerTransitGatewayId=tgw_west, PeerAccountId="222222222222", PeerRegion="mars-1"
        )
