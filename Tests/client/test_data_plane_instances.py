"""What runs on an instance, with the data plane on: user data scripts run once at the first start, inside the
instance, and GetConsoleOutput returns what they printed; `localvpc connect` checks EC2 Instance Connect's
preconditions with real packets (seed 002's story: no public address, then no way in on port 22, then a shell).
"""

from __future__ import annotations

import base64
import re
import subprocess

import pytest

import lvpc
from compute_helpers import default_group_id, start, stop
from dataplane_fixtures import ec2, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import Shell, fetch, requires_data_plane, running, settle

pytestmark = [requires_data_plane, pytest.mark.own_server]

USER_DATA = """#!/bin/bash
echo "user data on $(ip -4 -o addr show eth0 | awk '{print $4}')"
mkdir -p /tmp/lvpc-user-data-$INSTANCE_ID && cd /tmp/lvpc-user-data-$INSTANCE_ID && echo hello > index.html
nohup python3 -m http.server 8080 --bind 0.0.0.0 >/dev/null 2>&1 &
echo started
"""


def console(ec2, instance_id: str) -> str:
    answer = ec2.get_console_output(InstanceId=instance_id)
    assert answer["InstanceId"] == instance_id
    return answer.get("Output", "")


def test_user_data_runs_once_at_first_start_and_its_output_is_the_console(ec2, shell, server):
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    web = running(ec2, subnet, UserData=USER_DATA)
    client = running(ec2, subnet)
    address = web["PrivateIpAddress"]

    output = lvpc.wait_until(lambda: "user data script finished" in console(ec2, web["InstanceId"]) and console(ec2, web["InstanceId"]), desc="the script's end")
    assert f"user data on {address}/24" in output
    assert "started" in output and "(exit status 0)" in output
    # What the script started answers the instance's neighbours (the default group lets its members in). The script
    # ends as soon as it has put the server in the background, which then takes a moment to listen (a refused
    # connection fails at once): the neighbour tries again, as a person would.
    page = lvpc.wait_until(lambda: fetch(shell, client["InstanceId"], f"http://{address}:8080/index.html"), timeout=15, interval=0.2, desc="the user data's web server")
    assert page.strip() == "hello"

    # The wire carries it base64-encoded, as AWS does (botocore decodes it, as it does AWS's).
    bodies: list[bytes] = []
    ec2.meta.events.register("response-received.ec2.GetConsoleOutput", lambda response_dict, **_: bodies.append(response_dict["body"]))
    console(ec2, web["InstanceId"])
    encoded = re.search(rb"<output>([^<]*)</output>", bodies[-1]).group(1)
    assert base64.b64decode(encoded).decode() == output

    # A stopped instance runs nothing; started again, it boots without running its user data a second time.
    stop(ec2, web["InstanceId"])
    assert fetch(shell, client["InstanceId"], f"http://{address}:8080/index.html", wait=1) is None
    start(ec2, web["InstanceId"])
    settle(server.endpoint)
    again = lvpc.wait_until(lambda: console(ec2, web["InstanceId"]).count("booted in network namespace") == 2 and console(ec2, web["InstanceId"]), desc="the second boot")
    assert again.count("running the user data script") == 1
    assert fetch(shell, client["InstanceId"], f"http://{address}:8080/index.html", wait=1) is None


def test_user_data_that_is_not_a_script_is_said_so(ec2):
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    instance = running(ec2, subnet, UserData="#cloud-config\npackages: [httpd]\n")
    output = lvpc.wait_until(lambda: console(ec2, instance["InstanceId"]), desc="a console")
    assert "user data not run" in output and "#cloud-config" in output


def test_get_console_output_of_a_missing_instance_is_aws_s_error(ec2):
    with lvpc.raises_code("InvalidInstanceID.NotFound"):
        ec2.get_console_output(InstanceId="i-0123456789abcdef0")
    with lvpc.raises_code("InvalidInstanceID.Malformed"):
        ec2.get_console_output(InstanceId="nope")


def connect(shell: Shell, instance: str, script: str = "exit 7") -> subprocess.CompletedProcess:
    settle(shell.endpoint)
    return subprocess.run(
        [str(lvpc.localvpc_bin()), "connect", instance], input=script, env=shell.env, capture_output=True, text=True, timeout=60
    )


def test_connect_fails_until_the_instance_has_a_public_address_a_route_and_port_22_open(ec2, shell):
    vpc = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    instance = running(ec2, subnet, TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}])
    instance_id = instance["InstanceId"]

    refused = connect(shell, "web")
    assert refused.returncode == 1 and "No public IPv4 address assigned" in refused.stderr, refused

    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.associate_address(AllocationId=allocation, InstanceId=instance_id)
    refused = connect(shell, "web")
    assert refused.returncode == 1 and "Failed to connect to your instance" in refused.stderr, refused
    assert "NO_ROUTE_TO_DESTINATION" in refused.stderr or "ENI_SG_RULES_MISMATCH" in refused.stderr, refused.stderr

    table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"][0]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    refused = connect(shell, "web")
    assert refused.returncode == 1 and "ENI_SG_RULES_MISMATCH" in refused.stderr, refused.stderr

    group = default_group_id(ec2, vpc)
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    session = connect(shell, "web", "ip -4 -o addr show eth0\nexit 7\n")
    assert session.returncode == 7, session
    assert instance["PrivateIpAddress"] in session.stdout

    # A denying ACL entry on port 22 closes the way in again.
    acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"][0]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=10, Protocol="6", RuleAction="deny", Egress=False, CidrBlock="0.0.0.0/0", PortRange={"From": 22, "To": 22})
    refused = connect(shell, "web")
    assert refused.returncode == 1 and "SUBNET_ACL_RESTRICTION" in refused.stderr, refused.stderr

    stop(ec2, instance_id)
    refused = connect(shell, instance_id)
    assert refused.returncode == 1 and "not in running state" in refused.stderr, refused
