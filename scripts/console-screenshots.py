#!/usr/bin/env python3
"""Screenshots of every page of the web console, for a reviewer to look at (and the README's pictures).

Starts its own server (`localvpc serve --ephemeral --data-plane off` on a free port), builds seed 000's cloud through
boto3 — two VPCs peered as Lab-Peer, routes both ways, a group allowing ICMP from the peer, an instance in each — opens
each page in headless Chromium and writes one PNG per page to the output folder (default: .build/console-screenshots, out of git).

Needs: a debug or release build of localvpc, chromium and chromium-driver (apt), selenium and boto3 (pip).
Usage: scripts/console-screenshots.py [--out DIR] [--localvpc PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "Tests" / "client"))

import lvpc  # noqa: E402
from console_helpers import Console, start_browser  # noqa: E402


def build_seed_000(ec2) -> dict:
    """Seed 000's cloud, and a blocked path for the reachability view."""
    def vpc(name, cidr):
        return ec2.create_vpc(CidrBlock=cidr, TagSpecifications=lvpc.tag_spec("vpc", Name=name))["Vpc"]["VpcId"]

    requester, accepter = vpc("Requester VPC", "10.0.0.0/16"), vpc("Acceptor VPC", "10.5.0.0/16")
    subnets = {}
    for name, vpc_id, cidr, zone in (("Public subnet", requester, "10.0.1.0/24", "us-east-1a"), ("Private subnet", requester, "10.0.2.0/24", "us-east-1b"),
                                     ("DB subnet", accepter, "10.5.1.0/24", "us-east-1a")):
        subnets[name] = ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=zone,
                                          TagSpecifications=lvpc.tag_spec("subnet", Name=name))["Subnet"]["SubnetId"]
    gateway = ec2.create_internet_gateway(TagSpecifications=lvpc.tag_spec("internet-gateway", Name="Lab IGW"))["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=requester)
    public = ec2.create_route_table(VpcId=requester, TagSpecifications=lvpc.tag_spec("route-table", Name="Public Route Table"))["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    ec2.associate_route_table(RouteTableId=public, SubnetId=subnets["Public subnet"])
    peering = ec2.create_vpc_peering_connection(VpcId=requester, PeerVpcId=accepter,
                                                TagSpecifications=lvpc.tag_spec("vpc-peering-connection", Name="Lab-Peer"))["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=peering)
    ec2.create_route(RouteTableId=public, DestinationCidrBlock="10.5.0.0/16", VpcPeeringConnectionId=peering)
    [accepter_table] = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [accepter]}])["RouteTables"]
    ec2.create_route(RouteTableId=accepter_table["RouteTableId"], DestinationCidrBlock="10.0.0.0/16", VpcPeeringConnectionId=peering)
    group = ec2.create_security_group(GroupName="db", Description="DB tier", VpcId=accepter)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}])
    web = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, SubnetId=subnets["Public subnet"],
                            TagSpecifications=lvpc.tag_spec("instance", Name="web"))["Instances"][0]["InstanceId"]
    db = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, SubnetId=subnets["DB subnet"], SecurityGroupIds=[group],
                           TagSpecifications=lvpc.tag_spec("instance", Name="db"))["Instances"][0]["InstanceId"]
    return {"requester": requester, "web": web, "db": db, "peering": peering, "public": public}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / ".build" / "console-screenshots")
    parser.add_argument("--localvpc", type=Path, default=None, help="the localvpc binary (default: LOCALVPC_BIN or .build/debug/localvpc)")
    options = parser.parse_args()
    if options.localvpc:
        import os
        os.environ["LOCALVPC_BIN"] = str(options.localvpc)
    root = Path(tempfile.mkdtemp(prefix="lvpc-screens-"))
    server = lvpc.ServerProcess(root / "state", log_path=root / "server.log").start(timeout=30)
    driver = start_browser()
    try:
        ec2 = lvpc.make_boto_client(server.endpoint)
        ids = build_seed_000(ec2)
        console = Console(driver, server.endpoint).open()
        shots = [
            ("vpcs", f"#/vpcs/{ids['requester']}"), ("subnets", "#/subnets"), ("route-tables", f"#/routeTables/{ids['public']}"),
            ("peering-connections", f"#/peeringConnections/{ids['peering']}"), ("security-groups", "#/securityGroups"),
            ("network-acls", "#/networkAcls"), ("instances", f"#/instances/{ids['web']}"), ("internet-gateways", "#/internetGateways"),
            ("elastic-ips", "#/addresses"), ("create-peering-connection", "#/peeringConnections/action/createPeeringConnection"),
            ("edit-routes", f"#/routeTables/action/editRoutes/{ids['public']}"),
        ]
        options.out.mkdir(parents=True, exist_ok=True)
        for name, hash_ in shots:
            driver.get(f"{server.endpoint}/{hash_}")
            console.wait_for(lambda d: d.find_elements("css selector", "#main .page"), name)
            if "routeTables/" in hash_ and "action" not in hash_:
                console.tab("Routes")
            time.sleep(0.3)
            console.screenshot(options.out / f"{name}.png")
            print(options.out / f"{name}.png")
        # The resource map of the requester VPC, and a blocked path in the Reachability Analyzer.
        driver.get(f"{server.endpoint}/#/vpcs/{ids['requester']}")
        console.wait_for(lambda d: d.find_elements("css selector", "section.detail"), "the VPC's details")
        console.tab("Resource map")
        console.wait_for(lambda d: d.find_elements("css selector", "svg.resource-map"), "the resource map")
        driver.execute_script("document.querySelector('svg.resource-map').scrollIntoView()")
        console.screenshot(options.out / "resource-map.png")
        print(options.out / "resource-map.png")
        driver.get(f"{server.endpoint}/#/reachability")
        console.wait_for(lambda d: d.find_elements("css selector", "select[name=source]"), "the Reachability Analyzer")
        from selenium.webdriver.support.ui import Select

        Select(driver.find_element("css selector", "select[name=source]")).select_by_value(ids["web"])
        Select(driver.find_element("css selector", "select[name=destination]")).select_by_value(ids["db"])
        driver.find_element("css selector", "input[name=port]").send_keys("5432")
        console.click("Create and analyze path")
        console.wait_for(lambda d: d.find_elements("css selector", ".analysis-result"), "the analysis")
        console.screenshot(options.out / "reachability.png")
        print(options.out / "reachability.png")
    finally:
        driver.quit()
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
