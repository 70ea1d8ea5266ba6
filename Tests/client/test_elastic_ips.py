"""Elastic IPs: AllocateAddress, AssociateAddress, DisassociateAddress,
ReleaseAddress, DescribeAddresses.

Sources (EC2 API Reference unless said otherwise):
- AssociateAddress AllowReassociation: "Reassociation is automatic, but you
  can specify false to ensure the operation fails if the Elastic IP address is
  already associated with another resource."
- "Ensuring idempotency in Amazon EC2 API requests": AssociateAddress and
  DisassociateAddress are idempotent by default; DisassociateAddress: "If you
  perform the operation more than once, Amazon EC2 doesn't return an error."
- ReleaseAddress: "[Nondefault VPC] You must disassociate the Elastic IP
  address before you can release it. Otherwise, Amazon EC2 returns an error
  (InvalidIPAddress.InUse)."
- "Error codes for the Amazon EC2 API": Gateway.NotAttached ("If you are trying
  to associate an Elastic IP address with a network interface or an instance,
  ensure that an internet gateway is attached to the relevant VPC"),
  Resource.AlreadyAssociated, InvalidAllocationID.NotFound,
  InvalidAssociationID.NotFound, InvalidAddress.NotFound, InvalidInstanceID
  (an instance with several interfaces: "you may need to specify the network
  interface ID as part of the request").
- EC2 User Guide, Elastic IP addresses (quoted by AWS certification material):
  associating an Elastic IP with an instance that had a public IP releases the
  public IP; on disassociation "the instance is automatically assigned a new
  public IP address within a few minutes"; "The EIP remains associated with
  the instance when you stop it."
- LocalVPC: addresses come from 198.18.0.0/15 by default (compute_helpers).
"""

from __future__ import annotations

import pytest

from compute_helpers import (
    ASSOCIATION_ID,
    ROOMY,
    UNKNOWN,
    allocate,
    allocation_ids,
    create_eni,
    describe_address,
    describe_eni,
    describe_instance,
    in_pool,
    launch,
    network,
    primary_interface,
    start,
    stop,
    wait_state,
)
from lvpc import DEFAULT_ACCOUNT, filters, raises_code, tag_spec, tags_of, wait_until


@pytest.fixture
def net(ec2):
    return network(ec2, igw=True)


@pytest.fixture
def inst(ec2, net):
    return launch(ec2, net["subnet"])


# --- AllocateAddress / DescribeAddresses ---------------------------------------------------------


def test_allocate_address(ec2):
    out = allocate(ec2, TagSpecifications=tag_spec("elastic-ip", Name="bastion"))
    assert out["Domain"] == "vpc"
    assert in_pool(out["PublicIp"]), out["PublicIp"]
    assert out["PublicIpv4Pool"] == "amazon"
    assert out["NetworkBorderGroup"] == "us-east-1"
    addr = describe_address(ec2, out["AllocationId"])
    assert addr["PublicIp"] == out["PublicIp"]
    assert addr["Domain"] == "vpc"
    assert tags_of(addr) == {"Name": "bastion"}
    for absent in ("AssociationId", "InstanceId", "NetworkInterfaceId", "PrivateIpAddress"):
        assert absent not in addr, addr


def test_allocate_without_domain_is_a_vpc_address(ec2):
    out = ec2.allocate_address()
    assert out["Domain"] == "vpc"
    assert in_pool(out["PublicIp"])


def test_addresses_are_distinct(ec2):
    ips = [allocate(ec2)["PublicIp"] for _ in range(5)]
    assert len(set(ips)) == 5
    assert len(ec2.describe_addresses()["Addresses"]) == 5


def test_describe_by_public_ip(ec2):
    out = allocate(ec2)
    allocate(ec2)
    got = ec2.describe_addresses(PublicIps=[out["PublicIp"]])["Addresses"]
    assert [a["AllocationId"] for a in got] == [out["AllocationId"]]


def test_describe_unknown_allocation(ec2):
    with raises_code("InvalidAllocationID.NotFound"):
        ec2.describe_addresses(AllocationIds=[UNKNOWN["allocation"]])


def test_describe_unknown_public_ip(ec2):
    # errors-overview: InvalidAddress.NotFound "The specified Elastic IP address
    # that you are describing cannot be found."
    with raises_code("InvalidAddress.NotFound"):
        ec2.describe_addresses(PublicIps=["198.18.255.254"])


def test_cli_allocate_and_describe(aws, ec2):
    out = aws("ec2", "allocate-address", "--domain", "vpc")
    assert in_pool(out["PublicIp"])
    got = aws("ec2", "describe-addresses", "--allocation-ids", out["AllocationId"])["Addresses"]
    assert [(a["PublicIp"], a["Domain"]) for a in got] == [(out["PublicIp"], "vpc")]


# --- AssociateAddress ------------------------------------------------------------------------------


def test_associate_with_an_instance(ec2, net, inst):
    eip = allocate(ec2)
    out = ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    assert ASSOCIATION_ID.fullmatch(out["AssociationId"]), out
    addr = describe_address(ec2, eip["AllocationId"])
    eni = primary_interface(inst)
    assert addr["AssociationId"] == out["AssociationId"]
    assert addr["InstanceId"] == inst["InstanceId"]
    assert addr["NetworkInterfaceId"] == eni["NetworkInterfaceId"]
    assert addr["NetworkInterfaceOwnerId"] == DEFAULT_ACCOUNT
    assert addr["PrivateIpAddress"] == inst["PrivateIpAddress"]
    again = describe_instance(ec2, inst["InstanceId"])
    assert again["PublicIpAddress"] == eip["PublicIp"]
    association = describe_eni(ec2, eni["NetworkInterfaceId"])["Association"]
    assert association["PublicIp"] == eip["PublicIp"]
    assert association["AllocationId"] == eip["AllocationId"]
    assert association["AssociationId"] == out["AssociationId"]
    # An Elastic IP is owned by the account (an auto-assigned one by "amazon").
    assert association["IpOwnerId"] == DEFAULT_ACCOUNT


def test_associate_with_a_secondary_address_of_an_interface(ec2, net):
    inst = launch(ec2, net["subnet"], InstanceType=ROOMY)
    eni_id = primary_interface(inst)["NetworkInterfaceId"]
    ec2.assign_private_ip_addresses(NetworkInterfaceId=eni_id, PrivateIpAddresses=["10.0.1.100"])
    eip = allocate(ec2)
    out = ec2.associate_address(
        AllocationId=eip["AllocationId"], NetworkInterfaceId=eni_id, PrivateIpAddress="10.0.1.100"
    )
    addr = describe_address(ec2, eip["AllocationId"])
    assert addr["AssociationId"] == out["AssociationId"]
    assert addr["NetworkInterfaceId"] == eni_id
    assert addr["PrivateIpAddress"] == "10.0.1.100"
    assert addr["InstanceId"] == inst["InstanceId"]
    secondary = [
        a for a in describe_eni(ec2, eni_id)["PrivateIpAddresses"] if a["PrivateIpAddress"] == "10.0.1.100"
    ]
    assert secondary[0]["Association"]["PublicIp"] == eip["PublicIp"]


def test_associate_without_an_internet_gateway_is_refused(ec2):
    private = network(ec2, "10.5.0.0/16", "10.5.1.0/24")
    inst = launch(ec2, private["subnet"])
    eip = allocate(ec2)
    # Real AWS (aws-samples/cfn101-workshop #165): "Network vpc-… is not
    # attached to any internet gateway (Error Code: Gateway.NotAttached)".
    with raises_code("Gateway.NotAttached") as err:
        ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    assert private["vpc"] in (err.message or "")
    with raises_code("Gateway.NotAttached"):
        ec2.associate_address(
            AllocationId=eip["AllocationId"],
            NetworkInterfaceId=primary_interface(inst)["NetworkInterfaceId"],
        )
    assert "AssociationId" not in describe_address(ec2, eip["AllocationId"])


def test_reassociation_is_automatic(ec2, net, inst):
    other = launch(ec2, net["subnet"])
    eip = allocate(ec2)
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=other["InstanceId"])
    addr = describe_address(ec2, eip["AllocationId"])
    assert addr["InstanceId"] == other["InstanceId"]
    assert describe_instance(ec2, other["InstanceId"])["PublicIpAddress"] == eip["PublicIp"]
    assert "PublicIpAddress" not in describe_instance(ec2, inst["InstanceId"])


def test_allow_reassociation_false_refuses_an_associated_address(ec2, net, inst):
    other = launch(ec2, net["subnet"])
    eip = allocate(ec2)
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    # Real AWS (NixOS/nixops-aws #143): Resource.AlreadyAssociated.
    with raises_code("Resource.AlreadyAssociated"):
        ec2.associate_address(
            AllocationId=eip["AllocationId"], InstanceId=other["InstanceId"], AllowReassociation=False
        )
    assert describe_address(ec2, eip["AllocationId"])["InstanceId"] == inst["InstanceId"]


def test_associate_twice_is_idempotent(ec2, net, inst):
    eip = allocate(ec2)
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    addr = describe_address(ec2, eip["AllocationId"])
    assert addr["InstanceId"] == inst["InstanceId"]
    assert len(ec2.describe_addresses(Filters=filters(**{"instance-id": inst["InstanceId"]}))["Addresses"]) == 1


def test_associate_with_an_instance_of_several_interfaces_needs_the_interface(ec2, net):
    inst = launch(ec2, net["subnet"], InstanceType=ROOMY)
    extra = create_eni(ec2, net["subnet"])
    ec2.attach_network_interface(
        NetworkInterfaceId=extra["NetworkInterfaceId"], InstanceId=inst["InstanceId"], DeviceIndex=1
    )
    eip = allocate(ec2)
    # errors-overview: InvalidInstanceID (several interfaces: specify the
    # network interface ID). Real AWS (hashicorp/terraform-provider-aws #6476
    # and others): "There are multiple interfaces attached to instance 'i-…'.
    # Please specify an interface ID for the operation instead."
    with raises_code("InvalidInstanceID"):
        ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    ec2.associate_address(AllocationId=eip["AllocationId"], NetworkInterfaceId=extra["NetworkInterfaceId"])
    assert describe_address(ec2, eip["AllocationId"])["NetworkInterfaceId"] == extra["NetworkInterfaceId"]


def test_associate_unknown_allocation_or_instance(ec2, inst):
    with raises_code("InvalidAllocationID.NotFound"):
        ec2.associate_address(AllocationId=UNKNOWN["allocation"], InstanceId=inst["InstanceId"])
    eip = allocate(ec2)
    with raises_code("InvalidInstanceID.NotFound"):
        ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=UNKNOWN["instance"])
    with raises_code("InvalidNetworkInterfaceID.NotFound"):
        ec2.associate_address(AllocationId=eip["AllocationId"], NetworkInterfaceId=UNKNOWN["eni"])


def test_an_elastic_ip_replaces_an_auto_assigned_one(ec2):
    net = network(ec2, igw=True, map_public=True)
    inst = launch(ec2, net["subnet"])
    auto = inst["PublicIpAddress"]
    assert in_pool(auto)
    eip = allocate(ec2)
    assoc = ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    assert describe_instance(ec2, inst["InstanceId"])["PublicIpAddress"] == eip["PublicIp"]
    ec2.disassociate_address(AssociationId=assoc["AssociationId"])
    # "If you disassociate an EIP from the instance, the instance is
    # automatically assigned a new public IP address within a few minutes."
    fresh = wait_until(
        lambda: describe_instance(ec2, inst["InstanceId"]).get("PublicIpAddress"),
        desc="a new auto-assigned public IP",
    )
    assert in_pool(fresh) and fresh != eip["PublicIp"]


def test_an_elastic_ip_stays_across_stop_and_start(ec2, net, inst):
    eip = allocate(ec2)
    assoc = ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    stopped = stop(ec2, inst["InstanceId"])
    assert stopped["PublicIpAddress"] == eip["PublicIp"]
    assert describe_address(ec2, eip["AllocationId"])["AssociationId"] == assoc["AssociationId"]
    assert start(ec2, inst["InstanceId"])["PublicIpAddress"] == eip["PublicIp"]


def test_terminating_the_instance_disassociates_the_address(ec2, net, inst):
    eip = allocate(ec2)
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    ec2.terminate_instances(InstanceIds=[inst["InstanceId"]])
    wait_state(ec2, inst["InstanceId"], "terminated")
    wait_until(
        lambda: "AssociationId" not in describe_address(ec2, eip["AllocationId"]),
        desc="the Elastic IP freed by the termination",
    )
    # Still allocated to the account until released.
    assert describe_address(ec2, eip["AllocationId"])["PublicIp"] == eip["PublicIp"]


# --- DisassociateAddress / ReleaseAddress ------------------------------------------------------------


def test_disassociate(ec2, net, inst):
    eip = allocate(ec2)
    assoc = ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    ec2.disassociate_address(AssociationId=assoc["AssociationId"])
    addr = describe_address(ec2, eip["AllocationId"])
    for absent in ("AssociationId", "InstanceId", "NetworkInterfaceId", "PrivateIpAddress"):
        assert absent not in addr, addr
    assert "PublicIpAddress" not in describe_instance(ec2, inst["InstanceId"])
    # Idempotent: disassociating again is not an error.
    ec2.disassociate_address(AssociationId=assoc["AssociationId"])


def test_disassociate_unknown_association(ec2):
    with raises_code("InvalidAssociationID.NotFound"):
        ec2.disassociate_address(AssociationId=UNKNOWN["association"])


def test_release_an_associated_address_is_refused(ec2, net, inst):
    eip = allocate(ec2)
    assoc = ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    with raises_code("InvalidIPAddress.InUse"):
        ec2.release_address(AllocationId=eip["AllocationId"])
    assert describe_address(ec2, eip["AllocationId"])["AssociationId"] == assoc["AssociationId"]
    ec2.disassociate_address(AssociationId=assoc["AssociationId"])
    ec2.release_address(AllocationId=eip["AllocationId"])
    with raises_code("InvalidAllocationID.NotFound"):
        ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])
    assert eip["AllocationId"] not in allocation_ids(ec2)


def test_release_unknown_allocation(ec2):
    with raises_code("InvalidAllocationID.NotFound"):
        ec2.release_address(AllocationId=UNKNOWN["allocation"])


def test_a_vpc_address_is_named_by_its_allocation_or_association_id(ec2, net, inst):
    """Every address is a VPC address, which AWS names by id: PublicIp (deprecated in the API reference) alone is
    refused in the words AWS's users quote ("You must specify an allocation id when releasing a VPC elastic IP
    address", NixOS/nixops issue 852; "... when mapping an address to a VPC instance", bosh-aws-cpi-release issue
    52; "You must specify an association id when unmapping an address from a VPC instance", vagrant-aws issue 540;
    "You may specify public IP or allocation id, but not both in the same call", fog issue 879). Nothing changes."""
    eip = allocate(ec2)
    ip, allocation = eip["PublicIp"], eip["AllocationId"]
    with raises_code("InvalidParameterCombination", message=r"^You must specify an allocation id when mapping an address to a VPC instance$"):
        ec2.associate_address(PublicIp=ip, InstanceId=inst["InstanceId"])
    assert "AssociationId" not in describe_address(ec2, allocation)
    association = ec2.associate_address(AllocationId=allocation, InstanceId=inst["InstanceId"])["AssociationId"]
    with raises_code("InvalidParameterValue", message=r"^You must specify an association id when unmapping an address from a VPC instance$"):
        ec2.disassociate_address(PublicIp=ip)
    assert describe_address(ec2, allocation)["AssociationId"] == association
    ec2.disassociate_address(AssociationId=association)
    with raises_code("InvalidParameterValue", message=r"^You must specify an allocation id when releasing a VPC elastic IP address$"):
        ec2.release_address(PublicIp=ip)
    with raises_code("InvalidParameterCombination", message=r"^You may specify public IP or allocation id, but not both in the same call$"):
        ec2.release_address(PublicIp=ip, AllocationId=allocation)
    # "If you provide an incorrect network border group, you receive an InvalidAddress.NotFound error."
    with raises_code("InvalidAddress.NotFound"):
        ec2.release_address(AllocationId=allocation, NetworkBorderGroup="us-west-2")
    assert describe_address(ec2, allocation)["PublicIp"] == ip
    with raises_code("InvalidAddress.NotFound"):
        ec2.release_address(PublicIp="198.51.100.77")
    ec2.release_address(AllocationId=allocation, NetworkBorderGroup="us-east-1")
    assert allocation not in allocation_ids(ec2)


def test_cli_associate_and_disassociate(aws, ec2, net, inst):
    eip = aws("ec2", "allocate-address", "--domain", "vpc")
    out = aws("ec2", "associate-address", "--instance-id", inst["InstanceId"], "--allocation-id", eip["AllocationId"])
    assert ASSOCIATION_ID.fullmatch(out["AssociationId"])
    got = aws("ec2", "describe-addresses", "--filters", f"Name=instance-id,Values={inst['InstanceId']}")["Addresses"]
    assert [(a["PublicIp"], a["AssociationId"]) for a in got] == [(eip["PublicIp"], out["AssociationId"])]
    aws("ec2", "disassociate-address", "--association-id", out["AssociationId"])
    aws("ec2", "release-address", "--allocation-id", eip["AllocationId"])
    assert aws("ec2", "describe-addresses")["Addresses"] == []


# --- DescribeAddresses filters -------------------------------------------------------------------------


@pytest.fixture
def addresses(ec2, net):
    """eip1 on instance i1 (primary address); eip2 on i2 through its interface;
    eip3 unassociated, tagged Name=spare."""
    i1 = launch(ec2, net["subnet"])
    i2 = launch(ec2, net["subnet"])
    eip1, eip2 = allocate(ec2), allocate(ec2)
    eip3 = allocate(ec2, TagSpecifications=tag_spec("elastic-ip", Name="spare"))
    a1 = ec2.associate_address(AllocationId=eip1["AllocationId"], InstanceId=i1["InstanceId"])
    e2 = primary_interface(i2)["NetworkInterfaceId"]
    ec2.associate_address(AllocationId=eip2["AllocationId"], NetworkInterfaceId=e2)
    return dict(i1=i1, i2=i2, e2=e2, eip1=eip1, eip2=eip2, eip3=eip3, a1=a1["AssociationId"])


ADDRESS_FILTERS = {
    "allocation-id": (lambda w: w["eip3"]["AllocationId"], {"eip3"}),
    "association-id": (lambda w: w["a1"], {"eip1"}),
    "instance-id": (lambda w: w["i2"]["InstanceId"], {"eip2"}),
    "network-interface-id": (lambda w: w["e2"], {"eip2"}),
    "network-interface-owner-id": (lambda w: DEFAULT_ACCOUNT, {"eip1", "eip2"}),
    "private-ip-address": (lambda w: w["i1"]["PrivateIpAddress"], {"eip1"}),
    "public-ip": (lambda w: w["eip3"]["PublicIp"], {"eip3"}),
    # "domain" (vpc | standard) is in the API reference of the EC2-Classic era;
    # every address is "vpc" now.
    "domain": (lambda w: "vpc", {"eip1", "eip2", "eip3"}),
    "network-border-group": (lambda w: "us-east-1", {"eip1", "eip2", "eip3"}),
    "tag:Name": (lambda w: "spare", {"eip3"}),
    "tag-key": (lambda w: "Name", {"eip3"}),
}


@pytest.mark.parametrize("name", sorted(ADDRESS_FILTERS))
def test_describe_addresses_filter(ec2, addresses, name):
    value_of, expected = ADDRESS_FILTERS[name]
    got = allocation_ids(ec2, Filters=filters(**{name: value_of(addresses)}))
    assert got == {addresses[k]["AllocationId"] for k in expected}


def test_describe_addresses_by_instance_shows_interface_associations(ec2, addresses):
    [addr] = ec2.describe_addresses(Filters=filters(**{"instance-id": addresses["i2"]["InstanceId"]}))["Addresses"]
    assert addr["PrivateIpAddress"] == addresses["i2"]["PrivateIpAddress"]
    assert addr["NetworkInterfaceId"] == addresses["e2"]


def test_the_domain_name_attribute_terraform_reads_for_every_eip(ec2):
    # Terraform's aws_eip reads DescribeAddressesAttribute (Attribute=domain-name) on every refresh and expects exactly
    # the allocation it asked for (findEIPDomainNameAttributeByAllocationID). LocalVPC keeps no PTR records: an address
    # is answered without one, as AWS answers an address nobody set one for.
    first = ec2.allocate_address(Domain="vpc")
    second = ec2.allocate_address(Domain="vpc")
    [attribute] = ec2.describe_addresses_attribute(AllocationIds=[first["AllocationId"]], Attribute="domain-name")["Addresses"]
    assert attribute == {"AllocationId": first["AllocationId"], "PublicIp": first["PublicIp"]}
    everything = ec2.describe_addresses_attribute(Attribute="domain-name")["Addresses"]
    assert {a["AllocationId"] for a in everything} == {first["AllocationId"], second["AllocationId"]}
    page = ec2.describe_addresses_attribute(Attribute="domain-name", MaxResults=1)
    assert len(page["Addresses"]) == 1 and page["NextToken"]
    with raises_code("InvalidAllocationID.NotFound"):
        ec2.describe_addresses_attribute(AllocationIds=["eipalloc-0123456789abcdef0"], Attribute="domain-name")
