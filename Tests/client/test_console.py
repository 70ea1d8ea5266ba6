"""The web console in a real browser (headless Chromium): seed 000's console walkthrough end to end — two VPCs, the
peering named Lab-Peer, accept, routes both ways — checked through the API; a change made with boto3 shows in an open
page without reloading; a failing reachability check shows its blocking hop; the resource map and the pages of
transit gateways. The page itself is served by the same
server, and the EC2 Query API at / is unchanged."""

from __future__ import annotations

import time

import pytest
import requests

import lvpc
from lvpc import create_subnet, create_vpc, filters
from console_helpers import Console, requires_browser, start_browser
from peering_helpers import active_peering


def test_a_browser_get_of_the_root_opens_the_console_and_the_api_is_unchanged(endpoint):
    page = requests.get(endpoint + "/", timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "/console/app.js" in page.text
    for name, kind in (("app.js", "text/javascript"), ("console.css", "text/css"), ("api.js", "text/javascript")):
        asset = requests.get(f"{endpoint}/console/{name}", timeout=10)
        assert asset.status_code == 200 and asset.headers["Content-Type"].startswith(kind), name
    assert requests.get(f"{endpoint}/console/..%2F..%2Fetc%2Fpasswd", timeout=10).status_code == 404
    assert requests.get(f"{endpoint}/console/missing.js", timeout=10).status_code == 404
    api = requests.get(endpoint + "/?Action=DescribeVpcs&Version=2016-11-15", timeout=10)
    assert api.status_code == 200 and "<DescribeVpcsResponse" in api.text
    missing = requests.post(endpoint + "/", data="Version=2016-11-15", timeout=10)
    lvpc.assert_aws_xml_error(missing, "MissingAction", "InvalidAction")


def test_the_change_feed_is_served_as_events(endpoint, ec2):
    with requests.get(endpoint + "/_localvpc/events", stream=True, timeout=10) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        lines = stream.iter_lines(decode_unicode=True)
        assert next(lines) == "retry: 1000"
        assert next(lines) == "event: hello"
        vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
        deadline = time.monotonic() + 5
        for line in lines:
            if line.startswith("data:") and vpc in line:
                break
            assert time.monotonic() < deadline, "no change event named the new VPC"


@pytest.fixture(scope="module")
def driver():
    browser = start_browser()
    yield browser
    browser.quit()


@pytest.fixture
def console(driver, endpoint):
    return Console(driver, endpoint).open()


@requires_browser
def test_seed_000_console_walkthrough(console, ec2, tmp_path):
    # "Create 2 VPC and name them Requester and Acceptor VPC."
    for name, cidr in (("Requester VPC", "10.0.0.0/16"), ("Acceptor VPC", "10.5.0.0/16")):
        console.nav("Your VPCs")
        console.click("Create VPC")
        console.type("Name tag", name)
        console.type("IPv4 CIDR", cidr)
        console.click("Create VPC")
        console.flash("You successfully created")
    # "In the left navigation panel, choose Peering Connections. Choose Create Peering Connection and configure…"
    console.nav("Peering connections")
    console.click("Create peering connection")
    console.type("Name - optional", "Lab-Peer")
    console.choose("VPC ID (Requester)", "Requester VPC")
    console.choose("VPC ID (Accepter)", "Acceptor VPC")
    console.click("Create peering connection")
    console.flash("has been requested")
    # "the target VPC must accept the connection request": Actions, Accept request.
    console.select_row("Lab-Peer")
    console.action("Accept request")
    console.click("Accept request")
    console.flash("has been established")
    # "In the left navigation panel, choose Route Tables." Routes tab, Edit routes, Add route, Target: Peering Connection.
    vpcs = {lvpc.tags_of(v).get("Name"): v for v in ec2.describe_vpcs()["Vpcs"]}
    for own, peer_cidr in (("Requester VPC", "10.5.0.0/16"), ("Acceptor VPC", "10.0.0.0/16")):
        console.nav("Route tables")
        console.select_row(vpcs[own]["VpcId"])
        console.tab("Routes")
        console.click("Edit routes")
        console.click("Add route")
        destinations = console.driver.find_elements("css selector", "table.edit input[aria-label='Destination']")
        destinations[-1].send_keys(peer_cidr)
        from selenium.webdriver.support.ui import Select

        Select(console.driver.find_elements("css selector", "table.edit select[aria-label='Target']")[-1]).select_by_visible_text("Peering Connection")
        target = Select(console.driver.find_elements("css selector", "table.edit select[aria-label='Target ID']")[-1])
        target.select_by_visible_text(next(o.text for o in target.options if "Lab-Peer" in o.text))
        console.click("Save changes")
        console.flash("Updated routes")
    console.screenshot(tmp_path / "route-tables.png")
    # The result, through the API.
    [peering] = ec2.describe_vpc_peering_connections(Filters=[{"Name": "tag:Name", "Values": ["Lab-Peer"]}])["VpcPeeringConnections"]
    assert peering["Status"]["Code"] == "active"
    assert {peering["RequesterVpcInfo"]["VpcId"], peering["AccepterVpcInfo"]["VpcId"]} == {vpcs["Requester VPC"]["VpcId"], vpcs["Acceptor VPC"]["VpcId"]}
    for own, peer_cidr in (("Requester VPC", "10.5.0.0/16"), ("Acceptor VPC", "10.0.0.0/16")):
        [table] = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpcs[own]["VpcId"]]}])["RouteTables"]
        routes = {r.get("DestinationCidrBlock"): r for r in table["Routes"]}
        assert routes[peer_cidr]["VpcPeeringConnectionId"] == peering["VpcPeeringConnectionId"]
        assert routes[peer_cidr]["State"] == "active"


@requires_browser
def test_an_api_change_shows_in_an_open_page_within_a_second(console, ec2):
    console.nav("Your VPCs")
    before = len(console.rows())
    vpc = ec2.create_vpc(CidrBlock="10.77.0.0/16", TagSpecifications=lvpc.tag_spec("vpc", Name="made-by-boto3"))["Vpc"]["VpcId"]
    started = time.monotonic()
    console.wait_for(lambda d: any(vpc in row for row in console.rows()), "the new VPC's row", timeout=1.0)
    assert len(console.rows()) == before + 1
    assert time.monotonic() - started <= 1.0


def _create_vpc(console, cidr: str) -> None:
    """Your VPCs, Create VPC, "VPC only" with this block; the caller looks for the banner or the error."""
    console.nav("Your VPCs")
    console.click("Create VPC")
    console.type("IPv4 CIDR", cidr)
    console.click("Create VPC")


@requires_browser
def test_the_api_refusal_shows_in_the_form_and_changes_nothing(console, ec2):
    _create_vpc(console, "10.0.0.0/8")
    console.error("InvalidVpc.Range")
    assert all(v["CidrBlock"] != "10.0.0.0/8" for v in ec2.describe_vpcs()["Vpcs"])


@requires_browser
def test_the_accepter_is_the_only_one_who_can_accept(console, client_factory):
    other = client_factory("ec2", account="222222222222")
    mine = client_factory("ec2")
    a = mine.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    b = other.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    pcx = mine.create_vpc_peering_connection(VpcId=a, PeerVpcId=b, PeerOwnerId="222222222222")["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    console.nav("Peering connections")
    console.select_row(pcx)
    console.action("Accept request")
    console.click("Accept request")
    console.error("OperationNotPermitted")
    # Switch to the accepter's account, as the seeds do, and accept there.
    Select = __import__("selenium.webdriver.support.ui", fromlist=["Select"]).Select
    console.driver.execute_script("localStorage.setItem('lvpc.accounts', JSON.stringify(['000000000000','222222222222'])); localStorage.setItem('lvpc.account','222222222222')")
    console.driver.get(f"{console.endpoint}/?again=1#/peeringConnections")
    console.wait_for(lambda d: pcx in d.find_element("id", "main").text, "the peering in the accepter's account")
    assert Select(console.driver.find_element("id", "account")).first_selected_option.text == "222222222222"
    console.select_row(pcx)
    console.action("Accept request")
    console.click("Accept request")
    console.flash("has been established")
    assert other.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]["Status"]["Code"] == "active"


@requires_browser
def test_reachability_shows_the_blocking_hop(console, ec2):
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="closed", Description="nothing in", VpcId=vpc)["GroupId"]
    ids = [
        ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, SubnetId=subnet, SecurityGroupIds=[group],
                          TagSpecifications=lvpc.tag_spec("instance", Name=name))["Instances"][0]["InstanceId"]
        for name in ("client", "server")
    ]
    console.nav("Reachability Analyzer")
    from selenium.webdriver.support.ui import Select

    Select(console.driver.find_element("css selector", "select[name=source]")).select_by_value(ids[0])
    Select(console.driver.find_element("css selector", "select[name=destination]")).select_by_value(ids[1])
    console.driver.find_element("css selector", "input[name=port]").send_keys("22")
    console.click("Create and analyze path")
    result = console.wait_for(lambda d: d.find_element("css selector", ".analysis-result").text, "the analysis")
    assert "Not reachable" in result
    assert console.driver.find_elements("css selector", ".explanation.blocking")
    assert group in result
    # The fix doctor proposes, applied with one click (through the EC2 API), and the path analysed again.
    fix = console.wait_for(lambda d: d.find_element("css selector", ".fix").text, "the proposed fix")
    assert "aws ec2 authorize-security-group-ingress" in fix and group in fix
    console.click("Apply fix")
    console.wait_for(lambda d: d.find_element("css selector", ".analysis-result h2").text == "Reachable", "the path reachable after the fix")
    [described] = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"]
    assert any(p.get("FromPort") == 22 and p["IpProtocol"] == "tcp" for p in described["IpPermissions"])


@requires_browser
def test_the_filter_box_narrows_a_list(console, ec2):
    for name, cidr in (("alpha", "10.11.0.0/16"), ("beta", "10.12.0.0/16")):
        ec2.create_vpc(CidrBlock=cidr, TagSpecifications=lvpc.tag_spec("vpc", Name=name))
    console.nav("Your VPCs")
    console.wait_for(lambda d: len(console.rows()) == 3, "three VPCs")
    console.driver.find_element("css selector", "input.filter").send_keys("beta")
    console.wait_for(lambda d: len(console.rows()) == 1 and "10.12.0.0/16" in console.rows()[0], "only beta")
    # The list is drawn again under the box as it filters: the box keeps what was typed and the focus.
    box = console.driver.find_element("css selector", "input.filter")
    assert box.get_attribute("value") == "beta"
    assert console.driver.switch_to.active_element == box
    box.clear()
    console.driver.find_element("css selector", "input.filter").send_keys("10.11")
    console.wait_for(lambda d: len(console.rows()) == 1 and "alpha" in console.rows()[0], "only alpha")


def test_connect_without_the_data_plane_says_so(endpoint):
    answer = requests.post(endpoint + "/_localvpc/console/connect", json={"instanceId": "i-0123456789abcdef0"},
                           headers={"X-LocalVPC-Console": "1"}, timeout=10)
    assert answer.status_code == 409 and "--data-plane" in answer.json()["error"]


@requires_browser
def test_enable_dns_resolution_for_the_peering_as_the_seed_does(console, ec2):
    a = ec2.create_vpc(CidrBlock="10.21.0.0/16")["Vpc"]["VpcId"]
    b = ec2.create_vpc(CidrBlock="10.22.0.0/16")["Vpc"]["VpcId"]
    pcx = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)

    def edit_dns_settings_checking_both() -> None:
        console.nav("Peering connections")
        console.select_row(pcx)
        console.action("Edit DNS settings")
        boxes = console.wait_for(
            lambda d: [b for b in d.find_elements("css selector", ".action-page input[type=checkbox]") if b.is_displayed()] or None,
            "the two DNS options",
        )
        assert len(boxes) == 2  # one account owns both sides here
        for box in boxes:
            box.click()
        console.click("Save changes")

    edit_dns_settings_checking_both()
    # AWS's refusal while the VPCs have no DNS hostnames, shown in the form; then the seed's order.
    console.error("InvalidVpcPeeringConnectionState.DnsHostnamesDisabled")
    # The fix, in the console too: each VPC's "Edit VPC settings", "Enable DNS hostnames".
    for vpc in (a, b):
        console.nav("Your VPCs")
        console.select_row(vpc)
        console.action("Edit VPC settings")
        box = console.wait_for(lambda d: next(iter(d.find_elements("css selector", "#field-hostnames")), None), "Enable DNS hostnames")
        assert not box.is_selected()
        box.click()
        console.click("Save")
        console.flash("successfully modified the settings")
        assert ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsHostnames")["EnableDnsHostnames"]["Value"] is True
        assert ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsSupport")["EnableDnsSupport"]["Value"] is True
    edit_dns_settings_checking_both()
    console.flash("DNS settings updated")
    [peering] = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"]
    assert peering["RequesterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"] is True
    assert peering["AccepterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"] is True


def _create_vpc_and_more(console, prefix: str, cidr: str) -> None:
    console.nav("Your VPCs")
    console.click("Create VPC")
    console.radio("VPC and more")
    console.type("Name tag auto-generation", prefix)
    console.type("IPv4 CIDR", cidr)
    console.click("Create VPC")
    console.flash(f"{prefix}-vpc")


@requires_browser
def test_vpc_and_more_makes_what_the_aws_console_makes(console, ec2):
    _create_vpc_and_more(console, "lab", "10.40.0.0/16")
    [vpc] = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["lab-vpc"]}])["Vpcs"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    names = sorted(lvpc.tags_of(s)["Name"] for s in subnets)
    assert len(names) == 4 and sum("public" in n for n in names) == 2 and sum("private" in n for n in names) == 2, names
    assert len({s["AvailabilityZone"] for s in subnets}) == 2
    assert all(s["CidrBlock"].endswith("/20") for s in subnets)
    [gateway] = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc["VpcId"]]}])["InternetGateways"]
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["RouteTables"]
    public = next(t for t in tables if lvpc.tags_of(t).get("Name") == "lab-rtb-public")
    assert any(r.get("GatewayId") == gateway["InternetGatewayId"] and r.get("DestinationCidrBlock") == "0.0.0.0/0" for r in public["Routes"])
    assert len(public["Associations"]) == 2
    assert ec2.describe_vpc_attribute(VpcId=vpc["VpcId"], Attribute="enableDnsHostnames")["EnableDnsHostnames"]["Value"] is True


@requires_browser
def test_the_resource_map_shows_peerings_and_transit_gateways(console, ec2, endpoint):
    from selenium.webdriver.common.by import By

    vpcs = [create_vpc(ec2, f"10.{n}.0.0/16")["VpcId"] for n in (1, 2, 3)]
    for n, vpc in enumerate(vpcs, start=1):
        create_subnet(ec2, vpc, f"10.{n}.0.0/24", AvailabilityZone="us-east-1a")
    subnets = {s["VpcId"]: s["SubnetId"] for s in ec2.describe_subnets(Filters=filters(**{"vpc-id": vpcs}))["Subnets"]}
    tgw = ec2.create_transit_gateway(Description="hub")["TransitGateway"]
    tgw_id, tgw_table = tgw["TransitGatewayId"], tgw["Options"]["AssociationDefaultRouteTableId"]
    lvpc.advance_server_clock(endpoint, 6)
    attachments = {
        vpc: ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw_id, VpcId=vpc, SubnetIds=[subnets[vpc]])[
            "TransitGatewayVpcAttachment"
        ]["TransitGatewayAttachmentId"]
        for vpc in vpcs[:2]
    }
    lvpc.advance_server_clock(endpoint, 6)
    [main] = ec2.describe_route_tables(Filters=filters(**{"vpc-id": vpcs[0], "association.main": "true"}))["RouteTables"]
    ec2.create_route(RouteTableId=main["RouteTableId"], DestinationCidrBlock="10.2.0.0/16", TransitGatewayId=tgw_id)
    peering = ec2.create_vpc_peering_connection(VpcId=vpcs[0], PeerVpcId=vpcs[2])["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=peering)

    # The VPC's Resource map: the transit gateway as a network connection, with the attachment, the route table that
    # routes what the VPC sends, and the other VPC on the gateway; the route to it from the main route table.
    console.driver.get(f"{endpoint}/#/vpcs/{vpcs[0]}")
    console.tab("Resource map")

    def box(id_):
        return console.wait_for(
            lambda d: next((e.text for e in d.find_elements(By.CSS_SELECTOR, f"svg.resource-map g.node[data-id='{id_}']") if e.text), None),
            f"the map's box for {id_}",
        )

    gateway = box(tgw_id)
    assert "Transit gateway (available)" in gateway
    assert attachments[vpcs[0]] in gateway and f"routes by {tgw_table}" in gateway and f"also {vpcs[1]}" in gateway
    assert "Peering (active)" in box(peering)
    assert f"10.2.0.0/16 → {tgw_id}" in box(main["RouteTableId"])
    links = {(p.get_attribute("data-from"), p.get_attribute("data-to")) for p in console.driver.find_elements(By.CSS_SELECTOR, "svg.resource-map path.link")}
    assert (main["RouteTableId"], tgw_id) in links  # the route's line; the peering has no route, so no line
    assert not any(peering in link for link in links)

    # The transit gateway's pages, as the AWS console's: the route table's propagated routes to both VPCs.
    console.nav("Transit gateway route tables")
    console.select_row(tgw_table)
    console.tab("Routes")
    rows = console.wait_for(
        lambda d: [r.text for r in d.find_elements(By.CSS_SELECTOR, "section.detail table.list tbody tr")]
        if len(d.find_elements(By.CSS_SELECTOR, "section.detail table.list tbody tr")) == 2
        else None,
        "the route table's two routes",
    )
    assert any("10.1.0.0/16" in r and attachments[vpcs[0]] in r and "propagated" in r and "active" in r for r in rows)
    assert any("10.2.0.0/16" in r and attachments[vpcs[1]] in r for r in rows)
    console.tab("Associations")
    console.wait_for(
        lambda d: all(a in d.find_element(By.CSS_SELECTOR, "section.detail").text for a in attachments.values()),
        "both attachments associated",
    )
    console.nav("Transit gateways")
    assert any(tgw_id in row and "available" in row for row in console.rows())


def _routes_of(ec2, table_id):
    [table] = ec2.describe_route_tables(RouteTableIds=[table_id])["RouteTables"]
    return {r.get("DestinationCidrBlock"): (r.get("GatewayId") or r.get("VpcPeeringConnectionId") or r.get("TransitGatewayId"), r["State"])
            for r in table["Routes"]}


def _edit_routes(console, table_id):
    console.nav("Route tables")
    console.select_row(table_id)
    console.tab("Routes")
    console.click("Edit routes")


@requires_browser
def test_edit_routes_keeps_what_it_was_not_asked_to_change(console, ec2):
    """A blackhole route keeps its dead peering (it was once saved onto another live peering of the VPC), a transit
    gateway route stays editable, and a save the API refuses changes nothing (it once deleted the edited route
    first)."""
    a = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    b = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    c = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    igw = lvpc.create_attached_igw(ec2, a)
    dead, live = active_peering(ec2, a, b), active_peering(ec2, a, c)
    subnet = lvpc.create_subnet(ec2, a, "10.0.1.0/24")["SubnetId"]
    tgw = ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
    lvpc.wait_until(lambda: ec2.describe_transit_gateways(TransitGatewayIds=[tgw])["TransitGateways"][0]["State"] == "available")
    ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=a, SubnetIds=[subnet])
    table = ec2.create_route_table(VpcId=a)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=dead)
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="192.168.0.0/16", TransitGatewayId=tgw)
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=dead)
    before = _routes_of(ec2, table)
    assert before["10.1.0.0/16"] == (dead, "blackhole")

    # A route added beside them: the others are saved as they were.
    _edit_routes(console, table)
    console.wait_for(lambda d: len(d.find_elements("css selector", "table.edit input[aria-label='Destination']")) == 4, "the four routes")
    console.click("Add route")
    from selenium.webdriver.support.ui import Select

    console.driver.find_elements("css selector", "table.edit input[aria-label='Destination']")[-1].send_keys("10.2.0.0/16")
    Select(console.driver.find_elements("css selector", "table.edit select[aria-label='Target']")[-1]).select_by_visible_text("Peering Connection")
    target = Select(console.driver.find_elements("css selector", "table.edit select[aria-label='Target ID']")[-1])
    target.select_by_value(live)
    console.click("Save changes")
    console.flash("Updated routes")
    assert _routes_of(ec2, table) == {**before, "10.2.0.0/16": (live, "active")}

    # A destination the API refuses: an error, and every route as it was.
    _edit_routes(console, table)
    edited = console.wait_for(
        lambda d: next((f for f in d.find_elements("css selector", "table.edit input[aria-label='Destination']")
                        if f.get_attribute("value") == "0.0.0.0/0"), None),
        "the editor's row for 0.0.0.0/0")
    edited.clear()
    edited.send_keys("0.0.0.0/00x")
    console.click("Save changes")
    console.error("InvalidParameterValue")
    assert _routes_of(ec2, table) == {**before, "10.2.0.0/16": (live, "active")}

    # Two rows for one destination, even written with host bits, are refused rather than one replacing the other.
    for extra in ("0.0.0.0/0", "0.0.0.7/0"):
        _edit_routes(console, table)
        console.wait_for(lambda d: len(d.find_elements("css selector", "table.edit input[aria-label='Destination']")) == 5, "the five routes")
        console.click("Add route")
        console.driver.find_elements("css selector", "table.edit input[aria-label='Destination']")[-1].send_keys(extra)
        Select(console.driver.find_elements("css selector", "table.edit select[aria-label='Target']")[-1]).select_by_visible_text("Transit Gateway")
        console.click("Save changes")
        console.error("Two routes have the destination 0.0.0.0/0")
        assert _routes_of(ec2, table) == {**before, "10.2.0.0/16": (live, "active")}


@requires_browser
def test_launch_instances_defaults_to_an_image_its_default_type_runs(console, ec2):
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    lvpc.create_subnet(ec2, vpc, "10.9.1.0/24")
    console.nav("Instances")
    console.click("Launch instances")
    console.click("Launch instance")
    console.flash("Successfully initiated launch of instance")
    [reservation] = ec2.describe_instances()["Reservations"]
    [instance] = reservation["Instances"]
    assert (instance["InstanceType"], instance["Architecture"]) == ("t2.micro", "x86_64")
    [image] = ec2.describe_images(ImageIds=[instance["ImageId"]])["Images"]
    assert image["Name"].startswith("al2023-ami-2023.")


@requires_browser
def test_a_public_subnet_made_in_the_console(console, ec2):
    """The lab's public subnet: its own route table (Edit subnet associations) and public addresses on launch (Edit
    subnet settings), both from the console."""
    vpc = ec2.create_vpc(CidrBlock="10.31.0.0/16")["Vpc"]["VpcId"]
    subnet = lvpc.create_subnet(ec2, vpc, "10.31.1.0/24")["SubnetId"]
    other = lvpc.create_subnet(ec2, vpc, "10.31.2.0/24")["SubnetId"]
    first = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=first, SubnetId=other)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]

    console.nav("Subnets")
    console.select_row(subnet)
    console.action("Edit subnet settings")
    console.wait_for(lambda d: next(iter(d.find_elements("css selector", "#field-mapPublicIp")), None), "the auto-assign box").click()
    console.click("Save")
    console.flash("successfully changed subnet settings")
    assert ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["MapPublicIpOnLaunch"] is True

    # Both subnets to the new table: one had no explicit association, the other moves from another table.
    console.nav("Route tables")
    console.select_row(table)
    console.action("Edit subnet associations")

    def box(subnet_id):
        return console.wait_for(lambda d: next(iter(d.find_elements("css selector", f"#field-subnet-{subnet_id}")), None), subnet_id)

    assert not box(subnet).is_selected() and not box(other).is_selected()
    box(subnet).click()
    box(other).click()
    console.click("Save associations")
    console.flash("successfully updated subnet associations")
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]
    associated = {a["SubnetId"]: t["RouteTableId"] for t in tables for a in t.get("Associations", []) if a.get("SubnetId")}
    assert associated == {subnet: table, other: table}

    # And one back to the main table.
    console.nav("Route tables")
    console.select_row(table)
    console.action("Edit subnet associations")
    assert box(subnet).is_selected() and box(other).is_selected()
    box(other).click()
    console.click("Save associations")
    console.flash("successfully updated subnet associations")
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]
    associated = {a["SubnetId"]: t["RouteTableId"] for t in tables for a in t.get("Associations", []) if a.get("SubnetId")}
    assert associated == {subnet: table}


@requires_browser
def test_wide_lists_scroll_inside_their_page_at_1280_pixels(console, ec2, client_factory):
    a = ec2.create_vpc(CidrBlock="10.51.0.0/16")["Vpc"]["VpcId"]
    other = client_factory("ec2", account="333333333333", region="eu-west-1")
    b = other.create_vpc(CidrBlock="10.52.0.0/16")["Vpc"]["VpcId"]
    ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b, PeerOwnerId="333333333333", PeerRegion="eu-west-1")
    console.driver.set_window_size(1280, 800)
    try:
        for page in ("Peering connections", "Subnets", "Instances"):
            console.nav(page)
            console.wait_for(lambda d: d.find_elements("css selector", "table.list"), f"the {page} list")
            width, window = console.driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            assert width <= window, f"{page}: the page is {width}px wide in a {window}px window"
    finally:
        console.driver.set_window_size(1600, 1000)


def _actions_menu(console) -> dict[str, bool]:
    """The selected item's Actions menu: each label and whether it may be chosen."""
    menu = console.wait_for(lambda d: next(iter(d.find_elements("css selector", "select.actions:not([disabled])")), None), "the Actions menu")
    return {o.text: o.is_enabled() for o in menu.find_elements("css selector", "option") if o.get_attribute("value")}


@requires_browser
def test_actions_that_cannot_apply_are_greyed_out(console, ec2):
    a = ec2.create_vpc(CidrBlock="10.61.0.0/16")["Vpc"]["VpcId"]
    b = ec2.create_vpc(CidrBlock="10.62.0.0/16")["Vpc"]["VpcId"]
    pcx = active_peering(ec2, a, b)
    lvpc.create_attached_igw(ec2, a)
    detached = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    main = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [a]}, {"Name": "association.main", "Values": ["true"]}])
    console.nav("Peering connections")
    console.select_row(pcx)
    menu = _actions_menu(console)
    assert menu["Accept request"] is False and menu["Reject request"] is False and menu["Delete peering connection"] is True
    console.nav("Route tables")
    console.select_row(main["RouteTables"][0]["RouteTableId"])
    menu = _actions_menu(console)
    assert menu["Delete route table"] is False and menu["Edit routes"] is True
    instance = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    console.nav("Instances")
    console.select_row(instance)
    menu = _actions_menu(console)
    assert menu["Start instance"] is False and menu["Stop instance"] is True and menu["Connect"] is True
    console.nav("Internet gateways")
    console.select_row(detached)
    menu = _actions_menu(console)
    assert menu["Detach from VPC"] is False and menu["Attach to VPC"] is True
    console.action("Attach to VPC")
    offered = console.wait_for(lambda d: [o.get_attribute("value") for o in d.find_elements("css selector", "#field-vpc option")] or None, "the VPCs")
    assert a not in offered and b in offered, "a VPC that has an internet gateway is not offered"


@requires_browser
def test_a_state_that_ends_by_itself_shows_without_a_reload(console, ec2):
    # A transit gateway is pending for a few seconds and then available with no API call in between: no change event
    # says so, so the page reads it again while something it shows is still passing.
    console.nav("Transit gateways")
    tgw = ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
    console.wait_for(lambda d: any(tgw in row and "pending" in row for row in console.rows()), "the new gateway, pending")
    lvpc.wait_until(lambda: ec2.describe_transit_gateways(TransitGatewayIds=[tgw])["TransitGateways"][0]["State"] == "available", timeout=30)
    console.wait_for(lambda d: any(tgw in row and "available" in row for row in console.rows()), "the gateway, available", timeout=5)


@requires_browser
def test_delete_vpc_takes_what_only_the_vpc_uses_and_names_what_must_go_first(console, ec2):
    """AWS's console deletes a VPC's subnets, route tables, groups, ACLs and internet gateway with it, after "delete"
    is typed; instances and the like must go first."""
    _create_vpc_and_more(console, "gone", "10.70.0.0/16")
    [vpc] = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["gone-vpc"]}])["Vpcs"]
    vpc = vpc["VpcId"]
    [gateway] = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])["InternetGateways"]
    web = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    db = ec2.create_security_group(GroupName="db", Description="db", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                                                                    "UserIdGroupPairs": [{"GroupId": web}]}])
    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
                                                                     "UserIdGroupPairs": [{"GroupId": db}]}])
    [default] = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
    ec2.authorize_security_group_ingress(GroupId=default["GroupId"], IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                                                                   "UserIdGroupPairs": [{"GroupId": web}]}])
    ec2.create_network_acl(VpcId=vpc)
    subnet = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"][0]["SubnetId"]
    instance = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, SubnetId=subnet)["Instances"][0]["InstanceId"]

    def delete_page() -> str:
        console.nav("Your VPCs")
        console.select_row(vpc)
        console.action("Delete VPC")
        return console.wait_for(lambda d: d.find_element("id", "main").text if "Delete VPC" in d.find_element("id", "main").text else None,
                                "the Delete VPC page")

    assert instance in delete_page()
    console.click("Delete")
    console.error("Delete what uses the VPC first")
    assert ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"]

    ec2.terminate_instances(InstanceIds=[instance])
    # What AWS manages goes with what it serves: a transit gateway attachment's interface is not named, and a gateway
    # endpoint is deleted with the VPC.
    tgw = ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
    lvpc.wait_until(lambda: ec2.describe_transit_gateways(TransitGatewayIds=[tgw])["TransitGateways"][0]["State"] == "available")
    attachment = ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])["TransitGatewayVpcAttachment"]
    text = delete_page()
    assert attachment["TransitGatewayAttachmentId"] in text and "Network interfaces" not in text, text
    ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=attachment["TransitGatewayAttachmentId"])
    lvpc.wait_until(lambda: ec2.describe_transit_gateway_vpc_attachments(
        TransitGatewayAttachmentIds=[attachment["TransitGatewayAttachmentId"]])["TransitGatewayVpcAttachments"][0]["State"] == "deleted")
    endpoint = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.s3")["VpcEndpoint"]["VpcEndpointId"]
    text = delete_page()
    assert "Deleted with it" in text and gateway["InternetGatewayId"] in text and web in text and endpoint in text
    console.type("Type delete to confirm", "delete")
    console.click("Delete")
    console.flash(f"You successfully deleted {vpc}")
    assert not ec2.describe_vpcs(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Vpcs"]
    assert not ec2.describe_internet_gateways(Filters=[{"Name": "internet-gateway-id", "Values": [gateway["InternetGatewayId"]]}])["InternetGateways"]


@requires_browser
def test_launch_instances_offers_the_groups_of_the_chosen_subnets_vpc(console, ec2):
    from selenium.webdriver.support.ui import Select

    a = ec2.create_vpc(CidrBlock="10.81.0.0/16")["Vpc"]["VpcId"]
    b = ec2.create_vpc(CidrBlock="10.82.0.0/16")["Vpc"]["VpcId"]
    subnet_b = lvpc.create_subnet(ec2, b, "10.82.1.0/24")["SubnetId"]
    lvpc.create_subnet(ec2, a, "10.81.1.0/24")
    group_a = ec2.create_security_group(GroupName="web-a", Description="a", VpcId=a)["GroupId"]
    group_b = ec2.create_security_group(GroupName="web-b", Description="b", VpcId=b)["GroupId"]
    console.nav("Instances")
    console.click("Launch instances")
    console.choose("Subnet", subnet_b)
    offered = Select(console.field("Common security groups"))
    values = [o.get_attribute("value") for o in offered.options]
    assert group_b in values and group_a not in values, values
    offered.select_by_value(group_b)
    console.click("Launch instance")
    console.flash("Successfully initiated launch of instance")
    [instance] = [i for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    assert (instance["SubnetId"], [g["GroupId"] for g in instance["SecurityGroups"]]) == (subnet_b, [group_b])


@requires_browser
def test_switching_region_keeps_the_live_dot_and_drops_the_old_banner(console, ec2):
    from selenium.webdriver.support.ui import Select

    _create_vpc(console, "10.91.0.0/16")
    console.flash("You successfully created")
    console.wait_for(lambda d: "on" in (d.find_element("id", "live").get_attribute("class") or ""), "the live dot")
    try:
        Select(console.driver.find_element("id", "region")).select_by_value("eu-west-1")
        console.wait_for(lambda d: not d.find_elements("css selector", ".flash.success"), "the old banner gone")
        assert "on" in (console.driver.find_element("id", "live").get_attribute("class") or "")
    finally:
        Select(console.driver.find_element("id", "region")).select_by_value("us-east-1")


@requires_browser
def test_rules_show_awss_type_names(console, ec2):
    vpc = ec2.create_vpc(CidrBlock="10.93.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="lab", Description="lab", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]},
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.7/32"}]}])
    console.nav("Security groups")
    console.select_row(group)
    console.tab("Inbound rules")
    rows = console.wait_for(lambda d: [r.text for r in d.find_elements("css selector", "section.detail table.list tbody tr")] or None, "the rules")
    assert any(r.startswith("All ICMP - IPv4 ICMP All 10.0.0.0/16") for r in rows), rows
    assert any(r.startswith("SSH TCP 22 203.0.113.7/32") for r in rows), rows
    console.tab("Outbound rules")
    console.wait_for(lambda d: any(r.text.startswith("All traffic All All 0.0.0.0/0")
                                   for r in d.find_elements("css selector", "section.detail table.list tbody tr")), "the default outbound rule")


def _edit_row(console, row, fields: dict[str, str]) -> None:
    """Sets a row of the open editor by its fields' labels: text in a box, the visible text of a menu's option."""
    from selenium.webdriver.support.ui import Select

    for label, value in fields.items():
        element = row.find_element("css selector", f"[aria-label='{label}']")
        if element.tag_name == "select":
            Select(element).select_by_visible_text(value)
        else:
            element.clear()
            element.send_keys(value)


def _add_row(console, button: str, fields: dict[str, str]) -> None:
    console.click(button)
    _edit_row(console, console.driver.find_elements("css selector", "table.edit tbody tr")[-1], fields)


def _editor_row(console, rule_number: str):
    """The open ACL editor's row for this rule number."""
    return console.wait_for(
        lambda d: next((r for r in d.find_elements("css selector", "table.edit tbody tr")
                        if any(i.get_attribute("value") == rule_number for i in r.find_elements("css selector", "input[aria-label='Rule number']"))),
                       None),
        f"the editor's row for rule {rule_number}")


@requires_browser
def test_edit_outbound_rules_replaces_the_default_egress(console, ec2):
    vpc = create_vpc(ec2, "10.94.0.0/16")["VpcId"]
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                                                       "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    console.nav("Security groups")
    console.select_row(group)
    console.tab("Outbound rules")
    console.click("Edit outbound rules")
    console.wait_for(lambda d: [th.text for th in d.find_elements("css selector", "table.edit th")][:4]
                     == ["Type", "Port range", "Destination", "Description - optional"], "the outbound rules editor")
    console.wait_for(lambda d: len(d.find_elements("css selector", "table.edit tbody tr")) == 1, "the default allow-all rule")
    console.click("Remove")
    _add_row(console, "Add rule", {"Type": "HTTPS", "Destination": "0.0.0.0/0"})
    console.click("Save rules")
    console.flash(f"Outbound security group rules successfully modified on security group ({group} | web)")
    [sg] = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"]
    egress = [(p["IpProtocol"], p.get("FromPort"), p.get("ToPort"), [r["CidrIp"] for r in p["IpRanges"]], p["Ipv6Ranges"], p["UserIdGroupPairs"])
              for p in sg["IpPermissionsEgress"]]
    assert egress == [("tcp", 443, 443, ["0.0.0.0/0"], [], [])]
    assert [(p["FromPort"], p["IpRanges"][0]["CidrIp"]) for p in sg["IpPermissions"]] == [(22, "10.0.0.0/8")], "the inbound rules are untouched"


@requires_browser
def test_edit_inbound_rules_changes_a_rule_in_place_and_a_refused_save_changes_nothing(console, ec2):
    """A changed rule keeps its id (ModifySecurityGroupRules, as AWS's console does): authorizing it again would be a
    duplicate of itself when only its description changed, which AWS refuses."""
    vpc = create_vpc(ec2, "10.93.0.0/16")["VpcId"]
    group = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "old"}]},
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])

    def rules() -> dict:
        found = ec2.describe_security_group_rules(Filters=filters(**{"group-id": group}))["SecurityGroupRules"]
        return {r["SecurityGroupRuleId"]: (r["FromPort"], r["CidrIpv4"], r.get("Description")) for r in found if not r["IsEgress"]}

    def editor_row(port: str):
        return console.wait_for(
            lambda d: next((r for r in d.find_elements("css selector", "table.edit tbody tr")
                            if r.find_element("css selector", "input[aria-label='Port range']").get_attribute("value") == port), None),
            f"the editor's row for port {port}")

    before = rules()
    ssh, http = (next(i for i, (port, _, _) in before.items() if port == wanted) for wanted in (22, 80))
    console.nav("Security groups")
    console.select_row(group)
    console.tab("Inbound rules")
    console.click("Edit inbound rules")
    _edit_row(console, editor_row("22"), {"Description": "admins"})
    _edit_row(console, editor_row("80"), {"Source": "192.168.0.0/16"})
    console.click("Save rules")
    console.flash(f"Inbound security group rules successfully modified on security group ({group} | app)")
    assert rules() == {ssh: (22, "10.0.0.0/8", "admins"), http: (80, "192.168.0.0/16", None)}

    # The SSH rule made a copy of the HTTP rule (a duplicate AWS refuses) beside a new HTTPS rule: nothing is changed.
    console.tab("Inbound rules")
    console.click("Edit inbound rules")
    _edit_row(console, editor_row("22"), {"Type": "HTTP", "Source": "192.168.0.0/16", "Description": ""})
    _add_row(console, "Add rule", {"Type": "HTTPS", "Source": "0.0.0.0/0"})
    console.click("Save rules")
    console.error("already exists")
    assert rules() == {ssh: (22, "10.0.0.0/8", "admins"), http: (80, "192.168.0.0/16", None)}


def _acl_entries(ec2, acl_id: str, egress: bool = False) -> dict:
    [acl] = ec2.describe_network_acls(NetworkAclIds=[acl_id])["NetworkAcls"]
    return {e["RuleNumber"]: (e["Protocol"], e["RuleAction"], e.get("CidrBlock"), e.get("PortRange"), e.get("IcmpTypeCode"))
            for e in acl["Entries"] if e["Egress"] == egress}


def _acl_of(ec2, subnet: str) -> str:
    [acl] = ec2.describe_network_acls(Filters=filters(**{"association.subnet-id": subnet}))["NetworkAcls"]
    return acl["NetworkAclId"]


def _open_acl_action(console, acl_id: str, tab: str, button: str) -> None:
    console.nav("Network ACLs")
    console.select_row(acl_id)
    console.tab(tab)
    console.click(button)


@requires_browser
def test_a_network_acl_made_edited_and_associated_in_the_console(console, ec2):
    """The peering lab's fix: an ACL that denies ICMP from the peer, made in the console, then changed to allow it."""
    vpc = create_vpc(ec2, "10.95.0.0/16")["VpcId"]
    subnet = create_subnet(ec2, vpc, "10.95.1.0/24")["SubnetId"]
    console.nav("Network ACLs")
    console.click("Create network ACL")
    console.type("Name - optional", "lab-acl")
    console.choose("VPC", vpc)
    console.click("Create network ACL")
    console.flash("You successfully created")
    [acl] = ec2.describe_network_acls(Filters=filters(**{"tag:Name": "lab-acl"}))["NetworkAcls"]
    acl_id = acl["NetworkAclId"]
    assert (acl["VpcId"], acl["IsDefault"]) == (vpc, False)

    _open_acl_action(console, acl_id, "Inbound rules", "Edit inbound rules")
    star = console.wait_for(lambda d: next(iter(d.find_elements("css selector", "table.edit tbody tr")), None), "the * rule")
    assert star.text.startswith("* All traffic All All 0.0.0.0/0 Deny") and not star.find_elements("css selector", "input, select, button")
    _add_row(console, "Add new rule", {"Rule number": "100", "Type": "All ICMP - IPv4", "Source": "10.0.0.0/16", "Allow/Deny": "Deny"})
    _add_row(console, "Add new rule", {"Rule number": "200", "Type": "All traffic", "Source": "0.0.0.0/0", "Allow/Deny": "Allow"})
    console.click("Save changes")
    console.flash("inbound rules")
    everything = ("-1", "deny", "0.0.0.0/0", None, None)
    assert _acl_entries(ec2, acl_id) == {100: ("1", "deny", "10.0.0.0/16", None, {"Code": -1, "Type": -1}),
                                         200: ("-1", "allow", "0.0.0.0/0", None, None), 32767: everything}
    assert _acl_entries(ec2, acl_id, egress=True) == {32767: everything}

    _open_acl_action(console, acl_id, "Subnet associations", "Edit subnet associations")
    console.wait_for(lambda d: next(iter(d.find_elements("id", f"field-subnet-{subnet}")), None), "the subnet's box").click()
    console.click("Save changes")
    console.flash("You have successfully updated subnet associations")
    assert _acl_of(ec2, subnet) == acl_id

    _open_acl_action(console, acl_id, "Inbound rules", "Edit inbound rules")
    _edit_row(console, _editor_row(console, "100"), {"Allow/Deny": "Allow"})
    _editor_row(console, "200").find_element("xpath", ".//button[normalize-space()='Remove']").click()
    console.click("Save changes")
    console.flash("inbound rules")
    assert _acl_entries(ec2, acl_id) == {100: ("1", "allow", "10.0.0.0/16", None, {"Code": -1, "Type": -1}), 32767: everything}


@requires_browser
def test_a_refused_network_acl_save_changes_nothing(console, ec2):
    vpc = create_vpc(ec2, "10.96.0.0/16")["VpcId"]
    acl_id = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Protocol="6", RuleAction="deny", Egress=True,
                                 CidrBlock="10.0.0.0/16", PortRange={"From": 22, "To": 22})
    # An entry the Type menu cannot name (ICMP echo requests only) is shown as it is and kept.
    ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=110, Protocol="1", RuleAction="allow", Egress=True,
                                 CidrBlock="10.0.0.0/16", IcmpTypeCode={"Type": 8, "Code": -1})
    before = _acl_entries(ec2, acl_id, egress=True)

    # A change the API takes, beside one it refuses: neither is made.
    for number, cidr, error in (("0", "0.0.0.0/0", "Rulenumber must be in range 1..32766"), ("300", "10.0.0.0/33", "This is not a valid CIDR block")):
        _open_acl_action(console, acl_id, "Outbound rules", "Edit outbound rules")
        _edit_row(console, _editor_row(console, "100"), {"Allow/Deny": "Allow", "Type": "HTTPS (443)"})
        _add_row(console, "Add new rule", {"Rule number": number, "Type": "Custom UDP", "Port range": "53", "Destination": cidr})
        console.click("Save changes")
        console.error(error)
        assert _acl_entries(ec2, acl_id, egress=True) == before

    # Two rows for one rule number are refused in the form.
    _open_acl_action(console, acl_id, "Outbound rules", "Edit outbound rules")
    _add_row(console, "Add new rule", {"Rule number": "100", "Type": "All traffic", "Destination": "0.0.0.0/0"})
    console.click("Save changes")
    console.error("Two rules have the rule number 100")
    assert _acl_entries(ec2, acl_id, egress=True) == before

    _open_acl_action(console, acl_id, "Outbound rules", "Edit outbound rules")
    echo = console.wait_for(lambda d: next((r for r in d.find_elements("css selector", "table.edit tbody tr") if r.text.startswith("110 ")), None),
                            "the fixed row of rule 110")
    assert echo.text.startswith("110 Custom ICMP - IPv4 ICMP (1)") and not echo.find_elements("css selector", "input, select, button")
    _edit_row(console, _editor_row(console, "100"), {"Allow/Deny": "Allow"})
    console.click("Save changes")
    console.flash("outbound rules")
    assert _acl_entries(ec2, acl_id, egress=True) == {**before, 100: ("6", "allow", "10.0.0.0/16", {"From": 22, "To": 22}, None)}
    console.tab("Outbound rules")
    console.wait_for(lambda d: any(r.text.startswith("100 SSH (22) TCP (6) 22 10.0.0.0/16 Allow")
                                   for r in d.find_elements("css selector", "section.detail table.list tbody tr")), "the changed rule in the tab")


@requires_browser
def test_a_subnet_unticked_goes_back_to_the_default_acl(console, ec2):
    vpc = create_vpc(ec2, "10.97.0.0/16")["VpcId"]
    subnet = create_subnet(ec2, vpc, "10.97.1.0/24")["SubnetId"]
    default = _acl_of(ec2, subnet)
    acl_id = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    [acl] = ec2.describe_network_acls(NetworkAclIds=[default])["NetworkAcls"]
    [association] = [a["NetworkAclAssociationId"] for a in acl["Associations"] if a["SubnetId"] == subnet]
    ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=acl_id)

    _open_acl_action(console, acl_id, "Subnet associations", "Edit subnet associations")
    box = console.wait_for(lambda d: next(iter(d.find_elements("id", f"field-subnet-{subnet}")), None), "the subnet's box")
    assert box.is_selected()
    box.click()
    console.click("Save changes")
    console.flash("You have successfully updated subnet associations")
    assert _acl_of(ec2, subnet) == default


@requires_browser
def test_delete_network_acls_is_greyed_out_for_the_default_acl(console, ec2):
    vpc = create_vpc(ec2, "10.98.0.0/16")["VpcId"]
    [default] = ec2.describe_network_acls(Filters=filters(**{"vpc-id": vpc, "default": "true"}))["NetworkAcls"]
    acl_id = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    console.nav("Network ACLs")
    console.select_row(default["NetworkAclId"])
    assert _actions_menu(console)["Delete network ACLs"] is False
    console.select_row(acl_id)
    assert _actions_menu(console)["Delete network ACLs"] is True
    console.action("Delete network ACLs")
    console.click("Delete")
    console.flash(f"You successfully deleted {acl_id}")
    assert not ec2.describe_network_acls(Filters=filters(**{"network-acl-id": acl_id}))["NetworkAcls"]
