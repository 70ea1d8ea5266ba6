"""VPCs: CreateVpc, DescribeVpcs, DeleteVpc, Modify/DescribeVpcAttribute,
Associate/DisassociateVpcCidrBlock — with AWS's validation codes."""

import ipaddress
import re

import pytest

from lvpc import (
    DEFAULT_ACCOUNT,
    UNKNOWN_IDS,
    create_attached_igw,
    create_subnet,
    create_vpc,
    describe_vpc,
    filters,
    is_ipv6_cidr,
    main_route_table,
    raises_code,
    route_to,
    tag_spec,
    tags_of,
    vpc_ids,
    wait_until,
)


def wait_available(ec2, vpc_id):
    return wait_until(
        lambda: describe_vpc(ec2, vpc_id)["State"] == "available",
        desc=f"{vpc_id} to become available",
    )


# --- CreateVpc / DescribeVpcs ------------------------------------------------


def test_create_vpc_returns_the_vpc(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16")
    assert re.fullmatch(r"vpc-[0-9a-f]{8,17}", vpc["VpcId"]), vpc["VpcId"]
    assert vpc["CidrBlock"] == "10.0.0.0/16"
    assert vpc["State"] in ("pending", "available")
    assert vpc["OwnerId"] == DEFAULT_ACCOUNT
    assert vpc["IsDefault"] is False
    assert vpc["InstanceTenancy"] == "default"


def test_created_vpc_is_described_available(ec2):
    vpc_id = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    wait_available(ec2, vpc_id)
    vpc = describe_vpc(ec2, vpc_id)
    assert vpc["CidrBlock"] == "10.1.0.0/16"
    assert vpc["IsDefault"] is False
    assert vpc["OwnerId"] == DEFAULT_ACCOUNT
    assoc = vpc["CidrBlockAssociationSet"]
    assert [a["CidrBlock"] for a in assoc] == ["10.1.0.0/16"]
    assert assoc[0]["CidrBlockState"]["State"] == "associated"
    assert assoc[0]["AssociationId"].startswith("vpc-cidr-assoc-")


def test_describe_vpcs_lists_created_and_default(ec2):
    a = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    b = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    vpcs = ec2.describe_vpcs()["Vpcs"]
    by_id = {v["VpcId"]: v for v in vpcs}
    assert {a, b} <= set(by_id)
    defaults = [v for v in vpcs if v["IsDefault"]]
    assert len(defaults) == 1 and defaults[0]["CidrBlock"] == "172.31.0.0/16"
    assert len(vpcs) == 3


def test_describe_vpcs_by_ids(ec2):
    a = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    b = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    create_vpc(ec2, "10.2.0.0/16")
    assert vpc_ids(ec2, VpcIds=[a]) == {a}
    assert vpc_ids(ec2, VpcIds=[a, b]) == {a, b}


def test_same_cidr_may_be_used_by_several_vpcs(ec2):
    a = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    b = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    assert a != b


def test_vpc_quota_is_off_by_default(ec2):
    # AWS's default quota is 5 VPCs per region; LocalVPC leaves adjustable
    # quotas off unless configured (issue 2, point 7).
    made = [create_vpc(ec2, f"10.{i}.0.0/16")["VpcId"] for i in range(12)]
    assert set(made) <= vpc_ids(ec2)


def test_describe_unknown_vpc_id_is_not_found(ec2):
    with raises_code("InvalidVpcID.NotFound") as err:
        ec2.describe_vpcs(VpcIds=[UNKNOWN_IDS["vpc"]])
    assert UNKNOWN_IDS["vpc"] in (err.message or "")


def test_describe_known_and_unknown_vpc_ids_is_not_found(ec2):
    a = create_vpc(ec2)["VpcId"]
    with raises_code("InvalidVpcID.NotFound"):
        ec2.describe_vpcs(VpcIds=[a, UNKNOWN_IDS["vpc"]])


# AWS error-code table: "InvalidVpcID.Malformed — The specified VPC ID is
# malformed. Ensure that you've specified the ID in the form vpc-xxxxxxxxxxxxxxxxx."
@pytest.mark.parametrize("bad_id", ["not-a-vpc-id", "subnet-0123456789abcdef0", "vpc_0123"])
def test_describe_malformed_vpc_id(ec2, bad_id):
    with raises_code("InvalidVpcID.Malformed"):
        ec2.describe_vpcs(VpcIds=[bad_id])


# --- DeleteVpc ---------------------------------------------------------------


def test_delete_vpc(ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    ec2.delete_vpc(VpcId=vpc_id)
    with raises_code("InvalidVpcID.NotFound"):
        ec2.describe_vpcs(VpcIds=[vpc_id])
    assert vpc_id not in vpc_ids(ec2)


def test_delete_vpc_twice_is_not_found(ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    ec2.delete_vpc(VpcId=vpc_id)
    with raises_code("InvalidVpcID.NotFound"):
        ec2.delete_vpc(VpcId=vpc_id)


def test_delete_unknown_and_malformed_vpc(ec2):
    with raises_code("InvalidVpcID.NotFound"):
        ec2.delete_vpc(VpcId=UNKNOWN_IDS["vpc"])
    with raises_code("InvalidVpcID.Malformed"):
        ec2.delete_vpc(VpcId="not-a-vpc-id")


def test_delete_vpc_takes_its_defaults_along(ec2):
    # The main route table, default security group and default network ACL
    # are not dependencies: DeleteVpc removes them with the VPC.
    vpc_id = create_vpc(ec2)["VpcId"]
    ec2.delete_vpc(VpcId=vpc_id)
    assert ec2.describe_route_tables(Filters=filters(**{"vpc-id": vpc_id}))["RouteTables"] == []
    assert (
        ec2.describe_security_groups(Filters=filters(**{"vpc-id": vpc_id}))["SecurityGroups"]
        == []
    )


def test_delete_vpc_with_subnet_is_dependency_violation(ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    subnet_id = create_subnet(ec2, vpc_id, "10.0.1.0/24")["SubnetId"]
    with raises_code("DependencyViolation"):
        ec2.delete_vpc(VpcId=vpc_id)
    # nothing changed
    describe_vpc(ec2, vpc_id)
    ec2.delete_subnet(SubnetId=subnet_id)
    ec2.delete_vpc(VpcId=vpc_id)


def test_delete_vpc_with_attached_igw_is_dependency_violation(ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    igw_id = create_attached_igw(ec2, vpc_id)
    with raises_code("DependencyViolation"):
        ec2.delete_vpc(VpcId=vpc_id)
    ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    ec2.delete_vpc(VpcId=vpc_id)


def test_delete_vpc_with_custom_route_table_is_dependency_violation(ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    rtb_id = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    with raises_code("DependencyViolation"):
        ec2.delete_vpc(VpcId=vpc_id)
    ec2.delete_route_table(RouteTableId=rtb_id)
    ec2.delete_vpc(VpcId=vpc_id)


def test_delete_vpc_dry_run_changes_nothing(ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    with raises_code("DryRunOperation"):
        ec2.delete_vpc(VpcId=vpc_id, DryRun=True)
    describe_vpc(ec2, vpc_id)


def test_create_vpc_dry_run_changes_nothing(ec2):
    before = vpc_ids(ec2)
    with raises_code("DryRunOperation"):
        ec2.create_vpc(CidrBlock="10.0.0.0/16", DryRun=True)
    assert vpc_ids(ec2) == before


# --- CIDR validation ---------------------------------------------------------


@pytest.mark.parametrize("cidr", ["10.0.0.0/16", "10.0.0.0/28", "192.168.0.0/20"])
def test_vpc_netmask_between_16_and_28_is_accepted(ec2, cidr):
    assert create_vpc(ec2, cidr)["CidrBlock"] == cidr


# AWS: "The allowed block size is between a /16 netmask (65,536 IP addresses)
# and /28 netmask (16 IP addresses)." Real AWS answers InvalidVpc.Range
# ("The CIDR '10.0.0.0/8' is invalid."), though the error table spells the
# row "InvalidVpcRange".
@pytest.mark.parametrize("cidr", ["10.0.0.0/15", "10.0.0.0/8", "10.0.0.0/29", "10.0.0.0/32"])
def test_vpc_netmask_outside_16_28_is_invalid_vpc_range(ec2, cidr):
    before = vpc_ids(ec2)
    with raises_code("InvalidVpc.Range"):
        ec2.create_vpc(CidrBlock=cidr)
    assert vpc_ids(ec2) == before


@pytest.mark.parametrize(
    "cidr", ["not-a-cidr", "10.0.0.0/33", "300.0.0.0/16", "10.0.0/16", "10.0.0.0/abc", "10.0.0.0"]
)
def test_malformed_vpc_cidr_is_invalid_parameter_value(ec2, cidr):
    before = vpc_ids(ec2)
    with raises_code("InvalidParameterValue"):
        ec2.create_vpc(CidrBlock=cidr)
    assert vpc_ids(ec2) == before


def test_dedicated_tenancy_is_kept_and_host_is_refused(ec2):
    """CreateVpc's InstanceTenancy: `default` or `dedicated`. "The host value cannot be used with this parameter"
    (the API reference), so AWS refuses it and nothing is made."""
    dedicated = create_vpc(ec2, "10.7.0.0/16", InstanceTenancy="dedicated")
    assert describe_vpc(ec2, dedicated["VpcId"])["InstanceTenancy"] == "dedicated"
    # Its instances would all be dedicated, which LocalVPC does not model (as Placement.Tenancy=dedicated): refused,
    # not launched as shared.
    subnet = create_subnet(ec2, dedicated["VpcId"], "10.7.1.0/24")["SubnetId"]
    with raises_code("UnsupportedOperation", message="dedicated instance tenancy"):
        ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, SubnetId=subnet)
    assert ec2.describe_instances(Filters=filters(**{"vpc-id": dedicated["VpcId"]}))["Reservations"] == []
    before = vpc_ids(ec2)
    for tenancy in ("host", "shared"):
        with raises_code("InvalidParameterValue", message=rf"Value \({tenancy}\) for parameter instanceTenancy is invalid"):
            ec2.create_vpc(CidrBlock="10.8.0.0/16", InstanceTenancy=tenancy)
    assert vpc_ids(ec2) == before


def test_a_dedicated_vpc_becomes_default_and_then_launches(ec2, aws):
    """ModifyVpcTenancy (Terraform's aws_vpc when instance_tenancy goes to default): "You can change the instance
    tenancy attribute of a VPC to default only" (the API reference); later launches share hardware."""
    vpc = create_vpc(ec2, "10.9.0.0/16", InstanceTenancy="dedicated")["VpcId"]
    subnet = create_subnet(ec2, vpc, "10.9.1.0/24")["SubnetId"]
    with raises_code("InvalidParameterValue", message=r"Value \(dedicated\) for parameter instanceTenancy is invalid"):
        ec2.modify_vpc_tenancy(VpcId=vpc, InstanceTenancy="dedicated")
    with raises_code("DryRunOperation"):
        ec2.modify_vpc_tenancy(VpcId=vpc, InstanceTenancy="default", DryRun=True)
    assert describe_vpc(ec2, vpc)["InstanceTenancy"] == "dedicated"
    assert aws("ec2", "modify-vpc-tenancy", "--vpc-id", vpc, "--instance-tenancy", "default")["ReturnValue"] is True
    assert describe_vpc(ec2, vpc)["InstanceTenancy"] == "default"
    ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, SubnetId=subnet)
    with raises_code("InvalidVpcID.NotFound"):
        ec2.modify_vpc_tenancy(VpcId="vpc-0123456789abcdef0", InstanceTenancy="default")


# --- TagSpecifications -------------------------------------------------------


def test_create_vpc_with_tag_specifications(ec2):
    vpc = create_vpc(
        ec2, "10.0.0.0/16", TagSpecifications=tag_spec("vpc", Name="web", env="prod")
    )
    assert tags_of(vpc) == {"Name": "web", "env": "prod"}
    assert tags_of(describe_vpc(ec2, vpc["VpcId"])) == {"Name": "web", "env": "prod"}
    tags = ec2.describe_tags(Filters=filters(**{"resource-id": vpc["VpcId"]}))["Tags"]
    assert sorted((t["Key"], t["Value"], t["ResourceType"], t["ResourceId"]) for t in tags) == [
        ("Name", "web", "vpc", vpc["VpcId"]),
        ("env", "prod", "vpc", vpc["VpcId"]),
    ]


# --- DNS attributes ----------------------------------------------------------


def dns(ec2, vpc_id):
    support = ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsSupport")
    hostnames = ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsHostnames")
    assert support["VpcId"] == vpc_id and hostnames["VpcId"] == vpc_id
    return support["EnableDnsSupport"]["Value"], hostnames["EnableDnsHostnames"]["Value"]


def test_new_vpc_has_dns_support_on_and_hostnames_off(ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    assert dns(ec2, vpc_id) == (True, False)


def test_modify_vpc_attribute_dns(ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    assert dns(ec2, vpc_id) == (True, True)
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": False})
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsSupport={"Value": False})
    assert dns(ec2, vpc_id) == (False, False)


def test_vpc_attribute_of_unknown_vpc(ec2):
    with raises_code("InvalidVpcID.NotFound"):
        ec2.describe_vpc_attribute(VpcId=UNKNOWN_IDS["vpc"], Attribute="enableDnsSupport")
    with raises_code("InvalidVpcID.NotFound"):
        ec2.modify_vpc_attribute(VpcId=UNKNOWN_IDS["vpc"], EnableDnsSupport={"Value": True})


def test_describe_unknown_vpc_attribute_name(ec2_raw, ec2):
    vpc_id = create_vpc(ec2)["VpcId"]
    with raises_code("InvalidParameterValue"):
        ec2_raw.describe_vpc_attribute(VpcId=vpc_id, Attribute="noSuchAttribute")


# --- Secondary IPv4 CIDR blocks ----------------------------------------------


def cidr_state(ec2, vpc_id, cidr):
    for a in describe_vpc(ec2, vpc_id).get("CidrBlockAssociationSet", []):
        if a["CidrBlock"] == cidr:
            return a["CidrBlockState"]["State"]
    return None


def test_associate_secondary_ipv4_cidr(ec2):
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    r = ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="10.1.0.0/16")
    assert r["VpcId"] == vpc_id
    assoc = r["CidrBlockAssociation"]
    assert assoc["CidrBlock"] == "10.1.0.0/16"
    assert assoc["AssociationId"].startswith("vpc-cidr-assoc-")
    assert assoc["CidrBlockState"]["State"] in ("associating", "associated")
    wait_until(lambda: cidr_state(ec2, vpc_id, "10.1.0.0/16") == "associated",
               desc="secondary CIDR associated")
    vpc = describe_vpc(ec2, vpc_id)
    assert vpc["CidrBlock"] == "10.0.0.0/16", "the primary CIDR stays the VPC's CidrBlock"
    assert {a["CidrBlock"] for a in vpc["CidrBlockAssociationSet"]} == {
        "10.0.0.0/16",
        "10.1.0.0/16",
    }


def test_secondary_cidr_gets_a_local_route_and_takes_subnets(ec2):
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="10.1.0.0/16")
    wait_until(lambda: cidr_state(ec2, vpc_id, "10.1.0.0/16") == "associated",
               desc="secondary CIDR associated")
    local = route_to(main_route_table(ec2, vpc_id), "10.1.0.0/16")
    assert local is not None and local["GatewayId"] == "local" and local["State"] == "active"
    subnet = create_subnet(ec2, vpc_id, "10.1.5.0/24")
    assert subnet["CidrBlock"] == "10.1.5.0/24"


def test_secondary_cidr_filters(ec2):
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    other = create_vpc(ec2, "10.9.0.0/16")["VpcId"]
    ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="10.1.0.0/16")
    wait_until(lambda: cidr_state(ec2, vpc_id, "10.1.0.0/16") == "associated",
               desc="secondary CIDR associated")
    assert vpc_ids(ec2, Filters=filters(**{"cidr-block-association.cidr-block": "10.1.0.0/16"})) == {vpc_id}
    # `cidr` matches the primary block only
    assert vpc_ids(ec2, Filters=filters(cidr="10.1.0.0/16")) == set()
    assert vpc_ids(ec2, Filters=filters(cidr="10.0.0.0/16")) == {vpc_id}
    assert other not in vpc_ids(ec2, Filters=filters(**{"cidr-block-association.cidr-block": "10.1.0.0/16"}))


# Overlap code: AWS documents that an added block must not overlap an existing
# CIDR block of the VPC, but not the code it answers with. Reports and
# emulators disagree (InvalidVpc.Range is the code AWS uses for every other
# refusal of an association, e.g. "The CIDR ... is restricted"), so both
# InvalidVpc.Range and InvalidParameterValue are accepted here. UNSURE.
@pytest.mark.parametrize("cidr", ["10.0.0.0/16", "10.0.0.0/24", "10.0.128.0/17"])
def test_secondary_cidr_overlapping_primary_is_refused(ec2, cidr):
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    with raises_code("InvalidVpc.Range", "InvalidParameterValue"):
        ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock=cidr)
    assert [a["CidrBlock"] for a in describe_vpc(ec2, vpc_id)["CidrBlockAssociationSet"]] == [
        "10.0.0.0/16"
    ]


def test_secondary_cidr_overlapping_another_secondary_is_refused(ec2):
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="10.1.0.0/16")
    with raises_code("InvalidVpc.Range", "InvalidParameterValue"):  # UNSURE, see above
        ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="10.1.4.0/24")


def test_secondary_cidr_from_another_rfc1918_range_is_restricted(ec2):
    # AWS: primary in 10.0.0.0/8 may not add 192.168.0.0/16 ("InvalidVpc.Range:
    # The CIDR '192.168.0.0/16' is restricted. Use a CIDR from the same private
    # address range as the current VPC CIDR, or use a publicly-routable CIDR.")
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    with raises_code("InvalidVpc.Range"):
        ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="192.168.0.0/16")


@pytest.mark.parametrize(
    "primary, secondary",
    [("10.1.0.0/16", "10.0.0.0/24"), ("172.20.0.0/16", "172.31.5.0/24"), ("10.0.0.0/16", "169.254.0.0/16")],
)
def test_the_user_guides_restricted_blocks_are_refused(ec2, primary, secondary):
    """The VPC User Guide's "IPv4 CIDR block association restrictions": with a block in 10.0.0.0/15 "you cannot add a
    CIDR block from the 10.0.0.0/16 range"; beside a 172.16.0.0/12 primary, "CIDR blocks from the 172.31.0.0/16
    range" are restricted; link-local blocks "cannot be assigned to VPCs"."""
    vpc_id = create_vpc(ec2, primary)["VpcId"]
    with raises_code("InvalidVpc.Range"):
        ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock=secondary)
    assert [a["CidrBlock"] for a in describe_vpc(ec2, vpc_id)["CidrBlockAssociationSet"]] == [primary]
    with raises_code("InvalidVpc.Range"):
        ec2.create_vpc(CidrBlock="169.254.0.0/16")


def test_a_block_may_not_be_as_large_as_a_routes_destination(ec2):
    """"The CIDR block must not be the same or larger than a destination CIDR range in a route in any of the VPC route
    tables" (VPC User Guide); a smaller one may be added, as AWS's docs team explains: with a route to 10.0.0.0/24,
    "only 10.0.0.0/25 or smaller is allowed" (awsdocs/amazon-vpc-user-guide PR 30)."""
    vpc_id = create_vpc(ec2, "10.2.0.0/16")["VpcId"]
    igw = create_attached_igw(ec2, vpc_id)
    table = main_route_table(ec2, vpc_id)["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="10.0.0.0/24", GatewayId=igw)
    for larger in ("10.0.0.0/16", "10.0.0.0/24"):
        with raises_code("InvalidParameterValue"):
            ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock=larger)
    ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="10.0.0.0/25")
    assert {a["CidrBlock"] for a in describe_vpc(ec2, vpc_id)["CidrBlockAssociationSet"]} == {"10.2.0.0/16", "10.0.0.0/25"}


@pytest.mark.parametrize("cidr", ["10.0.0.0/15", "10.1.0.0/29"])
def test_secondary_cidr_size_outside_16_28_is_invalid_vpc_range(ec2, cidr):
    vpc_id = create_vpc(ec2, "10.2.0.0/16")["VpcId"]
    with raises_code("InvalidVpc.Range"):
        ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock=cidr)


def test_associate_cidr_to_unknown_vpc(ec2):
    with raises_code("InvalidVpcID.NotFound"):
        ec2.associate_vpc_cidr_block(VpcId=UNKNOWN_IDS["vpc"], CidrBlock="10.1.0.0/16")


def test_disassociate_secondary_cidr(ec2):
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    assoc_id = ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="10.1.0.0/16")[
        "CidrBlockAssociation"
    ]["AssociationId"]
    wait_until(lambda: cidr_state(ec2, vpc_id, "10.1.0.0/16") == "associated",
               desc="secondary CIDR associated")
    r = ec2.disassociate_vpc_cidr_block(AssociationId=assoc_id)
    assert r["VpcId"] == vpc_id
    assert r["CidrBlockAssociation"]["AssociationId"] == assoc_id
    assert r["CidrBlockAssociation"]["CidrBlockState"]["State"] in (
        "disassociating",
        "disassociated",
    )
    # AWS may keep showing the block as disassociated for a while; it must
    # not be associated any more, and its local route goes away.
    wait_until(
        lambda: cidr_state(ec2, vpc_id, "10.1.0.0/16") in (None, "disassociated"),
        desc="secondary CIDR disassociated",
    )
    wait_until(
        lambda: route_to(main_route_table(ec2, vpc_id), "10.1.0.0/16") is None,
        desc="local route of the disassociated CIDR removed",
    )


def test_primary_cidr_cannot_be_disassociated(ec2):
    # AWS/moto message: "The vpc CIDR block with association ID … may not be
    # disassociated. It is the primary IPv4 CIDR block of the VPC". The code
    # (OperationNotPermitted) is taken from moto's model of AWS. UNSURE.
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    primary = describe_vpc(ec2, vpc_id)["CidrBlockAssociationSet"][0]["AssociationId"]
    with raises_code("OperationNotPermitted"):
        ec2.disassociate_vpc_cidr_block(AssociationId=primary)
    assert cidr_state(ec2, vpc_id, "10.0.0.0/16") == "associated"


def test_cidr_with_subnets_cannot_be_disassociated(ec2):
    # AWS: "InvalidCidrBlock.InUse: The vpc vpc-… currently has a subnet within
    # CIDR block …" (seen for IPv6 in hashicorp/terraform-provider-aws#29077).
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    assoc_id = ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="10.1.0.0/16")[
        "CidrBlockAssociation"
    ]["AssociationId"]
    wait_until(lambda: cidr_state(ec2, vpc_id, "10.1.0.0/16") == "associated",
               desc="secondary CIDR associated")
    create_subnet(ec2, vpc_id, "10.1.0.0/24")
    with raises_code("InvalidCidrBlock.InUse"):
        ec2.disassociate_vpc_cidr_block(AssociationId=assoc_id)
    assert cidr_state(ec2, vpc_id, "10.1.0.0/16") == "associated"


# --- Amazon-provided IPv6 ----------------------------------------------------


def ipv6_association(ec2, vpc_id):
    assocs = describe_vpc(ec2, vpc_id).get("Ipv6CidrBlockAssociationSet", [])
    live = [a for a in assocs if a["Ipv6CidrBlockState"]["State"] != "disassociated"]
    return live[0] if live else None


def wait_ipv6_associated(ec2, vpc_id):
    return wait_until(
        lambda: (a := ipv6_association(ec2, vpc_id))
        and a["Ipv6CidrBlockState"]["State"] == "associated"
        and a,
        timeout=15,
        desc="Amazon-provided IPv6 block to be associated",
    )


def test_associate_amazon_provided_ipv6(ec2):
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    r = ec2.associate_vpc_cidr_block(VpcId=vpc_id, AmazonProvidedIpv6CidrBlock=True)
    assert r["VpcId"] == vpc_id
    assert r["Ipv6CidrBlockAssociation"]["Ipv6CidrBlockState"]["State"] in (
        "associating",
        "associated",
    )
    assoc = wait_ipv6_associated(ec2, vpc_id)
    assert is_ipv6_cidr(assoc["Ipv6CidrBlock"], 56), assoc
    assert assoc["AssociationId"].startswith("vpc-cidr-assoc-")
    local = route_to(main_route_table(ec2, vpc_id), assoc["Ipv6CidrBlock"])
    assert local is not None, "the IPv6 block gets a local route in the main route table"
    assert local["GatewayId"] == "local" and local["State"] == "active"
    assert vpc_ids(
        ec2, Filters=filters(**{"ipv6-cidr-block-association.ipv6-cidr-block": assoc["Ipv6CidrBlock"]})
    ) == {vpc_id}


def test_create_vpc_with_amazon_provided_ipv6(ec2):
    vpc_id = create_vpc(ec2, "10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["VpcId"]
    assoc = wait_ipv6_associated(ec2, vpc_id)
    assert is_ipv6_cidr(assoc["Ipv6CidrBlock"], 56)


def test_two_vpcs_get_different_ipv6_blocks(ec2):
    a = create_vpc(ec2, "10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["VpcId"]
    b = create_vpc(ec2, "10.1.0.0/16", AmazonProvidedIpv6CidrBlock=True)["VpcId"]
    na = ipaddress.IPv6Network(wait_ipv6_associated(ec2, a)["Ipv6CidrBlock"])
    nb = ipaddress.IPv6Network(wait_ipv6_associated(ec2, b)["Ipv6CidrBlock"])
    assert not na.overlaps(nb)


def test_disassociate_ipv6(ec2):
    vpc_id = create_vpc(ec2, "10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["VpcId"]
    assoc = wait_ipv6_associated(ec2, vpc_id)
    r = ec2.disassociate_vpc_cidr_block(AssociationId=assoc["AssociationId"])
    assert r["Ipv6CidrBlockAssociation"]["AssociationId"] == assoc["AssociationId"]
    wait_until(lambda: ipv6_association(ec2, vpc_id) is None
               or ipv6_association(ec2, vpc_id)["Ipv6CidrBlockState"]["State"] != "associated",
               timeout=15, desc="IPv6 block no longer associated")
    wait_until(
        lambda: route_to(main_route_table(ec2, vpc_id), assoc["Ipv6CidrBlock"]) is None,
        desc="IPv6 local route removed",
    )
