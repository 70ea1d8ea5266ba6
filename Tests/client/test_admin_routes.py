"""Admin routes: GET /_localvpc/health, POST /_localvpc/reset and the
moto-compatible POST /moto-api/reset."""

import pytest
import requests

from lvpc import (
    HEALTH_PATH,
    MOTO_RESET_PATH,
    RESET_PATH,
    create_subnet,
    create_vpc,
    filters,
    raises_code,
    vpc_ids,
)


def test_health(endpoint, server_count):
    r = requests.get(endpoint + HEALTH_PATH, timeout=10)
    assert r.status_code == 200
    assert r.headers.get("Content-Type", "").startswith("application/json")
    body = r.json()
    assert body["status"] == "ok"
    assert isinstance(body["version"], str) and body["version"]
    assert isinstance(body["uptimeSeconds"], (int, float)) and body["uptimeSeconds"] >= 0
    # Uptime is each server's own: behind the shared-servers proxy the same server answers again only after one request
    # to each of the others (CI once saw 162.26 after 162.40, from a server started 0.13 s later).
    for _ in range(server_count):
        again = requests.get(endpoint + HEALTH_PATH, timeout=10).json()
    assert again["uptimeSeconds"] >= body["uptimeSeconds"]


def test_health_counts_state_versions(endpoint, ec2):
    # LocalVPC: the number of changes applied since the server started; a follower of the change feed (the data
    # plane) reports beside it the version it has caught up with.
    before = requests.get(endpoint + HEALTH_PATH, timeout=10).json()["stateVersion"]
    assert isinstance(before, int) and before >= 0
    create_vpc(ec2, "10.0.0.0/16")
    assert requests.get(endpoint + HEALTH_PATH, timeout=10).json()["stateVersion"] > before


def test_health_needs_no_signature(endpoint):
    # plain curl-style request, no AWS headers at all
    assert requests.get(endpoint + HEALTH_PATH, timeout=10).status_code == 200


def populate(client_factory):
    ec2 = client_factory("ec2")
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    subnet = create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "keep", "Value": "no"}])
    default_before = ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"][0]
    other_account = client_factory("ec2", account="111111111111")
    other_region = client_factory("ec2", region="eu-west-1")
    vpc_other_account = create_vpc(other_account, "10.0.0.0/16")["VpcId"]
    vpc_other_region = create_vpc(other_region, "10.0.0.0/16")["VpcId"]
    return {
        "ec2": ec2,
        "vpc": vpc,
        "subnet": subnet,
        "igw": igw,
        "default_vpc": default_before["VpcId"],
        "other_account": (other_account, vpc_other_account),
        "other_region": (other_region, vpc_other_region),
    }


def check_wiped(w):
    ec2 = w["ec2"]
    with raises_code("InvalidVpcID.NotFound"):
        ec2.describe_vpcs(VpcIds=[w["vpc"]])
    with raises_code("InvalidSubnetID.NotFound"):
        ec2.describe_subnets(SubnetIds=[w["subnet"]])
    with raises_code("InvalidInternetGatewayID.NotFound"):
        ec2.describe_internet_gateways(InternetGatewayIds=[w["igw"]])
    assert ec2.describe_tags(Filters=filters(key="keep"))["Tags"] == []
    for client, vpc in (w["other_account"], w["other_region"]):
        with raises_code("InvalidVpcID.NotFound"):
            client.describe_vpcs(VpcIds=[vpc])
    # the default VPC is back, complete, and it is the only VPC
    vpcs = ec2.describe_vpcs()["Vpcs"]
    assert len(vpcs) == 1 and vpcs[0]["IsDefault"] is True
    assert vpcs[0]["CidrBlock"] == "172.31.0.0/16"
    default_subnets = ec2.describe_subnets(Filters=filters(**{"vpc-id": vpcs[0]["VpcId"]}))[
        "Subnets"
    ]
    assert len(default_subnets) >= 3
    assert all(s["DefaultForAz"] for s in default_subnets)


@pytest.mark.parametrize("path", [RESET_PATH, MOTO_RESET_PATH])
def test_reset_wipes_everything(endpoint, client_factory, path):
    w = populate(client_factory)
    r = requests.post(endpoint + path, timeout=30)
    assert r.status_code == 200, r.text
    check_wiped(w)
    # and the server keeps working
    vpc = create_vpc(w["ec2"], "10.0.0.0/16")["VpcId"]
    assert vpc in vpc_ids(w["ec2"])


def test_reset_twice(endpoint, ec2):
    for path in (RESET_PATH, RESET_PATH, MOTO_RESET_PATH, MOTO_RESET_PATH):
        assert requests.post(endpoint + path, timeout=30).status_code == 200
    assert len(ec2.describe_vpcs()["Vpcs"]) == 1


def test_reset_needs_no_body_or_signature(endpoint, ec2):
    create_vpc(ec2)
    r = requests.post(endpoint + RESET_PATH, data=b"", headers={}, timeout=30)
    assert r.status_code == 200
    assert len(ec2.describe_vpcs()["Vpcs"]) == 1


def test_get_on_reset_does_not_reset(endpoint, ec2):
    vpc = create_vpc(ec2)["VpcId"]
    r = requests.get(endpoint + RESET_PATH, timeout=30)
    assert r.status_code < 500
    assert vpc in vpc_ids(ec2), "a GET must not wipe state"
