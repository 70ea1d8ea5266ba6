"""CreateDefaultVpc and CreateDefaultSubnet: the region's defaults made again after a user deleted them."""

import ipaddress

from lvpc import delete_default_vpc, filters, raises_code


def default_vpcs(ec2):
    return ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"]


def test_refused_while_a_default_vpc_exists(ec2):
    with raises_code("DefaultVpcAlreadyExists", message="A Default VPC already exists"):
        ec2.create_default_vpc()


def test_a_deleted_default_vpc_stays_deleted_until_created_again(ec2, aws):
    old = delete_default_vpc(ec2)
    assert default_vpcs(ec2) == [], "LocalVPC must not remake a deleted default VPC on the next request"
    assert ec2.describe_vpcs()["Vpcs"] == []
    with raises_code("DryRunOperation"):
        ec2.create_default_vpc(DryRun=True)
    assert default_vpcs(ec2) == []

    vpc = aws("ec2", "create-default-vpc")["Vpc"]
    assert vpc["VpcId"] != old and vpc["IsDefault"] is True and vpc["CidrBlock"] == "172.31.0.0/16"
    [described] = default_vpcs(ec2)
    assert described["VpcId"] == vpc["VpcId"] and described["State"] == "available"
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    subnets = ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc["VpcId"]}))["Subnets"]
    assert sorted(s["AvailabilityZone"] for s in subnets) == sorted(zones)
    assert all(s["DefaultForAz"] and s["MapPublicIpOnLaunch"] for s in subnets)
    assert all(ipaddress.ip_network(s["CidrBlock"]).prefixlen == 20 for s in subnets)
    [igw] = ec2.describe_internet_gateways(Filters=filters(**{"attachment.vpc-id": vpc["VpcId"]}))["InternetGateways"]
    [main] = ec2.describe_route_tables(Filters=filters(**{"vpc-id": vpc["VpcId"], "association.main": "true"}))["RouteTables"]
    assert any(r.get("GatewayId") == igw["InternetGatewayId"] and r["DestinationCidrBlock"] == "0.0.0.0/0" for r in main["Routes"])
    attributes = ec2.describe_account_attributes(AttributeNames=["default-vpc"])["AccountAttributes"]
    assert attributes[0]["AttributeValues"][0]["AttributeValue"] == vpc["VpcId"]
    with raises_code("DefaultVpcAlreadyExists"):
        ec2.create_default_vpc()


def test_default_subnet_in_a_zone_that_lost_it(ec2):
    [vpc] = default_vpcs(ec2)
    subnets = ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc["VpcId"]}))["Subnets"]
    gone = next(s for s in subnets if s["AvailabilityZone"] == "us-east-1b")
    with raises_code("DefaultSubnetAlreadyExistsInAvailabilityZone", message=gone["SubnetId"]):
        ec2.create_default_subnet(AvailabilityZone="us-east-1b")
    ec2.delete_subnet(SubnetId=gone["SubnetId"])

    subnet = ec2.create_default_subnet(AvailabilityZoneId="use1-az2")["Subnet"]
    assert subnet["AvailabilityZone"] == "us-east-1b" and subnet["AvailabilityZoneId"] == "use1-az2"
    assert subnet["CidrBlock"] == gone["CidrBlock"], "the first free /20 of 172.31.0.0/16"
    assert subnet["DefaultForAz"] is True and subnet["MapPublicIpOnLaunch"] is True
    assert subnet["VpcId"] == vpc["VpcId"]
    with raises_code("DefaultSubnetAlreadyExistsInAvailabilityZone"):
        ec2.create_default_subnet(AvailabilityZone="us-east-1b")


def test_default_subnet_takes_the_next_free_block(ec2):
    [vpc] = default_vpcs(ec2)
    subnets = ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc["VpcId"]}))["Subnets"]
    a = next(s for s in subnets if s["AvailabilityZone"] == "us-east-1a")
    ec2.delete_subnet(SubnetId=a["SubnetId"])
    # A subnet of the user's own in the freed block: the new default subnet must go past it.
    ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="172.31.0.0/24", AvailabilityZone="us-east-1c")
    subnet = ec2.create_default_subnet(AvailabilityZone="us-east-1a")["Subnet"]
    taken = {ipaddress.ip_network(s["CidrBlock"]) for s in subnets}
    block = ipaddress.ip_network(subnet["CidrBlock"])
    assert block.prefixlen == 20 and block not in taken and not block.overlaps(ipaddress.ip_network("172.31.0.0/24"))


def test_default_subnet_errors(ec2, ec2_raw):
    with raises_code("InvalidParameterValue"):
        ec2.create_default_subnet(AvailabilityZone="us-east-1z")
    with raises_code("InvalidParameterCombination"):
        ec2.create_default_subnet(AvailabilityZone="us-east-1a", AvailabilityZoneId="use1-az1")
    with raises_code("MissingParameter"):
        ec2_raw.create_default_subnet()
    with raises_code("UnsupportedOperation"):
        ec2.create_default_subnet(AvailabilityZone="us-east-1a", Ipv6Native=True)
    delete_default_vpc(ec2)
    with raises_code("DefaultVpcDoesNotExist", message="No default VPC exists"):
        ec2.create_default_subnet(AvailabilityZone="us-east-1a")


def test_dry_run_of_create_default_subnet(ec2):
    [vpc] = default_vpcs(ec2)
    subnet = next(s for s in ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc["VpcId"]}))["Subnets"] if s["AvailabilityZone"] == "us-east-1c")
    ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    with raises_code("DryRunOperation"):
        ec2.create_default_subnet(AvailabilityZone="us-east-1c", DryRun=True)
    assert not [s for s in ec2.describe_subnets()["Subnets"] if s["AvailabilityZone"] == "us-east-1c"]
