"""`localvpc reach`, `localvpc doctor` and `localvpc reach --matrix` against the session's server.

The commands are real EC2 clients (SigV4, EC2 Query, XML) pointed at LocalVPC with
AWS_ENDPOINT_URL, exactly as a user would point them at AWS: each question is a Network
Insights path, analysed, read, then deleted with its analysis. boto3 checks what they did.

Environment:
  LOCALVPC_BIN   the server binary, and the `localvpc` command under test
"""

from __future__ import annotations

import json
import shlex

import compute_helpers as ch
import lvpc
from insights_helpers import insights_left, localvpc, peered_pair



def test_reach_prints_the_hops_and_why_not(ec2, endpoint, tmp_path):
    pair = peered_pair(ec2)
    run = localvpc(endpoint, tmp_path, "reach", "web", "db", "--protocol", "tcp", "--port", "22")
    assert run.returncode == 1, run.stderr
    out = run.stdout
    assert out.startswith(f"web ({pair['web']}) -> db ({pair['db']})  tcp/22\n  forward path:\n"), out
    assert "ACL rule 100 out: allow all 0.0.0.0/0" in out
    assert "NOT REACHABLE" in out
    assert f"NO_ROUTE_TO_DESTINATION (request) at {pair['rtb_a']}" in out
    assert insights_left(ec2) == ([], []), "reach leaves no path or analysis behind"


def test_reach_by_address_and_id_in_json(ec2, endpoint, tmp_path):
    pair = peered_pair(ec2, routes=(True, True), open_groups=True)
    run = localvpc(endpoint, tmp_path, "reach", pair["web"], pair["db_ip"], "--protocol", "icmp", "--output", "json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["reachable"] is True and report["explanations"] == []
    assert report["source"] == {"kind": "instance", "id": pair["web"], "name": "web", "address": pair["web_ip"], "vpcId": pair["a"]["vpc"]}
    assert report["destination"]["kind"] == "network-interface" and report["destination"]["address"] == pair["db_ip"]
    assert report["protocol"] == "icmp"
    assert report["forward"][0]["sequenceNumber"] == 1
    assert any(hop.get("matched") == f"route 172.16.0.0/16 -> {pair['pcx']} (active)" for hop in report["forward"])
    assert report["return"][-1]["componentId"] == report["forward"][0]["componentId"]


def test_doctor_prints_the_fix_and_the_printed_command_fixes_it(ec2, endpoint, tmp_path, aws):
    pair = peered_pair(ec2)
    run = localvpc(endpoint, tmp_path, "doctor", "web", "db", "--protocol", "icmp")
    assert run.returncode == 1, run.stderr
    fix = (
        f"aws ec2 create-route --route-table-id {pair['rtb_a']} --destination-cidr-block 172.16.0.0/16 "
        f"--vpc-peering-connection-id {pair['pcx']}"
    )
    assert f"  fix: {fix}\n" in run.stdout
    # Following the doctor by hand: each printed command, run with the AWS CLI, clears one block.
    for _ in range(5):
        run = localvpc(endpoint, tmp_path, "doctor", "web", "db", "--protocol", "icmp", "--output", "json")
        report = json.loads(run.stdout)
        if report["reachable"]:
            break
        [fix] = report["rounds"][0]["fixes"]
        assert fix["command"] and not fix["applied"]
        aws(*shlex.split(fix["command"])[1:])
    assert report["reachable"] is True
    assert insights_left(ec2) == ([], [])


def test_doctor_apply_turns_a_blocked_ping_into_a_reachable_one(ec2, endpoint, tmp_path):
    pair = peered_pair(ec2)
    before = localvpc(endpoint, tmp_path, "reach", "web", "db", "--protocol", "icmp")
    assert before.returncode == 1
    run = localvpc(endpoint, tmp_path, "doctor", "web", "db", "--protocol", "icmp", "--apply")
    assert run.returncode == 0, run.stdout + run.stderr
    rounds = run.stdout.strip().split("\n\n")
    assert len(rounds) == 4, run.stdout  # route A->B, the ingress rule, route B->A, then reachable
    assert all("    applied" in r for r in rounds[:-1])
    assert rounds[-1].rstrip().endswith("REACHABLE") and "NOT REACHABLE" not in rounds[-1]
    assert "aws ec2 authorize-security-group-ingress --group-id " + pair["b"]["sg"] in run.stdout
    assert lvpc.route_to(lvpc.describe_route_table(ec2, pair["rtb_b"]), "10.0.0.0/16")["VpcPeeringConnectionId"] == pair["pcx"]
    assert localvpc(endpoint, tmp_path, "reach", "web", "db", "--protocol", "icmp").returncode == 0


def test_doctor_apply_fixes_an_acl_reply_and_a_stopped_instance(ec2, endpoint, tmp_path):
    pair = peered_pair(ec2, routes=(True, True), open_groups=True)
    ec2.create_network_acl_entry(
        NetworkAclId=pair["acl_b"], RuleNumber=50, Protocol="6", RuleAction="deny", Egress=True,
        CidrBlock="10.0.0.0/16", PortRange={"From": 1024, "To": 65535},
    )
    ch.stop(ec2, pair["db"])
    run = localvpc(endpoint, tmp_path, "doctor", "web", "db", "--port", "22", "--apply", "--output", "json")
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout)
    commands = [f["command"] for r in result["rounds"] for f in r["fixes"]]
    assert commands[0] == f"aws ec2 start-instances --instance-ids {pair['db']}"
    assert commands[1].startswith(
        f"aws ec2 create-network-acl-entry --network-acl-id {pair['acl_b']} --egress --rule-number 49 --protocol 6 "
        "--port-range From=1024,To=65535 --cidr-block "
    )
    assert result["reachable"] is True
    assert ch.state_name(ch.describe_instance(ec2, pair["db"])) == "running"


def test_doctor_without_a_known_fix_stops(ec2, endpoint, tmp_path):
    """A transitive attempt (A-B, B-C peered; A to C) has no fix by route or rule: peering is not transitive."""
    pair = peered_pair(ec2, routes=(True, True), open_groups=True)
    c = ch.network(ec2, "192.168.0.0/16", "192.168.1.0/24")
    far = ch.launch(ec2, c["subnet"], TagSpecifications=lvpc.tag_spec("instance", Name="far"))
    ec2.create_route(RouteTableId=pair["rtb_a"], DestinationCidrBlock="192.168.0.0/16", VpcPeeringConnectionId=pair["pcx"])
    run = localvpc(endpoint, tmp_path, "doctor", "web", "far", "--apply")
    assert run.returncode == 1
    assert "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR" in run.stdout
    assert f"no fix known for PCX_REQUIRES_ADDRESS_IN_VPC_CIDR at {pair['pcx']}" in run.stdout
    assert far["InstanceId"]


def test_reach_matrix_text_and_json(ec2, endpoint, tmp_path):
    pair = peered_pair(ec2, routes=(True, True), open_groups=True)
    extra = ch.launch(ec2, pair["a"]["subnet"], TagSpecifications=lvpc.tag_spec("instance", Name="app"))["InstanceId"]
    run = localvpc(endpoint, tmp_path, "reach", "--matrix", "--protocol", "icmp", "--output", "json")
    assert run.returncode == 0, run.stderr
    matrix = json.loads(run.stdout)
    assert [i["name"] for i in matrix["instances"]] == ["app", "db", "web"]
    assert len(matrix["pairs"]) == 6 and all(p["reachable"] for p in matrix["pairs"])
    # The same VPC only: app and web share the default group, which admits its own members.
    run = localvpc(endpoint, tmp_path, "reach", "--matrix", "--vpc", pair["a"]["vpc"], "--port", "22")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "tcp/22, rows reach columns:"
    assert lines[2].startswith(f"app ({extra})") and lines[2].split()[-2:] == ["-", "yes"]
    assert insights_left(ec2) == ([], [])


def test_errors_exit_2_with_the_code(ec2, endpoint, tmp_path):
    peered_pair(ec2)
    run = localvpc(endpoint, tmp_path, "reach", "web", "nowhere", "--output", "json")
    assert run.returncode == 2
    assert json.loads(run.stdout)["error"]["code"] == "EndpointNotFound"
    run = localvpc(endpoint, tmp_path, "reach", "web", "203.0.113.9")
    assert run.returncode == 1, "an outside address is a destination like any other"
    run = localvpc(endpoint, tmp_path, "reach", "203.0.113.9", "web")
    assert run.returncode == 2 and "NoInternetGateway" in run.stderr
    run = localvpc(endpoint, tmp_path, "reach", "web")
    assert run.returncode != 0 and "give SRC and DST" in run.stderr


def test_reach_and_doctor_resolve_a_name_as_the_source_vpc_would(ec2, endpoint, tmp_path):
    """A DNS name as DST: resolved as the source's VPC resolver would (the rules the data plane's DNS server follows),
    explained, and fixed by doctor: the seed's "Enable DNS resolution for VPC peering"."""
    pair = peered_pair(ec2, routes=(True, True), open_groups=True)
    for vpc in (pair["a"]["vpc"], pair["b"]["vpc"]):
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    lvpc.create_attached_igw(ec2, pair["b"]["vpc"])
    allocation = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=allocation["AllocationId"], InstanceId=pair["db"])
    name = ch.describe_instance(ec2, pair["db"])["PublicDnsName"]
    assert name == "ec2-" + allocation["PublicIp"].replace(".", "-") + ".compute-1.amazonaws.com"

    run = localvpc(endpoint, tmp_path, "reach", "web", name, "--protocol", "icmp", "--output", "json")
    answer = json.loads(run.stdout)
    assert answer["dns"] == {"name": name, "vpcId": pair["a"]["vpc"], "outcome": "answered", "address": allocation["PublicIp"]}
    assert answer["report"]["reachable"] is False, "the public address: no route to the internet from A"

    run = localvpc(endpoint, tmp_path, "doctor", "web", name, "--protocol", "icmp", "--apply")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"AllowDnsResolutionFromRemoteVpc is off on the accepter side of {pair['pcx']}" in run.stdout
    assert f"DNS  {name} from {pair['a']['vpc']} -> {pair['db_ip']}" in run.stdout, run.stdout
    assert "REACHABLE" in run.stdout
    options = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pair["pcx"]])["VpcPeeringConnections"][0]
    assert options["AccepterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"] is True

    run = localvpc(endpoint, tmp_path, "reach", "web", "ip-172-16-1-250.ec2.internal")
    assert run.returncode == 1 and "no such name (NXDOMAIN)" in run.stdout, run.stdout + run.stderr
    assert insights_left(ec2) == ([], [])
