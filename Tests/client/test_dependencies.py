"""What instances, interfaces, public addresses and rules keep alive:
DeleteVpc, DeleteSubnet, DeleteSecurityGroup and DetachInternetGateway refuse
with DependencyViolation while something depends on them, and succeed once it
is gone.

Sources:
- "Error codes for the Amazon EC2 API": DependencyViolation "The specified
  object has dependent resources. A number of resources in a VPC may have
  dependent resources, which prevent you from deleting or detaching them ...
  this error occurs if you try to delete a security group in a VPC that is in
  use by another security group."
- Real AWS messages, quoted in public issues:
  "The subnet 'subnet-…' has dependencies and cannot be deleted.";
  "The vpc 'vpc-…' has dependencies and cannot be deleted." (gruntwork-io/cloud-nuke #345);
  "resource sg-… has a dependent object";
  DetachInternetGateway: "Network vpc-… has some mapped public address(es).
  Please unmap those public address(es) before detaching the gateway."
  (hashicorp/terraform #497 and #1303 - with instances holding public IPs or
  an Elastic IP).
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from compute_helpers import (
    allocate,
    create_eni,
    launch,
    make_group,
    network,
    primary_interface,
    stop,
    terminate,
)
from lvpc import raises_code, wait_until

MAPPED = r"mapped public address"


def retry_until_done(fn, **kwargs):
    """Call `fn` until it stops answering DependencyViolation (a terminated
    instance's interface may take a moment to go, as in AWS)."""

    def attempt():
        try:
            fn(**kwargs)
        except ClientError as e:
            if e.response["Error"]["Code"] != "DependencyViolation":
                raise
            return False
        return True

    wait_until(attempt, desc=f"{fn.__name__} to succeed")


# --- DeleteSubnet -----------------------------------------------------------------------------


def test_delete_subnet_with_an_instance_is_refused(ec2):
    net = network(ec2)
    inst = launch(ec2, net["subnet"])
    with raises_code("DependencyViolation", message="has dependencies"):
        ec2.delete_subnet(SubnetId=net["subnet"])
    stop(ec2, inst["InstanceId"])
    with raises_code("DependencyViolation"):
        ec2.delete_subnet(SubnetId=net["subnet"])
    # A terminated instance stays visible for a while but no longer holds the
    # subnet.
    terminate(ec2, inst["InstanceId"])
    retry_until_done(ec2.delete_subnet, SubnetId=net["subnet"])


def test_delete_subnet_with_an_interface_is_refused(ec2):
    net = network(ec2)
    eni = create_eni(ec2, net["subnet"])
    with raises_code("DependencyViolation"):
        ec2.delete_subnet(SubnetId=net["subnet"])
    ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    ec2.delete_subnet(SubnetId=net["subnet"])


# --- DeleteVpc --------------------------------------------------------------------------------


def test_delete_vpc_with_an_instance_is_refused_until_it_is_gone(ec2):
    net = network(ec2)
    inst = launch(ec2, net["subnet"])
    with raises_code("DependencyViolation", message="has dependencies"):
        ec2.delete_vpc(VpcId=net["vpc"])
    terminate(ec2, inst["InstanceId"])
    retry_until_done(ec2.delete_subnet, SubnetId=net["subnet"])
    ec2.delete_vpc(VpcId=net["vpc"])


def test_delete_vpc_with_an_interface_is_refused(ec2):
    net = network(ec2)
    eni = create_eni(ec2, net["subnet"])
    with raises_code("DependencyViolation"):
        ec2.delete_vpc(VpcId=net["vpc"])
    ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    ec2.delete_subnet(SubnetId=net["subnet"])
    ec2.delete_vpc(VpcId=net["vpc"])


# --- DeleteSecurityGroup ------------------------------------------------------------------------


def test_delete_group_used_by_an_instance_is_refused(ec2):
    net = network(ec2)
    web = make_group(ec2, net["vpc"], "web")
    inst = launch(ec2, net["subnet"], SecurityGroupIds=[web])
    with raises_code("DependencyViolation", message="dependent object"):
        ec2.delete_security_group(GroupId=web)
    stop(ec2, inst["InstanceId"])
    with raises_code("DependencyViolation"):
        ec2.delete_security_group(GroupId=web)
    terminate(ec2, inst["InstanceId"])
    retry_until_done(ec2.delete_security_group, GroupId=web)


def test_delete_group_after_the_instance_moved_to_another(ec2):
    net = network(ec2)
    web = make_group(ec2, net["vpc"], "web")
    inst = launch(ec2, net["subnet"], SecurityGroupIds=[web])
    ec2.modify_instance_attribute(InstanceId=inst["InstanceId"], Groups=[net["sg"]])
    ec2.delete_security_group(GroupId=web)


def test_delete_group_used_by_an_interface_is_refused(ec2):
    net = network(ec2)
    web = make_group(ec2, net["vpc"], "web")
    eni = create_eni(ec2, net["subnet"], Groups=[web])
    with raises_code("DependencyViolation"):
        ec2.delete_security_group(GroupId=web)
    ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    ec2.delete_security_group(GroupId=web)


def test_delete_group_referenced_by_a_rule_is_refused(ec2):
    net = network(ec2)
    app = make_group(ec2, net["vpc"], "app")
    db = make_group(ec2, net["vpc"], "db")
    rule = [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": app}]}]
    ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=rule)
    with raises_code("DependencyViolation"):
        ec2.delete_security_group(GroupId=app)
    ec2.revoke_security_group_ingress(GroupId=db, IpPermissions=rule)
    ec2.delete_security_group(GroupId=app)


# --- DetachInternetGateway and mapped public addresses --------------------------------------------


def test_detach_gateway_with_an_elastic_ip_in_the_vpc_is_refused(ec2):
    net = network(ec2, igw=True)
    inst = launch(ec2, net["subnet"])
    eip = allocate(ec2)
    assoc = ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=inst["InstanceId"])
    with raises_code("DependencyViolation", message=MAPPED) as err:
        ec2.detach_internet_gateway(InternetGatewayId=net["igw"], VpcId=net["vpc"])
    assert net["vpc"] in (err.message or "")
    ec2.disassociate_address(AssociationId=assoc["AssociationId"])
    ec2.detach_internet_gateway(InternetGatewayId=net["igw"], VpcId=net["vpc"])


def test_detach_gateway_with_an_elastic_ip_on_an_interface_is_refused(ec2):
    net = network(ec2, igw=True)
    inst = launch(ec2, net["subnet"])
    eip = allocate(ec2)
    ec2.associate_address(
        AllocationId=eip["AllocationId"], NetworkInterfaceId=primary_interface(inst)["NetworkInterfaceId"]
    )
    with raises_code("DependencyViolation", message=MAPPED):
        ec2.detach_internet_gateway(InternetGatewayId=net["igw"], VpcId=net["vpc"])


def test_detach_gateway_with_an_auto_assigned_public_ip_is_refused(ec2):
    net = network(ec2, igw=True, map_public=True)
    inst = launch(ec2, net["subnet"])
    with raises_code("DependencyViolation", message=MAPPED):
        ec2.detach_internet_gateway(InternetGatewayId=net["igw"], VpcId=net["vpc"])
    # Stopping releases the auto-assigned address: nothing is mapped any more.
    stop(ec2, inst["InstanceId"])
    ec2.detach_internet_gateway(InternetGatewayId=net["igw"], VpcId=net["vpc"])


def test_detach_gateway_after_the_instance_is_terminated(ec2):
    net = network(ec2, igw=True, map_public=True)
    inst = launch(ec2, net["subnet"])
    terminate(ec2, inst["InstanceId"])
    retry_until_done(ec2.detach_internet_gateway, InternetGatewayId=net["igw"], VpcId=net["vpc"])


def test_an_unassociated_elastic_ip_does_not_hold_the_gateway(ec2):
    net = network(ec2, igw=True)
    launch(ec2, net["subnet"])
    allocate(ec2)
    ec2.detach_internet_gateway(InternetGatewayId=net["igw"], VpcId=net["vpc"])


def test_addresses_in_another_vpc_do_not_hold_the_gateway(ec2):
    a = network(ec2, "10.0.0.0/16", "10.0.1.0/24", igw=True, map_public=True)
    b = network(ec2, "10.1.0.0/16", "10.1.1.0/24", igw=True)
    launch(ec2, a["subnet"])
    ec2.detach_internet_gateway(InternetGatewayId=b["igw"], VpcId=b["vpc"])
    with raises_code("DependencyViolation", message=MAPPED):
        ec2.detach_internet_gateway(InternetGatewayId=a["igw"], VpcId=a["vpc"])


@pytest.mark.parametrize("via", ["boto3", "cli"])
def test_detach_refusal_is_what_clients_see(ec2, aws, via):
    net = network(ec2, igw=True, map_public=True)
    launch(ec2, net["subnet"])
    if via == "boto3":
        with raises_code("DependencyViolation", message=MAPPED):
            ec2.detach_internet_gateway(InternetGatewayId=net["igw"], VpcId=net["vpc"])
    else:
        with raises_code("DependencyViolation", message=MAPPED):
            aws("ec2", "detach-internet-gateway", "--internet-gateway-id", net["igw"], "--vpc-id", net["vpc"])
