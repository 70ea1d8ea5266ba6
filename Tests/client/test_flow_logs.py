"""Flow logs as resources (issue 11 point 10): Create/Describe/DeleteFlowLogs
with AWS's destination rules, formats, Unsuccessful items and idempotency.
The records themselves come with the data plane."""

from __future__ import annotations

import re
import subprocess

import pytest
import requests

from lvpc import (
    ServerProcess, cli_env, create_subnet, create_vpc, filters, localvpc_bin, make_boto_client, raises_code, tag_spec, tags_of,
)

ROLE = "arn:aws:iam::000000000000:role/flow-logs"
DEFAULT_FORMAT = (
    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
    "${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"
)


@pytest.fixture
def vpc_id(ec2):
    return create_vpc(ec2, "10.0.0.0/16")["VpcId"]


def flow_log(ec2, flow_log_id: str) -> dict:
    [found] = ec2.describe_flow_logs(FlowLogIds=[flow_log_id])["FlowLogs"]
    return found


def test_cloud_watch_flow_log_with_defaults(ec2, vpc_id):
    out = ec2.create_flow_logs(
        ResourceType="VPC", ResourceIds=[vpc_id], TrafficType="ALL", LogGroupName="vpc-flows",
        DeliverLogsPermissionArn=ROLE, TagSpecifications=tag_spec("vpc-flow-log", Name="audit"),
    )
    assert out.get("Unsuccessful", []) == []
    [fl_id] = out["FlowLogIds"]
    assert re.fullmatch(r"fl-[0-9a-f]{17}", fl_id)
    fl = flow_log(ec2, fl_id)
    assert fl["ResourceId"] == vpc_id
    assert fl["LogDestinationType"] == "cloud-watch-logs"
    assert fl["LogGroupName"] == "vpc-flows"
    assert fl["DeliverLogsPermissionArn"] == ROLE
    assert fl["LogFormat"] == DEFAULT_FORMAT
    assert fl["MaxAggregationInterval"] == 600
    assert fl["FlowLogStatus"] == "ACTIVE"
    assert fl["DeliverLogsStatus"] == "SUCCESS"
    assert fl["TrafficType"] == "ALL"
    assert "CreationTime" in fl
    assert tags_of(fl) == {"Name": "audit"}


def test_s3_and_firehose_destinations(ec2, vpc_id):
    subnet_id = create_subnet(ec2, vpc_id, "10.0.1.0/24")["SubnetId"]
    s3 = ec2.create_flow_logs(
        ResourceType="Subnet", ResourceIds=[subnet_id], TrafficType="REJECT", LogDestinationType="s3",
        LogDestination="arn:aws:s3:::my-bucket/vpc/", MaxAggregationInterval=60,
        LogFormat="${version} ${vpc-id} ${subnet-id} ${pkt-srcaddr} ${az-id} ${traffic-path}",
        DestinationOptions={"FileFormat": "parquet", "PerHourPartition": True},
    )["FlowLogIds"][0]
    fl = flow_log(ec2, s3)
    assert fl["LogDestination"] == "arn:aws:s3:::my-bucket/vpc/"
    assert fl["DestinationOptions"] == {"FileFormat": "parquet", "HiveCompatiblePartitions": False, "PerHourPartition": True}
    assert fl["MaxAggregationInterval"] == 60
    assert "LogGroupName" not in fl
    firehose = ec2.create_flow_logs(
        ResourceType="VPC", ResourceIds=[vpc_id], TrafficType="ACCEPT", LogDestinationType="kinesis-data-firehose",
        LogDestination="arn:aws:firehose:us-east-1:000000000000:deliverystream/flows",
    )["FlowLogIds"][0]
    assert flow_log(ec2, firehose)["LogDestinationType"] == "kinesis-data-firehose"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"LogGroupName": "g"},  # cloud-watch-logs needs the role
        {"DeliverLogsPermissionArn": ROLE},  # and a group
        {"LogDestinationType": "s3"},  # s3 needs a bucket ARN
        {"LogDestinationType": "s3", "LogDestination": "arn:aws:s3:::b", "LogGroupName": "g"},
        # S3 takes no role: "DeliverLogsPermissionArn is not applicable for s3 delivery" (EC2's 400, quoted in
        # aws-samples/aws-secure-environment-accelerator#1111).
        {"LogDestinationType": "s3", "LogDestination": "arn:aws:s3:::b", "DeliverLogsPermissionArn": ROLE},
        {"LogDestinationType": "kinesis-data-firehose", "LogDestination": "arn:aws:s3:::b"},
        {"LogGroupName": "g", "DeliverLogsPermissionArn": ROLE, "MaxAggregationInterval": 120},
        {"LogGroupName": "g", "DeliverLogsPermissionArn": ROLE, "LogFormat": "${version} ${colour}"},
    ],
)
def test_requests_aws_refuses(ec2, vpc_id, kwargs):
    with raises_code("InvalidParameter"):
        ec2.create_flow_logs(ResourceType="VPC", ResourceIds=[vpc_id], TrafficType="ALL", **kwargs)
    assert ec2.describe_flow_logs()["FlowLogs"] == []


def test_formats_take_the_fields_of_versions_7_and_8(ec2, vpc_id):
    # Terraform users copy today's examples: the ECS fields (version 7) and reject-reason (version 8) are AWS's too.
    fmt = "${version} ${srcaddr} ${ecs-cluster-name} ${ecs-task-id} ${reject-reason}"
    fl = ec2.create_flow_logs(ResourceType="VPC", ResourceIds=[vpc_id], TrafficType="REJECT", LogGroupName="g",
                              DeliverLogsPermissionArn=ROLE, LogFormat=fmt)["FlowLogIds"][0]
    assert flow_log(ec2, fl)["LogFormat"] == fmt


def test_unknown_resources_are_unsuccessful(ec2, vpc_id):
    out = ec2.create_flow_logs(
        ResourceType="VPC", ResourceIds=[vpc_id, "vpc-0123456789abcdef0"], TrafficType="ALL",
        LogGroupName="g", DeliverLogsPermissionArn=ROLE,
    )
    assert len(out["FlowLogIds"]) == 1
    [item] = out["Unsuccessful"]
    assert item["ResourceId"] == "vpc-0123456789abcdef0"
    assert item["Error"]["Code"] == "InvalidVpcID.NotFound"
    again = ec2.create_flow_logs(
        ResourceType="VPC", ResourceIds=[vpc_id], TrafficType="ALL", LogGroupName="g", DeliverLogsPermissionArn=ROLE,
    )
    assert again["FlowLogIds"] == []
    assert [u["Error"]["Code"] for u in again["Unsuccessful"]] == ["FlowLogAlreadyExists"]


def test_client_token_is_idempotent(ec2, vpc_id):
    args = dict(ResourceType="VPC", ResourceIds=[vpc_id], TrafficType="ALL", LogGroupName="g", DeliverLogsPermissionArn=ROLE, ClientToken="tok-1")
    first = ec2.create_flow_logs(**args)
    second = ec2.create_flow_logs(**args)
    assert first["FlowLogIds"] == second["FlowLogIds"]
    assert second["ClientToken"] == "tok-1"
    assert len(ec2.describe_flow_logs()["FlowLogs"]) == 1


def test_describe_filters_and_pagination(ec2, vpc_id):
    ids = []
    for i in range(6):
        sub = create_subnet(ec2, vpc_id, f"10.0.{i}.0/24")["SubnetId"]
        ids += ec2.create_flow_logs(
            ResourceType="Subnet", ResourceIds=[sub], TrafficType="ALL" if i % 2 else "REJECT",
            LogGroupName=f"g{i}", DeliverLogsPermissionArn=ROLE,
        )["FlowLogIds"]
    listed = lambda **kw: [f["FlowLogId"] for f in ec2.describe_flow_logs(**kw)["FlowLogs"]]  # noqa: E731
    assert sorted(listed()) == sorted(ids)
    assert len(listed(Filter=filters(**{"traffic-type": "REJECT"}))) == 3
    assert listed(Filter=filters(**{"log-group-name": "g4"})) == [ids[4]]
    assert listed(Filter=filters(**{"flow-log-id": ids[0]})) == [ids[0]]
    assert len(listed(Filter=filters(**{"deliver-log-status": "SUCCESS", "log-destination-type": "cloud-watch-logs"}))) == 6
    pages = list(ec2.get_paginator("describe_flow_logs").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["FlowLogs"]) for p in pages] == [5, 1]
    with raises_code("InvalidFlowLogId.NotFound"):
        ec2.describe_flow_logs(FlowLogIds=["fl-0123456789abcdef0"])


def test_delete_and_unsuccessful_ids(ec2, vpc_id, aws):
    [fl_id] = ec2.create_flow_logs(
        ResourceType="VPC", ResourceIds=[vpc_id], TrafficType="ALL", LogGroupName="g", DeliverLogsPermissionArn=ROLE,
    )["FlowLogIds"]
    out = aws("ec2", "delete-flow-logs", "--flow-log-ids", fl_id, "fl-0123456789abcdef0")
    assert [u["ResourceId"] for u in out["Unsuccessful"]] == ["fl-0123456789abcdef0"]
    assert out["Unsuccessful"][0]["Error"]["Code"] == "InvalidFlowLogId.NotFound"
    assert ec2.describe_flow_logs()["FlowLogs"] == []


def test_flow_logs_go_with_their_vpc(ec2, vpc_id):
    ec2.create_flow_logs(ResourceType="VPC", ResourceIds=[vpc_id], TrafficType="ALL", LogGroupName="g", DeliverLogsPermissionArn=ROLE)
    ec2.delete_vpc(VpcId=vpc_id)
    assert ec2.describe_flow_logs()["FlowLogs"] == []


def test_tags_and_dry_run(ec2, vpc_id):
    [fl_id] = ec2.create_flow_logs(
        ResourceType="VPC", ResourceIds=[vpc_id], TrafficType="ALL", LogGroupName="g", DeliverLogsPermissionArn=ROLE,
    )["FlowLogIds"]
    ec2.create_tags(Resources=[fl_id], Tags=[{"Key": "team", "Value": "net"}])
    assert [f["FlowLogId"] for f in ec2.describe_flow_logs(Filter=filters(**{"tag:team": "net"}))["FlowLogs"]] == [fl_id]
    tags = ec2.describe_tags(Filters=filters(**{"resource-type": "vpc-flow-log"}))["Tags"]
    assert [(t["ResourceId"], t["Key"]) for t in tags] == [(fl_id, "team")]
    with raises_code("DryRunOperation"):
        ec2.delete_flow_logs(FlowLogIds=[fl_id], DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.describe_flow_logs(DryRun=True)
    assert len(ec2.describe_flow_logs()["FlowLogs"]) == 1


@pytest.mark.own_server
def test_records_need_the_data_plane_and_say_so(tmp_path):
    """Without the data plane there is no traffic to record: `localvpc flow-logs` says so, naming --data-plane,
    rather than printing nothing."""
    server = ServerProcess(tmp_path / "state", extra_args=["--data-plane", "off"]).start(timeout=60)
    try:
        ec2 = make_boto_client(server.endpoint)
        vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
        [flow_log] = ec2.create_flow_logs(
            ResourceType="VPC", ResourceIds=[vpc], TrafficType="ALL", LogGroupName="flows", DeliverLogsPermissionArn=ROLE)["FlowLogIds"]
        done = subprocess.run(
            [str(localvpc_bin()), "flow-logs", flow_log, "--flush"], env=cli_env(server.endpoint, "test", "us-east-1", tmp_path),
            capture_output=True, text=True, timeout=30)
        assert done.returncode != 0 and done.stdout == ""
        assert "--data-plane" in done.stderr, done.stderr
        missing = requests.get(server.endpoint + "/_localvpc/flow-logs/fl-0123456789abcdef0", timeout=5)
        assert missing.status_code == 404 and missing.json()["code"] == "InvalidFlowLogId.NotFound"
    finally:
        server.stop()
