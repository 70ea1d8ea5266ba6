"""Idempotent creates: a request that repeats an earlier one's ClientToken
answers what the first made and makes nothing more; the same token asking for
something else is IdempotentParameterMismatch, and changes nothing.

boto3 and the AWS CLI fill ClientToken with a fresh UUID for the operations
whose model marks it as an idempotency token (CreateRouteTable,
CreateNetworkAcl, CreateNetworkInterface, CreateVolume, CreateNatGateway,
CreateManagedPrefixList, CreateLaunchTemplate, CreateLaunchTemplateVersion,
RunInstances, ...), and send
the same one again when they retry a request whose answer was lost: without
this, a retry would make a second resource.

Sources:
- EC2 API Reference, "Ensuring idempotency in Amazon EC2 API requests": "If
  you repeat a request with the same client token and the same parameters,
  the request succeeds without performing further actions ... If you repeat
  the request with the same client token, but one or more of the parameters
  are different ... the request fails with an IdempotentParameterMismatch
  error."
- The message is AWS's, as RunInstances users quote it: "Arguments on this
  idempotent request are inconsistent with arguments used in previous
  request(s)."
"""

from __future__ import annotations

import pytest

from lvpc import ServerProcess, create_subnet, create_vpc, filters, make_boto_client, raises_code

MISMATCH = r"^Arguments on this idempotent request are inconsistent with arguments used in previous request\(s\)\.$"
ROLE = "arn:aws:iam::123456789012:role/flow-logs"


@pytest.fixture
def lab(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    other = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    subnet = create_subnet(ec2, vpc, "10.0.1.0/24")
    template = ec2.create_launch_template(LaunchTemplateName="base", LaunchTemplateData={"InstanceType": "t3.micro"})
    main = ec2.describe_route_tables(Filters=filters(**{"vpc-id": vpc, "association.main": "true"}))["RouteTables"][0]
    return {"vpc": vpc, "other": other, "subnet": subnet["SubnetId"], "zone": subnet["AvailabilityZone"],
            "template": template["LaunchTemplate"]["LaunchTemplateId"], "main_table": main["RouteTableId"]}


def creates(ec2, lab):
    """Each create: the call, what it returns the id of, how to list what exists, and a change that makes it a
    different request."""
    return {
        "route-table": (
            lambda **kw: ec2.create_route_table(**kw)["RouteTable"]["RouteTableId"],
            {"VpcId": lab["vpc"]}, {"VpcId": lab["other"]},
            lambda: {t["RouteTableId"] for t in ec2.describe_route_tables()["RouteTables"]},
        ),
        "network-acl": (
            lambda **kw: ec2.create_network_acl(**kw)["NetworkAcl"]["NetworkAclId"],
            {"VpcId": lab["vpc"]}, {"VpcId": lab["other"]},
            lambda: {a["NetworkAclId"] for a in ec2.describe_network_acls()["NetworkAcls"]},
        ),
        "network-interface": (
            lambda **kw: ec2.create_network_interface(**kw)["NetworkInterface"]["NetworkInterfaceId"],
            {"SubnetId": lab["subnet"], "Description": "one"}, {"SubnetId": lab["subnet"], "Description": "two"},
            lambda: {i["NetworkInterfaceId"] for i in ec2.describe_network_interfaces()["NetworkInterfaces"]},
        ),
        "volume": (
            lambda **kw: ec2.create_volume(**kw)["VolumeId"],
            {"AvailabilityZone": lab["zone"], "Size": 8}, {"AvailabilityZone": lab["zone"], "Size": 9},
            lambda: {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]},
        ),
        "nat-gateway": (
            lambda **kw: ec2.create_nat_gateway(**kw)["NatGateway"]["NatGatewayId"],
            {"SubnetId": lab["subnet"], "ConnectivityType": "private"},
            {"SubnetId": lab["subnet"], "ConnectivityType": "private", "SecondaryPrivateIpAddressCount": 1},
            lambda: {g["NatGatewayId"] for g in ec2.describe_nat_gateways()["NatGateways"]},
        ),
        "prefix-list": (
            lambda **kw: ec2.create_managed_prefix_list(**kw)["PrefixList"]["PrefixListId"],
            {"PrefixListName": "offices", "AddressFamily": "IPv4", "MaxEntries": 5},
            {"PrefixListName": "offices", "AddressFamily": "IPv4", "MaxEntries": 6},
            lambda: {
                p["PrefixListId"]
                for p in ec2.describe_managed_prefix_lists(Filters=filters(**{"owner-id": lab_owner(ec2)}))["PrefixLists"]
            },
        ),
        "launch-template": (
            lambda **kw: ec2.create_launch_template(**kw)["LaunchTemplate"]["LaunchTemplateId"],
            {"LaunchTemplateName": "web", "LaunchTemplateData": {"InstanceType": "t3.micro"}},
            {"LaunchTemplateName": "web", "LaunchTemplateData": {"InstanceType": "t3.large"}},
            lambda: {t["LaunchTemplateId"] for t in ec2.describe_launch_templates()["LaunchTemplates"]},
        ),
        # Terraform's aws_launch_template adds a version on each update with a token of its own.
        "launch-template-version": (
            lambda **kw: ec2.create_launch_template_version(**kw)["LaunchTemplateVersion"]["VersionNumber"],
            {"LaunchTemplateId": lab["template"], "LaunchTemplateData": {"InstanceType": "t3.small"}},
            {"LaunchTemplateId": lab["template"], "LaunchTemplateData": {"InstanceType": "t3.large"}},
            lambda: {
                v["VersionNumber"]
                for v in ec2.describe_launch_template_versions(LaunchTemplateId=lab["template"])["LaunchTemplateVersions"]
            },
        ),
        # A retry that adds a route table is a different request, not the same endpoint.
        "vpc-endpoint": (
            lambda **kw: ec2.create_vpc_endpoint(**kw)["VpcEndpoint"]["VpcEndpointId"],
            {"VpcId": lab["vpc"], "ServiceName": "com.amazonaws.us-east-1.s3"},
            {"VpcId": lab["vpc"], "ServiceName": "com.amazonaws.us-east-1.s3", "RouteTableIds": [lab["main_table"]]},
            lambda: {e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]},
        ),
        "flow-logs": (
            lambda **kw: tuple(ec2.create_flow_logs(**kw)["FlowLogIds"]),
            {"ResourceType": "VPC", "ResourceIds": [lab["vpc"]], "TrafficType": "ALL", "LogGroupName": "flows",
             "DeliverLogsPermissionArn": ROLE},
            {"ResourceType": "VPC", "ResourceIds": [lab["vpc"]], "TrafficType": "REJECT", "LogGroupName": "flows",
             "DeliverLogsPermissionArn": ROLE},
            lambda: {f["FlowLogId"] for f in ec2.describe_flow_logs()["FlowLogs"]},
        ),
    }


def lab_owner(ec2):
    return ec2.describe_vpcs()["Vpcs"][0]["OwnerId"]


KINDS = ["route-table", "network-acl", "network-interface", "volume", "nat-gateway", "prefix-list", "launch-template",
         "launch-template-version", "vpc-endpoint", "flow-logs"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_repeated_token_answers_what_the_first_call_made(ec2, lab, kind):
    create, asked, _, existing = creates(ec2, lab)[kind]
    before = existing()
    first = create(ClientToken=f"retry-{kind}", **asked)
    made = existing() - before
    assert made, "the first call makes something"
    assert create(ClientToken=f"retry-{kind}", **asked) == first
    assert existing() - before == made, "the retry makes nothing more"


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_token_asking_for_something_else_is_a_mismatch(ec2, lab, kind):
    create, asked, changed, existing = creates(ec2, lab)[kind]
    create(ClientToken=f"mismatch-{kind}", **asked)
    before = existing()
    with raises_code("IdempotentParameterMismatch", message=MISMATCH) as err:
        create(ClientToken=f"mismatch-{kind}", **changed)
    assert err.http_status == 400
    assert existing() == before


def test_tokens_are_per_operation_and_without_one_every_call_makes_one(ec2, lab):
    table = ec2.create_route_table(VpcId=lab["vpc"], ClientToken="shared")["RouteTable"]["RouteTableId"]
    acl = ec2.create_network_acl(VpcId=lab["vpc"], ClientToken="shared")["NetworkAcl"]["NetworkAclId"]
    assert table.startswith("rtb-") and acl.startswith("acl-")
    first = ec2.create_route_table(VpcId=lab["vpc"])["RouteTable"]["RouteTableId"]
    assert ec2.create_route_table(VpcId=lab["vpc"])["RouteTable"]["RouteTableId"] != first


def test_the_cli_retries_with_its_token(aws, lab):
    once = aws("ec2", "create-route-table", "--vpc-id", lab["vpc"], "--client-token", "cli-retry")
    again = aws("ec2", "create-route-table", "--vpc-id", lab["vpc"], "--client-token", "cli-retry")
    assert again["RouteTable"]["RouteTableId"] == once["RouteTable"]["RouteTableId"]
    assert again["ClientToken"] == "cli-retry"


@pytest.mark.own_server
def test_a_token_outlives_a_restart(tmp_path):
    state = tmp_path / "state"
    with ServerProcess(state, log_path=tmp_path / "run1.log").running() as srv:
        ec2 = make_boto_client(srv.endpoint, "ec2")
        vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
        table = ec2.create_route_table(VpcId=vpc, ClientToken="across")["RouteTable"]["RouteTableId"]
    with ServerProcess(state, log_path=tmp_path / "run2.log").running() as srv:
        ec2 = make_boto_client(srv.endpoint, "ec2")
        assert ec2.create_route_table(VpcId=vpc, ClientToken="across")["RouteTable"]["RouteTableId"] == table
        other = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
        with raises_code("IdempotentParameterMismatch"):
            ec2.create_route_table(VpcId=other, ClientToken="across")
