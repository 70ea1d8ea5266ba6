"""Every scenario of the evaluator's explanation-code table (`PeeredPair.Scenario` in
Tests/TestSupport/PeeredPair+Scenario.swift), rebuilt with boto3 on the seeds' peered pair and run through real
packets: A's ping (or TCP connection) to B gets through exactly when Network Insights finds the path, and each
scenario blocked with its explanation code gets through once its fix is applied (analysis and packets again).

The Swift table and this one must list the same scenarios: a scenario added there and not here fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import lvpc
from compute_helpers import default_group_id, start, stop
from dataplane_fixtures import ec2, programs, server, shell  # noqa: F401 (fixtures)
from dataplane_helpers import Programs, Shell, requires_data_plane, running
from insights_helpers import codes
from peering_helpers import accept, wait_status

pytestmark = [requires_data_plane, pytest.mark.own_server]

SCENARIO_FILE = Path(__file__).resolve().parents[1] / "TestSupport" / "PeeredPair+Scenario.swift"

# The code each scenario is blocked with (Tests/ReachabilityTests/ExplanationCodeTableTests.swift); the base case
# has none.
EXPECTED = {
    "reachable": None,
    "noRoutes": "NO_ROUTE_TO_DESTINATION",
    "pendingPeering": "BAD_STATE_ROUTE",
    "deletedPeering": "BAD_STATE_ROUTE",
    "stoppedDestination": "BAD_STATE",
    "noIngressRule": "ENI_SG_RULES_MISMATCH",
    "noEgressRules": "SG_HAS_NO_RULES",
    "aclDenyIn": "SUBNET_ACL_RESTRICTION",
    "aclDenyReply": "SUBNET_ACL_RESTRICTION",
    "nothingAtTheAddress": "NO_POSSIBLE_DESTINATION",
    "wrongPeerByLongestPrefix": "MORE_SPECIFIC_ROUTE",
}

NOTHING_THERE = "172.16.1.200"


def swift_scenarios() -> list[str]:
    """The cases of `PeeredPair.Scenario`, in the Swift file's order."""
    text = SCENARIO_FILE.read_text()
    body = text[text.index("enum Scenario") :]
    body = body[: body.index("}")]
    return [name.strip() for line in re.findall(r"^\s*case (.+)$", body, re.M) for name in line.split(",")]


def test_the_table_lists_every_swift_scenario():
    assert swift_scenarios() == list(EXPECTED)


class Pair:
    """The peered pair of the seeds, built with boto3 as `PeeredPair.make` builds it: VPC A (10.0.0.0/16) and B
    (172.16.0.0/16), a subnet and an instance in each, peered with routes both ways and each default group open to the
    other VPC, but for the scenario's one change."""

    def __init__(self, ec2, scenario: str) -> None:
        self.ec2 = ec2
        self.scenario = scenario
        self.vpc_a = lvpc.create_vpc(ec2, "10.0.0.0/16")["VpcId"]
        self.vpc_b = lvpc.create_vpc(ec2, "172.16.0.0/16")["VpcId"]
        self.subnet_a = lvpc.create_subnet(ec2, self.vpc_a, "10.0.1.0/24")["SubnetId"]
        self.subnet_b = lvpc.create_subnet(ec2, self.vpc_b, "172.16.1.0/24")["SubnetId"]
        self.a = running(ec2, self.subnet_a)["InstanceId"]
        b = running(ec2, self.subnet_b)
        self.b, self.b_ip = b["InstanceId"], b["PrivateIpAddress"]
        self.table_a = lvpc.main_route_table(ec2, self.vpc_a)["RouteTableId"]
        self.table_b = lvpc.main_route_table(ec2, self.vpc_b)["RouteTableId"]
        self.group_a, self.group_b = default_group_id(ec2, self.vpc_a), default_group_id(ec2, self.vpc_b)
        [self.acl_b] = [a["NetworkAclId"] for a in ec2.describe_network_acls(Filters=lvpc.filters(**{"vpc-id": self.vpc_b}))["NetworkAcls"]]
        # What A sends: an echo request to B, or TCP to port 80 (aclDenyReply), or to an address where nothing is.
        self.destination = NOTHING_THERE if scenario == "nothingAtTheAddress" else self.b_ip
        self.tcp_port = 80 if scenario == "aclDenyReply" else None

        self.pcx = self.request_peering()
        if scenario != "pendingPeering":
            accept(ec2, self.pcx)
        if scenario != "noRoutes":
            self.route_both_ways()
        if scenario != "noIngressRule":
            self.open_groups()
        self.apply()

    def request_peering(self) -> str:
        pcx = self.ec2.create_vpc_peering_connection(VpcId=self.vpc_a, PeerVpcId=self.vpc_b)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        wait_status(self.ec2, pcx, "pending-acceptance")
        return pcx

    def route_both_ways(self, replace: bool = False) -> None:
        route = self.ec2.replace_route if replace else self.ec2.create_route
        route(RouteTableId=self.table_a, DestinationCidrBlock="172.16.0.0/16", VpcPeeringConnectionId=self.pcx)
        route(RouteTableId=self.table_b, DestinationCidrBlock="10.0.0.0/16", VpcPeeringConnectionId=self.pcx)

    def open_groups(self) -> None:
        for group, peer in ((self.group_a, "172.16.0.0/16"), (self.group_b, "10.0.0.0/16")):
            self.ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": peer}]}])

    def apply(self) -> None:
        """The scenario's change, as `PeeredPair.make` makes it."""
        ec2, s = self.ec2, self.scenario
        if s == "deletedPeering":
            ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=self.pcx)
        elif s == "stoppedDestination":
            stop(ec2, self.b)
        elif s == "noEgressRules":
            ec2.revoke_security_group_egress(GroupId=self.group_a, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        elif s == "aclDenyIn":
            ec2.create_network_acl_entry(NetworkAclId=self.acl_b, RuleNumber=1, Protocol="-1", RuleAction="deny", Egress=False, CidrBlock="10.0.0.0/8")
        elif s == "aclDenyReply":
            ec2.create_network_acl_entry(
                NetworkAclId=self.acl_b, RuleNumber=1, Protocol="6", RuleAction="deny", Egress=True, CidrBlock="10.0.0.0/8",
                PortRange={"From": 1024, "To": 65535},
            )
        elif s == "wrongPeerByLongestPrefix":
            # A third VPC claims 172.16.1.0/24 through a more specific route: B's instance is no longer reached.
            vpc_c = lvpc.create_vpc(ec2, "172.16.0.0/20")["VpcId"]
            pcx = ec2.create_vpc_peering_connection(VpcId=self.vpc_a, PeerVpcId=vpc_c)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
            wait_status(ec2, pcx, "pending-acceptance")
            accept(ec2, pcx)
            ec2.create_route(RouteTableId=self.table_a, DestinationCidrBlock="172.16.1.0/24", VpcPeeringConnectionId=pcx)

    def fix(self, shell_programs: Programs) -> None:
        """Undoes the scenario's change the way a user following the explanation would."""
        ec2, s = self.ec2, self.scenario
        if s == "noRoutes":
            self.route_both_ways()
        elif s == "pendingPeering":
            accept(ec2, self.pcx)
        elif s == "deletedPeering":
            self.pcx = self.request_peering()
            accept(ec2, self.pcx)
            self.route_both_ways(replace=True)
        elif s == "stoppedDestination":
            start(ec2, self.b)
        elif s == "noIngressRule":
            self.open_groups()
        elif s == "noEgressRules":
            ec2.authorize_security_group_egress(GroupId=self.group_a, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        elif s == "aclDenyIn":
            ec2.delete_network_acl_entry(NetworkAclId=self.acl_b, RuleNumber=1, Egress=False)
        elif s == "aclDenyReply":
            ec2.delete_network_acl_entry(NetworkAclId=self.acl_b, RuleNumber=1, Egress=True)
        elif s == "nothingAtTheAddress":
            instance = running(ec2, self.subnet_b, PrivateIpAddress=NOTHING_THERE)["InstanceId"]
            if self.tcp_port:
                shell_programs.listener(instance, self.tcp_port)
        elif s == "wrongPeerByLongestPrefix":
            ec2.delete_route(RouteTableId=self.table_a, DestinationCidrBlock="172.16.1.0/24")

    def analysis(self) -> dict:
        if self.scenario == "nothingAtTheAddress":
            path = {"FilterAtSource": {"DestinationAddress": self.destination}}
        else:
            path = {"Destination": self.b}
        path["Protocol"] = "tcp" if self.tcp_port else "icmp"
        if self.tcp_port:
            path["DestinationPort"] = self.tcp_port
        path_id = self.ec2.create_network_insights_path(Source=self.a, **path)["NetworkInsightsPath"]["NetworkInsightsPathId"]
        started = self.ec2.start_network_insights_analysis(NetworkInsightsPathId=path_id)["NetworkInsightsAnalysis"]
        analysis_id = started["NetworkInsightsAnalysisId"]

        def done():
            [found] = self.ec2.describe_network_insights_analyses(NetworkInsightsAnalysisIds=[analysis_id])["NetworkInsightsAnalyses"]
            return found if found["Status"] != "running" else None

        return lvpc.wait_until(done, desc=f"analysis {analysis_id}")

    def packets_pass(self, shell: Shell, expected: bool) -> bool:
        """Whether A's packets get through (waiting long only where they are expected to)."""
        if self.tcp_port:
            return shell.connects(self.a, self.destination, self.tcp_port, wait=2 if expected else 1)
        return shell.pings(self.a, self.destination)


@pytest.mark.parametrize("scenario", list(EXPECTED))
def test_packets_agree_with_the_analysis(ec2, shell, programs, scenario):
    pair = Pair(ec2, scenario)
    if pair.tcp_port and scenario != "stoppedDestination":
        programs.listener(pair.b, pair.tcp_port)

    analysis = pair.analysis()
    expected = EXPECTED[scenario]
    assert codes(analysis) == ([expected] if expected else []), analysis.get("Explanations")
    assert analysis["NetworkPathFound"] is (expected is None)
    assert pair.packets_pass(shell, analysis["NetworkPathFound"]) is analysis["NetworkPathFound"], f"{scenario}: the packets disagree with the analysis"
    if expected is None:
        return

    pair.fix(programs)
    fixed = pair.analysis()
    assert fixed["NetworkPathFound"] is True, fixed.get("Explanations")
    assert pair.packets_pass(shell, True), f"{scenario}: fixed, but the packets do not pass"
