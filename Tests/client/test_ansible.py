"""Ansible's amazon.aws collection, unchanged, against LocalVPC (issue 10, point 6).

Tests/ansible/apply.yml builds the peering lab of seed 003 the way an Ansible user writes it (Name tags, lookups by
filters, IPv6 on one VPC, an Elastic IP, an extra ENI, a custom network ACL, ec2_tag); teardown.yml removes it in
dependency order. Four runs, as CI runs them:

    apply      failed=0
    apply      changed=0 failed=0   (idempotent)
    teardown   failed=0
    teardown   changed=0 failed=0   (idempotent)

boto3 checks that the lab really exists after the first apply and that nothing of it is left after the teardown.
Each run's duration is printed (`-s`); the whole test should stay under three minutes.

Needs the pip package `ansible` (ansible-core plus the amazon.aws and ansible.posix collections); scripts/test.sh
installs it when missing. Skipped only when `ansible` cannot be imported.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest.importorskip("ansible", reason="ansible is not installed (pip install ansible; scripts/test.sh does it)")

PLAYBOOKS = Path(__file__).resolve().parents[1] / "ansible"
LAB = "lvpc-ansible"
BUDGET_SECONDS = 180
RUN_TIMEOUT = 600


@dataclass(repr=False)
class Run:
    name: str
    seconds: float
    returncode: int
    stats: dict
    tasks: list = field(default_factory=list)  # (task name, item label or None, status, message)
    stderr: str = ""

    @property
    def failed(self) -> int:
        return self.stats.get("failures", 0) + self.stats.get("unreachable", 0)

    @property
    def changed(self) -> int:
        return self.stats.get("changed", 0)

    def lines(self, *statuses: str) -> str:
        return "\n".join(
            f"  [{s}] {t}{f' ({i})' if i else ''}: {m}" for t, i, s, m in self.tasks if s in statuses
        )

    def __repr__(self) -> str:
        return f"<{self.recap()}>"

    def recap(self) -> str:
        s = self.stats
        return (
            f"{self.name}: ok={s.get('ok', 0)} changed={s.get('changed', 0)} failed={s.get('failures', 0)} "
            f"unreachable={s.get('unreachable', 0)} skipped={s.get('skipped', 0)} in {self.seconds:.1f}s"
        )


def _ansible_playbook() -> str:
    for collection in ("amazon.aws", "ansible.posix"):
        try:
            __import__(f"ansible_collections.{collection}")
        except ImportError:
            pytest.fail(f"ansible-core is installed without the {collection} collection: pip install ansible")
    found = shutil.which("ansible-playbook")
    if found:
        return found
    beside = Path(sys.executable).with_name("ansible-playbook")
    if beside.exists():
        return str(beside)
    pytest.fail("the ansible package is importable but ansible-playbook is not on PATH")


def _env(tmp_path: Path) -> dict:
    # No AWS_* from the caller's environment (a profile or an endpoint would fight module_defaults).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "ANSIBLE_"))}
    env.update(
        ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
        ANSIBLE_GATHERING="explicit",
        ANSIBLE_RETRY_FILES_ENABLED="False",
        ANSIBLE_HOST_KEY_CHECKING="False",
        ANSIBLE_PIPELINING="True",
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_LOCALHOST_WARNING="False",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="False",
        ANSIBLE_DEPRECATION_WARNINGS="False",
        ANSIBLE_NOCOLOR="True",
        ANSIBLE_FORCE_COLOR="False",
        ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"),
        AWS_EC2_METADATA_DISABLED="true",
    )
    return env


def _message(result: dict) -> str:
    msg = result.get("msg") or ""
    if isinstance(msg, list):
        msg = "; ".join(map(str, msg))
    return str(msg).replace("\n", " ")[:400]


def _parse(name: str, seconds: float, proc: subprocess.CompletedProcess) -> Run:
    try:
        doc = json.loads(proc.stdout)
    except ValueError:
        pytest.fail(
            f"{name}: ansible-playbook (exit {proc.returncode}) did not print the json callback's document\n"
            f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}"
        )
    stats = doc.get("stats", {}).get("localhost", {})
    tasks = []
    for play in doc.get("plays", []):
        for task in play.get("tasks", []):
            tname = task["task"]["name"]
            result = task["hosts"].get("localhost", {})
            items = result.get("results") if isinstance(result.get("results"), list) else None
            for res, label in ([(r, str(r.get("_ansible_item_label", r.get("item")))) for r in items] if items
                               else [(result, None)]):
                if res.get("failed"):
                    status = "FAILED"
                elif res.get("skipped"):
                    status = "skipped"
                elif res.get("changed"):
                    status = "changed"
                else:
                    status = "ok"
                tasks.append((tname, label, status, _message(res)))
    return Run(name, seconds, proc.returncode, stats, tasks, proc.stderr)


@pytest.fixture
def playbook(endpoint, tmp_path):
    exe = _ansible_playbook()
    env = _env(tmp_path)
    runs: list[Run] = []

    def run(name: str, book: str) -> Run:
        cmd = [exe, "-i", "localhost,", "-c", "local", str(PLAYBOOKS / book), "-e", f"localvpc_endpoint={endpoint}"]
        start = time.monotonic()
        proc = subprocess.run(cmd, env=env, cwd=PLAYBOOKS, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        r = _parse(name, time.monotonic() - start, proc)
        runs.append(r)
        print(f"\n{r.recap()}")
        for line in r.lines("changed", "FAILED").splitlines():
            print(line)
        return r

    yield run
    total = sum(r.seconds for r in runs)
    print(f"\nansible runs: " + ", ".join(f"{r.name} {r.seconds:.1f}s" for r in runs) + f"; total {total:.1f}s")
    if total > BUDGET_SECONDS:
        warnings.warn(f"the Ansible suite took {total:.0f}s, over its {BUDGET_SECONDS}s budget")


def _expect(run: Run, *, changed_zero: bool = False) -> None:
    assert run.failed == 0, f"{run.recap()}\nfailed tasks:\n{run.lines('FAILED')}\nstderr:\n{run.stderr[-2000:]}"
    assert run.returncode == 0, f"{run.recap()}: ansible-playbook exited {run.returncode}\n{run.stderr[-2000:]}"
    if changed_zero:
        assert run.changed == 0, f"{run.recap()}: not idempotent, these tasks changed:\n{run.lines('changed')}"


# ---------------------------------------------------------------------------------------------------------------
# What the lab must look like (boto3)
# ---------------------------------------------------------------------------------------------------------------


def _by_name(items: list, name: str) -> dict:
    found = [i for i in items if {"Key": "Name", "Value": name} in i.get("Tags", [])]
    assert len(found) == 1, f"expected one resource named {name!r}, found {len(found)}"
    return found[0]


def _tags(resource: dict) -> dict:
    return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}


def _lab_filter() -> list:
    return [{"Name": "tag:Lab", "Values": [LAB]}]


def _assert_lab_built(ec2) -> None:
    vpcs = ec2.describe_vpcs(Filters=_lab_filter())["Vpcs"]
    vpc1, vpc2 = _by_name(vpcs, f"{LAB}-vpc1"), _by_name(vpcs, f"{LAB}-vpc2")
    assert vpc1["CidrBlock"] == "10.0.0.0/16" and vpc2["CidrBlock"] == "172.16.0.0/16"
    v6 = [a for a in vpc1.get("Ipv6CidrBlockAssociationSet", []) if a["Ipv6CidrBlockState"]["State"] == "associated"]
    assert len(v6) == 1, f"VPC1 should have one associated IPv6 block: {vpc1.get('Ipv6CidrBlockAssociationSet')}"
    vpc1_v6 = ipaddress.IPv6Network(v6[0]["Ipv6CidrBlock"])
    assert vpc1_v6.prefixlen == 56
    assert not vpc2.get("Ipv6CidrBlockAssociationSet")
    assert {"Environment": "lab", "Owner": "ansible"}.items() <= _tags(vpc2).items(), "ec2_tag's tags on VPC2"
    dns = ec2.describe_vpc_attribute(VpcId=vpc1["VpcId"], Attribute="enableDnsHostnames")
    assert dns["EnableDnsHostnames"]["Value"] is True

    subnets = ec2.describe_subnets(Filters=_lab_filter())["Subnets"]
    sub1, sub2 = _by_name(subnets, f"{LAB}-vpc1-subnet"), _by_name(subnets, f"{LAB}-vpc2-subnet")
    assert (sub1["VpcId"], sub1["CidrBlock"]) == (vpc1["VpcId"], "10.0.1.0/24")
    assert (sub2["VpcId"], sub2["CidrBlock"]) == (vpc2["VpcId"], "172.16.1.0/24")
    sub1_v6 = [a["Ipv6CidrBlock"] for a in sub1.get("Ipv6CidrBlockAssociationSet", [])
               if a["Ipv6CidrBlockState"]["State"] == "associated"]
    assert len(sub1_v6) == 1 and ipaddress.IPv6Network(sub1_v6[0]).subnet_of(vpc1_v6)
    assert ipaddress.IPv6Network(sub1_v6[0]).prefixlen == 64
    assert sub1["AssignIpv6AddressOnCreation"] is True and sub1["MapPublicIpOnLaunch"] is True

    igws = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc1["VpcId"]]}])
    igws = igws["InternetGateways"]
    assert len(igws) == 1 and _tags(igws[0]).get("Name") == f"{LAB}-igw"
    igw_id = igws[0]["InternetGatewayId"]

    pcxs = ec2.describe_vpc_peering_connections(Filters=[{"Name": "tag:Name", "Values": [f"{LAB}-pcx"]}])
    pcxs = pcxs["VpcPeeringConnections"]
    assert len(pcxs) == 1, pcxs
    pcx = pcxs[0]
    assert pcx["Status"]["Code"] == "active", pcx["Status"]
    assert pcx["RequesterVpcInfo"]["VpcId"] == vpc1["VpcId"] and pcx["AccepterVpcInfo"]["VpcId"] == vpc2["VpcId"]
    pcx_id = pcx["VpcPeeringConnectionId"]

    rtbs = ec2.describe_route_tables(Filters=_lab_filter())["RouteTables"]
    rtb1, rtb2 = _by_name(rtbs, f"{LAB}-vpc1-rtb"), _by_name(rtbs, f"{LAB}-vpc2-rtb")

    def routes(rtb):
        return {(r.get("DestinationCidrBlock") or r.get("DestinationIpv6CidrBlock")):
                (r.get("GatewayId") or r.get("VpcPeeringConnectionId"), r.get("State")) for r in rtb["Routes"]}

    assert routes(rtb1)["0.0.0.0/0"] == (igw_id, "active")
    assert routes(rtb1)["::/0"] == (igw_id, "active")
    assert routes(rtb1)["172.16.0.0/16"] == (pcx_id, "active")
    assert routes(rtb2)["10.0.0.0/16"] == (pcx_id, "active")
    assert [a.get("SubnetId") for a in rtb1["Associations"]] == [sub1["SubnetId"]]
    private = _by_name(ec2.describe_subnets(Filters=_lab_filter())["Subnets"], f"{LAB}-vpc1-private")
    nats = ec2.describe_nat_gateways(Filter=[{"Name": "tag:Name", "Values": [f"{LAB}-nat"]}])["NatGateways"]
    assert [(n["State"], n["SubnetId"]) for n in nats] == [("available", sub1["SubnetId"])], nats
    assert nats[0]["NatGatewayAddresses"][0].get("PublicIp"), "the module allocated an Elastic IP for the NAT gateway"
    rtb_private = _by_name(ec2.describe_route_tables(Filters=_lab_filter())["RouteTables"], f"{LAB}-vpc1-private-rtb")
    assert [a.get("SubnetId") for a in rtb_private["Associations"]] == [private["SubnetId"]]
    assert [(r.get("NatGatewayId"), r["State"]) for r in rtb_private["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"] == [
        (nats[0]["NatGatewayId"], "active")
    ]
    assert [a.get("SubnetId") for a in rtb2["Associations"]] == [sub2["SubnetId"]]
    [s3] = ec2.describe_vpc_endpoints(Filters=_lab_filter())["VpcEndpoints"]
    assert (s3["VpcEndpointType"], s3["ServiceName"], s3["State"]) == ("Gateway", "com.amazonaws.us-east-1.s3", "available")
    assert s3["RouteTableIds"] == [rtb_private["RouteTableId"]]
    [s3_list] = ec2.describe_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [s3["ServiceName"]]}])["PrefixLists"]
    assert [(r.get("GatewayId"), r["State"]) for r in rtb_private["Routes"]
            if r.get("DestinationPrefixListId") == s3_list["PrefixListId"]] == [(s3["VpcEndpointId"], "active")]

    sgs = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [f"{LAB}-web", f"{LAB}-db"]}])
    sgs = {g["GroupName"]: g for g in sgs["SecurityGroups"]}
    web, db = sgs[f"{LAB}-web"], sgs[f"{LAB}-db"]
    assert (web["VpcId"], db["VpcId"]) == (vpc1["VpcId"], vpc2["VpcId"])
    http6 = [p for p in web["IpPermissions"] if p.get("FromPort") == 80 and p["IpProtocol"] == "tcp"]
    assert http6 and {"CidrIpv6": "::/0"} in [{"CidrIpv6": r["CidrIpv6"]} for r in http6[0]["Ipv6Ranges"]]
    pg = [p for p in db["IpPermissions"] if p.get("FromPort") == 5432]
    assert pg and [g["GroupId"] for g in pg[0]["UserIdGroupPairs"]] == [web["GroupId"]]

    nacls = ec2.describe_network_acls(Filters=[{"Name": "tag:Name", "Values": [f"{LAB}-vpc1-nacl"]}])["NetworkAcls"]
    assert len(nacls) == 1
    nacl = nacls[0]
    assert [a["SubnetId"] for a in nacl["Associations"]] == [sub1["SubnetId"]]
    ingress = {e["RuleNumber"] for e in nacl["Entries"] if not e["Egress"]}
    assert {100, 110, 120, 130, 140, 150} <= ingress
    assert any(e.get("Ipv6CidrBlock") == "::/0" and e["RuleNumber"] == 120 for e in nacl["Entries"])

    res = ec2.describe_instances(Filters=[{"Name": "tag:Lab", "Values": [LAB]},
                                          {"Name": "instance-state-name", "Values": ["running"]}])
    instances = [i for r in res["Reservations"] for i in r["Instances"]]
    web1, db1 = _by_name(instances, f"{LAB}-web1"), _by_name(instances, f"{LAB}-db1")
    assert (web1["SubnetId"], db1["SubnetId"]) == (sub1["SubnetId"], sub2["SubnetId"])
    assert web1["InstanceType"] == "t3.micro" and web1["ImageId"] == "ami-12345678"
    assert web1.get("KeyName") == f"{LAB}-key" and "KeyName" not in db1
    [key] = ec2.describe_key_pairs(KeyNames=[f"{LAB}-key"])["KeyPairs"]
    assert key["KeyType"] == "ed25519" and _tags(key).get("Lab") == LAB
    eth = {n["Attachment"]["DeviceIndex"]: n for n in web1["NetworkInterfaces"]}
    assert sorted(eth) == [0, 1], "web1: the primary interface and the extra ENI"
    # apply.yml asks for <VPC1 block>::10 on eth0 (ec2_instance network_interfaces[].ipv6_addresses)
    wanted_v6 = vpc1_v6.network_address + 0x10
    assert [ipaddress.IPv6Address(a["Ipv6Address"]) for a in eth[0].get("Ipv6Addresses", [])] == [wanted_v6]
    # the extra ENI was created in a subnet with AssignIpv6AddressOnCreation: it gets an address of its own
    eni_v6 = [ipaddress.IPv6Address(a["Ipv6Address"]) for a in eth[1].get("Ipv6Addresses", [])]
    assert len(eni_v6) == 1 and eni_v6[0] in ipaddress.IPv6Network(sub1_v6[0]) and eni_v6[0] != wanted_v6
    assert eth[1]["PrivateIpAddress"] == "10.0.1.50"
    assert db["GroupId"] in [g["GroupId"] for g in db1["SecurityGroups"]]

    [eigw] = ec2.describe_egress_only_internet_gateways(Filters=_lab_filter())["EgressOnlyInternetGateways"]
    assert eigw["Attachments"] == [{"State": "attached", "VpcId": vpc1["VpcId"]}]
    [dhcp] = ec2.describe_dhcp_options(Filters=_lab_filter())["DhcpOptions"]
    assert vpc2["DhcpOptionsId"] == dhcp["DhcpOptionsId"]
    assert {c["Key"]: [v["Value"] for v in c["Values"]] for c in dhcp["DhcpConfigurations"]}["domain-name"] == ["lab.internal"]
    [template] = ec2.describe_launch_templates(LaunchTemplateNames=[f"{LAB}-web-lt"])["LaunchTemplates"]
    [version] = ec2.describe_launch_template_versions(LaunchTemplateId=template["LaunchTemplateId"])["LaunchTemplateVersions"]
    assert version["LaunchTemplateData"]["BlockDeviceMappings"] == [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 16, "VolumeType": "gp3"}}]

    addrs = ec2.describe_addresses(Filters=[{"Name": "tag:Name", "Values": [f"{LAB}-web1-eip"]}])["Addresses"]
    assert len(addrs) == 1 and addrs[0]["InstanceId"] == web1["InstanceId"]
    assert web1.get("PublicIpAddress") == addrs[0]["PublicIp"]


def _assert_lab_gone(ec2) -> None:
    left = {
        "vpcs": ec2.describe_vpcs(Filters=_lab_filter())["Vpcs"],
        "subnets": ec2.describe_subnets(Filters=_lab_filter())["Subnets"],
        "route tables": ec2.describe_route_tables(Filters=_lab_filter())["RouteTables"],
        "internet gateways": ec2.describe_internet_gateways(Filters=_lab_filter())["InternetGateways"],
        "security groups": ec2.describe_security_groups(Filters=_lab_filter())["SecurityGroups"],
        "network acls": ec2.describe_network_acls(Filters=_lab_filter())["NetworkAcls"],
        "addresses": ec2.describe_addresses(Filters=_lab_filter())["Addresses"],
        "all addresses (the NAT gateway's Elastic IP, untagged, is released too)": ec2.describe_addresses()["Addresses"],
        "launch templates": ec2.describe_launch_templates(Filters=_lab_filter())["LaunchTemplates"],
        "egress-only internet gateways": ec2.describe_egress_only_internet_gateways(Filters=_lab_filter())["EgressOnlyInternetGateways"],
        "DHCP options": ec2.describe_dhcp_options(Filters=_lab_filter())["DhcpOptions"],
        "NAT gateways": [
            n for n in ec2.describe_nat_gateways(Filter=[{"Name": "tag:Lab", "Values": [LAB]}])["NatGateways"] if n["State"] != "deleted"
        ],
        "VPC endpoints": [e for e in ec2.describe_vpc_endpoints(Filters=_lab_filter())["VpcEndpoints"] if e["State"] != "deleted"],
        "network interfaces": ec2.describe_network_interfaces(
            Filters=[{"Name": "tag:Name", "Values": [f"{LAB}-web1-eth1"]}])["NetworkInterfaces"],
        "instances": [i for r in ec2.describe_instances(Filters=_lab_filter())["Reservations"]
                      for i in r["Instances"] if i["State"]["Name"] != "terminated"],
        "key pairs": ec2.describe_key_pairs(Filters=_lab_filter())["KeyPairs"],
        "peering connections": [p for p in ec2.describe_vpc_peering_connections(Filters=_lab_filter())[
            "VpcPeeringConnections"] if p["Status"]["Code"] != "deleted"],
    }
    left = {k: v for k, v in left.items() if v}
    assert not left, f"the teardown left: {json.dumps(left, default=str)[:3000]}"


# ---------------------------------------------------------------------------------------------------------------


def test_ansible_peering_lab_apply_twice_teardown_twice(playbook, ec2):
    first = playbook("apply", "apply.yml")
    _expect(first)
    _assert_lab_built(ec2)

    again = playbook("apply again", "apply.yml")
    _expect(again, changed_zero=True)

    down = playbook("teardown", "teardown.yml")
    _expect(down)
    _assert_lab_gone(ec2)

    down_again = playbook("teardown again", "teardown.yml")
    _expect(down_again, changed_zero=True)


def test_ansible_grows_a_volume_with_ec2_vol(playbook, ec2):
    # ec2_vol with modify_volume: ModifyVolume from 10 GiB of gp2 to 20 GiB of gp3; the second run changes nothing.
    first = playbook("volume", "volume.yml")
    _expect(first)
    volume = ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["lvpc-ansible-data"]}])["Volumes"]
    assert [(v["Size"], v["VolumeType"], v["Iops"], v["Throughput"]) for v in volume] == [(20, "gp3", 3000, 125)]
    modification = ec2.describe_volumes_modifications(VolumeIds=[volume[0]["VolumeId"]])["VolumesModifications"][0]
    assert (modification["OriginalSize"], modification["OriginalVolumeType"]) == (10, "gp2")
    _expect(playbook("volume again", "volume.yml"), changed_zero=True)
