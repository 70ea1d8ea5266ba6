"""DHCP options sets (issue 11 point 3): Create/Describe/Delete/AssociateDhcpOptions, each region's default set as
a real resource of the account, and `default` (no options) as AWS reports it."""

import pytest

from lvpc import create_vpc, describe_vpc, filters, raises_code, tag_spec, tags_of

UNKNOWN_DOPT = "dopt-0123456789abcdef0"


def options_of(dopt: dict) -> dict[str, list[str]]:
    return {c["Key"]: [v["Value"] for v in c["Values"]] for c in dopt["DhcpConfigurations"]}


def describe_dopts(ec2, **kwargs) -> list[dict]:
    return ec2.describe_dhcp_options(**kwargs)["DhcpOptions"]


def create_dopt(ec2, **options: list[str]) -> dict:
    configurations = [{"Key": k.replace("_", "-"), "Values": v} for k, v in options.items()]
    return ec2.create_dhcp_options(DhcpConfigurations=configurations)["DhcpOptions"]


@pytest.mark.parametrize(
    "region, domain", [("us-east-1", "ec2.internal"), ("eu-west-1", "eu-west-1.compute.internal")]
)
def test_a_new_vpc_has_the_regions_default_set(client_factory, region, domain):
    ec2 = client_factory(region=region)
    vpc = create_vpc(ec2, "10.0.0.0/16")
    dopt_id = vpc["DhcpOptionsId"]
    assert dopt_id.startswith("dopt-")
    [default_vpc] = ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"]
    assert default_vpc["DhcpOptionsId"] == dopt_id
    [dopt] = describe_dopts(ec2, DhcpOptionsIds=[dopt_id])
    assert options_of(dopt) == {"domain-name": [domain], "domain-name-servers": ["AmazonProvidedDNS"]}
    assert dopt["OwnerId"] == vpc["OwnerId"]
    assert [d["DhcpOptionsId"] for d in describe_dopts(ec2)] == [dopt_id]


def test_create_describe_and_tags(ec2):
    r = ec2.create_dhcp_options(
        DhcpConfigurations=[
            {"Key": "domain-name", "Values": ["corp.example"]},
            {"Key": "domain-name-servers", "Values": ["10.0.0.2", "10.0.0.3"]},
            {"Key": "ntp-servers", "Values": ["169.254.169.123"]},
            {"Key": "netbios-node-type", "Values": ["2"]},
            {"Key": "ipv6-address-preferred-lease-time", "Values": ["3600"]},
        ],
        TagSpecifications=tag_spec("dhcp-options", Name="corp"),
    )["DhcpOptions"]
    assert r["DhcpOptionsId"].startswith("dopt-")
    assert options_of(r) == {
        "domain-name": ["corp.example"],
        "domain-name-servers": ["10.0.0.2", "10.0.0.3"],
        "ntp-servers": ["169.254.169.123"],
        "netbios-node-type": ["2"],
        "ipv6-address-preferred-lease-time": ["3600"],
    }
    assert tags_of(r) == {"Name": "corp"}
    [d] = describe_dopts(ec2, DhcpOptionsIds=[r["DhcpOptionsId"]])
    assert d == r
    tags = ec2.describe_tags(Filters=filters(**{"resource-id": r["DhcpOptionsId"]}))["Tags"]
    assert [(t["Key"], t["ResourceType"]) for t in tags] == [("Name", "dhcp-options")]


@pytest.mark.parametrize(
    "configurations",
    [
        [{"Key": "routers", "Values": ["10.0.0.1"]}],
        [{"Key": "netbios-node-type", "Values": ["3"]}],
        [{"Key": "domain-name-servers", "Values": ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5"]}],
        [{"Key": "ipv6-address-preferred-lease-time", "Values": ["100"]}],
        [{"Key": "netbios-name-servers", "Values": ["not-an-address"]}],
    ],
)
def test_create_refuses_bad_options(ec2, configurations):
    with raises_code("InvalidParameterValue"):
        ec2.create_dhcp_options(DhcpConfigurations=configurations)


def test_describe_filters_and_pages(ec2):
    default_id = describe_dopts(ec2)[0]["DhcpOptionsId"]
    corp = create_dopt(ec2, domain_name=["corp.example"], netbios_node_type=["2"])["DhcpOptionsId"]
    lab = create_dopt(ec2, domain_name=["lab.example"])["DhcpOptionsId"]
    ec2.create_tags(Resources=[lab], Tags=[{"Key": "env", "Value": "lab"}])

    def ids(**f):
        return {d["DhcpOptionsId"] for d in describe_dopts(ec2, Filters=filters(**f))}

    assert ids(key="netbios-node-type") == {corp}
    assert ids(value="*.example") == {corp, lab}
    assert ids(value="ec2.internal") == {default_id}
    assert ids(**{"dhcp-options-id": corp}) == {corp}
    assert ids(**{"owner-id": describe_dopts(ec2)[0]["OwnerId"]}) == {default_id, corp, lab}
    assert ids(**{"tag:env": "lab"}) == {lab}
    assert ids(**{"tag-key": "env"}) == {lab}
    with raises_code("InvalidParameterValue"):
        describe_dopts(ec2, Filters=filters(**{"vpc-id": "vpc-0123456789abcdef0"}))
    for _ in range(5):
        create_dopt(ec2, domain_name=["more.example"])
    paginator = ec2.get_paginator("describe_dhcp_options")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 5}))
    assert len(pages) == 2
    assert sum(len(p["DhcpOptions"]) for p in pages) == 8


@pytest.mark.parametrize(
    "dopt_id, code", [(UNKNOWN_DOPT, "InvalidDhcpOptionID.NotFound"), ("dopt-zz", "InvalidDhcpOptionsId.Malformed")]
)
def test_unknown_ids(ec2, dopt_id, code):
    vpc_id = create_vpc(ec2)["VpcId"]
    with raises_code(code):
        describe_dopts(ec2, DhcpOptionsIds=[dopt_id])
    with raises_code(code):
        ec2.delete_dhcp_options(DhcpOptionsId=dopt_id)
    with raises_code(code):
        ec2.associate_dhcp_options(DhcpOptionsId=dopt_id, VpcId=vpc_id)


def test_associate_and_default_and_delete(ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    dopt = create_dopt(ec2, domain_name=["corp.example"])["DhcpOptionsId"]
    ec2.associate_dhcp_options(DhcpOptionsId=dopt, VpcId=vpc_id)
    assert describe_vpc(ec2, vpc_id)["DhcpOptionsId"] == dopt
    assert [v["VpcId"] for v in ec2.describe_vpcs(Filters=filters(**{"dhcp-options-id": dopt}))["Vpcs"]] == [vpc_id]
    with raises_code("DependencyViolation"):
        ec2.delete_dhcp_options(DhcpOptionsId=dopt)
    # "default" associates no options at all, and AWS then reports "default" as the VPC's set.
    ec2.associate_dhcp_options(DhcpOptionsId="default", VpcId=vpc_id)
    assert describe_vpc(ec2, vpc_id)["DhcpOptionsId"] == "default"
    ec2.delete_dhcp_options(DhcpOptionsId=dopt)
    assert dopt not in {d["DhcpOptionsId"] for d in describe_dopts(ec2)}


def test_dry_run(ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    before = describe_dopts(ec2)
    with raises_code("DryRunOperation"):
        ec2.create_dhcp_options(DhcpConfigurations=[{"Key": "domain-name", "Values": ["x.example"]}], DryRun=True)
    assert describe_dopts(ec2) == before
    dopt = create_dopt(ec2, domain_name=["x.example"])["DhcpOptionsId"]
    for call in (
        lambda: describe_dopts(ec2, DryRun=True),
        lambda: ec2.associate_dhcp_options(DhcpOptionsId=dopt, VpcId=vpc_id, DryRun=True),
        lambda: ec2.delete_dhcp_options(DhcpOptionsId=dopt, DryRun=True),
    ):
        with raises_code("DryRunOperation"):
            call()
    assert describe_vpc(ec2, vpc_id)["DhcpOptionsId"] != dopt
    assert dopt in {d["DhcpOptionsId"] for d in describe_dopts(ec2)}


def test_the_cli_speaks_it(aws, ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    out = aws(
        "ec2", "create-dhcp-options",
        "--dhcp-configurations", "Key=domain-name-servers,Values=10.2.5.1,10.2.5.2", "Key=domain-name,Values=cli.example",
    )
    dopt = out["DhcpOptions"]["DhcpOptionsId"]
    assert options_of(out["DhcpOptions"])["domain-name-servers"] == ["10.2.5.1", "10.2.5.2"]
    aws("ec2", "associate-dhcp-options", "--dhcp-options-id", dopt, "--vpc-id", vpc_id)
    assert describe_vpc(ec2, vpc_id)["DhcpOptionsId"] == dopt
    listed = aws("ec2", "describe-dhcp-options", "--filters", "Name=key,Values=domain-name", "Name=value,Values=cli.example")
    assert [d["DhcpOptionsId"] for d in listed["DhcpOptions"]] == [dopt]
    aws("ec2", "associate-dhcp-options", "--dhcp-options-id", "default", "--vpc-id", vpc_id)
    aws("ec2", "delete-dhcp-options", "--dhcp-options-id", dopt)
