"""The web console's Connect (root on Linux, with the data plane and headless Chromium): EC2 Instance Connect's
refusals in the console's words until the instance has a public address, a route from the internet gateway and
port 22 open, then a terminal whose lines run inside the instance. The routes behind it answer only the console's
own page."""

from __future__ import annotations

import pytest
import requests

import lvpc
from console_helpers import Console, requires_browser, start_browser
from dataplane_fixtures import ec2, server  # noqa: F401 - fixtures
from dataplane_helpers import requires_data_plane, running

pytestmark = [requires_data_plane]


def default_group_id(ec2, vpc: str) -> str:
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}])
    return groups["SecurityGroups"][0]["GroupId"]


@pytest.fixture(scope="module")
def driver():
    browser = start_browser()
    yield browser
    browser.quit()


def connect_and_run(console: Console, instance_id: str, command: str | None = None) -> str:
    """Opens the instance's Connect page, clicks Connect, and runs `command` when the terminal opens; the page's text."""
    console.driver.get(f"{console.endpoint}/#/instances/action/connect/{instance_id}")
    console.wait_for(lambda d: d.find_elements("xpath", "//h1[normalize-space()='Connect to instance']"), "the Connect page")
    console.click("Connect")
    console.wait_for(lambda d: d.find_elements("css selector", ".connect-refusal, .terminal"), "a refusal or a terminal")
    if command is not None and console.driver.find_elements("css selector", ".terminal"):
        line = console.driver.find_element("css selector", "input.command")
        line.send_keys(command + "\n")
        console.wait_for(lambda d: d.find_element("css selector", "input.command").is_enabled()
                         and command in d.find_element("css selector", ".terminal .screen").text
                         and d.find_element("css selector", ".terminal .screen").text.rstrip().split("\n")[-1] != "", "the command's output")
    return console.driver.find_element("id", "main").text


@requires_browser
def test_connect_refuses_in_the_consoles_words_until_instance_connect_can_reach_port_22(driver, server, ec2):
    console = Console(driver, server.endpoint).open("instances")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    instance = running(ec2, subnet, TagSpecifications=lvpc.tag_spec("instance", Name="web"))
    instance_id = instance["InstanceId"]

    assert "No public IPv4 address assigned" in connect_and_run(console, instance_id)

    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    ec2.associate_address(AllocationId=ec2.allocate_address(Domain="vpc")["AllocationId"], InstanceId=instance_id)
    page = connect_and_run(console, instance_id)
    assert "Failed to connect to your instance" in page
    assert "NO_ROUTE_TO_DESTINATION" in page or "ENI_SG_RULES_MISMATCH" in page, page

    table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"][0]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    assert "ENI_SG_RULES_MISMATCH" in connect_and_run(console, instance_id)

    ec2.authorize_security_group_ingress(
        GroupId=default_group_id(ec2, vpc), IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    page = connect_and_run(console, instance_id, "ip -4 -o addr show eth0")
    assert instance["PrivateIpAddress"] in page, page
    assert f"[ec2-user@ip-{instance['PrivateIpAddress'].replace('.', '-')} ~]$" in page


def test_the_connect_routes_answer_only_the_consoles_own_page(server, ec2):
    body = {"instanceId": "i-0123456789abcdef0", "command": "id"}
    url = server.endpoint + "/_localvpc/console/shell"
    # Without the console's header (what a page of another origin can send without a CORS preflight): refused.
    assert requests.post(url, json=body, timeout=10).status_code == 403
    # Another origin, or a name that is not this server's loopback (DNS rebinding): refused.
    assert requests.post(url, json=body, headers={"X-LocalVPC-Console": "1", "Origin": "http://evil.example"}, timeout=10).status_code == 403
    assert requests.post(url, json=body, headers={"X-LocalVPC-Console": "1", "Host": "evil.example"}, timeout=10).status_code == 403
    # The console's own request reaches the checks: this instance does not exist.
    answer = requests.post(url, json=body, headers={"X-LocalVPC-Console": "1"}, timeout=10).json()
    assert answer["connected"] is False and answer["title"] == "Instance not found"
    # The browser's preflight for another origin gets no CORS grant.
    preflight = requests.options(url, headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST",
                                               "Access-Control-Request-Headers": "x-localvpc-console"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in preflight.headers
