"""Several servers, one cloud (issue 17): LocalVPC servers sharing one PostgreSQL database.

Each test starts its own servers (`serve --database-url`) on a fresh database and checks, through the API only:
  - an acknowledged change on one server is visible to a read on another that starts after it, and a client whose
    requests alternate between servers reads its own writes;
  - 64 clients racing over three servers cannot break the rules that need the whole state: one live peering per
    VPC pair, no duplicate route, no address handed out twice, the VPC quota, the moved clock;
  - `kill -9` of a server mid-writes loses no acknowledged change and the others keep serving;
  - a PostgreSQL restart gives `ServiceUnavailable` (HTTP 503) or success, never a dead server, and all works after;
  - a server started after a long journal sees everything;
  - exactly one server holds the data-plane leadership, and another takes it when that one is killed.

Skipped unless LOCALVPC_TEST_DATABASE_URL names a PostgreSQL role that may create databases
(`export LOCALVPC_TEST_DATABASE_URL=$(scripts/postgres.sh)`, as .ci/run does).
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest
import requests
from botocore.exceptions import ClientError, ConnectionError as BotoConnectionError, EndpointConnectionError

import lvpc
import shared_servers

ADMIN_URL = shared_servers.database_url_from_env()

pytestmark = [
    pytest.mark.own_server,
    pytest.mark.skipif(
        not ADMIN_URL,
        reason="LOCALVPC_TEST_DATABASE_URL is not set: no PostgreSQL to share "
        "(export LOCALVPC_TEST_DATABASE_URL=$(scripts/postgres.sh))",
    ),
]

RACERS = 64


def error_code(e: ClientError) -> str:
    return e.response.get("Error", {}).get("Code", "")


def http_status(e: ClientError) -> int | None:
    return e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


def health(srv: lvpc.ServerProcess) -> dict:
    r = requests.get(srv.endpoint + lvpc.HEALTH_PATH, timeout=10)
    assert r.status_code == 200, f"{srv.endpoint} health answered HTTP {r.status_code}: {r.text[:300]}"
    return r.json()


@pytest.fixture
def cloud(tmp_path):
    """cloud(n, *extra_args) -> SharedServers: n servers started on one fresh database; all killed and the
    database dropped after the test."""
    made: list[shared_servers.SharedServers] = []
    databases: list[tuple[str, str]] = []

    def start(count: int, *extra_args: str, admin_url: str | None = None) -> shared_servers.SharedServers:
        admin = admin_url or ADMIN_URL
        database_url = shared_servers.fresh_database(admin, prefix="localvpc_shared")
        databases.append((admin, database_url))
        group = shared_servers.SharedServers(
            tmp_path / f"cloud-{len(made)}", database_url, count, extra_args=list(extra_args)
        )
        made.append(group)
        return group.start(timeout=60)

    yield start
    for group in made:
        group.kill_all()
    for admin, database_url in databases:
        try:
            shared_servers.drop_database(admin, database_url)
        except RuntimeError:
            pass  # the private cluster of the restart test is gone with its folder


def clients_for(group: shared_servers.SharedServers, count: int) -> list:
    """`count` boto3 clients, client i on server i % n (one client per racing thread), made from one session so
    botocore reads its model once."""
    session = boto3.session.Session()
    return [
        session.client(
            "ec2",
            endpoint_url=group.servers[i % len(group.servers)].endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=lvpc.client_config(max_pool_connections=2),
        )
        for i in range(count)
    ]


def race(clients: list, call) -> list[tuple[str, object]]:
    """Runs call(client, i) on every client at once (a barrier), one thread each; returns per call
    ("ok", result) or ("error", code), in client order. Any other exception fails the test."""
    barrier = threading.Barrier(len(clients))

    def run(i: int):
        barrier.wait(timeout=60)
        try:
            return ("ok", call(clients[i], i))
        except ClientError as e:
            return ("error", error_code(e))

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(run, range(len(clients))))


# ---------------------------------------------------------------------------
# (a) Visibility
# ---------------------------------------------------------------------------


def test_each_server_reports_the_postgresql_store(cloud):
    group = cloud(2)
    for srv in group.servers:
        assert health(srv).get("store") == "postgresql", health(srv)


def test_a_change_acknowledged_on_one_server_is_read_at_once_on_another(cloud):
    group = cloud(2)
    a, b = (lvpc.make_boto_client(s.endpoint) for s in group.servers)
    for i in range(25):
        vpc_id = a.create_vpc(CidrBlock=f"10.{i}.0.0/16")["Vpc"]["VpcId"]
        # B has not been told: its read must catch up with the database before answering.
        assert lvpc.describe_vpc(b, vpc_id)["CidrBlock"] == f"10.{i}.0.0/16"
        b.create_tags(Resources=[vpc_id], Tags=[{"Key": "n", "Value": str(i)}])
        assert lvpc.tags_of(lvpc.describe_vpc(a, vpc_id)) == {"n": str(i)}
        a.delete_vpc(VpcId=vpc_id)
        with lvpc.raises_code("InvalidVpcID.NotFound"):
            b.describe_vpcs(VpcIds=[vpc_id])


def test_a_client_alternating_between_servers_reads_its_own_writes(cloud):
    group = cloud(2)
    ec2 = lvpc.make_boto_client(group.endpoint)  # the proxy: each request to the other server
    vpc_id = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    for i in range(30):
        subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.0.{i}.0/24")["Subnet"]["SubnetId"]
        seen = ec2.describe_subnets(Filters=lvpc.filters(**{"vpc-id": vpc_id}))["Subnets"]
        assert subnet_id in {s["SubnetId"] for s in seen}
        assert len(seen) == i + 1
    counts = group.proxy.requests_per_port
    assert min(counts.values()) >= 30, f"the proxy did not spread the requests: {counts}"


def test_the_clock_moved_on_one_server_is_read_at_once_on_another(cloud):
    group = cloud(2)
    a, b = group.servers
    for _ in range(20):
        moved = lvpc.advance_server_clock(a.endpoint, 60)
        seen = lvpc.server_clock(b.endpoint)
        assert seen >= moved, f"{b.endpoint} answered GET {lvpc.CLOCK_PATH} {seen} after {a.endpoint} moved it to {moved}"


def test_sigterm_stops_a_server_on_postgresql_with_exit_0(cloud):
    group = cloud(2)
    lvpc.create_vpc(lvpc.make_boto_client(group.servers[0].endpoint), "10.8.0.0/16")
    code = group.servers[0].stop()
    assert code == 0, f"exited with {code} after SIGTERM:\n{group.servers[0].log_text(6000)}"
    # The other keeps serving the same cloud.
    assert len(lvpc.make_boto_client(group.servers[1].endpoint).describe_vpcs()["Vpcs"]) == 2


def test_a_reset_on_any_server_resets_the_one_cloud(cloud):
    group = cloud(2)
    a, b = (lvpc.make_boto_client(s.endpoint) for s in group.servers)
    vpc_id = lvpc.create_vpc(a, "10.9.0.0/16")["VpcId"]
    assert vpc_id in lvpc.vpc_ids(b)
    r = requests.post(group.servers[1].endpoint + lvpc.RESET_PATH, timeout=30)
    assert r.status_code == 200, r.text
    for client in (a, b):
        assert vpc_id not in lvpc.vpc_ids(client)
        assert len(client.describe_vpcs()["Vpcs"]) == 1  # the default VPC, made again


# ---------------------------------------------------------------------------
# (b) 64 clients over three servers
# ---------------------------------------------------------------------------


@pytest.fixture
def trio(cloud):
    return cloud(3, "--enforce-quotas")


def test_race_one_live_peering_per_vpc_pair(trio):
    clients = clients_for(trio, RACERS)
    ec2 = clients[0]
    x = lvpc.create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    y = lvpc.create_vpc(ec2, "10.2.0.0/16")["VpcId"]

    # Half ask X→Y, half Y→X: a second request the same way while one is live is the same request (AWS answers
    # the existing one), so exactly one connection per direction.
    created = race(
        clients,
        lambda c, i: c.create_vpc_peering_connection(
            VpcId=x if i % 2 == 0 else y, PeerVpcId=y if i % 2 == 0 else x
        )["VpcPeeringConnection"]["VpcPeeringConnectionId"],
    )
    assert all(kind == "ok" for kind, _ in created), created
    x_to_y = {pcx for i, (_, pcx) in enumerate(created) if i % 2 == 0}
    y_to_x = {pcx for i, (_, pcx) in enumerate(created) if i % 2 == 1}
    assert len(x_to_y) == 1 and len(y_to_x) == 1 and x_to_y != y_to_x, (x_to_y, y_to_x)
    pending = sorted(x_to_y | y_to_x)

    # Everyone accepts one of the two at once: exactly one accept wins.
    accepted = race(
        clients,
        lambda c, i: c.accept_vpc_peering_connection(VpcPeeringConnectionId=pending[i % 2])["VpcPeeringConnection"][
            "VpcPeeringConnectionId"
        ],
    )
    wins = [pcx for kind, pcx in accepted if kind == "ok"]
    refusals = {code for kind, code in accepted if kind == "error"}
    assert len(wins) == 1, f"{len(wins)} accepts succeeded: {accepted}"
    assert refusals <= {"InvalidStateTransition", "VpcPeeringConnectionAlreadyExists"}, refusals
    for srv_client in clients[:3]:  # each server's view
        peerings = srv_client.describe_vpc_peering_connections(VpcPeeringConnectionIds=pending)[
            "VpcPeeringConnections"
        ]
        active = [p["VpcPeeringConnectionId"] for p in peerings if p["Status"]["Code"] == "active"]
        assert active == wins, peerings


def test_race_no_duplicate_route(trio):
    clients = clients_for(trio, RACERS)
    ec2 = clients[0]
    vpc_id = lvpc.create_vpc(ec2, "10.3.0.0/16")["VpcId"]
    igw_id = lvpc.create_attached_igw(ec2, vpc_id)
    rtb_id = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    results = race(
        clients,
        lambda c, i: c.create_route(RouteTableId=rtb_id, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)[
            "Return"
        ],
    )
    oks = [r for kind, r in results if kind == "ok"]
    errors = [r for kind, r in results if kind == "error"]
    assert oks == [True], results
    assert set(errors) == {"RouteAlreadyExists"} and len(errors) == RACERS - 1, results
    for srv_client in clients[:3]:
        routes = lvpc.describe_route_table(srv_client, rtb_id)["Routes"]
        assert [r.get("DestinationCidrBlock") for r in routes].count("0.0.0.0/0") == 1, routes


def test_race_no_address_handed_out_twice(trio):
    clients = clients_for(trio, RACERS)
    ec2 = clients[0]
    vpc_id = lvpc.create_vpc(ec2, "10.4.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc_id, "10.4.0.0/28")
    free = subnet["AvailableIpAddressCount"]
    assert free == 11  # 16 less AWS's five reserved
    results = race(
        clients,
        lambda c, i: c.create_network_interface(SubnetId=subnet["SubnetId"])["NetworkInterface"][
            "PrivateIpAddress"
        ],
    )
    addresses = [r for kind, r in results if kind == "ok"]
    errors = [r for kind, r in results if kind == "error"]
    assert len(addresses) == free, results
    assert len(set(addresses)) == free, f"an address was handed out twice: {sorted(addresses)}"
    assert all(ipaddress.ip_address(a) in ipaddress.ip_network("10.4.0.0/28") for a in addresses)
    assert set(errors) == {"InsufficientFreeAddressesInSubnet"} and len(errors) == RACERS - free, results
    for srv_client in clients[:3]:
        enis = srv_client.describe_network_interfaces(Filters=lvpc.filters(**{"subnet-id": subnet["SubnetId"]}))[
            "NetworkInterfaces"
        ]
        assert sorted(e["PrivateIpAddress"] for e in enis) == sorted(addresses)
        assert lvpc.describe_subnet(srv_client, subnet["SubnetId"])["AvailableIpAddressCount"] == 0
    with lvpc.raises_code("InsufficientFreeAddressesInSubnet"):
        clients[1].create_network_interface(SubnetId=subnet["SubnetId"])


def test_race_a_vpc_deleted_while_subnets_are_made_in_it(trio):
    """Dependency checks across servers: half the clients delete a VPC while the other half make subnets in it.
    Either the VPC goes (one delete wins, no subnet made) or subnets are made (every delete refused): never a
    subnet left in a deleted VPC."""
    clients = clients_for(trio, RACERS)
    for round_ in range(3):
        vpc_id = lvpc.create_vpc(clients[0], f"10.{20 + round_}.0.0/16")["VpcId"]

        def call(c, i):
            if i % 2:
                return ("delete", c.delete_vpc(VpcId=vpc_id))
            return ("subnet", c.create_subnet(VpcId=vpc_id, CidrBlock=f"10.{20 + round_}.{i}.0/24")["Subnet"])

        results = race(clients, call)
        deletes = [r for i, (kind, r) in enumerate(results) if i % 2 and kind == "ok"]
        subnets = [r[1]["SubnetId"] for i, (kind, r) in enumerate(results) if not i % 2 and kind == "ok"]
        delete_errors = {r for i, (kind, r) in enumerate(results) if i % 2 and kind == "error"}
        subnet_errors = {r for i, (kind, r) in enumerate(results) if not i % 2 and kind == "error"}
        assert delete_errors <= {"DependencyViolation", "InvalidVpcID.NotFound"}, results
        assert subnet_errors <= {"InvalidVpcID.NotFound"}, results
        if deletes:
            assert len(deletes) == 1 and not subnets, f"VPC deleted {len(deletes)} times, subnets made: {subnets}"
        else:
            # The VPC was never gone: nobody may have been told it was (refused on a delete still in flight, later undone).
            assert subnets and delete_errors == {"DependencyViolation"} and not subnet_errors, results
        for client in clients[:3]:
            left = client.describe_subnets(Filters=lvpc.filters(**{"vpc-id": vpc_id}))["Subnets"]
            assert sorted(x["SubnetId"] for x in left) == sorted(subnets)
            assert (vpc_id in lvpc.vpc_ids(client)) == (not deletes)


def test_race_the_vpc_quota_holds(trio):
    clients = clients_for(trio, RACERS)
    before = len(clients[0].describe_vpcs()["Vpcs"])  # the default VPC
    quota = 5  # AWS's default VPCs per region, under --enforce-quotas
    results = race(clients, lambda c, i: c.create_vpc(CidrBlock=f"10.{10 + i}.0.0/16")["Vpc"]["VpcId"])
    made = [r for kind, r in results if kind == "ok"]
    errors = [r for kind, r in results if kind == "error"]
    assert len(made) == quota - before, results
    assert set(errors) == {"VpcLimitExceeded"} and len(errors) == RACERS - len(made), results
    for srv_client in clients[:3]:
        assert len(srv_client.describe_vpcs()["Vpcs"]) == quota


def test_the_moved_clock_is_seen_by_every_server(trio):
    clients = clients_for(trio, 3)
    x = lvpc.create_vpc(clients[0], "10.5.0.0/16")["VpcId"]
    y = lvpc.create_vpc(clients[0], "10.6.0.0/16")["VpcId"]
    pcx = clients[1].create_vpc_peering_connection(VpcId=x, PeerVpcId=y)["VpcPeeringConnection"][
        "VpcPeeringConnectionId"
    ]
    lvpc.advance_server_clock(trio.servers[2].endpoint, 8 * 24 * 3600)
    for client in clients:
        # A request unanswered for a week expires (AWS: 7 days): every server's EC2 reads see it so at once. (GET
        # /_localvpc/clock on its own: test_the_clock_moved_on_one_server_is_read_at_once_on_another.)
        [peering] = client.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"]
        assert peering["Status"]["Code"] == "expired", peering
    with lvpc.raises_code("InvalidStateTransition"):
        clients[0].accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)


# ---------------------------------------------------------------------------
# (c) kill -9 mid-writes; (e) a new server on a long journal
# ---------------------------------------------------------------------------


def test_kill_9_of_a_server_mid_writes_loses_no_acknowledged_change(cloud):
    group = cloud(3)
    victim = group.servers[0]
    writers = 6
    acknowledged: list[list[str]] = [[] for _ in range(writers)]
    failures: list[list[str]] = [[] for _ in range(writers)]
    stop = threading.Event()

    def write(w: int) -> None:
        ec2 = lvpc.make_boto_client(group.servers[w % 3].endpoint, connect_timeout=2, read_timeout=20)
        n = 0
        while not stop.is_set():
            n += 1
            try:
                vpc = ec2.create_vpc(
                    CidrBlock="10.0.0.0/16", TagSpecifications=lvpc.tag_spec("vpc", writer=str(w), n=str(n))
                )
                acknowledged[w].append(vpc["Vpc"]["VpcId"])
            except (BotoConnectionError, EndpointConnectionError, ClientError) as e:
                failures[w].append(repr(e)[:200])
                if w % 3 == 0:
                    return  # its server is gone
                time.sleep(0.05)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    lvpc.wait_until(lambda: all(len(a) >= 10 for a in acknowledged), timeout=60, desc="every writer under way")
    victim.kill()
    killed_at = [len(a) for a in acknowledged]
    time.sleep(2)
    stop.set()
    for t in threads:
        t.join(timeout=60)

    survivors = group.servers[1:]
    assert all(s.is_running() for s in survivors)
    for w in range(writers):
        if w % 3 != 0:
            assert not failures[w], f"writer {w} on a surviving server failed: {failures[w][:3]}"
            assert len(acknowledged[w]) > killed_at[w], f"writer {w} made no progress after the kill"
    everything = {v for a in acknowledged for v in a}
    for srv in survivors:
        seen = lvpc.vpc_ids(lvpc.make_boto_client(srv.endpoint))
        assert everything <= seen, f"{len(everything - seen)} acknowledged VPCs lost on {srv.endpoint}"
    # A server started afterwards (the killed one's replacement) sees the same.
    late = group.add()
    assert everything <= lvpc.vpc_ids(lvpc.make_boto_client(late.endpoint))


def test_a_server_started_on_a_long_journal_sees_everything(cloud):
    group = cloud(1)
    first = group.servers[0]
    ec2s = [lvpc.make_boto_client(first.endpoint) for _ in range(8)]
    vpcs = 200
    tags_each = 4

    def make(i: int) -> str:
        ec2 = ec2s[i % len(ec2s)]
        vpc_id = ec2.create_vpc(CidrBlock=f"10.{i % 256}.0.0/16")["Vpc"]["VpcId"]
        for k in range(tags_each):
            ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": f"k{k}", "Value": f"{i}-{k}"}])
        return vpc_id

    with ThreadPoolExecutor(max_workers=len(ec2s)) as pool:
        made = list(pool.map(make, range(vpcs)))
    moved = lvpc.advance_server_clock(first.endpoint, 3600)
    started = time.monotonic()
    late = group.add()
    startup = time.monotonic() - started
    ec2 = lvpc.make_boto_client(late.endpoint)
    described = {v["VpcId"]: lvpc.tags_of(v) for v in ec2.describe_vpcs(VpcIds=made)["Vpcs"]}
    assert set(described) == set(made)
    for i, vpc_id in enumerate(made):
        assert described[vpc_id] == {f"k{k}": f"{i}-{k}" for k in range(tags_each)}
    assert lvpc.server_clock(late.endpoint) >= moved
    assert startup < 30, f"a server on a journal of {vpcs * (1 + tags_each)} changes took {startup:.1f}s to start"
    # And it follows what the first server writes next, and the first what it writes.
    vpc_id = lvpc.create_vpc(lvpc.make_boto_client(first.endpoint), "10.250.0.0/16")["VpcId"]
    assert vpc_id in lvpc.vpc_ids(ec2)
    other = lvpc.create_vpc(ec2, "10.251.0.0/16")["VpcId"]
    assert other in lvpc.vpc_ids(lvpc.make_boto_client(first.endpoint))


# ---------------------------------------------------------------------------
# (d) A PostgreSQL restart, on a cluster of the test's own
# ---------------------------------------------------------------------------


def _pg_bin() -> Path | None:
    root = Path("/usr/lib/postgresql")
    if not root.is_dir():
        return None
    versions = sorted((p for p in root.iterdir() if (p / "bin" / "pg_ctl").exists()), key=lambda p: int(p.name))
    return versions[-1] / "bin" if versions else None


class PrivateCluster:
    """A PostgreSQL cluster in a temporary folder, on a free port, run by the `postgres` user: the test restarts
    it without disturbing the machine's cluster that other tests share."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="localvpc-pg-"))
        self.port = lvpc.free_port()

    def _as_postgres(self, *argv: str, timeout: float = 120) -> None:
        proc = subprocess.run(["runuser", "-u", "postgres", "--", *argv], capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: {proc.stdout}\n{proc.stderr}")

    def init(self) -> str:
        shutil.chown(self.dir, "postgres", "postgres")
        data = self.dir / "data"
        self._as_postgres(str(self.bin / "initdb"), "-D", str(data), "-U", "localvpc", "--auth=trust", "-E", "UTF8")
        self.start()
        return f"postgres://localvpc:localvpc@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, *args: str) -> None:
        self._as_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.dir / "data"),
            "-l",
            str(self.dir / "log"),
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1",
            "-w",
            *args,
        )

    def start(self) -> None:
        self.pg_ctl("start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def destroy(self) -> None:
        try:
            self.pg_ctl("-m", "immediate", "stop")
        except RuntimeError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def private_cluster():
    if os.geteuid() != 0 or _pg_bin() is None or shutil.which("runuser") is None:
        pytest.skip("needs root and Debian's postgresql package (initdb, pg_ctl) to run a cluster of its own")
    cluster = PrivateCluster()
    try:
        yield cluster
    finally:
        cluster.destroy()


def test_a_postgresql_restart_gives_503_or_success_then_everything_works(cloud, private_cluster):
    admin = private_cluster.init()
    group = cloud(2, admin_url=admin)
    once = [lvpc.make_boto_client(s.endpoint) for s in group.servers]  # no retries: sees each 503
    patient = [
        lvpc.make_boto_client(s.endpoint, retries={"max_attempts": 20, "mode": "standard"})
        for s in group.servers
    ]
    acknowledged: list[str] = []
    outcomes: dict[str, int] = {}
    unexpected: list[str] = []
    stop = threading.Event()

    def hammer(i: int) -> None:
        ec2 = once[i % 2]
        n = 0
        while not stop.is_set():
            n += 1
            try:
                if n % 2:
                    acknowledged.append(ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"])
                else:
                    ec2.describe_vpcs()
                outcomes["ok"] = outcomes.get("ok", 0) + 1
            except ClientError as e:
                key = f"{error_code(e)} {http_status(e)}"
                outcomes[key] = outcomes.get(key, 0) + 1
                if key != "ServiceUnavailable 503":
                    unexpected.append(f"{key}: {e}")
                time.sleep(0.05)
            except Exception as e:  # a closed connection or a timeout: a crash, or a hang
                unexpected.append(repr(e)[:300])
                time.sleep(0.05)

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    time.sleep(1)
    private_cluster.stop()
    # While PostgreSQL is down, a write on either server is refused with 503, the server staying up.
    for ec2 in once:
        with pytest.raises(ClientError) as refused:
            ec2.create_vpc(CidrBlock="10.0.0.0/16")
        assert (error_code(refused.value), http_status(refused.value)) == ("ServiceUnavailable", 503)
    time.sleep(2)
    private_cluster.start()
    # botocore retries 503s: a patient client goes through on each server once PostgreSQL is back.
    after = [p.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"] for p in patient]
    time.sleep(1)
    stop.set()
    for t in threads:
        t.join(timeout=60)

    assert not unexpected, f"besides success and 503: {unexpected[:5]} (outcomes {outcomes})"
    assert all(s.is_running() for s in group.servers), group.log_text()
    assert outcomes.get("ok", 0) > 0 and outcomes.get("ServiceUnavailable 503", 0) > 0, outcomes
    for ec2 in once:
        seen = lvpc.vpc_ids(ec2)
        assert set(acknowledged) | set(after) <= seen
        assert ec2.create_tags(Resources=after, Tags=[{"Key": "after", "Value": "restart"}]) is not None


# ---------------------------------------------------------------------------
# (f) Data-plane leadership
# ---------------------------------------------------------------------------


def leaders(group: shared_servers.SharedServers) -> list[int]:
    return [i for i, s in enumerate(group.servers) if s.is_running() and health(s).get("dataPlaneLeader") is True]


def test_exactly_one_data_plane_leader_and_it_moves_when_killed(cloud):
    group = cloud(3)
    for srv in group.servers:
        assert isinstance(health(srv).get("dataPlaneLeader"), bool), health(srv)
    first = lvpc.wait_until(lambda: leaders(group), timeout=10, desc="a data-plane leader")
    assert len(first) == 1, f"several leaders at once: {first}"
    group.servers[first[0]].kill()
    started = time.monotonic()
    # The others retry the lock every 2 s and lead once they have held it for 6 retries (so that two servers never
    # run the data plane at once while the dead one's connection lingers): about 12 to 14 s.
    second = lvpc.wait_until(lambda: leaders(group), timeout=30, desc="a new data-plane leader")
    moved_after = time.monotonic() - started
    assert len(second) == 1 and second[0] != first[0], second
    assert moved_after < 20, f"leadership took {moved_after:.1f}s to move"
    # Every server still answers the API.
    for srv in group.servers:
        if srv.is_running():
            lvpc.create_vpc(lvpc.make_boto_client(srv.endpoint), "10.7.0.0/16")
