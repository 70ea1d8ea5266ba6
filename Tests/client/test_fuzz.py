"""A seeded fuzzer: random and mutated EC2 Query requests, and mangled HTTP, against a server the test starts on
127.0.0.1. Every answer must be below 500 and the server alive afterwards.

Requests are made from botocore's own EC2 model: every operation with parameters of the right names but values of
the wrong kinds (huge and negative numbers, dates far in the future, control bytes, broken percent-encoding, invalid
UTF-8, list indexes past any limit), then mutated as bytes. Bounded in count and in time:

  LOCALVPC_FUZZ_REQUESTS  how many requests (default 3000)
  LOCALVPC_FUZZ_SECONDS   stop after this long, whatever the count (default 60)
  LOCALVPC_FUZZ_SEED      the seed (default 16); a failure names the seed and the request to replay it
"""

from __future__ import annotations

import errno
import os
import random
import socket
import time
from urllib.parse import quote

import botocore.session
import pytest
import requests

from lvpc import HEALTH_PATH, ServerProcess, make_boto_client, sign_headers

pytestmark = pytest.mark.own_server

REQUESTS = int(os.environ.get("LOCALVPC_FUZZ_REQUESTS", "3000"))
SECONDS = float(os.environ.get("LOCALVPC_FUZZ_SECONDS", "60"))
SEED = int(os.environ.get("LOCALVPC_FUZZ_SEED", "16"))

STRINGS = [
    "", "vpc-12345678", "subnet-0123456789abcdef0", "pcx-1", "10.0.0.0/16", "0.0.0.0/0", "::/0", "x" * 5000,
    "\x00", "\x1b[31m", "line\nbreak\r\n2026-01-01T00:00:00+0000 critical localvpc: FORGED", "ünïcødé ☃", "\ud7ff",
    "%", "%zz", "%%41", "+", "&", "=", "'\"<>&", "tag:Name", "*", "?", "-1", "9" * 40, "1e400", "NaN", "us-east-1",
    "\u2028", "🙂" * 100, "${jndi:x}", "../../etc/passwd",
]
NUMBERS = [
    "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
    "-9223372036854775809", "99999999999999999999999999", "1e400", "NaN", "inf", "0x10", "1.5", "", "abc", " 1", "٣",
]
BOOLEANS = ["true", "false", "True", "1", "0", "", "yes", "maybe"]
TIMESTAMPS = [
    "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.999999999Z", "10000-01-01T00:00:00Z", "99999-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-13-45T99:99:99Z",
    "2026-02-29T00:00:00Z", "2026-11-21T02:20:32+23:59", "1e16", "-1", "1795227632", "", "now", "2026-11-21T02:20:32.Z",
]
DOUBLES = ["1e308", "-1e308", "1e309", "NaN", "inf", "-0", "1e-400", "0.5", "x"]


class QueryGenerator:
    """EC2 Query parameters for one botocore operation, named as botocore's EC2Serializer names them."""

    def __init__(self, rng: random.Random, ids: list[str]):
        self.rng = rng
        # Ids of real resources, so that requests get past "not found" to the code that acts on them.
        self.ids = ids
        self.model = botocore.session.get_session().get_service_model("ec2")
        self.operations = sorted(self.model.operation_names)

    def request(self) -> list[tuple[str, str]]:
        operation = self.model.operation_model(self.rng.choice(self.operations))
        pairs = [("Action", operation.name), ("Version", "2016-11-15")]
        if operation.input_shape is not None:
            self.structure(operation.input_shape, "", pairs, depth=0)
        return pairs

    def name(self, shape, member: str) -> str:
        serialization = shape.serialization
        if "queryName" in serialization:
            return serialization["queryName"]
        if "name" in serialization:
            return serialization["name"][0].upper() + serialization["name"][1:]
        return member

    def structure(self, shape, prefix: str, pairs, depth: int) -> None:
        members = list(shape.members.items())
        required = set(shape.required_members)
        for member, member_shape in members:
            if member in required or self.rng.random() < 0.25:
                key = self.name(member_shape, member)
                self.value(member_shape, f"{prefix}{key}", pairs, depth + 1)

    def value(self, shape, key: str, pairs, depth: int) -> None:
        rng = self.rng
        kind = shape.type_name
        if depth > 5:
            return
        if kind == "structure":
            self.structure(shape, key + ".", pairs, depth)
        elif kind == "list":
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                index = rng.choice([1, 1, 2, 3, 0, -1, 1001, 99999999999999999999])
                self.value(shape.member, f"{key}.{index}", pairs, depth + 1)
        elif kind == "map":
            pairs.append((f"{key}.1.Key", rng.choice(STRINGS)))
            pairs.append((f"{key}.1.Value", rng.choice(STRINGS)))
        else:
            # The right kind of value half the time, so requests get past the first check; any kind otherwise.
            choices = {
                "string": STRINGS, "integer": NUMBERS, "long": NUMBERS, "boolean": BOOLEANS, "timestamp": TIMESTAMPS,
                "double": DOUBLES, "float": DOUBLES, "blob": ["", "AAAA", "!!!notbase64", "x" * 3000],
            }.get(kind, STRINGS)
            if getattr(shape, "enum", None) and rng.random() < 0.5:
                choices = list(shape.enum)
            elif kind == "string" and self.ids and rng.random() < 0.4:
                choices = self.ids
            pool = choices if rng.random() < 0.6 else rng.choice([STRINGS, NUMBERS, TIMESTAMPS, BOOLEANS, DOUBLES])
            pairs.append((key, rng.choice(pool)))


def encode(pairs, rng: random.Random) -> bytes:
    """Form-encode, sometimes oddly: raw bytes, double encoding, invalid UTF-8, duplicated and empty keys."""
    parts = []
    for key, value in pairs:
        style = rng.random()
        if style < 0.8:
            parts.append(f"{quote(key, safe='')}={quote(value, safe='', errors='surrogatepass')}".encode("utf-8", "surrogatepass"))
        elif style < 0.88:
            parts.append(key.encode() + b"=" + value.encode("utf-8", "surrogatepass"))
        elif style < 0.94:
            parts.append(f"{quote(key, safe='')}={quote(quote(value, safe=''), safe='')}".encode())
        else:
            parts.append(key.encode() + b"=" + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))))
    if rng.random() < 0.1:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice([b"", b"=", b"&&", b"Action", b"Action=", b"%", b"=%00"]))
    if rng.random() < 0.05:
        parts.extend(parts)
    return b"&".join(parts)


def mutate(body: bytes, rng: random.Random) -> bytes:
    """A few byte-level mutations: flips, cuts, control bytes, inserted separators."""
    data = bytearray(body)
    for _ in range(rng.randrange(1, 4)):
        if not data:
            break
        at = rng.randrange(len(data))
        op = rng.random()
        if op < 0.3:
            data[at] = rng.randrange(256)
        elif op < 0.5:
            del data[at:at + rng.randrange(1, 20)]
        elif op < 0.8:
            data[at:at] = rng.choice([b"\x00", b"\n", b"\r\n", b"\x1b", b"%", b"&", b"=", b"%ff", b"\xff\xfe", b"%0A"])
        else:
            data = data[:at]
    return bytes(data)


def raw_http(port: int, rng: random.Random, body: bytes) -> bytes:
    """Mangled HTTP on a socket of its own: bad chunking, short bodies, odd headers. Returns what came back."""
    choice = rng.randrange(5)
    head = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    if choice == 0:
        data = head + b"Transfer-Encoding: chunked\r\n\r\n" + rng.choice([b"zz", b"-1", b"ffffffffffffffffff", b"5"]) + b"\r\n" + body + b"\r\n0\r\n\r\n"
    elif choice == 1:
        data = head + f"Content-Length: {len(body) + rng.randrange(1, 1000)}\r\n\r\n".encode() + body
    elif choice == 2:
        data = head + b"Content-Length: " + rng.choice([b"-1", b"abc", b"99999999999999999999999", b"1, 2"]) + b"\r\n\r\n" + body
    elif choice == 3:
        data = head + b"X-Amz-Date: \x01\r\nAuthorization: AWS4-HMAC-SHA256 Credential=\xff/x/\n/ec2\r\n" + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
    else:
        data = head + f"Content-Length: {len(body)}\r\n".encode() + b"Authorization: " + bytes(rng.randrange(32, 127) for _ in range(300)) + b"\r\n\r\n" + body
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            answer = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except (ConnectionResetError, BrokenPipeError, socket.timeout):
            return b""
        except OSError as error:
            # The server answered the malformed request and closed before the rest was sent: the reset reaches
            # `shutdown` as ENOTCONN rather than as ECONNRESET.
            if error.errno != errno.ENOTCONN:
                raise
            return b""
    return answer


def real_resources(endpoint: str) -> list[str]:
    """A few resources of each common kind in the default account and region; their ids."""
    ec2 = make_boto_client(endpoint, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="fuzz", Description="fuzz", VpcId=vpc)["GroupId"]
    instance = ec2.run_instances(ImageId="ami-0123456789abcdef0", MinCount=1, MaxCount=1, SubnetId=subnet)["Instances"][0]
    eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    other = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    pcx = ec2.create_vpc_peering_connection(VpcId=vpc, PeerVpcId=other)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    prefix_list = ec2.create_managed_prefix_list(PrefixListName="fuzz", MaxEntries=5, AddressFamily="IPv4")["PrefixList"]["PrefixListId"]
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=1)["VolumeId"]
    address = ec2.allocate_address(Domain="vpc")["AllocationId"]
    return [vpc, subnet, group, instance["InstanceId"], instance["NetworkInterfaces"][0]["NetworkInterfaceId"], eni, igw, table,
            acl, other, pcx, prefix_list, volume, address]


def test_fuzzed_requests_never_get_a_5xx_and_the_server_lives(tmp_path):
    rng = random.Random(SEED)
    srv = ServerProcess(tmp_path / "state", log_path=tmp_path / "server.log").start()
    generator = QueryGenerator(rng, real_resources(srv.endpoint))
    session = requests.Session()
    url = srv.endpoint + "/"
    failures: list[str] = []
    statuses: dict[int, int] = {}
    started = time.monotonic()
    sent = 0
    try:
        while sent < REQUESTS and time.monotonic() - started < SECONDS and len(failures) < 5:
            pairs = generator.request()
            body = encode(pairs, rng)
            if rng.random() < 0.3:
                body = mutate(body, rng)
            sent += 1
            if rng.random() < 0.05:
                answer = raw_http(srv.port, rng, body)
                status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0
            else:
                region = rng.choice(["us-east-1", "us-east-1", "eu-west-1", "xx-nowhere-1"])
                headers = sign_headers(url, body, region=region, access_key=rng.choice(["test", "111111111111", "222222222222"]))
                if rng.random() < 0.5:
                    status = session.post(url, data=body, headers=headers, timeout=30).status_code
                else:
                    status = session.get(url + "?" + body.decode("latin-1"), headers=headers, timeout=30).status_code
            statuses[status] = statuses.get(status, 0) + 1
            if status >= 500:
                failures.append(f"HTTP {status} for request #{sent} (seed {SEED}): {body[:400]!r}")
            assert srv.is_running(), f"the server died at request #{sent} (seed {SEED}): {body[:400]!r}\n{srv.log_text()}"
        health = requests.get(srv.endpoint + HEALTH_PATH, timeout=10)
        assert health.status_code == 200 and health.json()["status"] == "ok"
    finally:
        code = srv.stop()
    assert not failures, "\n".join(failures) + "\n" + srv.log_text(4000)
    assert code == 0, srv.log_text()
    assert sent >= min(REQUESTS, 200), f"only {sent} requests in {SECONDS}s: {statuses}"
    print(f"fuzz: {sent} requests (seed {SEED}) in {time.monotonic() - started:.1f}s: {sorted(statuses.items())}")
