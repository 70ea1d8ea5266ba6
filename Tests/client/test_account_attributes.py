"""DescribeAccountAttributes, the first call Terraform's AWS provider makes."""

import pytest

from lvpc import delete_default_vpc, filters, raises_code

ALL = [
    "supported-platforms",
    "default-vpc",
    "max-instances",
    "vpc-max-security-groups-per-interface",
    "max-elastic-ips",
    "vpc-max-elastic-ips",
]


def attributes(response):
    return {a["AttributeName"]: [v["AttributeValue"] for v in a["AttributeValues"]] for a in response["AccountAttributes"]}


def default_vpc_id(ec2):
    return ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"][0]["VpcId"]


def test_terraform_start_sequence(ec2):
    # What the provider asks before anything else: the platforms, then the default VPC.
    got = attributes(ec2.describe_account_attributes(AttributeNames=["supported-platforms"]))
    assert got == {"supported-platforms": ["VPC"]}
    got = attributes(ec2.describe_account_attributes(AttributeNames=["default-vpc"]))
    assert got == {"default-vpc": [default_vpc_id(ec2)]}


def test_all_attributes_with_aws_defaults(ec2):
    got = attributes(ec2.describe_account_attributes())
    assert list(got) == ALL
    assert got["max-instances"] == ["20"]
    assert got["vpc-max-security-groups-per-interface"] == ["5"]
    assert got["max-elastic-ips"] == ["5"] and got["vpc-max-elastic-ips"] == ["5"]


def test_selection_keeps_the_order_asked(ec2):
    got = ec2.describe_account_attributes(AttributeNames=["vpc-max-elastic-ips", "supported-platforms"])
    assert [a["AttributeName"] for a in got["AccountAttributes"]] == ["vpc-max-elastic-ips", "supported-platforms"]


def test_default_vpc_is_none_once_deleted(ec2):
    delete_default_vpc(ec2)
    got = attributes(ec2.describe_account_attributes(AttributeNames=["default-vpc"]))
    assert got == {"default-vpc": ["none"]}


def test_unknown_attribute_name(ec2):
    with raises_code("InvalidParameterValue", message="no-such-attribute"):
        ec2.describe_account_attributes(AttributeNames=["no-such-attribute"])


def test_dry_run(ec2):
    with raises_code("DryRunOperation"):
        ec2.describe_account_attributes(DryRun=True)


def test_cli(aws):
    out = aws("ec2", "describe-account-attributes", "--attribute-names", "supported-platforms", "default-vpc")
    names = [a["AttributeName"] for a in out["AccountAttributes"]]
    assert names == ["supported-platforms", "default-vpc"]
    assert out["AccountAttributes"][1]["AttributeValues"][0]["AttributeValue"].startswith("vpc-")


@pytest.mark.parametrize("region", ["eu-west-1", "ap-northeast-1"])
def test_default_vpc_per_region(client_factory, region):
    ec2 = client_factory("ec2", region=region)
    got = attributes(ec2.describe_account_attributes(AttributeNames=["default-vpc"]))
    assert got["default-vpc"] == [default_vpc_id(ec2)]
