"""Security group rules that reference a group in a peered VPC: allowed only
while the peering is active and in the same region (else
InvalidGroup.NotFound), cross-account pairs carry UserId and
VpcPeeringConnectionId, DescribeSecurityGroupReferences names the
referencing VPC, and when the peering goes away the rule stays and
DescribeStaleSecurityGroups lists it until the VPCs are peered again.

Sources: VPC Peering Guide, "Update your security groups to reference peer
security groups" ("the VPC peering connection must be in the active state";
"You can't reference the security group of a peer VPC that's in a different
Region"); DescribeStaleSecurityGroups ("Rules can also be stale if they
reference a security group in a peer VPC for which the VPC peering connection
has been deleted"); DescribeSecurityGroupReferences; CLI reference examples.
"""

from __future__ import annotations

import pytest

from lvpc import DEFAULT_ACCOUNT, create_vpc, raises_code
from peering_helpers import (
    ACCOUNT_A,
    ACCOUNT_B,
    accept,
    active_peering,
    request_peering,
    wait_status,
)

SSH = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22}


def make_group(ec2, vpc_id: str, name: str) -> str:
    return ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc_id)["GroupId"]


def ssh_from(group_id: str, user_id: str | None = None) -> list[dict]:
    pair = {"GroupId": group_id}
    if user_id:
        pair["UserId"] = user_id
    return [dict(SSH, UserIdGroupPairs=[pair])]


def group(ec2, group_id: str) -> dict:
    return ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]


def pairs_in(permissions: list[dict]) -> list[dict]:
    return [p for perm in permissions for p in perm.get("UserIdGroupPairs", [])]


def stale_groups(ec2, vpc_id: str) -> dict[str, dict]:
    out = ec2.describe_stale_security_groups(VpcId=vpc_id)["StaleSecurityGroupSet"]
    return {g["GroupId"]: g for g in out}


@pytest.fixture
def world(ec2):
    a = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    b = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    return dict(a=a, b=b, sg_a=make_group(ec2, a, "app"), sg_b=make_group(ec2, b, "db"))


# --- only with an active peering in the same region -------------------------------


def test_reference_without_peering_is_refused(ec2, world):
    # Real AWS (ansible/ansible #28876, hashicorp/terraform #2857):
    # "InvalidGroup.NotFound: You have specified two resources that belong to
    # different networks."
    with raises_code("InvalidGroup.NotFound"):
        ec2.authorize_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    assert group(ec2, world["sg_a"]).get("IpPermissions", []) == []


def test_reference_over_a_pending_peering_is_refused(ec2, world):
    request_peering(ec2, world["a"], world["b"])
    with raises_code("InvalidGroup.NotFound"):
        ec2.authorize_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))


def test_reference_over_an_active_peering(ec2, world):
    pcx = active_peering(ec2, world["a"], world["b"])
    ec2.authorize_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    perms = group(ec2, world["sg_a"])["IpPermissions"]
    assert [(p["IpProtocol"], p["FromPort"], p["ToPort"]) for p in perms] == [("tcp", 22, 22)]
    [pair] = pairs_in(perms)
    assert pair["GroupId"] == world["sg_b"]
    assert pair["UserId"] == DEFAULT_ACCOUNT
    # UserIdGroupPair.VpcPeeringConnectionId: "The ID of the VPC peering
    # connection, if applicable."
    assert pair.get("VpcPeeringConnectionId", pcx) == pcx
    assert stale_groups(ec2, world["a"]) == {}


def test_egress_reference_over_an_active_peering(ec2, world):
    active_peering(ec2, world["a"], world["b"])
    ec2.authorize_security_group_egress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    pairs = pairs_in(group(ec2, world["sg_a"])["IpPermissionsEgress"])
    assert [p["GroupId"] for p in pairs] == [world["sg_b"]]
    ec2.revoke_security_group_egress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    assert pairs_in(group(ec2, world["sg_a"])["IpPermissionsEgress"]) == []


def test_both_sides_may_reference_each_other(ec2, world):
    active_peering(ec2, world["a"], world["b"])
    ec2.authorize_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    ec2.authorize_security_group_ingress(GroupId=world["sg_b"], IpPermissions=ssh_from(world["sg_a"]))
    assert [p["GroupId"] for p in pairs_in(group(ec2, world["sg_b"])["IpPermissions"])] == [world["sg_a"]]


def test_duplicate_reference_is_refused(ec2, world):
    active_peering(ec2, world["a"], world["b"])
    ec2.authorize_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    with raises_code("InvalidPermission.Duplicate"):
        ec2.authorize_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))


def test_reference_to_a_group_across_regions_is_refused(client_factory):
    # "You can't reference the security group of a peer VPC that's in a different
    # Region. Instead, use the CIDR block of the peer VPC." The group does not
    # exist in this region: InvalidGroup.NotFound (terraform-provider-aws #17537:
    # "InvalidGroup.NotFound: The security group 'sg-…' does not exist").
    east = client_factory("ec2", region="us-east-1")
    west = client_factory("ec2", region="us-west-2")
    a = create_vpc(east, "10.0.0.0/16")["VpcId"]
    b = create_vpc(west, "10.1.0.0/16")["VpcId"]
    pcx = request_peering(east, a, b, PeerRegion="us-west-2")["VpcPeeringConnectionId"]
    wait_status(west, pcx, "pending-acceptance")
    accept(west, pcx)
    sg_a, sg_b = make_group(east, a, "app"), make_group(west, b, "db")
    with raises_code("InvalidGroup.NotFound"):
        east.authorize_security_group_ingress(GroupId=sg_a, IpPermissions=ssh_from(sg_b))
    # the CIDR of the peer VPC is the way
    east.authorize_security_group_ingress(
        GroupId=sg_a, IpPermissions=[dict(SSH, IpRanges=[{"CidrIp": "10.1.0.0/16"}])]
    )


# --- across accounts ---------------------------------------------------------------------


@pytest.fixture
def xworld(client_factory):
    acct_a = client_factory("ec2", account=ACCOUNT_A)
    acct_b = client_factory("ec2", account=ACCOUNT_B)
    a = create_vpc(acct_a, "10.0.0.0/16")["VpcId"]
    b = create_vpc(acct_b, "10.1.0.0/16")["VpcId"]
    return dict(
        A=acct_a, B=acct_b, a=a, b=b, sg_a=make_group(acct_a, a, "app"), sg_b=make_group(acct_b, b, "db")
    )


def test_cross_account_reference_needs_the_peering(xworld):
    A, B = xworld["A"], xworld["B"]
    with raises_code("InvalidGroup.NotFound"):
        A.authorize_security_group_ingress(GroupId=xworld["sg_a"], IpPermissions=ssh_from(xworld["sg_b"], ACCOUNT_B))
    pcx = request_peering(A, xworld["a"], xworld["b"], PeerOwnerId=ACCOUNT_B)["VpcPeeringConnectionId"]
    wait_status(B, pcx, "pending-acceptance")
    with raises_code("InvalidGroup.NotFound"):
        A.authorize_security_group_ingress(GroupId=xworld["sg_a"], IpPermissions=ssh_from(xworld["sg_b"], ACCOUNT_B))


def test_cross_account_pair_carries_the_owner_and_the_peering(xworld):
    # "To reference a security group that is in another AWS account but the same
    # Region, include the account number with the ID of the security group."
    A, B = xworld["A"], xworld["B"]
    pcx = active_peering(A, xworld["a"], xworld["b"], accepter=B, PeerOwnerId=ACCOUNT_B)
    A.authorize_security_group_ingress(GroupId=xworld["sg_a"], IpPermissions=ssh_from(xworld["sg_b"], ACCOUNT_B))
    [pair] = pairs_in(group(A, xworld["sg_a"])["IpPermissions"])
    assert pair["GroupId"] == xworld["sg_b"]
    assert pair["UserId"] == ACCOUNT_B
    assert pair["VpcPeeringConnectionId"] == pcx
    # UserIdGroupPair.PeeringStatus: "The status of a VPC peering connection, if
    # applicable."
    assert pair.get("PeeringStatus", "active") == "active"


def test_describe_security_group_references(xworld):
    # DescribeSecurityGroupReferences: "Describes the VPCs on the other side of a
    # VPC peering connection that are referencing the security groups you've
    # specified" -> {GroupId, ReferencingVpcId, VpcPeeringConnectionId}.
    A, B = xworld["A"], xworld["B"]
    pcx = active_peering(A, xworld["a"], xworld["b"], accepter=B, PeerOwnerId=ACCOUNT_B)
    assert B.describe_security_group_references(GroupId=[xworld["sg_b"]])["SecurityGroupReferenceSet"] == []
    A.authorize_security_group_ingress(GroupId=xworld["sg_a"], IpPermissions=ssh_from(xworld["sg_b"], ACCOUNT_B))
    refs = B.describe_security_group_references(GroupId=[xworld["sg_b"]])["SecurityGroupReferenceSet"]
    assert [(r["GroupId"], r["ReferencingVpcId"], r["VpcPeeringConnectionId"]) for r in refs] == [
        (xworld["sg_b"], xworld["a"], pcx)
    ]


def test_describe_security_group_references_same_account(ec2, world):
    pcx = active_peering(ec2, world["a"], world["b"])
    ec2.authorize_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    refs = ec2.describe_security_group_references(GroupId=[world["sg_b"]])["SecurityGroupReferenceSet"]
    assert [(r["GroupId"], r["ReferencingVpcId"], r["VpcPeeringConnectionId"]) for r in refs] == [
        (world["sg_b"], world["a"], pcx)
    ]
    assert ec2.describe_security_group_references(GroupId=[world["sg_a"]])["SecurityGroupReferenceSet"] == []


def test_describe_security_group_references_unknown_group(ec2):
    # UNSURE (code): the EC2 error table's "InvalidGroup.NotFound — The specified
    # security group does not exist."
    with raises_code("InvalidGroup.NotFound"):
        ec2.describe_security_group_references(GroupId=["sg-0123456789abcdef0"])


# --- stale rules ---------------------------------------------------------------------------


def test_rule_goes_stale_when_the_peering_is_deleted(ec2, world):
    pcx = active_peering(ec2, world["a"], world["b"])
    ec2.authorize_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    ec2.authorize_security_group_egress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    assert stale_groups(ec2, world["a"]) == {}
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    wait_status(ec2, pcx, "deleted")

    # the rule itself stays
    assert [p["GroupId"] for p in pairs_in(group(ec2, world["sg_a"])["IpPermissions"])] == [world["sg_b"]]
    stale = stale_groups(ec2, world["a"])
    assert set(stale) == {world["sg_a"]}
    g = stale[world["sg_a"]]
    assert g["VpcId"] == world["a"]
    assert g["GroupName"] == "app"
    [perm] = g["StaleIpPermissions"]
    assert (perm["IpProtocol"], perm["FromPort"], perm["ToPort"]) == ("tcp", 22, 22)
    [pair] = perm["UserIdGroupPairs"]
    assert pair["GroupId"] == world["sg_b"]
    # CLI reference example of describe-stale-security-groups: the pair names
    # the peering ("VpcPeeringConnectionId": "pcx-b04deed9").
    assert pair.get("VpcPeeringConnectionId", pcx) == pcx
    [perm] = g["StaleIpPermissionsEgress"]
    assert [p["GroupId"] for p in perm["UserIdGroupPairs"]] == [world["sg_b"]]
    # the peer's side had no reference: nothing stale there
    assert stale_groups(ec2, world["b"]) == {}


def test_re_peering_the_same_vpcs_un_stales_the_rule(ec2, world):
    first = active_peering(ec2, world["a"], world["b"])
    ec2.authorize_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=first)
    wait_status(ec2, first, "deleted")
    assert set(stale_groups(ec2, world["a"])) == {world["sg_a"]}
    # a pending request does not make it valid again
    second = request_peering(ec2, world["b"], world["a"])["VpcPeeringConnectionId"]
    assert set(stale_groups(ec2, world["a"])) == {world["sg_a"]}
    accept(ec2, second)
    assert stale_groups(ec2, world["a"]) == {}
    refs = ec2.describe_security_group_references(GroupId=[world["sg_b"]])["SecurityGroupReferenceSet"]
    assert [(r["ReferencingVpcId"], r["VpcPeeringConnectionId"]) for r in refs] == [(world["a"], second)]


def test_stale_after_the_other_account_deletes_the_peering(xworld):
    A, B = xworld["A"], xworld["B"]
    pcx = active_peering(A, xworld["a"], xworld["b"], accepter=B, PeerOwnerId=ACCOUNT_B)
    A.authorize_security_group_ingress(GroupId=xworld["sg_a"], IpPermissions=ssh_from(xworld["sg_b"], ACCOUNT_B))
    B.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    wait_status(A, pcx, "deleted")
    stale = stale_groups(A, xworld["a"])
    assert set(stale) == {xworld["sg_a"]}
    [pair] = pairs_in(stale[xworld["sg_a"]]["StaleIpPermissions"])
    assert pair["GroupId"] == xworld["sg_b"]


def test_revoking_a_stale_rule_clears_it(ec2, world):
    pcx = active_peering(ec2, world["a"], world["b"])
    ec2.authorize_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    wait_status(ec2, pcx, "deleted")
    ec2.revoke_security_group_ingress(GroupId=world["sg_a"], IpPermissions=ssh_from(world["sg_b"]))
    assert stale_groups(ec2, world["a"]) == {}
    assert group(ec2, world["sg_a"]).get("IpPermissions", []) == []


def test_describe_stale_security_groups_errors(ec2, world):
    with raises_code("InvalidVpcID.NotFound"):
        ec2.describe_stale_security_groups(VpcId="vpc-0123456789abcdef0")
    with raises_code("DryRunOperation"):
        ec2.describe_stale_security_groups(VpcId=world["a"], DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.describe_security_group_references(GroupId=[world["sg_a"]], DryRun=True)
