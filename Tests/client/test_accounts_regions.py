"""Accounts and regions: DescribeRegions, DescribeAvailabilityZones, the
account from the access key (or x-moto-account-id), the region from the SigV4
credential scope, isolation between them, STS GetCallerIdentity."""

import re

import pytest

from lvpc import (
    DEFAULT_ACCOUNT,
    ServerProcess,
    create_vpc,
    describe_vpc,
    filters,
    make_boto_client,
    raises_code,
    raw_post,
    stale_sigv4_headers,
    vpc_ids,
    xml_root,
    xml_texts,
)

ACCOUNT_A = "111111111111"
ACCOUNT_B = "222222222222"


def default_vpc(ec2):
    vpcs = ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"]
    assert len(vpcs) == 1
    return vpcs[0]


# --- DescribeRegions / DescribeAvailabilityZones ---------------------------------


def test_describe_regions(ec2):
    regions = {r["RegionName"]: r for r in ec2.describe_regions()["Regions"]}
    for name in ("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"):
        assert name in regions, sorted(regions)
    for name, r in regions.items():
        assert r["Endpoint"] == f"ec2.{name}.amazonaws.com", r
    assert regions["us-east-1"]["OptInStatus"] == "opt-in-not-required"


def test_describe_regions_by_name(ec2):
    got = ec2.describe_regions(RegionNames=["us-east-1", "eu-west-1"])["Regions"]
    assert sorted(r["RegionName"] for r in got) == ["eu-west-1", "us-east-1"]
    got = ec2.describe_regions(Filters=filters(**{"region-name": "eu-*"}))["Regions"]
    assert got and all(r["RegionName"].startswith("eu-") for r in got)
    got = ec2.describe_regions(Filters=filters(endpoint="ec2.us-east-1.amazonaws.com"))["Regions"]
    assert [r["RegionName"] for r in got] == ["us-east-1"]


def check_zones(zones, region, id_prefix):
    assert len(zones) >= 3, zones
    for z in zones:
        assert re.fullmatch(rf"{region}[a-z]", z["ZoneName"]), z
        assert re.fullmatch(rf"{id_prefix}-az\d+", z["ZoneId"]), z
        assert z["RegionName"] == region
        assert z["State"] == "available"
        assert z["ZoneType"] == "availability-zone"
    assert len({z["ZoneName"] for z in zones}) == len(zones)
    assert len({z["ZoneId"] for z in zones}) == len(zones)


def test_availability_zones_us_east_1(ec2):
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    check_zones(zones, "us-east-1", "use1")
    assert "us-east-1a" in {z["ZoneName"] for z in zones}


def test_availability_zones_eu_west_1(client_factory):
    ec2 = client_factory("ec2", region="eu-west-1")
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    check_zones(zones, "eu-west-1", "euw1")
    assert {"eu-west-1a", "eu-west-1b", "eu-west-1c"} <= {z["ZoneName"] for z in zones}


def test_availability_zones_by_name_id_and_filter(ec2):
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    first = zones[0]
    got = ec2.describe_availability_zones(ZoneNames=[first["ZoneName"]])["AvailabilityZones"]
    assert [z["ZoneId"] for z in got] == [first["ZoneId"]]
    got = ec2.describe_availability_zones(ZoneIds=[first["ZoneId"]])["AvailabilityZones"]
    assert [z["ZoneName"] for z in got] == [first["ZoneName"]]
    got = ec2.describe_availability_zones(
        Filters=filters(**{"zone-name": first["ZoneName"]})
    )["AvailabilityZones"]
    assert [z["ZoneId"] for z in got] == [first["ZoneId"]]


# --- region isolation ------------------------------------------------------------


def test_regions_are_isolated(client_factory):
    east = client_factory("ec2", region="us-east-1")
    west = client_factory("ec2", region="us-west-2")
    vpc_id = create_vpc(west, "10.0.0.0/16")["VpcId"]
    assert vpc_id in vpc_ids(west)
    assert vpc_id not in vpc_ids(east)
    with raises_code("InvalidVpcID.NotFound"):
        east.describe_vpcs(VpcIds=[vpc_id])
    with raises_code("InvalidVpcID.NotFound"):
        east.delete_vpc(VpcId=vpc_id)
    with raises_code("InvalidVpcID.NotFound"):
        east.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24")
    describe_vpc(west, vpc_id)


def test_subnet_zone_belongs_to_the_request_region(client_factory):
    west = client_factory("ec2", region="us-west-2")
    vpc_id = create_vpc(west, "10.0.0.0/16")["VpcId"]
    s = west.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24")["Subnet"]
    assert s["AvailabilityZone"].startswith("us-west-2")
    assert s["AvailabilityZoneId"].startswith("usw2-az")
    assert s["SubnetArn"].startswith(f"arn:aws:ec2:us-west-2:{DEFAULT_ACCOUNT}:subnet/")
    with raises_code("InvalidParameterValue"):
        west.create_subnet(VpcId=vpc_id, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1a")


def test_each_region_has_its_own_default_vpc(client_factory):
    ids = {}
    for region in ("us-east-1", "us-west-2", "eu-west-1"):
        vpc = default_vpc(client_factory("ec2", region=region))
        assert vpc["CidrBlock"] == "172.31.0.0/16"
        ids[region] = vpc["VpcId"]
    assert len(set(ids.values())) == 3, ids


# --- account isolation -------------------------------------------------------------


def test_twelve_digit_access_key_is_the_account(client_factory):
    ec2 = client_factory("ec2", account=ACCOUNT_A)
    vpc = create_vpc(ec2, "10.0.0.0/16")
    assert vpc["OwnerId"] == ACCOUNT_A
    assert describe_vpc(ec2, vpc["VpcId"])["OwnerId"] == ACCOUNT_A
    assert default_vpc(ec2)["OwnerId"] == ACCOUNT_A


@pytest.mark.parametrize(
    "key", ["test", "AKIAIOSFODNN7EXAMPLE", "12345678901", "1234567890123", "12345678901a"]
)
def test_other_access_keys_use_the_default_account(client_factory, key):
    ec2 = client_factory("ec2", access_key=key)
    assert create_vpc(ec2, "10.0.0.0/16")["OwnerId"] == DEFAULT_ACCOUNT


def test_accounts_are_isolated(client_factory):
    a = client_factory("ec2", account=ACCOUNT_A)
    b = client_factory("ec2", account=ACCOUNT_B)
    vpc_id = create_vpc(a, "10.0.0.0/16")["VpcId"]
    assert vpc_id not in vpc_ids(b)
    with raises_code("InvalidVpcID.NotFound"):
        b.describe_vpcs(VpcIds=[vpc_id])
    with raises_code("InvalidVpcID.NotFound"):
        b.delete_vpc(VpcId=vpc_id)
    with raises_code("InvalidVpcID.NotFound"):
        b.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24")
    with raises_code("InvalidVpcID.NotFound"):
        b.create_tags(Resources=[vpc_id], Tags=[{"Key": "a", "Value": "b"}])
    describe_vpc(a, vpc_id)
    # the same CIDR is free in the other account
    create_vpc(b, "10.0.0.0/16")


def test_other_resources_are_isolated_between_accounts(client_factory):
    a = client_factory("ec2", account=ACCOUNT_A)
    b = client_factory("ec2", account=ACCOUNT_B)
    vpc_id = create_vpc(a, "10.0.0.0/16")["VpcId"]
    subnet_id = a.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    rtb_id = a.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    igw_id = a.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    with raises_code("InvalidSubnetID.NotFound"):
        b.describe_subnets(SubnetIds=[subnet_id])
    with raises_code("InvalidRouteTableID.NotFound"):
        b.describe_route_tables(RouteTableIds=[rtb_id])
    with raises_code("InvalidInternetGatewayID.NotFound"):
        b.describe_internet_gateways(InternetGatewayIds=[igw_id])
    b_vpc = create_vpc(b, "10.0.0.0/16")["VpcId"]
    with raises_code("InvalidInternetGatewayID.NotFound"):
        b.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=b_vpc)


def test_tags_are_local_to_the_account(client_factory):
    a = client_factory("ec2", account=ACCOUNT_A)
    b = client_factory("ec2", account=ACCOUNT_B)
    vpc_id = create_vpc(a, "10.0.0.0/16")["VpcId"]
    a.create_tags(Resources=[vpc_id], Tags=[{"Key": "secret", "Value": "a"}])
    assert b.describe_tags(Filters=filters(key="secret"))["Tags"] == []
    assert b.describe_vpcs(Filters=filters(**{"tag:secret": "a"}))["Vpcs"] == []


def test_each_account_has_its_own_default_vpc(client_factory):
    seen = {}
    for account in (ACCOUNT_A, ACCOUNT_B, DEFAULT_ACCOUNT):
        ec2 = client_factory("ec2", account=account)
        vpc = default_vpc(ec2)
        assert vpc["OwnerId"] == account
        assert vpc["CidrBlock"] == "172.31.0.0/16"
        subnets = ec2.describe_subnets(Filters=filters(**{"default-for-az": "true"}))["Subnets"]
        assert subnets and all(s["OwnerId"] == account for s in subnets)
        seen[account] = vpc["VpcId"]
    assert len(set(seen.values())) == 3


# --- STS ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key,account", [("test", DEFAULT_ACCOUNT), (ACCOUNT_A, ACCOUNT_A), (ACCOUNT_B, ACCOUNT_B)]
)
def test_get_caller_identity(client_factory, key, account):
    ident = client_factory("sts", access_key=key).get_caller_identity()
    assert ident["Account"] == account
    assert ident["Arn"] == f"arn:aws:iam::{account}:root"
    assert ident.get("UserId")


def test_get_caller_identity_in_another_region(client_factory):
    ident = client_factory("sts", account=ACCOUNT_A, region="eu-west-1").get_caller_identity()
    assert ident["Account"] == ACCOUNT_A


# --- x-moto-account-id -----------------------------------------------------------------


def test_moto_account_header(client_factory):
    hdr = client_factory("ec2", headers={"x-moto-account-id": ACCOUNT_A})
    default = client_factory("ec2")
    a = client_factory("ec2", account=ACCOUNT_A)
    vpc = create_vpc(hdr, "10.0.0.0/16")
    assert vpc["OwnerId"] == ACCOUNT_A
    assert vpc["VpcId"] not in vpc_ids(default)
    assert vpc["VpcId"] in vpc_ids(a)
    sts = client_factory("sts", headers={"x-moto-account-id": ACCOUNT_B})
    assert sts.get_caller_identity()["Account"] == ACCOUNT_B


def test_moto_account_header_overrides_the_access_key(client_factory):
    hdr = client_factory("ec2", account=ACCOUNT_A, headers={"x-moto-account-id": ACCOUNT_B})
    assert create_vpc(hdr, "10.0.0.0/16")["OwnerId"] == ACCOUNT_B


def test_moto_account_header_on_a_raw_request(raw):
    r = raw({"Action": "CreateVpc", "Version": "2016-11-15", "CidrBlock": "10.0.0.0/16"},
            headers={"x-moto-account-id": ACCOUNT_B})
    assert r.status_code == 200, r.text
    assert xml_texts(xml_root(r), "ownerId") == [ACCOUNT_B]


# --- signatures are not verified; old ones work ------------------------------------


def test_request_signed_long_ago_works(endpoint):
    body = "Action=DescribeAvailabilityZones&Version=2016-11-15"
    r = raw_post(endpoint, body, sign=False,
                 headers=stale_sigv4_headers(region="eu-west-1", access_key=ACCOUNT_A),
                 content_type=None)
    assert r.status_code == 200, r.text
    zone_ids = xml_texts(xml_root(r), "zoneId")
    assert zone_ids and all(z.startswith("euw1-az") for z in zone_ids)

    body = "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16"
    r = raw_post(endpoint, body, sign=False,
                 headers=stale_sigv4_headers(region="eu-west-1", access_key=ACCOUNT_A),
                 content_type=None)
    assert r.status_code == 200, r.text
    vpc_id = xml_texts(xml_root(r), "vpcId")[0]
    assert xml_texts(xml_root(r), "ownerId") == [ACCOUNT_A]
    ec2 = make_boto_client(endpoint, region="eu-west-1", access_key=ACCOUNT_A)
    assert describe_vpc(ec2, vpc_id)["OwnerId"] == ACCOUNT_A


def test_wrong_signature_is_not_rejected(endpoint):
    r = raw_post(endpoint, "Action=DescribeVpcs&Version=2016-11-15", sign=False,
                 headers=stale_sigv4_headers(region="us-east-1"), content_type=None)
    assert r.status_code == 200, r.text


# --- LOCALVPC_DEFAULT_ACCOUNT ------------------------------------------------------


@pytest.mark.own_server
def test_default_account_from_environment(tmp_path):
    srv = ServerProcess(tmp_path / "state", extra_env={"LOCALVPC_DEFAULT_ACCOUNT": "123456789012"})
    srv.start()
    try:
        sts = make_boto_client(srv.endpoint, "sts")
        assert sts.get_caller_identity()["Account"] == "123456789012"
        ec2 = make_boto_client(srv.endpoint)
        assert create_vpc(ec2, "10.0.0.0/16")["OwnerId"] == "123456789012"
        # a 12-digit key still names its own account
        ec2_a = make_boto_client(srv.endpoint, access_key=ACCOUNT_A)
        assert create_vpc(ec2_a, "10.0.0.0/16")["OwnerId"] == ACCOUNT_A
    finally:
        code = srv.stop()
    assert code == 0, srv.log_text()
