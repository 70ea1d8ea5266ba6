"""Issue 16's findings, one test each: nothing a client sends crashes the server,
makes it answer 5xx, or forges a line of its log; the moved clock is bounded
and durable; the accepter's owner accepting from the wrong region hears which
region to use.

Raw HTTP goes through plain sockets to 127.0.0.1 only, to the server the
suite started.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import time
import xml.etree.ElementTree as ET

import pytest
import requests

from lvpc import (
    CLOCK_PATH,
    HEALTH_PATH,
    ServerProcess,
    assert_aws_xml_error,
    create_vpc,
    make_boto_client,
    raises_code,
    sign_headers,
)
from peering_helpers import ACCOUNT_A, ACCOUNT_B, DAY, request_peering, status_of, wait_status

V = "Version=2016-11-15"
IMAGE = "ami-0123456789abcdef0"
# CloudClock.maximumOffset: 100 years of 365.25 days.
MAXIMUM_OFFSET = 100 * 365.25 * 86_400


@pytest.fixture(autouse=True)
def _server_survives(request):
    yield
    if "own_server" not in request.keywords:
        srv = request.getfixturevalue("server")
        r = requests.get(srv.endpoint + HEALTH_PATH, timeout=10)
        assert r.status_code == 200, r.text


def clock(endpoint) -> dict:
    r = requests.get(endpoint + CLOCK_PATH, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def raw_exchange(port: int, data: bytes, *, half_close: bool = False, timeout: float = 10) -> bytes:
    """Send `data` on a fresh connection (optionally closing our side), read until the server closes or `timeout`."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"</Response>" in b"".join(chunks):
                break
        return b"".join(chunks)


def status_line(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1.1 "), f"no HTTP answer: {answer[:300]!r}"
    return int(answer.split(b" ", 2)[1])


def xml_error_code(answer: bytes) -> str:
    body = answer.split(b"\r\n\r\n", 1)[1]
    root = ET.fromstring(body)
    return root.find("./Errors/Error/Code").text


def signed_head(endpoint: str, body: bytes, extra: str) -> bytes:
    headers = sign_headers(endpoint + "/", body)
    lines = [f"POST / HTTP/1.1", f"Host: {endpoint.removeprefix('http://')}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n" + extra + "\r\n").encode()


# --- the clock: bounded where it enters --------------------------------------------------------------------------


def test_clock_refuses_an_advance_past_the_maximum(endpoint, ec2):
    # The finding: {"advanceSeconds": 1e16} was accepted, and the next RunInstances killed the server.
    before = clock(endpoint)["offsetSeconds"]
    r = requests.post(endpoint + CLOCK_PATH, json={"advanceSeconds": 1e16}, timeout=10)
    assert r.status_code == 400, r.text
    answer = r.json()
    assert "100 years" in answer["error"], answer
    assert answer["maximumOffsetSeconds"] == MAXIMUM_OFFSET
    assert clock(endpoint)["offsetSeconds"] == before, "a refused advance moves nothing"
    ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, InstanceType="t3.micro")
    assert len(ec2.describe_instances()["Reservations"]) == 1


def test_clock_goes_up_to_the_maximum_and_no_further(endpoint, ec2):
    r = requests.post(endpoint + CLOCK_PATH, json={"advanceSeconds": MAXIMUM_OFFSET - 3600}, timeout=10)
    assert r.status_code == 200, r.text
    ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, InstanceType="t3.micro")
    launched = ec2.describe_instances()["Reservations"][0]["Instances"][0]["LaunchTime"]
    assert launched.year >= 2100
    r = requests.post(endpoint + CLOCK_PATH, json={"advanceSeconds": 7200}, timeout=10)
    assert r.status_code == 400 and "at most 3600 more seconds" in r.json()["error"], r.text
    assert requests.post(endpoint + CLOCK_PATH, json={"advanceSeconds": 3600}, timeout=10).status_code == 200


@pytest.mark.parametrize("body", [b'{"advanceSeconds": 1e400}', b'{"advanceSeconds": -5}', b'{"advanceSeconds": "9"}', b"[]", b"\xff"])
def test_clock_refuses_what_is_not_a_sane_number(endpoint, body):
    r = requests.post(endpoint + CLOCK_PATH, data=body, timeout=10)
    assert r.status_code == 400, r.text
    assert "error" in r.json()


@pytest.mark.own_server
def test_a_state_stamped_far_in_the_future_still_loads_and_describes(tmp_path):
    # A state an older server wrote after {"advanceSeconds": 1e16}: times no four-digit year can show. Before the fix
    # every DescribeInstances after a restart killed the server again.
    state = tmp_path / "state"
    srv = ServerProcess(state, log_path=tmp_path / "run1.log").start()
    ec2 = make_boto_client(srv.endpoint, "ec2")
    instance = ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, InstanceType="t3.micro")["Instances"][0]["InstanceId"]
    assert srv.stop() == 0, srv.log_text()

    def far_future(value):
        if isinstance(value, dict):
            return {k: (v + 1e16 if isinstance(v, float | int) and not isinstance(v, bool) and k.endswith("Time") else far_future(v))
                    for k, v in value.items()}
        if isinstance(value, list):
            return [far_future(v) for v in value]
        return value

    with sqlite3.connect(state / "localvpc.sqlite") as db:
        rows = db.execute("SELECT id, body FROM resource").fetchall()
        changed = 0
        for rid, body in rows:
            new = json.dumps(far_future(json.loads(body))).encode()
            if new != body:
                changed += 1
                db.execute("UPDATE resource SET body = ? WHERE id = ?", (new, rid))
    assert changed >= 1, "the instance's launch time was not found in the stored state"

    with ServerProcess(state, log_path=tmp_path / "run2.log").running() as srv:
        ec2 = make_boto_client(srv.endpoint, "ec2")
        described = ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]
        assert described["LaunchTime"].year == 9999, "held to the last time a timestamp can show"
        ec2.describe_volumes()
        ec2.describe_network_interfaces()
        ec2.describe_instances(Filters=[{"Name": "launch-time", "Values": ["9999-12-31T23:59:59.999Z"]}])
        ec2.stop_instances(InstanceIds=[instance])
        assert srv.is_running(), srv.log_text()


# --- the clock: durable -------------------------------------------------------------------------------------------


@pytest.mark.own_server
def test_the_moved_clock_survives_a_restart(tmp_path):
    state = tmp_path / "state"
    srv = ServerProcess(state, log_path=tmp_path / "run1.log").start()
    ec2 = make_boto_client(srv.endpoint, "ec2")
    a = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    b = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    pcx = request_peering(ec2, a, b)["VpcPeeringConnectionId"]
    r = requests.post(srv.endpoint + CLOCK_PATH, json={"advanceSeconds": 8 * DAY}, timeout=10)
    assert r.status_code == 200, r.text
    assert status_of(ec2, pcx) == "expired"
    srv.kill()  # kill -9: the advance was acknowledged, so it is durable

    with ServerProcess(state, log_path=tmp_path / "run2.log").running() as srv:
        ec2 = make_boto_client(srv.endpoint, "ec2")
        assert clock(srv.endpoint)["offsetSeconds"] == 8 * DAY
        assert status_of(ec2, pcx) == "expired", "after a restart an expired peering stays expired"
        assert requests.post(srv.endpoint + "/_localvpc/reset", timeout=10).status_code == 200
        assert clock(srv.endpoint)["offsetSeconds"] == 0
    with ServerProcess(state, log_path=tmp_path / "run3.log").running() as srv:
        assert clock(srv.endpoint)["offsetSeconds"] == 0, "a reset clock stays reset"


# --- bodies: 413 and 400, as AWS XML, never 500 ------------------------------------------------------------------


def test_a_body_over_4_mib_is_request_entity_too_large(raw):
    body = f"Action=DescribeVpcs&{V}&Filter.1.Name=vpc-id&Filter.1.Value.1=".encode() + b"x" * (4 << 20)
    r = raw(body)
    err = assert_aws_xml_error(r, "RequestEntityTooLarge")
    assert err.status == 413
    assert err.request_id


def test_a_body_of_exactly_4_mib_is_read(raw):
    head = f"Action=DescribeVpcs&{V}&Filter.1.Name=tag:Name&Filter.1.Value.1=".encode()
    r = raw(head + b"x" * ((4 << 20) - len(head)))
    assert r.status_code in (200, 400), r.text[:300]
    assert r.status_code < 500


def test_broken_chunked_framing_is_a_400_xml_error(server, endpoint):
    body = f"Action=DescribeVpcs&{V}".encode()
    head = signed_head(endpoint, body, "Transfer-Encoding: chunked\r\n")
    answer = raw_exchange(server.port, head + b"zz\r\n" + body + b"\r\n0\r\n\r\n")
    assert status_line(answer) == 400, answer[:500]
    assert xml_error_code(answer) == "MalformedQueryString"


def test_a_body_shorter_than_its_content_length_is_a_400_not_a_500(server, endpoint):
    body = f"Action=DescribeVpcs&{V}".encode()
    head = signed_head(endpoint, body, f"Content-Length: {len(body) + 100}\r\n")
    started = time.monotonic()
    answer = raw_exchange(server.port, head + body, half_close=True)
    assert time.monotonic() - started < 5, "the server waited for bytes that could never come"
    # The client closed its side after too few bytes: the head was read, so the answer is an AWS error (was a 500).
    assert status_line(answer) == 400, answer[:500]
    assert xml_error_code(answer) == "MalformedQueryString"
    assert b"Connection: close" in answer


# --- unexpected failures stay inside their request --------------------------------------------------------------


def test_requests_after_rejected_ones_are_answered_normally(raw, ec2):
    for body in [b"Action=RunInstances&ImageId=ami-1&MinCount=99999999999999999999&MaxCount=1&" + V.encode(),
                 b"Action=CreateVpc&CidrBlock=10.0.0.0%2F16&TagSpecification.99999999999999999999.ResourceType=vpc&" + V.encode(),
                 b"Action=DescribeVpcs&MaxResults=-1&" + V.encode()]:
        r = raw(body)
        assert r.status_code < 500, r.text[:300]
    assert ec2.describe_vpcs()["Vpcs"] is not None


# --- the log cannot be forged -------------------------------------------------------------------------------------


@pytest.mark.own_server
def test_request_text_cannot_forge_a_log_line(tmp_path):
    srv = ServerProcess(tmp_path / "state", log_path=tmp_path / "server.log").start()
    try:
        # The request, plus a carriage return and a terminal escape (`+` is a space in a form body).
        forged = "Nope%0A2026-01-01T00:00:00+0000 critical localvpc: FORGED%0D%1B[31mred"
        r = requests.post(srv.endpoint + "/", data=f"Action={forged}&{V}",
                          headers=sign_headers(srv.endpoint + "/", f"Action={forged}&{V}".encode()), timeout=10)
        assert_aws_xml_error(r, "InvalidAction")
        r = requests.get(srv.endpoint + "/", params={"Action": "x\ny=1 status=200", "Version": "2016-11-15"}, timeout=10)
        assert r.status_code == 400
    finally:
        assert srv.stop() == 0, srv.log_text()
    lines = (tmp_path / "server.log").read_text(errors="replace").splitlines()
    assert not [line for line in lines if line.startswith("2026-01-01T00:00:00")], "\n".join(lines)
    assert not [line for line in lines if "\x1b" in line or "\r" in line], "a control byte reached the log raw"
    logged = [line for line in lines if "FORGED" in line]
    assert len(logged) == 1, "\n".join(lines)
    assert 'action="Nope\\n2026-01-01T00:00:00 0000 critical localvpc: FORGED\\r\\u{1b}[31mred"' in logged[0], logged[0]
    assert ' status=400' in logged[0]
    injected = [line for line in lines if "y=1" in line]
    assert len(injected) == 1 and 'action="x\\ny=1 status=200"' in injected[0] and " status=400" in injected[0], injected


# --- the accepter's owner in the wrong region -------------------------------------------------------------------

EAST, WEST = "us-east-1", "us-west-2"


@pytest.fixture
def cross_account_cross_region(client_factory):
    requester = client_factory("ec2", account=ACCOUNT_A, region=EAST)
    accepter_west = client_factory("ec2", account=ACCOUNT_B, region=WEST)
    accepter_east = client_factory("ec2", account=ACCOUNT_B, region=EAST)
    a = create_vpc(requester, "10.0.0.0/16")["VpcId"]
    b = create_vpc(accepter_west, "10.1.0.0/16")["VpcId"]
    pcx = request_peering(requester, a, b, PeerOwnerId=ACCOUNT_B, PeerRegion=WEST)["VpcPeeringConnectionId"]
    wait_status(accepter_west, pcx, "pending-acceptance")
    return pcx, accepter_east, accepter_west


def test_accepter_owner_accepting_from_the_requester_region_hears_the_right_region(cross_account_cross_region):
    pcx, accepter_east, accepter_west = cross_account_cross_region
    # moto (OperationNotPermitted2, checked against AWS) and AWS: the exact text.
    with raises_code("OperationNotPermitted") as info:
        accepter_east.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    assert info.message == (
        f"Incorrect region ({EAST}) specified for this request. VPC peering connection {pcx} must be accepted in region {WEST}")
    assert status_of(accepter_west, pcx) == "pending-acceptance"
    accepter_west.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    wait_status(accepter_west, pcx, "active")


def test_accepter_owner_rejecting_from_the_requester_region_hears_the_right_region(cross_account_cross_region):
    pcx, accepter_east, accepter_west = cross_account_cross_region
    with raises_code("OperationNotPermitted") as info:
        accepter_east.reject_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    assert info.message == (
        f"Incorrect region ({EAST}) specified for this request. VPC peering connection {pcx} must be accepted or rejected "
        f"in region {WEST}")
    assert status_of(accepter_west, pcx) == "pending-acceptance"


def test_a_third_region_of_the_accepter_owner_hears_the_same(cross_account_cross_region, client_factory):
    pcx, _, _ = cross_account_cross_region
    elsewhere = client_factory("ec2", account=ACCOUNT_B, region="eu-west-1")
    with raises_code("OperationNotPermitted", message=f"must be accepted in region {WEST}$"):
        elsewhere.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)


def test_an_unknown_id_is_still_not_found_in_any_region(client_factory):
    with raises_code("InvalidVpcPeeringConnectionID.NotFound"):
        client_factory("ec2", account=ACCOUNT_B, region=EAST).accept_vpc_peering_connection(
            VpcPeeringConnectionId="pcx-0123456789abcdef0")


# --- counts bounded where they enter ----------------------------------------------------------------------------


@pytest.mark.parametrize("count", ["-1", "-9223372036854775808", "9223372036854775807", "51"])
@pytest.mark.parametrize("action,parameter", [("AssignPrivateIpAddresses", "SecondaryPrivateIpAddressCount"),
                                              ("AssignIpv6Addresses", "Ipv6AddressCount")])
def test_address_counts_out_of_range_are_refused_not_a_crash(ec2, raw, action, parameter, count):
    # Found by the fuzzer's probes: a negative SecondaryPrivateIpAddressCount trapped in `0..<count` and killed the
    # server; Int.max overflowed the limit's sum for IPv6.
    vpc = create_vpc(ec2, "10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)
    block = ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
    subnet = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.0.1.0/24", Ipv6CidrBlock=block.replace("::/56", "::/64"))
    eni = ec2.create_network_interface(SubnetId=subnet["Subnet"]["SubnetId"])["NetworkInterface"]["NetworkInterfaceId"]
    r = raw(f"Action={action}&NetworkInterfaceId={eni}&{parameter}={count}&{V}")
    err = assert_aws_xml_error(r, "InvalidParameterValue", "PrivateIpAddressLimitExceeded", "InvalidParameterValue",
                               "Ipv6AddressLimitExceeded", "InsufficientFreeAddressesInSubnet")
    assert err.status == 400
    described = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"][0]
    assert len(described["PrivateIpAddresses"]) == 1 and described.get("Ipv6Addresses", []) == [], "a refusal changes nothing"
