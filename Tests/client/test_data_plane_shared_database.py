"""The data plane of servers sharing one PostgreSQL database (issue 17): one server at a time runs the instances, with
real packets, and another takes them over when it dies.

Two servers, `--data-plane on`, one fresh database: the instances launched through the one that does not lead run on
the leader's host (namespaces recorded as the leader's process) and ping each other; after `kill -9` of the leader the
other takes the lock, removes the dead leader's namespaces, builds its own for the same instances, and they ping again;
an instance launched afterwards runs too.

Needs root on Linux and LOCALVPC_TEST_DATABASE_URL (`export LOCALVPC_TEST_DATABASE_URL=$(scripts/postgres.sh)`, as
.ci/run does); skipped otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

import lvpc
import shared_servers
from compute_helpers import default_group_id
from dataplane_helpers import Shell, namespaces, requires_data_plane, running, wait_for

ADMIN_URL = shared_servers.database_url_from_env()

pytestmark = [
    requires_data_plane,
    pytest.mark.own_server,
    pytest.mark.skipif(not ADMIN_URL, reason="LOCALVPC_TEST_DATABASE_URL is not set: no PostgreSQL to share"),
]


@pytest.fixture
def servers(tmp_path):
    database_url = shared_servers.fresh_database(ADMIN_URL, prefix="localvpc_dataplane")
    group = shared_servers.SharedServers(tmp_path, database_url, 2, extra_args=["--data-plane", "on"])
    try:
        yield group.start(timeout=60)
    finally:
        for srv in group.servers:
            if srv.is_running():
                srv.stop()
        shared_servers.drop_database(ADMIN_URL, database_url)


def leads(srv: lvpc.ServerProcess) -> bool:
    return srv.is_running() and requests.get(srv.endpoint + lvpc.HEALTH_PATH, timeout=10).json().get("dataPlaneLeader") is True


def recorded_pid(namespace: str) -> str | None:
    """The pid in the namespace's ownership record; None while there is none (a new leader removes the dead one's
    namespace and record, then makes both again: between the two, `ip netns` may list a namespace not yet recorded)."""
    try:
        return Path("/run/localvpc", namespace).read_text().split("\n")[0]
    except FileNotFoundError:
        return None


def test_the_leader_runs_the_instances_and_another_server_takes_them_over_after_kill_9(servers, tmp_path):
    wait_for(lambda: any(leads(s) for s in servers.servers), timeout=20, desc="a data-plane leader")
    [leader] = [s for s in servers.servers if leads(s)]
    [other] = [s for s in servers.servers if s is not leader]

    # Everything is made through the server that does not lead.
    ec2 = lvpc.make_boto_client(other.endpoint)
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24", AvailabilityZone="us-east-1a")["SubnetId"]
    assert default_group_id(ec2, vpc)
    a = running(ec2, subnet)
    b = running(ec2, subnet)
    ours = {"lvpc-" + a["InstanceId"], "lvpc-" + b["InstanceId"]}
    assert ours <= namespaces(), "the leader made the instances' namespaces"
    assert {recorded_pid(n) for n in ours} == {str(leader.proc.pid)}
    shell = Shell(leader.endpoint, tmp_path / "leader")
    assert shell.pings(a["InstanceId"], b["PrivateIpAddress"]), "the default group lets its members talk"

    leader.kill()
    wait_for(lambda: leads(other), timeout=25, desc="the other server leading")
    shell = Shell(other.endpoint, tmp_path / "other")
    # The new leader removed the dead one's namespaces and made its own for the same instances.
    wait_for(lambda: ours <= namespaces() and {recorded_pid(n) for n in ours} == {str(other.proc.pid)}, timeout=20,
             desc="the instances' namespaces made again by the new leader")
    assert shell.pings(a["InstanceId"], b["PrivateIpAddress"], count=1, wait=2)
    c = running(ec2, subnet)
    assert shell.pings(c["InstanceId"], a["PrivateIpAddress"], count=1, wait=2), "an instance launched afterwards runs too"
