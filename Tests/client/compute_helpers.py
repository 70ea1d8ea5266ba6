"""Helpers for the instance, network interface and Elastic IP tests
(test_instances.py, test_network_interfaces.py, test_elastic_ips.py,
test_dependencies.py, test_seed_walkthroughs.py).

Like lvpc.py, nothing here knows how LocalVPC is built: it only calls the EC2
API the way a user's tools do. Instance transitions are reported as AWS
reports them (RunInstances answers `pending`, StopInstances `stopping`, ...),
so every helper that needs a settled state polls DescribeInstances, as real
clients and waiters do.

Sources quoted here:
- EC2 API Reference, InstanceState: "0 : pending, 16 : running,
  32 : shutting-down, 48 : terminated, 64 : stopping, 80 : stopped";
  "The high byte of all of the state codes is for internal use and should be
  ignored" (hence `& 0xFF`).
- VPC User Guide, "Subnet CIDR blocks": the first four IP addresses and the
  last IP address in each subnet CIDR block are not available to you.
- LocalVPC contract: public addresses (auto-assigned and Elastic IPs) come
  from the benchmarking/testing range 198.18.0.0/15 (RFC 2544) unless
  `localvpc serve --public-ip-pool` says otherwise, so no emulated address
  collides with a real host.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Iterable

from botocore.exceptions import ClientError

from lvpc import create_subnet, create_vpc, filters, wait_until

# Any AMI id of the right shape is accepted by LocalVPC; one outside the region's
# image catalogue (DescribeImages) gives LocalVPC's defaults. Both AWS id lengths.
AMI = "ami-0123456789abcdef0"
AMI_SHORT = "ami-12345678"

# Instance types from AWS's real list (botocore's InstanceType enum).
# t3.micro: 2 interfaces x 2 IPv4 addresses each; m5.large: 3 x 10 (EC2 User
# Guide, "Maximum IP addresses per network interface") - tests that attach
# interfaces or add secondary addresses use m5.large to stay within AWS's limits.
SMALL = "t3.micro"
OTHER = "t3.small"
ROOMY = "m5.large"

PUBLIC_POOL = ipaddress.ip_network("198.18.0.0/15")

STATE_CODES = {
    "pending": 0,
    "running": 16,
    "shutting-down": 32,
    "terminated": 48,
    "stopping": 64,
    "stopped": 80,
}

INSTANCE_ID = re.compile(r"i-[0-9a-f]{8}(?:[0-9a-f]{9})?")
RESERVATION_ID = re.compile(r"r-[0-9a-f]{8}(?:[0-9a-f]{9})?")
ENI_ID = re.compile(r"eni-[0-9a-f]{8}(?:[0-9a-f]{9})?")
ATTACHMENT_ID = re.compile(r"eni-attach-[0-9a-f]{8}(?:[0-9a-f]{9})?")
ALLOCATION_ID = re.compile(r"eipalloc-[0-9a-f]{8}(?:[0-9a-f]{9})?")
ASSOCIATION_ID = re.compile(r"eipassoc-[0-9a-f]{8}(?:[0-9a-f]{9})?")
MAC_ADDRESS = re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}")

# Well-formed (prefix + 17 hex digits) but never issued.
UNKNOWN = {
    "instance": "i-0123456789abcdef0",
    "eni": "eni-0123456789abcdef0",
    "attachment": "eni-attach-0123456789abcdef0",
    "allocation": "eipalloc-0123456789abcdef0",
    "association": "eipassoc-0123456789abcdef0",
    "sg": "sg-0123456789abcdef0",
    "subnet": "subnet-0123456789abcdef0",
}

# The suite's "one address" for SSH rules and friends (RFC 5737 TEST-NET-3).
MY_ADDRESS = "203.0.113.10"


# ---------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------


def in_pool(ip: str | None) -> bool:
    """True when `ip` is a public address from LocalVPC's default pool."""
    return ip is not None and ipaddress.ip_address(ip) in PUBLIC_POOL


def in_cidr(ip: str, cidr: str) -> bool:
    return ipaddress.ip_address(ip) in ipaddress.ip_network(cidr)


def reserved_addresses(cidr: str) -> set[str]:
    """AWS's five reserved addresses of a subnet: the first four and the last."""
    net = ipaddress.ip_network(cidr)
    return {str(net[i]) for i in (0, 1, 2, 3)} | {str(net[-1])}


def usable_addresses(cidr: str) -> set[str]:
    net = ipaddress.ip_network(cidr)
    return {str(a) for a in net} - reserved_addresses(cidr)


def host(cidr: str, offset: int) -> str:
    """The address at `offset` inside `cidr` (negative counts from the end)."""
    return str(ipaddress.ip_network(cidr)[offset])


# ---------------------------------------------------------------------------
# Networks
# ---------------------------------------------------------------------------


def default_group_id(ec2, vpc_id: str) -> str:
    groups = ec2.describe_security_groups(
        Filters=filters(**{"vpc-id": vpc_id, "group-name": "default"})
    )["SecurityGroups"]
    assert len(groups) == 1, groups
    return groups[0]["GroupId"]


def make_group(ec2, vpc_id: str, name: str) -> str:
    return ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc_id)["GroupId"]


def network(
    ec2,
    vpc_cidr: str = "10.0.0.0/16",
    subnet_cidr: str = "10.0.1.0/24",
    *,
    az: str = "us-east-1a",
    igw: bool = False,
    map_public: bool = False,
) -> dict:
    """A VPC with one subnet (and optionally an attached internet gateway).

    Returns {"vpc", "subnet", "cidr", "sg" (the VPC's default group), "igw"}."""
    vpc_id = create_vpc(ec2, vpc_cidr)["VpcId"]
    subnet_id = create_subnet(ec2, vpc_id, subnet_cidr, AvailabilityZone=az)["SubnetId"]
    if map_public:
        ec2.modify_subnet_attribute(SubnetId=subnet_id, MapPublicIpOnLaunch={"Value": True})
    igw_id = None
    if igw:
        igw_id = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    return {
        "vpc": vpc_id,
        "subnet": subnet_id,
        "cidr": subnet_cidr,
        "vpc_cidr": vpc_cidr,
        "az": az,
        "sg": default_group_id(ec2, vpc_id),
        "igw": igw_id,
    }


def available_ips(ec2, subnet_id: str) -> int:
    subnets = ec2.describe_subnets(SubnetIds=[subnet_id])["Subnets"]
    assert len(subnets) == 1, subnets
    return subnets[0]["AvailableIpAddressCount"]


def default_vpc_id(ec2) -> str:
    vpcs = ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"]
    assert len(vpcs) == 1, vpcs
    return vpcs[0]["VpcId"]


# ---------------------------------------------------------------------------
# Instances
# ---------------------------------------------------------------------------


def state_name(instance: dict) -> str:
    return instance["State"]["Name"]


def state_code(instance: dict) -> int:
    return instance["State"]["Code"] & 0xFF


def run(ec2, subnet_id: str | None = None, count: int = 1, **kwargs) -> dict:
    """RunInstances (MinCount = MaxCount = count); returns the reservation."""
    kwargs.setdefault("ImageId", AMI)
    kwargs.setdefault("InstanceType", SMALL)
    if subnet_id is not None:
        kwargs["SubnetId"] = subnet_id
    kwargs.setdefault("MinCount", count)
    kwargs.setdefault("MaxCount", count)
    return ec2.run_instances(**kwargs)


def describe_instance(ec2, instance_id: str) -> dict:
    reservations = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"]
    found = [i for r in reservations for i in r["Instances"]]
    assert len(found) == 1, reservations
    assert found[0]["InstanceId"] == instance_id
    return found[0]


def wait_state(ec2, instance_id: str, state: str, timeout: float = 10.0) -> dict:
    """Describe until the instance is in `state`; returns it."""
    last: dict = {}

    def settled():
        last["i"] = describe_instance(ec2, instance_id)
        return state_name(last["i"]) == state

    wait_until(settled, timeout=timeout, desc=f"{instance_id} to be {state}")
    return last["i"]


def launch(ec2, subnet_id: str | None = None, **kwargs) -> dict:
    """Run one instance and wait until it is running; returns it as described."""
    reservation = run(ec2, subnet_id, **kwargs)
    [instance] = reservation["Instances"]
    return wait_state(ec2, instance["InstanceId"], "running")


def launch_many(ec2, subnet_id: str | None, count: int, **kwargs) -> list[dict]:
    reservation = run(ec2, subnet_id, count=count, **kwargs)
    ids = [i["InstanceId"] for i in reservation["Instances"]]
    return [wait_state(ec2, i, "running") for i in ids]


def stop(ec2, instance_id: str) -> dict:
    ec2.stop_instances(InstanceIds=[instance_id])
    return wait_state(ec2, instance_id, "stopped")


def start(ec2, instance_id: str) -> dict:
    ec2.start_instances(InstanceIds=[instance_id])
    return wait_state(ec2, instance_id, "running")


def terminate(ec2, instance_id: str) -> dict:
    ec2.terminate_instances(InstanceIds=[instance_id])
    return wait_state(ec2, instance_id, "terminated")


def all_instances(ec2, **kwargs) -> list[dict]:
    """Every instance a (filtered) DescribeInstances lists, over all pages."""
    out = []
    for page in ec2.get_paginator("describe_instances").paginate(**kwargs):
        for reservation in page["Reservations"]:
            out.extend(reservation["Instances"])
    return out


def instance_ids(ec2, **kwargs) -> set[str]:
    return {i["InstanceId"] for i in all_instances(ec2, **kwargs)}


def primary_interface(instance: dict) -> dict:
    primaries = [
        n for n in instance.get("NetworkInterfaces", []) if n["Attachment"]["DeviceIndex"] == 0
    ]
    assert len(primaries) == 1, instance.get("NetworkInterfaces")
    return primaries[0]


def group_ids(groups: Iterable[dict]) -> set[str]:
    return {g["GroupId"] for g in groups}


# ---------------------------------------------------------------------------
# Network interfaces
# ---------------------------------------------------------------------------


def describe_eni(ec2, eni_id: str) -> dict:
    enis = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"]
    assert len(enis) == 1, enis
    assert enis[0]["NetworkInterfaceId"] == eni_id
    return enis[0]


def wait_eni_status(ec2, eni_id: str, status: str, timeout: float = 10.0) -> dict:
    last: dict = {}

    def settled():
        last["e"] = describe_eni(ec2, eni_id)
        return last["e"]["Status"] == status

    wait_until(settled, timeout=timeout, desc=f"{eni_id} to be {status}")
    return last["e"]


def create_eni(ec2, subnet_id: str, **kwargs) -> dict:
    """CreateNetworkInterface; waits until it is available; returns it described."""
    eni = ec2.create_network_interface(SubnetId=subnet_id, **kwargs)["NetworkInterface"]
    assert ENI_ID.fullmatch(eni["NetworkInterfaceId"]), eni
    return wait_eni_status(ec2, eni["NetworkInterfaceId"], "available")


def eni_ids(ec2, **kwargs) -> set[str]:
    out = set()
    for page in ec2.get_paginator("describe_network_interfaces").paginate(**kwargs):
        out |= {n["NetworkInterfaceId"] for n in page["NetworkInterfaces"]}
    return out


def private_ips(eni: dict) -> set[str]:
    return {a["PrivateIpAddress"] for a in eni.get("PrivateIpAddresses", [])}


def eni_gone(ec2, eni_id: str) -> bool:
    try:
        ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])
    except ClientError as e:
        assert e.response["Error"]["Code"] == "InvalidNetworkInterfaceID.NotFound", e.response
        return True
    return False


# ---------------------------------------------------------------------------
# Elastic IPs
# ---------------------------------------------------------------------------


def allocate(ec2, **kwargs) -> dict:
    kwargs.setdefault("Domain", "vpc")
    out = ec2.allocate_address(**kwargs)
    assert ALLOCATION_ID.fullmatch(out["AllocationId"]), out
    return out


def describe_address(ec2, allocation_id: str) -> dict:
    addrs = ec2.describe_addresses(AllocationIds=[allocation_id])["Addresses"]
    assert len(addrs) == 1, addrs
    return addrs[0]


def allocation_ids(ec2, **kwargs) -> set[str]:
    return {a["AllocationId"] for a in ec2.describe_addresses(**kwargs)["Addresses"]}

