"""Durability: an acknowledged change survives `kill -9`, and a clean restart
(SIGTERM, start again on the same state dir) keeps all state.

These tests start their own servers (own state dir, own port), never the
shared session server.
"""

import threading
import time

import pytest

from lvpc import (
    ServerProcess,
    create_vpc,
    filters,
    make_boto_client,
    raises_code,
    tag_spec,
    tags_of,
    wait_until,
)

pytestmark = pytest.mark.own_server


def client(srv, service="ec2", **kw):
    # no retries: a retried create after the kill could hide a lost ack
    return make_boto_client(
        srv.endpoint, service, connect_timeout=2, read_timeout=15,
        retries={"max_attempts": 1, "mode": "standard"}, **kw
    )


def all_vpcs(ec2):
    out = {}
    for page in ec2.get_paginator("describe_vpcs").paginate(PaginationConfig={"PageSize": 200}):
        for v in page["Vpcs"]:
            out[v["VpcId"]] = v
    return out


def run_until_killed(srv, body, *, min_seconds=1.0, min_acks=5):
    """Run body(ack) in a thread; kill -9 the server after ~min_seconds and at
    least min_acks acknowledgements. Returns the acknowledgements."""
    acks, failures = [], []

    def loop():
        try:
            body(acks.append)
        except Exception as e:  # the kill ends the loop
            failures.append(e)

    t = threading.Thread(target=loop, daemon=True)
    started = time.monotonic()
    t.start()
    wait_until(
        lambda: (len(acks) >= min_acks and time.monotonic() - started >= min_seconds)
        or not t.is_alive(),
        timeout=60,
        interval=0.01,
        desc=f"{min_acks} acknowledged changes",
    )
    assert t.is_alive(), f"the write loop stopped before the kill: {failures}"
    srv.kill()
    t.join(30)
    assert not t.is_alive(), "the write loop did not notice the server was gone"
    assert failures, "the write loop should have failed when the server died"
    return list(acks)


def restart(tmp_path, state, name, **kw):
    return ServerProcess(state, log_path=tmp_path / f"{name}.log", **kw).start(timeout=60)


def test_acknowledged_vpcs_survive_kill_9(tmp_path):
    state = tmp_path / "state"
    srv = ServerProcess(state, log_path=tmp_path / "run1.log").start()

    def create_loop(ack):
        ec2 = client(srv)
        seq = 0
        while True:
            vpc = ec2.create_vpc(
                CidrBlock=f"10.{seq % 250}.0.0/16",
                TagSpecifications=tag_spec("vpc", seq=str(seq)),
            )["Vpc"]
            ack((vpc["VpcId"], seq))
            seq += 1

    acked = run_until_killed(srv, create_loop)
    print(f"\n{len(acked)} VPCs acknowledged before kill -9")
    expected = {vpc_id: str(seq) for vpc_id, seq in acked}  # VpcId -> its seq tag

    # restart; then kill -9 once more (idle) and restart again
    for round_, kill_after in ((2, True), (3, False)):
        srv = restart(tmp_path, state, f"run{round_}")
        try:
            ec2 = client(srv)
            found = all_vpcs(ec2)
            missing = sorted(set(expected) - set(found))
            assert not missing, (
                f"round {round_}: {len(missing)} of {len(expected)} acknowledged VPCs lost "
                f"after kill -9: {missing[:10]}"
            )
            for vpc_id, seq in expected.items():
                if seq is not None:
                    assert tags_of(found[vpc_id]).get("seq") == seq, found[vpc_id]
            defaults = {v for v, d in found.items() if d["IsDefault"]}
            assert len(defaults) == 1, "the default VPC must not be created twice"
            # at most the one request that was in flight when the server died
            extras = set(found) - set(expected) - defaults
            assert len(extras) <= (1 if round_ == 2 else 0), extras
            expected.update({e: None for e in extras | defaults})
            fresh = create_vpc(ec2, "10.251.0.0/16")["VpcId"]
            assert fresh not in found, "an id was reused after restart"
            expected[fresh] = None
        finally:
            if kill_after:
                srv.kill()
            else:
                code = srv.stop()
    assert code == 0, srv.log_text()


def test_acknowledged_changes_of_every_kind_survive_kill_9(tmp_path):
    state = tmp_path / "state"
    srv = ServerProcess(state, log_path=tmp_path / "run1.log").start()

    def mixed_loop(ack):
        ec2 = client(srv)
        i = 0
        while True:
            vpc = ec2.create_vpc(CidrBlock=f"10.{i % 250}.0.0/16")["Vpc"]["VpcId"]
            ack(("vpc", vpc))
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{i % 250}.1.0/24")["Subnet"]["SubnetId"]
            ack(("subnet", subnet, vpc))
            ec2.create_tags(Resources=[subnet], Tags=[{"Key": "i", "Value": str(i)}])
            ack(("tag", subnet, str(i)))
            ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
            ack(("dns", vpc))
            ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
            ack(("public", subnet))
            igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
            ack(("igw", igw))
            ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
            ack(("attach", igw, vpc))
            rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
            ack(("rtb", rtb, vpc))
            ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
            ack(("route", rtb, igw))
            assoc = ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)["AssociationId"]
            ack(("assoc", rtb, subnet, assoc))
            doomed = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{i % 250}.2.0/24")["Subnet"]["SubnetId"]
            ec2.delete_subnet(SubnetId=doomed)
            ack(("deleted-subnet", doomed))
            i += 1

    acked = run_until_killed(srv, mixed_loop, min_acks=12)
    print(f"\n{len(acked)} changes acknowledged before kill -9")
    srv = restart(tmp_path, state, "run2")
    try:
        ec2 = client(srv)
        for entry in acked:
            kind = entry[0]
            if kind == "vpc":
                ec2.describe_vpcs(VpcIds=[entry[1]])
            elif kind == "subnet":
                s = ec2.describe_subnets(SubnetIds=[entry[1]])["Subnets"][0]
                assert s["VpcId"] == entry[2]
            elif kind == "tag":
                s = ec2.describe_subnets(SubnetIds=[entry[1]])["Subnets"][0]
                assert tags_of(s).get("i") == entry[2]
            elif kind == "dns":
                v = ec2.describe_vpc_attribute(VpcId=entry[1], Attribute="enableDnsHostnames")
                assert v["EnableDnsHostnames"]["Value"] is True
            elif kind == "public":
                s = ec2.describe_subnets(SubnetIds=[entry[1]])["Subnets"][0]
                assert s["MapPublicIpOnLaunch"] is True
            elif kind == "igw":
                ec2.describe_internet_gateways(InternetGatewayIds=[entry[1]])
            elif kind == "attach":
                g = ec2.describe_internet_gateways(InternetGatewayIds=[entry[1]])["InternetGateways"][0]
                assert [a["VpcId"] for a in g["Attachments"]] == [entry[2]]
            elif kind == "rtb":
                r = ec2.describe_route_tables(RouteTableIds=[entry[1]])["RouteTables"][0]
                assert r["VpcId"] == entry[2]
            elif kind == "route":
                r = ec2.describe_route_tables(RouteTableIds=[entry[1]])["RouteTables"][0]
                routes = {x.get("DestinationCidrBlock"): x for x in r["Routes"]}
                assert routes["0.0.0.0/0"]["GatewayId"] == entry[2]
            elif kind == "assoc":
                r = ec2.describe_route_tables(RouteTableIds=[entry[1]])["RouteTables"][0]
                assert [(a["SubnetId"], a["RouteTableAssociationId"]) for a in r["Associations"]
                        if a.get("SubnetId")] == [(entry[2], entry[3])]
            elif kind == "deleted-subnet":
                with raises_code("InvalidSubnetID.NotFound"):
                    ec2.describe_subnets(SubnetIds=[entry[1]])
            else:  # pragma: no cover
                raise AssertionError(entry)
    finally:
        code = srv.stop()
    assert code == 0, srv.log_text()


def snapshot(clients):
    """Everything describable, per (account, region) client, in a stable order."""
    out = {}
    for name, ec2 in clients.items():
        out[name] = {
            "vpcs": sorted(ec2.describe_vpcs()["Vpcs"], key=lambda v: v["VpcId"]),
            "subnets": sorted(ec2.describe_subnets()["Subnets"], key=lambda s: s["SubnetId"]),
            "route_tables": sorted(
                ec2.describe_route_tables()["RouteTables"], key=lambda r: r["RouteTableId"]
            ),
            "igws": sorted(
                ec2.describe_internet_gateways()["InternetGateways"],
                key=lambda g: g["InternetGatewayId"],
            ),
            "tags": sorted(
                ec2.describe_tags()["Tags"], key=lambda t: (t["ResourceId"], t["Key"])
            ),
            "dns": {
                v["VpcId"]: (
                    ec2.describe_vpc_attribute(VpcId=v["VpcId"], Attribute="enableDnsSupport")[
                        "EnableDnsSupport"
                    ]["Value"],
                    ec2.describe_vpc_attribute(VpcId=v["VpcId"], Attribute="enableDnsHostnames")[
                        "EnableDnsHostnames"
                    ]["Value"],
                )
                for v in ec2.describe_vpcs()["Vpcs"]
            },
        }
        for key in ("vpcs", "subnets", "route_tables", "igws"):
            for item in out[name][key]:
                item.pop("ResponseMetadata", None)
                # list order inside a resource is not part of the contract
                for lst in ("Tags", "Routes", "Associations", "CidrBlockAssociationSet",
                            "Ipv6CidrBlockAssociationSet", "Attachments"):
                    if lst in item:
                        item[lst] = sorted(item[lst], key=repr)
    return out


def build_world(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16", TagSpecifications=tag_spec("vpc", Name="durable"))["VpcId"]
    ec2.associate_vpc_cidr_block(VpcId=vpc, CidrBlock="10.1.0.0/16")
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24",
                          TagSpecifications=tag_spec("subnet", Name="a"))["Subnet"]["SubnetId"]
    b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24")["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=a, MapPublicIpOnLaunch={"Value": True})
    igw = ec2.create_internet_gateway(
        TagSpecifications=tag_spec("internet-gateway", Name="edge"))["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rtb, SubnetId=a)
    main_assoc = [
        x for x in ec2.describe_route_tables(
            Filters=filters(**{"vpc-id": vpc, "association.main": "true"})
        )["RouteTables"][0]["Associations"] if x["Main"]
    ][0]["RouteTableAssociationId"]
    new_main = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.replace_route_table_association(AssociationId=main_assoc, RouteTableId=new_main)
    spare = ec2.create_vpc(CidrBlock="192.168.0.0/24")["Vpc"]["VpcId"]
    ec2.delete_vpc(VpcId=spare)
    ec2.create_tags(Resources=[b, rtb], Tags=[{"Key": "k", "Value": ""}])
    ec2.delete_tags(Resources=[a], Tags=[{"Key": "Name"}])
    wait_until(
        lambda: all(
            c["CidrBlockState"]["State"] == "associated"
            for c in ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["CidrBlockAssociationSet"]
        ),
        desc="secondary CIDR associated",
    )


def test_clean_restart_keeps_everything(tmp_path):
    state = tmp_path / "state"
    srv = ServerProcess(state, log_path=tmp_path / "run1.log").start()
    names = {
        "default": dict(),
        "acct": dict(access_key="111111111111"),
        "eu": dict(region="eu-west-1"),
    }
    clients = {n: client(srv, **kw) for n, kw in names.items()}
    for ec2 in clients.values():
        build_world(ec2)
    before = snapshot(clients)
    code = srv.stop()
    assert code == 0, f"SIGTERM exit code {code}\n{srv.log_text()}"

    srv = restart(tmp_path, state, "run2")
    try:
        clients = {n: client(srv, **kw) for n, kw in names.items()}
        after = snapshot(clients)
        for name in names:
            for key in before[name]:
                assert after[name][key] == before[name][key], f"{name}/{key} changed across restart"
        ec2 = clients["default"]
        old_ids = {v["VpcId"] for v in before["default"]["vpcs"]}
        assert create_vpc(ec2, "10.9.0.0/16")["VpcId"] not in old_ids
        assert client(srv, "sts", access_key="111111111111").get_caller_identity()[
            "Account"
        ] == "111111111111"
    finally:
        code = srv.stop()
    assert code == 0, srv.log_text()


def test_startup_with_a_large_state_is_fast(tmp_path, record_property):
    state = tmp_path / "state"
    srv = ServerProcess(state, log_path=tmp_path / "run1.log").start()
    ec2 = client(srv)
    n = 300
    for i in range(n):
        vpc = ec2.create_vpc(CidrBlock=f"10.{i % 250}.0.0/16",
                             TagSpecifications=tag_spec("vpc", i=str(i)))["Vpc"]["VpcId"]
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{i % 250}.0.0/24")
    assert srv.stop() == 0, srv.log_text()

    srv = restart(tmp_path, state, "run2")
    try:
        seconds = srv.startup_seconds
        record_property("startup_seconds_300_vpcs", round(seconds, 3))
        print(f"\nstartup with {n} VPCs + {n} subnets: {seconds:.3f}s (until health answers)")
        assert len(all_vpcs(client(srv))) == n + 1
        assert seconds < 10, f"startup took {seconds:.1f}s with {n} VPCs"
    finally:
        assert srv.stop() == 0, srv.log_text()
