"""DescribeImages: the public Amazon Linux images of each region, and what a launch takes from its image.

Sources quoted here:
- EC2 API Reference, DescribeImages: "Owners ... You can specify a combination of Amazon Web Services account IDs,
  self, amazon, aws-backup-vault, and aws-marketplace"; "ExecutableUsers ... If you specify all, all public AMIs are
  returned"; MaxResults "You cannot specify this parameter and the ImageIds parameter in the same call"; the
  documented filters; creation-date "You can use a wildcard (*), for example, 2021-09-29T*".
- Terraform's provider, FindImageByID: `InvalidAMIID.NotFound` means the image is gone; FetchRootDeviceName reads
  RootDeviceName and BlockDeviceMappings (aws_instance with a root_block_device); `data "aws_ami"` sorts by
  CreationDate for most_recent.
- EC2 User Guide, instance metadata options: an image with ImdsSupport v2.0 launches instances that require IMDSv2,
  with a hop limit of 2.
- The catalogue is moto's capture of AWS's data (Tools/images/generate.py); `--check` fails when it is stale.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import compute_helpers as ch
from lvpc import filters, raises_code

ROOT = Path(__file__).resolve().parents[2]
AL2023 = "al2023-ami-2023.*-kernel-6.1-x86_64"


def amazon_linux(ec2, name=AL2023, **kwargs):
    return ec2.describe_images(Owners=["amazon"], Filters=filters(name=name), **kwargs)["Images"]


def most_recent(images):
    return sorted(images, key=lambda image: image["CreationDate"])[-1]


def test_image_table_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "Tools/images/generate.py"), "--check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_amazon_linux_lookup_as_terraform_data_aws_ami_makes_it(ec2, client_factory):
    images = amazon_linux(ec2)
    assert images, "the region has Amazon Linux 2023 images"
    image = most_recent(images)
    assert image["ImageId"].startswith("ami-") and len(image["ImageId"]) == 21
    assert image["Name"].startswith("al2023-ami-2023.") and image["Architecture"] == "x86_64"
    assert (image["ImageOwnerAlias"], image["Public"], image["State"], image["ImageType"]) == ("amazon", True, "available", "machine")
    assert image["ImageLocation"] == "amazon/" + image["Name"]
    assert (image["RootDeviceName"], image["RootDeviceType"], image["VirtualizationType"]) == ("/dev/xvda", "ebs", "hvm")
    assert image["BlockDeviceMappings"] == [
        {"DeviceName": "/dev/xvda", "Ebs": {"DeleteOnTermination": True, "VolumeSize": 8, "VolumeType": "gp3", "Encrypted": False}}
    ]
    assert (image["ImdsSupport"], image["EnaSupport"], image["PlatformDetails"]) == ("v2.0", True, "Linux/UNIX")
    assert image["CreationDate"].endswith("T00:00:00.000Z") and "Platform" not in image
    # AMI ids are regional: the same image has another id in another region.
    eu = most_recent(amazon_linux(client_factory("ec2", region="eu-west-1")))
    assert eu["Name"] == image["Name"] and eu["ImageId"] != image["ImageId"]
    # Terraform's FindImageByID: one image, by id.
    [again] = ec2.describe_images(ImageIds=[image["ImageId"]])["Images"]
    assert again == image


def test_the_aws_cli_finds_the_latest_image(aws, ec2):
    latest = aws(
        "ec2", "describe-images", "--owners", "amazon", "--filters", f"Name=name,Values={AL2023}", "Name=architecture,Values=x86_64",
        "--query", "sort_by(Images, &CreationDate)[-1].ImageId", "--output", "text",
    )
    assert latest == most_recent(amazon_linux(ec2))["ImageId"]


def test_image_ids_errors_as_aws_words_them(ec2):
    known = most_recent(amazon_linux(ec2))["ImageId"]
    with raises_code("InvalidAMIID.Malformed"):
        ec2.describe_images(ImageIds=["ami-xyz"])
    with raises_code("InvalidAMIID.Malformed"):
        ec2.describe_images(ImageIds=[known, "vpc-12345678"])
    with raises_code("InvalidAMIID.NotFound", message="ami-12345678"):
        ec2.describe_images(ImageIds=["ami-12345678"])
    with raises_code("InvalidAMIID.NotFound", message="ami-0123456789abcdef0"):
        ec2.describe_images(ImageIds=[known, "ami-12345678", "ami-0123456789abcdef0"])
    with raises_code("InvalidParameterCombination"):
        ec2.describe_images(ImageIds=[known], MaxResults=5)
    with raises_code("DryRunOperation"):
        ec2.describe_images(ImageIds=[known], DryRun=True)


def test_owners_and_executable_users(ec2):
    everything = ec2.describe_images()["Images"]
    assert len(everything) > 10 and {i["ImageOwnerAlias"] for i in everything} == {"amazon"}
    owner = everything[0]["OwnerId"]
    ids = {i["ImageId"] for i in everything}
    assert {i["ImageId"] for i in ec2.describe_images(Owners=["amazon"])["Images"]} == ids
    assert {i["ImageId"] for i in ec2.describe_images(Owners=[owner])["Images"]} == ids
    assert {i["ImageId"] for i in ec2.describe_images(ExecutableUsers=["all"])["Images"]} == ids
    # The caller owns no image, none is shared with it, and Amazon publishes none through the marketplace here.
    for scope in [dict(Owners=["self"]), dict(Owners=["111122223333"]), dict(Owners=["aws-marketplace"]), dict(ExecutableUsers=["self"])]:
        assert ec2.describe_images(**scope)["Images"] == [], scope
    assert len(ec2.describe_images(Owners=["self", "amazon"])["Images"]) == len(ids)
    with raises_code("InvalidUserID.Malformed"):
        ec2.describe_images(Owners=["canonical"])
    with raises_code("InvalidUserID.Malformed"):
        ec2.describe_images(ExecutableUsers=["everyone"])


def test_every_documented_filter_reads_what_the_image_shows(ec2):
    image = most_recent(amazon_linux(ec2))
    day = image["CreationDate"][:10]
    values = {
        "architecture": "x86_64",
        "block-device-mapping.delete-on-termination": "true",
        "block-device-mapping.device-name": "/dev/xvda",
        "block-device-mapping.volume-size": "8",
        "block-device-mapping.volume-type": "gp3",
        "block-device-mapping.encrypted": "false",
        "creation-date": f"{day}T*",
        "description": image["Description"],
        "ena-support": "true",
        "hypervisor": "xen",
        "image-id": image["ImageId"],
        "image-type": "machine",
        "is-public": "true",
        "manifest-location": image["ImageLocation"],
        "name": image["Name"],
        "owner-alias": "amazon",
        "owner-id": image["OwnerId"],
        "root-device-name": "/dev/xvda",
        "root-device-type": "ebs",
        "state": "available",
        "sriov-net-support": "simple",
        "virtualization-type": "hvm",
    }
    for name, value in values.items():
        found = {i["ImageId"] for i in ec2.describe_images(Filters=filters(**{name: value}))["Images"]}
        assert image["ImageId"] in found, name
    # What catalogue images do not have matches nothing.
    for name in ["platform", "kernel-id", "ramdisk-id", "product-code", "block-device-mapping.snapshot-id", "tag:Name", "tag-key"]:
        assert ec2.describe_images(Filters=filters(**{name: "*"}))["Images"] == [], name
    assert ec2.describe_images(Filters=filters(architecture="arm64", name=image["Name"]))["Images"] == []
    gp2 = ec2.describe_images(Filters=filters(**{"block-device-mapping.volume-type": "gp2"}))["Images"]
    assert gp2 and all(i["Name"].endswith("-gp2") for i in gp2)
    with raises_code("InvalidParameterValue", message="The filter 'owner' is invalid"):
        ec2.describe_images(Filters=filters(owner="amazon"))


def test_pages(ec2):
    everything = {i["ImageId"] for i in ec2.describe_images()["Images"]}
    seen = []
    for page in ec2.get_paginator("describe_images").paginate(PaginationConfig={"PageSize": 5}):
        assert len(page["Images"]) <= 5
        seen += [i["ImageId"] for i in page["Images"]]
    assert len(seen) == len(set(seen)) and set(seen) == everything
    with raises_code("InvalidNextToken"):
        ec2.describe_images(MaxResults=5, NextToken="garbage")


def test_a_launch_takes_its_root_device_and_architecture_from_the_image(ec2):
    al2 = most_recent(amazon_linux(ec2, name="amzn2-ami-hvm-2.0.*-x86_64-gp2"))
    instance = ch.launch(ec2, ImageId=al2["ImageId"])
    assert (instance["RootDeviceName"], instance["Architecture"]) == ("/dev/xvda", "x86_64")
    [root] = instance["BlockDeviceMappings"]
    volume = ec2.describe_volumes(VolumeIds=[root["Ebs"]["VolumeId"]])["Volumes"][0]
    assert (root["DeviceName"], volume["Size"], volume["VolumeType"]) == ("/dev/xvda", 8, "gp2")
    # Amazon Linux 2 does not require IMDSv2; Amazon Linux 2023 does, with a hop limit of 2.
    assert (instance["MetadataOptions"]["HttpTokens"], instance["MetadataOptions"]["HttpPutResponseHopLimit"]) == ("optional", 1)
    al2023 = ch.launch(ec2, ImageId=most_recent(amazon_linux(ec2))["ImageId"])
    assert (al2023["MetadataOptions"]["HttpTokens"], al2023["MetadataOptions"]["HttpPutResponseHopLimit"]) == ("required", 2)
    # A paravirtual Amazon Linux AMI's root device is /dev/sda1.
    pv = amazon_linux(ec2, name="amzn-ami-pv-*")
    if pv:
        old = ch.launch(ec2, ImageId=pv[0]["ImageId"])
        assert old["RootDeviceName"] == "/dev/sda1" and old["BlockDeviceMappings"][0]["DeviceName"] == "/dev/sda1"


def test_an_arm64_image_needs_an_arm64_instance_type(ec2):
    arm = most_recent(amazon_linux(ec2, name="al2023-ami-2023.*-arm64"))
    before = ch.instance_ids(ec2)
    with raises_code("InvalidParameterValue", message="architecture"):
        ch.run(ec2, ImageId=arm["ImageId"], InstanceType="t3.micro")
    assert ch.instance_ids(ec2) == before
    graviton = ch.launch(ec2, ImageId=arm["ImageId"], InstanceType="t4g.micro")
    assert (graviton["Architecture"], graviton["CurrentInstanceBootMode"]) == ("arm64", "uefi")
    found = ec2.describe_instances(Filters=filters(architecture="arm64"))["Reservations"]
    assert [i["InstanceId"] for r in found for i in r["Instances"]] == [graviton["InstanceId"]]


def test_a_stopped_instance_changes_only_to_a_type_of_its_architecture(ec2):
    # "You must select an instance type that has the same processor architecture" (EC2 User Guide, changing the
    # instance type). AWS's words for this call are not known; LocalVPC answers with RunInstances'.
    x86 = ch.launch(ec2, ImageId=most_recent(amazon_linux(ec2, name="al2023-ami-2023.*-x86_64"))["ImageId"], InstanceType="t3.micro")
    iid = x86["InstanceId"]
    ec2.stop_instances(InstanceIds=[iid])
    with raises_code("InvalidParameterValue", message="architecture 'arm64' of the specified instance type does not match the architecture 'x86_64'"):
        ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "t4g.micro"})
    assert ch.describe_instance(ec2, iid)["InstanceType"] == "t3.micro"
    ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "m5.large"})
    assert ch.describe_instance(ec2, iid)["InstanceType"] == "m5.large"


def test_an_image_outside_the_catalogue_gives_localvpcs_defaults(ec2):
    """Any well-formed id is accepted (README); DescribeImages does not know it, as AWS would not."""
    instance = ch.launch(ec2, ImageId=ch.AMI)
    assert (instance["ImageId"], instance["RootDeviceName"], instance["Architecture"]) == (ch.AMI, "/dev/xvda", "x86_64")
    with raises_code("InvalidAMIID.NotFound"):
        ec2.describe_images(ImageIds=[ch.AMI])
    graviton = ch.launch(ec2, ImageId=ch.AMI, InstanceType="t4g.micro")
    assert graviton["Architecture"] == "arm64", "the type runs arm64 only"
