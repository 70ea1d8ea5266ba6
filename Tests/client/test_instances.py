"""Instances: RunInstances, DescribeInstances, DescribeInstanceStatus,
Start/Stop/Reboot/TerminateInstances, Modify/DescribeInstanceAttribute, and
the private and public addresses instances take.

Sources (EC2 API Reference unless said otherwise):
- RunInstances: "If you don't specify a subnet ID, we choose a default subnet
  from your default VPC for you. If you don't have a default VPC, you must
  specify a subnet ID"; "If you don't specify a security group ID, we use the
  default security group for the VPC"; MinCount: "If you specify a value that
  is more capacity than Amazon EC2 can provide in the target Availability Zone,
  Amazon EC2 does not launch any instances"; MaxCount: "... launches the
  largest possible number of instances above the specified minimum count";
  SecurityGroups: "[Default VPC] The names of the security groups. If you
  specify a network interface, you must specify any security groups as part of
  the network interface"; NetworkInterface AssociatePublicIpAddress: "Default:
  If launching into a default subnet, the default value is true. If launching
  into a nondefault subnet, the default value is false".
- "Error codes for the Amazon EC2 API" (errors-overview): the descriptions of
  InsufficientFreeAddressesInSubnet, IncorrectInstanceState ("some instance
  attributes, such as user data, can only be modified if the instance is in a
  'stopped' state"), InvalidInstanceAttributeValue ("most commonly encountered
  when trying to set the InstanceType ... attribute to an unrecognized value"),
  InvalidInstanceID ("when trying to perform an operation on an instance that
  has multiple network interfaces ... each network interface ... can have a
  source/destination check flag"), InvalidParameter ("you can't specify a
  security group and subnet that are in different VPCs"), VPCIdNotSpecified.
- "Ensuring idempotency in Amazon EC2 API requests": same client token and
  same parameters succeed without further action; a changed parameter fails
  with IdempotentParameterMismatch.
- RebootInstances: "The operation succeeds if the instances are valid and
  belong to you. Requests to reboot terminated instances are ignored."
- EC2 User Guide, instance lifecycle: a terminated instance remains visible
  for about an hour; a stopped instance releases its public IPv4 address and
  gets a new one when started.
- Errors seen from real AWS and quoted in public issues, cited next to the
  assertions that use them.
"""

from __future__ import annotations

import base64
import ipaddress

import pytest

from compute_helpers import (
    AMI,
    AMI_SHORT,
    ENI_ID,
    INSTANCE_ID,
    MAC_ADDRESS,
    OTHER,
    RESERVATION_ID,
    ROOMY,
    SMALL,
    STATE_CODES,
    UNKNOWN,
    all_instances,
    available_ips,
    create_eni,
    default_group_id,
    default_vpc_id,
    describe_eni,
    describe_instance,
    eni_gone,
    group_ids,
    in_cidr,
    in_pool,
    instance_ids,
    launch,
    launch_many,
    make_group,
    network,
    primary_interface,
    private_ips,
    reserved_addresses,
    run,
    start,
    state_code,
    state_name,
    stop,
    terminate,
    usable_addresses,
    wait_state,
)
from lvpc import DEFAULT_ACCOUNT, create_subnet, filters, raises_code, tag_spec, tags_of, wait_until

HOUR = 3600


@pytest.fixture
def net(ec2):
    return network(ec2)


# --- RunInstances: response and description -------------------------------------------


def test_run_instances_answers_a_pending_reservation(ec2, net):
    out = run(ec2, net["subnet"])
    assert RESERVATION_ID.fullmatch(out["ReservationId"]), out
    assert out["OwnerId"] == DEFAULT_ACCOUNT
    [inst] = out["Instances"]
    assert INSTANCE_ID.fullmatch(inst["InstanceId"]), inst
    # RunInstances reports the instance as AWS does: pending (code 0).
    assert state_name(inst) == "pending"
    assert state_code(inst) == 0
    assert inst["ImageId"] == AMI
    assert inst["InstanceType"] == SMALL
    assert inst["SubnetId"] == net["subnet"]
    assert inst["VpcId"] == net["vpc"]
    assert in_cidr(inst["PrivateIpAddress"], net["cidr"])
    assert inst["AmiLaunchIndex"] == 0


def test_describe_instances_shows_it_running_with_aws_shape(ec2, net, server_now):
    launched = run(ec2, net["subnet"])
    iid = launched["Instances"][0]["InstanceId"]
    inst = wait_state(ec2, iid, "running")
    assert state_code(inst) == STATE_CODES["running"]
    [reservation] = [
        r for r in ec2.describe_instances(InstanceIds=[iid])["Reservations"]
    ]
    assert reservation["ReservationId"] == launched["ReservationId"]
    assert reservation["OwnerId"] == DEFAULT_ACCOUNT
    assert inst["Placement"]["AvailabilityZone"] == net["az"]
    assert inst["SubnetId"] == net["subnet"] and inst["VpcId"] == net["vpc"]
    assert inst["PrivateIpAddress"] not in reserved_addresses(net["cidr"])
    # EC2 User Guide, "Amazon EC2 instance hostnames": ip-<a-b-c-d>.ec2.internal
    # in us-east-1.
    assert inst["PrivateDnsName"] == "ip-{}.ec2.internal".format(
        inst["PrivateIpAddress"].replace(".", "-")
    )
    assert group_ids(inst["SecurityGroups"]) == {net["sg"]}
    assert inst["SecurityGroups"][0]["GroupName"] == "default"
    assert inst["SourceDestCheck"] is True
    assert "PublicIpAddress" not in inst  # nondefault subnet: no public IP by default
    launch_time = inst["LaunchTime"]
    assert abs((launch_time - server_now()).total_seconds()) < 120
    eni = primary_interface(inst)
    assert ENI_ID.fullmatch(eni["NetworkInterfaceId"])
    assert eni["PrivateIpAddress"] == inst["PrivateIpAddress"]
    assert eni["Attachment"]["Status"] == "attached"
    assert eni["Attachment"]["DeleteOnTermination"] is True
    assert eni["SubnetId"] == net["subnet"] and eni["VpcId"] == net["vpc"]
    assert MAC_ADDRESS.fullmatch(eni["MacAddress"]), eni["MacAddress"]


def test_short_ami_ids_are_accepted_too(ec2, net):
    inst = launch(ec2, net["subnet"], ImageId=AMI_SHORT)
    assert inst["ImageId"] == AMI_SHORT


def test_malformed_ami_id_is_refused(ec2, net):
    # errors-overview: InvalidAMIID.Malformed "Ensure that you provide the full
    # AMI ID, in the form ami-xxxxxxxx."
    with raises_code("InvalidAMIID.Malformed"):
        run(ec2, net["subnet"], ImageId="not-an-ami")
    assert instance_ids(ec2) == set()


def test_unknown_instance_type_is_refused(ec2, net):
    # Real AWS (quoted in getmoto/moto #1695): "An error occurred
    # (InvalidParameterValue) when calling the RunInstances operation: Invalid
    # value 't3.nano' for InstanceType." - for a type that is not on AWS's list.
    with raises_code("InvalidParameterValue") as err:
        run(ec2, net["subnet"], InstanceType="t9.bogus")
    assert "t9.bogus" in (err.message or "")
    assert instance_ids(ec2) == set()


@pytest.mark.parametrize("itype", ["t2.micro", "m5.large", "c7g.large"])
def test_real_instance_types_are_accepted(ec2, net, itype):
    inst = launch(ec2, net["subnet"], InstanceType=itype)
    assert inst["InstanceType"] == itype


@pytest.mark.parametrize("itype, cores, threads", [("t3.micro", 1, 2), ("m5.large", 1, 2), ("c7g.large", 2, 1)])
def test_every_instance_reports_its_types_cpu_options(ec2, net, itype, cores, threads):
    # AWS reports CpuOptions for every instance (Terraform reads them into cpu_core_count, cpu_threads_per_core): the
    # type's defaults, as DescribeInstanceTypes' VCpuInfo gives them.
    inst = launch(ec2, net["subnet"], InstanceType=itype)
    assert inst["CpuOptions"] == {"CoreCount": cores, "ThreadsPerCore": threads}
    info = ec2.describe_instance_types(InstanceTypes=[itype])["InstanceTypes"][0]["VCpuInfo"]
    assert (info["DefaultCores"], info["DefaultThreadsPerCore"]) == (cores, threads)


def test_unknown_subnet_is_refused(ec2):
    with raises_code("InvalidSubnetID.NotFound"):
        run(ec2, UNKNOWN["subnet"])


# --- MinCount / MaxCount ------------------------------------------------------------------


def test_min_max_count_launch_one_reservation(ec2, net):
    out = run(ec2, net["subnet"], MinCount=3, MaxCount=3)
    assert len(out["Instances"]) == 3
    assert sorted(i["AmiLaunchIndex"] for i in out["Instances"]) == [0, 1, 2]
    ips = [i["PrivateIpAddress"] for i in out["Instances"]]
    assert len(set(ips)) == 3
    reservations = ec2.describe_instances(
        InstanceIds=[i["InstanceId"] for i in out["Instances"]]
    )["Reservations"]
    assert {r["ReservationId"] for r in reservations} == {out["ReservationId"]}


def test_min_count_more_than_free_addresses_launches_nothing(ec2):
    # A /28 has 16 - 5 = 11 usable addresses.
    net = network(ec2, subnet_cidr="10.0.1.0/28")
    assert available_ips(ec2, net["subnet"]) == 11
    # errors-overview: InsufficientFreeAddressesInSubnet "The specified subnet
    # does not contain enough free private IP addresses to fulfill your
    # request." Real AWS message: "There are not enough free addresses in subnet
    # 'subnet-…' to satisfy the requested number of instances."
    with raises_code("InsufficientFreeAddressesInSubnet"):
        run(ec2, net["subnet"], MinCount=12, MaxCount=12)
    assert instance_ids(ec2) == set()
    assert available_ips(ec2, net["subnet"]) == 11


def test_max_count_beyond_free_addresses_launches_what_fits(ec2):
    # MaxCount: "If you specify a value that is more capacity than Amazon EC2
    # can launch in the target Availability Zone, Amazon EC2 launches the
    # largest possible number of instances above the specified minimum count."
    # UNSURE that free subnet addresses count as "capacity" here (the
    # alternative is InsufficientFreeAddressesInSubnet for the whole request).
    net = network(ec2, subnet_cidr="10.0.1.0/28")
    out = run(ec2, net["subnet"], MinCount=1, MaxCount=15)
    assert len(out["Instances"]) == 11
    assert available_ips(ec2, net["subnet"]) == 0


# --- where instances go -----------------------------------------------------------------


def test_without_subnet_the_default_vpc_is_used(ec2):
    vpc_id = default_vpc_id(ec2)
    inst = launch(ec2)
    assert inst["VpcId"] == vpc_id
    subnet = ec2.describe_subnets(SubnetIds=[inst["SubnetId"]])["Subnets"][0]
    assert subnet["DefaultForAz"] is True
    assert inst["Placement"]["AvailabilityZone"] == subnet["AvailabilityZone"]
    assert group_ids(inst["SecurityGroups"]) == {default_group_id(ec2, vpc_id)}
    # Default subnets map public IPv4 addresses on launch.
    assert in_pool(inst.get("PublicIpAddress")), inst.get("PublicIpAddress")


def test_placement_picks_the_default_subnet_of_that_zone(ec2):
    inst = launch(ec2, Placement={"AvailabilityZone": "us-east-1c"})
    assert inst["Placement"]["AvailabilityZone"] == "us-east-1c"
    subnet = ec2.describe_subnets(SubnetIds=[inst["SubnetId"]])["Subnets"][0]
    assert subnet["DefaultForAz"] is True and subnet["AvailabilityZone"] == "us-east-1c"


def test_without_subnet_and_without_default_vpc_is_refused(ec2):
    vpc_id = default_vpc_id(ec2)
    for igw in ec2.describe_internet_gateways(
        Filters=filters(**{"attachment.vpc-id": vpc_id})
    )["InternetGateways"]:
        ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc_id)
        ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
    for s in ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc_id}))["Subnets"]:
        ec2.delete_subnet(SubnetId=s["SubnetId"])
    ec2.delete_vpc(VpcId=vpc_id)
    # errors-overview: VPCIdNotSpecified "You have no default VPC in which to
    # carry out the request. Specify a VPC or subnet ID". Real AWS
    # (google/cloud-forensics-utils #316, brikis98/terraform-up-and-running-code
    # #54): "VPCIdNotSpecified: No default VPC for this user".
    with raises_code("VPCIdNotSpecified"):
        run(ec2)


# --- security groups ------------------------------------------------------------------------


def test_security_group_ids(ec2, net):
    web = make_group(ec2, net["vpc"], "web")
    ssh = make_group(ec2, net["vpc"], "ssh")
    inst = launch(ec2, net["subnet"], SecurityGroupIds=[web, ssh])
    assert group_ids(inst["SecurityGroups"]) == {web, ssh}
    assert {g["GroupName"] for g in inst["SecurityGroups"]} == {"web", "ssh"}
    assert group_ids(primary_interface(inst)["Groups"]) == {web, ssh}


def test_security_group_of_another_vpc_is_refused(ec2, net):
    other = network(ec2, "10.9.0.0/16", "10.9.1.0/24")
    # Real AWS (ansible/ansible-modules-core #347, aws-cli user reports):
    # "InvalidParameter: Security group sg-… and subnet subnet-… belong to
    # different networks."
    with raises_code("InvalidParameter"):
        run(ec2, net["subnet"], SecurityGroupIds=[other["sg"]])
    assert instance_ids(ec2) == set()


def test_unknown_security_group_is_refused(ec2, net):
    with raises_code("InvalidGroup.NotFound"):
        run(ec2, net["subnet"], SecurityGroupIds=[UNKNOWN["sg"]])


def test_security_group_names_in_the_default_vpc(ec2):
    vpc_id = default_vpc_id(ec2)
    web = make_group(ec2, vpc_id, "web")
    inst = launch(ec2, SecurityGroups=["web"])
    assert inst["VpcId"] == vpc_id
    assert group_ids(inst["SecurityGroups"]) == {web}


def test_security_group_names_with_a_nondefault_subnet_are_refused(ec2, net):
    make_group(ec2, net["vpc"], "web")
    # Real AWS (aws/aws-cli #2453, #5679; boto/boto #350): "InvalidParameterCombination:
    # The parameter groupName cannot be used with the parameter subnet".
    with raises_code("InvalidParameterCombination"):
        run(ec2, net["subnet"], SecurityGroups=["web"])


# --- private addresses ------------------------------------------------------------------------


def test_chosen_private_ip_address(ec2, net):
    inst = launch(ec2, net["subnet"], PrivateIpAddress="10.0.1.50")
    assert inst["PrivateIpAddress"] == "10.0.1.50"
    assert primary_interface(inst)["PrivateIpAddress"] == "10.0.1.50"


def test_private_ip_address_in_use_is_refused(ec2, net):
    launch(ec2, net["subnet"], PrivateIpAddress="10.0.1.50")
    # Real AWS (aws/aws-cli #7178): "InvalidIPAddress.InUse ... Address
    # 10.x.x.x is in use."
    with raises_code("InvalidIPAddress.InUse"):
        run(ec2, net["subnet"], PrivateIpAddress="10.0.1.50")
    assert len(instance_ids(ec2)) == 1


def test_private_ip_address_held_by_an_interface_is_refused(ec2, net):
    create_eni(ec2, net["subnet"], PrivateIpAddress="10.0.1.60")
    with raises_code("InvalidIPAddress.InUse"):
        run(ec2, net["subnet"], PrivateIpAddress="10.0.1.60")


def test_private_ip_address_outside_the_subnet_is_refused(ec2, net):
    # Real AWS (JamesWoolfenden/terraform-aws-cassandra #18): "InvalidParameterValue:
    # Address 172.31.0.16 does not fall within the subnet's address range".
    with raises_code("InvalidParameterValue"):
        run(ec2, net["subnet"], PrivateIpAddress="10.0.2.10")


@pytest.mark.parametrize("offset", [0, 1, 2, 3, -1], ids=["network", "router", "dns", "future", "broadcast"])
def test_reserved_private_ip_address_is_refused(ec2, net, offset):
    address = str(ipaddress.ip_network(net["cidr"])[offset])
    # UNSURE (code): AWS reserves these five addresses (VPC User Guide) but the
    # exact refusal is not documented; InvalidParameterValue is the code AWS
    # uses for an address the subnet cannot give.
    with raises_code("InvalidParameterValue"):
        run(ec2, net["subnet"], PrivateIpAddress=address)


def test_private_ips_are_never_reserved_and_never_twice(ec2):
    net = network(ec2, subnet_cidr="10.0.1.0/28")
    instances = launch_many(ec2, net["subnet"], 11)
    ips = [i["PrivateIpAddress"] for i in instances]
    assert len(set(ips)) == 11
    assert set(ips) == usable_addresses(net["cidr"])
    assert available_ips(ec2, net["subnet"]) == 0
    with raises_code("InsufficientFreeAddressesInSubnet"):
        run(ec2, net["subnet"])


def test_available_ip_address_count_follows_launches_and_terminations(ec2, net):
    assert available_ips(ec2, net["subnet"]) == 251
    a, b = launch_many(ec2, net["subnet"], 2)
    assert available_ips(ec2, net["subnet"]) == 249
    # errors-overview: "IP addresses associated with stopped instances are
    # considered unavailable."
    stop(ec2, a["InstanceId"])
    assert available_ips(ec2, net["subnet"]) == 249
    terminate(ec2, b["InstanceId"])
    wait_until(lambda: available_ips(ec2, net["subnet"]) == 250, desc="address freed")


def test_a_terminated_instance_frees_its_address_for_reuse(ec2):
    net = network(ec2, subnet_cidr="10.0.1.0/28")
    instances = launch_many(ec2, net["subnet"], 11)
    freed = instances[4]
    terminate(ec2, freed["InstanceId"])
    wait_until(lambda: available_ips(ec2, net["subnet"]) == 1, desc="address freed")
    again = launch(ec2, net["subnet"])
    assert again["PrivateIpAddress"] == freed["PrivateIpAddress"]


def test_a_stopped_instance_keeps_its_private_address(ec2, net):
    inst = launch(ec2, net["subnet"])
    assert stop(ec2, inst["InstanceId"])["PrivateIpAddress"] == inst["PrivateIpAddress"]
    assert start(ec2, inst["InstanceId"])["PrivateIpAddress"] == inst["PrivateIpAddress"]


# --- the NetworkInterfaces form and public addresses -------------------------------------------


def test_network_interfaces_form(ec2, net):
    web = make_group(ec2, net["vpc"], "web")
    inst = launch(
        ec2,
        NetworkInterfaces=[
            {
                "DeviceIndex": 0,
                "SubnetId": net["subnet"],
                "Groups": [web],
                "PrivateIpAddress": "10.0.1.77",
                "Description": "primary",
            }
        ],
    )
    assert inst["SubnetId"] == net["subnet"]
    assert inst["PrivateIpAddress"] == "10.0.1.77"
    assert group_ids(inst["SecurityGroups"]) == {web}
    eni = describe_eni(ec2, primary_interface(inst)["NetworkInterfaceId"])
    assert eni["Description"] == "primary"
    assert eni["Attachment"]["InstanceId"] == inst["InstanceId"]


@pytest.mark.parametrize("count", [-1, -2, 50, 2**62, 2**63 - 1])
def test_a_secondary_address_count_out_of_range_is_refused_and_the_server_lives(ec2, raw, net, count):
    """An interface holds at most 49 secondary addresses. A count of -1 once divided the free addresses by zero, and
    the largest values overflowed a sum: each ended the server's process for every account."""
    before = all_instances(ec2)
    answer = raw({"Action": "RunInstances", "ImageId": AMI, "InstanceType": SMALL, "MinCount": "2", "MaxCount": "2",
                  "NetworkInterface.1.DeviceIndex": "0", "NetworkInterface.1.SubnetId": net["subnet"],
                  "NetworkInterface.1.SecondaryPrivateIpAddressCount": str(count)})
    assert answer.status_code == 400 and "<Code>InvalidParameterValue</Code>" in answer.text, answer.text
    assert all_instances(ec2) == before


def test_a_launch_templates_negative_secondary_count_is_refused_at_launch(ec2, net):
    template = ec2.create_launch_template(LaunchTemplateName="bad-count", LaunchTemplateData={
        "ImageId": AMI, "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": net["subnet"], "SecondaryPrivateIpAddressCount": -1}]})
    with raises_code("InvalidParameterValue"):
        ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": template["LaunchTemplate"]["LaunchTemplateId"]})


def test_named_addresses_of_the_interface_are_all_kept(ec2, net):
    inst = launch(ec2, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": net["subnet"], "PrivateIpAddresses": [
        {"PrivateIpAddress": "10.0.1.10", "Primary": True}, {"PrivateIpAddress": "10.0.1.11", "Primary": False}]}])
    assert inst["PrivateIpAddress"] == "10.0.1.10"
    assert private_ips(describe_eni(ec2, primary_interface(inst)["NetworkInterfaceId"])) == {"10.0.1.10", "10.0.1.11"}
    inst = launch(ec2, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": net["subnet"], "PrivateIpAddresses": [
        {"PrivateIpAddress": "10.0.1.12", "Primary": False}, {"PrivateIpAddress": "10.0.1.13", "Primary": True}]}])
    assert inst["PrivateIpAddress"] == "10.0.1.13"
    assert private_ips(describe_eni(ec2, primary_interface(inst)["NetworkInterfaceId"])) == {"10.0.1.12", "10.0.1.13"}
    # Marked not primary, with none marked primary: a secondary address beside a primary from the subnet.
    inst = launch(ec2, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": net["subnet"], "PrivateIpAddresses": [
        {"PrivateIpAddress": "10.0.1.20", "Primary": False}]}])
    assert inst["PrivateIpAddress"] != "10.0.1.20"
    assert "10.0.1.20" in private_ips(describe_eni(ec2, primary_interface(inst)["NetworkInterfaceId"]))


def test_conflicting_interface_addresses_are_refused(ec2, net):
    before = all_instances(ec2)
    spec = {"DeviceIndex": 0, "SubnetId": net["subnet"]}
    with raises_code("InvalidParameterValue"):
        run(ec2, NetworkInterfaces=[{**spec, "PrivateIpAddresses": [
            {"PrivateIpAddress": "10.0.1.13", "Primary": True}, {"PrivateIpAddress": "10.0.1.14", "Primary": True}]}])
    with raises_code("InvalidParameterCombination"):
        run(ec2, NetworkInterfaces=[{**spec, "PrivateIpAddress": "10.0.1.15", "PrivateIpAddresses": [
            {"PrivateIpAddress": "10.0.1.16", "Primary": True}]}])
    with raises_code("InvalidParameterCombination"):
        run(ec2, count=2, NetworkInterfaces=[{**spec, "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.17"}, {"PrivateIpAddress": "10.0.1.18"}]}])
    assert all_instances(ec2) == before


def test_placement_zone_must_be_the_subnets(ec2, net):
    """A subnet in us-east-1a with Placement.AvailabilityZone us-east-1b (or another region's zone) is refused, not
    launched in us-east-1a."""
    before = all_instances(ec2)
    for zone in ("us-east-1b", "eu-west-1a"):
        with raises_code("InvalidParameterValue", message=rf"Value \({zone}\) for parameter availabilityZone is invalid"):
            run(ec2, net["subnet"], Placement={"AvailabilityZone": zone})
    assert all_instances(ec2) == before
    assert launch(ec2, net["subnet"], Placement={"AvailabilityZone": "us-east-1a"})["Placement"]["AvailabilityZone"] == "us-east-1a"


def test_a_public_address_is_only_for_a_new_interface(ec2, net):
    eni = ec2.create_network_interface(SubnetId=net["subnet"])["NetworkInterface"]["NetworkInterfaceId"]
    before = all_instances(ec2)
    with raises_code("InvalidParameterCombination"):
        run(ec2, NetworkInterfaces=[{"DeviceIndex": 0, "NetworkInterfaceId": eni, "AssociatePublicIpAddress": True}])
    with raises_code("InvalidParameterCombination"):
        run(ec2, NetworkInterfaces=[{"DeviceIndex": 0, "NetworkInterfaceId": eni, "PrivateIpAddress": "10.0.1.19"}])
    assert all_instances(ec2) == before


def test_network_interfaces_with_an_instance_level_subnet_are_refused(ec2, net):
    # Real AWS (aws/aws-cli #518, aws/aws-sdk-php #231): "InvalidParameterCombination:
    # Network interfaces and an instance-level subnet ID may not be specified on
    # the same request".
    with raises_code("InvalidParameterCombination"):
        run(
            ec2,
            net["subnet"],
            NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": net["subnet"]}],
        )


def test_network_interfaces_with_instance_level_groups_are_refused(ec2, net):
    # Real AWS (aws/aws-sdk-ruby #662, hashicorp/terraform #1188):
    # "InvalidParameterCombination: Network interfaces and an instance-level
    # security groups may not be specified on the same request".
    with raises_code("InvalidParameterCombination"):
        run(
            ec2,
            SecurityGroupIds=[net["sg"]],
            NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": net["subnet"]}],
        )


def test_associate_public_ip_address_in_a_private_subnet(ec2, net):
    inst = launch(
        ec2,
        NetworkInterfaces=[
            {"DeviceIndex": 0, "SubnetId": net["subnet"], "AssociatePublicIpAddress": True}
        ],
    )
    assert in_pool(inst.get("PublicIpAddress")), inst.get("PublicIpAddress")
    association = primary_interface(inst)["Association"]
    assert association["PublicIp"] == inst["PublicIpAddress"]
    # An auto-assigned address is owned by "amazon" (an Elastic IP by the
    # account): DescribeNetworkInterfaces examples in the API reference.
    assert association["IpOwnerId"] == "amazon"


def test_no_public_ip_when_the_launch_declines_one(ec2):
    net = network(ec2, map_public=True)
    inst = launch(
        ec2,
        NetworkInterfaces=[
            {"DeviceIndex": 0, "SubnetId": net["subnet"], "AssociatePublicIpAddress": False}
        ],
    )
    assert "PublicIpAddress" not in inst


def test_subnet_mapping_public_ips_gives_each_instance_its_own(ec2):
    net = network(ec2, map_public=True)
    instances = launch_many(ec2, net["subnet"], 3)
    public = [i.get("PublicIpAddress") for i in instances]
    assert all(in_pool(p) for p in public), public
    assert len(set(public)) == 3


def test_stop_releases_the_public_ip_and_start_gives_one(ec2):
    # EC2 User Guide, "Public IPv4 addresses": "We release your instance's
    # public IP address when it is stopped ... Your stopped instance receives a
    # new public IP address when it is restarted."
    net = network(ec2, map_public=True)
    inst = launch(ec2, net["subnet"])
    assert in_pool(inst.get("PublicIpAddress"))
    stopped = stop(ec2, inst["InstanceId"])
    assert "PublicIpAddress" not in stopped
    restarted = start(ec2, inst["InstanceId"])
    assert in_pool(restarted.get("PublicIpAddress")), restarted.get("PublicIpAddress")


def test_cli_run_instances_with_public_and_private_address(aws, ec2, net):
    # The CLI moves --subnet-id, --security-group-ids and --private-ip-address
    # into a NetworkInterfaces structure when --associate-public-ip-address is
    # given (awscli/customizations/ec2/runinstances.py).
    out = aws(
        "ec2", "run-instances",
        "--image-id", AMI,
        "--instance-type", SMALL,
        "--subnet-id", net["subnet"],
        "--security-group-ids", net["sg"],
        "--private-ip-address", "10.0.1.88",
        "--associate-public-ip-address",
        "--tag-specifications", "ResourceType=instance,Tags=[{Key=Name,Value=cli}]",
    )
    [inst] = out["Instances"]
    running = wait_state(ec2, inst["InstanceId"], "running")
    assert running["PrivateIpAddress"] == "10.0.1.88"
    assert in_pool(running.get("PublicIpAddress"))
    assert group_ids(running["SecurityGroups"]) == {net["sg"]}
    assert tags_of(running) == {"Name": "cli"}
    described = aws("ec2", "describe-instances", "--instance-ids", inst["InstanceId"])
    [[cli_view]] = [r["Instances"] for r in described["Reservations"]]
    assert cli_view["State"]["Name"] == "running"
    assert cli_view["PublicIpAddress"] == running["PublicIpAddress"]


# --- tags, client token, user data ------------------------------------------------------------


def test_tag_specifications_for_instance_and_interface(ec2, net):
    inst = launch(
        ec2,
        net["subnet"],
        TagSpecifications=tag_spec("instance", Name="web-1", env="prod")
        + tag_spec("network-interface", Name="web-1-eth0"),
    )
    assert tags_of(inst) == {"Name": "web-1", "env": "prod"}
    eni = describe_eni(ec2, primary_interface(inst)["NetworkInterfaceId"])
    assert tags_of({"Tags": eni.get("TagSet", [])}) == {"Name": "web-1-eth0"}
    tags = ec2.describe_tags(Filters=filters(**{"resource-id": inst["InstanceId"]}))["Tags"]
    assert {(t["Key"], t["ResourceType"]) for t in tags} == {("Name", "instance"), ("env", "instance")}


def test_client_token_makes_run_instances_idempotent(ec2, net):
    first = run(ec2, net["subnet"], ClientToken="launch-web-1")
    again = run(ec2, net["subnet"], ClientToken="launch-web-1")
    assert again["ReservationId"] == first["ReservationId"]
    assert [i["InstanceId"] for i in again["Instances"]] == [
        i["InstanceId"] for i in first["Instances"]
    ]
    assert len(instance_ids(ec2)) == 1
    # Instance.ClientToken: "The idempotency token you provided when you
    # launched the instance".
    assert describe_instance(ec2, first["Instances"][0]["InstanceId"])["ClientToken"] == "launch-web-1"


def test_client_token_with_other_parameters_is_refused(ec2, net):
    run(ec2, net["subnet"], ClientToken="launch-web-1")
    with raises_code("IdempotentParameterMismatch"):
        run(ec2, net["subnet"], ClientToken="launch-web-1", InstanceType=OTHER)
    assert len(instance_ids(ec2)) == 1


def user_data(ec2, instance_id):
    attr = ec2.describe_instance_attribute(InstanceId=instance_id, Attribute="userData")
    assert attr["InstanceId"] == instance_id
    return attr.get("UserData", {}).get("Value")


def test_user_data_is_kept_base64(ec2, net):
    script = b"#!/bin/bash\necho hello > /tmp/hello\n"
    # boto3 base64-encodes RunInstances UserData itself.
    inst = launch(ec2, net["subnet"], UserData=script.decode())
    value = user_data(ec2, inst["InstanceId"])
    assert base64.b64decode(value) == script


def test_no_user_data(ec2, net):
    inst = launch(ec2, net["subnet"])
    assert user_data(ec2, inst["InstanceId"]) is None


def test_cli_user_data(aws, ec2, net):
    out = aws(
        "ec2", "run-instances", "--image-id", AMI, "--instance-type", SMALL,
        "--subnet-id", net["subnet"], "--user-data", "#cloud-config\nruncmd: [ls]\n",
    )
    iid = out["Instances"][0]["InstanceId"]
    wait_state(ec2, iid, "running")
    attr = aws("ec2", "describe-instance-attribute", "--instance-id", iid, "--attribute", "userData")
    assert base64.b64decode(attr["UserData"]["Value"]) == b"#cloud-config\nruncmd: [ls]\n"


# --- DescribeInstances: ids, filters, pagination ----------------------------------------------


def test_describe_unknown_instance(ec2):
    with raises_code("InvalidInstanceID.NotFound") as err:
        ec2.describe_instances(InstanceIds=[UNKNOWN["instance"]])
    assert UNKNOWN["instance"] in (err.message or "")


def test_describe_known_and_unknown_instance(ec2, net):
    inst = launch(ec2, net["subnet"])
    with raises_code("InvalidInstanceID.NotFound"):
        ec2.describe_instances(InstanceIds=[inst["InstanceId"], UNKNOWN["instance"]])


@pytest.mark.parametrize("bad", ["i-zzz", "instance-1", "vpc-0123456789abcdef0"])
def test_describe_malformed_instance_id(ec2, bad):
    # errors-overview: InvalidInstanceID.Malformed "Ensure that you provide the
    # full instance ID in the request, in the form i-xxxxxxxx or i-xxxxxxxxxxxxxxxxx."
    with raises_code("InvalidInstanceID.Malformed"):
        ec2.describe_instances(InstanceIds=[bad])


@pytest.fixture
def fleet(ec2):
    """Two VPCs; a: subnets 1a (maps public IPs) and 1b; b: one subnet in 1a.
    i1 web-1 (a/1a, t3.micro, public IP), i2 web-2 (a/1b, t3.small),
    i3 db (b/1a, t3.micro, stopped)."""
    a = network(ec2, "10.0.0.0/16", "10.0.1.0/24", map_public=True)
    a2 = create_subnet(ec2, a["vpc"], "10.0.2.0/24", AvailabilityZone="us-east-1b")["SubnetId"]
    b = network(ec2, "10.1.0.0/16", "10.1.1.0/24")
    i1 = launch(ec2, a["subnet"], TagSpecifications=tag_spec("instance", Name="web-1", env="prod"))
    i2 = launch(
        ec2, a2, InstanceType=OTHER, TagSpecifications=tag_spec("instance", Name="web-2", env="dev")
    )
    i3 = launch(ec2, b["subnet"], TagSpecifications=tag_spec("instance", Name="db", env="prod"))
    i3 = stop(ec2, i3["InstanceId"])
    return dict(a=a, a2=a2, b=b, i1=i1, i2=i2, i3=i3)


FILTER_CASES = {
    "vpc-id": (lambda f: f["a"]["vpc"], {"i1", "i2"}),
    "subnet-id": (lambda f: f["a2"], {"i2"}),
    "private-ip-address": (lambda f: f["i1"]["PrivateIpAddress"], {"i1"}),
    "instance-state-name": (lambda f: "stopped", {"i3"}),
    "instance-id": (lambda f: f["i2"]["InstanceId"], {"i2"}),
    "tag:Name": (lambda f: "web-*", {"i1", "i2"}),
    "tag:env": (lambda f: "prod", {"i1", "i3"}),
    "tag-key": (lambda f: "env", {"i1", "i2", "i3"}),
    "network-interface.network-interface-id": (
        lambda f: primary_interface(f["i3"])["NetworkInterfaceId"],
        {"i3"},
    ),
    "ip-address": (lambda f: f["i1"]["PublicIpAddress"], {"i1"}),
    "instance-type": (lambda f: OTHER, {"i2"}),
    "availability-zone": (lambda f: "us-east-1b", {"i2"}),
    "image-id": (lambda f: AMI, {"i1", "i2", "i3"}),
    "instance.group-id": (lambda f: f["b"]["sg"], {"i3"}),
}


@pytest.mark.parametrize("name", sorted(FILTER_CASES))
def test_describe_instances_filter(ec2, fleet, name):
    value_of, expected = FILTER_CASES[name]
    got = instance_ids(ec2, Filters=filters(**{name: value_of(fleet)}))
    assert got == {fleet[k]["InstanceId"] for k in expected}


def test_describe_instances_filters_combine_and_values_or(ec2, fleet):
    both = filters(**{"vpc-id": fleet["a"]["vpc"], "instance-type": SMALL})
    assert instance_ids(ec2, Filters=both) == {fleet["i1"]["InstanceId"]}
    either = filters(**{"instance-state-name": ["running", "stopped"]})
    assert instance_ids(ec2, Filters=either) == {fleet[k]["InstanceId"] for k in ("i1", "i2", "i3")}


def test_describe_instances_pagination(ec2, net):
    launched = {launch(ec2, net["subnet"])["InstanceId"] for _ in range(7)}
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        kwargs = {"MaxResults": 5}
        if token:
            kwargs["NextToken"] = token
        page = ec2.describe_instances(**kwargs)
        got = [i["InstanceId"] for r in page["Reservations"] for i in r["Instances"]]
        assert len(got) <= 5
        seen.extend(got)
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
        assert pages < 10, "NextToken never ran out"
    assert pages >= 2
    assert sorted(seen) == sorted(launched)
    paged = [
        i["InstanceId"]
        for p in ec2.get_paginator("describe_instances").paginate(PaginationConfig={"PageSize": 5})
        for r in p["Reservations"]
        for i in r["Instances"]
    ]
    assert sorted(paged) == sorted(launched)


def test_describe_instances_max_results_below_five_is_refused(ec2):
    # Older API reference: MaxResults "can be between 5 and 1000". Real AWS:
    # "Value ( 4 ) for parameter maxResults is invalid. Expecting a value
    # greater than 5." (InvalidParameterValue).
    with raises_code("InvalidParameterValue"):
        ec2.describe_instances(MaxResults=4)


def test_describe_instances_max_results_with_ids_is_refused(ec2, net):
    inst = launch(ec2, net["subnet"])
    # MaxResults: "You cannot specify this parameter and the instance IDs
    # parameter in the same request." Real AWS (getmoto/moto #6282): "The
    # parameter instancesSet cannot be used with the parameter maxResults".
    with raises_code("InvalidParameterCombination"):
        ec2.describe_instances(InstanceIds=[inst["InstanceId"]], MaxResults=5)


# --- DescribeInstanceStatus -----------------------------------------------------------------


def test_describe_instance_status(ec2, net):
    up = launch(ec2, net["subnet"])
    down = launch(ec2, net["subnet"])
    stop(ec2, down["InstanceId"])
    # IncludeAllInstances: "When true, includes the health status for all
    # instances. When false, includes the health status for running instances
    # only. Default: false".
    statuses = ec2.describe_instance_status()["InstanceStatuses"]
    assert [s["InstanceId"] for s in statuses] == [up["InstanceId"]]
    [s] = statuses
    assert s["InstanceState"]["Name"] == "running"
    assert s["AvailabilityZone"] == net["az"]
    everything = ec2.describe_instance_status(IncludeAllInstances=True)["InstanceStatuses"]
    states = {s["InstanceId"]: s["InstanceState"]["Name"] for s in everything}
    assert states == {up["InstanceId"]: "running", down["InstanceId"]: "stopped"}
    by_id = ec2.describe_instance_status(
        InstanceIds=[down["InstanceId"]], IncludeAllInstances=True
    )["InstanceStatuses"]
    assert [s["InstanceId"] for s in by_id] == [down["InstanceId"]]


def test_describe_instance_status_unknown_instance(ec2):
    with raises_code("InvalidInstanceID.NotFound"):
        ec2.describe_instance_status(InstanceIds=[UNKNOWN["instance"]])


# --- lifecycle --------------------------------------------------------------------------------


def change(item):
    return item["PreviousState"]["Name"], item["CurrentState"]["Name"]


def test_stop_then_start(ec2, net):
    inst = launch(ec2, net["subnet"])
    iid = inst["InstanceId"]
    [item] = ec2.stop_instances(InstanceIds=[iid])["StoppingInstances"]
    assert item["InstanceId"] == iid
    assert change(item) == ("running", "stopping")
    assert item["CurrentState"]["Code"] & 0xFF == STATE_CODES["stopping"]
    stopped = wait_state(ec2, iid, "stopped")
    assert state_code(stopped) == STATE_CODES["stopped"]
    # StateReason "Client.UserInitiatedShutdown: The instance was shut down
    # using the Amazon EC2 API" (API reference, StateReason).
    assert stopped["StateReason"]["Code"] == "Client.UserInitiatedShutdown"
    [item] = ec2.start_instances(InstanceIds=[iid])["StartingInstances"]
    assert change(item) == ("stopped", "pending")
    assert state_code(wait_state(ec2, iid, "running")) == STATE_CODES["running"]


def test_terminate(ec2, net):
    inst = launch(ec2, net["subnet"])
    iid = inst["InstanceId"]
    eni_id = primary_interface(inst)["NetworkInterfaceId"]
    [item] = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"]
    assert change(item) == ("running", "shutting-down")
    gone = wait_state(ec2, iid, "terminated")
    assert state_code(gone) == STATE_CODES["terminated"]
    # The primary interface was created with the instance
    # (DeleteOnTermination true) and goes with it.
    wait_until(lambda: eni_gone(ec2, eni_id), desc=f"{eni_id} deleted")


def test_terminate_a_stopped_instance(ec2, net):
    inst = launch(ec2, net["subnet"])
    stop(ec2, inst["InstanceId"])
    [item] = ec2.terminate_instances(InstanceIds=[inst["InstanceId"]])["TerminatingInstances"]
    assert item["PreviousState"]["Name"] == "stopped"
    assert item["CurrentState"]["Name"] in ("shutting-down", "terminated")
    wait_state(ec2, inst["InstanceId"], "terminated")


def test_start_a_running_and_stop_a_stopped_instance_are_no_ops(ec2, net):
    a = launch(ec2, net["subnet"])
    [item] = ec2.start_instances(InstanceIds=[a["InstanceId"]])["StartingInstances"]
    assert change(item) == ("running", "running")
    b = launch(ec2, net["subnet"])
    stop(ec2, b["InstanceId"])
    [item] = ec2.stop_instances(InstanceIds=[b["InstanceId"]])["StoppingInstances"]
    assert change(item) == ("stopped", "stopped")


def test_terminate_twice(ec2, net):
    inst = launch(ec2, net["subnet"])
    terminate(ec2, inst["InstanceId"])
    # TerminateInstances is idempotent ("Ensuring idempotency": idempotent by
    # default).
    [item] = ec2.terminate_instances(InstanceIds=[inst["InstanceId"]])["TerminatingInstances"]
    assert change(item) == ("terminated", "terminated")


def test_start_a_terminated_instance_is_refused(ec2, net):
    inst = launch(ec2, net["subnet"])
    terminate(ec2, inst["InstanceId"])
    # Real AWS (aws-solutions/instance-scheduler-on-aws #281): "The instance
    # 'i-…' is not in a state from which it can be started. (Error Code:
    # IncorrectInstanceState)".
    with raises_code("IncorrectInstanceState"):
        ec2.start_instances(InstanceIds=[inst["InstanceId"]])


def test_stop_a_terminated_instance_is_refused(ec2, net):
    inst = launch(ec2, net["subnet"])
    terminate(ec2, inst["InstanceId"])
    with raises_code("IncorrectInstanceState"):
        ec2.stop_instances(InstanceIds=[inst["InstanceId"]])


def test_reboot(ec2, net):
    inst = launch(ec2, net["subnet"])
    ec2.reboot_instances(InstanceIds=[inst["InstanceId"]])
    again = wait_state(ec2, inst["InstanceId"], "running")
    assert again["PrivateIpAddress"] == inst["PrivateIpAddress"]


def test_reboot_a_terminated_instance_is_ignored(ec2, net):
    inst = launch(ec2, net["subnet"])
    terminate(ec2, inst["InstanceId"])
    ec2.reboot_instances(InstanceIds=[inst["InstanceId"]])
    assert state_name(describe_instance(ec2, inst["InstanceId"])) == "terminated"


@pytest.mark.parametrize("action", ["start_instances", "stop_instances", "terminate_instances", "reboot_instances"])
def test_lifecycle_calls_on_unknown_instance(ec2, action):
    with raises_code("InvalidInstanceID.NotFound"):
        getattr(ec2, action)(InstanceIds=[UNKNOWN["instance"]])


def test_terminated_instances_stay_visible_for_an_hour(ec2, net, advance_clock):
    inst = launch(ec2, net["subnet"])
    keep = launch(ec2, net["subnet"])
    terminate(ec2, inst["InstanceId"])
    advance_clock(50 * 60)
    assert state_name(describe_instance(ec2, inst["InstanceId"])) == "terminated"
    assert inst["InstanceId"] in instance_ids(ec2)
    advance_clock(20 * 60)
    with raises_code("InvalidInstanceID.NotFound"):
        ec2.describe_instances(InstanceIds=[inst["InstanceId"]])
    assert instance_ids(ec2) == {keep["InstanceId"]}
    assert instance_ids(ec2, Filters=filters(**{"instance-state-name": "terminated"})) == set()


# --- Modify/DescribeInstanceAttribute ----------------------------------------------------------


def attribute(ec2, iid, name):
    return ec2.describe_instance_attribute(InstanceId=iid, Attribute=name)


def test_instance_type_changes_only_when_stopped(ec2, net):
    inst = launch(ec2, net["subnet"])
    iid = inst["InstanceId"]
    assert attribute(ec2, iid, "instanceType")["InstanceType"]["Value"] == SMALL
    # Real AWS: "IncorrectInstanceState: The instance 'i-…' is not in the
    # 'stopped' state." (errors-overview, IncorrectInstanceState).
    with raises_code("IncorrectInstanceState"):
        ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": OTHER})
    stop(ec2, iid)
    ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": OTHER})
    assert attribute(ec2, iid, "instanceType")["InstanceType"]["Value"] == OTHER
    assert describe_instance(ec2, iid)["InstanceType"] == OTHER


def test_unknown_instance_type_on_modify_is_refused(ec2, net):
    inst = launch(ec2, net["subnet"])
    stop(ec2, inst["InstanceId"])
    # errors-overview: InvalidInstanceAttributeValue "This error is most
    # commonly encountered when trying to set the InstanceType/--instance-type
    # attribute to an unrecognized value."
    with raises_code("InvalidInstanceAttributeValue"):
        ec2.modify_instance_attribute(InstanceId=inst["InstanceId"], InstanceType={"Value": "t9.bogus"})


def test_user_data_changes_only_when_stopped(ec2, net):
    inst = launch(ec2, net["subnet"], UserData="first")
    iid = inst["InstanceId"]
    # Real AWS (kubernetes-sigs/cluster-api-provider-aws #1387): modifying user
    # data on a running instance answers IncorrectInstanceState.
    with raises_code("IncorrectInstanceState"):
        ec2.modify_instance_attribute(InstanceId=iid, UserData={"Value": b"second"})
    assert base64.b64decode(user_data(ec2, iid)) == b"first"
    stop(ec2, iid)
    # UserData.Value is a blob: boto3 base64-encodes it on the wire.
    ec2.modify_instance_attribute(InstanceId=iid, UserData={"Value": b"second"})
    assert base64.b64decode(user_data(ec2, iid)) == b"second"


def test_group_set(ec2, net):
    web = make_group(ec2, net["vpc"], "web")
    ssh = make_group(ec2, net["vpc"], "ssh")
    inst = launch(ec2, net["subnet"])
    iid = inst["InstanceId"]
    assert group_ids(attribute(ec2, iid, "groupSet")["Groups"]) == {net["sg"]}
    ec2.modify_instance_attribute(InstanceId=iid, Groups=[web, ssh])
    assert group_ids(attribute(ec2, iid, "groupSet")["Groups"]) == {web, ssh}
    again = describe_instance(ec2, iid)
    assert group_ids(again["SecurityGroups"]) == {web, ssh}
    # The instance's groups are its primary interface's groups.
    eni = describe_eni(ec2, primary_interface(again)["NetworkInterfaceId"])
    assert group_ids(eni["Groups"]) == {web, ssh}


def test_group_set_of_another_vpc_is_refused(ec2, net):
    other = network(ec2, "10.9.0.0/16", "10.9.1.0/24")
    inst = launch(ec2, net["subnet"])
    # UNSURE (code): AWS documents InvalidGroup.NotFound for "a security group
    # that is in a different ... VPC than the request" (errors-overview).
    with raises_code("InvalidGroup.NotFound"):
        ec2.modify_instance_attribute(InstanceId=inst["InstanceId"], Groups=[other["sg"]])


def test_source_dest_check(ec2, net):
    inst = launch(ec2, net["subnet"])
    iid = inst["InstanceId"]
    assert attribute(ec2, iid, "sourceDestCheck")["SourceDestCheck"]["Value"] is True
    ec2.modify_instance_attribute(InstanceId=iid, SourceDestCheck={"Value": False})
    assert attribute(ec2, iid, "sourceDestCheck")["SourceDestCheck"]["Value"] is False
    again = describe_instance(ec2, iid)
    assert again["SourceDestCheck"] is False
    eni = describe_eni(ec2, primary_interface(again)["NetworkInterfaceId"])
    assert eni["SourceDestCheck"] is False


def test_source_dest_check_legacy_attribute_value_form(ec2, net):
    inst = launch(ec2, net["subnet"])
    ec2.modify_instance_attribute(InstanceId=inst["InstanceId"], Attribute="sourceDestCheck", Value="false")
    assert attribute(ec2, inst["InstanceId"], "sourceDestCheck")["SourceDestCheck"]["Value"] is False
    ec2.modify_instance_attribute(InstanceId=inst["InstanceId"], Attribute="sourceDestCheck", Value="TRUE")
    # A value that is not a boolean is refused, never read as false.
    for value in ("maybe", "", "0"):
        with raises_code("InvalidParameterValue"):
            ec2.modify_instance_attribute(InstanceId=inst["InstanceId"], Attribute="sourceDestCheck", Value=value)
    assert attribute(ec2, inst["InstanceId"], "sourceDestCheck")["SourceDestCheck"]["Value"] is True


def test_instance_wide_settings_with_two_interfaces_are_refused(ec2, net):
    inst = launch(ec2, net["subnet"], InstanceType=ROOMY)
    extra = create_eni(ec2, net["subnet"])
    ec2.attach_network_interface(
        NetworkInterfaceId=extra["NetworkInterfaceId"], InstanceId=inst["InstanceId"], DeviceIndex=1
    )
    # errors-overview: InvalidInstanceID "can also occur when trying to perform
    # an operation on an instance that has multiple network interfaces ... each
    # network interface in an instance can have a source/destination check
    # flag. To modify this attribute, modify the network interface attribute".
    # Real AWS: "There are multiple interfaces attached to instance 'i-…'.
    # Please specify an interface ID for the operation instead."
    with raises_code("InvalidInstanceID"):
        ec2.modify_instance_attribute(InstanceId=inst["InstanceId"], SourceDestCheck={"Value": False})
    with raises_code("InvalidInstanceID"):
        ec2.modify_instance_attribute(InstanceId=inst["InstanceId"], Groups=[net["sg"]])


def test_attributes_of_unknown_instance(ec2):
    with raises_code("InvalidInstanceID.NotFound"):
        ec2.describe_instance_attribute(InstanceId=UNKNOWN["instance"], Attribute="instanceType")
    with raises_code("InvalidInstanceID.NotFound"):
        ec2.modify_instance_attribute(InstanceId=UNKNOWN["instance"], SourceDestCheck={"Value": False})


def test_describe_instances_lists_every_instance_once(ec2, net):
    ids = {launch(ec2, net["subnet"])["InstanceId"] for _ in range(3)}
    listed = [i["InstanceId"] for i in all_instances(ec2)]
    assert sorted(listed) == sorted(ids)
