"""Fixtures for the LocalVPC client-level suite.

One LocalVPC server is started for the whole session (free port, temporary
state dir) and wiped with `POST /_localvpc/reset` before every test, so tests
are independent. `test_durability.py` starts its own servers.

Environment:
  LOCALVPC_BIN   the server binary (default <repo>/.build/debug/localvpc)
  LOCALVPC_SHARED_SERVERS=N (N >= 2) with LOCALVPC_TEST_DATABASE_URL
                 the session's server is N servers sharing one fresh PostgreSQL database, behind a proxy that
                 sends each request to the next server in turn (see shared_servers.py); tests that start their
                 own servers are unaffected
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lvpc  # noqa: E402
import shared_servers  # noqa: E402


def _shared_server_count() -> int:
    text = os.environ.get("LOCALVPC_SHARED_SERVERS", "").strip()
    if not text or text in ("0", "1"):
        return 1
    if not text.isdigit():
        raise pytest.UsageError(f"LOCALVPC_SHARED_SERVERS={text!r}: give a number of servers (2 or more)")
    if not shared_servers.database_url_from_env():
        raise pytest.UsageError(
            "LOCALVPC_SHARED_SERVERS needs LOCALVPC_TEST_DATABASE_URL (scripts/postgres.sh prints one)"
        )
    return int(text)


def pytest_configure(config):
    _shared_server_count()  # a bad LOCALVPC_SHARED_SERVERS stops the run at once, not test by test


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("localvpc-session")
    count = _shared_server_count()
    if count > 1:
        admin_url = shared_servers.database_url_from_env()
        database_url = shared_servers.fresh_database(admin_url)
        srv = shared_servers.SharedServers(root, database_url, count)
        try:
            srv.start(timeout=60)
            yield srv
        finally:
            alive = srv.is_running()
            code = srv.stop()
            shared_servers.drop_database(admin_url, database_url)
        if alive and code != 0:
            print(f"--- localvpc server logs ---\n{srv.log_text()}", file=sys.stderr)
        assert alive, f"a session server died during the run:\n{srv.log_text()}"
        assert code == 0, f"a localvpc server exited with {code} after SIGTERM (expected 0)"
        return
    srv = lvpc.ServerProcess(root / "state", log_path=root / "server.log")
    srv.start(timeout=30)
    yield srv
    alive = srv.is_running()
    code = srv.stop()
    if alive and code != 0:
        print(f"--- localvpc server log ---\n{srv.log_text()}", file=sys.stderr)
    assert alive, f"the session server died during the run:\n{srv.log_text()}"
    assert code == 0, f"localvpc exited with {code} after SIGTERM (expected 0)"


@pytest.fixture(scope="session")
def endpoint(server) -> str:
    return server.endpoint


@pytest.fixture(scope="session")
def server_count() -> int:
    """How many servers answer `endpoint`, each request going to the next in turn (1 unless LOCALVPC_SHARED_SERVERS)."""
    return _shared_server_count()


def _reset(endpoint: str) -> None:
    r = requests.post(endpoint + lvpc.RESET_PATH, timeout=30)
    assert r.status_code == 200, f"reset answered HTTP {r.status_code}: {r.text[:300]}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """Stops the servers a test body started and left running (it failed before stopping them): otherwise they keep
    their ports, descriptors and namespaces for the rest of the run. Servers that fixtures start (in the set-up phase,
    the session's and modules' own among them) are theirs to stop."""
    before = len(lvpc.ServerProcess.started)
    try:
        yield
    finally:
        left = lvpc.ServerProcess.started[before:]
        del lvpc.ServerProcess.started[before:]
        for srv in left:
            srv.stop_quietly()


@pytest.fixture(autouse=True)
def _fresh_state(request):
    """Wipe all state before each test that uses the shared server."""
    if "own_server" in request.keywords:
        yield
        return
    srv = request.getfixturevalue("server")
    _reset(srv.endpoint)
    yield
    if not srv.is_running():
        pytest.fail(f"the server died during this test:\n{srv.log_text()}")


@pytest.fixture
def reset(endpoint):
    """Explicit reset, for tests that want to wipe mid-test."""
    return lambda: _reset(endpoint)


@pytest.fixture(scope="session")
def client_factory(endpoint):
    """client_factory(service="ec2", account=None, region="us-east-1", access_key=None,
    headers=None, **botocore_config) -> boto3 client.

    `account` is used as the access key id (LocalVPC: a 12-digit access key id
    is the account id)."""
    cache: dict = {}

    def make(
        service: str = "ec2",
        *,
        account: str | None = None,
        region: str = "us-east-1",
        access_key: str | None = None,
        headers: dict | None = None,
        **config,
    ):
        key = access_key or account or "test"
        cacheable = not headers and not config
        cache_key = (service, key, region)
        if cacheable and cache_key in cache:
            return cache[cache_key]
        client = lvpc.make_boto_client(
            endpoint, service, region=region, access_key=key, headers=headers, **config
        )
        if cacheable:
            cache[cache_key] = client
        return client

    return make


@pytest.fixture
def ec2(client_factory):
    """boto3 EC2 client, us-east-1, keys test/test (default account 000000000000)."""
    return client_factory("ec2")


@pytest.fixture
def ec2_raw(client_factory):
    """EC2 client with botocore's client-side parameter validation off, to
    send what boto3 would refuse (missing required parameters, odd values)."""
    return client_factory("ec2", parameter_validation=False)


@pytest.fixture
def aws(endpoint, tmp_path):
    """Run the AWS CLI: aws("ec2", "describe-vpcs", "--filters", ...).

    Returns the parsed JSON output (None when empty). On a non-zero exit it
    raises lvpc.CliError carrying stderr, which `raises_code` understands.
    Keyword arguments: access_key, region, timeout."""

    def run(*args, access_key: str = "test", region: str = "us-east-1", timeout: float = 60):
        return lvpc.run_cli(
            args,
            endpoint=endpoint,
            tmpdir=tmp_path,
            access_key=access_key,
            region=region,
            timeout=timeout,
        )

    return run


@pytest.fixture
def raw(endpoint):
    """raw(body, **kw) -> requests.Response: a raw POST to the EC2 endpoint,
    SigV4-signed by default (see lvpc.raw_post)."""

    def post(body, **kwargs):
        return lvpc.raw_post(endpoint, body, **kwargs)

    return post


@pytest.fixture
def advance_clock(endpoint):
    """advance_clock(seconds) -> the server's new now (aware UTC datetime).

    Moves the server's clock forward (POST /_localvpc/clock); the reset before
    every test puts it back to real time. Time-dependent tests use this, never
    sleep."""

    def advance(seconds: float):
        return lvpc.advance_server_clock(endpoint, seconds)

    return advance


@pytest.fixture
def server_now(endpoint):
    """server_now() -> the server's current time (GET /_localvpc/clock)."""
    return lambda: lvpc.server_clock(endpoint)


@pytest.fixture
def assert_healthy(endpoint):
    def check():
        r = requests.get(endpoint + lvpc.HEALTH_PATH, timeout=10)
        assert r.status_code == 200, f"health answered HTTP {r.status_code}"
        assert r.json().get("status") == "ok", r.text

    return check

