"""Issue 10 point 2: error documents carry the HTTP status AWS sends.

DryRunOperation is 412, AuthFailure 401, and ordinary client errors 400.
LocalVPC never produces UnauthorizedOperation (403), RequestLimitExceeded
(503) or InternalError (500) on purpose; their statuses come from the same
table (EC2Error.httpStatus) and are covered by the Swift unit tests
(EC2ErrorHTTPStatusTests).
"""

from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError

from lvpc import create_vpc


def code_of(response) -> str:
    match = re.search(r"<Code>([^<]*)</Code>", response.text)
    assert match, response.text
    return match.group(1)


@pytest.mark.parametrize(
    "body",
    [
        {"Action": "DescribeVpcs", "DryRun": "true"},
        {"Action": "CreateVpc", "CidrBlock": "10.61.0.0/16", "DryRun": "true"},
        {"Action": "DescribeInstances", "DryRun": "true"},
    ],
    ids=lambda body: body["Action"],
)
def test_dry_run_is_412(raw, body):
    response = raw({**body, "Version": "2016-11-15"})
    assert response.status_code == 412, response.text
    assert code_of(response) == "DryRunOperation"


def test_boto3_reports_412_for_a_dry_run(ec2):
    for call in [lambda: ec2.describe_vpcs(DryRun=True), lambda: ec2.create_vpc(CidrBlock="10.62.0.0/16", DryRun=True)]:
        with pytest.raises(ClientError) as raised:
            call()
        assert raised.value.response["Error"]["Code"] == "DryRunOperation"
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
    assert all(v["CidrBlock"] != "10.62.0.0/16" for v in ec2.describe_vpcs()["Vpcs"]), "a dry run changes nothing"


def test_an_unknown_region_is_an_auth_failure_401(raw):
    response = raw({"Action": "DescribeVpcs", "Version": "2016-11-15"}, region="mars-north-1")
    assert response.status_code == 401, response.text
    assert code_of(response) == "AuthFailure"


@pytest.mark.parametrize(
    "body,code",
    [
        ({"Action": "DescribeVpcs", "VpcId.1": "vpc-0123456789abcdef0"}, "InvalidVpcID.NotFound"),
        ({"Action": "DescribeVpcs", "Filter.1.Name": "nope", "Filter.1.Value.1": "x"}, "InvalidParameterValue"),
        ({"Action": "CreateVpc"}, "MissingParameter"),
        ({"Action": "NoSuchAction"}, "InvalidAction"),
    ],
    ids=lambda value: value if isinstance(value, str) else value["Action"],
)
def test_client_errors_are_400(raw, body, code):
    response = raw({**body, "Version": "2016-11-15"})
    assert response.status_code == 400, response.text
    assert code_of(response) == code


def test_success_is_200_after_a_dry_run(ec2, raw):
    assert raw({"Action": "DescribeVpcs", "Version": "2016-11-15", "DryRun": "true"}).status_code == 412
    create_vpc(ec2, "10.63.0.0/16")
    assert raw({"Action": "DescribeVpcs", "Version": "2016-11-15", "DryRun": "false"}).status_code == 200
