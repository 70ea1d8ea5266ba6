"""VPC endpoints: DescribeVpcEndpointServices, CreateVpcEndpoint (gateway and
interface), DescribeVpcEndpoints, ModifyVpcEndpoint and DeleteVpcEndpoints,
with boto3 and the AWS CLI, as Terraform, Ansible and `localvpc reach` use them.

Sources quoted here:
- EC2 API Reference, CreateVpcEndpoint: "VpcEndpointType ... Default: Gateway";
  PolicyDocument: "If this parameter is not specified, we attach a default
  policy that allows full access to the service"; SecurityGroupIds: "If this
  parameter is not specified, we use the default security group for the VPC";
  PrivateDnsEnabled: "To use a private hosted zone, you must set the following
  VPC attributes to true: enableDnsHostnames and enableDnsSupport".
- AWS CLI examples (create-vpc-endpoint, describe-vpc-endpoints,
  describe-vpc-endpoint-services): a gateway endpoint answers "State":
  "available", an interface endpoint "pending"; DnsEntries
  "vpce-…-9hnenorg.s3.us-east-1.vpce.amazonaws.com" and the zonal
  "vpce-…-9hnenorg-us-east-1c…" with HostedZoneId "Z7HUB22UULQXV"; S3 is
  listed as a Gateway and as an Interface service under one name.
- PrivateLink guide, gateway endpoints: "A route is automatically added to
  each of the route tables with a destination that specifies the AWS prefix
  list ID of the service and a target with the endpoint ID"; you "can't
  create multiple endpoints to the same service in a single route table".
- EC2 error codes: InvalidServiceName, DuplicateSubnetsInSameZone ("For an
  interface VPC endpoint, you can specify only one subnet per Availability
  Zone"), InvalidPolicyDocument, InvalidVpcEndpoint.NotFound (bulk requests
  list unsuccessful items), InvalidVpcEndpointId.NotFound / .Malformed.
- Terraform (aws_vpc_endpoint): waits while "pending" for "available", and on
  delete while "deleting"/"deleted" until the endpoint is gone ("deleted"
  counts as gone); Ansible (ec2_vpc_endpoint): matches endpoints by
  service-name and vpc-id filters and RouteTableIds, treats
  InvalidVpcEndpoint.NotFound in Unsuccessful as already deleted.
"""

from __future__ import annotations

import json
import subprocess

import pytest

import lvpc
from lvpc import ServerProcess, create_subnet, create_vpc, filters, make_boto_client, raises_code, tag_spec, tags_of

S3 = "com.amazonaws.us-east-1.s3"
SSM = "com.amazonaws.us-east-1.ssm"
DEFAULT_POLICY = {"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}


@pytest.fixture
def lab(ec2):
    """A VPC with DNS hostnames on, subnets in us-east-1a (two) and us-east-1b, and a route table for the first."""
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    a = create_subnet(ec2, vpc, "10.0.1.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
    a2 = create_subnet(ec2, vpc, "10.0.2.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
    b = create_subnet(ec2, vpc, "10.0.3.0/24", AvailabilityZone="us-east-1b")["SubnetId"]
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=rtb, SubnetId=a)
    return {"vpc": vpc, "a": a, "a2": a2, "b": b, "rtb": rtb}


def endpoint_of(ec2, endpoint_id):
    [endpoint] = ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"]
    return endpoint


def endpoint_ids(ec2, **kw):
    return [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints(**kw)["VpcEndpoints"]]


def s3_prefix_list(ec2):
    [pl] = ec2.describe_prefix_lists(Filters=filters(**{"prefix-list-name": S3}))["PrefixLists"]
    return pl


def interface(ec2, lab, service=SSM, subnets=("a", "b"), **kw):
    return ec2.create_vpc_endpoint(
        VpcId=lab["vpc"], ServiceName=service, VpcEndpointType="Interface", SubnetIds=[lab[s] for s in subnets], **kw
    )["VpcEndpoint"]


# --- DescribeVpcEndpointServices ---------------------------------------------------------


def test_services_list_s3_as_gateway_and_interface_in_every_zone(ec2):
    answer = ec2.describe_vpc_endpoint_services(ServiceNames=[S3])
    assert answer["ServiceNames"] == [S3]
    details = answer["ServiceDetails"]
    assert [d["ServiceType"] for d in details] == [[{"ServiceType": "Gateway"}], [{"ServiceType": "Interface"}]]
    zones = sorted(z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"])
    for detail in details:
        assert detail["Owner"] == "amazon" and detail["AcceptanceRequired"] is False and detail["ManagesVpcEndpoints"] is False
        assert sorted(detail["AvailabilityZones"]) == zones and detail["VpcEndpointPolicySupported"] is True
        assert detail["ServiceId"].startswith("vpce-svc-") and detail["ServiceRegion"] == "us-east-1"
    gateway, iface = details
    assert gateway["BaseEndpointDnsNames"] == ["s3.us-east-1.amazonaws.com"] and "PrivateDnsName" not in gateway
    assert iface["BaseEndpointDnsNames"] == ["s3.us-east-1.vpce.amazonaws.com"]
    assert iface["PrivateDnsName"] == "*.s3.us-east-1.amazonaws.com" and iface["PrivateDnsNameVerificationState"] == "verified"


def test_services_filters_pages_and_unknown_names(ec2, aws):
    pages = ec2.get_paginator("describe_vpc_endpoint_services").paginate(PaginationConfig={"PageSize": 7})
    details = [d for page in pages for d in page["ServiceDetails"]]
    names = {d["ServiceName"] for d in details}
    assert len(details) == len(ec2.describe_vpc_endpoint_services()["ServiceDetails"]) > 30
    for service in ("ec2", "ec2messages", "ssm", "ssmmessages", "sts", "logs", "monitoring", "kms", "secretsmanager", "ecr.api",
                    "ecr.dkr", "sqs", "sns", "execute-api", "elasticloadbalancing", "lambda", "dynamodb"):
        assert f"com.amazonaws.us-east-1.{service}" in names, service
    gateways = ec2.describe_vpc_endpoint_services(Filters=filters(**{"service-type": "Gateway"}))["ServiceNames"]
    assert gateways == ["com.amazonaws.us-east-1.dynamodb", S3]
    ecr = aws("ec2", "describe-vpc-endpoint-services", "--filters", "Name=service-name,Values=*.ecr.*")["ServiceNames"]
    assert ecr == ["com.amazonaws.us-east-1.ecr.api", "com.amazonaws.us-east-1.ecr.dkr"]
    with raises_code("InvalidServiceName"):
        ec2.describe_vpc_endpoint_services(ServiceNames=["com.amazonaws.us-east-1.nope"])
    with raises_code("InvalidParameterValue", message="The filter 'vpc-id' is invalid"):
        ec2.describe_vpc_endpoint_services(Filters=filters(**{"vpc-id": "vpc-1"}))
    with raises_code("DryRunOperation"):
        ec2.describe_vpc_endpoint_services(DryRun=True)


def test_services_are_the_callers_regions(client_factory):
    eu = client_factory("ec2", region="eu-west-1")
    names = eu.describe_vpc_endpoint_services()["ServiceNames"]
    assert "com.amazonaws.eu-west-1.s3" in names and not any("us-east-1" in n for n in names)
    details = eu.describe_vpc_endpoint_services(ServiceNames=["com.amazonaws.eu-west-1.s3"])["ServiceDetails"]
    assert details[0]["AvailabilityZones"] == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]


# --- Gateway endpoints -----------------------------------------------------------------------


def test_gateway_endpoint_routes_to_the_services_prefix_list(ec2, aws, lab):
    created = aws(
        "ec2", "create-vpc-endpoint", "--vpc-id", lab["vpc"], "--service-name", S3, "--route-table-ids", lab["rtb"],
        "--tag-specifications", "ResourceType=vpc-endpoint,Tags=[{Key=Name,Value=s3}]",
    )["VpcEndpoint"]
    assert created["State"] == "available" and created["VpcEndpointType"] == "Gateway"
    assert created["VpcEndpointId"].startswith("vpce-") and len(created["VpcEndpointId"]) == len("vpce-") + 17
    assert json.loads(created["PolicyDocument"]) == DEFAULT_POLICY
    assert created["RouteTableIds"] == [lab["rtb"]] and created["SubnetIds"] == [] and created["NetworkInterfaceIds"] == []
    assert created["OwnerId"] == lvpc.DEFAULT_ACCOUNT and tags_of(created) == {"Name": "s3"}
    pl = s3_prefix_list(ec2)
    routes = lvpc.describe_route_table(ec2, lab["rtb"])["Routes"]
    [route] = [r for r in routes if "DestinationPrefixListId" in r]
    assert route == {
        "DestinationPrefixListId": pl["PrefixListId"], "GatewayId": created["VpcEndpointId"], "Origin": "CreateRoute", "State": "active",
    }
    # DescribeRouteTables finds the table by the endpoint and by the list.
    by_gateway = ec2.describe_route_tables(Filters=filters(**{"route.gateway-id": created["VpcEndpointId"]}))["RouteTables"]
    assert [t["RouteTableId"] for t in by_gateway] == [lab["rtb"]]
    by_list = ec2.describe_route_tables(Filters=filters(**{"route.destination-prefix-list-id": pl["PrefixListId"]}))["RouteTables"]
    assert [t["RouteTableId"] for t in by_list] == [lab["rtb"]]


def test_one_endpoint_per_service_in_a_route_table(ec2, lab):
    first = ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName=S3, RouteTableIds=[lab["rtb"]])["VpcEndpoint"]
    before = lvpc.describe_route_table(ec2, lab["rtb"])
    with raises_code("RouteAlreadyExists"):
        ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName=S3, RouteTableIds=[lab["rtb"]])
    assert endpoint_ids(ec2) == [first["VpcEndpointId"]] and lvpc.describe_route_table(ec2, lab["rtb"]) == before
    other = ec2.create_route_table(VpcId=lab["vpc"])["RouteTable"]["RouteTableId"]
    with raises_code("RouteAlreadyExists"):
        ec2.modify_vpc_endpoint(VpcEndpointId=first["VpcEndpointId"], AddRouteTableIds=[other, lab["rtb"]])
    assert endpoint_of(ec2, first["VpcEndpointId"])["RouteTableIds"] == [lab["rtb"]], "a refused modify changes nothing"
    # DynamoDB's endpoint shares the table.
    ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName="com.amazonaws.us-east-1.dynamodb", RouteTableIds=[lab["rtb"]])


def test_gateway_refusals_change_nothing(ec2, lab):
    other_vpc = create_vpc(ec2, "10.9.0.0/16")["VpcId"]
    foreign = ec2.create_route_table(VpcId=other_vpc)["RouteTable"]["RouteTableId"]
    cases = [
        ("InvalidServiceName", dict(ServiceName="com.amazonaws.us-east-1.nope")),
        ("InvalidServiceName", dict(ServiceName="com.amazonaws.us-west-2.s3")),
        ("InvalidParameter", dict(ServiceName=SSM)),
        ("InvalidParameter", dict(ServiceName=S3, RouteTableIds=[foreign])),
        ("InvalidRouteTableID.NotFound", dict(ServiceName=S3, RouteTableIds=["rtb-0123456789abcdef0"])),
        ("InvalidPolicyDocument", dict(ServiceName=S3, PolicyDocument="{not json")),
        ("InvalidPolicyDocument", dict(ServiceName=S3, PolicyDocument='{"Version": "2012-10-17"}')),
        ("InvalidVpcEndpointType", dict(ServiceName=S3, VpcEndpointType="Sideways")),
        ("InvalidVpcID.NotFound", dict(ServiceName=S3, VpcId="vpc-0123456789abcdef0")),
    ]
    before = lvpc.describe_route_table(ec2, lab["rtb"])
    for code, params in cases:
        with raises_code(code):
            ec2.create_vpc_endpoint(**{"VpcId": lab["vpc"], "RouteTableIds": [lab["rtb"]], **params})
    assert endpoint_ids(ec2) == [] and lvpc.describe_route_table(ec2, lab["rtb"]) == before
    with raises_code("DryRunOperation"):
        ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName=S3, RouteTableIds=[lab["rtb"]], DryRun=True)
    assert endpoint_ids(ec2) == []


def test_modify_moves_routes_and_replaces_the_policy(ec2, aws, lab):
    endpoint = ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName=S3, RouteTableIds=[lab["rtb"]])["VpcEndpoint"]
    eid = endpoint["VpcEndpointId"]
    other = ec2.create_route_table(VpcId=lab["vpc"])["RouteTable"]["RouteTableId"]
    policy = json.dumps({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*"}]})
    assert aws(
        "ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", eid, "--add-route-table-ids", other, "--remove-route-table-ids", lab["rtb"],
        "--policy-document", policy,
    ) == {"Return": True}
    changed = endpoint_of(ec2, eid)
    assert changed["RouteTableIds"] == [other] and changed["PolicyDocument"] == policy
    assert not any("DestinationPrefixListId" in r for r in lvpc.describe_route_table(ec2, lab["rtb"])["Routes"])
    assert any(r.get("GatewayId") == eid for r in lvpc.describe_route_table(ec2, other)["Routes"])
    with raises_code("InvalidPolicyDocument"):
        ec2.modify_vpc_endpoint(VpcEndpointId=eid, PolicyDocument="nope", AddRouteTableIds=[lab["rtb"]])
    assert endpoint_of(ec2, eid) == changed
    ec2.modify_vpc_endpoint(VpcEndpointId=eid, ResetPolicy=True)
    assert json.loads(endpoint_of(ec2, eid)["PolicyDocument"]) == DEFAULT_POLICY
    # The endpoint's route is the endpoint's: DeleteRoute refuses it.
    with raises_code("InvalidParameterValue"):
        ec2.delete_route(RouteTableId=other, DestinationPrefixListId=s3_prefix_list(ec2)["PrefixListId"])


def test_deleting_a_route_table_takes_it_off_the_endpoint(ec2, lab):
    other = ec2.create_route_table(VpcId=lab["vpc"])["RouteTable"]["RouteTableId"]
    eid = ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName=S3, RouteTableIds=[lab["rtb"], other])["VpcEndpoint"]["VpcEndpointId"]
    ec2.delete_route_table(RouteTableId=other)
    assert endpoint_of(ec2, eid)["RouteTableIds"] == [lab["rtb"]]
    with raises_code("InvalidRouteTableID.NotFound"):
        ec2.modify_vpc_endpoint(VpcEndpointId=eid, RemoveRouteTableIds=[other])


# --- Interface endpoints ---------------------------------------------------------------------


def test_interface_endpoint_has_an_interface_per_subnet_and_dns_names(ec2, aws, lab):
    created = aws(
        "ec2", "create-vpc-endpoint", "--vpc-id", lab["vpc"], "--vpc-endpoint-type", "Interface", "--service-name", SSM,
        "--subnet-ids", lab["a"], lab["b"],
    )["VpcEndpoint"]
    eid = created["VpcEndpointId"]
    assert created["State"] == "pending", "AWS answers while it provisions the interfaces"
    assert created["PrivateDnsEnabled"] is True and created["RouteTableIds"] == [] and created["RequesterManaged"] is False
    assert created["IpAddressType"] == "ipv4" and created["DnsOptions"] == {"DnsRecordIpType": "ipv4"}
    [group] = created["Groups"]
    default = ec2.describe_security_groups(Filters=filters(**{"vpc-id": lab["vpc"], "group-name": "default"}))["SecurityGroups"][0]
    assert group == {"GroupId": default["GroupId"], "GroupName": "default"}
    assert created["SubnetIds"] == [lab["a"], lab["b"]] and len(created["NetworkInterfaceIds"]) == 2
    enis = ec2.describe_network_interfaces(NetworkInterfaceIds=created["NetworkInterfaceIds"])["NetworkInterfaces"]
    for eni in enis:
        assert eni["InterfaceType"] == "vpc_endpoint" and eni["RequesterManaged"] is True and eni["Status"] == "in-use"
        assert eni["Description"] == f"VPC Endpoint Interface {eid}" and eni["Groups"][0]["GroupId"] == default["GroupId"]
        assert "Attachment" not in eni
    by_type = ec2.describe_network_interfaces(Filters=filters(**{"interface-type": "vpc_endpoint"}))["NetworkInterfaces"]
    assert sorted(e["NetworkInterfaceId"] for e in by_type) == sorted(created["NetworkInterfaceIds"])
    names = [entry["DnsName"] for entry in created["DnsEntries"]]
    stem = names[0].split(".")[0]
    assert stem.startswith(eid + "-") and len(stem) == len(eid) + 9
    assert names == [
        f"{stem}.ssm.us-east-1.vpce.amazonaws.com", f"{stem}-us-east-1a.ssm.us-east-1.vpce.amazonaws.com",
        f"{stem}-us-east-1b.ssm.us-east-1.vpce.amazonaws.com", "ssm.us-east-1.amazonaws.com",
    ]
    assert {e["HostedZoneId"] for e in created["DnsEntries"][:3]} == {"Z7HUB22UULQXV"}


def test_terraforms_polling_sees_pending_then_available(ec2, lab, advance_clock):
    eid = interface(ec2, lab)["VpcEndpointId"]
    assert endpoint_of(ec2, eid)["State"] == "pending"
    assert endpoint_ids(ec2, Filters=filters(**{"vpc-endpoint-state": "pending"})) == [eid]
    advance_clock(6)  # Terraform looks first after 5 seconds
    assert endpoint_of(ec2, eid)["State"] == "available"


def test_interface_refusals_change_nothing(ec2, lab):
    enis_before = len(ec2.describe_network_interfaces()["NetworkInterfaces"])
    with raises_code("DuplicateSubnetsInSameZone"):
        interface(ec2, lab, subnets=("a", "a2"))
    with raises_code("InvalidParameter", message="Route table IDs are only supported for Gateway type VPC Endpoint."):
        interface(ec2, lab, RouteTableIds=[lab["rtb"]])
    with raises_code("InvalidSubnetID.NotFound"):
        ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName=SSM, VpcEndpointType="Interface", SubnetIds=["subnet-0123456789abcdef0"])
    with raises_code("InvalidParameter"):
        interface(ec2, lab, service="com.amazonaws.us-east-1.ec2messages", PolicyDocument=json.dumps(DEFAULT_POLICY))
    no_dns = create_vpc(ec2, "10.7.0.0/16")["VpcId"]
    subnet = create_subnet(ec2, no_dns, "10.7.1.0/24")["SubnetId"]
    with raises_code(
        "InvalidParameter",
        message=f"Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for {no_dns}",
    ):
        ec2.create_vpc_endpoint(VpcId=no_dns, ServiceName=SSM, VpcEndpointType="Interface", SubnetIds=[subnet])
    assert endpoint_ids(ec2) == [] and len(ec2.describe_network_interfaces()["NetworkInterfaces"]) == enis_before
    # Without private DNS the same endpoint is fine.
    made = ec2.create_vpc_endpoint(
        VpcId=no_dns, ServiceName=SSM, VpcEndpointType="Interface", SubnetIds=[subnet], PrivateDnsEnabled=False
    )["VpcEndpoint"]
    assert made["PrivateDnsEnabled"] is False and all("amazonaws.com" in e["DnsName"] for e in made["DnsEntries"])


def test_private_dns_names_one_endpoint_per_service(ec2, lab):
    interface(ec2, lab)
    with raises_code("InvalidParameter", message=f"conflicting DNS domain for ssm.us-east-1.amazonaws.com in the VPC {lab['vpc']}"):
        interface(ec2, lab)
    second = interface(ec2, lab, PrivateDnsEnabled=False)
    with raises_code("InvalidParameter"):
        ec2.modify_vpc_endpoint(VpcEndpointId=second["VpcEndpointId"], PrivateDnsEnabled=True)


def test_the_endpoints_interfaces_and_subnets_are_held(ec2, lab):
    endpoint = interface(ec2, lab, subnets=("a",))
    [eni] = endpoint["NetworkInterfaceIds"]
    with raises_code("OperationNotPermitted"):
        ec2.delete_network_interface(NetworkInterfaceId=eni)
    with raises_code("OperationNotPermitted"):
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni, SourceDestCheck={"Value": False})
    with raises_code("DependencyViolation"):
        ec2.delete_subnet(SubnetId=lab["a"])
    with raises_code("DependencyViolation"):
        ec2.delete_vpc(VpcId=lab["vpc"])
    default_group = endpoint["Groups"][0]["GroupId"]
    group = ec2.create_security_group(GroupName="endpoints", Description="endpoints", VpcId=lab["vpc"])["GroupId"]
    ec2.modify_vpc_endpoint(
        VpcEndpointId=endpoint["VpcEndpointId"], AddSecurityGroupIds=[group], RemoveSecurityGroupIds=[default_group], AddSubnetIds=[lab["b"]]
    )
    changed = endpoint_of(ec2, endpoint["VpcEndpointId"])
    assert changed["Groups"] == [{"GroupId": group, "GroupName": "endpoints"}] and changed["SubnetIds"] == [lab["a"], lab["b"]]
    enis = ec2.describe_network_interfaces(NetworkInterfaceIds=changed["NetworkInterfaceIds"])["NetworkInterfaces"]
    assert all(e["Groups"] == [{"GroupId": group, "GroupName": "endpoints"}] for e in enis)
    with raises_code("DependencyViolation"):
        ec2.delete_security_group(GroupId=group)
    ec2.modify_vpc_endpoint(VpcEndpointId=endpoint["VpcEndpointId"], RemoveSubnetIds=[lab["a"]])
    ec2.delete_subnet(SubnetId=lab["a"])
    with raises_code("InvalidNetworkInterfaceID.NotFound"):
        ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])


# --- Describe, delete, tags, tokens ------------------------------------------------------------


def test_describe_filters_and_pages(ec2, lab):
    gateway = ec2.create_vpc_endpoint(
        VpcId=lab["vpc"], ServiceName=S3, RouteTableIds=[lab["rtb"]], TagSpecifications=tag_spec("vpc-endpoint", Name="g")
    )["VpcEndpoint"]["VpcEndpointId"]
    iface = interface(ec2, lab, subnets=("a",))["VpcEndpointId"]
    other_vpc = create_vpc(ec2, "10.8.0.0/16")["VpcId"]
    other = ec2.create_vpc_endpoint(VpcId=other_vpc, ServiceName="com.amazonaws.us-east-1.dynamodb")["VpcEndpoint"]["VpcEndpointId"]
    cases = {
        ("vpc-endpoint-type", "Gateway"): [gateway, other],
        ("vpc-endpoint-type", "Interface"): [iface],
        ("service-name", S3): [gateway],
        ("service-name", "*dynamodb"): [other],
        ("vpc-id", lab["vpc"]): [gateway, iface],
        ("vpc-endpoint-id", iface): [iface],
        ("vpc-endpoint-state", "available"): [gateway, other],
        ("ip-address-type", "ipv4"): [gateway, iface, other],
        ("service-region", "us-east-1"): [gateway, iface, other],
        ("tag:Name", "g"): [gateway],
        ("tag-key", "Name"): [gateway],
    }
    for (name, value), expected in cases.items():
        assert sorted(endpoint_ids(ec2, Filters=filters(**{name: value}))) == sorted(expected), name
    pages = ec2.get_paginator("describe_vpc_endpoints").paginate(PaginationConfig={"PageSize": 1})
    assert sorted(e["VpcEndpointId"] for p in pages for e in p["VpcEndpoints"]) == sorted([gateway, iface, other])
    with raises_code("InvalidVpcEndpointId.NotFound"):
        ec2.describe_vpc_endpoints(VpcEndpointIds=["vpce-0123456789abcdef0"])
    with raises_code("InvalidVpcEndpointId.Malformed"):
        ec2.describe_vpc_endpoints(VpcEndpointIds=["vpce-nope"])
    with raises_code("DryRunOperation"):
        ec2.describe_vpc_endpoints(DryRun=True)
    rows = ec2.describe_tags(Filters=filters(**{"resource-type": "vpc-endpoint"}))["Tags"]
    assert [(r["ResourceId"], r["Key"]) for r in rows] == [(gateway, "Name")]
    ec2.create_tags(Resources=[iface], Tags=[{"Key": "team", "Value": "net"}])
    assert tags_of(endpoint_of(ec2, iface)) == {"team": "net"}
    with raises_code("InvalidParameterValue"):
        ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName="com.amazonaws.us-east-1.dynamodb", TagSpecifications=tag_spec("vpc", Name="x"))


def test_delete_answers_unsuccessful_items_and_the_states_follow(ec2, aws, lab, advance_clock):
    gateway = ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName=S3, RouteTableIds=[lab["rtb"]])["VpcEndpoint"]["VpcEndpointId"]
    iface = interface(ec2, lab)
    answer = aws("ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", gateway, iface["VpcEndpointId"])
    assert answer == {"Unsuccessful": []}
    assert endpoint_of(ec2, gateway)["State"] == "deleted"
    assert endpoint_of(ec2, iface["VpcEndpointId"])["State"] == "deleting"
    assert not any("DestinationPrefixListId" in r for r in lvpc.describe_route_table(ec2, lab["rtb"])["Routes"])
    with raises_code("InvalidNetworkInterfaceID.NotFound"):
        ec2.describe_network_interfaces(NetworkInterfaceIds=iface["NetworkInterfaceIds"][:1])
    advance_clock(6)
    assert endpoint_of(ec2, iface["VpcEndpointId"])["State"] == "deleted"
    answer = ec2.delete_vpc_endpoints(VpcEndpointIds=[gateway, "vpce-0123456789abcdef0", "vpce-bad"])
    assert [(u["ResourceId"], u["Error"]["Code"]) for u in answer["Unsuccessful"]] == [
        (gateway, "InvalidVpcEndpoint.NotFound"), ("vpce-0123456789abcdef0", "InvalidVpcEndpoint.NotFound"),
        ("vpce-bad", "InvalidVpcEndpoint.NotFound"),
    ]
    with raises_code("InvalidVpcEndpointId.NotFound"):
        ec2.modify_vpc_endpoint(VpcEndpointId=gateway, ResetPolicy=True)
    # Deleted endpoints fade from Describe after a while.
    advance_clock(61)
    assert endpoint_ids(ec2) == []
    with raises_code("InvalidVpcEndpointId.NotFound"):
        ec2.describe_vpc_endpoints(VpcEndpointIds=[gateway])


def test_a_client_token_answers_the_endpoint_it_made(ec2, lab):
    params = dict(VpcId=lab["vpc"], ServiceName=S3, RouteTableIds=[lab["rtb"]], ClientToken="token-1")
    first = ec2.create_vpc_endpoint(**params)
    second = ec2.create_vpc_endpoint(**params)
    assert first["VpcEndpoint"]["VpcEndpointId"] == second["VpcEndpoint"]["VpcEndpointId"]
    assert second["ClientToken"] == "token-1" and len(endpoint_ids(ec2)) == 1
    with raises_code("IdempotentParameterMismatch"):
        ec2.create_vpc_endpoint(**{**params, "ServiceName": "com.amazonaws.us-east-1.dynamodb"})


def test_what_ansibles_ec2_vpc_endpoint_reads(ec2, lab):
    """ec2_vpc_endpoint finds an existing endpoint by service-name and vpc-id and compares RouteTableIds (which every
    endpoint must carry); its VpcEndpointExists waiter retries on InvalidVpcEndpointId.NotFound."""
    iface = interface(ec2, lab, subnets=("a",))["VpcEndpointId"]
    gateway = ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName=S3, RouteTableIds=[lab["rtb"]])["VpcEndpoint"]["VpcEndpointId"]
    found = ec2.get_paginator("describe_vpc_endpoints").paginate(
        Filters=[{"Name": "service-name", "Values": [S3]}, {"Name": "vpc-id", "Values": [lab["vpc"]]}]
    ).build_full_result()["VpcEndpoints"]
    assert [e["VpcEndpointId"] for e in found] == [gateway] and sorted(found[0]["RouteTableIds"]) == [lab["rtb"]]
    assert endpoint_of(ec2, iface)["RouteTableIds"] == []
    unsuccessful = ec2.delete_vpc_endpoints(VpcEndpointIds=[gateway])["Unsuccessful"]
    assert unsuccessful == []
    again = ec2.delete_vpc_endpoints(VpcEndpointIds=[gateway])["Unsuccessful"]
    assert again[0]["Error"]["Code"] == "InvalidVpcEndpoint.NotFound", "a second teardown sees nothing left to delete"


# --- Reachability --------------------------------------------------------------------------------


def test_reach_goes_through_the_gateway_endpoint(ec2, endpoint, lab, tmp_path):
    instance = ec2.run_instances(ImageId="ami-12345678", InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=lab["a"])[
        "Instances"
    ][0]["InstanceId"]
    address = s3_prefix_list(ec2)["Cidrs"][0].split("/")[0]

    def reach():
        env = lvpc.cli_env(endpoint, "test", "us-east-1", tmp_path)
        return subprocess.run(
            [str(lvpc.localvpc_bin()), "reach", instance, address, "--protocol", "tcp", "--port", "443"],
            env=env, capture_output=True, text=True, timeout=120,
        )

    blocked = reach()
    assert blocked.returncode == 1 and "NO_ROUTE_TO_DESTINATION" in blocked.stdout
    eid = ec2.create_vpc_endpoint(VpcId=lab["vpc"], ServiceName=S3, RouteTableIds=[lab["rtb"]])["VpcEndpoint"]["VpcEndpointId"]
    run = reach()
    assert run.returncode == 0, run.stdout + run.stderr
    assert eid in run.stdout and "REACHABLE" in run.stdout


# --- Durability ----------------------------------------------------------------------------------


@pytest.mark.own_server
def test_endpoints_survive_a_restart(tmp_path):
    state = tmp_path / "state"
    srv = ServerProcess(state, log_path=tmp_path / "run1.log").start()
    try:
        ec2 = make_boto_client(srv.endpoint)
        vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
        subnet = create_subnet(ec2, vpc, "10.0.1.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
        rtb = lvpc.main_route_table(ec2, vpc)["RouteTableId"]
        ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=S3, RouteTableIds=[rtb], TagSpecifications=tag_spec("vpc-endpoint", Name="s3"))
        ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=SSM, VpcEndpointType="Interface", SubnetIds=[subnet])
        before = (ec2.describe_vpc_endpoints()["VpcEndpoints"], lvpc.describe_route_table(ec2, rtb)["Routes"])
        srv.kill()
        srv = ServerProcess(state, log_path=tmp_path / "run2.log").start()
        ec2 = make_boto_client(srv.endpoint)
        after = (ec2.describe_vpc_endpoints()["VpcEndpoints"], lvpc.describe_route_table(ec2, rtb)["Routes"])
        for endpoint in before[0] + after[0]:
            endpoint.pop("State")  # the interface endpoint may have left `pending` meanwhile
        assert after == before
    finally:
        srv.stop()
