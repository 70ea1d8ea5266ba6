"""Tags: CreateTags, DeleteTags, DescribeTags, TagSpecifications."""

import pytest

from lvpc import (
    UNKNOWN_IDS,
    create_subnet,
    create_vpc,
    describe_vpc,
    filters,
    raises_code,
    tags_of,
)


@pytest.fixture
def world(ec2):
    """One resource of each type this issue serves."""
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    subnet = create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    return {"vpc": vpc, "subnet": subnet, "route-table": rtb, "internet-gateway": igw}


def tag_rows(ec2, **filter_kv):
    tags = ec2.describe_tags(Filters=filters(**filter_kv))["Tags"]
    return sorted((t["ResourceId"], t["ResourceType"], t["Key"], t["Value"]) for t in tags)


def resource_tags(ec2, resource_id):
    return {
        t["Key"]: t["Value"]
        for t in ec2.describe_tags(Filters=filters(**{"resource-id": resource_id}))["Tags"]
    }


def test_create_tags_on_every_resource_type(ec2, world):
    ec2.create_tags(
        Resources=list(world.values()),
        Tags=[{"Key": "team", "Value": "net"}, {"Key": "Name", "Value": "x"}],
    )
    rows = tag_rows(ec2, key="team")
    assert rows == sorted((rid, rtype, "team", "net") for rtype, rid in world.items())
    assert tags_of(describe_vpc(ec2, world["vpc"])) == {"team": "net", "Name": "x"}
    subnet = ec2.describe_subnets(SubnetIds=[world["subnet"]])["Subnets"][0]
    assert tags_of(subnet) == {"team": "net", "Name": "x"}
    rt = ec2.describe_route_tables(RouteTableIds=[world["route-table"]])["RouteTables"][0]
    assert tags_of(rt) == {"team": "net", "Name": "x"}
    igw = ec2.describe_internet_gateways(InternetGatewayIds=[world["internet-gateway"]])[
        "InternetGateways"
    ][0]
    assert tags_of(igw) == {"team": "net", "Name": "x"}


def test_create_tags_overwrites_a_value(ec2, world):
    vpc = world["vpc"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "env", "Value": "dev"}])
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "env", "Value": "prod"}])
    assert resource_tags(ec2, vpc) == {"env": "prod"}


def test_empty_and_unicode_values(ec2, world):
    vpc = world["vpc"]
    ec2.create_tags(
        Resources=[vpc],
        Tags=[
            {"Key": "empty", "Value": ""},
            {"Key": "Name", "Value": "réseau — 网络 🚀 <&>\"'"},
            {"Key": "with space/and:colon", "Value": "a=b+c@d"},
        ],
    )
    assert resource_tags(ec2, vpc) == {
        "empty": "",
        "Name": "réseau — 网络 🚀 <&>\"'",
        "with space/and:colon": "a=b+c@d",
    }
    assert tags_of(describe_vpc(ec2, vpc))["Name"] == "réseau — 网络 🚀 <&>\"'"


def test_delete_tags_by_key(ec2, world):
    vpc = world["vpc"]
    ec2.create_tags(
        Resources=[vpc], Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    )
    ec2.delete_tags(Resources=[vpc], Tags=[{"Key": "a"}])
    assert resource_tags(ec2, vpc) == {"b": "2"}


def test_delete_tags_by_key_and_value(ec2, world):
    vpc = world["vpc"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "a", "Value": "1"}])
    # a different value: nothing is deleted
    ec2.delete_tags(Resources=[vpc], Tags=[{"Key": "a", "Value": "2"}])
    assert resource_tags(ec2, vpc) == {"a": "1"}
    ec2.delete_tags(Resources=[vpc], Tags=[{"Key": "a", "Value": "1"}])
    assert resource_tags(ec2, vpc) == {}


def test_delete_tags_with_empty_value_only_matches_empty(ec2, world):
    # AWS: "If you specify a tag key with an empty string as the tag value, we
    # delete the tag only if its value is an empty string."
    vpc = world["vpc"]
    ec2.create_tags(
        Resources=[vpc], Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": ""}]
    )
    ec2.delete_tags(Resources=[vpc], Tags=[{"Key": "a", "Value": ""}, {"Key": "b", "Value": ""}])
    assert resource_tags(ec2, vpc) == {"a": "1"}


def test_delete_tags_without_tags_deletes_all(ec2, world):
    # AWS: "If you omit this parameter, we delete all user-defined tags for the
    # specified resources."
    vpc, subnet = world["vpc"], world["subnet"]
    ec2.create_tags(
        Resources=[vpc, subnet], Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    )
    ec2.delete_tags(Resources=[vpc])
    assert resource_tags(ec2, vpc) == {}
    assert resource_tags(ec2, subnet) == {"a": "1", "b": "2"}


def test_delete_missing_tag_is_a_no_op(ec2, world):
    ec2.delete_tags(Resources=[world["vpc"]], Tags=[{"Key": "never-set"}])
    assert resource_tags(ec2, world["vpc"]) == {}


def test_describe_tags_filters(ec2, world):
    ec2.create_tags(Resources=[world["vpc"]], Tags=[{"Key": "env", "Value": "prod"}])
    ec2.create_tags(Resources=[world["subnet"]], Tags=[{"Key": "env", "Value": "dev"}])
    ec2.create_tags(Resources=[world["route-table"]], Tags=[{"Key": "tier", "Value": "prod"}])
    ec2.create_tags(Resources=[world["internet-gateway"]], Tags=[{"Key": "env", "Value": "prod"}])

    assert tag_rows(ec2, **{"resource-id": world["subnet"]}) == [
        (world["subnet"], "subnet", "env", "dev")
    ]
    assert tag_rows(ec2, **{"resource-type": "route-table"}) == [
        (world["route-table"], "route-table", "tier", "prod")
    ]
    assert [r[0] for r in tag_rows(ec2, **{"resource-type": "internet-gateway"})] == [
        world["internet-gateway"]
    ]
    assert {r[0] for r in tag_rows(ec2, key="env")} == {
        world["vpc"],
        world["subnet"],
        world["internet-gateway"],
    }
    assert {r[0] for r in tag_rows(ec2, value="prod")} == {
        world["vpc"],
        world["route-table"],
        world["internet-gateway"],
    }
    # filters AND together; values inside one filter OR
    assert tag_rows(ec2, key="env", value="prod", **{"resource-type": "vpc"}) == [
        (world["vpc"], "vpc", "env", "prod")
    ]
    assert {r[0] for r in tag_rows(ec2, **{"resource-type": ["vpc", "subnet"]})} == {
        world["vpc"],
        world["subnet"],
    }
    assert tag_rows(ec2, key="nope") == []


def test_describe_tags_wildcards(ec2, world):
    ec2.create_tags(Resources=[world["vpc"]], Tags=[{"Key": "Name", "Value": "web-1"}])
    ec2.create_tags(Resources=[world["subnet"]], Tags=[{"Key": "Name", "Value": "web-22"}])
    ec2.create_tags(Resources=[world["route-table"]], Tags=[{"Key": "Nickname", "Value": "db"}])
    assert {r[0] for r in tag_rows(ec2, value="web-*")} == {world["vpc"], world["subnet"]}
    assert {r[0] for r in tag_rows(ec2, value="web-?")} == {world["vpc"]}
    assert {r[0] for r in tag_rows(ec2, key="N*me")} == {
        world["vpc"],
        world["subnet"],
        world["route-table"],
    }


def test_describe_tags_paginates(ec2):
    vpc = create_vpc(ec2)["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": f"k{i:02d}", "Value": str(i)} for i in range(12)])
    seen = []
    kwargs = {"MaxResults": 5, "Filters": filters(**{"resource-id": vpc})}
    while True:
        page = ec2.describe_tags(**kwargs)
        assert len(page["Tags"]) <= 5
        seen += [t["Key"] for t in page["Tags"]]
        token = page.get("NextToken")
        if not token:
            break
        kwargs["NextToken"] = token
    assert sorted(seen) == [f"k{i:02d}" for i in range(12)]


def test_tags_go_away_with_their_resource(ec2):
    vpc = create_vpc(ec2)["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "a", "Value": "1"}])
    ec2.delete_vpc(VpcId=vpc)
    assert tag_rows(ec2, **{"resource-id": vpc}) == []


def test_tag_unknown_resource(ec2):
    # A well-formed id that does not exist answers with that resource's
    # NotFound code (Terraform retries CreateTags on "*.NotFound" for eventual
    # consistency); an id that is not an EC2 id at all answers InvalidID
    # ("The ID 'foo' is not valid").
    with raises_code("InvalidVpcID.NotFound"):
        ec2.create_tags(Resources=[UNKNOWN_IDS["vpc"]], Tags=[{"Key": "a", "Value": "1"}])
    with raises_code("InvalidID"):
        ec2.create_tags(Resources=["foo"], Tags=[{"Key": "a", "Value": "1"}])


def test_create_tags_dry_run_changes_nothing(ec2, world):
    with raises_code("DryRunOperation"):
        ec2.create_tags(Resources=[world["vpc"]], Tags=[{"Key": "a", "Value": "1"}], DryRun=True)
    assert resource_tags(ec2, world["vpc"]) == {}
    ec2.create_tags(Resources=[world["vpc"]], Tags=[{"Key": "a", "Value": "1"}])
    with raises_code("DryRunOperation"):
        ec2.delete_tags(Resources=[world["vpc"]], Tags=[{"Key": "a"}], DryRun=True)
    assert resource_tags(ec2, world["vpc"]) == {"a": "1"}


def test_describe_tags_dry_run(ec2):
    with raises_code("DryRunOperation"):
        ec2.describe_tags(DryRun=True)


# --- refusals in AWS's words ----------------------------------------------------------------------------------------
# - CreateTags naming an aws: key: "Value ( aws:cloudformation:stack-name ) for parameter key is invalid. Tag keys
#   starting with 'aws:' are reserved for internal use" (kubernetes-sigs/cluster-api-provider-aws#5120, Cloud
#   Custodian #5975); a RunInstances tag specification: the sentence alone (jcjorel/ec2-spot-converter#13).
# - An empty key: "Value ( '' ) for parameter Tag key is invalid. Tag key cannot be null or empty." (aws/aws-cli#3283).
# - Two specifications for one resource type: "The same resource type may not be specified more than once in tag
#   specifications" (a RunInstances dry run in skypilot-org/skypilot#10627); one key twice: "Duplicate tag key 'Name'
#   specified." (cloud-custodian/cloud-custodian#3792).


def test_refusals_in_aws_words_change_nothing(ec2, world):
    vpc = world["vpc"]
    with raises_code("InvalidParameterValue", message=r"^Value \( aws:cloudformation:stack-name \) for parameter key is invalid\. "
                     r"Tag keys starting with 'aws:' are reserved for internal use$"):
        ec2.create_tags(Resources=[vpc], Tags=[{"Key": "a", "Value": "1"}, {"Key": "aws:cloudformation:stack-name", "Value": "x"}])
    with raises_code("InvalidParameterValue", message=r"^Value \( '' \) for parameter Tag key is invalid\. Tag key cannot be null or empty\.$"):
        ec2.create_tags(Resources=[vpc], Tags=[{"Key": "", "Value": "x"}])
    # boto3 sends an empty list when a script's computed tags come out empty; AWS's words, as its users quote them.
    with raises_code("InvalidParameterValue",
                     message=r"^Value \( empty \) for parameter tagSet is invalid\. You must specify one or more tags to create$"):
        ec2.create_tags(Resources=[vpc], Tags=[])
    assert resource_tags(ec2, vpc) == {}


def test_a_tag_specification_per_type_and_a_key_once(ec2):
    before = {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]}
    with raises_code("InvalidParameterValue",
                     message=r"^The same resource type may not be specified more than once in tag specifications$"):
        ec2.create_vpc(CidrBlock="10.5.0.0/16", TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "a", "Value": "1"}]},
            {"ResourceType": "vpc", "Tags": [{"Key": "b", "Value": "2"}]},
        ])
    with raises_code("InvalidParameterValue", message=r"^Duplicate tag key 'Name' specified\.$"):
        ec2.create_vpc(CidrBlock="10.5.0.0/16", TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "a"}, {"Key": "Name", "Value": "b"}]},
        ])
    with raises_code("InvalidParameterValue", message=r"^Tag keys starting with 'aws:' are reserved for internal use$"):
        ec2.create_vpc(CidrBlock="10.5.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "aws:x", "Value": "1"}]}])
    assert {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]} == before
