"""Issue 10 point 3: one timestamp format.

Every timestamp a client can read is written by the same formatter as the
filter (or the time parameter) that takes it, so the exact text a response
printed finds its resource again. The server's clock runs at real time with
sub-millisecond precision, so a rounding difference between the two (the
bug this guards) shows up within a few launches; each check runs at least
20 times.
"""

from __future__ import annotations

import re

from compute_helpers import run
from insights_helpers import analyse
from lvpc import create_subnet, create_vpc, filters
from peering_helpers import request_peering

ROUNDS = 24
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def printed(raw_xml: str, element: str) -> list[str]:
    """The timestamps exactly as the XML wrote them (what the AWS CLI prints)."""
    values = re.findall(rf"<{element}>([^<]*)</{element}>", raw_xml)
    assert values and all(TIMESTAMP.match(v) for v in values), values
    return values


def query(raw, action: str, **params) -> str:
    response = raw({"Action": action, "Version": "2016-11-15", **params})
    assert response.status_code == 200, response.text
    return response.text


def test_launch_and_attach_times_find_their_instance(ec2, raw):
    vpc = create_vpc(ec2, "10.51.0.0/16")
    subnet = create_subnet(ec2, vpc["VpcId"], "10.51.0.0/20")
    for _ in range(ROUNDS):
        [instance] = run(ec2, subnet["SubnetId"])["Instances"]
        instance_id = instance["InstanceId"]
        xml = query(raw, "DescribeInstances", **{"InstanceId.1": instance_id})
        [launch_time] = printed(xml, "launchTime")
        # The interface and the root volume are attached in the same instant: one time, printed twice.
        [attach_time] = sorted(set(printed(xml, "attachTime")))
        for name, value in [
            ("launch-time", launch_time),
            ("usage-operation-update-time", launch_time),
            ("network-interface.attachment.attach-time", attach_time),
            ("block-device-mapping.attach-time", attach_time),
        ]:
            found = ec2.describe_instances(Filters=filters(**{name: value}))["Reservations"]
            assert instance_id in [i["InstanceId"] for r in found for i in r["Instances"]], (name, value)
        [eni_id] = re.findall(r"<networkInterfaceId>([^<]*)</networkInterfaceId>", xml)[:1]
        eni_xml = query(raw, "DescribeNetworkInterfaces", **{"NetworkInterfaceId.1": eni_id})
        [eni_attach_time] = printed(eni_xml, "attachTime")
        assert eni_attach_time == attach_time
        found = ec2.describe_network_interfaces(Filters=filters(**{"attachment.attach-time": eni_attach_time}))
        assert eni_id in [n["NetworkInterfaceId"] for n in found["NetworkInterfaces"]]
        ec2.terminate_instances(InstanceIds=[instance_id])  # within the default vCPU quota


def test_peering_expiration_times_find_their_connection(ec2, raw):
    vpc = create_vpc(ec2, "10.52.0.0/16")
    peer = create_vpc(ec2, "10.152.0.0/16")
    for _ in range(ROUNDS):
        pcx_id = request_peering(ec2, vpc["VpcId"], peer["VpcId"])["VpcPeeringConnectionId"]
        xml = query(raw, "DescribeVpcPeeringConnections", **{"VpcPeeringConnectionId.1": pcx_id})
        [expiration] = printed(xml, "expirationTime")
        found = ec2.describe_vpc_peering_connections(Filters=filters(**{"expiration-time": expiration}))
        assert [p["VpcPeeringConnectionId"] for p in found["VpcPeeringConnections"]] == [pcx_id]
        ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)  # one pending request per pair at a time


def test_analysis_start_dates_select_their_analysis_as_start_and_end_time(ec2, raw):
    vpc = create_vpc(ec2, "10.53.0.0/16")
    subnet = create_subnet(ec2, vpc["VpcId"], "10.53.0.0/24")
    [a, b] = run(ec2, subnet["SubnetId"], count=2)["Instances"]
    for _ in range(ROUNDS):
        analysis = analyse(ec2, a["InstanceId"], b["InstanceId"])
        analysis_id = analysis["NetworkInsightsAnalysisId"]
        xml = query(raw, "DescribeNetworkInsightsAnalyses", **{"NetworkInsightsAnalysisId.1": analysis_id})
        [start] = printed(xml, "startDate")
        found = ec2.describe_network_insights_analyses(AnalysisStartTime=start, AnalysisEndTime=start)
        assert [x["NetworkInsightsAnalysisId"] for x in found["NetworkInsightsAnalyses"]] == [analysis_id], start
        # And the CreatedDate of its path reads back as a time, like every other.
        printed(query(raw, "DescribeNetworkInsightsPaths", **{"NetworkInsightsPathId.1": analysis["NetworkInsightsPathId"]}), "createdDate")
