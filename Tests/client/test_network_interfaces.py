"""Network interfaces: the primary interface every instance has, and
Create/Delete/Describe/Attach/DetachNetworkInterface,
ModifyNetworkInterfaceAttribute, Assign/UnassignPrivateIpAddresses.

Sources (EC2 API Reference unless said otherwise):
- CreateNetworkInterface: Groups "The IDs of the security groups" (the VPC's
  default group when none is given, as for instances); PrivateIpAddress "The
  primary private IPv4 address of the network interface. If you don't specify
  an IPv4 address, Amazon EC2 selects one for you from the subnet's IPv4 CIDR
  range"; SecondaryPrivateIpAddressCount.
- DeleteNetworkInterface: "You must detach the network interface before you
  can delete it."
- RunInstances InstanceNetworkInterfaceSpecification.DeleteOnTermination: "You
  can specify true only if creating a new network interface when launching an
  instance" (so an existing interface survives its instance by default).
- "Error codes for the Amazon EC2 API": OperationNotPermitted ("trying to
  detach the primary network interface (eth0) from an instance"),
  InvalidNetworkInterface.InUse ("The specified interface is currently in use
  and cannot be deleted or attached to another instance ... If a network
  interface is in use, you may also receive the InvalidParameterValue error"),
  InvalidAttachmentID.NotFound, InvalidNetworkInterfaceID.NotFound,
  InvalidNetworkInterfaceId.Malformed, InsufficientFreeAddressesInSubnet.
- Errors seen from real AWS and quoted in public issues, cited next to the
  assertions that use them.
"""

from __future__ import annotations

import pytest

from compute_helpers import (
    ATTACHMENT_ID,
    ENI_ID,
    MAC_ADDRESS,
    ROOMY,
    SMALL,
    UNKNOWN,
    available_ips,
    create_eni,
    describe_eni,
    describe_instance,
    eni_gone,
    eni_ids,
    group_ids,
    in_cidr,
    in_pool,
    launch,
    make_group,
    network,
    primary_interface,
    private_ips,
    reserved_addresses,
    run,
    stop,
    terminate,
    wait_eni_status,
)
from lvpc import DEFAULT_ACCOUNT, filters, raises_code, tag_spec, tags_of, wait_until


@pytest.fixture
def net(ec2):
    return network(ec2)


def eni_tags(eni):
    return tags_of({"Tags": eni.get("TagSet", [])})


# --- the primary interface of an instance ------------------------------------------------------


def test_every_instance_has_a_primary_interface(ec2, net):
    web = make_group(ec2, net["vpc"], "web")
    inst = launch(ec2, net["subnet"], SecurityGroupIds=[web])
    attached = primary_interface(inst)
    eni = describe_eni(ec2, attached["NetworkInterfaceId"])
    assert ENI_ID.fullmatch(eni["NetworkInterfaceId"])
    assert eni["Status"] == "in-use"
    assert eni["InterfaceType"] == "interface"
    assert eni["SubnetId"] == net["subnet"] and eni["VpcId"] == net["vpc"]
    assert eni["AvailabilityZone"] == net["az"]
    assert eni["OwnerId"] == DEFAULT_ACCOUNT
    assert eni["RequesterManaged"] is False
    assert MAC_ADDRESS.fullmatch(eni["MacAddress"])
    assert eni["PrivateIpAddress"] == inst["PrivateIpAddress"]
    [address] = eni["PrivateIpAddresses"]
    assert address["PrivateIpAddress"] == inst["PrivateIpAddress"]
    assert address["Primary"] is True
    assert group_ids(eni["Groups"]) == {web}
    assert eni["SourceDestCheck"] is True
    attachment = eni["Attachment"]
    assert ATTACHMENT_ID.fullmatch(attachment["AttachmentId"]), attachment
    assert attachment["InstanceId"] == inst["InstanceId"]
    assert attachment["InstanceOwnerId"] == DEFAULT_ACCOUNT
    assert attachment["DeviceIndex"] == 0
    assert attachment["Status"] == "attached"
    assert attachment["DeleteOnTermination"] is True
    assert attached["Attachment"]["AttachmentId"] == attachment["AttachmentId"]


def test_instances_with_several_addresses_in_one_launch(ec2, net):
    inst = launch(
        ec2,
        InstanceType=ROOMY,
        NetworkInterfaces=[
            {"DeviceIndex": 0, "SubnetId": net["subnet"], "SecondaryPrivateIpAddressCount": 2}
        ],
    )
    eni = describe_eni(ec2, primary_interface(inst)["NetworkInterfaceId"])
    ips = private_ips(eni)
    assert len(ips) == 3
    assert [a["PrivateIpAddress"] for a in eni["PrivateIpAddresses"] if a["Primary"]] == [
        inst["PrivateIpAddress"]
    ]
    assert all(in_cidr(ip, net["cidr"]) for ip in ips)
    assert available_ips(ec2, net["subnet"]) == 251 - 3


def test_launch_with_an_existing_interface(ec2, net):
    eni = create_eni(ec2, net["subnet"], Description="kept")
    inst = launch(
        ec2, NetworkInterfaces=[{"DeviceIndex": 0, "NetworkInterfaceId": eni["NetworkInterfaceId"]}]
    )
    assert inst["PrivateIpAddress"] == eni["PrivateIpAddress"]
    assert inst["SubnetId"] == net["subnet"]
    assert primary_interface(inst)["NetworkInterfaceId"] == eni["NetworkInterfaceId"]
    attached = describe_eni(ec2, eni["NetworkInterfaceId"])
    assert attached["Status"] == "in-use"
    assert attached["Attachment"]["DeleteOnTermination"] is False
    terminate(ec2, inst["InstanceId"])
    # An interface that existed before the instance survives it.
    after = wait_eni_status(ec2, eni["NetworkInterfaceId"], "available")
    assert "Attachment" not in after or after["Attachment"] is None
    assert after["PrivateIpAddress"] == eni["PrivateIpAddress"]


def test_launch_with_an_interface_in_use_is_refused(ec2, net):
    first = launch(ec2, net["subnet"])
    eni_id = primary_interface(first)["NetworkInterfaceId"]
    # Real AWS (hashicorp/terraform-provider-aws #27513, pulumi/pulumi-aws
    # #2394): "InvalidNetworkInterface.InUse: Interface: [eni-…] in use."
    with raises_code("InvalidNetworkInterface.InUse"):
        ec2.run_instances(
            ImageId="ami-12345678",
            InstanceType=SMALL,
            MinCount=1,
            MaxCount=1,
            NetworkInterfaces=[{"DeviceIndex": 0, "NetworkInterfaceId": eni_id}],
        )


# --- CreateNetworkInterface / DeleteNetworkInterface / DescribeNetworkInterfaces ----------------


def test_create_network_interface(ec2, net):
    web = make_group(ec2, net["vpc"], "web")
    out = ec2.create_network_interface(
        SubnetId=net["subnet"],
        Description="spare",
        Groups=[web],
        TagSpecifications=tag_spec("network-interface", Name="spare"),
    )["NetworkInterface"]
    assert ENI_ID.fullmatch(out["NetworkInterfaceId"])
    assert out["Status"] in ("pending", "available")
    eni = wait_eni_status(ec2, out["NetworkInterfaceId"], "available")
    assert eni["Description"] == "spare"
    assert group_ids(eni["Groups"]) == {web}
    assert eni["SubnetId"] == net["subnet"] and eni["VpcId"] == net["vpc"]
    assert eni["AvailabilityZone"] == net["az"]
    assert eni["InterfaceType"] == "interface"
    assert eni["OwnerId"] == DEFAULT_ACCOUNT
    assert eni["RequesterManaged"] is False
    assert eni["SourceDestCheck"] is True
    assert MAC_ADDRESS.fullmatch(eni["MacAddress"])
    assert in_cidr(eni["PrivateIpAddress"], net["cidr"])
    assert eni["PrivateIpAddress"] not in reserved_addresses(net["cidr"])
    assert eni.get("Attachment") is None
    assert eni_tags(eni) == {"Name": "spare"}


def test_create_without_groups_uses_the_default_group(ec2, net):
    eni = create_eni(ec2, net["subnet"])
    assert group_ids(eni["Groups"]) == {net["sg"]}


def test_create_with_addresses(ec2, net):
    eni = create_eni(ec2, net["subnet"], PrivateIpAddress="10.0.1.20", SecondaryPrivateIpAddressCount=2)
    assert eni["PrivateIpAddress"] == "10.0.1.20"
    ips = private_ips(eni)
    assert len(ips) == 3 and "10.0.1.20" in ips
    assert all(in_cidr(ip, net["cidr"]) and ip not in reserved_addresses(net["cidr"]) for ip in ips)
    assert available_ips(ec2, net["subnet"]) == 248


def test_create_with_named_addresses_keeps_every_one_and_the_marked_primary(ec2, net):
    eni = create_eni(ec2, net["subnet"], PrivateIpAddresses=[
        {"PrivateIpAddress": "10.0.1.30"}, {"PrivateIpAddress": "10.0.1.31", "Primary": True}, {"PrivateIpAddress": "10.0.1.32"}])
    assert eni["PrivateIpAddress"] == "10.0.1.31"
    assert sorted(private_ips(eni)) == ["10.0.1.30", "10.0.1.31", "10.0.1.32"]
    # PrivateIpAddress is the primary; every address PrivateIpAddresses names is a secondary, none dropped.
    eni = create_eni(ec2, net["subnet"], PrivateIpAddress="10.0.1.40", PrivateIpAddresses=[{"PrivateIpAddress": "10.0.1.41"}])
    assert eni["PrivateIpAddress"] == "10.0.1.40"
    assert sorted(private_ips(eni)) == ["10.0.1.40", "10.0.1.41"]


def test_create_with_conflicting_address_parameters_is_refused(ec2, net):
    """The API reference: only one address can be primary; with PrivateIpAddress none in PrivateIpAddresses may be
    marked primary; SecondaryPrivateIpAddressCount cannot come with more than one address in PrivateIpAddresses."""
    before = available_ips(ec2, net["subnet"])
    with raises_code("InvalidParameterValue"):
        ec2.create_network_interface(SubnetId=net["subnet"], PrivateIpAddresses=[
            {"PrivateIpAddress": "10.0.1.52", "Primary": True}, {"PrivateIpAddress": "10.0.1.53", "Primary": True}])
    with raises_code("InvalidParameterCombination"):
        ec2.create_network_interface(SubnetId=net["subnet"], PrivateIpAddress="10.0.1.50",
                                     PrivateIpAddresses=[{"PrivateIpAddress": "10.0.1.51", "Primary": True}])
    with raises_code("InvalidParameterCombination"):
        ec2.create_network_interface(SubnetId=net["subnet"], SecondaryPrivateIpAddressCount=2, PrivateIpAddresses=[
            {"PrivateIpAddress": "10.0.1.54"}, {"PrivateIpAddress": "10.0.1.55"}])
    assert available_ips(ec2, net["subnet"]) == before


def test_create_with_an_address_in_use_is_refused(ec2, net):
    create_eni(ec2, net["subnet"], PrivateIpAddress="10.0.1.20")
    # UNSURE (code for CreateNetworkInterface): errors-overview documents
    # InvalidIPAddress.InUse, "The specified IP address is already in use",
    # and RunInstances answers it for a taken address.
    with raises_code("InvalidIPAddress.InUse"):
        ec2.create_network_interface(SubnetId=net["subnet"], PrivateIpAddress="10.0.1.20")


def test_create_with_an_address_outside_the_subnet_is_refused(ec2, net):
    with raises_code("InvalidParameterValue"):
        ec2.create_network_interface(SubnetId=net["subnet"], PrivateIpAddress="10.0.9.20")


def test_create_in_a_full_subnet_is_refused(ec2):
    net = network(ec2, subnet_cidr="10.0.1.0/28")
    for _ in range(11):
        create_eni(ec2, net["subnet"])
    assert available_ips(ec2, net["subnet"]) == 0
    # UNSURE (code): AWS support (quoted in cilium/cilium #31016) says a full
    # subnet gives "InvalidParameterValue: There aren't sufficient free Ipv4
    # addresses or prefixes" on CreateNetworkInterface; other calls answer
    # InsufficientFreeAddressesInSubnet (errors-overview). Either is AWS's.
    with raises_code("InvalidParameterValue", "InsufficientFreeAddressesInSubnet"):
        ec2.create_network_interface(SubnetId=net["subnet"])


def test_create_in_unknown_subnet(ec2):
    with raises_code("InvalidSubnetID.NotFound"):
        ec2.create_network_interface(SubnetId=UNKNOWN["subnet"])


def test_delete_network_interface(ec2, net):
    eni = create_eni(ec2, net["subnet"])
    assert available_ips(ec2, net["subnet"]) == 250
    ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    assert eni_gone(ec2, eni["NetworkInterfaceId"])
    assert available_ips(ec2, net["subnet"]) == 251
    with raises_code("InvalidNetworkInterfaceID.NotFound"):
        ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])


def test_describe_unknown_interface(ec2):
    with raises_code("InvalidNetworkInterfaceID.NotFound") as err:
        ec2.describe_network_interfaces(NetworkInterfaceIds=[UNKNOWN["eni"]])
    assert UNKNOWN["eni"] in (err.message or "")


def test_describe_malformed_interface_id(ec2):
    # errors-overview spells it InvalidNetworkInterfaceId.Malformed (lower-case
    # "d"), unlike InvalidNetworkInterfaceID.NotFound.
    with raises_code("InvalidNetworkInterfaceId.Malformed"):
        ec2.describe_network_interfaces(NetworkInterfaceIds=["eni-zzz"])


# --- attach / detach --------------------------------------------------------------------------


@pytest.fixture
def host(ec2, net):
    """A running m5.large (3 interfaces allowed) and a spare interface."""
    inst = launch(ec2, net["subnet"], InstanceType=ROOMY)
    spare = create_eni(ec2, net["subnet"], Description="spare")
    return {"inst": inst, "spare": spare}


def attach(ec2, eni_id, instance_id, index=1):
    out = ec2.attach_network_interface(NetworkInterfaceId=eni_id, InstanceId=instance_id, DeviceIndex=index)
    assert ATTACHMENT_ID.fullmatch(out["AttachmentId"]), out
    return out["AttachmentId"]


def test_attach_and_detach(ec2, net, host):
    iid, eni_id = host["inst"]["InstanceId"], host["spare"]["NetworkInterfaceId"]
    attachment_id = attach(ec2, eni_id, iid)
    eni = wait_eni_status(ec2, eni_id, "in-use")
    assert eni["Attachment"]["AttachmentId"] == attachment_id
    assert eni["Attachment"]["InstanceId"] == iid
    assert eni["Attachment"]["DeviceIndex"] == 1
    assert eni["Attachment"]["Status"] == "attached"
    # Attached after launch: not deleted with the instance unless asked.
    assert eni["Attachment"]["DeleteOnTermination"] is False
    inst = describe_instance(ec2, iid)
    indexes = {n["NetworkInterfaceId"]: n["Attachment"]["DeviceIndex"] for n in inst["NetworkInterfaces"]}
    assert indexes[eni_id] == 1 and sorted(indexes.values()) == [0, 1]
    # The instance's own address stays the primary interface's.
    assert inst["PrivateIpAddress"] == host["inst"]["PrivateIpAddress"]

    ec2.detach_network_interface(AttachmentId=attachment_id)
    eni = wait_eni_status(ec2, eni_id, "available")
    assert eni.get("Attachment") is None
    # A detached interface keeps its address.
    assert eni["PrivateIpAddress"] == host["spare"]["PrivateIpAddress"]
    assert [n["NetworkInterfaceId"] for n in describe_instance(ec2, iid)["NetworkInterfaces"]] == [
        primary_interface(host["inst"])["NetworkInterfaceId"]
    ]


def test_attach_at_a_used_device_index_is_refused(ec2, net, host):
    iid = host["inst"]["InstanceId"]
    attach(ec2, host["spare"]["NetworkInterfaceId"], iid, 1)
    other = create_eni(ec2, net["subnet"])
    # Real AWS (lstoll/k8s-vpcnet #71, hashicorp/terraform-provider-aws #906):
    # "InvalidParameterValue: Instance 'i-…' already has an interface attached
    # at device index '1'."
    with raises_code("InvalidParameterValue"):
        attach(ec2, other["NetworkInterfaceId"], iid, 1)
    with raises_code("InvalidParameterValue"):
        attach(ec2, other["NetworkInterfaceId"], iid, 0)


def test_attach_an_interface_in_use_to_another_instance_is_refused(ec2, net, host):
    attach(ec2, host["spare"]["NetworkInterfaceId"], host["inst"]["InstanceId"])
    second = launch(ec2, net["subnet"], InstanceType=ROOMY)
    # errors-overview: InvalidNetworkInterface.InUse "currently in use and
    # cannot be deleted or attached to another instance".
    with raises_code("InvalidNetworkInterface.InUse"):
        attach(ec2, host["spare"]["NetworkInterfaceId"], second["InstanceId"])


def test_detach_the_primary_interface_is_refused(ec2, host):
    attachment_id = primary_interface(host["inst"])["Attachment"]["AttachmentId"]
    # Real AWS (getmoto/moto #7678, redhat-performance/cloud-governance #950):
    # "OperationNotPermitted: The network interface at device index 0 and
    # networkCard index 0 cannot be detached."
    with raises_code("OperationNotPermitted"):
        ec2.detach_network_interface(AttachmentId=attachment_id)


def test_detach_unknown_attachment(ec2):
    with raises_code("InvalidAttachmentID.NotFound"):
        ec2.detach_network_interface(AttachmentId=UNKNOWN["attachment"])


def test_delete_an_attached_interface_is_refused(ec2, host):
    eni_id = host["spare"]["NetworkInterfaceId"]
    attach(ec2, eni_id, host["inst"]["InstanceId"])
    # UNSURE (code): errors-overview documents InvalidNetworkInterface.InUse for
    # this and adds "you may also receive the InvalidParameterValue error";
    # the InUse code is the documented one.
    with raises_code("InvalidNetworkInterface.InUse"):
        ec2.delete_network_interface(NetworkInterfaceId=eni_id)
    with raises_code("InvalidNetworkInterface.InUse"):
        ec2.delete_network_interface(NetworkInterfaceId=primary_interface(host["inst"])["NetworkInterfaceId"])


def test_attached_interfaces_follow_delete_on_termination(ec2, net, host):
    iid = host["inst"]["InstanceId"]
    keep = host["spare"]["NetworkInterfaceId"]
    drop = create_eni(ec2, net["subnet"])["NetworkInterfaceId"]
    attach(ec2, keep, iid, 1)
    drop_attachment = attach(ec2, drop, iid, 2)
    ec2.modify_network_interface_attribute(
        NetworkInterfaceId=drop,
        Attachment={"AttachmentId": drop_attachment, "DeleteOnTermination": True},
    )
    assert describe_eni(ec2, drop)["Attachment"]["DeleteOnTermination"] is True
    terminate(ec2, iid)
    wait_until(lambda: eni_gone(ec2, drop), desc=f"{drop} deleted with its instance")
    wait_eni_status(ec2, keep, "available")


def test_a_stopped_instance_keeps_its_interfaces(ec2, host):
    iid = host["inst"]["InstanceId"]
    eni_id = host["spare"]["NetworkInterfaceId"]
    attach(ec2, eni_id, iid)
    stop(ec2, iid)
    assert describe_eni(ec2, eni_id)["Status"] == "in-use"
    assert len(describe_instance(ec2, iid)["NetworkInterfaces"]) == 2


# --- ModifyNetworkInterfaceAttribute -------------------------------------------------------------


def test_modify_groups_description_and_source_dest_check(ec2, net):
    eni_id = create_eni(ec2, net["subnet"])["NetworkInterfaceId"]
    web = make_group(ec2, net["vpc"], "web")
    ssh = make_group(ec2, net["vpc"], "ssh")
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Groups=[web, ssh])
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Description={"Value": "nat"})
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, SourceDestCheck={"Value": False})
    eni = describe_eni(ec2, eni_id)
    assert group_ids(eni["Groups"]) == {web, ssh}
    assert eni["Description"] == "nat"
    assert eni["SourceDestCheck"] is False


def test_modify_the_primary_interface_shows_on_the_instance(ec2, net):
    inst = launch(ec2, net["subnet"])
    eni_id = primary_interface(inst)["NetworkInterfaceId"]
    web = make_group(ec2, net["vpc"], "web")
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Groups=[web])
    ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, SourceDestCheck={"Value": False})
    again = describe_instance(ec2, inst["InstanceId"])
    assert group_ids(again["SecurityGroups"]) == {web}
    assert again["SourceDestCheck"] is False


def test_modify_unknown_interface(ec2):
    with raises_code("InvalidNetworkInterfaceID.NotFound"):
        ec2.modify_network_interface_attribute(
            NetworkInterfaceId=UNKNOWN["eni"], Description={"Value": "x"}
        )


# --- what the instance type allows (DescribeInstanceTypes' NetworkInfo) ----------------------------
# t3.micro: 2 interfaces of 2 private IPv4 addresses each. The codes and words are AWS's as its users quote
# them: "AttachmentLimitExceeded: Interface count 4 exceeds the limit for t2.medium" (VPC CNI issue 36, Cilium
# issue 8830), "InvalidInterface.IpAddressLimitExceeded: Address count 7 on interface-087bf941f13a906b1
# exceeds the limit for t3.medium" (Cilium issue 9730: an interface made with more addresses than the type
# takes fails to attach), "PrivateIpAddressLimitExceeded: Number of private addresses will exceed limit."
# (AssignPrivateIpAddresses, VPC CNI issue 989 and Cilium issue 36428).


def test_the_types_limits_are_what_describe_instance_types_reports(ec2):
    [info] = ec2.describe_instance_types(InstanceTypes=[SMALL])["InstanceTypes"]
    assert info["NetworkInfo"]["MaximumNetworkInterfaces"] == 2
    assert info["NetworkInfo"]["Ipv4AddressesPerInterface"] == 2


def test_attach_beyond_the_types_interfaces_is_refused(ec2, net):
    iid = launch(ec2, net["subnet"], InstanceType=SMALL)["InstanceId"]
    first, second = (create_eni(ec2, net["subnet"])["NetworkInterfaceId"] for _ in range(2))
    attach(ec2, first, iid)
    with raises_code("AttachmentLimitExceeded", message=r"^Interface count 3 exceeds the limit for t3\.micro$") as err:
        ec2.attach_network_interface(NetworkInterfaceId=second, InstanceId=iid, DeviceIndex=2)
    assert err.http_status == 400
    assert describe_eni(ec2, second)["Status"] == "available"
    assert len(describe_instance(ec2, iid)["NetworkInterfaces"]) == 2


def test_attach_an_interface_with_more_addresses_than_the_type_allows_is_refused(ec2, net):
    iid = launch(ec2, net["subnet"], InstanceType=SMALL)["InstanceId"]
    crowded = create_eni(ec2, net["subnet"], SecondaryPrivateIpAddressCount=2)["NetworkInterfaceId"]
    named = "interface-" + crowded.removeprefix("eni-")
    with raises_code(
        "InvalidInterface.IpAddressLimitExceeded", message=rf"^Address count 3 on {named} exceeds the limit for t3\.micro$"
    ):
        ec2.attach_network_interface(NetworkInterfaceId=crowded, InstanceId=iid, DeviceIndex=1)
    assert describe_eni(ec2, crowded)["Status"] == "available"
    with raises_code("InvalidInterface.IpAddressLimitExceeded"):
        run(ec2, InstanceType=SMALL, NetworkInterfaces=[{"DeviceIndex": 0, "NetworkInterfaceId": crowded}])
    assert describe_eni(ec2, crowded)["Status"] == "available"


def test_assign_beyond_the_types_addresses_is_refused(ec2, net):
    inst = launch(ec2, net["subnet"], InstanceType=SMALL)
    eni_id = primary_interface(inst)["NetworkInterfaceId"]
    ec2.assign_private_ip_addresses(NetworkInterfaceId=eni_id, SecondaryPrivateIpAddressCount=1)
    for extra in ({"SecondaryPrivateIpAddressCount": 1}, {"PrivateIpAddresses": ["10.0.1.200"]}):
        with raises_code("PrivateIpAddressLimitExceeded", message=r"^Number of private addresses will exceed limit\.$"):
            ec2.assign_private_ip_addresses(NetworkInterfaceId=eni_id, **extra)
    assert len(describe_eni(ec2, eni_id)["PrivateIpAddresses"]) == 2
    # An interface on no instance takes as many as the largest types allow (50), and the limit follows it once
    # it is attached to a type that takes more.
    loose = create_eni(ec2, net["subnet"], SecondaryPrivateIpAddressCount=12)["NetworkInterfaceId"]
    with raises_code("InvalidInterface.IpAddressLimitExceeded"):
        ec2.attach_network_interface(NetworkInterfaceId=loose, InstanceId=inst["InstanceId"], DeviceIndex=1)
    roomy = launch(ec2, net["subnet"], InstanceType=ROOMY)["InstanceId"]
    with raises_code("InvalidInterface.IpAddressLimitExceeded", message=r"exceeds the limit for m5\.large$"):
        ec2.attach_network_interface(NetworkInterfaceId=loose, InstanceId=roomy, DeviceIndex=1)
    ec2.unassign_private_ip_addresses(
        NetworkInterfaceId=loose, PrivateIpAddresses=sorted(private_ips(describe_eni(ec2, loose)))[:3]
    )
    attach(ec2, loose, roomy)
    with raises_code("PrivateIpAddressLimitExceeded"):
        ec2.assign_private_ip_addresses(NetworkInterfaceId=loose, SecondaryPrivateIpAddressCount=1)


def test_ipv4_prefixes_are_refused_as_not_modelled(ec2, net):
    # Terraform's aws_network_interface sends ipv4_prefix_count through AssignPrivateIpAddresses. LocalVPC does not
    # model prefixes, and says so, as it does for CreateNetworkInterface, instead of a misleading parameter error.
    eni_id = create_eni(ec2, net["subnet"])["NetworkInterfaceId"]
    for extra in ({"Ipv4PrefixCount": 1}, {"Ipv4Prefixes": ["10.0.1.16/28"]}):
        with raises_code("UnsupportedOperation", message="not supported by LocalVPC"):
            ec2.assign_private_ip_addresses(NetworkInterfaceId=eni_id, **extra)
    with raises_code("UnsupportedOperation", message="Ipv4Prefixes"):
        ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni_id, Ipv4Prefixes=["10.0.1.16/28"])
    assert len(describe_eni(ec2, eni_id)["PrivateIpAddresses"]) == 1


def test_launch_with_more_addresses_than_the_type_allows_is_refused(ec2, net):
    with raises_code("PrivateIpAddressLimitExceeded"):
        run(ec2, InstanceType=SMALL, NetworkInterfaces=[
            {"DeviceIndex": 0, "SubnetId": net["subnet"], "SecondaryPrivateIpAddressCount": 2}
        ])
    assert ec2.describe_instances(Filters=filters(**{"subnet-id": net["subnet"]}))["Reservations"] == []
    [inst] = run(ec2, InstanceType=ROOMY, NetworkInterfaces=[
        {"DeviceIndex": 0, "SubnetId": net["subnet"], "SecondaryPrivateIpAddressCount": 9}
    ])["Instances"]
    assert len(primary_interface(inst)["PrivateIpAddresses"]) == 10


# --- Assign / Unassign private addresses ----------------------------------------------------------


def test_assign_by_count_and_unassign(ec2, net):
    eni = create_eni(ec2, net["subnet"])
    eni_id = eni["NetworkInterfaceId"]
    out = ec2.assign_private_ip_addresses(NetworkInterfaceId=eni_id, SecondaryPrivateIpAddressCount=2)
    assert out["NetworkInterfaceId"] == eni_id
    assigned = {a["PrivateIpAddress"] for a in out["AssignedPrivateIpAddresses"]}
    assert len(assigned) == 2
    assert all(in_cidr(ip, net["cidr"]) and ip not in reserved_addresses(net["cidr"]) for ip in assigned)
    after = describe_eni(ec2, eni_id)
    assert private_ips(after) == assigned | {eni["PrivateIpAddress"]}
    assert [a["PrivateIpAddress"] for a in after["PrivateIpAddresses"] if a["Primary"]] == [
        eni["PrivateIpAddress"]
    ]
    assert available_ips(ec2, net["subnet"]) == 248
    ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni_id, PrivateIpAddresses=sorted(assigned))
    assert private_ips(describe_eni(ec2, eni_id)) == {eni["PrivateIpAddress"]}
    assert available_ips(ec2, net["subnet"]) == 250


def test_assign_explicit_addresses(ec2, net):
    inst = launch(ec2, net["subnet"], InstanceType=ROOMY)
    eni_id = primary_interface(inst)["NetworkInterfaceId"]
    ec2.assign_private_ip_addresses(NetworkInterfaceId=eni_id, PrivateIpAddresses=["10.0.1.100", "10.0.1.101"])
    assert private_ips(describe_eni(ec2, eni_id)) == {inst["PrivateIpAddress"], "10.0.1.100", "10.0.1.101"}
    inst_view = primary_interface(describe_instance(ec2, inst["InstanceId"]))
    assert {a["PrivateIpAddress"] for a in inst_view["PrivateIpAddresses"]} >= {"10.0.1.100", "10.0.1.101"}


def test_assigned_addresses_are_never_given_twice(ec2, net):
    a = create_eni(ec2, net["subnet"], SecondaryPrivateIpAddressCount=2)
    b = create_eni(ec2, net["subnet"])
    ec2.assign_private_ip_addresses(NetworkInterfaceId=b["NetworkInterfaceId"], SecondaryPrivateIpAddressCount=2)
    b = describe_eni(ec2, b["NetworkInterfaceId"])
    assert not private_ips(a) & private_ips(b)
    inst = launch(ec2, net["subnet"])
    assert inst["PrivateIpAddress"] not in private_ips(a) | private_ips(b)


def test_assign_an_address_in_use_is_refused(ec2, net):
    taken = create_eni(ec2, net["subnet"])["PrivateIpAddress"]
    other = create_eni(ec2, net["subnet"])
    # UNSURE (code): without AllowReassignment AWS refuses an address another
    # interface holds; InvalidIPAddress.InUse is the documented "already in
    # use" code.
    with raises_code("InvalidIPAddress.InUse"):
        ec2.assign_private_ip_addresses(NetworkInterfaceId=other["NetworkInterfaceId"], PrivateIpAddresses=[taken])


def test_unassign_an_address_not_assigned_is_refused(ec2, net):
    eni = create_eni(ec2, net["subnet"])
    # UNSURE (code): real AWS answers "InvalidParameterValue: Some of the
    # specified addresses are not assigned to interface eni-…".
    with raises_code("InvalidParameterValue"):
        ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni["NetworkInterfaceId"], PrivateIpAddresses=["10.0.1.200"])


def test_cli_create_attach_describe(aws, ec2, net):
    inst = launch(ec2, net["subnet"], InstanceType=ROOMY)
    eni = aws(
        "ec2", "create-network-interface", "--subnet-id", net["subnet"],
        "--description", "cli", "--private-ip-address", "10.0.1.30",
    )["NetworkInterface"]
    eni_id = eni["NetworkInterfaceId"]
    wait_eni_status(ec2, eni_id, "available")
    out = aws(
        "ec2", "attach-network-interface", "--network-interface-id", eni_id,
        "--instance-id", inst["InstanceId"], "--device-index", "1",
    )
    assert ATTACHMENT_ID.fullmatch(out["AttachmentId"])
    got = aws("ec2", "describe-network-interfaces", "--filters", f"Name=attachment.instance-id,Values={inst['InstanceId']}")
    assert {n["NetworkInterfaceId"] for n in got["NetworkInterfaces"]} == {
        eni_id, primary_interface(inst)["NetworkInterfaceId"]
    }


# --- DescribeNetworkInterfaces filters ------------------------------------------------------------


@pytest.fixture
def enis(ec2):
    """a: subnet 1a maps public IPs; instance i1 (primary e1); spare e2 in a/1a
    (description "spare", tag role=spare, group web, one secondary address);
    b: subnet in 1b with e3 (source/dest check off)."""
    a = network(ec2, "10.0.0.0/16", "10.0.1.0/24", map_public=True)
    b = network(ec2, "10.1.0.0/16", "10.1.1.0/24", az="us-east-1b")
    web = make_group(ec2, a["vpc"], "web")
    i1 = launch(ec2, a["subnet"])
    e1 = primary_interface(i1)["NetworkInterfaceId"]
    e2 = create_eni(
        ec2, a["subnet"], Description="spare", Groups=[web], SecondaryPrivateIpAddressCount=1,
        TagSpecifications=tag_spec("network-interface", role="spare"),
    )
    e3 = create_eni(ec2, b["subnet"])
    ec2.modify_network_interface_attribute(
        NetworkInterfaceId=e3["NetworkInterfaceId"], SourceDestCheck={"Value": False}
    )
    secondary = next(x["PrivateIpAddress"] for x in e2["PrivateIpAddresses"] if not x["Primary"])
    return dict(a=a, b=b, web=web, i1=i1, e1=e1, e2=e2["NetworkInterfaceId"], e2_ip=e2["PrivateIpAddress"],
                e2_secondary=secondary, e3=e3["NetworkInterfaceId"])


ENI_FILTERS = {
    "network-interface-id": (lambda w: w["e2"], {"e2"}),
    "subnet-id": (lambda w: w["a"]["subnet"], {"e1", "e2"}),
    "vpc-id": (lambda w: w["b"]["vpc"], {"e3"}),
    "attachment.instance-id": (lambda w: w["i1"]["InstanceId"], {"e1"}),
    "attachment.device-index": (lambda w: "0", {"e1"}),
    "status": (lambda w: "available", {"e2", "e3"}),
    "private-ip-address": (lambda w: w["e2_ip"], {"e2"}),
    "addresses.private-ip-address": (lambda w: w["e2_secondary"], {"e2"}),
    "description": (lambda w: "spare", {"e2"}),
    "group-id": (lambda w: w["web"], {"e2"}),
    "tag:role": (lambda w: "spare", {"e2"}),
    "tag-key": (lambda w: "role", {"e2"}),
    "availability-zone": (lambda w: "us-east-1b", {"e3"}),
    "association.public-ip": (lambda w: w["i1"]["PublicIpAddress"], {"e1"}),
    "source-dest-check": (lambda w: "false", {"e3"}),
    "owner-id": (lambda w: DEFAULT_ACCOUNT, {"e1", "e2", "e3"}),
    "requester-managed": (lambda w: "false", {"e1", "e2", "e3"}),
    "interface-type": (lambda w: "interface", {"e1", "e2", "e3"}),
}


@pytest.mark.parametrize("name", sorted(ENI_FILTERS))
def test_describe_network_interfaces_filter(ec2, enis, name):
    value_of, expected = ENI_FILTERS[name]
    got = eni_ids(ec2, Filters=filters(**{name: value_of(enis)}))
    # The default VPC holds no interfaces until something is launched there.
    assert got == {enis[k] for k in expected}


def test_public_address_shows_on_the_interface(ec2, enis):
    e1 = describe_eni(ec2, enis["e1"])
    assert in_pool(e1["Association"]["PublicIp"])
    assert e1["Association"]["PublicIp"] == enis["i1"]["PublicIpAddress"]
