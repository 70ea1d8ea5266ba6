"""NAT gateways: CreateNatGateway, DescribeNatGateways, DeleteNatGateway, their
interface and Elastic IP, routes to them, and the Reachability Analyzer through
them.

Sources quoted here:
- EC2 API Reference, CreateNatGateway: "With a public NAT gateway, internet
  traffic from a private subnet can be routed to the NAT gateway ... you must
  specify an Elastic IP address"; "With a private NAT gateway ... You can't
  associate an Elastic IP address with a private NAT gateway".
- EC2 API Reference, NatGateway.FailureCode: "If the NAT gateway could not be
  created, specifies the error code for the failure. (InsufficientFreeAddressesInSubnet |
  Gateway.NotAttached | InvalidAllocationID.NotFound | Resource.AlreadyAssociated |
  InternalError | InvalidSubnetID.NotFound)"; State: "pending | failed |
  available | deleting | deleted".
- VPC User Guide, NAT gateways: a deleted NAT gateway stays visible "for a short
  while (usually an hour)"; the NAT gateway's network interface has the type
  nat_gateway and is requester-managed.
- EC2 error codes: NatGatewayNotFound, NatGatewayMalformed.
"""

from __future__ import annotations

import pytest

import compute_helpers as ch
import insights_helpers as ih
import lvpc
from lvpc import create_subnet, create_vpc, filters, raises_code, tag_spec


@pytest.fixture
def lab(ec2):
    """A VPC with a public subnet (internet gateway, default route) and a private one."""
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    public = create_subnet(ec2, vpc, "10.0.0.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
    private = create_subnet(ec2, vpc, "10.0.1.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
    igw = lvpc.create_attached_igw(ec2, vpc)
    main = lvpc.main_route_table(ec2, vpc)["RouteTableId"]
    ec2.create_route(RouteTableId=main, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    eip = ec2.allocate_address(Domain="vpc")
    return {"vpc": vpc, "public": public, "private": private, "igw": igw, "main": main, "eip": eip}


def describe(ec2, nat_id):
    [gateway] = ec2.describe_nat_gateways(NatGatewayIds=[nat_id])["NatGateways"]
    return gateway


def test_create_answers_pending_and_describe_shows_it_available(ec2, aws, lab):
    created = aws(
        "ec2", "create-nat-gateway", "--subnet-id", lab["public"], "--allocation-id", lab["eip"]["AllocationId"],
        "--tag-specifications", "ResourceType=natgateway,Tags=[{Key=Name,Value=nat-a}]",
    )["NatGateway"]
    assert created["State"] == "pending" and created["NatGatewayId"].startswith("nat-")
    gateway = describe(ec2, created["NatGatewayId"])
    assert gateway["State"] == "available" and gateway["ConnectivityType"] == "public"
    assert gateway["SubnetId"] == lab["public"] and gateway["VpcId"] == lab["vpc"]
    assert lvpc.tags_of(gateway) == {"Name": "nat-a"}
    [address] = gateway["NatGatewayAddresses"]
    assert address["AllocationId"] == lab["eip"]["AllocationId"] and address["PublicIp"] == lab["eip"]["PublicIp"]
    assert address["IsPrimary"] is True and ch.in_cidr(address["PrivateIp"], "10.0.0.0/24")
    eni = ch.describe_eni(ec2, address["NetworkInterfaceId"])
    assert eni["InterfaceType"] == "nat_gateway" and eni["RequesterManaged"] is True
    assert eni["SubnetId"] == lab["public"] and eni["PrivateIpAddress"] == address["PrivateIp"]
    [eip] = ec2.describe_addresses(AllocationIds=[lab["eip"]["AllocationId"]])["Addresses"]
    assert eip["NetworkInterfaceId"] == eni["NetworkInterfaceId"] and eip["AssociationId"] == address["AssociationId"]
    assert ch.eni_ids(ec2, Filters=filters(**{"interface-type": "nat_gateway"})) == {eni["NetworkInterfaceId"]}


def test_what_cannot_be_provisioned_shows_as_failed(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    subnet = create_subnet(ec2, vpc, "10.0.0.0/24")["SubnetId"]
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip)["NatGateway"]["NatGatewayId"]
    gateway = describe(ec2, nat)
    assert gateway["State"] == "failed" and gateway["FailureCode"] == "Gateway.NotAttached"
    assert vpc in gateway["FailureMessage"] and gateway.get("NatGatewayAddresses", []) == []
    lvpc.create_attached_igw(ec2, vpc)
    missing = ec2.create_nat_gateway(SubnetId=subnet, AllocationId="eipalloc-0123456789abcdef0")["NatGateway"]["NatGatewayId"]
    assert describe(ec2, missing)["FailureCode"] == "InvalidAllocationID.NotFound"


def test_the_parameters_aws_checks_at_once(ec2, lab):
    with raises_code("MissingParameter"):
        ec2.create_nat_gateway(SubnetId=lab["public"])
    with raises_code("InvalidParameterCombination"):
        ec2.create_nat_gateway(SubnetId=lab["public"], ConnectivityType="private", AllocationId=lab["eip"]["AllocationId"])
    with raises_code("InvalidSubnetID.NotFound"):
        ec2.create_nat_gateway(SubnetId="subnet-0123456789abcdef0", AllocationId=lab["eip"]["AllocationId"])
    with raises_code("InvalidAllocationID.Malformed"):
        ec2.create_nat_gateway(SubnetId=lab["public"], AllocationId="nope")
    with raises_code("DryRunOperation"):
        ec2.create_nat_gateway(SubnetId=lab["public"], AllocationId=lab["eip"]["AllocationId"], DryRun=True)
    assert ec2.describe_nat_gateways()["NatGateways"] == []


@pytest.mark.parametrize("count", [-1, 32, 2**31, 2**63 - 1])
def test_a_secondary_address_count_outside_1_to_31_is_refused_at_once(ec2, raw, lab, count):
    """SecondaryPrivateIpAddressCount is 1-31 (the API reference): refused with the request, not a gateway that fails
    later; the largest 64-bit value once overflowed the server's sum and ended the process."""
    answer = raw({"Action": "CreateNatGateway", "SubnetId": lab["private"], "ConnectivityType": "private",
                  "SecondaryPrivateIpAddressCount": str(count)})
    assert answer.status_code == 400 and "<Code>InvalidParameterValue</Code>" in answer.text, answer.text
    assert ec2.describe_nat_gateways()["NatGateways"] == []


def test_a_public_gateway_takes_no_address_count(ec2, lab):
    # "[Private NAT gateway only]", the API reference's SecondaryPrivateIpAddressCount; a public gateway's secondary
    # addresses come with SecondaryAllocationIds.
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    with raises_code("InvalidParameterCombination"):
        ec2.create_nat_gateway(SubnetId=lab["public"], AllocationId=eip, SecondaryPrivateIpAddressCount=2)
    assert ec2.describe_nat_gateways()["NatGateways"] == []


def test_private_gateways_and_secondary_addresses(ec2, lab):
    nat = ec2.create_nat_gateway(SubnetId=lab["private"], ConnectivityType="private", SecondaryPrivateIpAddressCount=2)["NatGateway"]
    gateway = describe(ec2, nat["NatGatewayId"])
    assert gateway["ConnectivityType"] == "private" and gateway["State"] == "available"
    assert [a["IsPrimary"] for a in gateway["NatGatewayAddresses"]] == [True, False, False]
    assert all("PublicIp" not in a for a in gateway["NatGatewayAddresses"])


def test_filters_and_pages(ec2, lab):
    ids = []
    for _ in range(6):
        eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
        ids.append(ec2.create_nat_gateway(SubnetId=lab["public"], AllocationId=eip)["NatGateway"]["NatGatewayId"])
    for name, value in (("vpc-id", lab["vpc"]), ("subnet-id", lab["public"]), ("state", "available")):
        found = ec2.describe_nat_gateways(Filter=filters(**{name: value}))["NatGateways"]
        assert {g["NatGatewayId"] for g in found} == set(ids)
    assert ec2.describe_nat_gateways(Filter=filters(**{"nat-gateway-id": ids[2]}))["NatGateways"][0]["NatGatewayId"] == ids[2]
    pages = list(ec2.get_paginator("describe_nat_gateways").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["NatGateways"]) for p in pages] == [5, 1]
    with raises_code("InvalidParameterValue"):
        ec2.describe_nat_gateways(Filter=filters(**{"no-such-filter": "x"}))
    with raises_code("NatGatewayNotFound"):
        ec2.describe_nat_gateways(NatGatewayIds=["nat-0123456789abcdef0"])


def test_routes_to_a_nat_gateway_and_what_deleting_it_does(ec2, aws, lab):
    nat = ec2.create_nat_gateway(SubnetId=lab["public"], AllocationId=lab["eip"]["AllocationId"])["NatGateway"]["NatGatewayId"]
    table = ec2.create_route_table(VpcId=lab["vpc"])["RouteTable"]["RouteTableId"]
    aws("ec2", "create-route", "--route-table-id", table, "--destination-cidr-block", "0.0.0.0/0", "--nat-gateway-id", nat)
    route = lvpc.route_to(lvpc.describe_route_table(ec2, table), "0.0.0.0/0")
    assert route["NatGatewayId"] == nat and route["State"] == "active" and "GatewayId" not in route
    eni = describe(ec2, nat)["NatGatewayAddresses"][0]["NetworkInterfaceId"]
    with raises_code("OperationNotPermitted"):
        ec2.delete_network_interface(NetworkInterfaceId=eni)
    with raises_code("DependencyViolation"):
        ec2.delete_subnet(SubnetId=lab["public"])
    assert aws("ec2", "delete-nat-gateway", "--nat-gateway-id", nat)["NatGatewayId"] == nat
    gateway = describe(ec2, nat)
    assert gateway["State"] == "deleted" and "DeleteTime" in gateway
    assert lvpc.route_to(lvpc.describe_route_table(ec2, table), "0.0.0.0/0")["State"] == "blackhole"
    assert "AssociationId" not in ec2.describe_addresses(AllocationIds=[lab["eip"]["AllocationId"]])["Addresses"][0]
    assert not ch.eni_ids(ec2, Filters=filters(**{"network-interface-id": eni}))
    ec2.delete_subnet(SubnetId=lab["public"])


def test_the_analyzer_goes_through_the_nat_gateway(ec2, lab):
    nat = ec2.create_nat_gateway(SubnetId=lab["public"], AllocationId=lab["eip"]["AllocationId"])["NatGateway"]["NatGatewayId"]
    table = ec2.create_route_table(VpcId=lab["vpc"])["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    ec2.associate_route_table(RouteTableId=table, SubnetId=lab["private"])
    instance = ch.launch(ec2, lab["private"])["InstanceId"]
    analysis = ih.analyse(ec2, instance, lab["igw"], protocol="tcp", port=443, DestinationIp="203.0.113.25")
    assert analysis["NetworkPathFound"] is True, analysis.get("Explanations")
    assert any(c["Component"]["Id"] == nat for c in analysis["ForwardPathComponents"])
    ec2.delete_route(RouteTableId=lab["main"], DestinationCidrBlock="0.0.0.0/0")
    blocked = ih.analyse(ec2, instance, lab["igw"], protocol="tcp", port=443, DestinationIp="203.0.113.25")
    assert ih.codes(blocked) == ["NO_ROUTE_TO_DESTINATION"]
