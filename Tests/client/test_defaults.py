"""Defaults as in AWS: the default VPC of every account+region, and the main
route table, default security group and default network ACL of every VPC."""

import ipaddress

import pytest

from lvpc import (
    DEFAULT_ACCOUNT,
    create_vpc,
    filters,
    main_route_table,
    route_to,
)


def default_vpc(ec2):
    vpcs = ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"]
    assert len(vpcs) == 1, f"expected exactly one default VPC, got {vpcs}"
    return vpcs[0]


def zones(ec2):
    return {
        z["ZoneName"]: z["ZoneId"]
        for z in ec2.describe_availability_zones(
            Filters=filters(**{"zone-type": "availability-zone"})
        )["AvailabilityZones"]
    }


def test_default_vpc_exists(ec2):
    vpc = default_vpc(ec2)
    assert vpc["CidrBlock"] == "172.31.0.0/16"
    assert vpc["IsDefault"] is True
    assert vpc["State"] == "available"
    assert vpc["OwnerId"] == DEFAULT_ACCOUNT
    assert vpc["InstanceTenancy"] == "default"


def test_default_vpc_has_one_default_subnet_per_zone(ec2):
    vpc_id = default_vpc(ec2)["VpcId"]
    azs = zones(ec2)
    subnets = ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc_id}))["Subnets"]
    assert len(subnets) == len(azs) >= 3
    assert sorted(s["AvailabilityZone"] for s in subnets) == sorted(azs)
    for s in subnets:
        assert s["DefaultForAz"] is True
        assert s["MapPublicIpOnLaunch"] is True
        assert s["AvailabilityZoneId"] == azs[s["AvailabilityZone"]]
        assert s["AvailableIpAddressCount"] == 4091
        assert s["State"] == "available"
        assert ipaddress.IPv4Network(s["CidrBlock"]).prefixlen == 20
    # 172.31.0.0/20, 172.31.16.0/20, 172.31.32.0/20, …
    expected = {f"172.31.{16 * i}.0/20" for i in range(len(azs))}
    assert {s["CidrBlock"] for s in subnets} == expected


def test_default_subnets_filter(ec2):
    azs = zones(ec2)
    defaults = ec2.describe_subnets(Filters=filters(**{"default-for-az": "true"}))["Subnets"]
    assert sorted(s["AvailabilityZone"] for s in defaults) == sorted(azs)


def test_default_vpc_has_an_attached_internet_gateway(ec2):
    vpc_id = default_vpc(ec2)["VpcId"]
    igws = ec2.describe_internet_gateways(Filters=filters(**{"attachment.vpc-id": vpc_id}))[
        "InternetGateways"
    ]
    assert len(igws) == 1
    assert igws[0]["Attachments"] == [{"State": "available", "VpcId": vpc_id}]


def test_default_vpc_main_route_table_routes_to_the_internet(ec2):
    vpc_id = default_vpc(ec2)["VpcId"]
    igws = ec2.describe_internet_gateways(Filters=filters(**{"attachment.vpc-id": vpc_id}))[
        "InternetGateways"
    ]
    assert len(igws) == 1, "the default VPC has an attached internet gateway"
    igw_id = igws[0]["InternetGatewayId"]
    rt = main_route_table(ec2, vpc_id)
    local = route_to(rt, "172.31.0.0/16")
    assert local["GatewayId"] == "local" and local["State"] == "active"
    default_route = route_to(rt, "0.0.0.0/0")
    assert default_route is not None, rt["Routes"]
    assert default_route["GatewayId"] == igw_id
    assert default_route["State"] == "active"
    assert len(ec2.describe_route_tables(Filters=filters(**{"vpc-id": vpc_id}))["RouteTables"]) == 1


def test_default_subnets_use_the_main_route_table_implicitly(ec2):
    vpc_id = default_vpc(ec2)["VpcId"]
    for s in ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc_id}))["Subnets"]:
        explicit = ec2.describe_route_tables(
            Filters=filters(**{"association.subnet-id": s["SubnetId"]})
        )["RouteTables"]
        assert explicit == []


def test_default_vpc_dns(ec2):
    # Default VPCs have both DNS support and DNS hostnames enabled.
    vpc_id = default_vpc(ec2)["VpcId"]
    assert ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsSupport")[
        "EnableDnsSupport"
    ]["Value"] is True
    assert ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsHostnames")[
        "EnableDnsHostnames"
    ]["Value"] is True


def test_default_vpc_is_stable(ec2):
    assert default_vpc(ec2)["VpcId"] == default_vpc(ec2)["VpcId"]
    create_vpc(ec2, "10.0.0.0/16")
    assert len(ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"]) == 1


# --- what every VPC gets -------------------------------------------------------


@pytest.fixture(params=["new", "default"])
def any_vpc_id(request, ec2):
    if request.param == "new":
        return create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    return default_vpc(ec2)["VpcId"]


def test_every_vpc_has_a_default_security_group(ec2, any_vpc_id):
    groups = ec2.describe_security_groups(Filters=filters(**{"vpc-id": any_vpc_id}))[
        "SecurityGroups"
    ]
    assert len(groups) == 1, groups
    sg = groups[0]
    assert sg["GroupName"] == "default"
    assert sg["GroupId"].startswith("sg-")
    assert sg["VpcId"] == any_vpc_id
    assert sg["OwnerId"] == DEFAULT_ACCOUNT
    assert sg["Description"] == "default VPC security group"
    # inbound: all traffic from members of the group itself
    assert len(sg["IpPermissions"]) == 1
    ingress = sg["IpPermissions"][0]
    assert ingress["IpProtocol"] == "-1"
    assert [p["GroupId"] for p in ingress["UserIdGroupPairs"]] == [sg["GroupId"]]
    # outbound: all traffic anywhere (IPv4)
    egress_ranges = [
        r["CidrIp"]
        for p in sg["IpPermissionsEgress"]
        if p["IpProtocol"] == "-1"
        for r in p.get("IpRanges", [])
    ]
    assert "0.0.0.0/0" in egress_ranges, sg["IpPermissionsEgress"]


def test_default_security_group_by_name_filter(ec2, any_vpc_id):
    groups = ec2.describe_security_groups(
        Filters=filters(**{"vpc-id": any_vpc_id, "group-name": "default"})
    )["SecurityGroups"]
    assert len(groups) == 1


def test_every_vpc_has_a_default_network_acl(ec2, any_vpc_id):
    acls = ec2.describe_network_acls(Filters=filters(**{"vpc-id": any_vpc_id}))["NetworkAcls"]
    assert len(acls) == 1, acls
    acl = acls[0]
    assert acl["IsDefault"] is True
    assert acl["NetworkAclId"].startswith("acl-")
    assert acl["VpcId"] == any_vpc_id
    entries = {
        (e["RuleNumber"], e["Egress"]): e
        for e in acl["Entries"]
        if e.get("CidrBlock") == "0.0.0.0/0"
    }
    for egress in (False, True):
        allow = entries[(100, egress)]
        assert allow["RuleAction"] == "allow" and allow["Protocol"] == "-1"
        deny = entries[(32767, egress)]  # the "*" rule
        assert deny["RuleAction"] == "deny" and deny["Protocol"] == "-1"


def test_default_network_acl_filter(ec2, any_vpc_id):
    acls = ec2.describe_network_acls(
        Filters=filters(**{"vpc-id": any_vpc_id, "default": "true"})
    )["NetworkAcls"]
    assert len(acls) == 1


def test_new_vpc_has_no_internet_gateway_and_only_a_local_route(ec2):
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    assert ec2.describe_internet_gateways(Filters=filters(**{"attachment.vpc-id": vpc_id}))[
        "InternetGateways"
    ] == []
    rts = ec2.describe_route_tables(Filters=filters(**{"vpc-id": vpc_id}))["RouteTables"]
    assert len(rts) == 1
    assert [r.get("GatewayId") for r in rts[0]["Routes"]] == ["local"]
    assert ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc_id}))["Subnets"] == []


def test_default_vpc_in_another_region(client_factory):
    ec2 = client_factory("ec2", region="eu-west-1")
    vpc = default_vpc(ec2)
    assert vpc["CidrBlock"] == "172.31.0.0/16"
    azs = zones(ec2)
    assert all(z.startswith("eu-west-1") for z in azs)
    subnets = ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc["VpcId"]}))["Subnets"]
    assert sorted(s["AvailabilityZone"] for s in subnets) == sorted(azs)
