"""Internet gateways: Create/Attach/Detach/Delete/DescribeInternetGateways."""

import re

import pytest

from lvpc import (
    DEFAULT_ACCOUNT,
    UNKNOWN_IDS,
    create_vpc,
    describe_igw,
    describe_route_table,
    filters,
    raises_code,
    route_to,
    tag_spec,
    tags_of,
)


@pytest.fixture
def vpc_id(ec2):
    return create_vpc(ec2, "10.0.0.0/16")["VpcId"]


@pytest.fixture
def igw_id(ec2):
    return ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]


def attachments(ec2, igw_id):
    return [(a["VpcId"], a["State"]) for a in describe_igw(ec2, igw_id).get("Attachments", [])]


def test_create_internet_gateway(ec2):
    igw = ec2.create_internet_gateway(
        TagSpecifications=tag_spec("internet-gateway", Name="edge")
    )["InternetGateway"]
    assert re.fullmatch(r"igw-[0-9a-f]{8,17}", igw["InternetGatewayId"])
    assert igw.get("Attachments", []) == []
    assert igw["OwnerId"] == DEFAULT_ACCOUNT
    assert tags_of(igw) == {"Name": "edge"}
    d = describe_igw(ec2, igw["InternetGatewayId"])
    assert d.get("Attachments", []) == []
    assert tags_of(d) == {"Name": "edge"}
    tags = ec2.describe_tags(Filters=filters(**{"resource-id": igw["InternetGatewayId"]}))["Tags"]
    assert [(t["Key"], t["ResourceType"]) for t in tags] == [("Name", "internet-gateway")]


def test_describe_internet_gateways_by_ids(ec2, igw_id):
    other = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.create_internet_gateway()
    got = ec2.describe_internet_gateways(InternetGatewayIds=[igw_id, other])["InternetGateways"]
    assert {g["InternetGatewayId"] for g in got} == {igw_id, other}


def test_describe_unknown_internet_gateway(ec2):
    with raises_code("InvalidInternetGatewayID.NotFound") as err:
        ec2.describe_internet_gateways(InternetGatewayIds=[UNKNOWN_IDS["igw"]])
    assert UNKNOWN_IDS["igw"] in (err.message or "")


# AWS's casing: InvalidInternetGatewayID.NotFound but InvalidInternetGatewayId.Malformed.
@pytest.mark.parametrize("bad_id", ["not-an-igw", "vpc-0123456789abcdef0"])
def test_describe_malformed_internet_gateway_id(ec2, bad_id):
    with raises_code("InvalidInternetGatewayId.Malformed"):
        ec2.describe_internet_gateways(InternetGatewayIds=[bad_id])


def test_attach_and_detach(ec2, vpc_id, igw_id):
    r = ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 200
    # EC2 reports an attached internet gateway's attachment state as "available".
    assert attachments(ec2, igw_id) == [(vpc_id, "available")]
    ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    assert attachments(ec2, igw_id) == []


def test_igw_attached_elsewhere_is_already_associated(ec2, vpc_id, igw_id):
    # AWS: "Resource.AlreadyAssociated: resource igw-… is already attached to
    # network vpc-…" — "you cannot attach an internet gateway to more than one
    # VPC at a time" (EC2 error-code table).
    other = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    with raises_code("Resource.AlreadyAssociated"):
        ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=other)
    with raises_code("Resource.AlreadyAssociated"):
        ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    assert attachments(ec2, igw_id) == [(vpc_id, "available")]


def test_vpc_with_an_igw_refuses_a_second_one(ec2, vpc_id, igw_id):
    # Real AWS answers this case with InvalidParameterValue, not
    # Resource.AlreadyAssociated: "Network vpc-… already has an internet
    # gateway attached" (seen verbatim from Terraform and CloudFormation).
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    second = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    with raises_code("InvalidParameterValue", message=r"already has an internet gateway"):
        ec2.attach_internet_gateway(InternetGatewayId=second, VpcId=vpc_id)
    assert attachments(ec2, second) == []


def test_attach_unknown_ids(ec2, vpc_id, igw_id):
    with raises_code("InvalidVpcID.NotFound"):
        ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=UNKNOWN_IDS["vpc"])
    with raises_code("InvalidInternetGatewayID.NotFound"):
        ec2.attach_internet_gateway(InternetGatewayId=UNKNOWN_IDS["igw"], VpcId=vpc_id)
    assert attachments(ec2, igw_id) == []


def test_detach_unattached_igw_is_gateway_not_attached(ec2, vpc_id, igw_id):
    # AWS: "Gateway.NotAttached: resource igw-… is not attached to network vpc-…"
    with raises_code("Gateway.NotAttached"):
        ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)


def test_detach_from_the_wrong_vpc_is_gateway_not_attached(ec2, vpc_id, igw_id):
    other = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    with raises_code("Gateway.NotAttached"):
        ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=other)
    assert attachments(ec2, igw_id) == [(vpc_id, "available")]


def test_detach_twice(ec2, vpc_id, igw_id):
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    with raises_code("Gateway.NotAttached"):
        ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)


def test_delete_internet_gateway(ec2, igw_id):
    ec2.delete_internet_gateway(InternetGatewayId=igw_id)
    with raises_code("InvalidInternetGatewayID.NotFound"):
        ec2.describe_internet_gateways(InternetGatewayIds=[igw_id])
    with raises_code("InvalidInternetGatewayID.NotFound"):
        ec2.delete_internet_gateway(InternetGatewayId=igw_id)


def test_delete_attached_igw_is_dependency_violation(ec2, vpc_id, igw_id):
    # AWS: "DependencyViolation: The internetGateway 'igw-…' has dependencies
    # and cannot be deleted."
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    with raises_code("DependencyViolation"):
        ec2.delete_internet_gateway(InternetGatewayId=igw_id)
    assert attachments(ec2, igw_id) == [(vpc_id, "available")]
    ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    ec2.delete_internet_gateway(InternetGatewayId=igw_id)


def test_delete_malformed_igw(ec2):
    with raises_code("InvalidInternetGatewayId.Malformed"):
        ec2.delete_internet_gateway(InternetGatewayId="not-an-igw")


def test_route_to_detached_igw_becomes_blackhole(ec2, vpc_id, igw_id):
    # Route.State: "blackhole indicates that the route's target isn't available
    # (for example, the specified gateway isn't attached to the VPC …)".
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    rtb = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
    assert route_to(describe_route_table(ec2, rtb), "0.0.0.0/0")["State"] == "active"
    ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    assert route_to(describe_route_table(ec2, rtb), "0.0.0.0/0")["State"] == "blackhole"
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    assert route_to(describe_route_table(ec2, rtb), "0.0.0.0/0")["State"] == "active"


def test_dry_runs_change_nothing(ec2, vpc_id, igw_id):
    before = {g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"]}
    with raises_code("DryRunOperation"):
        ec2.create_internet_gateway(DryRun=True)
    after = {g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"]}
    assert after == before
    with raises_code("DryRunOperation"):
        ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id, DryRun=True)
    assert attachments(ec2, igw_id) == []
    with raises_code("DryRunOperation"):
        ec2.delete_internet_gateway(InternetGatewayId=igw_id, DryRun=True)
    describe_igw(ec2, igw_id)
