"""The instance steps of the seed walkthroughs, driven once with boto3 and once
with the AWS CLI, then checked the way a user checks them in the console.

../shared/seeds/002_… (NextWork "VPC Peering"): two VPCs (10.1.0.0/16 and
10.2.0.0/16) with one public subnet each, a peering connection, routes both
ways, an EC2 instance in each VPC launched without a public IPv4 address.
EC2 Instance Connect then fails ("there was no public IPv4 address attached to
my EC2 instance") until an Elastic IP is associated with instance 1; SSH is
opened for one address; the ping from instance 1 to instance 2's private
address (10.2.x.x) works once instance 2's group allows ICMP from VPC 1's
CIDR.

../shared/seeds/000_… ("Create-a-Amazon-VPC-Peering"): a Lab VPC 10.0.0.0/16
with a public subnet routed to an internet gateway through a "Public Route
Table" and an EC2 instance in it; a Shared VPC 10.5.0.0/16 with two subnets
and a database instance in one of them; the "Lab-Peer" peering; routes
10.5.0.0/16 and 10.0.0.0/16 through it. The database host is modelled here as
an EC2 instance reachable from the Lab VPC's CIDR.

The SSH source is one /32 from RFC 5737 (compute_helpers.MY_ADDRESS). Each
walkthrough runs twice: all steps with boto3, and with the instance steps
(security groups and their rules, run-instances, `aws ec2 wait
instance-running`, Elastic IPs) through the AWS CLI.
"""

from __future__ import annotations

import pytest

from compute_helpers import (
    AMI,
    MY_ADDRESS,
    allocate,
    describe_address,
    describe_eni,
    describe_instance,
    group_ids,
    in_cidr,
    in_pool,
    instance_ids,
    primary_interface,
    wait_state,
)
from lvpc import (
    create_subnet,
    create_vpc,
    describe_route_table,
    filters,
    main_route_table,
    raises_code,
    route_to,
    tag_spec,
    tags_of,
)
from peering_helpers import accept, describe_pcx, request_peering

INSTANCE_TYPE = "t2.micro"  # the free-tier type both walkthroughs use


# ---------------------------------------------------------------------------
# The same steps through two clients
# ---------------------------------------------------------------------------


class Boto3Driver:
    name = "boto3"

    def __init__(self, ec2):
        self.ec2 = ec2

    def create_vpc(self, cidr, name):
        return create_vpc(self.ec2, cidr, name=name)["VpcId"]

    def create_subnet(self, vpc_id, cidr, az, name):
        return create_subnet(
            self.ec2, vpc_id, cidr, AvailabilityZone=az, TagSpecifications=tag_spec("subnet", Name=name)
        )["SubnetId"]

    def attach_new_igw(self, vpc_id):
        igw = self.ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        self.ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
        return igw

    def main_route_table(self, vpc_id):
        return main_route_table(self.ec2, vpc_id)["RouteTableId"]

    def route_table_for(self, vpc_id, subnet_id, name):
        rtb = self.ec2.create_route_table(
            VpcId=vpc_id, TagSpecifications=tag_spec("route-table", Name=name)
        )["RouteTable"]["RouteTableId"]
        self.ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet_id)
        return rtb

    def route(self, rtb, cidr, *, gateway=None, pcx=None):
        target = {"GatewayId": gateway} if gateway else {"VpcPeeringConnectionId": pcx}
        self.ec2.create_route(RouteTableId=rtb, DestinationCidrBlock=cidr, **target)

    def peer(self, vpc_id, peer_vpc_id, name):
        pcx = request_peering(
            self.ec2, vpc_id, peer_vpc_id,
            TagSpecifications=tag_spec("vpc-peering-connection", Name=name),
        )["VpcPeeringConnectionId"]
        accept(self.ec2, pcx)
        return pcx

    def security_group(self, vpc_id, name):
        return self.ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc_id)["GroupId"]

    def allow(self, group_id, protocol, port, cidr):
        self.ec2.authorize_security_group_ingress(
            GroupId=group_id,
            IpPermissions=[{"IpProtocol": protocol, "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]}],
        )

    def run_instance(self, subnet_id, group_id, name, public=None):
        kwargs = dict(
            ImageId=AMI, InstanceType=INSTANCE_TYPE, MinCount=1, MaxCount=1,
            TagSpecifications=tag_spec("instance", Name=name),
        )
        if public is None:
            kwargs.update(SubnetId=subnet_id, SecurityGroupIds=[group_id])
        else:
            kwargs["NetworkInterfaces"] = [
                {"DeviceIndex": 0, "SubnetId": subnet_id, "Groups": [group_id], "AssociatePublicIpAddress": public}
            ]
        iid = self.ec2.run_instances(**kwargs)["Instances"][0]["InstanceId"]
        self.ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        return iid

    def elastic_ip_for(self, instance_id):
        eip = allocate(self.ec2)
        self.ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=instance_id)
        return eip["AllocationId"]


class CliDriver(Boto3Driver):
    """The instance steps through the AWS CLI; the network around them (VPCs,
    subnets, gateways, peering, routes - covered by the peering suites) is
    built with boto3 to keep the suite fast."""

    name = "cli"

    def __init__(self, aws, ec2):
        super().__init__(ec2)
        self.aws = aws

    def security_group(self, vpc_id, name):
        return self.aws(
            "ec2", "create-security-group", "--group-name", name, "--description", name, "--vpc-id", vpc_id
        )["GroupId"]

    def allow(self, group_id, protocol, port, cidr):
        self.aws(
            "ec2", "authorize-security-group-ingress", "--group-id", group_id,
            "--protocol", protocol, "--port", str(port), "--cidr", cidr,
        )

    def run_instance(self, subnet_id, group_id, name, public=None):
        args = [
            "ec2", "run-instances", "--image-id", AMI, "--instance-type", INSTANCE_TYPE, "--count", "1",
            "--subnet-id", subnet_id, "--security-group-ids", group_id,
            "--tag-specifications", f"ResourceType=instance,Tags=[{{Key=Name,Value={name}}}]",
        ]
        if public is True:
            args.append("--associate-public-ip-address")
        elif public is False:
            args.append("--no-associate-public-ip-address")
        iid = self.aws(*args)["Instances"][0]["InstanceId"]
        self.aws("ec2", "wait", "instance-running", "--instance-ids", iid)
        return iid

    def elastic_ip_for(self, instance_id):
        alloc = self.aws("ec2", "allocate-address", "--domain", "vpc")["AllocationId"]
        self.aws("ec2", "associate-address", "--instance-id", instance_id, "--allocation-id", alloc)
        return alloc


@pytest.fixture(params=["boto3", "cli"])
def driver(request, ec2, aws):
    return Boto3Driver(ec2) if request.param == "boto3" else CliDriver(aws, ec2)


# ---------------------------------------------------------------------------
# Checks shared by both walkthroughs
# ---------------------------------------------------------------------------


def assert_peering_routes(ec2, rtb, cidr, pcx):
    r = route_to(describe_route_table(ec2, rtb), cidr)
    assert r is not None, f"no route to {cidr} in {rtb}"
    assert r["VpcPeeringConnectionId"] == pcx
    assert r["State"] == "active"


def ingress_ranges(ec2, group_id):
    """{(protocol, from, to, cidr)} of a group's IPv4 ingress rules."""
    group = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    return {
        (p["IpProtocol"], p.get("FromPort"), p.get("ToPort"), r["CidrIp"])
        for p in group.get("IpPermissions", [])
        for r in p.get("IpRanges", [])
    }


def assert_instance_in(ec2, instance_id, vpc_id, subnet_id, cidr, group_id, name):
    inst = describe_instance(ec2, instance_id)
    assert inst["State"]["Name"] == "running"
    assert inst["InstanceType"] == INSTANCE_TYPE
    assert inst["VpcId"] == vpc_id and inst["SubnetId"] == subnet_id
    assert in_cidr(inst["PrivateIpAddress"], cidr)
    assert group_ids(inst["SecurityGroups"]) == {group_id}
    assert tags_of(inst) == {"Name": name}
    assert instance_ids(ec2, Filters=filters(**{"vpc-id": vpc_id})) == {instance_id}
    return inst


# ---------------------------------------------------------------------------
# Seed 002: NextWork VPC peering
# ---------------------------------------------------------------------------


def test_seed_002_nextwork_peering_instances(ec2, driver):
    d = driver
    # Step 1 - two VPCs with unique CIDRs, one public subnet each.
    vpc1 = d.create_vpc("10.1.0.0/16", "NextWork-1")
    vpc2 = d.create_vpc("10.2.0.0/16", "NextWork-2")
    sub1 = d.create_subnet(vpc1, "10.1.0.0/24", "us-east-1a", "NextWork-1-subnet-public1")
    sub2 = d.create_subnet(vpc2, "10.2.0.0/24", "us-east-1a", "NextWork-2-subnet-public1")
    rtb1, rtb2 = d.main_route_table(vpc1), d.main_route_table(vpc2)
    igw1 = d.attach_new_igw(vpc1)
    igw2 = d.attach_new_igw(vpc2)
    d.route(rtb1, "0.0.0.0/0", gateway=igw1)
    d.route(rtb2, "0.0.0.0/0", gateway=igw2)
    # Step 2 - the peering connection, accepted.
    pcx = d.peer(vpc1, vpc2, "VPC 1 <> VPC 2")
    # Step 3 - routes both ways.
    d.route(rtb1, "10.2.0.0/16", pcx=pcx)
    d.route(rtb2, "10.1.0.0/16", pcx=pcx)
    # Step 4 - an instance in each VPC, launched without a public IPv4 address.
    sg1 = d.security_group(vpc1, "NextWork-1-SG")
    sg2 = d.security_group(vpc2, "NextWork-2-SG")
    i1 = d.run_instance(sub1, sg1, "Instance - NextWork VPC 1", public=False)
    i2 = d.run_instance(sub2, sg2, "Instance - NextWork VPC 2", public=False)

    # Step 5 - EC2 Instance Connect needs a public IPv4 address: there is none.
    assert "PublicIpAddress" not in describe_instance(ec2, i1)
    # ... so an Elastic IP goes on instance 1 (its VPC has an internet gateway).
    alloc = d.elastic_ip_for(i1)
    # Step 6 - SSH from one address.
    d.allow(sg1, "tcp", 22, f"{MY_ADDRESS}/32")
    # Step 7 - instance 2 answers pings from VPC 1.
    d.allow(sg2, "icmp", -1, "10.1.0.0/16")

    # --- everything is described as AWS would ---
    assert describe_pcx(ec2, pcx)["Status"]["Code"] == "active"
    assert tags_of(describe_pcx(ec2, pcx)) == {"Name": "VPC 1 <> VPC 2"}
    assert_peering_routes(ec2, rtb1, "10.2.0.0/16", pcx)
    assert_peering_routes(ec2, rtb2, "10.1.0.0/16", pcx)

    one = assert_instance_in(ec2, i1, vpc1, sub1, "10.1.0.0/24", sg1, "Instance - NextWork VPC 1")
    two = assert_instance_in(ec2, i2, vpc2, sub2, "10.2.0.0/24", sg2, "Instance - NextWork VPC 2")
    # The ping target of the walkthrough is instance 2's private address,
    # inside VPC 2's CIDR - the address a peering carries.
    assert in_cidr(two["PrivateIpAddress"], "10.2.0.0/16")
    assert "PublicIpAddress" not in two

    eip = describe_address(ec2, alloc)
    assert in_pool(eip["PublicIp"]), eip["PublicIp"]
    assert one["PublicIpAddress"] == eip["PublicIp"]
    assert eip["InstanceId"] == i1
    assert eip["PrivateIpAddress"] == one["PrivateIpAddress"]
    assert eip["NetworkInterfaceId"] == primary_interface(one)["NetworkInterfaceId"]
    eni1 = describe_eni(ec2, eip["NetworkInterfaceId"])
    assert eni1["Association"]["PublicIp"] == eip["PublicIp"]
    assert group_ids(eni1["Groups"]) == {sg1}

    assert ingress_ranges(ec2, sg1) == {("tcp", 22, 22, f"{MY_ADDRESS}/32")}
    assert ingress_ranges(ec2, sg2) == {("icmp", -1, -1, "10.1.0.0/16")}
    rules = ec2.describe_security_group_rules(Filters=filters(**{"group-id": sg2}))["SecurityGroupRules"]
    ingress = [r for r in rules if not r["IsEgress"]]
    assert [(r["IpProtocol"], r["FromPort"], r["ToPort"], r.get("CidrIpv4")) for r in ingress] == [
        ("icmp", -1, -1, "10.1.0.0/16")
    ]

    # Instance 1's VPC cannot lose its gateway while the Elastic IP is mapped.
    with raises_code("DependencyViolation", message="mapped public address"):
        ec2.detach_internet_gateway(InternetGatewayId=igw1, VpcId=vpc1)


# ---------------------------------------------------------------------------
# Seed 000: Lab VPC and Shared VPC
# ---------------------------------------------------------------------------


def test_seed_000_lab_and_shared_vpc_instances(ec2, driver):
    d = driver
    lab = d.create_vpc("10.0.0.0/16", "Lab VPC")
    shared = d.create_vpc("10.5.0.0/16", "Shared VPC")
    public = d.create_subnet(lab, "10.0.0.0/24", "us-east-1a", "Public Subnet")
    d.create_subnet(lab, "10.0.2.0/24", "us-east-1b", "Private Subnet")
    db_a = d.create_subnet(shared, "10.5.0.0/24", "us-east-1a", "Shared Subnet A")
    d.create_subnet(shared, "10.5.1.0/24", "us-east-1b", "Shared Subnet B")
    igw = d.attach_new_igw(lab)
    public_rt = d.route_table_for(lab, public, "Public Route Table")
    d.route(public_rt, "0.0.0.0/0", gateway=igw)
    shared_rt = d.main_route_table(shared)

    web_sg = d.security_group(lab, "Web Security Group")
    db_sg = d.security_group(shared, "DB Security Group")
    web = d.run_instance(public, web_sg, "Web Server", public=True)
    db = d.run_instance(db_a, db_sg, "DB Instance")
    d.allow(web_sg, "tcp", 22, f"{MY_ADDRESS}/32")
    d.allow(db_sg, "icmp", -1, "10.0.0.0/16")

    pcx = d.peer(lab, shared, "Lab-Peer")
    d.route(public_rt, "10.5.0.0/16", pcx=pcx)
    d.route(shared_rt, "10.0.0.0/16", pcx=pcx)

    # --- everything is described as AWS would ---
    assert tags_of(describe_pcx(ec2, pcx)) == {"Name": "Lab-Peer"}
    rt = describe_route_table(ec2, public_rt)
    assert route_to(rt, "0.0.0.0/0")["GatewayId"] == igw
    assert {a.get("SubnetId") for a in rt["Associations"]} == {public}
    assert_peering_routes(ec2, public_rt, "10.5.0.0/16", pcx)
    assert_peering_routes(ec2, shared_rt, "10.0.0.0/16", pcx)

    w = assert_instance_in(ec2, web, lab, public, "10.0.0.0/24", web_sg, "Web Server")
    s = assert_instance_in(ec2, db, shared, db_a, "10.5.0.0/24", db_sg, "DB Instance")
    assert in_pool(w.get("PublicIpAddress")), w.get("PublicIpAddress")
    assert primary_interface(w)["Association"]["IpOwnerId"] == "amazon"
    assert "PublicIpAddress" not in s
    assert ingress_ranges(ec2, web_sg) == {("tcp", 22, 22, f"{MY_ADDRESS}/32")}
    assert ingress_ranges(ec2, db_sg) == {("icmp", -1, -1, "10.0.0.0/16")}

    # The Shared VPC has no gateway, so its instance can never get an Elastic IP.
    eip = allocate(ec2)
    with raises_code("Gateway.NotAttached"):
        ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=db)
    # The web server's address is mapped through the Lab VPC's gateway.
    with raises_code("DependencyViolation", message="mapped public address"):
        ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=lab)


def test_seed_walkthrough_instances_as_the_cli_lists_them(ec2, aws):
    """After the walkthrough, `aws ec2 describe-instances` with a Name filter
    and `describe-addresses` show what the console shows."""
    d = Boto3Driver(ec2)
    vpc1 = d.create_vpc("10.1.0.0/16", "NextWork-1")
    sub1 = d.create_subnet(vpc1, "10.1.0.0/24", "us-east-1a", "public1")
    d.attach_new_igw(vpc1)
    sg1 = d.security_group(vpc1, "NextWork-1-SG")
    i1 = d.run_instance(sub1, sg1, "Instance - NextWork VPC 1", public=False)
    alloc = d.elastic_ip_for(i1)
    out = aws(
        "ec2", "describe-instances",
        "--filters", "Name=tag:Name,Values=Instance - NextWork VPC 1", "Name=instance-state-name,Values=running",
    )
    [[inst]] = [r["Instances"] for r in out["Reservations"]]
    assert inst["InstanceId"] == i1
    [addr] = aws("ec2", "describe-addresses", "--allocation-ids", alloc)["Addresses"]
    assert inst["PublicIpAddress"] == addr["PublicIp"]
    assert addr["InstanceId"] == i1
    status = aws("ec2", "describe-instance-status", "--instance-ids", i1)["InstanceStatuses"]
    assert [(s["InstanceId"], s["InstanceState"]["Name"]) for s in status] == [(i1, "running")]
    assert wait_state(ec2, i1, "running")["PublicIpAddress"] == addr["PublicIp"]
