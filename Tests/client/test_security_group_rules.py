"""Security group rules by id (sgr-...) through boto3 and the AWS CLI:
DescribeSecurityGroupRules (ids, filters, pages), ModifySecurityGroupRules
(replace in place, same id), UpdateSecurityGroupRuleDescriptionsIngress /
Egress (by IpPermissions or by rule id), rule tags from TagSpecifications on
Authorize, and the `ip-permission.*` filters of DescribeSecurityGroups.

Sources: EC2 API Reference (DescribeSecurityGroupRules filters `group-id`,
`security-group-rule-id`, `tag:<key>`; DescribeSecurityGroups filters;
ModifySecurityGroupRules; UpdateSecurityGroupRuleDescriptionsIngress), and
the errors AWS answers: InvalidPermission.NotFound ("The specified rule does
not exist in this security group."), InvalidPermission.Duplicate,
InvalidSecurityGroupRuleId.NotFound, CannotDelete for a VPC's default group.
"""

from __future__ import annotations

import pytest

from lvpc import create_vpc, filters, raises_code, tag_spec, tags_of


@pytest.fixture
def world(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    web = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    lb = ec2.create_security_group(GroupName="lb", Description="lb", VpcId=vpc)["GroupId"]
    ssh = ec2.authorize_security_group_ingress(
        GroupId=web,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.7/32", "Description": "admin"}]}],
        TagSpecifications=tag_spec("security-group-rule", purpose="admin"),
    )["SecurityGroupRules"][0]
    https = ec2.authorize_security_group_ingress(
        GroupId=web, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": lb}]}]
    )["SecurityGroupRules"][0]
    return {"vpc": vpc, "web": web, "lb": lb, "ssh": ssh, "https": https}


def rules_of(ec2, group_id: str) -> dict[str, dict]:
    found = ec2.describe_security_group_rules(Filters=filters(**{"group-id": group_id}))["SecurityGroupRules"]
    return {r["SecurityGroupRuleId"]: r for r in found}


def test_authorize_answers_rules_with_ids_and_tags(world):
    ssh = world["ssh"]
    assert ssh["SecurityGroupRuleId"].startswith("sgr-")
    assert (ssh["GroupId"], ssh["IsEgress"], ssh["IpProtocol"], ssh["FromPort"], ssh["CidrIpv4"]) == (world["web"], False, "tcp", 22, "203.0.113.7/32")
    assert tags_of(ssh) == {"purpose": "admin"}


def test_rules_are_tagged_by_id_as_terraform_tags_them(ec2, world):
    # aws_vpc_security_group_ingress_rule changes its tags with CreateTags/DeleteTags on the rule's sgr- id, and AWS's
    # DescribeTags lists rule tags under resource type security-group-rule.
    ssh, https = world["ssh"]["SecurityGroupRuleId"], world["https"]["SecurityGroupRuleId"]
    ec2.create_tags(Resources=[https], Tags=[{"Key": "Name", "Value": "from-lb"}])
    ec2.delete_tags(Resources=[ssh], Tags=[{"Key": "purpose"}])
    ec2.create_tags(Resources=[ssh], Tags=[{"Key": "owner", "Value": "ops"}])
    rules = rules_of(ec2, world["web"])
    assert (tags_of(rules[https]), tags_of(rules[ssh])) == ({"Name": "from-lb"}, {"owner": "ops"})
    listed = ec2.describe_tags(Filters=filters(**{"resource-type": "security-group-rule"}))["Tags"]
    assert sorted((t["ResourceId"], t["Key"], t["Value"]) for t in listed) == sorted([(https, "Name", "from-lb"), (ssh, "owner", "ops")])
    with raises_code("InvalidSecurityGroupRuleId.NotFound"):
        ec2.create_tags(Resources=["sgr-0123456789abcdef0"], Tags=[{"Key": "a", "Value": "b"}])


def test_describe_security_group_rules(ec2, world):
    rules = rules_of(ec2, world["web"])
    assert len(rules) == 3  # ssh, https, and the default egress-to-everywhere
    egress = [r for r in rules.values() if r["IsEgress"]]
    assert [(r["IpProtocol"], r["CidrIpv4"]) for r in egress] == [("-1", "0.0.0.0/0")]
    https = rules[world["https"]["SecurityGroupRuleId"]]
    assert https["ReferencedGroupInfo"]["GroupId"] == world["lb"]
    by_id = ec2.describe_security_group_rules(SecurityGroupRuleIds=[world["ssh"]["SecurityGroupRuleId"]])["SecurityGroupRules"]
    assert [r["Description"] for r in by_id] == ["admin"]
    tagged = ec2.describe_security_group_rules(Filters=filters(**{"tag:purpose": "admin"}))["SecurityGroupRules"]
    assert [r["SecurityGroupRuleId"] for r in tagged] == [world["ssh"]["SecurityGroupRuleId"]]
    with raises_code("InvalidSecurityGroupRuleId.NotFound"):
        ec2.describe_security_group_rules(SecurityGroupRuleIds=["sgr-0123456789abcdef0"])
    with raises_code("InvalidParameterValue"):
        ec2.describe_security_group_rules(Filters=filters(**{"no-such-filter": "x"}))


def test_revoke_by_rule_id_refuses_a_malformed_id_as_malformed(ec2, world):
    """A rule id that is not `sgr-` and hex is `.Malformed`, as DescribeSecurityGroupRules and ModifySecurityGroupRules
    answer it; a well-formed id the group lacks is `.NotFound`. Either way the good id beside it stays."""
    ssh = world["ssh"]["SecurityGroupRuleId"]
    before = rules_of(ec2, world["web"])
    for revoke in (ec2.revoke_security_group_ingress, ec2.revoke_security_group_egress):
        with raises_code("InvalidSecurityGroupRuleId.Malformed"):
            revoke(GroupId=world["web"], SecurityGroupRuleIds=[ssh, "foo-1"])
        with raises_code("InvalidSecurityGroupRuleId.NotFound"):
            revoke(GroupId=world["web"], SecurityGroupRuleIds=[ssh, "sgr-0123456789abcdef0"])
    assert rules_of(ec2, world["web"]) == before


RULE_DESCRIPTION_REFUSED = r"Invalid rule description\. Valid descriptions are strings less than 256 characters"


@pytest.mark.parametrize("description", ["x" * 256, "it's", "a<b>", "naïve"])
def test_rule_descriptions_over_255_characters_or_outside_awss_set_are_refused(ec2, world, description):
    """IpRange.Description: "Up to 255 characters in length. Allowed characters are a-z, A-Z, 0-9, spaces, and
    ._-:/()#,@[]+=&;{}!$*" (the API reference). Refused on Authorize, ModifySecurityGroupRules and
    UpdateSecurityGroupRuleDescriptions alike, and nothing changes."""
    ssh = world["ssh"]["SecurityGroupRuleId"]
    before = rules_of(ec2, world["web"])
    permission = {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": description}]}
    with raises_code("InvalidParameterValue", message=RULE_DESCRIPTION_REFUSED):
        ec2.authorize_security_group_ingress(GroupId=world["web"], IpPermissions=[permission])
    with raises_code("InvalidParameterValue", message=RULE_DESCRIPTION_REFUSED):
        ec2.modify_security_group_rules(GroupId=world["web"], SecurityGroupRules=[{"SecurityGroupRuleId": ssh, "SecurityGroupRule": {
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "203.0.113.7/32", "Description": description}}])
    with raises_code("InvalidParameterValue", message=RULE_DESCRIPTION_REFUSED):
        ec2.update_security_group_rule_descriptions_ingress(
            GroupId=world["web"], SecurityGroupRuleDescriptions=[{"SecurityGroupRuleId": ssh, "Description": description}])
    assert rules_of(ec2, world["web"]) == before


def test_a_rule_description_of_255_allowed_characters_is_kept(ec2, world):
    description = ("Web (HTTPS) from 10/8: ok! #1 [a+b=c] {x}; $y*, @z & more_-./" * 6)[:255]
    rule = ec2.authorize_security_group_ingress(GroupId=world["web"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": description}]}])
    assert rule["SecurityGroupRules"][0]["Description"] == description


@pytest.mark.parametrize("protocol", ["icmp", "icmpv6"])
def test_all_icmp_types_with_one_code_is_refused(ec2, world, protocol):
    """"If the start port is -1 (all ICMP types), then the end port must be -1 (all ICMP codes)" (the API reference);
    one type with any code (8/-1) and all of both (-1/-1) stay allowed."""
    source = {"IpRanges": [{"CidrIp": "10.0.0.0/8"}]} if protocol == "icmp" else {"Ipv6Ranges": [{"CidrIpv6": "::/0"}]}
    before = rules_of(ec2, world["web"])
    for authorize in (ec2.authorize_security_group_ingress, ec2.authorize_security_group_egress):
        with raises_code("InvalidParameterValue"):
            authorize(GroupId=world["web"], IpPermissions=[{"IpProtocol": protocol, "FromPort": -1, "ToPort": 8, **source}])
    assert rules_of(ec2, world["web"]) == before
    ec2.authorize_security_group_ingress(GroupId=world["web"], IpPermissions=[{"IpProtocol": protocol, "FromPort": 8, "ToPort": -1, **source}])
    ec2.authorize_security_group_ingress(GroupId=world["web"], IpPermissions=[{"IpProtocol": protocol, "FromPort": -1, "ToPort": -1, **source}])


def test_group_names_are_unique_whatever_their_case_and_keep_to_awss_characters(ec2, world):
    """CreateSecurityGroup's GroupName: "Names are case-insensitive and must be unique within the VPC"; name and
    description allow a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* (the API reference)."""
    groups = lambda: sorted(g["GroupId"] for g in ec2.describe_security_groups(Filters=filters(**{"vpc-id": world["vpc"]}))["SecurityGroups"])
    before = groups()
    with raises_code("InvalidGroup.Duplicate", message=r"The security group 'WEB' already exists for VPC"):
        ec2.create_security_group(GroupName="WEB", Description="web", VpcId=world["vpc"])
    with raises_code("InvalidParameterValue", message=r"Value \(g<>\) for parameter GroupName is invalid"):
        ec2.create_security_group(GroupName="g<>", Description="d", VpcId=world["vpc"])
    with raises_code("InvalidParameterValue", message=r"Value \(naïve\) for parameter GroupDescription is invalid"):
        ec2.create_security_group(GroupName="g", Description="naïve", VpcId=world["vpc"])
    with raises_code("InvalidParameterValue", message=r"Value \(sg-web\) for parameter GroupName is invalid\. Group names may not be in the format sg-\*\."):
        ec2.create_security_group(GroupName="sg-web", Description="d", VpcId=world["vpc"])
    assert groups() == before
    ec2.create_security_group(GroupName="Web tier: (A) #1", Description="Allows [80,443] & more!", VpcId=world["vpc"])


def test_describe_security_group_rules_pages(ec2, ec2_raw, world):
    for port in range(1000, 1010):
        ec2.authorize_security_group_ingress(GroupId=world["web"], IpProtocol="udp", FromPort=port, ToPort=port, CidrIp="10.0.0.0/8")
    seen: list[str] = []
    for page in ec2.get_paginator("describe_security_group_rules").paginate(PaginationConfig={"PageSize": 5}):
        assert len(page["SecurityGroupRules"]) <= 5
        seen += [r["SecurityGroupRuleId"] for r in page["SecurityGroupRules"]]
    assert len(seen) == len(set(seen)) == len(ec2.describe_security_group_rules()["SecurityGroupRules"])
    with raises_code("InvalidParameterValue"):
        ec2_raw.describe_security_group_rules(MaxResults=4)


def test_modify_replaces_a_rule_keeping_its_id(ec2, aws, world):
    ssh_id = world["ssh"]["SecurityGroupRuleId"]
    ec2.modify_security_group_rules(
        GroupId=world["web"],
        SecurityGroupRules=[{"SecurityGroupRuleId": ssh_id, "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 2222, "ToPort": 2222, "CidrIpv4": "198.51.100.0/24", "Description": "vpn"}}],
    )
    rule = rules_of(ec2, world["web"])[ssh_id]
    assert (rule["FromPort"], rule["CidrIpv4"], rule["Description"]) == (2222, "198.51.100.0/24", "vpn")
    assert tags_of(rule) == {"purpose": "admin"}
    aws("ec2", "modify-security-group-rules", "--group-id", world["web"], "--security-group-rules",
        f"SecurityGroupRuleId={ssh_id},SecurityGroupRule={{IpProtocol=tcp,FromPort=22,ToPort=22,CidrIpv4=0.0.0.0/0}}")
    assert rules_of(ec2, world["web"])[ssh_id]["CidrIpv4"] == "0.0.0.0/0"


def test_modify_refusals(ec2, world):
    web, ssh_id = world["web"], world["ssh"]["SecurityGroupRuleId"]
    with raises_code("InvalidSecurityGroupRuleId.NotFound"):
        ec2.modify_security_group_rules(
            GroupId=web, SecurityGroupRules=[{"SecurityGroupRuleId": "sgr-0123456789abcdef0", "SecurityGroupRule": {"IpProtocol": "-1", "CidrIpv4": "10.0.0.0/8"}}]
        )
    with raises_code("InvalidPermission.Duplicate"):
        ec2.modify_security_group_rules(
            GroupId=web,
            SecurityGroupRules=[{"SecurityGroupRuleId": ssh_id, "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "ReferencedGroupId": world["lb"]}}],
        )
    with raises_code("InvalidSecurityGroupRuleId.NotFound"):  # a rule of another group
        ec2.modify_security_group_rules(
            GroupId=world["lb"], SecurityGroupRules=[{"SecurityGroupRuleId": ssh_id, "SecurityGroupRule": {"IpProtocol": "-1", "CidrIpv4": "10.0.0.0/8"}}]
        )
    assert rules_of(ec2, web)[ssh_id]["FromPort"] == 22


def test_update_descriptions_by_permission_and_by_id(ec2, aws, world):
    web, lb = world["web"], world["lb"]
    ec2.update_security_group_rule_descriptions_ingress(
        GroupId=web, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": lb, "Description": "from lb"}]}]
    )
    assert rules_of(ec2, web)[world["https"]["SecurityGroupRuleId"]]["Description"] == "from lb"
    egress_id = next(r for r in rules_of(ec2, web).values() if r["IsEgress"])["SecurityGroupRuleId"]
    aws("ec2", "update-security-group-rule-descriptions-egress", "--group-id", web, "--security-group-rule-descriptions",
        f"SecurityGroupRuleId={egress_id},Description=anywhere")
    assert rules_of(ec2, web)[egress_id]["Description"] == "anywhere"
    described = ec2.describe_security_groups(GroupIds=[web])["SecurityGroups"][0]
    assert described["IpPermissionsEgress"][0]["IpRanges"][0]["Description"] == "anywhere"


def test_update_descriptions_of_a_missing_rule(ec2, world):
    with raises_code("InvalidPermission.NotFound", message="does not exist"):
        ec2.update_security_group_rule_descriptions_ingress(
            GroupId=world["web"], IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "x"}]}]
        )
    with raises_code("InvalidSecurityGroupRuleId.NotFound"):  # an ingress rule named on the egress side
        ec2.update_security_group_rule_descriptions_egress(
            GroupId=world["web"], SecurityGroupRuleDescriptions=[{"SecurityGroupRuleId": world["ssh"]["SecurityGroupRuleId"], "Description": "x"}]
        )


@pytest.mark.parametrize(
    "name,value,expected",
    [
        ("ip-permission.cidr", "203.0.113.7/32", {"web"}),
        ("ip-permission.from-port", "443", {"web"}),
        ("ip-permission.to-port", "22", {"web"}),
        ("ip-permission.protocol", "tcp", {"web"}),
        ("ip-permission.protocol", "-1", {"default"}),
        ("ip-permission.group-id", "LB", {"web"}),
        ("ip-permission.group-name", "lb", {"web"}),
        ("ip-permission.user-id", "000000000000", {"default", "web"}),
        ("egress.ip-permission.cidr", "0.0.0.0/0", {"default", "lb", "web"}),
        ("egress.ip-permission.protocol", "tcp", set()),
        ("group-name", "w*", {"web"}),
    ],
)
def test_describe_security_groups_rule_filters(ec2, world, name, value, expected):
    value = world["lb"] if value == "LB" else value
    found = ec2.describe_security_groups(Filters=filters(**{name: value, "vpc-id": world["vpc"]}))["SecurityGroups"]
    assert {g["GroupName"] for g in found} == expected


def test_the_default_group_cannot_be_deleted_or_recreated(ec2, world):
    default = ec2.describe_security_groups(Filters=filters(**{"vpc-id": world["vpc"], "group-name": "default"}))["SecurityGroups"][0]
    with raises_code("CannotDelete"):
        ec2.delete_security_group(GroupId=default["GroupId"])
    with raises_code("InvalidGroup.Reserved"):
        ec2.create_security_group(GroupName="default", Description="x", VpcId=world["vpc"])


def test_a_group_another_group_refers_to_cannot_be_deleted(ec2, world):
    with raises_code("DependencyViolation"):
        ec2.delete_security_group(GroupId=world["lb"])
    ec2.revoke_security_group_ingress(GroupId=world["web"], SecurityGroupRuleIds=[world["https"]["SecurityGroupRuleId"]])
    ec2.delete_security_group(GroupId=world["lb"])
