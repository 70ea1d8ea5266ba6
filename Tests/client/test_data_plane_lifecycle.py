"""The data plane follows instances through their lives, with real packets: a stopped instance answers nothing and
its namespace is gone, a started one is back with the same addresses, a terminated one is gone; an attached interface
and a secondary address show up inside; a server restart (SIGTERM, or `kill -9`) rebuilds the running instances and
leaves nothing of the old run; `POST /_localvpc/reset` removes every namespace; and the host's own network (the root
namespace: addresses, routes, rules, firewall, other namespaces) is the same before and after instances ping
everywhere.
"""

from __future__ import annotations

import ipaddress
import re
import subprocess
from pathlib import Path

import pytest
import requests

import lvpc
from compute_helpers import ROOMY, default_group_id, describe_instance, primary_interface, start, stop, terminate, wait_state
from dataplane_fixtures import ec2, programs, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import (
    Shell,
    addresses_inside,
    fetch,
    namespaces,
    requires_data_plane,
    running,
    settle,
)
from peering_helpers import active_peering

pytestmark = [requires_data_plane, pytest.mark.own_server]

DOCUMENTATION = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]


@pytest.fixture
def host_namespaces(server):
    """The namespaces on the host once the data plane has caught up with every change made so far."""

    def now() -> set[str]:
        settle(server.endpoint)
        return namespaces()

    return now


def namespace(resource_id: str) -> str:
    """The namespace LocalVPC names after an instance or a VPC (its router)."""
    return "lvpc-" + resource_id


def one_subnet(ec2) -> dict:
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
    return {"vpc": vpc, "subnet": subnet, "group": default_group_id(ec2, vpc)}


def link_inside(shell: Shell, instance: str, device: str) -> dict:
    """`ip -o link show DEVICE` inside the instance: its MAC and MTU."""
    done = shell.instance(instance, "ip", "-o", "link", "show", device)
    assert done.returncode == 0, done.stderr
    return {"mac": re.search(r"link/ether (\S+)", done.stdout).group(1), "mtu": int(re.search(r"mtu (\d+)", done.stdout).group(1))}


def test_stop_start_terminate(ec2, shell, host_namespaces):
    net = one_subnet(ec2)
    a = running(ec2, net["subnet"])["InstanceId"]
    b = running(ec2, net["subnet"])
    b_id, b_ip = b["InstanceId"], b["PrivateIpAddress"]
    b_mac = primary_interface(b)["MacAddress"]
    assert shell.pings(a, b_ip), "the default group lets its members talk"
    assert link_inside(shell, b_id, "eth0") == {"mac": b_mac, "mtu": 9001}

    stop(ec2, b_id)
    assert namespace(b_id) not in host_namespaces(), "a stopped instance has no namespace"
    assert not shell.pings(a, b_ip), "a stopped instance answers nothing"
    assert shell.instance(b_id, "true").returncode != 0, "nothing runs in a stopped instance"

    started = start(ec2, b_id)
    assert namespace(b_id) in host_namespaces()
    assert primary_interface(started)["PrivateIpAddress"] == b_ip
    assert addresses_inside(shell, b_id) == {b_ip}, "back with the same address"
    assert link_inside(shell, b_id, "eth0")["mac"] == b_mac, "and the same MAC"
    assert shell.pings(a, b_ip)

    terminate(ec2, b_id)
    assert namespace(b_id) not in host_namespaces(), "a terminated instance's namespace is removed"
    assert not shell.pings(a, b_ip)


def test_an_attached_interface_shows_inside_and_a_detached_one_goes(ec2, shell):
    net = one_subnet(ec2)
    second_subnet = lvpc.create_subnet(ec2, net["vpc"], "10.0.2.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
    instance = running(ec2, net["subnet"], InstanceType=ROOMY)["InstanceId"]
    assert shell.instance(instance, "ip", "link", "show", "eth1").returncode != 0, "one interface to begin with"

    eni = ec2.create_network_interface(SubnetId=second_subnet)["NetworkInterface"]
    attachment = ec2.attach_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"], InstanceId=instance, DeviceIndex=1)["AttachmentId"]
    assert shell.instance(instance, "ip", "link", "show", "eth1").returncode == 0, "eth1 is inside the instance"
    assert link_inside(shell, instance, "eth1") == {"mac": eni["MacAddress"], "mtu": 9001}
    assert addresses_inside(shell, instance, "eth1") == {eni["PrivateIpAddress"]}
    other = running(ec2, second_subnet)["InstanceId"]
    assert shell.pings(other, eni["PrivateIpAddress"]), "the new interface's subnet neighbour reaches it"

    ec2.detach_network_interface(AttachmentId=attachment)
    assert shell.instance(instance, "ip", "link", "show", "eth1").returncode != 0, "eth1 is gone"
    assert not shell.pings(other, eni["PrivateIpAddress"]), "the detached interface is in no instance"


def test_instances_launched_together_all_run_and_reach_each_other(ec2, shell):
    net = one_subnet(ec2)
    reservation = ec2.run_instances(ImageId="ami-0123456789abcdef0", InstanceType="t3.micro", SubnetId=net["subnet"], MinCount=4, MaxCount=4)
    ids = [i["InstanceId"] for i in reservation["Instances"]]
    instances = [wait_state(ec2, i, "running") for i in ids]
    addresses = [i["PrivateIpAddress"] for i in instances]
    for source in ids:
        for address in addresses:
            assert shell.pings(source, address), f"{source} reaches {address}"


def test_a_secondary_private_address_shows_inside_and_answers(ec2, shell):
    net = one_subnet(ec2)
    instance = running(ec2, net["subnet"], InstanceType=ROOMY)
    other = running(ec2, net["subnet"])["InstanceId"]
    eni = primary_interface(instance)["NetworkInterfaceId"]
    ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, PrivateIpAddresses=["10.0.1.200"])
    assert addresses_inside(shell, instance["InstanceId"]) == {instance["PrivateIpAddress"], "10.0.1.200"}
    assert shell.pings(other, "10.0.1.200")

    ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni, PrivateIpAddresses=["10.0.1.200"])
    assert addresses_inside(shell, instance["InstanceId"]) == {instance["PrivateIpAddress"]}
    assert not shell.pings(other, "10.0.1.200")
    assert shell.pings(other, instance["PrivateIpAddress"])


def peered_pair_with_a_stopped_instance(ec2) -> dict:
    """Two peered VPCs with a running instance each (ICMP open both ways) and a stopped one in the first."""
    first, second = one_subnet(ec2), None
    vpc2 = lvpc.create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    second = {"vpc": vpc2, "subnet": lvpc.create_subnet(ec2, vpc2, "10.1.1.0/24")["SubnetId"], "group": default_group_id(ec2, vpc2)}
    pcx = active_peering(ec2, first["vpc"], second["vpc"])
    for side, peer in ((first, "10.1.0.0/16"), (second, "10.0.0.0/16")):
        table = lvpc.main_route_table(ec2, side["vpc"])["RouteTableId"]
        ec2.create_route(RouteTableId=table, DestinationCidrBlock=peer, VpcPeeringConnectionId=pcx)
        ec2.authorize_security_group_ingress(
            GroupId=side["group"], IpPermissions=[{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": peer}]}]
        )
    a = running(ec2, first["subnet"])
    b = running(ec2, second["subnet"])
    c = running(ec2, first["subnet"])["InstanceId"]
    stop(ec2, c)
    return {"a": a["InstanceId"], "b": b["InstanceId"], "a_ip": a["PrivateIpAddress"], "b_ip": b["PrivateIpAddress"], "c": c,
            "vpcs": [first["vpc"], second["vpc"]]}


def ours(lab: dict) -> set[str]:
    """The namespaces the lab should have: its running instances and its VPCs' routers."""
    return {namespace(lab["a"]), namespace(lab["b"])} | {namespace(v) for v in lab["vpcs"]}


def test_a_server_restart_rebuilds_the_running_instances(server, ec2, shell, programs, host_namespaces):
    lab = peered_pair_with_a_stopped_instance(ec2)
    vpc = lab["vpcs"][0]
    igw = lvpc.create_attached_igw(ec2, vpc)
    ec2.create_route(RouteTableId=lvpc.main_route_table(ec2, vpc)["RouteTableId"], DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    address = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=address["AllocationId"], InstanceId=lab["a"])
    assert ours(lab) <= host_namespaces() and namespace(lab["c"]) not in namespaces()
    assert shell.pings(lab["a"], lab["b_ip"])
    assert shell.pings(lab["a"], "203.0.113.1")

    assert server.stop() == 0, server.log_text()
    assert not ours(lab) & namespaces(), "SIGTERM removes every namespace the server made"
    server.start(timeout=60)

    assert ours(lab) <= host_namespaces(), "the running instances' namespaces are back"
    assert namespace(lab["c"]) not in namespaces(), "a stopped instance stays without one"
    assert describe_instance(ec2, lab["a"])["State"]["Name"] == "running"
    assert shell.pings(lab["a"], lab["b_ip"]) and shell.pings(lab["b"], lab["a_ip"])
    programs.web_server("203.0.113.10", 80)
    assert fetch(shell, lab["a"], "http://203.0.113.10/") == address["PublicIp"], "the internet and its Elastic IP are back"


def test_after_kill_9_a_restart_leaves_nothing_of_the_old_run(server, ec2, shell, host_namespaces):
    lab = peered_pair_with_a_stopped_instance(ec2)
    internet = f"lvpc-internet-{server.port}"
    old = ours(lab) | {internet}
    assert old <= host_namespaces()
    # Mark every namespace of this run, so that one still there after the restart would show.
    for name in old:
        subprocess.run(["ip", "-n", name, "link", "add", "lvpc-old-run", "type", "veth", "peer", "name", "lvpc-old-peer"], check=True)

    server.kill()
    assert old <= namespaces(), "kill -9 leaves the namespaces behind"
    server.start(timeout=60)

    assert ours(lab) <= host_namespaces(), "the running instances' namespaces are back"
    for name in old & namespaces():
        marked = subprocess.run(["ip", "-n", name, "link", "show", "lvpc-old-run"], capture_output=True)
        assert marked.returncode != 0, f"{name} is the old run's"
    assert shell.pings(lab["a"], lab["b_ip"]) and shell.pings(lab["b"], lab["a_ip"])
    records = {name: Path("/run/localvpc", name).read_text().split("\n")[0] for name in ours(lab)}
    assert set(records.values()) == {str(server.proc.pid)}, f"every namespace is recorded as the new process's: {records}"


def test_reset_removes_every_namespace_of_the_server(server, ec2, shell, host_namespaces):
    lab = peered_pair_with_a_stopped_instance(ec2)
    assert ours(lab) <= host_namespaces()
    requests.post(server.endpoint + lvpc.RESET_PATH, timeout=60).raise_for_status()
    assert not ours(lab) & host_namespaces(), "the namespaces are gone"
    left = {name for name in namespaces() if Path("/run/localvpc", name).is_file() and f"port={server.port} " in Path("/run/localvpc", name).read_text()}
    assert left <= {f"lvpc-internet-{server.port}"}, f"only the server's internet may stay: {left}"


# ---------------------------------------------------------------------------
# The host's own network
# ---------------------------------------------------------------------------

def host_network() -> dict[str, str]:
    """What the root namespace holds, less what changes by itself (address lifetimes, counters) and the other
    `lvpc-` namespaces (other servers')."""

    def run(*args: str) -> str:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    def steady(text: str) -> str:
        text = re.sub(r"(valid_lft|preferred_lft|expires) \S+", r"\1 -", text)
        text = re.sub(r"counter packets \d+ bytes \d+", "counter", text)
        return text

    iptables = "\n".join(
        re.sub(r"\[\d+:\d+\]", "[-]", line) for line in run("iptables-nft-save").splitlines() if not line.startswith("#")
    )
    return {
        "ip addr": steady(run("ip", "addr")),
        "ip -6 addr": steady(run("ip", "-6", "addr")),
        "ip route": steady(run("ip", "route", "show", "table", "all")),
        "ip -6 route": steady(run("ip", "-6", "route", "show", "table", "all")),
        "ip rule": run("ip", "rule") + run("ip", "-6", "rule"),
        "nft": steady(run("nft", "list", "ruleset")),
        "iptables-nft-save": iptables,
        "netns": "\n".join(sorted(n for n in namespaces() if not n.startswith("lvpc-"))),
    }


def test_the_host_network_is_unchanged_while_instances_ping_everywhere(server, ec2, shell, programs, host_namespaces):
    before = host_network()

    lab = peered_pair_with_a_stopped_instance(ec2)
    vpc = lab["vpcs"][0]
    igw = lvpc.create_attached_igw(ec2, vpc)
    ec2.create_route(RouteTableId=lvpc.main_route_table(ec2, vpc)["RouteTableId"], DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    address = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=address["AllocationId"], InstanceId=lab["a"])
    ec2.authorize_security_group_ingress(
        GroupId=default_group_id(ec2, vpc), IpPermissions=[{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    programs.web_server("203.0.113.10", 80)

    assert shell.pings(lab["a"], lab["b_ip"]) and shell.pings(lab["b"], lab["a_ip"])
    assert fetch(shell, lab["a"], "http://203.0.113.10/") == address["PublicIp"]
    assert shell.internet("ping", "-n", "-c", "1", "-W", "1", address["PublicIp"]).returncode == 0
    for outside in ("8.8.8.8", "10.0.1.1", "100.64.0.1", "192.168.0.1"):
        assert not shell.pings(lab["a"] if outside != "192.168.0.1" else lab["b"], outside), f"{outside} is not on LocalVPC's internet"
    shell.instance(lab["a"], "nc", "-z", "-w", "1", "8.8.8.8", "443")
    # The host's own addresses are not reached (but for those in the documentation ranges, which are LocalVPC's
    # internet's own as instances see it).
    for line in subprocess.run(["ip", "-o", "-4", "addr"], capture_output=True, text=True, check=True).stdout.splitlines():
        host_address = ipaddress.ip_address(line.split()[3].split("/")[0])
        if not host_address.is_loopback and not any(host_address in network for network in DOCUMENTATION):
            assert not shell.pings(lab["a"], str(host_address)), f"the host's own address {host_address} is not reached"
    stop(ec2, lab["b"])
    programs.stop_all()
    requests.post(server.endpoint + lvpc.RESET_PATH, timeout=60).raise_for_status()
    assert not ours(lab) & host_namespaces()

    after = host_network()
    for key in before:
        assert after[key] == before[key], f"the host's {key} changed"
