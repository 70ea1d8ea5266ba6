"""`serve --database-url`: servers sharing one PostgreSQL database serve one cloud (issue 17).

Each test makes a database of its own on the server LOCALVPC_TEST_DATABASE_URL names (CI sets it with
scripts/postgres.sh) and drops it afterwards; without the variable these tests are skipped, saying why.
"""

import os
import subprocess
import time
import urllib.parse
import uuid

import pytest
import requests

import lvpc

pytestmark = pytest.mark.own_server

DATABASE_URL = os.environ.get("LOCALVPC_TEST_DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(
    not DATABASE_URL, reason="LOCALVPC_TEST_DATABASE_URL is not set (export LOCALVPC_TEST_DATABASE_URL=$(scripts/postgres.sh))"
)


def psql(url: str, sql: str) -> None:
    parts = urllib.parse.urlsplit(url)
    env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(parts.password or ""))
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", parts.hostname, "-p", str(parts.port or 5432),
         "-U", urllib.parse.unquote(parts.username), "-d", parts.path.lstrip("/"), "-c", sql],
        env=env, check=True, capture_output=True,
    )


@pytest.fixture
def database_url():
    """A new empty database on LOCALVPC_TEST_DATABASE_URL's server, dropped after the test."""
    name = "localvpc_client_" + uuid.uuid4().hex[:12]
    psql(DATABASE_URL, f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(DATABASE_URL)
    yield urllib.parse.urlunsplit(parts._replace(path="/" + name))
    psql(DATABASE_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def servers(tmp_path, database_url):
    """Two servers on the database (the second through LOCALVPC_DATABASE_URL); stopped after the test."""
    started = []
    try:
        started.append(lvpc.ServerProcess(tmp_path / "a", extra_args=["--database-url", database_url]).start())
        started.append(lvpc.ServerProcess(tmp_path / "b", extra_env={"LOCALVPC_DATABASE_URL": database_url}).start())
        yield started
    finally:
        for server in started:
            if server.is_running():
                assert server.stop() == 0, server.log_text()


def health(server) -> dict:
    return requests.get(server.endpoint + "/_localvpc/health", timeout=10).json()


@needs_postgres
def test_a_change_on_one_server_is_read_on_the_other(servers):
    a, b = (lvpc.make_boto_client(s.endpoint) for s in servers)
    vpc = a.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    assert [v["CidrBlock"] for v in b.describe_vpcs(VpcIds=[vpc])["Vpcs"]] == ["10.7.0.0/16"]
    subnet = b.create_subnet(VpcId=vpc, CidrBlock="10.7.1.0/24")["Subnet"]["SubnetId"]
    # A dependency made on b is seen by a's check at once.
    with lvpc.raises_code("DependencyViolation"):
        a.delete_vpc(VpcId=vpc)
    a.delete_subnet(SubnetId=subnet)
    b.delete_vpc(VpcId=vpc)
    with lvpc.raises_code("InvalidVpcID.NotFound"):
        a.describe_vpcs(VpcIds=[vpc])


@needs_postgres
def test_clock_and_reset_are_the_whole_clouds(servers):
    a, b = servers
    moved = lvpc.advance_server_clock(a.endpoint, 3600)
    assert abs((lvpc.server_clock(b.endpoint) - moved).total_seconds()) < 60
    vpc = lvpc.make_boto_client(a.endpoint).create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    assert requests.post(b.endpoint + "/_localvpc/reset", timeout=10).status_code == 200
    with lvpc.raises_code("InvalidVpcID.NotFound"):
        lvpc.make_boto_client(a.endpoint).describe_vpcs(VpcIds=[vpc])
    assert requests.get(a.endpoint + "/_localvpc/clock", timeout=10).json()["offsetSeconds"] == 0


@needs_postgres
def test_one_data_plane_leader_and_another_takes_over(servers):
    # The lock is taken as the servers start: one of them leads within a moment, and only one.
    deadline = time.monotonic() + 10
    while True:
        reports = [health(s) for s in servers]
        leaders = [r["dataPlaneLeader"] for r in reports]
        if any(leaders) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert [r["store"] for r in reports] == ["postgresql", "postgresql"]
    assert sorted(leaders) == [False, True], reports
    leader, other = (servers[0], servers[1]) if leaders[0] else (servers[1], servers[0])
    leader.kill()
    deadline = time.monotonic() + 30
    while not health(other)["dataPlaneLeader"]:
        assert time.monotonic() < deadline, "no server took the data plane over within 30 s"
        time.sleep(0.5)


def test_a_database_url_with_ephemeral_is_a_usage_error(tmp_path):
    result = subprocess.run(
        [str(lvpc.localvpc_bin()), "serve", "--ephemeral", "--database-url", "postgres://localvpc@127.0.0.1:5432/localvpc"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 64
    assert "cannot be used with --ephemeral" in result.stderr


def test_the_store_in_the_health_without_postgres(tmp_path):
    server = lvpc.ServerProcess(tmp_path / "s").start()
    try:
        report = health(server)
        assert report["store"] == "sqlite" and report["dataPlaneLeader"] is True
    finally:
        assert server.stop() == 0
