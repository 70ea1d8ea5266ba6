"""`localvpc peer VPC_A VPC_B`: the peering walkthrough (seed 003) as one idempotent command.

The command under test is a real EC2 client (SigV4, EC2 Query, XML) pointed at the session's
LocalVPC server with AWS_ENDPOINT_URL, exactly as a user would point it at AWS. boto3 checks
what it did.

Environment:
  LOCALVPC_BIN        the server binary, and by default the `localvpc peer` binary too
  LOCALVPC_PEER_BIN   a different binary for `localvpc peer` (default: LOCALVPC_BIN)
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import lvpc
from lvpc import filters, main_route_table, route_to


def peer_bin() -> Path:
    return Path(os.environ.get("LOCALVPC_PEER_BIN") or lvpc.localvpc_bin())


def run_peer(endpoint, tmp_path, *args, access_key="test", region="us-east-1", extra_env=None):
    """Runs `localvpc peer ARGS` with the AWS CLI's isolated environment; returns the process."""
    env = lvpc.cli_env(endpoint, access_key, region, tmp_path)
    env.update(extra_env or {})
    return subprocess.run(
        [str(peer_bin()), "peer", *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def seed_vpcs(ec2):
    """Seed 003's two VPCs, plus what makes route-table choice matter: VPC1 has one subnet with
    its own table and one on the main table, and a table no subnet uses; VPC2 has a secondary block."""
    vpc1 = lvpc.create_vpc(ec2, "10.0.0.0/16", name="VPC1")["VpcId"]
    own_subnet = lvpc.create_subnet(ec2, vpc1, "10.0.1.0/24")["SubnetId"]
    main_subnet = lvpc.create_subnet(ec2, vpc1, "10.0.2.0/24")["SubnetId"]
    own_table = ec2.create_route_table(VpcId=vpc1)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=own_table, SubnetId=own_subnet)
    unused_table = ec2.create_route_table(VpcId=vpc1)["RouteTable"]["RouteTableId"]
    vpc2 = lvpc.create_vpc(ec2, "172.16.0.0/16", name="VPC2")["VpcId"]
    ec2.associate_vpc_cidr_block(VpcId=vpc2, CidrBlock="172.17.0.0/16")
    lvpc.create_subnet(ec2, vpc2, "172.16.1.0/24")
    return {
        "vpc1": vpc1,
        "vpc2": vpc2,
        "own_table": own_table,
        "unused_table": unused_table,
        "main_subnet": main_subnet,
    }


def peerings_between(ec2, a, b):
    both = ec2.describe_vpc_peering_connections()["VpcPeeringConnections"]
    ids = {a, b}
    return [
        p
        for p in both
        if {p["RequesterVpcInfo"]["VpcId"], p["AccepterVpcInfo"]["VpcId"]} == ids
    ]


def default_group(ec2, vpc_id):
    groups = ec2.describe_security_groups(
        Filters=filters(**{"vpc-id": vpc_id, "group-name": "default"})
    )["SecurityGroups"]
    assert len(groups) == 1, groups
    return groups[0]


def allows(group, protocol, from_port, to_port, cidr):
    for perm in group.get("IpPermissions", []):
        if perm["IpProtocol"] != protocol:
            continue
        if protocol != "-1" and (perm.get("FromPort"), perm.get("ToPort")) != (from_port, to_port):
            continue
        if any(r["CidrIp"] == cidr for r in perm.get("IpRanges", [])):
            return True
    return False


def snapshot(ec2, *vpc_ids):
    """Everything `peer` may touch, to prove a second run changes nothing."""
    flt = filters(**{"vpc-id": list(vpc_ids)})
    tables = ec2.describe_route_tables(Filters=flt)["RouteTables"]
    groups = ec2.describe_security_groups(Filters=flt)["SecurityGroups"]
    peerings = ec2.describe_vpc_peering_connections()["VpcPeeringConnections"]
    return (
        sorted((t["RouteTableId"], sorted(json.dumps(r, sort_keys=True) for r in t["Routes"])) for t in tables),
        sorted(json.dumps(g.get("IpPermissions", []), sort_keys=True) for g in groups),
        sorted((p["VpcPeeringConnectionId"], p["Status"]["Code"]) for p in peerings),
    )


def test_peer_twice_sets_everything_up_then_changes_nothing(ec2, endpoint, tmp_path):
    s = seed_vpcs(ec2)
    first = run_peer(endpoint, tmp_path, "VPC1", "VPC2", "--routes", "--allow", "icmp,tcp:22")
    assert first.returncode == 0, first.stdout + first.stderr

    [pcx] = peerings_between(ec2, s["vpc1"], s["vpc2"])
    pcx_id = pcx["VpcPeeringConnectionId"]
    assert pcx["Status"]["Code"] == "active"
    assert pcx["RequesterVpcInfo"]["VpcId"] == s["vpc1"]
    assert f"created {pcx_id}" in first.stdout
    assert f"accepted {pcx_id}" in first.stdout

    # VPC1: its own table and the main table (used by the unassociated subnet), both peer blocks.
    main1 = main_route_table(ec2, s["vpc1"])
    for table_id in (s["own_table"], main1["RouteTableId"]):
        table = lvpc.describe_route_table(ec2, table_id)
        for cidr in ("172.16.0.0/16", "172.17.0.0/16"):
            route = route_to(table, cidr)
            assert route is not None, (table_id, cidr, table["Routes"])
            assert route.get("VpcPeeringConnectionId") == pcx_id
            assert route["State"] == "active"
            assert f"route {cidr} → {pcx_id} in {table_id}" in first.stdout
    # The table no subnet uses is left alone.
    unused = lvpc.describe_route_table(ec2, s["unused_table"])
    assert route_to(unused, "172.16.0.0/16") is None
    # VPC2: its main table, to VPC1's block.
    route = route_to(main_route_table(ec2, s["vpc2"]), "10.0.0.0/16")
    assert route is not None and route.get("VpcPeeringConnectionId") == pcx_id

    g1, g2 = default_group(ec2, s["vpc1"]), default_group(ec2, s["vpc2"])
    for cidr in ("172.16.0.0/16", "172.17.0.0/16"):
        assert allows(g1, "icmp", -1, -1, cidr), g1["IpPermissions"]
        assert allows(g1, "tcp", 22, 22, cidr), g1["IpPermissions"]
    assert allows(g2, "icmp", -1, -1, "10.0.0.0/16"), g2["IpPermissions"]
    assert allows(g2, "tcp", 22, 22, "10.0.0.0/16"), g2["IpPermissions"]

    before = snapshot(ec2, s["vpc1"], s["vpc2"])
    second = run_peer(endpoint, tmp_path, "VPC1", "VPC2", "--routes", "--allow", "icmp,tcp:22")
    assert second.returncode == 0, second.stdout + second.stderr
    lines = second.stdout.strip().splitlines()
    assert lines[-1] == "no changes: everything was already in place", second.stdout
    assert all(line.startswith("already there: ") for line in lines[:-1]), second.stdout
    assert len(lines) - 1 == 1 + 5 + 6  # the peering, 5 routes, 6 rules
    assert snapshot(ec2, s["vpc1"], s["vpc2"]) == before


def test_json_report(ec2, endpoint, tmp_path):
    s = seed_vpcs(ec2)
    proc = run_peer(endpoint, tmp_path, s["vpc1"], s["vpc2"], "--routes", "--output", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["succeeded"] is True
    assert report["status"] == "active"
    assert report["requesterVpcId"] == s["vpc1"] and report["accepterVpcId"] == s["vpc2"]
    actions = [step["action"] for step in report["steps"]]
    assert actions[:2] == ["created", "accepted"]
    assert actions.count("added") == 5
    assert report["changes"] == 7


def test_dry_run_changes_nothing(ec2, endpoint, tmp_path):
    s = seed_vpcs(ec2)
    before = snapshot(ec2, s["vpc1"], s["vpc2"])
    proc = run_peer(endpoint, tmp_path, "VPC1", "VPC2", "--routes", "--allow", "icmp", "--dry-run")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "would request a peering connection" in proc.stdout
    assert "would add route 172.16.0.0/16" in proc.stdout
    assert snapshot(ec2, s["vpc1"], s["vpc2"]) == before
    assert peerings_between(ec2, s["vpc1"], s["vpc2"]) == []


def test_overlapping_cidrs_fail_with_the_status_message(ec2, endpoint, tmp_path):
    a = lvpc.create_vpc(ec2, "10.0.0.0/16", name="left")["VpcId"]
    lvpc.create_subnet(ec2, a, "10.0.1.0/24")
    b = lvpc.create_vpc(ec2, "10.0.0.0/20", name="right")["VpcId"]
    proc = run_peer(endpoint, tmp_path, "left", "right", "--routes")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "overlap" in out.lower(), out
    [pcx] = peerings_between(ec2, a, b)
    assert pcx["Status"]["Code"] == "failed"
    assert pcx["Status"]["Message"] in out
    assert route_to(main_route_table(ec2, a), "10.0.0.0/20") is None


def test_a_route_to_another_target_is_a_conflict_left_alone(ec2, endpoint, tmp_path):
    s = seed_vpcs(ec2)
    igw = lvpc.create_attached_igw(ec2, s["vpc1"])
    ec2.create_route(RouteTableId=s["own_table"], DestinationCidrBlock="172.16.0.0/16", GatewayId=igw)
    proc = run_peer(endpoint, tmp_path, "VPC1", "VPC2", "--routes")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"conflict: {s['own_table']} of {s['vpc1']} already routes 172.16.0.0/16 to {igw}" in proc.stdout
    assert route_to(lvpc.describe_route_table(ec2, s["own_table"]), "172.16.0.0/16")["GatewayId"] == igw
    # Everything else was still done, and the peering is up.
    assert route_to(lvpc.describe_route_table(ec2, s["own_table"]), "172.17.0.0/16") is not None
    [pcx] = peerings_between(ec2, s["vpc1"], s["vpc2"])
    assert pcx["Status"]["Code"] == "active"


def test_cross_account_needs_the_accepter_credentials(client_factory, endpoint, tmp_path):
    requester = client_factory(account="111111111111")
    accepter = client_factory(account="222222222222")
    a = lvpc.create_vpc(requester, "10.10.0.0/16")["VpcId"]
    lvpc.create_subnet(requester, a, "10.10.1.0/24")
    b = lvpc.create_vpc(accepter, "10.20.0.0/16", name="far")["VpcId"]
    lvpc.create_subnet(accepter, b, "10.20.1.0/24")
    (tmp_path / "aws-credentials").write_text(
        "[other]\naws_access_key_id = 222222222222\naws_secret_access_key = x\n"
    )

    pending = run_peer(endpoint, tmp_path, a, b, "--peer-owner", "222222222222", "--routes",
                       access_key="111111111111")
    assert pending.returncode == 1, pending.stdout + pending.stderr
    assert "waits for account 222222222222" in pending.stdout
    [pcx] = peerings_between(requester, a, b)
    assert pcx["Status"]["Code"] == "pending-acceptance"

    done = run_peer(endpoint, tmp_path, a, "far", "--peer-owner", "222222222222",
                    "--accepter-profile", "other", "--routes", "--allow", "icmp",
                    access_key="111111111111")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"accepted {pcx['VpcPeeringConnectionId']} as account 222222222222" in done.stdout
    assert [p["Status"]["Code"] for p in peerings_between(accepter, a, b)] == ["active"]
    back = route_to(main_route_table(accepter, b), "10.10.0.0/16")
    assert back is not None and back.get("VpcPeeringConnectionId") == pcx["VpcPeeringConnectionId"]
    assert allows(default_group(accepter, b), "icmp", -1, -1, "10.10.0.0/16")


def test_errors_carry_the_aws_code(ec2, endpoint, tmp_path):
    lvpc.create_vpc(ec2, "10.0.0.0/16", name="only")
    proc = run_peer(endpoint, tmp_path, "only", "vpc-0123456789abcdef0")
    assert proc.returncode == 1
    assert "VpcNotFound" in proc.stderr or "InvalidVpcID.NotFound" in proc.stderr, proc.stderr
