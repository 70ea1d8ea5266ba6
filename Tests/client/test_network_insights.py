"""Reachability Analyzer (Network Insights) over the wire: paths, analyses and
their shapes as botocore parses them, with the seed walkthroughs' peered pair.

Codes: InvalidNetworkInsightsPathId.NotFound, InvalidNetworkInsightsAnalysisId.NotFound,
InvalidNetworkInsightsAnalysisId.Malformed, AnalysisExistsForNetworkInsightsPath,
NetworkInsightsSource.NotFound, NetworkInsightsDestination.NotFound are the codes
AWS's own CloudFormation handlers and the Terraform AWS provider match on. The
MissingParameter message for a path without Destination is AWS's, as quoted in
terraform-provider-aws issue 38132.
UNSURE: InvalidNetworkInsightsPathId.Malformed (by analogy with the analysis id),
InvalidParameterValue for a protocol outside tcp/udp, and the wording of messages.
"""

from __future__ import annotations

import datetime

import compute_helpers as ch
import lvpc
from insights_helpers import analyse, codes, peered_pair
from lvpc import filters, raises_code

UNKNOWN_PATH = "nip-0123456789abcdef0"
UNKNOWN_ANALYSIS = "nia-0123456789abcdef0"


def test_path_create_describe_delete_shapes(ec2):
    pair = peered_pair(ec2)
    path = ec2.create_network_insights_path(
        Source=pair["web"],
        Destination=pair["db"],
        Protocol="tcp",
        DestinationPort=5432,
        TagSpecifications=lvpc.tag_spec("network-insights-path", Name="web-db"),
    )["NetworkInsightsPath"]
    pid = path["NetworkInsightsPathId"]
    assert pid.startswith("nip-") and len(pid) == 21
    assert path["NetworkInsightsPathArn"] == f"arn:aws:ec2:us-east-1:000000000000:network-insights-path/{pid}"
    assert path["Source"] == pair["web"] and path["Destination"] == pair["db"]
    assert path["SourceArn"].endswith(f":instance/{pair['web']}")
    assert path["Protocol"] == "tcp" and path["DestinationPort"] == 5432
    assert isinstance(path["CreatedDate"], datetime.datetime)
    assert lvpc.tags_of(path) == {"Name": "web-db"}

    [described] = ec2.describe_network_insights_paths(NetworkInsightsPathIds=[pid])["NetworkInsightsPaths"]
    assert described == path
    for name, value in [
        ("source", pair["web"]),
        ("destination", pair["db"]),
        ("protocol", "tcp"),
        ("destination-port", "5432"),
        ("tag:Name", "web-db"),
    ]:
        found = ec2.describe_network_insights_paths(Filters=filters(**{name: value}))["NetworkInsightsPaths"]
        assert [p["NetworkInsightsPathId"] for p in found] == [pid], name
    assert ec2.describe_network_insights_paths(Filters=filters(protocol="udp"))["NetworkInsightsPaths"] == []

    assert ec2.delete_network_insights_path(NetworkInsightsPathId=pid)["NetworkInsightsPathId"] == pid
    with raises_code("InvalidNetworkInsightsPathId.NotFound"):
        ec2.describe_network_insights_paths(NetworkInsightsPathIds=[pid])


def test_peering_without_routes_finds_no_path_and_says_which_table(ec2):
    pair = peered_pair(ec2)
    analysis = analyse(ec2, pair["web"], pair["db"])
    assert analysis["Status"] == "succeeded"
    assert analysis["NetworkPathFound"] is False
    assert analysis["NetworkInsightsAnalysisArn"].endswith(f":network-insights-analysis/{analysis['NetworkInsightsAnalysisId']}")
    assert isinstance(analysis["StartDate"], datetime.datetime)
    [explanation] = analysis["Explanations"]
    assert explanation["ExplanationCode"] == "NO_ROUTE_TO_DESTINATION"
    assert explanation["Component"]["Id"] == pair["rtb_a"]
    assert explanation["RouteTable"]["Id"] == pair["rtb_a"]
    assert explanation["Vpc"]["Id"] == pair["a"]["vpc"]
    assert explanation["Cidrs"] == ["172.16.0.0/16"]
    assert explanation["VpcPeeringConnection"]["Id"] == pair["pcx"]
    forward = analysis["ForwardPathComponents"]
    assert [c["SequenceNumber"] for c in forward] == list(range(1, len(forward) + 1))
    assert forward[0]["Component"]["Id"].startswith("eni-")
    assert any(c.get("SecurityGroupRule", {}).get("Direction") == "egress" for c in forward)
    acl = next(c["AclRule"] for c in forward if "AclRule" in c)
    assert acl == {"Cidr": "0.0.0.0/0", "Egress": True, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100}
    assert analysis["ReturnPathComponents"] == []


def test_routes_both_ways_and_a_rule_find_the_path_there_and_back(ec2):
    pair = peered_pair(ec2, routes=(True, True), open_groups=True)
    analysis = analyse(ec2, pair["web"], pair["db"], "tcp", 22)
    assert analysis["NetworkPathFound"] is True
    assert "Explanations" not in analysis
    forward = analysis["ForwardPathComponents"]
    route = next(c["RouteTableRoute"] for c in forward if "RouteTableRoute" in c)
    assert route == {
        "DestinationCidr": "172.16.0.0/16",
        "VpcPeeringConnectionId": pair["pcx"],
        "Origin": "CreateRoute",
        "State": "active",
    }
    assert any(c["Component"]["Id"] == pair["pcx"] for c in forward)
    ingress = next(c for c in forward if c.get("SecurityGroupRule", {}).get("Direction") == "ingress")
    assert ingress["SecurityGroupRule"]["Cidr"] == "10.0.0.0/16"
    assert ingress["Vpc"] == {
        "Id": pair["b"]["vpc"],
        "Arn": f"arn:aws:ec2:us-east-1:000000000000:vpc/{pair['b']['vpc']}",
    }
    back = analysis["ReturnPathComponents"]
    assert back and back[-1]["Component"]["Id"] == forward[0]["Component"]["Id"]
    assert any(c.get("RouteTableRoute", {}).get("DestinationCidr") == "10.0.0.0/16" for c in back)


def test_routes_one_way_block_the_reply(ec2):
    pair = peered_pair(ec2, routes=(True, False), open_groups=True)
    analysis = analyse(ec2, pair["web"], pair["db"])
    assert analysis["NetworkPathFound"] is False
    assert codes(analysis) == ["NO_ROUTE_TO_DESTINATION"]
    assert analysis["Explanations"][0]["RouteTable"]["Id"] == pair["rtb_b"]
    assert analysis["Explanations"][0]["Cidrs"] == ["10.0.0.0/16"]
    assert analysis["ReturnPathComponents"], "the reply got as far as the table without a route"


def test_missing_group_rule_is_eni_sg_rules_mismatch_with_the_group(ec2):
    pair = peered_pair(ec2, routes=(True, True))
    analysis = analyse(ec2, pair["web"], pair["db"], "tcp", 5432)
    [explanation] = analysis["Explanations"]
    assert explanation["ExplanationCode"] == "ENI_SG_RULES_MISMATCH"
    assert explanation["Direction"] == "ingress"
    assert explanation["SecurityGroup"]["Id"] == pair["b"]["sg"]
    assert explanation["Protocols"] == ["tcp"] and explanation["PortRanges"] == [{"From": 5432, "To": 5432}]


def test_acl_denying_the_reply_is_subnet_acl_restriction(ec2):
    pair = peered_pair(ec2, routes=(True, True), open_groups=True)
    ec2.create_network_acl_entry(
        NetworkAclId=pair["acl_b"], RuleNumber=50, Protocol="6", RuleAction="deny", Egress=True,
        CidrBlock="10.0.0.0/16", PortRange={"From": 1024, "To": 65535},
    )
    analysis = analyse(ec2, pair["web"], pair["db"], "tcp", 22)
    [explanation] = analysis["Explanations"]
    assert explanation["ExplanationCode"] == "SUBNET_ACL_RESTRICTION"
    assert explanation["Acl"]["Id"] == pair["acl_b"]
    assert explanation["Direction"] == "egress"
    assert explanation["AclRule"]["RuleNumber"] == 50 and explanation["AclRule"]["RuleAction"] == "deny"


def test_a_stopped_instance_is_bad_state(ec2):
    pair = peered_pair(ec2, routes=(True, True), open_groups=True)
    ch.stop(ec2, pair["db"])
    analysis = analyse(ec2, pair["web"], pair["db"])
    assert codes(analysis) == ["BAD_STATE"]
    assert analysis["Explanations"][0]["Component"]["Id"] == pair["db"]
    assert analysis["Explanations"][0]["State"] == "stopped"


def test_from_the_internet_needs_a_public_address(ec2):
    net = ch.network(ec2, igw=True)
    rtb = lvpc.main_route_table(ec2, net["vpc"])["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=net["igw"])
    ec2.authorize_security_group_ingress(
        GroupId=net["sg"], IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    private = ch.launch(ec2, net["subnet"])["InstanceId"]
    public = ch.launch(ec2, None, NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": net["subnet"], "AssociatePublicIpAddress": True}])
    assert codes(analyse(ec2, net["igw"], private, "tcp", 443)) == ["IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS"]
    assert analyse(ec2, net["igw"], public["InstanceId"], "tcp", 443)["NetworkPathFound"] is True


def test_an_outside_destination_goes_in_filter_at_source(ec2):
    net = ch.network(ec2, igw=True)
    instance = ch.launch(ec2, net["subnet"])["InstanceId"]
    path = ec2.create_network_insights_path(
        Source=instance, Protocol="tcp",
        FilterAtSource={"DestinationAddress": "198.51.100.7", "DestinationPortRange": {"FromPort": 443, "ToPort": 443}},
    )["NetworkInsightsPath"]
    assert path["FilterAtSource"] == {"DestinationAddress": "198.51.100.7", "DestinationPortRange": {"FromPort": 443, "ToPort": 443}}
    assert "Destination" not in path
    found = ec2.describe_network_insights_paths(Filters=filters(**{"filter-at-source.destination-address": "198.51.100.7"}))
    assert [p["NetworkInsightsPathId"] for p in found["NetworkInsightsPaths"]] == [path["NetworkInsightsPathId"]]
    started = ec2.start_network_insights_analysis(NetworkInsightsPathId=path["NetworkInsightsPathId"])
    [analysis] = ec2.describe_network_insights_analyses(
        NetworkInsightsAnalysisIds=[started["NetworkInsightsAnalysis"]["NetworkInsightsAnalysisId"]]
    )["NetworkInsightsAnalyses"]
    assert codes(analysis) == ["NO_ROUTE_TO_DESTINATION"], "no default route to the gateway yet"


def test_start_answers_running_and_describe_the_stored_result(ec2):
    pair = peered_pair(ec2, routes=(True, True), open_groups=True)
    pid = ec2.create_network_insights_path(Source=pair["web"], Destination=pair["db"], Protocol="udp", DestinationPort=53)[
        "NetworkInsightsPath"
    ]["NetworkInsightsPathId"]
    started = ec2.start_network_insights_analysis(
        NetworkInsightsPathId=pid, TagSpecifications=lvpc.tag_spec("network-insights-analysis", run="1")
    )["NetworkInsightsAnalysis"]
    assert started["Status"] == "running" and started["NetworkInsightsPathId"] == pid
    assert "NetworkPathFound" not in started
    # The analysis is computed from the state when it started: later changes do not rewrite it.
    ec2.delete_route(RouteTableId=pair["rtb_a"], DestinationCidrBlock="172.16.0.0/16")
    second = ec2.start_network_insights_analysis(NetworkInsightsPathId=pid)["NetworkInsightsAnalysis"]
    by_path = ec2.describe_network_insights_analyses(NetworkInsightsPathId=pid)["NetworkInsightsAnalyses"]
    assert [a["NetworkInsightsAnalysisId"] for a in by_path] == [
        started["NetworkInsightsAnalysisId"],
        second["NetworkInsightsAnalysisId"],
    ]
    assert [a["NetworkPathFound"] for a in by_path] == [True, False]
    assert lvpc.tags_of(by_path[0]) == {"run": "1"}
    found = ec2.describe_network_insights_analyses(Filters=filters(**{"path-found": "true"}))["NetworkInsightsAnalyses"]
    assert [a["NetworkInsightsAnalysisId"] for a in found] == [started["NetworkInsightsAnalysisId"]]
    assert len(ec2.describe_network_insights_analyses(Filters=filters(status="succeeded"))["NetworkInsightsAnalyses"]) == 2
    later = by_path[1]["StartDate"] + datetime.timedelta(seconds=1)
    assert ec2.describe_network_insights_analyses(NetworkInsightsPathId=pid, AnalysisStartTime=later)["NetworkInsightsAnalyses"] == []
    page = ec2.describe_network_insights_analyses(NetworkInsightsPathId=pid, MaxResults=1)
    assert len(page["NetworkInsightsAnalyses"]) == 1 and page["NextToken"]


def test_a_path_with_analyses_cannot_be_deleted(ec2):
    pair = peered_pair(ec2)
    pid = ec2.create_network_insights_path(Source=pair["web"], Destination=pair["db"], Protocol="tcp")["NetworkInsightsPath"][
        "NetworkInsightsPathId"
    ]
    aid = ec2.start_network_insights_analysis(NetworkInsightsPathId=pid)["NetworkInsightsAnalysis"]["NetworkInsightsAnalysisId"]
    with raises_code("AnalysisExistsForNetworkInsightsPath"):
        ec2.delete_network_insights_path(NetworkInsightsPathId=pid)
    assert ec2.delete_network_insights_analysis(NetworkInsightsAnalysisId=aid)["NetworkInsightsAnalysisId"] == aid
    ec2.delete_network_insights_path(NetworkInsightsPathId=pid)
    with raises_code("InvalidNetworkInsightsAnalysisId.NotFound"):
        ec2.delete_network_insights_analysis(NetworkInsightsAnalysisId=aid)


def test_not_found_and_malformed_codes(ec2):
    with raises_code("InvalidNetworkInsightsPathId.NotFound"):
        ec2.describe_network_insights_paths(NetworkInsightsPathIds=[UNKNOWN_PATH])
    with raises_code("InvalidNetworkInsightsPathId.NotFound"):
        ec2.start_network_insights_analysis(NetworkInsightsPathId=UNKNOWN_PATH)
    with raises_code("InvalidNetworkInsightsPathId.NotFound"):
        ec2.delete_network_insights_path(NetworkInsightsPathId=UNKNOWN_PATH)
    with raises_code("InvalidNetworkInsightsPathId.NotFound"):
        ec2.describe_network_insights_analyses(NetworkInsightsPathId=UNKNOWN_PATH)
    with raises_code("InvalidNetworkInsightsAnalysisId.NotFound"):
        ec2.describe_network_insights_analyses(NetworkInsightsAnalysisIds=[UNKNOWN_ANALYSIS])
    with raises_code("InvalidNetworkInsightsAnalysisId.NotFound"):
        ec2.delete_network_insights_analysis(NetworkInsightsAnalysisId=UNKNOWN_ANALYSIS)
    with raises_code("InvalidNetworkInsightsAnalysisId.Malformed"):
        ec2.delete_network_insights_analysis(NetworkInsightsAnalysisId="nia-xyz")
    # UNSURE: by analogy with the analysis id.
    with raises_code("InvalidNetworkInsightsPathId.Malformed"):
        ec2.delete_network_insights_path(NetworkInsightsPathId="nip-xyz")


def test_create_refusals(ec2, ec2_raw):
    pair = peered_pair(ec2)
    with raises_code("NetworkInsightsSource.NotFound"):
        ec2.create_network_insights_path(Source=ch.UNKNOWN["instance"], Destination=pair["db"], Protocol="tcp")
    with raises_code("NetworkInsightsDestination.NotFound"):
        ec2.create_network_insights_path(Source=pair["web"], Destination=ch.UNKNOWN["eni"], Protocol="tcp")
    with raises_code("MissingParameter", message="either the Destination parameter or the FilterAtSource.DestinationAddress"):
        ec2.create_network_insights_path(Source=pair["web"], DestinationIp="172.16.1.10", Protocol="tcp")
    with raises_code("InvalidParameterValue"):  # UNSURE: AWS's code for a protocol outside tcp|udp
        ec2_raw.create_network_insights_path(Source=pair["web"], Destination=pair["db"], Protocol="sctp")
    with raises_code("InvalidParameterCombination"):
        ec2.create_network_insights_path(
            Source=pair["web"], Destination=pair["db"], Protocol="tcp", DestinationPort=22,
            FilterAtSource={"DestinationPortRange": {"FromPort": 22, "ToPort": 22}},
        )
    with raises_code("DryRunOperation"):
        ec2.create_network_insights_path(Source=pair["web"], Destination=pair["db"], Protocol="tcp", DryRun=True)
    assert ec2.describe_network_insights_paths()["NetworkInsightsPaths"] == []


def test_a_repeated_client_token_answers_the_same_path(ec2):
    pair = peered_pair(ec2)
    first = ec2.create_network_insights_path(Source=pair["web"], Destination=pair["db"], Protocol="tcp", ClientToken="abc")
    again = ec2.create_network_insights_path(Source=pair["web"], Destination=pair["db"], Protocol="tcp", ClientToken="abc")
    assert first["NetworkInsightsPath"]["NetworkInsightsPathId"] == again["NetworkInsightsPath"]["NetworkInsightsPathId"]
    with raises_code("IdempotentParameterMismatch"):
        ec2.create_network_insights_path(Source=pair["web"], Destination=pair["db"], Protocol="udp", ClientToken="abc")


def test_icmp_is_localvpcs_ping(ec2):
    """AWS analyses tcp and udp only; LocalVPC also takes icmp, so `localvpc reach --protocol icmp` can ask about ping."""
    pair = peered_pair(ec2, routes=(True, True), open_groups=True)
    assert analyse(ec2, pair["web"], pair["db"], "icmp", None)["NetworkPathFound"] is True


def test_the_aws_cli_round_trip(aws, ec2):
    pair = peered_pair(ec2)
    path = aws(
        "ec2", "create-network-insights-path", "--source", pair["web"], "--destination", pair["db"],
        "--protocol", "tcp", "--destination-port", "22",
    )["NetworkInsightsPath"]
    pid = path["NetworkInsightsPathId"]
    started = aws("ec2", "start-network-insights-analysis", "--network-insights-path-id", pid)["NetworkInsightsAnalysis"]
    aid = started["NetworkInsightsAnalysisId"]
    found = aws(
        "ec2", "describe-network-insights-analyses", "--network-insights-analysis-ids", aid,
        "--query", "NetworkInsightsAnalyses[0].[Status,NetworkPathFound,Explanations[0].ExplanationCode]",
    )
    assert found == ["succeeded", False, "NO_ROUTE_TO_DESTINATION"]
    assert aws("ec2", "describe-network-insights-paths", "--filters", "Name=source,Values=" + pair["web"],
               "--query", "NetworkInsightsPaths[].NetworkInsightsPathId") == [pid]
    with raises_code("AnalysisExistsForNetworkInsightsPath"):
        aws("ec2", "delete-network-insights-path", "--network-insights-path-id", pid)
    aws("ec2", "delete-network-insights-analysis", "--network-insights-analysis-id", aid)
    assert aws("ec2", "delete-network-insights-path", "--network-insights-path-id", pid) == {"NetworkInsightsPathId": pid}
