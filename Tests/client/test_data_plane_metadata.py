"""The instance metadata service (IMDS) at http://169.254.169.254, with real packets: `curl` from inside instances
through `localvpc instance exec`, exactly as the README tells a user to.

AWS's rules, from the EC2 User Guide ("Use the Instance Metadata Service to access instance metadata", "Instance
metadata categories", "Configure the instance metadata options"): a token comes from `PUT /latest/api/token` with
`X-aws-ec2-metadata-token-ttl-seconds` (1-21600, else 400) and is sent back as `X-aws-ec2-metadata-token` (a wrong
one: 401); IMDSv1 (no token) answers unless `HttpTokens=required` (then 401); `HttpEndpoint=disabled` gives 403; the
token's answer leaves with the instance's `HttpPutResponseHopLimit` as its IP TTL, so a container one hop behind the
instance cannot get a token when it is 1 (the default), and can when it is 2.
"""

from __future__ import annotations

import subprocess
import uuid

import pytest

import lvpc
from compute_helpers import default_group_id
from dataplane_fixtures import ec2, programs, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import requires_data_plane, running

pytestmark = [requires_data_plane, pytest.mark.own_server]

IMDS = "http://169.254.169.254"
USER_DATA = "#!/bin/sh\necho hello from user data\n"


def curl(shell, instance: str, path: str, *args: str, wait: float = 3) -> tuple[int, str]:
    """(HTTP status, body) of a request from inside the instance; status 0 when nothing answered within `wait`."""
    done = shell.instance(instance, "curl", "-s", "--max-time", str(wait), "-w", "\n%{http_code}", *args, IMDS + path, timeout=wait + 30)
    body, _, status = done.stdout.rpartition("\n")
    return (int(status) if status.isdigit() else 0), body


def token(shell, instance: str, ttl: int = 21600) -> str:
    status, body = curl(shell, instance, "/latest/api/token", "-X", "PUT", "-H", f"X-aws-ec2-metadata-token-ttl-seconds: {ttl}")
    assert status == 200, body
    return body


def get(shell, instance: str, path: str, token: str | None = None) -> tuple[int, str]:
    args = ["-H", f"X-aws-ec2-metadata-token: {token}"] if token else []
    return curl(shell, instance, path, *args)


@pytest.fixture
def lab(ec2):
    """A VPC with a subnet, a key pair, and an instance launched with both and with user data."""
    vpc = lvpc.create_vpc(ec2, "10.7.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.7.1.0/24")["SubnetId"]
    key = ec2.create_key_pair(KeyName="lab-key", KeyType="ed25519")
    web = running(ec2, subnet, PrivateIpAddress="10.7.1.10", KeyName="lab-key", UserData=USER_DATA)  # boto3 base64-encodes it
    return {"vpc": vpc, "subnet": subnet, "key": key, "web": web}


def test_v1_and_v2_answer_what_the_instance_is(ec2, shell, lab):
    web = lab["web"]
    web_id = web["InstanceId"]
    assert get(shell, web_id, "/latest/meta-data/instance-id") == (200, web_id), "IMDSv1: no token"
    session = token(shell, web_id)
    assert get(shell, web_id, "/latest/meta-data/instance-id", session) == (200, web_id), "IMDSv2"
    assert get(shell, web_id, "/latest/meta-data/local-ipv4", session) == (200, "10.7.1.10")
    assert get(shell, web_id, "/latest/meta-data/hostname", session) == (200, "ip-10-7-1-10.ec2.internal")
    assert get(shell, web_id, "/latest/meta-data/instance-type", session) == (200, web["InstanceType"])
    assert get(shell, web_id, "/latest/meta-data/placement/availability-zone", session) == (200, web["Placement"]["AvailabilityZone"])
    assert get(shell, web_id, "/latest/meta-data/placement/region", session) == (200, "us-east-1")
    assert get(shell, web_id, "/latest/meta-data/public-ipv4", session)[0] == 404, "no public address"
    status, listing = get(shell, web_id, "/latest/meta-data/", session)
    assert status == 200 and {"instance-id", "local-ipv4", "mac", "network/", "placement/", "public-keys/"} <= set(listing.split("\n"))
    assert get(shell, web_id, "/latest/user-data", session) == (200, USER_DATA), "decoded, byte for byte"
    status, missing = get(shell, web_id, "/latest/meta-data/no-such-thing", session)
    assert status == 404 and "<title>404 - Not Found</title>" in missing
    assert get(shell, web_id, "/latest/meta-data/instance-id", "a-made-up-token")[0] == 401, "a wrong token is refused"


def test_network_interfaces_by_mac(ec2, shell, lab):
    web = lab["web"]
    web_id = web["InstanceId"]
    eni = web["NetworkInterfaces"][0]
    mac = eni["MacAddress"]
    assert get(shell, web_id, "/latest/meta-data/mac") == (200, mac)
    assert get(shell, web_id, "/latest/meta-data/network/interfaces/macs/") == (200, mac + "/")
    base = f"/latest/meta-data/network/interfaces/macs/{mac}/"
    expected = {
        "interface-id": eni["NetworkInterfaceId"],
        "device-number": "0",
        "local-ipv4s": "10.7.1.10",
        "subnet-id": lab["subnet"],
        "subnet-ipv4-cidr-block": "10.7.1.0/24",
        "vpc-id": lab["vpc"],
        "vpc-ipv4-cidr-block": "10.7.0.0/16",
        "vpc-ipv4-cidr-blocks": "10.7.0.0/16",
        "security-group-ids": default_group_id(ec2, lab["vpc"]),
        "security-groups": "default",
        "owner-id": eni["OwnerId"],
    }
    for name, value in expected.items():
        assert get(shell, web_id, base + name) == (200, value), name


def test_public_keys_come_from_the_key_pair(ec2, shell, lab):
    web_id = lab["web"]["InstanceId"]
    public_key = ec2.describe_key_pairs(KeyNames=["lab-key"], IncludePublicKey=True)["KeyPairs"][0]["PublicKey"]
    assert get(shell, web_id, "/latest/meta-data/public-keys/") == (200, "0=lab-key")
    status, key = get(shell, web_id, "/latest/meta-data/public-keys/0/openssh-key")
    assert status == 200 and key.strip() == public_key.strip()


def test_http_tokens_required_refuses_v1_and_keeps_v2(ec2, shell, lab):
    web_id = lab["web"]["InstanceId"]
    ec2.modify_instance_metadata_options(InstanceId=web_id, HttpTokens="required")
    status, body = get(shell, web_id, "/latest/meta-data/instance-id")
    assert status == 401 and "401 - Unauthorized" in body
    assert get(shell, web_id, "/latest/meta-data/instance-id", token(shell, web_id)) == (200, web_id)
    status, _ = curl(shell, web_id, "/latest/api/token", "-X", "PUT", "-H", "X-aws-ec2-metadata-token-ttl-seconds: 0")
    assert status == 400, "a lifetime outside 1-21600"
    status, _ = curl(shell, web_id, "/latest/api/token", "-X", "PUT", "-H", "X-aws-ec2-metadata-token-ttl-seconds: 60", "-H", "X-Forwarded-For: 10.7.1.99")
    assert status == 403, "a token request through a proxy"

    ec2.modify_instance_metadata_options(InstanceId=web_id, HttpEndpoint="disabled")
    assert get(shell, web_id, "/latest/meta-data/instance-id", token=None)[0] == 403, "the metadata service turned off"
    ec2.modify_instance_metadata_options(InstanceId=web_id, HttpEndpoint="enabled", HttpTokens="optional")
    assert get(shell, web_id, "/latest/meta-data/instance-id") == (200, web_id), "back on, at once"


def test_each_instance_gets_its_own_answers_and_tokens(ec2, shell, lab):
    web_id = lab["web"]["InstanceId"]
    other = running(ec2, lab["subnet"], PrivateIpAddress="10.7.1.20")["InstanceId"]
    assert get(shell, other, "/latest/meta-data/instance-id") == (200, other)
    assert get(shell, other, "/latest/meta-data/local-ipv4") == (200, "10.7.1.20")
    assert get(shell, other, "/latest/user-data")[0] == 404, "launched without user data"
    assert get(shell, other, "/latest/meta-data/public-keys/")[0] == 404, "launched without a key"
    assert get(shell, other, "/latest/meta-data/instance-id", token(shell, web_id))[0] == 401, "another instance's token"


def test_the_token_reaches_no_further_than_the_hop_limit(ec2, shell, lab):
    """A "container" behind the instance: a namespace of this test's, one routed hop away, masqueraded as the instance
    (as Docker's bridge does). With the default hop limit 1, its token request gets no answer (the answer's TTL runs out
    in the instance), though IMDSv1 still answers it; with 2, it gets a token."""
    web_id = lab["web"]["InstanceId"]
    instance_ns = f"lvpc-{web_id}"
    nested = f"lvpc-imds-{uuid.uuid4().hex[:8]}"

    def sh(*command: str, ns: str, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(["ip", "netns", "exec", ns, *command], input=input, capture_output=True, text=True, timeout=30)

    def ok(done: subprocess.CompletedProcess) -> None:
        assert done.returncode == 0, done.stderr

    subprocess.run(["ip", "netns", "add", nested], check=True)
    try:
        ok(sh("ip", "link", "add", "lvpc-ct0", "type", "veth", "peer", "name", "lvpc-ct1", "netns", nested, ns=instance_ns))
        ok(sh("ip", "addr", "add", "192.168.77.1/24", "dev", "lvpc-ct0", ns=instance_ns))
        ok(sh("ip", "link", "set", "lvpc-ct0", "up", ns=instance_ns))
        ok(sh("sysctl", "-q", "-w", "net.ipv4.ip_forward=1", ns=instance_ns))
        rules = """
            table ip lvpc-containers {
                chain postrouting {
                    type nat hook postrouting priority 100; policy accept;
                    ip saddr 192.168.77.0/24 masquerade
                }
            }
            """
        ok(sh("nft", "-f", "-", ns=instance_ns, input=rules))
        ok(sh("ip", "link", "set", "lo", "up", ns=nested))
        ok(sh("ip", "addr", "add", "192.168.77.2/24", "dev", "lvpc-ct1", ns=nested))
        ok(sh("ip", "link", "set", "lvpc-ct1", "up", ns=nested))
        ok(sh("ip", "route", "add", "default", "via", "192.168.77.1", ns=nested))

        def container(*args: str) -> tuple[int, str]:
            done = sh("curl", "-s", "--max-time", "3", "-w", "\n%{http_code}", *args, ns=nested)
            body, _, status = done.stdout.rpartition("\n")
            return (int(status) if status.isdigit() else 0), body

        put = ["-X", "PUT", "-H", "X-aws-ec2-metadata-token-ttl-seconds: 60", IMDS + "/latest/api/token"]
        assert container(IMDS + "/latest/meta-data/instance-id") == (200, web_id), "the container reaches IMDS (v1)"
        assert container(*put)[0] == 0, "hop limit 1: the token's answer dies in the instance"
        assert token(shell, web_id), "the instance itself still gets one"
        ec2.modify_instance_metadata_options(InstanceId=web_id, HttpPutResponseHopLimit=2)
        assert shell.instance(web_id, "true").returncode == 0  # `localvpc instance exec` waits for the data plane to follow
        status, session = container(*put)
        assert status == 200 and session, "hop limit 2: one more hop"
        assert container("-H", f"X-aws-ec2-metadata-token: {session}", IMDS + "/latest/meta-data/instance-id") == (200, web_id)
    finally:
        subprocess.run(["ip", "netns", "del", nested], check=False)
