"""Helpers for the Reachability Analyzer tests (test_network_insights.py,
test_reach_command.py): the seed walkthroughs' two peered VPCs with an
instance in each, built with boto3 exactly as the walkthroughs build them.

Sources quoted here:
- EC2 API Reference, CreateNetworkInsightsPath / StartNetworkInsightsAnalysis /
  DescribeNetworkInsightsAnalyses; the analysis `Status` is running |
  succeeded | failed, and `NetworkPathFound` says whether a path was found.
- Reachability Analyzer Guide, "Explanation codes" (NO_ROUTE_TO_DESTINATION,
  ENI_SG_RULES_MISMATCH, SUBNET_ACL_RESTRICTION, BAD_STATE, ...).
"""

from __future__ import annotations

import subprocess

import compute_helpers as ch
import lvpc
from lvpc import filters


def peered_pair(ec2, *, routes: tuple[bool, bool] = (False, False), open_groups: bool = False) -> dict:
    """VPC A (10.0.0.0/16, instance "web") and VPC B (172.16.0.0/16, instance
    "db"), peered and accepted. `routes` adds A->B and B->A routes in the main
    tables; `open_groups` lets all traffic from the other VPC into each default
    group."""
    a = ch.network(ec2, "10.0.0.0/16", "10.0.1.0/24")
    b = ch.network(ec2, "172.16.0.0/16", "172.16.1.0/24")
    web = ch.launch(ec2, a["subnet"], TagSpecifications=lvpc.tag_spec("instance", Name="web"))
    db = ch.launch(ec2, b["subnet"], TagSpecifications=lvpc.tag_spec("instance", Name="db"))
    pcx = ec2.create_vpc_peering_connection(VpcId=a["vpc"], PeerVpcId=b["vpc"])["VpcPeeringConnection"][
        "VpcPeeringConnectionId"
    ]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    rtb_a = lvpc.main_route_table(ec2, a["vpc"])["RouteTableId"]
    rtb_b = lvpc.main_route_table(ec2, b["vpc"])["RouteTableId"]
    if routes[0]:
        ec2.create_route(RouteTableId=rtb_a, DestinationCidrBlock="172.16.0.0/16", VpcPeeringConnectionId=pcx)
    if routes[1]:
        ec2.create_route(RouteTableId=rtb_b, DestinationCidrBlock="10.0.0.0/16", VpcPeeringConnectionId=pcx)
    if open_groups:
        for side, peer in ((a, "172.16.0.0/16"), (b, "10.0.0.0/16")):
            ec2.authorize_security_group_ingress(
                GroupId=side["sg"], IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": peer}]}]
            )
    return {
        "a": a,
        "b": b,
        "web": web["InstanceId"],
        "db": db["InstanceId"],
        "web_ip": web["PrivateIpAddress"],
        "db_ip": db["PrivateIpAddress"],
        "pcx": pcx,
        "rtb_a": rtb_a,
        "rtb_b": rtb_b,
        "acl_b": default_acl(ec2, b["vpc"]),
    }


def default_acl(ec2, vpc_id: str) -> str:
    acls = ec2.describe_network_acls(Filters=filters(**{"vpc-id": vpc_id, "default": "true"}))["NetworkAcls"]
    assert len(acls) == 1, acls
    return acls[0]["NetworkAclId"]


def analyse(ec2, source: str, destination: str, protocol: str = "tcp", port: int | None = 22, **extra) -> dict:
    """Create a path, start an analysis, return the analysis as DescribeNetworkInsightsAnalyses shows it."""
    kwargs = {"Source": source, "Destination": destination, "Protocol": protocol, **extra}
    if port is not None:
        kwargs["DestinationPort"] = port
    path = ec2.create_network_insights_path(**kwargs)["NetworkInsightsPath"]
    started = ec2.start_network_insights_analysis(NetworkInsightsPathId=path["NetworkInsightsPathId"])
    analysis_id = started["NetworkInsightsAnalysis"]["NetworkInsightsAnalysisId"]

    def done():
        [found] = ec2.describe_network_insights_analyses(NetworkInsightsAnalysisIds=[analysis_id])[
            "NetworkInsightsAnalyses"
        ]
        return found if found["Status"] != "running" else None

    return lvpc.wait_until(done, desc=f"analysis {analysis_id} to finish")


def codes(analysis: dict) -> list[str]:
    return [e["ExplanationCode"] for e in analysis.get("Explanations", [])]


def insights_left(ec2) -> tuple[list, list]:
    """Every path and analysis in the region: `localvpc reach` must leave none behind."""
    return (
        ec2.describe_network_insights_paths()["NetworkInsightsPaths"],
        ec2.describe_network_insights_analyses()["NetworkInsightsAnalyses"],
    )


def localvpc(endpoint, tmp_path, *args):
    """Runs `localvpc ARGS` (reach, doctor, …) with the AWS CLI's isolated environment; returns the process."""
    env = lvpc.cli_env(endpoint, "test", "us-east-1", tmp_path)
    return subprocess.run(
        [str(lvpc.localvpc_bin()), *map(str, args)], env=env, capture_output=True, text=True, timeout=120
    )
