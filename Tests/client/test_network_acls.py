"""Network ACLs through boto3 and the AWS CLI: CreateNetworkAcl (only the `*`
deny entries), entries by rule number (1-32766, unique per direction), the API
taking protocol numbers only (the CLI turns `tcp` into `6`), DeleteNetworkAcl
(never the default ACL, never while a subnet uses it), and
ReplaceNetworkAclAssociation keeping every subnet on exactly one ACL.

Sources: EC2 API Reference (CreateNetworkAclEntry: "Constraints: Positive
integer from 1 to 32766"; ReplaceNetworkAclAssociation), AWS CLI
customizations/ec2/protocolarg.py ("The actual Protocol parameter of the
operation accepts only integer protocol numbers"), VPC User Guide "Network
ACLs".
"""

from __future__ import annotations

import pytest

from lvpc import create_subnet, create_vpc, filters, raises_code, tag_spec, tags_of


def entry(ec2, acl_id: str, number: int, *, egress: bool = False, **kwargs) -> None:
    params = dict(NetworkAclId=acl_id, RuleNumber=number, Egress=egress, RuleAction="allow", Protocol="-1", CidrBlock="10.0.0.0/8")
    if "Ipv6CidrBlock" in kwargs:
        del params["CidrBlock"]
    params.update(kwargs)
    ec2.create_network_acl_entry(**params)


def acl(ec2, acl_id: str) -> dict:
    return ec2.describe_network_acls(NetworkAclIds=[acl_id])["NetworkAcls"][0]


def entries(ec2, acl_id: str, egress: bool) -> list[dict]:
    return [e for e in acl(ec2, acl_id)["Entries"] if e["Egress"] == egress]


def association_of(ec2, subnet_id: str) -> tuple[str, str]:
    found = ec2.describe_network_acls(Filters=filters(**{"association.subnet-id": subnet_id}))["NetworkAcls"]
    assert len(found) == 1, found
    assoc = [a for a in found[0]["Associations"] if a["SubnetId"] == subnet_id]
    assert len(assoc) == 1
    return found[0]["NetworkAclId"], assoc[0]["NetworkAclAssociationId"]


@pytest.fixture
def world(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    subnet = create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    created = ec2.create_network_acl(VpcId=vpc, TagSpecifications=tag_spec("network-acl", Name="web"))["NetworkAcl"]
    return vpc, subnet, created


def test_a_new_acl_has_only_the_deny_all_entries(ec2, world):
    vpc, _, created = world
    assert created["NetworkAclId"].startswith("acl-")
    assert created["VpcId"] == vpc and created["IsDefault"] is False
    assert created.get("Associations", []) == []
    assert tags_of(created) == {"Name": "web"}
    assert [(e["RuleNumber"], e["Egress"], e["RuleAction"], e["CidrBlock"]) for e in created["Entries"]] == [
        (32767, True, "deny", "0.0.0.0/0"),
        (32767, False, "deny", "0.0.0.0/0"),
    ]


def test_ipv6_vpc_acl_also_denies_ipv6(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    created = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]
    assert sorted((e["RuleNumber"], e.get("Ipv6CidrBlock")) for e in created["Entries"] if not e["Egress"]) == [
        (32767, None),
        (32768, "::/0"),
    ]


def test_entries_round_trip_and_are_listed_by_rule_number(ec2, world):
    _, _, created = world
    acl_id = created["NetworkAclId"]
    entry(ec2, acl_id, 200, Protocol="6", PortRange={"From": 22, "To": 22}, CidrBlock="203.0.113.7/32")
    entry(ec2, acl_id, 100, Protocol="1", IcmpTypeCode={"Type": 8, "Code": -1}, RuleAction="deny", CidrBlock="10.1.2.3/16")
    entry(ec2, acl_id, 150, Protocol="17", PortRange={"From": 1024, "To": 65535}, Ipv6CidrBlock="2001:db8::/32", Egress=True)
    inbound = entries(ec2, acl_id, False)
    assert [e["RuleNumber"] for e in inbound] == [100, 200, 32767]
    assert inbound[0]["Protocol"] == "1" and inbound[0]["IcmpTypeCode"] == {"Type": 8, "Code": -1}
    assert inbound[0]["CidrBlock"] == "10.1.0.0/16"  # made canonical, as AWS does
    assert inbound[1]["PortRange"] == {"From": 22, "To": 22} and "IcmpTypeCode" not in inbound[1]
    outbound = entries(ec2, acl_id, True)
    assert outbound[0]["Ipv6CidrBlock"] == "2001:db8::/32" and "CidrBlock" not in outbound[0]
    # AWS lists egress entries first.
    assert [e["Egress"] for e in acl(ec2, acl_id)["Entries"]] == [True, True, False, False, False]


def test_rule_numbers_are_unique_per_direction(ec2, world):
    acl_id = world[2]["NetworkAclId"]
    entry(ec2, acl_id, 100)
    with raises_code("NetworkAclEntryAlreadyExists", message="100"):
        entry(ec2, acl_id, 100, RuleAction="deny")
    entry(ec2, acl_id, 100, egress=True)


@pytest.mark.parametrize("number", [0, 32767, 32768, 40000])
def test_rule_numbers_outside_1_to_32766_are_refused(ec2, world, number):
    acl_id = world[2]["NetworkAclId"]
    with raises_code("InvalidParameterValue", message="ruleNumber"):
        entry(ec2, acl_id, number)


def test_the_api_takes_protocol_numbers_and_the_cli_translates_names(ec2, aws, world):
    acl_id = world[2]["NetworkAclId"]
    with raises_code("InvalidParameterValue", message="Unknown protocol"):
        entry(ec2, acl_id, 100, Protocol="tcp", PortRange={"From": 22, "To": 22})
    aws("ec2", "create-network-acl-entry", "--network-acl-id", acl_id, "--ingress", "--rule-number", "100", "--protocol", "tcp",
        "--port-range", "From=22,To=22", "--cidr-block", "0.0.0.0/0", "--rule-action", "allow")
    assert entries(ec2, acl_id, False)[0]["Protocol"] == "6"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"Protocol": "6"},  # no port range
        {"Protocol": "17", "PortRange": {"From": 53}},
        {"Protocol": "6", "PortRange": {"From": 80, "To": 22}},
        {"Protocol": "1"},  # no ICMP type and code
        {"RuleAction": "permit"},
        {"CidrBlock": "10.0.0.0/33"},
    ],
)
def test_malformed_entries_are_refused(ec2, world, kwargs):
    with raises_code("InvalidParameterValue"):
        entry(ec2, world[2]["NetworkAclId"], 100, **kwargs)


def test_replace_and_delete_need_the_entry(ec2, aws, world):
    acl_id = world[2]["NetworkAclId"]
    with raises_code("InvalidNetworkAclEntry.NotFound"):
        ec2.replace_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Egress=False, Protocol="-1", RuleAction="deny", CidrBlock="0.0.0.0/0")
    with raises_code("InvalidNetworkAclEntry.NotFound"):
        ec2.delete_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Egress=False)
    entry(ec2, acl_id, 100)
    aws("ec2", "replace-network-acl-entry", "--network-acl-id", acl_id, "--ingress", "--rule-number", "100", "--protocol", "udp",
        "--port-range", "From=53,To=53", "--cidr-block", "10.0.0.0/8", "--rule-action", "deny")
    replaced = entries(ec2, acl_id, False)[0]
    assert (replaced["Protocol"], replaced["RuleAction"], replaced["PortRange"]) == ("17", "deny", {"From": 53, "To": 53})
    with raises_code("InvalidParameterValue"):
        ec2.delete_network_acl_entry(NetworkAclId=acl_id, RuleNumber=32767, Egress=False)
    ec2.delete_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Egress=False)
    assert [e["RuleNumber"] for e in entries(ec2, acl_id, False)] == [32767]


def test_replace_association_moves_the_subnet(ec2, aws, world):
    vpc, subnet, created = world
    acl_id = created["NetworkAclId"]
    default_id, old = association_of(ec2, subnet)
    new = ec2.replace_network_acl_association(AssociationId=old, NetworkAclId=acl_id)["NewAssociationId"]
    assert new.startswith("aclassoc-") and new != old
    assert association_of(ec2, subnet) == (acl_id, new)
    assert acl(ec2, default_id).get("Associations", []) == [] or all(a["SubnetId"] != subnet for a in acl(ec2, default_id)["Associations"])
    with raises_code("InvalidAssociationID.NotFound"):
        ec2.replace_network_acl_association(AssociationId=old, NetworkAclId=acl_id)
    back = aws("ec2", "replace-network-acl-association", "--association-id", new, "--network-acl-id", default_id)["NewAssociationId"]
    assert association_of(ec2, subnet) == (default_id, back)


def test_an_acl_of_another_vpc_is_refused(ec2, world):
    _, subnet, _ = world
    other = create_vpc(ec2, "172.16.0.0/16")["VpcId"]
    foreign = ec2.create_network_acl(VpcId=other)["NetworkAcl"]["NetworkAclId"]
    _, assoc = association_of(ec2, subnet)
    with raises_code("InvalidParameterValue"):
        ec2.replace_network_acl_association(AssociationId=assoc, NetworkAclId=foreign)


def test_delete_refuses_the_default_and_associated_acls(ec2, world):
    vpc, subnet, created = world
    acl_id = created["NetworkAclId"]
    default_id, assoc = association_of(ec2, subnet)
    with raises_code("InvalidParameterValue", message="default"):
        ec2.delete_network_acl(NetworkAclId=default_id)
    ec2.replace_network_acl_association(AssociationId=assoc, NetworkAclId=acl_id)
    with raises_code("DependencyViolation"):
        ec2.delete_network_acl(NetworkAclId=acl_id)
    with raises_code("DependencyViolation"):
        ec2.delete_vpc(VpcId=vpc)
    ec2.delete_subnet(SubnetId=subnet)
    ec2.delete_network_acl(NetworkAclId=acl_id)
    with raises_code("InvalidNetworkAclID.NotFound"):
        acl(ec2, acl_id)
    ec2.delete_vpc(VpcId=vpc)


def test_dry_run_changes_nothing(ec2, world):
    vpc, _, created = world
    with raises_code("DryRunOperation"):
        ec2.create_network_acl(VpcId=vpc, DryRun=True)
    with raises_code("DryRunOperation"):
        entry(ec2, created["NetworkAclId"], 100, DryRun=True)
    assert len(ec2.describe_network_acls(Filters=filters(**{"vpc-id": vpc}))["NetworkAcls"]) == 2
    assert len(acl(ec2, created["NetworkAclId"])["Entries"]) == 2


@pytest.mark.parametrize(
    "name,value,expected",
    [
        ("default", "false", {"custom"}),
        ("default", "true", {"default"}),
        ("entry.protocol", "tcp", {"custom"}),
        ("entry.port-range.from", "22", {"custom"}),
        ("entry.rule-number", "32767", {"custom", "default"}),
        ("entry.cidr", "203.0.113.0/24", {"custom"}),
        ("tag:Name", "web", {"custom"}),
    ],
)
def test_describe_filters(ec2, world, name, value, expected):
    vpc, subnet, created = world
    acl_id = created["NetworkAclId"]
    entry(ec2, acl_id, 100, Protocol="6", PortRange={"From": 22, "To": 22}, CidrBlock="203.0.113.0/24")
    found = ec2.describe_network_acls(Filters=filters(**{name: value, "vpc-id": vpc}))["NetworkAcls"]
    names = {"custom" if a["NetworkAclId"] == acl_id else "default" for a in found}
    assert names == expected
