"""Launch templates: CreateLaunchTemplate, CreateLaunchTemplateVersion,
ModifyLaunchTemplate, DescribeLaunchTemplates, DescribeLaunchTemplateVersions,
DeleteLaunchTemplateVersions, DeleteLaunchTemplate, and RunInstances from a
template.

Sources quoted here:
- EC2 API Reference, CreateLaunchTemplateVersion: "If you specify a source
  version, the new version inherits the same launch parameters as the source
  version, except for parameters that you specify in LaunchTemplateData."
- EC2 User Guide, "Launch an instance from a launch template": "Any parameters
  that you specify in the request override the same parameters in the launch
  template." Version `$Latest`, `$Default`, or a number; the default when none.
- EC2 API Reference, DeleteLaunchTemplateVersions: "You can't delete the default
  version of a launch template"; failures come back per version in
  UnsuccessfullyDeletedLaunchTemplateVersions.
- Error codes: InvalidLaunchTemplateName.AlreadyExistsException,
  InvalidLaunchTemplateName.NotFoundException, InvalidLaunchTemplateId.NotFound,
  InvalidLaunchTemplateId.VersionNotFound.
"""

from __future__ import annotations

import compute_helpers as ch
from lvpc import filters, raises_code, tags_of


def make(ec2, name="web", **data):
    data = {"ImageId": ch.AMI, "InstanceType": "t3.micro", **data}
    return ec2.create_launch_template(LaunchTemplateName=name, VersionDescription="first", LaunchTemplateData=data)["LaunchTemplate"]


def test_create_and_describe(ec2, aws):
    created = aws(
        "ec2", "create-launch-template", "--launch-template-name", "web",
        "--launch-template-data", '{"ImageId":"ami-12345678","InstanceType":"t3.micro","MetadataOptions":{"HttpTokens":"required"}}',
        "--tag-specifications", "ResourceType=launch-template,Tags=[{Key=Team,Value=net}]",
    )["LaunchTemplate"]
    assert created["LaunchTemplateId"].startswith("lt-") and created["DefaultVersionNumber"] == created["LatestVersionNumber"] == 1
    assert created["CreatedBy"].startswith("arn:aws:iam::")
    [described] = ec2.describe_launch_templates(LaunchTemplateNames=["web"])["LaunchTemplates"]
    assert described["LaunchTemplateId"] == created["LaunchTemplateId"] and described["Tags"] == [{"Key": "Team", "Value": "net"}]
    assert ec2.describe_launch_templates(Filters=filters(**{"launch-template-name": "we*"}))["LaunchTemplates"][0]["LaunchTemplateName"] == "web"
    [version] = ec2.describe_launch_template_versions(LaunchTemplateName="web")["LaunchTemplateVersions"]
    assert version["DefaultVersion"] is True and version["LaunchTemplateData"]["MetadataOptions"]["HttpTokens"] == "required"
    with raises_code("InvalidLaunchTemplateName.AlreadyExistsException"):
        make(ec2)
    with raises_code("InvalidLaunchTemplateName.NotFoundException"):
        ec2.describe_launch_templates(LaunchTemplateNames=["nope"])
    with raises_code("InvalidParameterValue"):
        make(ec2, name="other", InstanceType="t9.nonsense")


def test_versions_latest_default_and_deletion(ec2):
    template = make(ec2)["LaunchTemplateId"]
    v2 = ec2.create_launch_template_version(
        LaunchTemplateId=template, SourceVersion="1", LaunchTemplateData={"InstanceType": "t3.large"}
    )["LaunchTemplateVersion"]
    assert v2["VersionNumber"] == 2 and v2["LaunchTemplateData"]["ImageId"] == ch.AMI and v2["LaunchTemplateData"]["InstanceType"] == "t3.large"
    latest = ec2.describe_launch_template_versions(LaunchTemplateId=template, Versions=["$Latest"])["LaunchTemplateVersions"]
    assert [v["VersionNumber"] for v in latest] == [2]
    ec2.modify_launch_template(LaunchTemplateId=template, DefaultVersion="2")
    assert ec2.describe_launch_templates(LaunchTemplateIds=[template])["LaunchTemplates"][0]["DefaultVersionNumber"] == 2
    default = ec2.describe_launch_template_versions(LaunchTemplateId=template, Filters=filters(**{"is-default-version": "true"}))
    assert [v["VersionNumber"] for v in default["LaunchTemplateVersions"]] == [2]
    outcome = ec2.delete_launch_template_versions(LaunchTemplateId=template, Versions=["1", "2"])
    assert [v["VersionNumber"] for v in outcome["SuccessfullyDeletedLaunchTemplateVersions"]] == [1]
    assert [v["VersionNumber"] for v in outcome["UnsuccessfullyDeletedLaunchTemplateVersions"]] == [2]
    with raises_code("InvalidLaunchTemplateId.VersionNotFound"):
        ec2.describe_launch_template_versions(LaunchTemplateId=template, Versions=["1"])
    ec2.delete_launch_template(LaunchTemplateId=template)
    with raises_code("InvalidLaunchTemplateId.NotFound"):
        ec2.describe_launch_templates(LaunchTemplateIds=[template])


def test_run_instances_from_a_template_with_the_request_overriding_it(ec2):
    network = ch.network(ec2, "10.0.0.0/16", "10.0.1.0/24")
    template = make(
        ec2,
        NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": network["subnet"], "Groups": [network["sg"]]}],
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30, "VolumeType": "gp3"}}],
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "from-template"}]}],
    )["LaunchTemplateId"]
    [instance] = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": template})["Instances"]
    assert (instance["ImageId"], instance["InstanceType"], instance["SubnetId"]) == (ch.AMI, "t3.micro", network["subnet"])
    assert {"Key": "Name", "Value": "from-template"} in instance["Tags"]
    root = instance["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    assert ec2.describe_volumes(VolumeIds=[root])["Volumes"][0]["Size"] == 30
    [overridden] = ec2.run_instances(
        MinCount=1, MaxCount=1, InstanceType="m5.large", LaunchTemplate={"LaunchTemplateName": "web", "Version": "$Default"},
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "mine"}]}],
    )["Instances"]
    assert overridden["InstanceType"] == "m5.large"
    # AWS tags what it launches from a template with the template and version (Terraform reads them back).
    assert tags_of(overridden) == {"Name": "mine", "aws:ec2launchtemplate:id": template, "aws:ec2launchtemplate:version": "1"}
    with raises_code("InvalidLaunchTemplateName.NotFoundException"):
        ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateName": "nope"})
    with raises_code("InvalidLaunchTemplateId.VersionNotFound"):
        ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": template, "Version": "7"})


def test_what_localvpc_does_not_model_is_refused_by_name(ec2):
    with raises_code("UnsupportedOperation", message="CpuOptions"):
        make(ec2, CpuOptions={"CoreCount": 1})
    assert ec2.describe_launch_templates()["LaunchTemplates"] == []
