"""Managed prefix lists: AWS's per-region lists and the account's own, their
versions and states, and where AWS lets them be used: routes, security group
rules, and the Reachability Analyzer.

Sources quoted here:
- VPC User Guide, "Consolidate and manage network CIDR blocks with managed prefix
  lists": "Customer-managed prefix lists ... AWS-managed prefix lists — Sets of IP
  address ranges for AWS services. You can't create, modify, share, or delete an
  AWS-managed prefix list"; "When you reference a prefix list in a resource, the
  maximum number of entries for the prefix lists counts against the quota for the
  number of entries for the resource"; "Each time you add or remove entries ...
  a new version".
- VPC quotas: "Versions per prefix list 1,000 ... the oldest version is removed".
- EC2 API Reference, ModifyManagedPrefixList: "If you specify a current version
  number that does not match the true current version number, the request
  fails"; "You cannot modify the entries of a prefix list and modify the size of a
  prefix list at the same time. If any of the resources that reference the prefix
  list cannot support the new maximum size, the modify operation fails. Check the
  state message".
- CreateManagedPrefixList: "The name cannot start with com.amazonaws".
- AWS CLI example (modify-managed-prefix-list): the answer shows
  "State": "modify-in-progress" and the version the list had.
- VPC User Guide, route priority: "1. Longest prefix 2. Static routes 3. Prefix
  list routes 4. Propagated routes".
- Error codes clients match: InvalidPrefixListID.NotFound, PrefixListVersionMismatch
  (Terraform's provider), InvalidPrefixListModification ("does not exist."),
  PrefixListMaxEntriesExceeded, and InvalidRequest "The request received was
  invalid." for adding an entry the list already holds (Terraform's provider,
  resource_vpc_managed_prefix_list.go, quotes it).
"""

from __future__ import annotations

import pytest

import lvpc
from lvpc import create_subnet, create_vpc, filters, raises_code, tag_spec

S3_US_EAST_1 = "pl-63a5400a"
DYNAMODB_US_EAST_1 = "pl-02cd2c6b"
UNKNOWN_PL = "pl-0123456789abcdef0"


def create_list(ec2, name="offices", max_entries=5, family="IPv4", entries=None, **kwargs):
    if entries is None:
        entries = [{"Cidr": "198.51.100.0/24", "Description": "HQ"}, {"Cidr": "203.0.113.0/24"}]
    return ec2.create_managed_prefix_list(
        PrefixListName=name, MaxEntries=max_entries, AddressFamily=family, Entries=entries, **kwargs
    )["PrefixList"]


def describe_list(ec2, pl_id):
    [pl] = ec2.describe_managed_prefix_lists(PrefixListIds=[pl_id])["PrefixLists"]
    return pl


def entries_of(ec2, pl_id, **kwargs):
    return {e["Cidr"]: e.get("Description") for e in ec2.get_managed_prefix_list_entries(PrefixListId=pl_id, **kwargs)["Entries"]}


@pytest.fixture
def net(ec2):
    """A VPC with an attached internet gateway and a custom route table."""
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    igw = lvpc.create_attached_igw(ec2, vpc)
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    return {"vpc": vpc, "igw": igw, "rtb": rtb}


# --- routes --------------------------------------------------------------------------------------------------------


def test_a_route_to_a_prefix_list_is_described_with_its_id_and_found_by_filter(ec2, aws, net):
    pl = create_list(ec2)["PrefixListId"]
    aws("ec2", "create-route", "--route-table-id", net["rtb"], "--destination-prefix-list-id", pl, "--gateway-id", net["igw"])
    route = lvpc.route_to(lvpc.describe_route_table(ec2, net["rtb"]), pl)
    assert route["DestinationPrefixListId"] == pl and route["GatewayId"] == net["igw"] and route["State"] == "active"
    assert "DestinationCidrBlock" not in route and route["Origin"] == "CreateRoute"
    found = ec2.describe_route_tables(Filters=filters(**{"route.destination-prefix-list-id": pl}))["RouteTables"]
    assert [t["RouteTableId"] for t in found] == [net["rtb"]]
    assert ec2.describe_route_tables(Filters=filters(**{"route.destination-prefix-list-id": UNKNOWN_PL}))["RouteTables"] == []
    [association] = ec2.get_managed_prefix_list_associations(PrefixListId=pl)["PrefixListAssociations"]
    assert association == {"ResourceId": net["rtb"], "ResourceOwner": lvpc.DEFAULT_ACCOUNT}


def test_one_route_per_prefix_list_per_table_and_replace_and_delete_find_it(ec2, net):
    pl = create_list(ec2)["PrefixListId"]
    ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, GatewayId=net["igw"])
    with raises_code("RouteAlreadyExists"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, GatewayId=net["igw"])
    eigw = ec2.create_egress_only_internet_gateway(VpcId=net["vpc"])["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"]
    # An IPv4 list cannot go to an egress-only gateway: it carries IPv6 only. Nothing changes.
    with raises_code("InvalidParameterValue"):
        ec2.replace_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, EgressOnlyInternetGatewayId=eigw)
    assert lvpc.route_to(lvpc.describe_route_table(ec2, net["rtb"]), pl)["GatewayId"] == net["igw"]
    ec2.delete_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl)
    assert lvpc.route_to(lvpc.describe_route_table(ec2, net["rtb"]), pl) is None
    with raises_code("InvalidRoute.NotFound"):
        ec2.delete_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl)
    with raises_code("InvalidParameterValue"):
        ec2.replace_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, GatewayId=net["igw"])


def test_an_ipv6_list_may_go_to_an_egress_only_gateway(ec2, net):
    pl = create_list(ec2, family="IPv6", entries=[{"Cidr": "2001:db8:1::/48"}])["PrefixListId"]
    eigw = ec2.create_egress_only_internet_gateway(VpcId=net["vpc"])["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"]
    ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, EgressOnlyInternetGatewayId=eigw)
    assert lvpc.route_to(lvpc.describe_route_table(ec2, net["rtb"]), pl)["EgressOnlyInternetGatewayId"] == eigw


def test_route_destination_errors_change_nothing(ec2, net):
    pl = create_list(ec2)["PrefixListId"]
    before = lvpc.describe_route_table(ec2, net["rtb"])["Routes"]
    with raises_code("InvalidPrefixListID.NotFound"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=UNKNOWN_PL, GatewayId=net["igw"])
    with raises_code("InvalidPrefixListId.Malformed"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId="pl-xyz", GatewayId=net["igw"])
    with raises_code("InvalidParameterCombination"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, DestinationCidrBlock="0.0.0.0/0", GatewayId=net["igw"])
    # AWS's own lists reach a route table only through a gateway endpoint.
    with raises_code("InvalidParameterValue"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=S3_US_EAST_1, GatewayId=net["igw"])
    assert lvpc.describe_route_table(ec2, net["rtb"])["Routes"] == before
    with raises_code("DryRunOperation"):
        ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, GatewayId=net["igw"], DryRun=True)
    assert lvpc.describe_route_table(ec2, net["rtb"])["Routes"] == before


def test_a_list_named_by_a_route_cannot_be_deleted(ec2, net):
    pl = create_list(ec2)["PrefixListId"]
    ec2.create_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl, GatewayId=net["igw"])
    with raises_code("DependencyViolation"):
        ec2.delete_managed_prefix_list(PrefixListId=pl)
    assert describe_list(ec2, pl)["State"] == "create-complete"
    ec2.delete_route(RouteTableId=net["rtb"], DestinationPrefixListId=pl)
    assert ec2.delete_managed_prefix_list(PrefixListId=pl)["PrefixList"]["State"] == "delete-in-progress"
    with raises_code("InvalidPrefixListID.NotFound"):
        ec2.describe_managed_prefix_lists(PrefixListIds=[pl])


# --- AWS-managed lists ---------------------------------------------------------------------------------------------


def test_aws_lists_are_in_every_account_of_the_region_with_their_real_ids(ec2, client_factory, aws):
    listed = {p["PrefixListName"]: p for p in ec2.describe_managed_prefix_lists()["PrefixLists"]}
    s3 = listed["com.amazonaws.us-east-1.s3"]
    assert s3["PrefixListId"] == S3_US_EAST_1 and s3["OwnerId"] == "AWS" and s3["State"] == "create-complete"
    assert s3["PrefixListArn"] == f"arn:aws:ec2:us-east-1:aws:prefix-list/{S3_US_EAST_1}" and s3["AddressFamily"] == "IPv4"
    assert listed["com.amazonaws.us-east-1.dynamodb"]["PrefixListId"] == DYNAMODB_US_EAST_1
    assert "52.216.0.0/15" in entries_of(ec2, S3_US_EAST_1)
    other = client_factory(access_key="111111111111")
    assert S3_US_EAST_1 in {p["PrefixListId"] for p in other.describe_managed_prefix_lists()["PrefixLists"]}
    west = aws("ec2", "describe-managed-prefix-lists", "--filters", "Name=prefix-list-name,Values=com.amazonaws.us-west-2.s3", region="us-west-2")
    assert [p["PrefixListId"] for p in west["PrefixLists"]] == ["pl-68a54001"]
    legacy = aws("ec2", "describe-prefix-lists", region="eu-west-1")["PrefixLists"]
    assert {p["PrefixListName"]: p["PrefixListId"] for p in legacy} == {
        "com.amazonaws.eu-west-1.s3": "pl-6da54004", "com.amazonaws.eu-west-1.dynamodb": "pl-6fa54006"}
    assert all(p["Cidrs"] for p in legacy)


def test_describe_prefix_lists_shows_only_aws_lists_with_their_cidrs(ec2):
    create_list(ec2)
    lists = ec2.describe_prefix_lists()["PrefixLists"]
    assert {p["PrefixListId"] for p in lists} == {S3_US_EAST_1, DYNAMODB_US_EAST_1}
    [s3] = ec2.describe_prefix_lists(PrefixListIds=[S3_US_EAST_1])["PrefixLists"]
    assert s3["PrefixListName"] == "com.amazonaws.us-east-1.s3" and "54.231.0.0/17" in s3["Cidrs"]
    [dynamo] = ec2.describe_prefix_lists(Filters=filters(**{"prefix-list-name": "*dynamodb"}))["PrefixLists"]
    assert dynamo["PrefixListId"] == DYNAMODB_US_EAST_1
    with raises_code("InvalidPrefixListID.NotFound"):
        ec2.describe_prefix_lists(PrefixListIds=[UNKNOWN_PL])
    with raises_code("InvalidParameterValue"):
        ec2.describe_prefix_lists(Filters=filters(bogus="x"))


def test_nobody_changes_or_deletes_an_aws_list(ec2):
    with raises_code("UnauthorizedOperation"):
        ec2.modify_managed_prefix_list(PrefixListId=S3_US_EAST_1, PrefixListName="mine")
    with raises_code("UnauthorizedOperation"):
        ec2.delete_managed_prefix_list(PrefixListId=S3_US_EAST_1)
    with raises_code("UnauthorizedOperation"):
        ec2.restore_managed_prefix_list_version(PrefixListId=DYNAMODB_US_EAST_1, PreviousVersion=1, CurrentVersion=1)
    assert describe_list(ec2, S3_US_EAST_1)["PrefixListName"] == "com.amazonaws.us-east-1.s3"


# --- customer-managed lists ----------------------------------------------------------------------------------------


def test_create_answers_in_progress_and_describe_shows_it_complete(ec2, aws):
    created = aws(
        "ec2", "create-managed-prefix-list", "--prefix-list-name", "offices", "--max-entries", "5", "--address-family", "IPv4",
        "--entries", "Cidr=198.51.100.0/24,Description=HQ", "Cidr=203.0.113.0/24",
        "--tag-specifications", "ResourceType=prefix-list,Tags=[{Key=Name,Value=offices}]",
    )["PrefixList"]
    pl = created["PrefixListId"]
    assert pl.startswith("pl-") and len(pl) == 20
    assert created["State"] == "create-in-progress" and created["Version"] == 1 and created["MaxEntries"] == 5
    assert created["OwnerId"] == lvpc.DEFAULT_ACCOUNT and created["PrefixListArn"] == f"arn:aws:ec2:us-east-1:{lvpc.DEFAULT_ACCOUNT}:prefix-list/{pl}"
    described = describe_list(ec2, pl)
    assert described["State"] == "create-complete" and described["Version"] == 1 and described["AddressFamily"] == "IPv4"
    assert lvpc.tags_of(described) == {"Name": "offices"}
    assert entries_of(ec2, pl) == {"198.51.100.0/24": "HQ", "203.0.113.0/24": None}
    assert [t["ResourceType"] for t in ec2.describe_tags(Filters=filters(**{"resource-id": pl}))["Tags"]] == ["prefix-list"]


def test_client_token_answers_the_same_list(ec2):
    first = create_list(ec2, ClientToken="token-1")
    again = create_list(ec2, ClientToken="token-1")
    assert again["PrefixListId"] == first["PrefixListId"]
    assert len([p for p in ec2.describe_managed_prefix_lists()["PrefixLists"] if p["OwnerId"] != "AWS"]) == 1


@pytest.mark.parametrize(
    "kwargs, code",
    [
        (dict(MaxEntries=2, Entries=[{"Cidr": "10.0.0.0/8"}, {"Cidr": "10.1.0.0/16"}, {"Cidr": "10.2.0.0/16"}]), "PrefixListMaxEntriesExceeded"),
        (dict(Entries=[{"Cidr": "10.0.0.0/8"}, {"Cidr": "10.0.0.0/8"}]), "InvalidParameterValue"),
        (dict(Entries=[{"Cidr": "2001:db8::/32"}]), "InvalidParameterValue"),
        (dict(Entries=[{"Cidr": "10.0.0.1/8"}]), "InvalidParameterValue"),
        (dict(AddressFamily="IPv5"), "InvalidParameterValue"),
        (dict(MaxEntries=0), "InvalidParameterValue"),
        (dict(MaxEntries=1001), "InvalidParameterValue"),
        (dict(PrefixListName="com.amazonaws.mine"), "InvalidParameterValue"),
        (dict(TagSpecifications=tag_spec("vpc", Name="x")), "InvalidParameterValue"),
    ],
)
def test_create_errors_make_nothing(ec2, kwargs, code):
    params = dict(PrefixListName="bad", MaxEntries=5, AddressFamily="IPv4", Entries=[{"Cidr": "10.0.0.0/8"}])
    params.update(kwargs)
    with raises_code(code):
        ec2.create_managed_prefix_list(**params)
    assert [p for p in ec2.describe_managed_prefix_lists()["PrefixLists"] if p["OwnerId"] != "AWS"] == []


def test_create_needs_its_required_parameters(ec2_raw):
    with raises_code("MissingParameter"):
        ec2_raw.create_managed_prefix_list(PrefixListName="x", AddressFamily="IPv4")


def test_each_change_of_entries_is_a_new_version_and_a_stale_version_is_refused(ec2, aws):
    pl = create_list(ec2)["PrefixListId"]
    modified = aws(
        "ec2", "modify-managed-prefix-list", "--prefix-list-id", pl, "--current-version", "1",
        "--add-entries", "Cidr=192.0.2.0/24,Description=lab", "--remove-entries", "Cidr=203.0.113.0/24",
    )["PrefixList"]
    assert modified["State"] == "modify-in-progress" and modified["Version"] == 1
    described = describe_list(ec2, pl)
    assert described["State"] == "modify-complete" and described["Version"] == 2
    assert entries_of(ec2, pl) == {"198.51.100.0/24": "HQ", "192.0.2.0/24": "lab"}
    assert entries_of(ec2, pl, TargetVersion=1) == {"198.51.100.0/24": "HQ", "203.0.113.0/24": None}
    with raises_code("PrefixListVersionMismatch", message="incorrect version"):
        ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "10.0.0.0/8"}])
    # A new name makes no version.
    ec2.modify_managed_prefix_list(PrefixListId=pl, PrefixListName="renamed")
    assert (describe_list(ec2, pl)["PrefixListName"], describe_list(ec2, pl)["Version"]) == ("renamed", 2)
    with raises_code("InvalidParameterValue"):
        ec2.get_managed_prefix_list_entries(PrefixListId=pl, TargetVersion=7)


@pytest.mark.parametrize(
    "change, code",
    [
        # Adding an entry the list holds (a new description): Terraform's provider quotes AWS's InvalidRequest.
        (dict(AddEntries=[{"Cidr": "198.51.100.0/24", "Description": "new"}]), "InvalidRequest"),
        (dict(RemoveEntries=[{"Cidr": "192.0.2.0/24"}]), "InvalidPrefixListModification"),
        (dict(AddEntries=[{"Cidr": "192.0.2.0/24"}], RemoveEntries=[{"Cidr": "192.0.2.0/24"}]), "InvalidParameterValue"),
        (dict(AddEntries=[{"Cidr": f"10.{i}.0.0/16"} for i in range(4)]), "PrefixListMaxEntriesExceeded"),
        (dict(AddEntries=[{"Cidr": "2001:db8::/32"}]), "InvalidParameterValue"),
        (dict(AddEntries=[{"Cidr": "192.0.2.0/24"}], MaxEntries=10), "InvalidParameterCombination"),
        (dict(MaxEntries=1), "InvalidParameterValue"),
        (dict(PrefixListName="com.amazonaws.x"), "InvalidParameterValue"),
        (dict(CurrentVersion=3, AddEntries=[{"Cidr": "192.0.2.0/24"}]), "PrefixListVersionMismatch"),
    ],
)
def test_modify_errors_change_nothing(ec2, change, code):
    pl = create_list(ec2)["PrefixListId"]
    before = (describe_list(ec2, pl), entries_of(ec2, pl))
    with raises_code(code):
        ec2.modify_managed_prefix_list(PrefixListId=pl, **change)
    assert (describe_list(ec2, pl), entries_of(ec2, pl)) == before


def test_resize_keeps_the_version_and_cannot_go_below_the_entries(ec2):
    pl = create_list(ec2)["PrefixListId"]
    ec2.modify_managed_prefix_list(PrefixListId=pl, MaxEntries=20)
    described = describe_list(ec2, pl)
    assert (described["MaxEntries"], described["Version"], described["State"]) == (20, 1, "modify-complete")
    ec2.modify_managed_prefix_list(PrefixListId=pl, MaxEntries=2)
    assert describe_list(ec2, pl)["MaxEntries"] == 2


def test_restore_brings_an_earlier_version_back_as_a_new_one(ec2, aws):
    pl = create_list(ec2)["PrefixListId"]
    ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, RemoveEntries=[{"Cidr": "198.51.100.0/24"}])
    restored = aws(
        "ec2", "restore-managed-prefix-list-version", "--prefix-list-id", pl, "--previous-version", "1", "--current-version", "2"
    )["PrefixList"]
    assert restored["State"] == "restore-in-progress" and restored["Version"] == 2
    described = describe_list(ec2, pl)
    assert (described["State"], described["Version"]) == ("restore-complete", 3)
    assert entries_of(ec2, pl) == {"198.51.100.0/24": "HQ", "203.0.113.0/24": None}
    with raises_code("PrefixListVersionMismatch"):
        ec2.restore_managed_prefix_list_version(PrefixListId=pl, PreviousVersion=2, CurrentVersion=2)
    with raises_code("InvalidParameterValue"):
        ec2.restore_managed_prefix_list_version(PrefixListId=pl, PreviousVersion=9, CurrentVersion=3)
    assert describe_list(ec2, pl)["Version"] == 3


def test_describe_filters_pages_and_dry_run(ec2):
    ids = [create_list(ec2, name=f"list-{i}", TagSpecifications=tag_spec("prefix-list", team="a" if i % 2 else "b"))["PrefixListId"] for i in range(5)]
    own = {"owner-id": lvpc.DEFAULT_ACCOUNT}
    assert [p["PrefixListId"] for p in ec2.describe_managed_prefix_lists(Filters=filters(**own))["PrefixLists"]] == ids
    assert [p["PrefixListId"] for p in ec2.describe_managed_prefix_lists(Filters=filters(**{"prefix-list-name": "list-3"}))["PrefixLists"]] == [ids[3]]
    assert [p["PrefixListId"] for p in ec2.describe_managed_prefix_lists(Filters=filters(**{"prefix-list-id": ids[1]}))["PrefixLists"]] == [ids[1]]
    assert [p["PrefixListId"] for p in ec2.describe_managed_prefix_lists(Filters=filters(**{"tag:team": "a"}))["PrefixLists"]] == [ids[1], ids[3]]
    assert {p["OwnerId"] for p in ec2.describe_managed_prefix_lists(Filters=filters(**{"owner-id": "AWS"}))["PrefixLists"]} == {"AWS"}
    seen, token = [], None
    while True:
        page = ec2.describe_managed_prefix_lists(MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page["PrefixLists"]) <= 2
        seen += [p["PrefixListId"] for p in page["PrefixLists"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == sorted([S3_US_EAST_1, DYNAMODB_US_EAST_1]) + ids
    paginator = ec2.get_paginator("describe_managed_prefix_lists")
    assert [p["PrefixListId"] for page in paginator.paginate(PaginationConfig={"PageSize": 3}) for p in page["PrefixLists"]] == seen
    with raises_code("InvalidParameterValue"):
        ec2.describe_managed_prefix_lists(Filters=filters(bogus="x"))
    with raises_code("InvalidPrefixListID.NotFound"):
        ec2.describe_managed_prefix_lists(PrefixListIds=[ids[0], UNKNOWN_PL])
    with raises_code("DryRunOperation"):
        ec2.describe_managed_prefix_lists(DryRun=True)
    with raises_code("DryRunOperation"):
        create_list(ec2, name="dry", DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.modify_managed_prefix_list(PrefixListId=ids[0], PrefixListName="dry", DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.delete_managed_prefix_list(PrefixListId=ids[0], DryRun=True)
    assert len(ec2.describe_managed_prefix_lists(Filters=filters(**own))["PrefixLists"]) == 5
    assert describe_list(ec2, ids[0])["PrefixListName"] == "list-0"


def test_entries_come_in_pages(ec2):
    pl = create_list(ec2, max_entries=10, entries=[{"Cidr": f"10.{i}.0.0/16"} for i in range(7)])["PrefixListId"]
    paginator = ec2.get_paginator("get_managed_prefix_list_entries")
    got = [e["Cidr"] for page in paginator.paginate(PrefixListId=pl, PaginationConfig={"PageSize": 3}) for e in page["Entries"]]
    assert got == [f"10.{i}.0.0/16" for i in range(7)]


def test_lists_are_account_scoped(ec2, client_factory):
    pl = create_list(ec2)["PrefixListId"]
    other = client_factory(access_key="111111111111")
    with raises_code("InvalidPrefixListID.NotFound"):
        other.describe_managed_prefix_lists(PrefixListIds=[pl])
    with raises_code("InvalidPrefixListID.NotFound"):
        other.delete_managed_prefix_list(PrefixListId=pl)
    assert describe_list(ec2, pl)["State"] == "create-complete"


# --- security group rules ------------------------------------------------------------------------------------------


def test_group_rules_name_prefix_lists_both_ways(ec2, aws, net):
    pl = create_list(ec2)["PrefixListId"]
    sg = ec2.create_security_group(GroupName="web", Description="web", VpcId=net["vpc"])["GroupId"]
    rules = ec2.authorize_security_group_ingress(
        GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": pl, "Description": "offices"}]}]
    )["SecurityGroupRules"]
    assert [(r["PrefixListId"], r["IsEgress"], r["Description"]) for r in rules] == [(pl, False, "offices")]
    aws("ec2", "authorize-security-group-egress", "--group-id", sg, "--ip-permissions",
        f"IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{{PrefixListId={S3_US_EAST_1}}}]")
    [group] = ec2.describe_security_groups(GroupIds=[sg])["SecurityGroups"]
    [ingress] = group["IpPermissions"]
    assert ingress["PrefixListIds"] == [{"PrefixListId": pl, "Description": "offices"}] and ingress["IpRanges"] == []
    assert any(p.get("PrefixListIds") == [{"PrefixListId": S3_US_EAST_1}] for p in group["IpPermissionsEgress"])
    described = ec2.describe_security_group_rules(Filters=filters(**{"group-id": sg}))["SecurityGroupRules"]
    assert {r.get("PrefixListId") for r in described} == {pl, S3_US_EAST_1, None}
    found = ec2.describe_security_groups(Filters=filters(**{"ip-permission.prefix-list-id": pl}))["SecurityGroups"]
    assert [g["GroupId"] for g in found] == [sg]
    found = ec2.describe_security_groups(Filters=filters(**{"egress.ip-permission.prefix-list-id": S3_US_EAST_1}))["SecurityGroups"]
    assert [g["GroupId"] for g in found] == [sg]
    assert [a["ResourceId"] for a in ec2.get_managed_prefix_list_associations(PrefixListId=pl)["PrefixListAssociations"]] == [sg]
    with raises_code("InvalidPermission.Duplicate"):
        ec2.authorize_security_group_ingress(
            GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": pl}]}])
    with raises_code("DependencyViolation"):
        ec2.delete_managed_prefix_list(PrefixListId=pl)
    revoked = ec2.revoke_security_group_ingress(
        GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": pl}]}])
    assert [r["PrefixListId"] for r in revoked["RevokedSecurityGroupRules"]] == [pl]
    ec2.delete_managed_prefix_list(PrefixListId=pl)


def test_a_rule_naming_an_unknown_list_changes_nothing(ec2, net):
    sg = ec2.create_security_group(GroupName="web", Description="web", VpcId=net["vpc"])["GroupId"]
    pl = create_list(ec2)["PrefixListId"]
    with raises_code("InvalidPrefixListID.NotFound"):
        ec2.authorize_security_group_ingress(
            GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                        "PrefixListIds": [{"PrefixListId": pl}, {"PrefixListId": UNKNOWN_PL}]}])
    [group] = ec2.describe_security_groups(GroupIds=[sg])["SecurityGroups"]
    assert group["IpPermissions"] == []


# --- quotas (adjustable quotas on) ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quota_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("localvpc-prefix-list-quotas")
    srv = lvpc.ServerProcess(root / "state", log_path=root / "server.log", extra_args=["--enforce-quotas"])
    srv.start(timeout=30)
    yield srv
    alive = srv.is_running()
    code = srv.stop()
    assert alive, f"the quota server died:\n{srv.log_text()}"
    assert code == 0, srv.log_text()


def test_max_entries_count_against_route_and_rule_quotas(quota_server):
    ec2 = lvpc.make_boto_client(quota_server.endpoint, "ec2", access_key="222222222222")
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    igw = lvpc.create_attached_igw(ec2, vpc)
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    big = create_list(ec2, name="big", max_entries=50)["PrefixListId"]
    # The local route is one of the table's 50, so a list of 50 entries does not fit.
    with raises_code("RouteLimitExceeded"):
        ec2.create_route(RouteTableId=rtb, DestinationPrefixListId=big, GatewayId=igw)
    small = create_list(ec2, name="small", max_entries=40)["PrefixListId"]
    ec2.create_route(RouteTableId=rtb, DestinationPrefixListId=small, GatewayId=igw)
    # Growing the list past what the table can hold fails the modification, which AWS reports in the state.
    ec2.modify_managed_prefix_list(PrefixListId=small, MaxEntries=60)
    described = describe_list(ec2, small)
    assert described["State"] == "modify-failed" and described["MaxEntries"] == 40 and rtb in described["StateMessage"]
    sg = ec2.create_security_group(GroupName="g", Description="g", VpcId=vpc)["GroupId"]
    huge = create_list(ec2, name="huge", max_entries=61)["PrefixListId"]
    with raises_code("RulesPerSecurityGroupLimitExceeded"):
        ec2.authorize_security_group_ingress(
            GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": huge}]}])
    ec2.authorize_security_group_ingress(
        GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": small}]}])


# --- durability ----------------------------------------------------------------------------------------------------


def test_lists_versions_and_references_survive_a_restart(tmp_path):
    state = tmp_path / "state"
    with lvpc.ServerProcess(state, log_path=tmp_path / "run1.log").running() as srv:
        ec2 = lvpc.make_boto_client(srv.endpoint, "ec2")
        pl = create_list(ec2, TagSpecifications=tag_spec("prefix-list", Name="offices"))["PrefixListId"]
        ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "192.0.2.0/24"}])
        vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
        igw = lvpc.create_attached_igw(ec2, vpc)
        rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=rtb, DestinationPrefixListId=pl, GatewayId=igw)
        before = (describe_list(ec2, pl), entries_of(ec2, pl, TargetVersion=1), lvpc.describe_route_table(ec2, rtb))
    with lvpc.ServerProcess(state, log_path=tmp_path / "run2.log").running() as srv:
        ec2 = lvpc.make_boto_client(srv.endpoint, "ec2")
        for item in before:
            item.pop("ResponseMetadata", None) if isinstance(item, dict) else None
        after = (describe_list(ec2, pl), entries_of(ec2, pl, TargetVersion=1), lvpc.describe_route_table(ec2, rtb))
        assert after == before
        assert entries_of(ec2, pl) == {"198.51.100.0/24": "HQ", "203.0.113.0/24": None, "192.0.2.0/24": None}


# --- the Reachability Analyzer -------------------------------------------------------------------------------------


def test_the_analyzer_follows_a_route_to_a_prefix_list_and_a_rule_naming_one(ec2, endpoint, tmp_path):
    import subprocess

    import insights_helpers as ih

    pair = ih.peered_pair(ec2)
    pl = create_list(ec2, name="peer", entries=[{"Cidr": "172.16.1.0/24"}])["PrefixListId"]
    ec2.create_route(RouteTableId=pair["rtb_a"], DestinationPrefixListId=pl, VpcPeeringConnectionId=pair["pcx"])
    ec2.create_route(RouteTableId=pair["rtb_b"], DestinationCidrBlock="10.0.0.0/16", VpcPeeringConnectionId=pair["pcx"])
    back = create_list(ec2, name="web", entries=[{"Cidr": "10.0.1.0/24"}])["PrefixListId"]
    ec2.authorize_security_group_ingress(
        GroupId=pair["b"]["sg"], IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": back}]}])
    analysis = ih.analyse(ec2, pair["web"], pair["db"])
    assert analysis["NetworkPathFound"] is True, analysis.get("Explanations")
    routes = [c["RouteTableRoute"] for c in analysis["ForwardPathComponents"] if "RouteTableRoute" in c]
    assert routes[0]["DestinationPrefixListId"] == pl and "DestinationCidr" not in routes[0]
    rules = [c["SecurityGroupRule"] for c in analysis["ForwardPathComponents"] if "SecurityGroupRule" in c]
    assert any(r.get("PrefixListId") == back for r in rules)
    # `localvpc reach` names the list as the route's destination and as the rule's peer.
    env = lvpc.cli_env(endpoint, "test", "us-east-1", tmp_path)
    run = subprocess.run(
        [str(lvpc.localvpc_bin()), "reach", "web", "db", "--protocol", "tcp", "--port", "22"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"route {pl} -> {pair['pcx']}" in run.stdout and f"from {back}" in run.stdout, run.stdout
    # Take the peer's subnet out of the list: the route no longer matches.
    ec2.modify_managed_prefix_list(PrefixListId=pl, RemoveEntries=[{"Cidr": "172.16.1.0/24"}], AddEntries=[{"Cidr": "172.16.9.0/24"}])
    assert ih.codes(ih.analyse(ec2, pair["web"], pair["db"])) == ["NO_ROUTE_TO_DESTINATION"]
