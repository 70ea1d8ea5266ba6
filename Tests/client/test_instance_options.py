"""What instance tools set at launch, change and read back: metadata options, CPU credits, maintenance options,
protections, monitoring and instance attributes (the calls of Terraform's aws_instance and Ansible's ec2_instance).

Sources quoted here:
- EC2 API Reference, ModifyInstanceMetadataOptions: "When you modify the parameters on a running instance, the API
  responds with a state of "pending". After the parameter modifications are successfully applied to the instance,
  the state of the modifications changes from "pending" to "applied" in subsequent describe-instances API calls";
  HttpPutResponseHopLimit "Possible values: Integers from 1 to 64"; "If no parameter is specified, the existing state
  is maintained".
- InstanceMetadataOptionsRequest defaults: HttpEndpoint enabled, HttpProtocolIpv6 disabled, InstanceMetadataTags
  disabled; HttpTokens required for an image with ImdsSupport v2.0, else optional.
- ModifyInstanceCreditSpecification's unsuccessful items carry InvalidInstanceID.Malformed, InvalidInstanceID.NotFound,
  IncorrectInstanceState or InstanceCreditSpecification.NotSupported (botocore's model).
- DescribeInstanceCreditSpecifications: without ids, the instances with the unlimited option (also one resized from
  T2 to M4 "while it is configured as unlimited"); with ids, an instance that is not burstable is an error.
- ModifyInstanceMaintenanceOptions: AutoRecovery and RebootMigration, each `default` or `disabled`.
- Terminating an instance with disableApiTermination set: OperationNotPermitted ("Modify its 'disableApiTermination'
  instance attribute and try again"); EBS optimization changes need a stopped instance (EBS-optimized instances guide).
- Instances launched from a launch template carry the aws:ec2launchtemplate:id and :version tags; Terraform's
  provider reads them with DescribeTags (resource-id, key) to know the instance's template.
"""

from __future__ import annotations

import compute_helpers as ch
import pytest
from lvpc import ServerProcess, filters, make_boto_client, raises_code, tags_of

DEFAULT_METADATA = {
    "State": "applied",
    "HttpTokens": "optional",
    "HttpPutResponseHopLimit": 1,
    "HttpEndpoint": "enabled",
    "HttpProtocolIpv6": "disabled",
    "InstanceMetadataTags": "disabled",
}


def ids_where(ec2, **kv):
    found = ec2.describe_instances(Filters=filters(**kv))["Reservations"]
    return {i["InstanceId"] for r in found for i in r["Instances"]}


def test_metadata_options_default_set_at_launch_and_filtered(ec2):
    plain = ch.launch(ec2)
    assert plain["MetadataOptions"] == DEFAULT_METADATA
    tight = ch.launch(
        ec2,
        MetadataOptions={"HttpTokens": "required", "HttpPutResponseHopLimit": 3, "HttpProtocolIpv6": "enabled", "InstanceMetadataTags": "enabled"},
    )
    assert tight["MetadataOptions"] == {
        "State": "applied", "HttpTokens": "required", "HttpPutResponseHopLimit": 3, "HttpEndpoint": "enabled",
        "HttpProtocolIpv6": "enabled", "InstanceMetadataTags": "enabled",
    }
    both = {plain["InstanceId"], tight["InstanceId"]}
    assert ids_where(ec2, **{"metadata-options.http-tokens": "required"}) == {tight["InstanceId"]}
    assert ids_where(ec2, **{"metadata-options.http-tokens": "optional"}) == {plain["InstanceId"]}
    assert ids_where(ec2, **{"metadata-options.http-put-response-hop-limit": "3"}) == {tight["InstanceId"]}
    assert ids_where(ec2, **{"metadata-options.instance-metadata-tags": "enabled"}) == {tight["InstanceId"]}
    assert ids_where(ec2, **{"metadata-options.http-protocol-ipv6": "disabled"}) == {plain["InstanceId"]}
    assert ids_where(ec2, **{"metadata-options.http-endpoint": "enabled"}) == both
    assert ids_where(ec2, **{"metadata-options.state": "applied"}) == both
    assert ids_where(ec2, **{"metadata-options.http-protocol-ipv4": "enabled"}) == both


def test_bad_launch_metadata_options_launch_nothing(ec2):
    for options in [{"HttpPutResponseHopLimit": 0}, {"HttpPutResponseHopLimit": 65}, {"HttpTokens": "sometimes"}, {"HttpEndpoint": "on"}]:
        with raises_code("InvalidParameterValue"):
            ch.run(ec2, MetadataOptions=options)
    assert ch.instance_ids(ec2) == set()


def test_modify_metadata_options_answers_pending_then_applied(ec2, aws):
    instance = ch.launch(ec2)["InstanceId"]
    answer = ec2.modify_instance_metadata_options(InstanceId=instance, HttpTokens="required", HttpPutResponseHopLimit=2)
    assert answer["InstanceId"] == instance
    assert answer["InstanceMetadataOptions"] == {**DEFAULT_METADATA, "State": "pending", "HttpTokens": "required", "HttpPutResponseHopLimit": 2}
    assert ch.describe_instance(ec2, instance)["MetadataOptions"] == {**DEFAULT_METADATA, "HttpTokens": "required", "HttpPutResponseHopLimit": 2}
    # What a call leaves out stays; the CLI works the same.
    cli = aws("ec2", "modify-instance-metadata-options", "--instance-id", instance, "--instance-metadata-tags", "enabled")
    assert cli["InstanceMetadataOptions"]["HttpTokens"] == "required" and cli["InstanceMetadataOptions"]["InstanceMetadataTags"] == "enabled"
    assert ec2.modify_instance_metadata_options(InstanceId=instance)["InstanceMetadataOptions"]["HttpPutResponseHopLimit"] == 2
    assert ids_where(ec2, **{"metadata-options.instance-metadata-tags": "enabled"}) == {instance}


def test_modify_metadata_options_errors_change_nothing(ec2, ec2_raw):
    instance = ch.launch(ec2)["InstanceId"]
    # Each call also asks a valid change, which must not be applied either.
    for bad in [
        dict(HttpTokens="required", HttpPutResponseHopLimit=0), dict(HttpTokens="required", HttpPutResponseHopLimit=65),
        dict(HttpPutResponseHopLimit=5, HttpTokens="maybe"), dict(HttpTokens="required", HttpEndpoint="off"),
    ]:
        with raises_code("InvalidParameterValue"):
            ec2_raw.modify_instance_metadata_options(InstanceId=instance, **bad)
    with raises_code("DryRunOperation"):
        ec2.modify_instance_metadata_options(InstanceId=instance, HttpTokens="required", DryRun=True)
    assert ch.describe_instance(ec2, instance)["MetadataOptions"] == DEFAULT_METADATA
    with raises_code("InvalidInstanceID.NotFound"):
        ec2.modify_instance_metadata_options(InstanceId="i-0123456789abcdef0", HttpTokens="required")
    with raises_code("InvalidInstanceID.Malformed"):
        ec2.modify_instance_metadata_options(InstanceId="i-nope", HttpTokens="required")
    ch.terminate(ec2, instance)
    with raises_code("IncorrectInstanceState"):
        ec2.modify_instance_metadata_options(InstanceId=instance, HttpTokens="required")


def test_launch_templates_carry_metadata_credit_and_maintenance_options(ec2):
    ec2.create_launch_template(
        LaunchTemplateName="hardened",
        LaunchTemplateData={
            "ImageId": ch.AMI, "InstanceType": "t3.micro",
            "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 4, "InstanceMetadataTags": "enabled", "HttpProtocolIpv6": "enabled"},
            "CreditSpecification": {"CpuCredits": "standard"},
            "MaintenanceOptions": {"AutoRecovery": "disabled"},
            "DisableApiStop": True,
        },
    )
    [version] = ec2.describe_launch_template_versions(LaunchTemplateName="hardened")["LaunchTemplateVersions"]
    data = version["LaunchTemplateData"]
    assert data["MetadataOptions"]["HttpProtocolIpv6"] == "enabled" and data["MaintenanceOptions"] == {"AutoRecovery": "disabled"}
    [launched] = ec2.run_instances(
        MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateName": "hardened"}, MetadataOptions={"HttpPutResponseHopLimit": 1}
    )["Instances"]
    instance = ch.wait_state(ec2, launched["InstanceId"], "running")
    # The request's own option wins; the template gives the others.
    assert instance["MetadataOptions"] == {
        "State": "applied", "HttpTokens": "required", "HttpPutResponseHopLimit": 1, "HttpEndpoint": "enabled",
        "HttpProtocolIpv6": "enabled", "InstanceMetadataTags": "enabled",
    }
    assert instance["MaintenanceOptions"]["AutoRecovery"] == "disabled"
    credits = ec2.describe_instance_credit_specifications(InstanceIds=[instance["InstanceId"]])["InstanceCreditSpecifications"]
    assert credits == [{"InstanceId": instance["InstanceId"], "CpuCredits": "standard"}]
    assert ec2.describe_instance_attribute(InstanceId=instance["InstanceId"], Attribute="disableApiStop")["DisableApiStop"] == {"Value": True}
    with raises_code("InvalidParameterValue"):
        ec2.create_launch_template(LaunchTemplateName="bad", LaunchTemplateData={"MetadataOptions": {"HttpPutResponseHopLimit": 99}})


def test_launch_template_tags_as_terraform_reads_them(ec2):
    template = ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={"ImageId": ch.AMI, "InstanceType": "t3.micro"})
    template_id = template["LaunchTemplate"]["LaunchTemplateId"]
    ec2.create_launch_template_version(LaunchTemplateId=template_id, LaunchTemplateData={"InstanceType": "t3.small"}, SourceVersion="1")
    [instance] = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": template_id, "Version": "$Latest"})["Instances"]
    iid = instance["InstanceId"]
    tags = ec2.describe_tags(Filters=filters(**{"resource-id": iid, "key": "aws:ec2launchtemplate:version"}))["Tags"]
    assert [t["Value"] for t in tags] == ["2"]
    tags = ec2.describe_tags(Filters=filters(**{"resource-id": iid, "key": "aws:ec2launchtemplate:id"}))["Tags"]
    assert [t["Value"] for t in tags] == [template_id]
    # Clients can neither set nor remove AWS's own tags; removing every tag keeps them.
    with raises_code("InvalidParameterValue"):
        ec2.create_tags(Resources=[iid], Tags=[{"Key": "aws:ec2launchtemplate:id", "Value": "lt-0"}])
    with raises_code("InvalidParameterValue"):
        ec2.delete_tags(Resources=[iid], Tags=[{"Key": "aws:ec2launchtemplate:id"}])
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "Name", "Value": "web"}])
    ec2.delete_tags(Resources=[iid])
    assert set(tags_of(ch.describe_instance(ec2, iid))) == {"aws:ec2launchtemplate:id", "aws:ec2launchtemplate:version"}
    assert "Tags" not in ch.describe_instance(ec2, ch.launch(ec2)["InstanceId"])


def test_credit_specification_at_launch_and_modified(ec2, aws):
    t3 = ch.launch(ec2, InstanceType="t3.micro", CreditSpecification={"CpuCredits": "standard"})["InstanceId"]
    t2 = ch.launch(ec2, InstanceType="t2.micro")["InstanceId"]
    m5 = ch.launch(ec2, InstanceType="m5.large")["InstanceId"]
    with raises_code("InvalidParameterCombination"):
        ch.run(ec2, InstanceType="m5.large", CreditSpecification={"CpuCredits": "unlimited"})
    with raises_code("InvalidParameterValue"):
        ch.run(ec2, InstanceType="t3.micro", CreditSpecification={"CpuCredits": "lots"})

    def credits(*ids):
        answer = ec2.describe_instance_credit_specifications(**({"InstanceIds": list(ids)} if ids else {}))
        return {s["InstanceId"]: s["CpuCredits"] for s in answer["InstanceCreditSpecifications"]}

    assert credits(t3, t2) == {t3: "standard", t2: "standard"}
    assert credits() == {}, "without ids: the unlimited ones only"
    answer = ec2.modify_instance_credit_specification(
        InstanceCreditSpecifications=[
            {"InstanceId": t3, "CpuCredits": "unlimited"},
            {"InstanceId": m5, "CpuCredits": "unlimited"},
            {"InstanceId": "i-0123456789abcdef0", "CpuCredits": "unlimited"},
            {"InstanceId": "i-bad", "CpuCredits": "unlimited"},
        ]
    )
    assert answer["SuccessfulInstanceCreditSpecifications"] == [{"InstanceId": t3}]
    errors = {u["InstanceId"]: u["Error"]["Code"] for u in answer["UnsuccessfulInstanceCreditSpecifications"]}
    assert errors == {
        m5: "InstanceCreditSpecification.NotSupported", "i-0123456789abcdef0": "InvalidInstanceID.NotFound", "i-bad": "InvalidInstanceID.Malformed",
    }
    assert credits() == {t3: "unlimited"}
    cli = aws("ec2", "modify-instance-credit-specification", "--instance-credit-specification", f"InstanceId={t2},CpuCredits=unlimited")
    assert cli["SuccessfulInstanceCreditSpecifications"] == [{"InstanceId": t2}]
    assert credits() == {t3: "unlimited", t2: "unlimited"}
    # A bad option refuses the whole call and changes nothing.
    with raises_code("InvalidParameterValue"):
        ec2.modify_instance_credit_specification(InstanceCreditSpecifications=[{"InstanceId": t2, "CpuCredits": "standard"}, {"InstanceId": t3, "CpuCredits": "x"}])
    assert credits(t2) == {t2: "unlimited"}
    with raises_code("DryRunOperation"):
        ec2.modify_instance_credit_specification(InstanceCreditSpecifications=[{"InstanceId": t2, "CpuCredits": "standard"}], DryRun=True)
    assert credits(t2) == {t2: "unlimited"}
    # A T2 resized to a type that does not burst, while unlimited, is still listed (the API reference's example).
    ch.stop(ec2, t2)
    ec2.modify_instance_attribute(InstanceId=t2, InstanceType={"Value": "m4.large"})
    assert credits() == {t3: "unlimited", t2: "unlimited"}
    with raises_code("InstanceCreditSpecification.NotSupported"):
        credits(m5)
    with raises_code("InvalidParameterValue", message="The filter 'instance-type' is invalid"):
        ec2.describe_instance_credit_specifications(Filters=filters(**{"instance-type": "t3.micro"}))
    assert ec2.describe_instance_credit_specifications(Filters=filters(**{"instance-id": t3}))["InstanceCreditSpecifications"] == [
        {"InstanceId": t3, "CpuCredits": "unlimited"}
    ]


def test_maintenance_options(ec2, aws):
    plain = ch.launch(ec2)
    assert plain["MaintenanceOptions"] == {"AutoRecovery": "default", "RebootMigration": "default"}
    disabled = ch.launch(ec2, MaintenanceOptions={"AutoRecovery": "disabled"})
    assert disabled["MaintenanceOptions"]["AutoRecovery"] == "disabled"
    iid = plain["InstanceId"]
    answer = ec2.modify_instance_maintenance_options(InstanceId=iid, RebootMigration="disabled")
    assert answer == {"InstanceId": iid, "AutoRecovery": "default", "RebootMigration": "disabled", "ResponseMetadata": answer["ResponseMetadata"]}
    cli = aws("ec2", "modify-instance-maintenance-options", "--instance-id", iid, "--auto-recovery", "disabled")
    assert (cli["AutoRecovery"], cli["RebootMigration"]) == ("disabled", "disabled")
    assert ch.describe_instance(ec2, iid)["MaintenanceOptions"] == {"AutoRecovery": "disabled", "RebootMigration": "disabled"}
    assert ids_where(ec2, **{"maintenance-options.auto-recovery": "disabled"}) == {iid, disabled["InstanceId"]}
    with raises_code("InvalidParameterValue"):
        ec2.modify_instance_maintenance_options(InstanceId=iid, AutoRecovery="enabled")
    with raises_code("InvalidParameterValue"):
        ch.run(ec2, MaintenanceOptions={"AutoRecovery": "sometimes"})
    ch.terminate(ec2, iid)
    with raises_code("IncorrectInstanceState"):
        ec2.modify_instance_maintenance_options(InstanceId=iid, AutoRecovery="default")


def test_termination_and_stop_protection(ec2):
    iid = ch.launch(ec2, DisableApiTermination=True, DisableApiStop=True)["InstanceId"]
    assert ec2.describe_instance_attribute(InstanceId=iid, Attribute="disableApiTermination")["DisableApiTermination"] == {"Value": True}
    with raises_code("OperationNotPermitted", message="disableApiTermination"):
        ec2.terminate_instances(InstanceIds=[iid])
    with raises_code("OperationNotPermitted", message="disableApiStop"):
        ec2.stop_instances(InstanceIds=[iid])
    assert ch.state_name(ch.describe_instance(ec2, iid)) == "running"
    ec2.modify_instance_attribute(InstanceId=iid, DisableApiStop={"Value": False})
    ch.stop(ec2, iid)
    # As Terraform deletes an instance: protection off first (the Attribute/Value form here), then terminate.
    ec2.modify_instance_attribute(InstanceId=iid, Attribute="disableApiTermination", Value="false")
    ch.terminate(ec2, iid)


def test_attributes_tools_read_and_change(ec2, aws):
    iid = ch.launch(ec2, InstanceInitiatedShutdownBehavior="terminate", EbsOptimized=True)["InstanceId"]

    def attribute(name):
        answer = ec2.describe_instance_attribute(InstanceId=iid, Attribute=name)
        return {k: v for k, v in answer.items() if k not in ("InstanceId", "ResponseMetadata")}

    assert attribute("instanceInitiatedShutdownBehavior") == {"InstanceInitiatedShutdownBehavior": {"Value": "terminate"}}
    assert attribute("ebsOptimized") == {"EbsOptimized": {"Value": True}}
    assert attribute("rootDeviceName") == {"RootDeviceName": {"Value": "/dev/xvda"}}
    # What Ansible's ec2_instance_info may ask (include_attributes).
    assert attribute("kernel") == {"KernelId": {}} and attribute("ramdisk") == {"RamdiskId": {}}
    assert attribute("sriovNetSupport") == {"SriovNetSupport": {}}
    assert attribute("enclaveOptions") == {"EnclaveOptions": {"Enabled": False}}
    ec2.modify_instance_attribute(InstanceId=iid, InstanceInitiatedShutdownBehavior={"Value": "stop"})
    assert attribute("instanceInitiatedShutdownBehavior") == {"InstanceInitiatedShutdownBehavior": {"Value": "stop"}}
    with raises_code("InvalidParameterValue"):
        ec2.modify_instance_attribute(InstanceId=iid, InstanceInitiatedShutdownBehavior={"Value": "hibernate"})
    with raises_code("IncorrectInstanceState"):
        ec2.modify_instance_attribute(InstanceId=iid, EbsOptimized={"Value": False})
    assert ids_where(ec2, **{"ebs-optimized": "true"}) == {iid}
    ch.stop(ec2, iid)
    aws("ec2", "modify-instance-attribute", "--instance-id", iid, "--no-ebs-optimized")
    assert attribute("ebsOptimized") == {"EbsOptimized": {"Value": False}}
    # Terraform's root_block_device delete_on_termination change.
    root = ch.describe_instance(ec2, iid)["BlockDeviceMappings"][0]
    ec2.modify_instance_attribute(InstanceId=iid, BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"DeleteOnTermination": False}}])
    assert ch.describe_instance(ec2, iid)["BlockDeviceMappings"][0]["Ebs"]["DeleteOnTermination"] is False
    with raises_code("InvalidInstanceAttributeValue"):
        ec2.modify_instance_attribute(InstanceId=iid, BlockDeviceMappings=[{"DeviceName": "/dev/sdz", "Ebs": {"DeleteOnTermination": False}}])
    ch.terminate(ec2, iid)
    assert ec2.describe_volumes(VolumeIds=[root["Ebs"]["VolumeId"]])["Volumes"][0]["State"] == "available"


def test_detailed_monitoring(ec2, aws):
    watched = ch.launch(ec2, Monitoring={"Enabled": True})["InstanceId"]
    plain = ch.launch(ec2)["InstanceId"]
    assert ch.describe_instance(ec2, watched)["Monitoring"] == {"State": "enabled"}
    assert ids_where(ec2, **{"monitoring-state": "disabled"}) == {plain}
    answer = ec2.unmonitor_instances(InstanceIds=[watched])["InstanceMonitorings"]
    assert answer == [{"InstanceId": watched, "Monitoring": {"State": "disabling"}}]
    assert ch.describe_instance(ec2, watched)["Monitoring"] == {"State": "disabled"}
    cli = aws("ec2", "monitor-instances", "--instance-ids", plain)
    assert cli["InstanceMonitorings"] == [{"InstanceId": plain, "Monitoring": {"State": "pending"}}]
    assert ids_where(ec2, **{"monitoring-state": "enabled"}) == {plain}
    with raises_code("InvalidInstanceID.NotFound"):
        ec2.monitor_instances(InstanceIds=[watched, "i-0123456789abcdef0"])
    assert ch.describe_instance(ec2, watched)["Monitoring"] == {"State": "disabled"}, "errors change nothing"


@pytest.mark.own_server
def test_options_survive_a_restart(tmp_path):
    state = tmp_path / "state"
    with ServerProcess(state, log_path=tmp_path / "run1.log").running() as srv:
        ec2 = make_boto_client(srv.endpoint, "ec2")
        iid = ec2.run_instances(
            ImageId=ch.AMI, InstanceType="t3.micro", MinCount=1, MaxCount=1, DisableApiTermination=True, Monitoring={"Enabled": True},
            CreditSpecification={"CpuCredits": "standard"}, MaintenanceOptions={"AutoRecovery": "disabled"},
        )["Instances"][0]["InstanceId"]
        ec2.modify_instance_metadata_options(InstanceId=iid, HttpTokens="required", HttpPutResponseHopLimit=5)
        before = ch.describe_instance(ec2, iid)
        before_credits = ec2.describe_instance_credit_specifications(InstanceIds=[iid])["InstanceCreditSpecifications"]
    with ServerProcess(state, log_path=tmp_path / "run2.log").running() as srv:
        ec2 = make_boto_client(srv.endpoint, "ec2")
        after = ch.describe_instance(ec2, iid)
        for key in ["MetadataOptions", "MaintenanceOptions", "Monitoring", "Architecture", "RootDeviceName"]:
            assert after[key] == before[key], key
        assert ec2.describe_instance_credit_specifications(InstanceIds=[iid])["InstanceCreditSpecifications"] == before_credits
        with raises_code("OperationNotPermitted"):
            ec2.terminate_instances(InstanceIds=[iid])



def test_what_terraform_always_sends_launches_and_what_localvpc_does_not_model_is_refused(ec2):
    """Terraform's aws_instance sends these on every create (an empty zone, hibernation off, monitoring off, no
    termination protection, no EBS optimization, unlimited credits for T3); each is a default LocalVPC keeps."""
    instance = ch.launch(
        ec2, Placement={"AvailabilityZone": ""}, HibernationOptions={"Configured": False}, Monitoring={"Enabled": False},
        DisableApiTermination=False, EbsOptimized=False, CreditSpecification={"CpuCredits": "unlimited"},
        CapacityReservationSpecification={"CapacityReservationPreference": "open"}, EnclaveOptions={"Enabled": False},
        # Providers v4 and early v5 send an empty profile name when aws_instance names none.
        IamInstanceProfile={"Name": ""},
    )
    assert instance["Placement"]["AvailabilityZone"].startswith("us-east-1")
    for name, extra in [
        ("IamInstanceProfile", {"IamInstanceProfile": {"Name": "web"}}),
        ("HibernationOptions.Configured", {"HibernationOptions": {"Configured": True}}),
        ("CpuOptions", {"CpuOptions": {"CoreCount": 1, "ThreadsPerCore": 1}}),
        ("Placement.Tenancy", {"Placement": {"Tenancy": "dedicated"}}),
        ("Placement.GroupName", {"Placement": {"GroupName": "cluster"}}),
        ("InstanceMarketOptions", {"InstanceMarketOptions": {"MarketType": "spot"}}),
        ("PrivateDnsNameOptions", {"PrivateDnsNameOptions": {"HostnameType": "resource-name"}}),
    ]:
        with raises_code("UnsupportedOperation", message=name):
            ch.run(ec2, **extra)
    assert ch.instance_ids(ec2) == {instance["InstanceId"]}
