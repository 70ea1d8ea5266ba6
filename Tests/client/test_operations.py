"""Issue 16, item 7: operable. `GET /metrics` in Prometheus's text format, and the log level per start
(`--log-level`, `LOCALVPC_LOG_LEVEL`) and while running (`POST /_localvpc/log-level`).
"""

from __future__ import annotations

import re
import socket
import uuid

import pytest
import requests

from lvpc import ServerProcess, create_vpc, raw_post

LOG_LEVEL_PATH = "/_localvpc/log-level"


def metrics(endpoint: str) -> dict[str, float]:
    """The exposition as {"name{labels}": value}, checking the content type and that every line parses."""
    r = requests.get(endpoint + "/metrics", timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4"), r.headers
    samples = {}
    for line in r.text.splitlines():
        if not line or line.startswith("#"):
            continue
        # Label values are quoted strings in which only \\, \" and \n are escaped: a route such as
        # "GET /console/{file}" holds braces (the Prometheus text exposition format).
        match = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})?) (\S+)', line)
        assert match, f"not a Prometheus sample line: {line!r}"
        samples[match.group(1)] = float(match.group(2))
    return samples


def series(samples: dict[str, float], name: str, **labels: str) -> float:
    """The value of the one sample of `name` whose labels include `labels` (0 if none)."""
    found = [v for k, v in samples.items() if k.split("{")[0] == name and all(f'{l}="{v2}"' in k for l, v2 in labels.items())]
    assert len(found) <= 1, (name, labels, found)
    return found[0] if found else 0.0


def query(endpoint: str, **params: str) -> requests.Response:
    return raw_post(endpoint, {"Version": "2016-11-15", **params})


def test_requests_are_counted_by_action_and_code(endpoint, ec2):
    before = metrics(endpoint)
    for _ in range(3):
        ec2.describe_vpcs()
    assert query(endpoint, Action="DescribeVpcs", **{"VpcId.1": "vpc-00000000000000000"}).status_code == 400
    after = metrics(endpoint)
    ok = series(after, "localvpc_requests_total", action="DescribeVpcs", code="OK")
    assert ok - series(before, "localvpc_requests_total", action="DescribeVpcs", code="OK") == 3
    missing = dict(action="DescribeVpcs", code="InvalidVpcID.NotFound")
    assert series(after, "localvpc_requests_total", **missing) - series(before, "localvpc_requests_total", **missing) == 1
    # The latency histogram, per action and code, with buckets from 100 µs.
    count = series(after, "localvpc_request_duration_seconds_count", action="DescribeVpcs", code="OK")
    assert count == ok
    assert series(after, "localvpc_request_duration_seconds_bucket", action="DescribeVpcs", code="OK", le="+Inf") == count
    assert series(after, "localvpc_request_duration_seconds_bucket", action="DescribeVpcs", code="OK", le="0.0001") <= count
    assert series(after, "localvpc_request_duration_seconds_sum", action="DescribeVpcs", code="OK") > 0


def test_the_action_label_only_takes_actions_localvpc_knows(endpoint):
    for _ in range(20):
        r = query(endpoint, Action="Nope" + uuid.uuid4().hex)
        assert r.status_code == 400
    text = requests.get(endpoint + "/metrics", timeout=10).text
    assert "Nope" not in text, "a client-chosen Action became a label value"
    assert series(metrics(endpoint), "localvpc_requests_total", action="unknown", code="InvalidAction") >= 20


def test_own_routes_are_counted_by_route(endpoint):
    before = series(metrics(endpoint), "localvpc_requests_total", action="GET /_localvpc/health", code="OK")
    requests.get(endpoint + "/_localvpc/health", timeout=10)
    assert series(metrics(endpoint), "localvpc_requests_total", action="GET /_localvpc/health", code="OK") == before + 1


def test_state_size_commit_latency_and_open_connections(endpoint, ec2):
    for i in range(3):
        create_vpc(ec2, f"10.{i}.0.0/16")
    samples = metrics(endpoint)
    # Each VPC of ours, plus the default VPC of the account and region.
    assert series(samples, "localvpc_resources", kind="vpc") == 4
    assert series(samples, "localvpc_resources", kind="subnet") >= 1
    assert series(samples, "localvpc_commit_duration_seconds_count") >= 3
    with socket.create_connection(("127.0.0.1", int(endpoint.rsplit(":", 1)[1])), timeout=5) as held:
        held.sendall(b"GET /_localvpc/health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert held.recv(65536).startswith(b"HTTP/1.1 200")
        assert series(metrics(endpoint), "localvpc_open_connections") >= 2  # this one and the scrape's


def test_the_log_level_changes_without_a_restart(server, endpoint):
    assert requests.get(endpoint + LOG_LEVEL_PATH, timeout=10).json() == {"level": "info"}
    quiet, loud = "Quiet" + uuid.uuid4().hex, "Loud" + uuid.uuid4().hex
    try:
        r = requests.post(endpoint + LOG_LEVEL_PATH, json={"level": "warning"}, timeout=10)
        assert r.status_code == 200 and r.json() == {"level": "warning", "previous": "info"}, r.text
        assert requests.get(endpoint + LOG_LEVEL_PATH, timeout=10).json() == {"level": "warning"}
        query(endpoint, Action=quiet)
    finally:
        r = requests.post(endpoint + LOG_LEVEL_PATH, json={"level": "INFO"}, timeout=10)
        assert r.status_code == 200, r.text
    query(endpoint, Action=loud)
    log = server.log_text(200_000)
    assert loud in log, "at info, each request is logged"
    assert quiet not in log, "at warning, the request line was written anyway"
    assert "log level changed" in log


@pytest.mark.parametrize("body", [b'{"level": "loud"}', b'{"level": 3}', b"[]", b"\xff", b'{"lvl": "debug"}'])
def test_a_bad_log_level_is_refused_and_changes_nothing(endpoint, body):
    r = requests.post(endpoint + LOG_LEVEL_PATH, data=body, timeout=10)
    assert r.status_code == 400, r.text
    assert "trace, debug, info, notice, warning, error, critical" in r.json()["error"]
    assert requests.get(endpoint + LOG_LEVEL_PATH, timeout=10).json() == {"level": "info"}


@pytest.mark.own_server
def test_the_log_level_per_start_from_the_environment_and_the_option(tmp_path):
    srv = ServerProcess(tmp_path / "a", log_path=tmp_path / "a.log", extra_env={"LOCALVPC_LOG_LEVEL": "warning"},
                        extra_args=["--ephemeral"]).start()
    try:
        assert requests.get(srv.endpoint + LOG_LEVEL_PATH, timeout=10).json() == {"level": "warning"}
        query(srv.endpoint, Action="DescribeVpcs")
        assert "action=DescribeVpcs" not in srv.log_text()
    finally:
        assert srv.stop() == 0
    # The option wins over the environment.
    srv = ServerProcess(tmp_path / "b", log_path=tmp_path / "b.log", extra_env={"LOCALVPC_LOG_LEVEL": "warning"},
                        extra_args=["--ephemeral", "--log-level", "info"]).start()
    try:
        assert requests.get(srv.endpoint + LOG_LEVEL_PATH, timeout=10).json() == {"level": "info"}
        query(srv.endpoint, Action="DescribeVpcs")
        assert "action=DescribeVpcs" in srv.log_text()
    finally:
        assert srv.stop() == 0
