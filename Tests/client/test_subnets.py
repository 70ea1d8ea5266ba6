"""Subnets: CreateSubnet, DescribeSubnets, DeleteSubnet, ModifySubnetAttribute."""

import re

import pytest

from lvpc import (
    DEFAULT_ACCOUNT,
    UNKNOWN_IDS,
    create_attached_igw,
    create_subnet,
    create_vpc,
    describe_subnet,
    filters,
    raises_code,
    tag_spec,
    tags_of,
    wait_until,
)


@pytest.fixture
def vpc_id(ec2):
    return create_vpc(ec2, "10.0.0.0/16")["VpcId"]


@pytest.fixture
def zones(ec2):
    """{zone name: zone id} of us-east-1."""
    azs = ec2.describe_availability_zones()["AvailabilityZones"]
    return {z["ZoneName"]: z["ZoneId"] for z in azs}


def subnet_ids_in(ec2, vpc_id):
    return {
        s["SubnetId"]
        for s in ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc_id}))["Subnets"]
    }


def test_create_subnet_returns_the_subnet(ec2, vpc_id, zones):
    s = create_subnet(ec2, vpc_id, "10.0.1.0/24")
    assert re.fullmatch(r"subnet-[0-9a-f]{8,17}", s["SubnetId"])
    assert s["VpcId"] == vpc_id
    assert s["CidrBlock"] == "10.0.1.0/24"
    assert s["State"] in ("pending", "available")
    assert s["AvailabilityZone"] in zones
    assert s["AvailabilityZoneId"] == zones[s["AvailabilityZone"]]
    assert s["AvailableIpAddressCount"] == 251
    assert s["DefaultForAz"] is False
    assert s["MapPublicIpOnLaunch"] is False
    assert s["OwnerId"] == DEFAULT_ACCOUNT
    assert s["SubnetArn"] == f"arn:aws:ec2:us-east-1:{DEFAULT_ACCOUNT}:subnet/{s['SubnetId']}"


def test_blocks_with_host_bits_are_made_canonical(ec2, aws):
    """CreateVpc, CreateSubnet and CreateRoute (its IPv4 destination) drop host bits, as the API reference says AWS
    does: "We modify the specified CIDR block to its canonical form; for example, if you specify 100.68.0.18/18, we
    modify it to 100.68.0.0/18." (Terraform's issue 7743 saw 172.32.13.0/23 stored as 172.32.12.0/23.)"""
    vpc = ec2.create_vpc(CidrBlock="10.7.3.9/16")["Vpc"]
    assert vpc["CidrBlock"] == "10.7.0.0/16"
    subnet = aws("ec2", "create-subnet", "--vpc-id", vpc["VpcId"], "--cidr-block", "10.7.13.0/23")["Subnet"]
    assert subnet["CidrBlock"] == "10.7.12.0/23"
    assert describe_subnet(ec2, subnet["SubnetId"])["CidrBlock"] == "10.7.12.0/23"
    with raises_code("InvalidSubnet.Conflict", message=r"^The CIDR '10\.7\.12\.0/24' conflicts with another subnet$"):
        ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.7.12.77/24")
    igw = create_attached_igw(ec2, vpc["VpcId"])
    table = ec2.create_route_table(VpcId=vpc["VpcId"])["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="100.68.0.18/18", GatewayId=igw)
    [table_described] = ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"]
    assert "100.68.0.0/18" in {r.get("DestinationCidrBlock") for r in table_described["Routes"]}


def test_created_subnet_is_described_available(ec2, vpc_id):
    subnet_id = create_subnet(ec2, vpc_id, "10.0.1.0/24")["SubnetId"]
    wait_until(lambda: describe_subnet(ec2, subnet_id)["State"] == "available",
               desc="subnet available")
    s = describe_subnet(ec2, subnet_id)
    assert s["VpcId"] == vpc_id and s["CidrBlock"] == "10.0.1.0/24"
    assert s["AvailableIpAddressCount"] == 251


# AWS reserves 5 addresses in every subnet (network, router, DNS, future, broadcast).
@pytest.mark.parametrize(
    "cidr,count",
    [("10.0.0.0/24", 251), ("10.0.0.0/28", 11), ("10.0.0.0/20", 4091), ("10.0.0.0/16", 65531)],
)
def test_available_ip_address_count(ec2, vpc_id, cidr, count):
    s = create_subnet(ec2, vpc_id, cidr)
    assert s["AvailableIpAddressCount"] == count
    assert describe_subnet(ec2, s["SubnetId"])["AvailableIpAddressCount"] == count


def test_subnet_in_given_availability_zone(ec2, vpc_id, zones):
    name = sorted(zones)[1]
    s = create_subnet(ec2, vpc_id, "10.0.1.0/24", AvailabilityZone=name)
    assert s["AvailabilityZone"] == name
    assert s["AvailabilityZoneId"] == zones[name]
    d = describe_subnet(ec2, s["SubnetId"])
    assert (d["AvailabilityZone"], d["AvailabilityZoneId"]) == (name, zones[name])


def test_subnet_in_given_availability_zone_id(ec2, vpc_id, zones):
    name = sorted(zones)[2]
    zone_id = zones[name]
    s = create_subnet(ec2, vpc_id, "10.0.2.0/24", AvailabilityZoneId=zone_id)
    assert s["AvailabilityZoneId"] == zone_id
    assert s["AvailabilityZone"] == name


def test_subnet_zone_chosen_when_not_given(ec2, vpc_id, zones):
    made = [create_subnet(ec2, vpc_id, f"10.0.{i}.0/24") for i in range(4)]
    for s in made:
        assert s["AvailabilityZone"] in zones
        assert s["AvailabilityZoneId"] == zones[s["AvailabilityZone"]]


# AWS: "Value (us-east-1z) for parameter availabilityZone is invalid. Subnets
# can currently only be created in the following availability zones: …"
@pytest.mark.parametrize("zone", ["us-east-1z", "eu-west-1a"])
def test_subnet_in_unknown_zone_is_invalid_parameter_value(ec2, vpc_id, zone):
    with raises_code("InvalidParameterValue"):
        ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24", AvailabilityZone=zone)
    assert subnet_ids_in(ec2, vpc_id) == set()


def test_describe_subnets_by_ids(ec2, vpc_id):
    a = create_subnet(ec2, vpc_id, "10.0.1.0/24")["SubnetId"]
    b = create_subnet(ec2, vpc_id, "10.0.2.0/24")["SubnetId"]
    create_subnet(ec2, vpc_id, "10.0.3.0/24")
    got = {s["SubnetId"] for s in ec2.describe_subnets(SubnetIds=[a, b])["Subnets"]}
    assert got == {a, b}


def test_describe_unknown_subnet_is_not_found(ec2):
    with raises_code("InvalidSubnetID.NotFound") as err:
        ec2.describe_subnets(SubnetIds=[UNKNOWN_IDS["subnet"]])
    assert UNKNOWN_IDS["subnet"] in (err.message or "")


# AWS error table: "InvalidSubnetID.Malformed — The specified subnet ID is malformed."
@pytest.mark.parametrize("bad_id", ["not-a-subnet", "vpc-0123456789abcdef0"])
def test_describe_malformed_subnet_id(ec2, bad_id):
    with raises_code("InvalidSubnetID.Malformed"):
        ec2.describe_subnets(SubnetIds=[bad_id])


def test_delete_subnet(ec2, vpc_id):
    subnet_id = create_subnet(ec2, vpc_id, "10.0.1.0/24")["SubnetId"]
    ec2.delete_subnet(SubnetId=subnet_id)
    with raises_code("InvalidSubnetID.NotFound"):
        ec2.describe_subnets(SubnetIds=[subnet_id])
    with raises_code("InvalidSubnetID.NotFound"):
        ec2.delete_subnet(SubnetId=subnet_id)
    # the CIDR is free again
    create_subnet(ec2, vpc_id, "10.0.1.0/24")


def test_delete_malformed_subnet(ec2):
    with raises_code("InvalidSubnetID.Malformed"):
        ec2.delete_subnet(SubnetId="not-a-subnet")


def test_subnet_in_unknown_vpc(ec2):
    with raises_code("InvalidVpcID.NotFound"):
        ec2.create_subnet(VpcId=UNKNOWN_IDS["vpc"], CidrBlock="10.0.1.0/24")


def test_subnet_in_malformed_vpc(ec2):
    with raises_code("InvalidVpcID.Malformed"):
        ec2.create_subnet(VpcId="not-a-vpc", CidrBlock="10.0.1.0/24")


# --- CIDR rules --------------------------------------------------------------


def test_subnet_may_span_the_whole_vpc(ec2, vpc_id):
    assert create_subnet(ec2, vpc_id, "10.0.0.0/16")["CidrBlock"] == "10.0.0.0/16"


# AWS: "InvalidSubnet.Range — The CIDR block you've specified for the subnet is
# not valid. The allowed block size is between a /28 netmask and /16 netmask."
# Also used for a block outside the VPC ("The CIDR '10.1.0.0/24' is invalid.").
@pytest.mark.parametrize(
    "cidr",
    [
        "10.1.0.0/24",  # outside the VPC
        "192.168.0.0/24",  # outside the VPC
        "10.0.0.0/15",  # larger than the VPC
        "10.0.0.0/29",  # smaller than /28
        "10.0.0.0/32",
    ],
)
def test_subnet_range(ec2, vpc_id, cidr):
    with raises_code("InvalidSubnet.Range"):
        ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr)
    assert subnet_ids_in(ec2, vpc_id) == set()


@pytest.mark.parametrize(
    "cidr",
    ["10.0.1.0/24", "10.0.0.0/20", "10.0.1.128/25", "10.0.1.240/28", "10.0.0.0/16"],
)
def test_overlapping_subnets_conflict(ec2, vpc_id, cidr):
    existing = create_subnet(ec2, vpc_id, "10.0.1.0/24")["SubnetId"]
    with raises_code("InvalidSubnet.Conflict") as err:
        ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr)
    assert cidr in (err.message or ""), err.message
    assert subnet_ids_in(ec2, vpc_id) == {existing}


def test_adjacent_subnets_do_not_conflict(ec2, vpc_id):
    create_subnet(ec2, vpc_id, "10.0.1.0/24")
    create_subnet(ec2, vpc_id, "10.0.0.0/24")
    create_subnet(ec2, vpc_id, "10.0.2.0/23")


def test_same_subnet_cidr_in_two_vpcs(ec2, vpc_id):
    other = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    create_subnet(ec2, vpc_id, "10.0.1.0/24")
    create_subnet(ec2, other, "10.0.1.0/24")


@pytest.mark.parametrize("cidr", ["not-a-cidr", "10.0.1.0/33", "10.0.300.0/24", "10.0.1.0"])
def test_malformed_subnet_cidr_is_invalid_parameter_value(ec2, vpc_id, cidr):
    with raises_code("InvalidParameterValue"):
        ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr)
    assert subnet_ids_in(ec2, vpc_id) == set()


# --- attributes, tags, dry run -----------------------------------------------


def test_modify_subnet_map_public_ip_on_launch(ec2, vpc_id):
    subnet_id = create_subnet(ec2, vpc_id, "10.0.1.0/24")["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=subnet_id, MapPublicIpOnLaunch={"Value": True})
    assert describe_subnet(ec2, subnet_id)["MapPublicIpOnLaunch"] is True
    got = ec2.describe_subnets(
        Filters=filters(**{"vpc-id": vpc_id, "map-public-ip-on-launch": "true"})
    )["Subnets"]
    assert [s["SubnetId"] for s in got] == [subnet_id]
    ec2.modify_subnet_attribute(SubnetId=subnet_id, MapPublicIpOnLaunch={"Value": False})
    assert describe_subnet(ec2, subnet_id)["MapPublicIpOnLaunch"] is False


def test_modify_attribute_of_unknown_subnet(ec2):
    with raises_code("InvalidSubnetID.NotFound"):
        ec2.modify_subnet_attribute(
            SubnetId=UNKNOWN_IDS["subnet"], MapPublicIpOnLaunch={"Value": True}
        )


def test_create_subnet_with_tag_specifications(ec2, vpc_id):
    s = create_subnet(
        ec2, vpc_id, "10.0.1.0/24", TagSpecifications=tag_spec("subnet", Name="public-a")
    )
    assert tags_of(s) == {"Name": "public-a"}
    assert tags_of(describe_subnet(ec2, s["SubnetId"])) == {"Name": "public-a"}
    tags = ec2.describe_tags(Filters=filters(**{"resource-id": s["SubnetId"]}))["Tags"]
    assert [(t["Key"], t["Value"], t["ResourceType"]) for t in tags] == [
        ("Name", "public-a", "subnet")
    ]


def test_create_subnet_dry_run_changes_nothing(ec2, vpc_id):
    with raises_code("DryRunOperation"):
        ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24", DryRun=True)
    assert subnet_ids_in(ec2, vpc_id) == set()


def test_delete_subnet_dry_run_changes_nothing(ec2, vpc_id):
    subnet_id = create_subnet(ec2, vpc_id, "10.0.1.0/24")["SubnetId"]
    with raises_code("DryRunOperation"):
        ec2.delete_subnet(SubnetId=subnet_id, DryRun=True)
    describe_subnet(ec2, subnet_id)


def test_subnet_with_route_table_association_can_be_deleted(ec2, vpc_id):
    # An explicit route-table association is not a dependency of the subnet:
    # it disappears with it.
    subnet_id = create_subnet(ec2, vpc_id, "10.0.1.0/24")["SubnetId"]
    rtb_id = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=rtb_id, SubnetId=subnet_id)
    ec2.delete_subnet(SubnetId=subnet_id)
    rt = ec2.describe_route_tables(RouteTableIds=[rtb_id])["RouteTables"][0]
    assert [a for a in rt.get("Associations", []) if a.get("SubnetId") == subnet_id] == []
