"""EBS volumes and what instance tools read back: every instance's root volume
(BlockDeviceMappings), CreateVolume, DescribeVolumes, AttachVolume,
DetachVolume, DeleteVolume, and DescribeInstanceCreditSpecifications.

Sources quoted here:
- EC2 API Reference, CreateVolume: sizes per type ("gp2: 1 - 16,384 GiB",
  "gp3: 1 - 65,536 GiB", "io1: 4 - 16,384 GiB", "st1 and sc1: 125 - 16,384
  GiB", "standard: 1 - 1024 GiB"); IOPS "gp3: 3,000 (default) - 80,000";
  throughput "125 - 2000 MiB/s"; "Iops ... Required for io1 and io2 volumes";
  the answer is the volume in state `creating`.
- AWS's refusals of IOPS and throughput beyond a volume's size, as users quote
  them: "Iops to volume size ratio of 80.000000 is too high; maximum is 50"
  (io1), "Throughput (MiBps) to iops ratio of 0.333333 is too high; maximum is
  0.250000 MiBps per iops" (gp3), and for a device name that is not EBS's,
  "Value (/dev/sdi1) for parameter device is invalid. /dev/sdi1 is not a valid
  EBS device name." (kubernetes/kubernetes#27534, sous-chefs/aws#134).
- EC2 API Reference, AttachVolume / DetachVolume: they answer the attachment
  `attaching` / `detaching`; "the volume and instance must be within the same
  Availability Zone"; a root volume of a running instance cannot be detached.
- Terraform's aws_instance reads the root volume with DescribeVolumes and, for
  burstable types, the credit option with DescribeInstanceCreditSpecifications.
- EC2 API Reference, ModifyVolume: "The target volume size must be greater than
  or equal to the existing size"; IOPS "The existing value is retained if you
  keep the same volume type. If you change the volume type to io1, io2, or gp3,
  the default is 3,000"; throughput retained from gp3 to gp3, else 125; "wait for
  that modification to reach the completed state before you can initiate
  another", "up to four times within a rolling 24-hour period". AWS's refusals
  as users quote them: "New size cannot be smaller than existing size"
  (aws-cli#4216), IncorrectModificationState "cannot be modified in
  modification state OPTIMIZING", VolumeModificationRateExceeded "You've reached
  the maximum modification rate per volume limit.", and AttachVolume's
  OperationNotPermitted "Cannot attach volume vol-… when it is in modification
  state: MODIFYING" (amazon.aws#1558). Terraform resizes a volume with
  ModifyVolume and waits for DescribeVolumesModifications to say `optimizing` or
  `completed`.
"""

from __future__ import annotations

import compute_helpers as ch
import lvpc
from lvpc import filters, raises_code


def test_every_instance_has_its_root_volume(ec2, aws):
    launched = aws(
        "ec2", "run-instances", "--image-id", ch.AMI_SHORT, "--instance-type", "t3.micro",
        "--block-device-mappings", "DeviceName=/dev/sdf,Ebs={VolumeSize=20,VolumeType=gp3,DeleteOnTermination=false}",
        "--tag-specifications", "ResourceType=volume,Tags=[{Key=Name,Value=data}]",
    )["Instances"][0]
    instance = ch.describe_instance(ec2, launched["InstanceId"])
    assert instance["RootDeviceName"] == "/dev/xvda"
    mappings = {m["DeviceName"]: m["Ebs"] for m in instance["BlockDeviceMappings"]}
    assert list(mappings) == ["/dev/xvda", "/dev/sdf"]
    assert mappings["/dev/xvda"]["DeleteOnTermination"] is True and mappings["/dev/sdf"]["DeleteOnTermination"] is False
    root = ec2.describe_volumes(VolumeIds=[mappings["/dev/xvda"]["VolumeId"]])["Volumes"][0]
    assert (root["Size"], root["VolumeType"], root["State"], root["Iops"], root["Throughput"]) == (8, "gp3", "in-use", 3000, 125)
    assert root["AvailabilityZone"] == instance["Placement"]["AvailabilityZone"]
    assert root["Attachments"][0]["InstanceId"] == instance["InstanceId"] and root["Attachments"][0]["State"] == "attached"
    # A launch's volume tags go on every volume it makes, the root volume included.
    tagged = ec2.describe_volumes(Filters=filters(**{"attachment.instance-id": instance["InstanceId"], "tag:Name": "data"}))["Volumes"]
    assert {v["VolumeId"] for v in tagged} == {m["VolumeId"] for m in mappings.values()}
    found = ec2.describe_volumes(Filters=filters(**{"attachment.device": "/dev/sdf", "size": "20"}))["Volumes"]
    assert [v["VolumeId"] for v in found] == [mappings["/dev/sdf"]["VolumeId"]]
    assert ec2.describe_instance_attribute(InstanceId=instance["InstanceId"], Attribute="blockDeviceMapping")["BlockDeviceMappings"] == (
        instance["BlockDeviceMappings"]
    )
    ch.terminate(ec2, instance["InstanceId"])
    left = {v["VolumeId"]: v["State"] for v in ec2.describe_volumes()["Volumes"]}
    assert left == {mappings["/dev/sdf"]["VolumeId"]: "available"}


def test_create_attach_detach_delete(ec2, aws):
    instance = ch.launch(ec2)
    zone = instance["Placement"]["AvailabilityZone"]
    created = aws("ec2", "create-volume", "--availability-zone", zone, "--size", "10", "--volume-type", "gp2")
    assert created["State"] == "creating" and created["Iops"] == 100 and created["VolumeId"].startswith("vol-")
    volume = created["VolumeId"]
    assert ec2.describe_volumes(VolumeIds=[volume])["Volumes"][0]["State"] == "available"
    attached = aws("ec2", "attach-volume", "--volume-id", volume, "--instance-id", instance["InstanceId"], "--device", "/dev/sdf")
    assert (attached["State"], attached["Device"]) == ("attaching", "/dev/sdf")
    assert ec2.describe_volumes(VolumeIds=[volume])["Volumes"][0]["State"] == "in-use"
    with raises_code("VolumeInUse"):
        ec2.delete_volume(VolumeId=volume)
    with raises_code("InvalidParameterValue"):
        other = ec2.create_volume(AvailabilityZone=zone, Size=1)["VolumeId"]
        ec2.attach_volume(VolumeId=other, InstanceId=instance["InstanceId"], Device="/dev/sdf")
    root = ch.describe_instance(ec2, instance["InstanceId"])["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    with raises_code("IncorrectState"):
        ec2.detach_volume(VolumeId=root)
    assert aws("ec2", "detach-volume", "--volume-id", volume)["State"] == "detaching"
    ec2.delete_volume(VolumeId=volume)
    with raises_code("InvalidVolume.NotFound"):
        ec2.describe_volumes(VolumeIds=[volume])


def test_what_aws_refuses(ec2):
    with raises_code("InvalidParameterValue", message="too small"):
        ec2.create_volume(AvailabilityZone="us-east-1a", Size=100, VolumeType="st1")
    with raises_code("MissingParameter"):
        ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="io1")
    with raises_code("InvalidZone.NotFound"):
        ec2.create_volume(AvailabilityZone="eu-west-1a", Size=10)
    with raises_code("InvalidVolumeID.Malformed"):
        ec2.describe_volumes(VolumeIds=["nope"])
    with raises_code("DryRunOperation"):
        ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, DryRun=True)
    other_zone = ec2.create_volume(AvailabilityZone="us-east-1f", Size=10)["VolumeId"]
    instance = ch.launch(ec2, Placement={"AvailabilityZone": "us-east-1a"})
    with raises_code("InvalidVolume.ZoneMismatch"):
        ec2.attach_volume(VolumeId=other_zone, InstanceId=instance["InstanceId"], Device="/dev/sdf")


def test_performance_is_bounded_by_size_as_on_aws(ec2):
    zone = "us-east-1a"
    assert ec2.create_volume(AvailabilityZone=zone, Size=20000, VolumeType="gp3")["Size"] == 20000
    big = ec2.create_volume(AvailabilityZone=zone, Size=100, VolumeType="gp3", Iops=20000, Throughput=1500)
    assert (big["Iops"], big["Throughput"]) == (20000, 1500)
    before = {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}
    with raises_code("InvalidParameterValue", message=r"^Iops to volume size ratio of 80\.000000 is too high; maximum is 50$"):
        ec2.create_volume(AvailabilityZone=zone, Size=100, VolumeType="io1", Iops=8000)
    with raises_code("InvalidParameterValue", message=r"^Iops to volume size ratio of 750\.000000 is too high; maximum is 500$"):
        ec2.create_volume(AvailabilityZone=zone, Size=4, VolumeType="gp3", Iops=3000)
    with raises_code("InvalidParameterValue",
                     message=r"^Throughput \(MiBps\) to iops ratio of 0\.333333 is too high; maximum is 0\.250000 MiBps per iops$"):
        ec2.create_volume(AvailabilityZone=zone, Size=100, VolumeType="gp3", Throughput=1000)
    assert {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]} == before


def test_only_ebs_device_names_attach(ec2):
    instance = ch.launch(ec2)["InstanceId"]
    zone = ch.describe_instance(ec2, instance)["Placement"]["AvailabilityZone"]
    volume = ec2.create_volume(AvailabilityZone=zone, Size=1)["VolumeId"]
    for device in ["/dev/sdf1", "/dev/sdba", "/dev/xvdeo", "/dev/foo"]:
        with raises_code("InvalidParameterValue", message=rf"^Value \({device}\) for parameter device is invalid\. {device} is not a valid EBS device name\.$"):
            ec2.attach_volume(VolumeId=volume, InstanceId=instance, Device=device)
    assert ec2.describe_volumes(VolumeIds=[volume])["Volumes"][0]["State"] == "available"
    assert ec2.attach_volume(VolumeId=volume, InstanceId=instance, Device="/dev/xvdba")["Device"] == "/dev/xvdba"


def test_an_instance_without_its_root_volume_does_not_start(ec2):
    # AWS's words, as its VM Import guide quotes them: "Invalid value <instance ID> for instanceId. Instance does not
    # have a volume attached at root (/dev/sda1)."
    instance = ch.launch(ec2)["InstanceId"]
    root = ch.describe_instance(ec2, instance)["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    ec2.stop_instances(InstanceIds=[instance])
    ec2.detach_volume(VolumeId=root)
    with raises_code("InvalidParameterValue", message=rf"^Invalid value '{instance}' for instanceId\. Instance does not have a volume attached at root \(/dev/xvda\)\.$"):
        ec2.start_instances(InstanceIds=[instance])
    assert ch.describe_instance(ec2, instance)["State"]["Name"] == "stopped"
    ec2.attach_volume(VolumeId=root, InstanceId=instance, Device="/dev/xvda")
    assert ec2.start_instances(InstanceIds=[instance])["StartingInstances"][0]["CurrentState"]["Name"] in ("pending", "running")


def test_pages_of_volumes(ec2):
    for _ in range(7):
        ec2.create_volume(AvailabilityZone="us-east-1a", Size=1)
    pages = list(ec2.get_paginator("describe_volumes").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["Volumes"]) for p in pages] == [5, 2]


def test_credit_specifications_of_burstable_instances(ec2):
    t3 = ch.launch(ec2, InstanceType="t3.micro")["InstanceId"]
    t2 = ch.launch(ec2, InstanceType="t2.micro")["InstanceId"]
    m5 = ch.launch(ec2, InstanceType="m5.large")["InstanceId"]
    got = ec2.describe_instance_credit_specifications(InstanceIds=[t3, t2])["InstanceCreditSpecifications"]
    assert {s["InstanceId"]: s["CpuCredits"] for s in got} == {t3: "unlimited", t2: "standard"}
    # "If you specify an instance ID that is not valid, such as an instance that is not a burstable performance
    # instance, an error is returned" (the API reference; Terraform's provider expects this code).
    with raises_code("InstanceCreditSpecification.NotSupported"):
        ec2.describe_instance_credit_specifications(InstanceIds=[t3, m5])
    # Without ids: the instances with the unlimited option only.
    got = ec2.describe_instance_credit_specifications()["InstanceCreditSpecifications"]
    assert {s["InstanceId"]: s["CpuCredits"] for s in got} == {t3: "unlimited"}


def test_modify_volume_grows_it_and_reports_the_modification_until_completed(ec2, aws, advance_clock):
    zone = "us-east-1a"
    volume = ec2.create_volume(AvailabilityZone=zone, Size=50, VolumeType="gp2")["VolumeId"]
    started = aws("ec2", "modify-volume", "--volume-id", volume, "--size", "100", "--volume-type", "gp3")["VolumeModification"]
    assert {k: started[k] for k in ("VolumeId", "ModificationState", "Progress", "OriginalSize", "OriginalVolumeType", "OriginalIops",
                                   "TargetSize", "TargetVolumeType", "TargetIops", "TargetThroughput")} == {
        "VolumeId": volume, "ModificationState": "modifying", "Progress": 0, "OriginalSize": 50, "OriginalVolumeType": "gp2",
        "OriginalIops": 150, "TargetSize": 100, "TargetVolumeType": "gp3", "TargetIops": 3000, "TargetThroughput": 125}
    assert "EndTime" not in started
    described = ec2.describe_volumes(VolumeIds=[volume])["Volumes"][0]
    assert (described["Size"], described["VolumeType"], described["Iops"], described["Throughput"]) == (100, "gp3", 3000, 125)

    def modification():
        return ec2.describe_volumes_modifications(VolumeIds=[volume])["VolumesModifications"][0]

    assert modification()["ModificationState"] == "modifying"
    with raises_code("OperationNotPermitted", message=rf"^Cannot attach volume {volume} when it is in modification state: MODIFYING$"):
        ec2.attach_volume(VolumeId=volume, InstanceId=ch.launch(ec2, Placement={"AvailabilityZone": zone})["InstanceId"], Device="/dev/sdf")
    advance_clock(3)
    assert modification()["ModificationState"] == "optimizing"
    with raises_code("IncorrectModificationState", message=rf"^Volume {volume} cannot be modified in modification state OPTIMIZING$"):
        ec2.modify_volume(VolumeId=volume, Size=200)
    advance_clock(3)
    done = modification()
    assert (done["ModificationState"], done["Progress"]) == ("completed", 100) and done["EndTime"] > done["StartTime"]
    # The modification that is listed is the latest, and the filters AWS documents select it.
    ec2.modify_volume(VolumeId=volume, Iops=6000, Throughput=500)
    latest = modification()
    assert (latest["OriginalIops"], latest["TargetIops"], latest["OriginalThroughput"], latest["TargetThroughput"]) == (3000, 6000, 125, 500)
    assert latest["TargetSize"] == 100  # what it did not ask for is kept
    listed = ec2.describe_volumes_modifications(Filters=filters(**{"target-iops": "6000", "modification-state": "modifying"}))
    assert [m["VolumeId"] for m in listed["VolumesModifications"]] == [volume]
    assert ec2.describe_volumes_modifications(Filters=filters(**{"original-volume-type": "gp2"}))["VolumesModifications"] == []


def test_modify_volume_refuses_what_aws_refuses_and_changes_nothing(ec2, advance_clock):
    zone = "us-east-1a"
    volume = ec2.create_volume(AvailabilityZone=zone, Size=100, VolumeType="io1", Iops=1000)["VolumeId"]
    before = ec2.describe_volumes(VolumeIds=[volume])["Volumes"][0]
    with raises_code("InvalidParameterValue", message="^New size cannot be smaller than existing size$"):
        ec2.modify_volume(VolumeId=volume, Size=50)
    with raises_code("InvalidParameterValue", message=r"^Iops to volume size ratio of 60\.000000 is too high; maximum is 50$"):
        ec2.modify_volume(VolumeId=volume, Iops=6000)
    with raises_code("InvalidParameterCombination", message="throughput is not supported for io1"):
        ec2.modify_volume(VolumeId=volume, Throughput=200)
    with raises_code("InvalidParameterValue", message="for parameter volumeType is invalid"):
        ec2.modify_volume(VolumeId=volume, VolumeType="gp9")
    with raises_code("InvalidVolume.NotFound"):
        ec2.modify_volume(VolumeId="vol-0123456789abcdef0", Size=200)
    with raises_code("DryRunOperation"):
        ec2.modify_volume(VolumeId=volume, Size=200, DryRun=True)
    assert ec2.describe_volumes(VolumeIds=[volume])["Volumes"][0] == before
    assert ec2.describe_volumes_modifications(VolumeIds=[volume])["VolumesModifications"] == []
    # io1 keeps its IOPS when only the size changes; the same size is allowed ("greater than or equal").
    assert ec2.modify_volume(VolumeId=volume, Size=100)["VolumeModification"]["TargetIops"] == 1000
    # Four modifications in any 24 hours, each after the one before completed.
    for size in (110, 120, 130):
        advance_clock(10)
        ec2.modify_volume(VolumeId=volume, Size=size)
    advance_clock(10)
    with raises_code("VolumeModificationRateExceeded", message="^You've reached the maximum modification rate per volume limit"):
        ec2.modify_volume(VolumeId=volume, Size=140)
    assert ec2.describe_volumes(VolumeIds=[volume])["Volumes"][0]["Size"] == 130
    advance_clock(24 * 3600)
    assert ec2.modify_volume(VolumeId=volume, Size=140)["VolumeModification"]["OriginalSize"] == 130
