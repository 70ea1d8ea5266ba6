"""IPv6, as AWS does it: Amazon-provided /56s on VPCs, /64s on subnets
(CreateSubnet, AssociateSubnetCidrBlock, DisassociateSubnetCidrBlock),
IPv6-only subnets, the subnet's IPv6 and DNS options, IPv6 addresses on
instances and interfaces (RunInstances, CreateNetworkInterface,
AssignIpv6Addresses, UnassignIpv6Addresses), the groups' ::/0 egress rule,
::/0 routes, and the Reachability Analyzer on IPv6 packets.

Sources quoted here:
- EC2 API Reference, CreateSubnet: "Ipv6Native: Indicates whether to create
  an IPv6 only subnet"; AssociateSubnetCidrBlock; ModifySubnetAttribute.
- AWS's own answers, as users met them (Terraform provider issues #1519,
  #3562, #46017 and terraform-aws-vpc #735): "InvalidCidrBlock.InUse: The
  subnet IPv6 CIDR block with association ID ... may not be disassociated,
  because its subnet has assign-ipv6-address-on-creation set to true" and
  "InvalidParameterValue: Invalid value 'true' for
  assign-ipv6-address-on-creation. Cannot set assign-ipv6-address-on-creation
  to true unless the subnet (...) has an IPv6 CIDR block associated with it.",
  and the same words for enable-dns64 (terraform-aws-vpc #930) and
  enable-resource-name-dns-aaaa-record-on-launch (provider issue #32410).
- VPC User Guide, "Default security groups": an outbound rule for ::/0 "is
  added only if your VPC has an associated IPv6 CIDR block".
- LocalVPC contract: Amazon-provided IPv6 blocks come from 2001:db8::/32, the
  documentation range, so no emulated address is a real host's.
"""

from __future__ import annotations

import ipaddress

import pytest

import compute_helpers as ch
import insights_helpers as ih
import lvpc
from lvpc import create_subnet, create_vpc, describe_subnet, filters, raises_code


@pytest.fixture
def dual(ec2):
    """A VPC with an Amazon-provided /56, and its /64s."""
    vpc = create_vpc(ec2, "10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)
    block = vpc.get("Ipv6CidrBlockAssociationSet") or lvpc.describe_vpc(ec2, vpc["VpcId"])["Ipv6CidrBlockAssociationSet"]
    network = ipaddress.ip_network(block[0]["Ipv6CidrBlock"])
    return {"vpc": vpc["VpcId"], "block": network, "subnets": [str(s) for s in network.subnets(new_prefix=64)]}


def test_amazon_provided_blocks_are_56s_from_the_documentation_range(dual):
    assert dual["block"].prefixlen == 56
    assert dual["block"].subnet_of(ipaddress.ip_network("2001:db8::/32"))


def test_create_subnet_with_an_ipv6_block_and_describe_it(ec2, aws, dual):
    subnet = aws(
        "ec2", "create-subnet", "--vpc-id", dual["vpc"], "--cidr-block", "10.0.1.0/24", "--ipv6-cidr-block", dual["subnets"][1]
    )["Subnet"]
    described = describe_subnet(ec2, subnet["SubnetId"])
    [association] = described["Ipv6CidrBlockAssociationSet"]
    assert association["Ipv6CidrBlock"] == dual["subnets"][1]
    assert association["Ipv6CidrBlockState"]["State"] == "associated"
    assert association["AssociationId"].startswith("subnet-cidr-assoc-")
    assert described["Ipv6Native"] is False and described["AssignIpv6AddressOnCreation"] is False
    found = ec2.describe_subnets(Filters=filters(**{"ipv6-cidr-block-association.ipv6-cidr-block": dual["subnets"][1]}))["Subnets"]
    assert [s["SubnetId"] for s in found] == [subnet["SubnetId"]]


@pytest.mark.parametrize(
    "block, code",
    [
        ("2001:db8::/64", "InvalidSubnet.Range"),  # outside the VPC's /56
        ("2001:db8::1/64", "InvalidParameterValue"),  # not a network address
        ("not-a-block", "InvalidParameterValue"),
    ],
)
def test_subnet_ipv6_blocks_are_checked(ec2, dual, block, code):
    with raises_code(code):
        ec2.create_subnet(VpcId=dual["vpc"], CidrBlock="10.0.1.0/24", Ipv6CidrBlock=block)
    assert ec2.describe_subnets(Filters=filters(**{"vpc-id": dual["vpc"]}))["Subnets"] == []


def test_sizes_and_overlaps(ec2, dual):
    sixty = str(next(dual["block"].subnets(new_prefix=60)))
    create_subnet(ec2, dual["vpc"], "10.0.1.0/24", Ipv6CidrBlock=sixty)
    with raises_code("InvalidSubnet.Conflict"):
        ec2.create_subnet(VpcId=dual["vpc"], CidrBlock="10.0.2.0/24", Ipv6CidrBlock=dual["subnets"][0])
    with raises_code("InvalidSubnet.Range"):
        too_small = str(next(ipaddress.ip_network(dual["subnets"][200]).subnets(new_prefix=68)))
        ec2.create_subnet(VpcId=dual["vpc"], CidrBlock="10.0.2.0/24", Ipv6CidrBlock=too_small)


def test_a_vpc_without_ipv6_cannot_have_ipv6_subnets(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    with raises_code("InvalidSubnet.Range"):
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", Ipv6CidrBlock="2001:db8::/64")


def test_associate_and_disassociate_a_subnet_block(ec2, aws, dual):
    subnet = create_subnet(ec2, dual["vpc"], "10.0.1.0/24")["SubnetId"]
    with raises_code("InvalidParameterValue", message="unless the subnet"):
        ec2.modify_subnet_attribute(SubnetId=subnet, AssignIpv6AddressOnCreation={"Value": True})
    answer = aws("ec2", "associate-subnet-cidr-block", "--subnet-id", subnet, "--ipv6-cidr-block", dual["subnets"][2])
    association = answer["Ipv6CidrBlockAssociation"]
    assert answer["SubnetId"] == subnet and association["Ipv6CidrBlockState"]["State"] == "associating"
    assert describe_subnet(ec2, subnet)["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlockState"]["State"] == "associated"
    with raises_code("CidrLimitExceeded"):
        ec2.associate_subnet_cidr_block(SubnetId=subnet, Ipv6CidrBlock=dual["subnets"][3])
    ec2.modify_subnet_attribute(SubnetId=subnet, AssignIpv6AddressOnCreation={"Value": True})
    with raises_code("InvalidCidrBlock.InUse", message="assign-ipv6-address-on-creation set to true"):
        ec2.disassociate_subnet_cidr_block(AssociationId=association["AssociationId"])
    ec2.modify_subnet_attribute(SubnetId=subnet, AssignIpv6AddressOnCreation={"Value": False})
    gone = aws("ec2", "disassociate-subnet-cidr-block", "--association-id", association["AssociationId"])
    assert gone["Ipv6CidrBlockAssociation"]["Ipv6CidrBlockState"]["State"] == "disassociating"
    assert describe_subnet(ec2, subnet).get("Ipv6CidrBlockAssociationSet", []) == []
    with raises_code("InvalidSubnetCidrBlockAssociationID.NotFound"):
        ec2.disassociate_subnet_cidr_block(AssociationId=association["AssociationId"])


def test_the_vpc_block_cannot_go_while_a_subnet_uses_it(ec2, dual):
    create_subnet(ec2, dual["vpc"], "10.0.1.0/24", Ipv6CidrBlock=dual["subnets"][1])
    [association] = lvpc.describe_vpc(ec2, dual["vpc"])["Ipv6CidrBlockAssociationSet"]
    with raises_code("InvalidCidrBlock.InUse"):
        ec2.disassociate_vpc_cidr_block(AssociationId=association["AssociationId"])


def test_ipv6_only_subnets(ec2, dual):
    subnet = ec2.create_subnet(VpcId=dual["vpc"], Ipv6CidrBlock=dual["subnets"][4], Ipv6Native=True)["Subnet"]
    assert "CidrBlock" not in subnet
    assert subnet["Ipv6Native"] is True and subnet["AssignIpv6AddressOnCreation"] is True
    assert subnet["PrivateDnsNameOptionsOnLaunch"]["HostnameType"] == "resource-name"
    assert subnet["AvailableIpAddressCount"] == 0
    found = ec2.describe_subnets(Filters=filters(**{"ipv6-native": "true"}))["Subnets"]
    assert [s["SubnetId"] for s in found] == [subnet["SubnetId"]]
    with raises_code("MissingParameter"):
        ec2.create_subnet(VpcId=dual["vpc"], Ipv6Native=True)
    with raises_code("InvalidParameterCombination"):
        ec2.create_subnet(VpcId=dual["vpc"], CidrBlock="10.0.5.0/24", Ipv6CidrBlock=dual["subnets"][5], Ipv6Native=True)
    with raises_code("InvalidParameterValue"):
        ec2.modify_subnet_attribute(SubnetId=subnet["SubnetId"], MapPublicIpOnLaunch={"Value": True})


def test_dns64_and_the_private_dns_name_options(ec2, aws, dual):
    subnet = create_subnet(ec2, dual["vpc"], "10.0.1.0/24", Ipv6CidrBlock=dual["subnets"][1])["SubnetId"]
    aws("ec2", "modify-subnet-attribute", "--subnet-id", subnet, "--enable-dns64")
    aws("ec2", "modify-subnet-attribute", "--subnet-id", subnet, "--private-dns-hostname-type-on-launch", "resource-name")
    aws("ec2", "modify-subnet-attribute", "--subnet-id", subnet, "--enable-resource-name-dns-aaaa-record-on-launch")
    described = describe_subnet(ec2, subnet)
    assert described["EnableDns64"] is True
    assert described["PrivateDnsNameOptionsOnLaunch"] == {
        "HostnameType": "resource-name",
        "EnableResourceNameDnsARecord": False,
        "EnableResourceNameDnsAAAARecord": True,
    }
    with raises_code("InvalidParameterValue"):
        ec2.modify_subnet_attribute(SubnetId=subnet, PrivateDnsHostnameTypeOnLaunch="no-such-type")
    with raises_code("InvalidParameterCombination"):
        ec2.modify_subnet_attribute(SubnetId=subnet, EnableDns64={"Value": False}, MapPublicIpOnLaunch={"Value": True})


@pytest.mark.parametrize("attribute, parameter", [
    ("enable-dns64", "EnableDns64"), ("enable-resource-name-dns-aaaa-record-on-launch", "EnableResourceNameDnsAAAARecordOnLaunch"),
    ("assign-ipv6-address-on-creation", "AssignIpv6AddressOnCreation"),
])
def test_ipv6_settings_need_an_ipv6_block_in_awss_words(ec2, dual, attribute, parameter):
    subnet = create_subnet(ec2, dual["vpc"], "10.0.1.0/24")["SubnetId"]
    with raises_code("InvalidParameterValue", message=rf"^Invalid value 'true' for {attribute}\. Cannot set {attribute} to true unless "
                     rf"the subnet \({subnet}\) has an IPv6 CIDR block associated with it\.$"):
        ec2.modify_subnet_attribute(SubnetId=subnet, **{parameter: {"Value": True}})
    described = describe_subnet(ec2, subnet)
    assert (described["EnableDns64"], described["AssignIpv6AddressOnCreation"],
            described["PrivateDnsNameOptionsOnLaunch"]["EnableResourceNameDnsAAAARecord"]) == (False, False, False)


def test_instances_get_ipv6_addresses_by_count_and_from_the_subnet(ec2, aws, dual):
    subnet = create_subnet(ec2, dual["vpc"], "10.0.1.0/24", Ipv6CidrBlock=dual["subnets"][1])["SubnetId"]
    block = ipaddress.ip_network(dual["subnets"][1])
    launched = aws(
        "ec2", "run-instances", "--image-id", ch.AMI_SHORT, "--instance-type", "t3.micro", "--subnet-id", subnet,
        "--ipv6-address-count", "2",
    )["Instances"][0]
    addresses = [a["Ipv6Address"] for a in launched["NetworkInterfaces"][0]["Ipv6Addresses"]]
    assert len(set(addresses)) == 2 and all(ipaddress.ip_address(a) in block for a in addresses)
    described = ch.describe_instance(ec2, launched["InstanceId"])
    assert described["Ipv6Address"] == addresses[0]
    for name, value in (("ipv6-address", addresses[0]), ("network-interface.ipv6-addresses.ipv6-address", addresses[1])):
        assert ch.instance_ids(ec2, Filters=filters(**{name: value})) == {launched["InstanceId"]}
    eni = launched["NetworkInterfaces"][0]["NetworkInterfaceId"]
    assert ch.eni_ids(ec2, Filters=filters(**{"ipv6-addresses.ipv6-address": addresses[1]})) == {eni}
    # Without a count, the subnet's AssignIpv6AddressOnCreation decides.
    assert ch.primary_interface(ch.launch(ec2, subnet)).get("Ipv6Addresses", []) == []
    ec2.modify_subnet_attribute(SubnetId=subnet, AssignIpv6AddressOnCreation={"Value": True})
    assert len(ch.primary_interface(ch.launch(ec2, subnet))["Ipv6Addresses"]) == 1
    taken = addresses[0]
    with raises_code("InvalidIPAddress.InUse"):
        ec2.run_instances(ImageId=ch.AMI, MinCount=1, MaxCount=1, SubnetId=subnet, Ipv6Addresses=[{"Ipv6Address": taken}])
    plain = create_subnet(ec2, dual["vpc"], "10.0.2.0/24")["SubnetId"]
    with raises_code("InvalidParameterValue"):
        ec2.run_instances(ImageId=ch.AMI, MinCount=1, MaxCount=1, SubnetId=plain, Ipv6AddressCount=1)


def test_interfaces_assign_and_unassign_ipv6_addresses(ec2, aws, dual):
    subnet = create_subnet(ec2, dual["vpc"], "10.0.1.0/24", Ipv6CidrBlock=dual["subnets"][1])["SubnetId"]
    wanted = str(ipaddress.ip_network(dual["subnets"][1])[0x1234])
    eni = ec2.create_network_interface(SubnetId=subnet, Ipv6Addresses=[{"Ipv6Address": wanted}])["NetworkInterface"]
    assert [a["Ipv6Address"] for a in eni["Ipv6Addresses"]] == [wanted]
    eni_id = eni["NetworkInterfaceId"]
    added = aws("ec2", "assign-ipv6-addresses", "--network-interface-id", eni_id, "--ipv6-address-count", "2")
    assert added["NetworkInterfaceId"] == eni_id and len(added["AssignedIpv6Addresses"]) == 2
    now = [a["Ipv6Address"] for a in ch.describe_eni(ec2, eni_id)["Ipv6Addresses"]]
    assert now == [wanted] + added["AssignedIpv6Addresses"]
    removed = ec2.unassign_ipv6_addresses(NetworkInterfaceId=eni_id, Ipv6Addresses=[wanted])
    assert removed["UnassignedIpv6Addresses"] == [wanted]
    assert wanted not in [a["Ipv6Address"] for a in ch.describe_eni(ec2, eni_id)["Ipv6Addresses"]]
    with raises_code("InvalidParameterValue"):
        ec2.unassign_ipv6_addresses(NetworkInterfaceId=eni_id, Ipv6Addresses=[wanted])
    with raises_code("InvalidParameterCombination"):
        ec2.assign_ipv6_addresses(NetworkInterfaceId=eni_id, Ipv6AddressCount=1, Ipv6Addresses=[wanted])
    with raises_code("Ipv6AddressLimitExceeded"):
        ec2.assign_ipv6_addresses(NetworkInterfaceId=eni_id, Ipv6AddressCount=60)


def test_an_instances_interfaces_take_as_many_ipv6_addresses_as_its_type_allows(ec2, dual):
    # t3.micro: 2 IPv6 addresses an interface (DescribeInstanceTypes' Ipv6AddressesPerInterface).
    subnet = create_subnet(ec2, dual["vpc"], "10.0.1.0/24", Ipv6CidrBlock=dual["subnets"][1])["SubnetId"]
    with raises_code("Ipv6AddressLimitExceeded"):
        ec2.run_instances(ImageId=ch.AMI, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet, Ipv6AddressCount=3)
    eni_id = ch.primary_interface(ch.launch(ec2, subnet, InstanceType="t3.micro", Ipv6AddressCount=1))["NetworkInterfaceId"]
    ec2.assign_ipv6_addresses(NetworkInterfaceId=eni_id, Ipv6AddressCount=1)
    with raises_code("Ipv6AddressLimitExceeded", message=r"^Number of IPv6 addresses will exceed limit\.$"):
        ec2.assign_ipv6_addresses(NetworkInterfaceId=eni_id, Ipv6AddressCount=1)
    assert len(ch.describe_eni(ec2, eni_id)["Ipv6Addresses"]) == 2


def test_groups_in_an_ipv6_vpc_let_all_ipv6_out(ec2, dual):
    def egress_ranges(group_id):
        [group] = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
        return {r["CidrIpv6"] for p in group["IpPermissionsEgress"] for r in p.get("Ipv6Ranges", [])}

    assert egress_ranges(ch.default_group_id(ec2, dual["vpc"])) == {"::/0"}
    assert egress_ranges(ch.make_group(ec2, dual["vpc"], "web")) == {"::/0"}
    plain = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    assert egress_ranges(ch.make_group(ec2, plain, "web")) == set()


def test_an_ipv6_default_route_to_the_internet_gateway(ec2, aws, dual):
    igw = lvpc.create_attached_igw(ec2, dual["vpc"])
    table = lvpc.main_route_table(ec2, dual["vpc"])["RouteTableId"]
    aws("ec2", "create-route", "--route-table-id", table, "--destination-ipv6-cidr-block", "::/0", "--gateway-id", igw)
    routes = lvpc.describe_route_table(ec2, table)["Routes"]
    [route] = [r for r in routes if r.get("DestinationIpv6CidrBlock") == "::/0"]
    assert route["GatewayId"] == igw and route["State"] == "active"


def test_the_analyzer_follows_ipv6_packets_across_a_peering(ec2):
    """An IPv6 ping from A to B's IPv6 address: IPv4 routes do not carry it,
    IPv6 routes do, then B's group must admit A's IPv6 block (icmpv6)."""
    pair = ih.peered_pair(ec2, routes=(True, True), open_groups=True)
    blocks = {}
    for side, index in (("a", 1), ("b", 1)):
        vpc = pair[side]["vpc"]
        association = ec2.associate_vpc_cidr_block(VpcId=vpc, AmazonProvidedIpv6CidrBlock=True)["Ipv6CidrBlockAssociation"]
        blocks[side] = association["Ipv6CidrBlock"]
        sub64 = str(list(ipaddress.ip_network(blocks[side]).subnets(new_prefix=64))[index])
        ec2.associate_subnet_cidr_block(SubnetId=pair[side]["subnet"], Ipv6CidrBlock=sub64)
    for instance in (pair["web"], pair["db"]):
        eni = ch.primary_interface(ch.describe_instance(ec2, instance))["NetworkInterfaceId"]
        ec2.assign_ipv6_addresses(NetworkInterfaceId=eni, Ipv6AddressCount=1)
    db_ipv6 = ch.describe_instance(ec2, pair["db"])["Ipv6Address"]

    def ping():
        return ih.analyse(ec2, pair["web"], pair["db"], protocol="icmp", port=None, DestinationIp=db_ipv6)

    assert ih.codes(ping()) == ["NO_ROUTE_TO_DESTINATION"]
    ec2.create_route(RouteTableId=pair["rtb_a"], DestinationIpv6CidrBlock=blocks["b"], VpcPeeringConnectionId=pair["pcx"])
    ec2.create_route(RouteTableId=pair["rtb_b"], DestinationIpv6CidrBlock=blocks["a"], VpcPeeringConnectionId=pair["pcx"])
    # The groups were opened to the peer's IPv4 block only.
    assert ih.codes(ping()) == ["ENI_SG_RULES_MISMATCH"]
    ec2.authorize_security_group_ingress(
        GroupId=pair["b"]["sg"], IpPermissions=[{"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": blocks["a"]}]}]
    )
    analysis = ping()
    assert analysis["NetworkPathFound"] is True, analysis.get("Explanations")
    assert any(c["Component"]["Id"] == pair["pcx"] for c in analysis["ForwardPathComponents"])
