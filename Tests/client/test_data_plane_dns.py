"""The data plane, the VPC resolver (Amazon DNS server) with real packets: `getent hosts` and `dig` from inside
instances, through the resolv.conf LocalVPC writes for each instance namespace, for each of AWS's naming rules —
private names, resource names, reverse lookups, public names before and after `enableDnsHostnames`,
`enableDnsSupport=false`, the internet's own resolver, and the seed's "Enable DNS resolution for VPC peering"
story before and after `AllowDnsResolutionFromRemoteVpc` on each side — and `localvpc reach` explaining a name.

Names outside Amazon's zones are refused (REFUSED): nothing is forwarded, no packet leaves the namespaces.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time

import pytest

import lvpc
from dataplane_fixtures import ec2, programs, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import requires_data_plane, running, settle, wait_for
from peering_helpers import active_peering

pytestmark = [
    requires_data_plane,
    pytest.mark.own_server,
    pytest.mark.skipif(shutil.which("dig") is None, reason="dig (dnsutils) is not installed"),
]


def dig(shell, instance: str, *args: str) -> tuple[str, list[str]]:
    """`dig` from inside an instance (or the internet, for instance=None): its status and its answers' data."""
    command = ["dig", "+time=1", "+tries=1", *args]
    done = shell.internet(*command) if instance is None else shell.instance(instance, *command)
    status = re.search(r"status: ([A-Z]+)", done.stdout)
    if status is None:
        assert "timed out" in done.stdout or "no servers could be reached" in done.stdout, done.stdout + done.stderr
        return "NO ANSWER", []
    answers = []
    in_answer = False
    for line in done.stdout.splitlines():
        if line.startswith(";; ANSWER SECTION"):
            in_answer = True
        elif in_answer and not line.strip():
            in_answer = False
        elif in_answer:
            fields = line.split()
            assert fields[1] == "60", f"TTL 60, as AWS's: {line}"
            answers.append(fields[-1])
    return status.group(1), answers


def getent(shell, instance: str, name: str) -> str | None:
    """The address `getent hosts` gives inside an instance (glibc, through its resolv.conf), or None."""
    done = shell.instance(instance, "getent", "ahostsv4", name)
    return done.stdout.split()[0] if done.returncode == 0 and done.stdout else None


def public_instance(ec2, subnet_id: str, **kwargs) -> dict:
    return running(ec2, None, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet_id, "AssociatePublicIpAddress": True, **kwargs}])


def described(ec2, instance_id: str) -> dict:
    return ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]


def test_private_names_resource_names_and_reverse_lookups(ec2, shell, tmp_path):
    vpc = lvpc.create_vpc(ec2, "10.7.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.7.1.0/24")["SubnetId"]
    a = running(ec2, subnet, PrivateIpAddress="10.7.1.10")["InstanceId"]
    b = running(ec2, subnet, PrivateIpAddress="10.7.1.11")["InstanceId"]

    conf = shell.instance(a, "cat", "/etc/resolv.conf").stdout
    assert "nameserver 10.7.0.2" in conf and "search ec2.internal" in conf, conf

    # Private names, through glibc and the search list, and at each of the resolver's addresses, over UDP and TCP.
    assert getent(shell, a, "ip-10-7-1-11.ec2.internal") == "10.7.1.11"
    assert getent(shell, a, "ip-10-7-1-11") == "10.7.1.11", "the search list is the DHCP options' domain-name"
    for server_address in ["169.254.169.253", "10.7.0.2"]:
        for transport in ["+notcp", "+tcp"]:
            assert dig(shell, a, f"@{server_address}", transport, "ip-10-7-1-11.ec2.internal") == ("NOERROR", ["10.7.1.11"])
    assert dig(shell, a, "ip-10-7-1-11.ec2.internal", "AAAA") == ("NOERROR", []), "IP names have A records only"
    assert dig(shell, a, "ip-10-7-1-99.ec2.internal")[0] == "NXDOMAIN", "nobody holds 10.7.1.99"
    assert dig(shell, a, "-x", "10.7.1.11") == ("NOERROR", ["ip-10-7-1-11.ec2.internal."])

    # Resource names exist when the subnet's options ask for their records; reach says so, with the fix (run as printed).
    assert dig(shell, a, f"{b}.ec2.internal")[0] == "NXDOMAIN"
    explained = reach(shell, a, f"{b}.ec2.internal")
    assert f"{subnet} does not enable resource-name DNS A records" in explained.stdout, explained.stdout
    fix = next(line.split("fix: ", 1)[1] for line in explained.stdout.splitlines() if "fix: " in line)
    assert fix == f"aws ec2 modify-subnet-attribute --subnet-id {subnet} --enable-resource-name-dns-a-record-on-launch"
    lvpc.run_cli(shlex.split(fix)[1:], endpoint=shell.endpoint, tmpdir=tmp_path)
    assert dig(shell, a, f"{b}.ec2.internal") == ("NOERROR", ["10.7.1.11"])
    assert getent(shell, a, b) == "10.7.1.11"

    # Everything else is refused, never forwarded.
    assert dig(shell, a, "example.com")[0] == "REFUSED"
    assert dig(shell, a, "@10.7.0.2", "+tcp", "amazon.com")[0] == "REFUSED"
    assert dig(shell, a, "-x", "8.8.8.8")[0] == "REFUSED"


def test_resolv_conf_follows_the_vpc_dhcp_options_set(ec2, shell):
    vpc = lvpc.create_vpc(ec2, "10.13.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.13.1.0/24")["SubnetId"]
    a = running(ec2, subnet, PrivateIpAddress="10.13.1.10")["InstanceId"]
    options = ec2.create_dhcp_options(
        DhcpConfigurations=[
            {"Key": "domain-name", "Values": ["ec2.internal corp.example"]},
            {"Key": "domain-name-servers", "Values": ["AmazonProvidedDNS"]},
        ]
    )["DhcpOptions"]["DhcpOptionsId"]

    # A running instance sees the new set at once (AWS: at its next DHCP lease renewal).
    ec2.associate_dhcp_options(DhcpOptionsId=options, VpcId=vpc)
    conf = shell.instance(a, "cat", "/etc/resolv.conf").stdout
    assert "search ec2.internal corp.example" in conf and "nameserver 10.13.0.2" in conf, conf
    assert getent(shell, a, "ip-10-13-1-10") == "10.13.1.10", "the search list"

    # No options set at all: no name server, as on AWS.
    ec2.associate_dhcp_options(DhcpOptionsId="default", VpcId=vpc)
    conf = shell.instance(a, "cat", "/etc/resolv.conf").stdout
    assert "nameserver" not in conf and "search" not in conf, conf


IDLE_TCP_CLIENT = r"""
import socket, sys, time
s = socket.create_connection((sys.argv[1], 53), timeout=30)
started = time.monotonic()
assert s.recv(1) == b""
print(round(time.monotonic() - started))
"""


def test_an_idle_tcp_connection_to_the_resolver_is_closed(ec2, shell):
    vpc = lvpc.create_vpc(ec2, "10.14.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.14.1.0/24")["SubnetId"]
    a = running(ec2, subnet)["InstanceId"]
    done = shell.instance(a, "python3", "-c", IDLE_TCP_CLIENT, "10.14.0.2", timeout=40)
    assert done.returncode == 0, done.stderr
    assert 9 <= int(done.stdout) <= 12, "closed after 10 s without a query, so no socket outlives its router for long"


def test_other_regions_name_with_their_domain(ec2, server, tmp_path):
    eu = lvpc.make_boto_client(server.endpoint, region="eu-west-1")
    vpc = lvpc.create_vpc(eu, "10.8.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(eu, vpc, "10.8.1.0/24")["SubnetId"]
    a = running(eu, subnet, PrivateIpAddress="10.8.1.10")["InstanceId"]
    settle(server.endpoint)
    exec_ = [str(lvpc.localvpc_bin()), "instance", "exec", a, "--"]
    env = lvpc.cli_env(server.endpoint, "test", "eu-west-1", tmp_path)
    conf = subprocess.run([*exec_, "cat", "/etc/resolv.conf"], env=env, capture_output=True, text=True, timeout=30).stdout
    assert "search eu-west-1.compute.internal" in conf and "nameserver 10.8.0.2" in conf, conf
    done = subprocess.run([*exec_, "getent", "ahostsv4", "ip-10-8-1-10.eu-west-1.compute.internal"], env=env, capture_output=True, text=True, timeout=30)
    assert done.stdout.split()[0] == "10.8.1.10", done.stdout + done.stderr


def test_ipv6_resolver_address_and_resource_name_aaaa_records(ec2, shell):
    vpc = ec2.create_vpc(CidrBlock="10.12.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    block = wait_for(
        lambda: next(
            (
                a["Ipv6CidrBlock"]
                for a in ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0].get("Ipv6CidrBlockAssociationSet", [])
                if a["Ipv6CidrBlockState"]["State"] == "associated"
            ),
            None,
        ),
        desc="the VPC's IPv6 block",
    )
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.12.1.0/24", Ipv6CidrBlock=block.replace("/56", "/64"))["Subnet"]["SubnetId"]
    a = running(ec2, subnet, PrivateIpAddress="10.12.1.10", Ipv6AddressCount=1)
    ipv6 = a["NetworkInterfaces"][0]["Ipv6Addresses"][0]["Ipv6Address"]
    instance = a["InstanceId"]

    # fd00:ec2::253 answers over IPv6, UDP and TCP, from an instance with an IPv6 address.
    assert dig(shell, instance, "@fd00:ec2::253", "ip-10-12-1-10.ec2.internal") == ("NOERROR", ["10.12.1.10"])
    assert dig(shell, instance, "@fd00:ec2::253", "+tcp", "ip-10-12-1-10.ec2.internal") == ("NOERROR", ["10.12.1.10"])

    # A resource name's AAAA record exists once the subnet enables it (its A record stays off).
    assert dig(shell, instance, f"{instance}.ec2.internal", "AAAA")[0] == "NXDOMAIN"
    ec2.modify_subnet_attribute(SubnetId=subnet, EnableResourceNameDnsAAAARecordOnLaunch={"Value": True})
    assert dig(shell, instance, f"{instance}.ec2.internal", "AAAA") == ("NOERROR", [ipv6])
    assert dig(shell, instance, f"{instance}.ec2.internal", "A") == ("NOERROR", []), "no A record: the name exists"


def test_the_user_data_script_uses_the_vpc_resolver(ec2):
    vpc = lvpc.create_vpc(ec2, "10.9.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.9.1.0/24")["SubnetId"]
    script = "#!/bin/sh\ngrep nameserver /etc/resolv.conf\ngetent ahostsv4 ip-10-9-1-20.ec2.internal | head -1\n"
    a = running(ec2, subnet, PrivateIpAddress="10.9.1.20", UserData=script)["InstanceId"]

    def output():
        text = ec2.get_console_output(InstanceId=a).get("Output", "")
        return text if "user data script finished" in text else None

    text = wait_for(output, timeout=20, desc="the user data script to finish")
    assert "nameserver 10.9.0.2" in text, text
    assert re.search(r"^10\.9\.1\.20\s", text, re.M), text


def test_public_names_need_dns_hostnames_and_resolve_privately_inside_publicly_outside(ec2, shell):
    vpc = lvpc.create_vpc(ec2, "10.10.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.10.1.0/24")["SubnetId"]
    lvpc.create_attached_igw(ec2, vpc)
    a = public_instance(ec2, subnet, PrivateIpAddress="10.10.1.10")
    public_ip = a["PublicIpAddress"]
    name = "ec2-" + public_ip.replace(".", "-") + ".compute-1.amazonaws.com"
    assert described(ec2, a["InstanceId"]).get("PublicDnsName", "") == "", "DNS hostnames are off in a new VPC"

    assert dig(shell, a["InstanceId"], name)[0] == "NXDOMAIN", "no public names while DNS hostnames are off"
    assert dig(shell, None, name)[0] == "NXDOMAIN"

    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    assert described(ec2, a["InstanceId"])["PublicDnsName"] == name
    assert dig(shell, a["InstanceId"], name) == ("NOERROR", ["10.10.1.10"]), "inside the VPC: the private address"
    assert getent(shell, a["InstanceId"], name) == "10.10.1.10"

    # The internet has a resolver of its own: public names give public addresses, and nothing else is answered.
    assert "nameserver 192.0.2.53" in shell.internet("cat", "/etc/resolv.conf").stdout
    assert dig(shell, None, name) == ("NOERROR", [public_ip])
    done = shell.internet("getent", "ahostsv4", name)
    assert done.stdout.split()[0] == public_ip, done.stdout + done.stderr
    assert dig(shell, None, "-x", public_ip) == ("NOERROR", [name + "."])
    assert dig(shell, None, "ip-10-10-1-10.ec2.internal")[0] == "REFUSED"
    assert dig(shell, None, "example.com")[0] == "REFUSED"


def test_dns_support_off_switches_the_resolver_off(ec2, shell):
    vpc = lvpc.create_vpc(ec2, "10.11.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.11.1.0/24")["SubnetId"]
    a = running(ec2, subnet, PrivateIpAddress="10.11.1.10")["InstanceId"]
    assert dig(shell, a, "ip-10-11-1-10.ec2.internal") == ("NOERROR", ["10.11.1.10"])

    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": False})
    for address in ["169.254.169.253", "10.11.0.2"]:
        assert dig(shell, a, f"@{address}", "ip-10-11-1-10.ec2.internal") == ("NO ANSWER", []), "queries time out, as on AWS"
        assert dig(shell, a, f"@{address}", "+tcp", "ip-10-11-1-10.ec2.internal") == ("NO ANSWER", [])

    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": True})
    assert dig(shell, a, "ip-10-11-1-10.ec2.internal") == ("NOERROR", ["10.11.1.10"])


def reach(shell, *args: str) -> subprocess.CompletedProcess:
    return shell._run(["reach", *args], 60)


def test_seed_enable_dns_resolution_for_vpc_peering(ec2, shell, tmp_path):
    # Two VPCs with DNS hostnames on, an instance with a public address in each, peered (VPC 1 requests).
    vpcs = []
    instances = []
    for index, cidr in enumerate(["10.21.0.0/16", "10.22.0.0/16"]):
        vpc = lvpc.create_vpc(ec2, cidr)["VpcId"]
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
        subnet = lvpc.create_subnet(ec2, vpc, cidr.replace("0.0/16", "1.0/24"))["SubnetId"]
        lvpc.create_attached_igw(ec2, vpc)
        instances.append(public_instance(ec2, subnet, PrivateIpAddress=cidr.replace("0.0/16", "1.10")))
        vpcs.append(vpc)
    one, two = instances
    pcx = active_peering(ec2, vpcs[0], vpcs[1])
    two_name = described(ec2, two["InstanceId"])["PublicDnsName"]
    one_name = described(ec2, one["InstanceId"])["PublicDnsName"]

    # Without the option, a peer's public name gives its public address, as from anywhere.
    assert dig(shell, one["InstanceId"], two_name) == ("NOERROR", [two["PublicIpAddress"]])
    explained = reach(shell, one["InstanceId"], two_name, "--protocol", "icmp")
    assert explained.returncode in (0, 1), explained.stderr
    assert f"DNS  {two_name} from {vpcs[0]} -> {two['PublicIpAddress']}" in explained.stdout, explained.stdout
    assert f"AllowDnsResolutionFromRemoteVpc is off on the accepter side of {pcx}" in explained.stdout, explained.stdout
    fix = next(line.split("fix: ", 1)[1] for line in explained.stdout.splitlines() if "modify-vpc-peering-connection-options" in line)
    assert f"--vpc-peering-connection-id {pcx} --accepter-peering-connection-options AllowDnsResolutionFromRemoteVpc=true" in fix

    # The fix, as printed, with the AWS CLI: VPC 1's instances now resolve VPC 2's public names to private addresses.
    lvpc.run_cli(fix.split()[1:], endpoint=shell.endpoint, tmpdir=tmp_path)
    assert dig(shell, one["InstanceId"], two_name) == ("NOERROR", ["10.22.1.10"])
    assert getent(shell, one["InstanceId"], two_name) == "10.22.1.10"
    explained = reach(shell, one["InstanceId"], two_name, "--protocol", "icmp")
    assert f"-> 10.22.1.10" in explained.stdout and f"is on on the accepter side of {pcx}" in explained.stdout, explained.stdout

    # The option on the accepter side opens VPC 2's names only: VPC 1's still give public addresses to VPC 2.
    assert dig(shell, two["InstanceId"], one_name) == ("NOERROR", [one["PublicIpAddress"]])
    ec2.modify_vpc_peering_connection_options(
        VpcPeeringConnectionId=pcx, RequesterPeeringConnectionOptions={"AllowDnsResolutionFromRemoteVpc": True}
    )
    assert dig(shell, two["InstanceId"], one_name) == ("NOERROR", ["10.21.1.10"])

    # Once the peering is gone, so is the resolution across it.
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    assert dig(shell, one["InstanceId"], two_name) == ("NOERROR", [two["PublicIpAddress"]])


def test_doctor_applies_the_peering_option_a_name_needs(ec2, shell):
    vpcs = []
    instances = []
    for cidr in ["10.41.0.0/16", "10.42.0.0/16"]:
        vpc = lvpc.create_vpc(ec2, cidr)["VpcId"]
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
        subnet = lvpc.create_subnet(ec2, vpc, cidr.replace("0.0/16", "1.0/24"))["SubnetId"]
        lvpc.create_attached_igw(ec2, vpc)
        instances.append(public_instance(ec2, subnet, PrivateIpAddress=cidr.replace("0.0/16", "1.10")))
        vpcs.append(vpc)
    pcx = active_peering(ec2, vpcs[0], vpcs[1])
    name = described(ec2, instances[1]["InstanceId"])["PublicDnsName"]

    done = shell._run(["doctor", instances[0]["InstanceId"], name, "--protocol", "icmp", "--apply"], 90)
    assert f"AllowDnsResolutionFromRemoteVpc is off on the accepter side of {pcx}" in done.stdout, done.stdout + done.stderr
    assert "    applied" in done.stdout and f"-> 10.42.1.10" in done.stdout, done.stdout
    options = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]
    assert options["AccepterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"] is True
    assert options["RequesterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"] is False
    assert dig(shell, instances[0]["InstanceId"], name) == ("NOERROR", ["10.42.1.10"])


def test_reach_explains_a_name_that_does_not_resolve(ec2, shell, tmp_path):
    vpc = lvpc.create_vpc(ec2, "10.30.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.30.1.0/24")["SubnetId"]
    a = running(ec2, subnet, PrivateIpAddress="10.30.1.10")["InstanceId"]
    running(ec2, subnet, PrivateIpAddress="10.30.1.11")

    done = reach(shell, a, "ip-10-30-1-99.ec2.internal")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "-> no such name (NXDOMAIN)" in done.stdout and "no network interface holds 10.30.1.99" in done.stdout, done.stdout

    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": False})
    done = reach(shell, a, "ip-10-30-1-11.ec2.internal")
    assert done.returncode == 1
    assert f"{vpc} has enableDnsSupport off" in done.stdout, done.stdout
    fix = next(line.split("fix: ", 1)[1] for line in done.stdout.splitlines() if "fix: " in line)
    assert fix.startswith(f"aws ec2 modify-vpc-attribute --vpc-id {vpc} --enable-dns-support"), done.stdout

    # The fix as printed, with the AWS CLI.
    lvpc.run_cli(shlex.split(fix)[1:], endpoint=shell.endpoint, tmpdir=tmp_path)
    assert ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsSupport")["EnableDnsSupport"]["Value"] is True
    done = reach(shell, a, "ip-10-30-1-11.ec2.internal", "--protocol", "icmp")
    assert "-> 10.30.1.11" in done.stdout and "REACHABLE" in done.stdout, done.stdout + done.stderr


def test_resolv_conf_folders_go_with_their_namespaces_even_after_kill_9(tmp_path):
    """/etc/netns/NAME goes when the namespace does: on terminate, at shutdown, and (after kill -9) at the next start."""
    first = lvpc.ServerProcess(tmp_path / "first", log_path=tmp_path / "first.log", extra_args=["--data-plane", "on"]).start(timeout=60)
    second = None
    try:
        ec2 = lvpc.make_boto_client(first.endpoint)
        vpc = lvpc.create_vpc(ec2, "10.50.0.0/16")["VpcId"]
        subnet = lvpc.create_subnet(ec2, vpc, "10.50.1.0/24")["SubnetId"]
        a, b = (running(ec2, subnet)["InstanceId"] for _ in range(2))
        internet = f"lvpc-internet-{first.port}"
        settle(first.endpoint)
        assert {f"lvpc-{a}", f"lvpc-{b}", internet} <= set(os.listdir("/etc/netns"))

        ec2.terminate_instances(InstanceIds=[b])
        wait_for(lambda: not os.path.exists(f"/etc/netns/lvpc-{b}"), desc="b's folder to go with its namespace")

        first.kill()
        assert os.path.exists(f"/etc/netns/lvpc-{a}"), "kill -9 leaves it behind"
        # Another state on the same port: nothing of the first run is wanted any more.
        second = lvpc.ServerProcess(
            tmp_path / "second", port=first.port, log_path=tmp_path / "second.log", extra_args=["--data-plane", "on"]
        ).start(timeout=60)
        settle(second.endpoint)
        assert not os.path.exists(f"/etc/netns/lvpc-{a}"), "the leftover is removed at start"
        assert os.path.exists(f"/etc/netns/{internet}"), "the new run's internet has its own"
        assert second.stop() == 0
        assert not os.path.exists(f"/etc/netns/{internet}"), "and a clean stop removes it"
    finally:
        first.kill()
        if second is None:  # failed before the second start: one start and stop on the port removes what the first left
            second = lvpc.ServerProcess(tmp_path / "cleanup", port=first.port, extra_args=["--data-plane", "on"]).start(timeout=60)
        if second.is_running():
            second.stop()

