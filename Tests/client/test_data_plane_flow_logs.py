"""Flow logs from real traffic (issue 13, item 3): the records `localvpc flow-logs FLOW_LOG_ID` prints come from the
packets the data plane carried (conntrack's counters) or dropped (the flow decider), per network interface, with
AWS's statefulness: an allowed ping is ACCEPT both ways at each interface, an ACL that blocks the reply gives ACCEPT
for the request and REJECT for the reply, a group that blocks gives one REJECT; a quiet interface gives NODATA.
Records are also written under the state folder in the destination's layout (S3 keys, CloudWatch Logs streams).
"""

from __future__ import annotations

import gzip
import subprocess
import time
from pathlib import Path

import pytest
import requests

import lvpc
from compute_helpers import default_group_id, primary_interface
from dataplane_fixtures import ec2, programs, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import requires_data_plane, running, settle
from peering_helpers import active_peering

pytestmark = [requires_data_plane, pytest.mark.own_server]

ROLE = "arn:aws:iam::000000000000:role/flow-logs"
ALL_FIELDS = (
    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} "
    "${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} "
    "${pkt-dstaddr} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} "
    "${flow-direction} ${traffic-path}"
)
DEFAULT_FIELDS = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status".split()


class Pair:
    """One VPC, two subnets (10.0.1.0/24, 10.0.2.0/24), instance A in the first and B in the second, both in the
    default group (which lets its members in)."""

    def __init__(self, ec2) -> None:
        self.vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
        self.subnet_a = lvpc.create_subnet(ec2, self.vpc, "10.0.1.0/24")["SubnetId"]
        self.subnet_b = lvpc.create_subnet(ec2, self.vpc, "10.0.2.0/24")["SubnetId"]
        a = running(ec2, self.subnet_a, PrivateIpAddress="10.0.1.10")
        b = running(ec2, self.subnet_b, PrivateIpAddress="10.0.2.20")
        self.a, self.b = a["InstanceId"], b["InstanceId"]
        self.eni_a, self.eni_b = primary_interface(a)["NetworkInterfaceId"], primary_interface(b)["NetworkInterfaceId"]
        self.account = primary_interface(a)["OwnerId"]


def create_flow_log(ec2, resource_type: str, resource_id: str, **kwargs) -> str:
    options = {"TrafficType": "ALL", "MaxAggregationInterval": 60}
    options.update(kwargs)
    if "LogDestinationType" not in options:
        options.setdefault("LogGroupName", "flows")
        options.setdefault("DeliverLogsPermissionArn", ROLE)
    out = ec2.create_flow_logs(ResourceType=resource_type, ResourceIds=[resource_id], **options)
    assert out.get("Unsuccessful", []) == [], out
    return out["FlowLogIds"][0]


def flow_logs_cli(shell, *args: str) -> subprocess.CompletedProcess:
    settle(shell.endpoint)
    return subprocess.run(
        [str(lvpc.localvpc_bin()), "flow-logs", *args], env=shell.env, capture_output=True, text=True, timeout=30
    )


def flushed(shell, flow_log_id: str, fields: list[str] = DEFAULT_FIELDS) -> list[dict]:
    """`localvpc flow-logs ID --flush`, each line read back into its fields."""
    done = flow_logs_cli(shell, flow_log_id, "--flush")
    assert done.returncode == 0, done.stderr
    records = [dict(zip(fields, line.split(" "))) for line in done.stdout.splitlines()]
    for record in records:
        assert len(record) == len(fields), record
    return records


def at(records: list[dict], interface: str) -> list[dict]:
    return [r for r in records if r["interface-id"] == interface]


def one(records: list[dict], **match: str) -> dict:
    found = [r for r in records if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, records)
    return found[0]


def test_an_allowed_ping_is_accepted_both_ways_at_each_interface(ec2, shell):
    pair = Pair(ec2)
    flow_log = create_flow_log(ec2, "VPC", pair.vpc)
    settle(shell.endpoint)
    assert shell.pings(pair.a, "10.0.2.20", count=3)
    records = flushed(shell, flow_log)
    assert len(records) == 4, records
    for interface in (pair.eni_a, pair.eni_b):
        request = one(at(records, interface), srcaddr="10.0.1.10", dstaddr="10.0.2.20")
        reply = one(at(records, interface), srcaddr="10.0.2.20", dstaddr="10.0.1.10")
        for record in (request, reply):
            # ICMP has no ports: AWS writes 0 and 0. An echo request or reply is 84 bytes (IP header included).
            assert (record["version"], record["account-id"], record["protocol"], record["srcport"], record["dstport"]) == (
                "2", pair.account, "1", "0", "0")
            assert (record["packets"], record["bytes"], record["action"], record["log-status"]) == ("3", "252", "ACCEPT", "OK")
            assert int(record["start"]) <= int(record["end"])


def test_an_acl_blocking_the_reply_gives_accept_then_reject(ec2, shell):
    pair = Pair(ec2)
    [acl] = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [pair.vpc]}])["NetworkAcls"]
    # B's subnet may not send ICMP back to A's subnet: the request gets in, the reply does not get out.
    ec2.create_network_acl_entry(
        NetworkAclId=acl["NetworkAclId"], RuleNumber=50, Protocol="1", RuleAction="deny", Egress=True, CidrBlock="10.0.1.0/24",
        IcmpTypeCode={"Type": -1, "Code": -1})
    subnet_log = create_flow_log(ec2, "Subnet", pair.subnet_b)
    vpc_log = create_flow_log(ec2, "VPC", pair.vpc)
    settle(shell.endpoint)
    assert not shell.pings(pair.a, "10.0.2.20", count=2, wait=1), "the reply is dropped"

    records = flushed(shell, subnet_log)
    assert {r["interface-id"] for r in records} == {pair.eni_b}, "a subnet's log covers its interfaces only"
    assert len(records) == 2, records
    request = one(records, srcaddr="10.0.1.10", dstaddr="10.0.2.20")
    reply = one(records, srcaddr="10.0.2.20", dstaddr="10.0.1.10")
    assert (request["action"], request["packets"]) == ("ACCEPT", "2"), "B received the requests"
    assert (reply["action"], reply["packets"]) == ("REJECT", "2"), "B's replies were refused by its subnet's ACL"

    # A sent the requests (ACCEPT) and never saw a reply.
    at_a = at(flushed(shell, vpc_log), pair.eni_a)
    assert [(r["srcaddr"], r["action"]) for r in at_a] == [("10.0.1.10", "ACCEPT")], at_a


def test_an_acl_blocking_the_reply_across_a_peering(ec2, shell):
    """The sending VPC's router decides the flow; the receiving VPC's interface still records its refused replies."""
    vpc1 = lvpc.create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    vpc2 = lvpc.create_vpc(ec2, "10.2.0.0/16")["VpcId"]
    a = running(ec2, lvpc.create_subnet(ec2, vpc1, "10.1.0.0/24")["SubnetId"], PrivateIpAddress="10.1.0.10")
    b = running(ec2, lvpc.create_subnet(ec2, vpc2, "10.2.0.0/24")["SubnetId"], PrivateIpAddress="10.2.0.20")
    pcx = active_peering(ec2, vpc1, vpc2)
    for vpc, cidr in ((vpc1, "10.2.0.0/16"), (vpc2, "10.1.0.0/16")):
        [table] = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]
        ec2.create_route(RouteTableId=table["RouteTableId"], DestinationCidrBlock=cidr, VpcPeeringConnectionId=pcx)
    ec2.authorize_security_group_ingress(
        GroupId=default_group_id(ec2, vpc2), IpPermissions=[{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}])
    [acl] = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc2]}])["NetworkAcls"]
    ec2.create_network_acl_entry(
        NetworkAclId=acl["NetworkAclId"], RuleNumber=50, Protocol="1", RuleAction="deny", Egress=True, CidrBlock="10.1.0.0/16",
        IcmpTypeCode={"Type": -1, "Code": -1})
    fields = ["interface-id", "srcaddr", "dstaddr", "packets", "flow-direction", "traffic-path", "action"]
    flow_log = create_flow_log(ec2, "VPC", vpc2, LogFormat=" ".join("${%s}" % f for f in fields))
    settle(shell.endpoint)
    assert not shell.pings(a["InstanceId"], "10.2.0.20", count=2, wait=1)
    records = flushed(shell, flow_log, fields)
    eni_b = primary_interface(b)["NetworkInterfaceId"]
    assert sorted((r["interface-id"], r["srcaddr"], r["flow-direction"], r["traffic-path"], r["action"], r["packets"]) for r in records) == [
        (eni_b, "10.1.0.10", "ingress", "-", "ACCEPT", "2"), (eni_b, "10.2.0.20", "egress", "4", "REJECT", "2"),
    ]


def test_a_group_that_blocks_gives_one_reject(ec2, shell):
    pair = Pair(ec2)
    closed = ec2.create_security_group(GroupName="closed", Description="nothing in", VpcId=pair.vpc)["GroupId"]
    ec2.modify_network_interface_attribute(NetworkInterfaceId=pair.eni_b, Groups=[closed])
    rejects = create_flow_log(ec2, "NetworkInterface", pair.eni_b)
    accepts = create_flow_log(ec2, "NetworkInterface", pair.eni_b, TrafficType="ACCEPT")
    settle(shell.endpoint)
    assert not shell.pings(pair.a, "10.0.2.20", count=3, wait=1)
    [record] = flushed(shell, rejects)
    assert (record["interface-id"], record["srcaddr"], record["dstaddr"], record["protocol"]) == (pair.eni_b, "10.0.1.10", "10.0.2.20", "1")
    assert (record["packets"], record["bytes"], record["action"], record["log-status"]) == ("3", "252", "REJECT", "OK")
    assert flushed(shell, accepts) == [], "TrafficType ACCEPT keeps no REJECT record"


def test_a_quiet_interface_gives_nodata(ec2, shell):
    pair = Pair(ec2)
    flow_log = create_flow_log(ec2, "NetworkInterface", pair.eni_a)
    settle(shell.endpoint)
    done = flow_logs_cli(shell, flow_log, "--flush")
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    fields = line.split(" ")
    assert fields[:3] == ["2", pair.account, pair.eni_a]
    assert fields[3:10] == ["-"] * 7
    assert int(fields[10]) <= int(fields[11])
    assert fields[12:] == ["-", "NODATA"]


def test_traffic_to_instance_metadata_and_the_amazon_dns_server_is_not_logged(ec2, shell):
    """AWS does not log traffic to the instance metadata service or to the Amazon DNS server."""
    pair = Pair(ec2)
    flow_log = create_flow_log(ec2, "NetworkInterface", pair.eni_a)
    settle(shell.endpoint)
    done = shell.instance(pair.a, "curl", "-s", "--max-time", "5", "http://169.254.169.254/latest/meta-data/instance-id")
    assert done.returncode == 0 and done.stdout == pair.a, done
    for resolver in ("10.0.0.2", "169.254.169.253"):
        done = shell.instance(pair.a, "dig", "+short", "+time=2", "+tries=1", f"@{resolver}", "ip-10-0-2-20.ec2.internal")
        assert done.stdout.strip() == "10.0.2.20", done
    [line] = flow_logs_cli(shell, flow_log, "--flush").stdout.splitlines()
    assert line.split(" ")[-1] == "NODATA", line


def test_a_custom_format_with_every_field_of_versions_3_to_5(ec2, shell, programs):
    pair = Pair(ec2)
    flow_log = create_flow_log(ec2, "VPC", pair.vpc, LogFormat=ALL_FIELDS)
    listener = programs.listener(pair.b, 8080)
    settle(shell.endpoint)
    assert shell.connects(pair.a, "10.0.2.20", 8080)
    listener.expect("from ")
    time.sleep(0.5)  # both ends close
    fields = [f[2:-1] for f in ALL_FIELDS.split(" ")]
    records = [r for r in flushed(shell, flow_log, fields) if r["protocol"] == "6"]
    egress = one(records, **{"interface-id": pair.eni_a, "flow-direction": "egress"})
    ingress = one(records, **{"interface-id": pair.eni_a, "flow-direction": "ingress"})
    assert egress["version"] == "5"
    assert (egress["vpc-id"], egress["subnet-id"], egress["instance-id"]) == (pair.vpc, pair.subnet_a, pair.a)
    assert (egress["srcaddr"], egress["dstaddr"], egress["dstport"]) == ("10.0.1.10", "10.0.2.20", "8080")
    assert (egress["pkt-srcaddr"], egress["pkt-dstaddr"], egress["type"]) == ("10.0.1.10", "10.0.2.20", "IPv4")
    assert (egress["region"], egress["sublocation-type"], egress["sublocation-id"]) == ("us-east-1", "-", "-")
    assert (egress["pkt-src-aws-service"], egress["pkt-dst-aws-service"]) == ("-", "-")
    assert egress["az-id"].startswith("use1-az"), egress
    assert egress["traffic-path"] == "1", "through another resource of the same VPC"
    assert ingress["traffic-path"] == "-", "traffic-path is for egress only"
    # tcp-flags: the client sent SYN, the server SYN-ACK (and each a FIN once the connection is closed).
    assert int(egress["tcp-flags"]) & 2 == 2, egress
    assert int(ingress["tcp-flags"]) & 18 == 18, ingress
    server_side = one(records, **{"interface-id": pair.eni_b, "flow-direction": "ingress"})
    assert (server_side["srcaddr"], server_side["instance-id"], server_side["subnet-id"]) == ("10.0.1.10", pair.b, pair.subnet_b)


def test_gateway_traffic_shows_the_instances_private_address(ec2, shell):
    """AWS: an interface's records always show its private address, whatever the internet gateway or the NAT gateway
    made of it on the way (VPC User Guide, "Flow log record examples")."""
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    public = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    private = lvpc.create_subnet(ec2, vpc, "10.0.2.0/24")["SubnetId"]
    igw = lvpc.create_attached_igw(ec2, vpc)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=table, SubnetId=public)
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.authorize_security_group_ingress(
        GroupId=default_group_id(ec2, vpc), IpPermissions=[{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    web = running(ec2, public, PrivateIpAddress="10.0.1.10")
    allocation = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=allocation["AllocationId"], InstanceId=web["InstanceId"])
    nat_address = ec2.allocate_address(Domain="vpc")
    nat = ec2.create_nat_gateway(SubnetId=public, AllocationId=nat_address["AllocationId"])["NatGateway"]["NatGatewayId"]
    lvpc.wait_until(lambda: ec2.describe_nat_gateways(NatGatewayIds=[nat])["NatGateways"][0]["State"] == "available", desc="the NAT gateway")
    private_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=private_table, SubnetId=private)
    ec2.create_route(RouteTableId=private_table, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    worker = running(ec2, private, PrivateIpAddress="10.0.2.20")
    fields = ["interface-id", "srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr", "flow-direction", "traffic-path", "action"]
    flow_log = create_flow_log(ec2, "VPC", vpc, LogFormat=" ".join("${%s}" % f for f in fields))
    settle(shell.endpoint)

    assert shell.internet("ping", "-n", "-c", "1", "-W", "1", allocation["PublicIp"]).returncode == 0
    assert shell.pings(worker["InstanceId"], "203.0.113.1")
    records = flushed(shell, flow_log, fields)
    web_eni, worker_eni = primary_interface(web)["NetworkInterfaceId"], primary_interface(worker)["NetworkInterfaceId"]

    inbound = one(at(records, web_eni), **{"flow-direction": "ingress"})
    assert (inbound["dstaddr"], inbound["pkt-dstaddr"], inbound["action"]) == ("10.0.1.10", "10.0.1.10", "ACCEPT"), inbound
    reply = one(at(records, web_eni), **{"flow-direction": "egress"})
    assert (reply["srcaddr"], reply["dstaddr"], reply["traffic-path"]) == ("10.0.1.10", inbound["srcaddr"], "8"), reply
    assert allocation["PublicIp"] not in {r[f] for r in records for f in fields}, "the public address never shows"

    out = one(at(records, worker_eni), **{"flow-direction": "egress"})
    assert (out["srcaddr"], out["dstaddr"], out["traffic-path"]) == ("10.0.2.20", "203.0.113.1", "1"), "through the NAT gateway"
    back = one(at(records, worker_eni), **{"flow-direction": "ingress"})
    assert (back["srcaddr"], back["dstaddr"]) == ("203.0.113.1", "10.0.2.20"), back


def test_windows_close_when_the_clock_moves_and_follow_prints_them(ec2, shell):
    pair = Pair(ec2)
    flow_log = create_flow_log(ec2, "NetworkInterface", pair.eni_a)
    settle(shell.endpoint)
    follow = subprocess.Popen(
        [str(lvpc.localvpc_bin()), "flow-logs", flow_log, "--follow"], env=shell.env, stdout=subprocess.PIPE, text=True)
    try:
        assert shell.pings(pair.a, "10.0.2.20", count=2)
        time.sleep(1.5)  # sampled into the open window
        requests.post(shell.endpoint + lvpc.CLOCK_PATH, json={"advanceSeconds": 61}, timeout=5).raise_for_status()
        assert follow.stdout is not None
        lines = [follow.stdout.readline().strip() for _ in range(2)]
    finally:
        follow.terminate()
        follow.wait(timeout=10)
    assert sorted(line.split(" ")[3] for line in lines) == ["10.0.1.10", "10.0.2.20"], lines
    assert all(line.split(" ")[12:] == ["ACCEPT", "OK"] for line in lines), lines
    # The window closed on time: without --flush the records are there.
    done = flow_logs_cli(shell, flow_log)
    assert done.stdout.splitlines()[:2] == lines


def test_records_are_written_in_the_destinations_layout(ec2, shell, server):
    pair = Pair(ec2)
    s3 = create_flow_log(
        ec2, "NetworkInterface", pair.eni_a, LogDestinationType="s3", LogDestination="arn:aws:s3:::audit-bucket/vpc",
        DestinationOptions={"FileFormat": "plain-text", "HiveCompatiblePartitions": True, "PerHourPartition": True})
    cloudwatch = create_flow_log(ec2, "Subnet", pair.subnet_b, LogGroupName="/aws/vpc/flows", DeliverLogsPermissionArn=ROLE)
    settle(shell.endpoint)
    assert shell.pings(pair.a, "10.0.2.20", count=1)
    s3_lines = flow_logs_cli(shell, s3, "--flush").stdout.splitlines()
    cloudwatch_lines = flow_logs_cli(shell, cloudwatch, "--flush").stdout.splitlines()
    assert len(s3_lines) == 2 and len(cloudwatch_lines) == 2

    root = Path(server.state_dir) / "flow-logs"
    [s3_file] = (root / "s3").rglob(f"*_{s3}_*.log.gz")
    key = s3_file.relative_to(root / "s3").as_posix()
    prefix = f"audit-bucket/vpc/AWSLogs/aws-account-id={pair.account}/aws-service=vpcflowlogs/aws-region=us-east-1/year="
    assert key.startswith(prefix), key
    assert "/month=" in key and "/day=" in key and "/hour=" in key, key
    assert s3_file.name.startswith(f"{pair.account}_vpcflowlogs_us-east-1_{s3}_") and s3_file.name.endswith(".log.gz")
    content = gzip.decompress(s3_file.read_bytes()).decode().splitlines()
    assert content[0] == " ".join(DEFAULT_FIELDS), "AWS writes the field names first"
    assert content[1:] == s3_lines

    stream = root / "cloudwatch-logs" / pair.account / "us-east-1" / "%2Faws%2Fvpc%2Fflows" / pair.eni_b
    assert stream.read_text().splitlines() == cloudwatch_lines, "one stream per interface, named after it"


def test_the_cli_says_when_a_flow_log_does_not_exist(ec2, shell):
    done = flow_logs_cli(shell, "fl-0123456789abcdef0")
    assert done.returncode != 0
    assert "InvalidFlowLogId.NotFound" in done.stderr or "not found" in done.stderr, done.stderr
