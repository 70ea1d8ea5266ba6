"""DescribeInstanceTypes and DescribeInstanceTypeOfferings, from AWS's own data (captured by moto)."""

import pytest

from lvpc import filters, raises_code


def test_t3_micro_has_awss_details(ec2):
    [t] = ec2.describe_instance_types(InstanceTypes=["t3.micro"])["InstanceTypes"]
    assert t["InstanceType"] == "t3.micro"
    assert t["VCpuInfo"]["DefaultVCpus"] == 2
    assert t["MemoryInfo"]["SizeInMiB"] == 1024
    assert t["ProcessorInfo"]["SupportedArchitectures"] == ["x86_64"]
    assert t["NetworkInfo"]["MaximumNetworkInterfaces"] == 2
    assert t["NetworkInfo"]["Ipv4AddressesPerInterface"] == 2
    assert t["NetworkInfo"]["Ipv6Supported"] is True
    assert t["NetworkInfo"]["NetworkPerformance"] == "Up to 5 Gigabit"
    assert t["CurrentGeneration"] is True and t["FreeTierEligible"] is True
    assert t["SupportedUsageClasses"] == ["on-demand", "spot"]
    assert t["BurstablePerformanceSupported"] is True


def test_cli_describe_instance_types(aws):
    out = aws("ec2", "describe-instance-types", "--instance-types", "t3.micro", "m5.large")
    got = {t["InstanceType"]: (t["VCpuInfo"]["DefaultVCpus"], t["MemoryInfo"]["SizeInMiB"]) for t in out["InstanceTypes"]}
    assert got == {"t3.micro": (2, 1024), "m5.large": (2, 8192)}


def test_unknown_instance_type(ec2):
    with raises_code("InvalidInstanceType", message=r"\[t3\.nope\]"):
        ec2.describe_instance_types(InstanceTypes=["t3.micro", "t3.nope"])


@pytest.mark.parametrize(
    "name,values,check",
    [
        ("processor-info.supported-architecture", ["arm64"], lambda t: "arm64" in t["ProcessorInfo"]["SupportedArchitectures"]),
        ("vcpu-info.default-vcpus", ["2"], lambda t: t["VCpuInfo"]["DefaultVCpus"] == 2),
        ("memory-info.size-in-mib", ["1024"], lambda t: t["MemoryInfo"]["SizeInMiB"] == 1024),
        ("current-generation", ["false"], lambda t: t["CurrentGeneration"] is False),
        ("network-info.ipv6-supported", ["false"], lambda t: t["NetworkInfo"]["Ipv6Supported"] is False),
        ("free-tier-eligible", ["true"], lambda t: t["FreeTierEligible"] is True),
        ("supported-usage-class", ["spot"], lambda t: "spot" in t["SupportedUsageClasses"]),
        ("instance-type", ["t3.*"], lambda t: t["InstanceType"].startswith("t3.")),
        ("instance-storage-info.disk.type", ["hdd"], lambda t: any(d["Type"] == "hdd" for d in t["InstanceStorageInfo"]["Disks"])),
        ("processor-info.sustained-clock-speed-in-ghz", ["2.5"], lambda t: t["ProcessorInfo"]["SustainedClockSpeedInGhz"] == 2.5),
    ],
)
def test_filters_select_by_the_field_shown(ec2, name, values, check):
    pages = ec2.get_paginator("describe_instance_types").paginate(Filters=filters(**{name: values}))
    found = [t for page in pages for t in page["InstanceTypes"]]
    assert found, f"{name}={values} selected nothing"
    assert all(check(t) for t in found)


def test_unknown_filter(ec2):
    with raises_code("InvalidParameterValue", message="The filter 'no-such-filter' is invalid"):
        ec2.describe_instance_types(Filters=filters(**{"no-such-filter": "x"}))


def test_pagination_limits_and_completeness(ec2, ec2_raw):
    first = ec2.describe_instance_types()
    assert len(first["InstanceTypes"]) == 100 and "NextToken" in first, "AWS serves at most 100 per page"
    names = [t["InstanceType"] for page in ec2.get_paginator("describe_instance_types").paginate(PaginationConfig={"PageSize": 37}) for t in page["InstanceTypes"]]
    assert len(names) == len(set(names)) > 500
    for bad in (4, 101):
        with raises_code("InvalidParameterValue", message="maxResults"):
            ec2_raw.describe_instance_types(MaxResults=bad)


def zones(ec2):
    return {z["ZoneName"]: z["ZoneId"] for z in ec2.describe_availability_zones()["AvailabilityZones"]}


def offerings(ec2, **kwargs):
    pages = ec2.get_paginator("describe_instance_type_offerings").paginate(**kwargs)
    return [o for page in pages for o in page["InstanceTypeOfferings"]]


def test_offerings_by_zone_agree_with_describe_availability_zones(ec2):
    known = zones(ec2)
    by_name = offerings(ec2, LocationType="availability-zone", Filters=filters(**{"instance-type": "t3.micro"}))
    assert {o["Location"] for o in by_name} <= set(known)
    assert len(by_name) >= 3 and all(o["LocationType"] == "availability-zone" for o in by_name)
    by_id = offerings(ec2, LocationType="availability-zone-id", Filters=filters(**{"instance-type": "t3.micro"}))
    assert {o["Location"] for o in by_id} == {known[o["Location"]] for o in by_name}


def test_region_offerings_are_the_union_of_the_zones(ec2):
    region = {o["InstanceType"] for o in offerings(ec2)}
    assert all(o_type for o_type in region)
    zone = {o["InstanceType"] for o in offerings(ec2, LocationType="availability-zone")}
    assert region == zone
    described = {t["InstanceType"] for page in ec2.get_paginator("describe_instance_types").paginate() for t in page["InstanceTypes"]}
    assert described == region


def test_offering_filters_by_location(ec2):
    got = offerings(ec2, LocationType="availability-zone", Filters=filters(location="us-east-1a", **{"instance-type": ["t3.micro", "t3.small"]}))
    assert sorted(o["InstanceType"] for o in got) == ["t3.micro", "t3.small"]
    assert {o["Location"] for o in got} == {"us-east-1a"}


def test_offerings_in_another_region(client_factory):
    ec2 = client_factory("ec2", region="eu-west-1")
    got = offerings(ec2, LocationType="availability-zone", Filters=filters(**{"instance-type": "t3.micro"}))
    assert {o["Location"] for o in got} == {"eu-west-1a", "eu-west-1b", "eu-west-1c"}


def test_cli_offerings(aws):
    out = aws(
        "ec2", "describe-instance-type-offerings", "--location-type", "availability-zone-id",
        "--filters", "Name=instance-type,Values=t3.micro", "Name=location,Values=use1-az1",
    )
    assert out["InstanceTypeOfferings"] == [{"InstanceType": "t3.micro", "LocationType": "availability-zone-id", "Location": "use1-az1"}]


def test_offering_errors(ec2):
    with raises_code("InvalidParameterValue"):
        ec2.describe_instance_type_offerings(LocationType="galaxy")
    with raises_code("InvalidParameterValue", message="The filter 'zone' is invalid"):
        ec2.describe_instance_type_offerings(Filters=filters(zone="x"))
    with raises_code("DryRunOperation"):
        ec2.describe_instance_type_offerings(DryRun=True)
