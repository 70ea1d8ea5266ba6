#!/usr/bin/env python3
"""Writes Sources/CloudModel/InstanceTypes/Generated/InstanceTypeTable.swift: what DescribeInstanceTypes and
DescribeInstanceTypeOfferings answer, as one compact text table compiled into the binary.

Inputs, both installed with the Python packages the client tests already use:
- moto's captured AWS data (moto is Apache-2.0): ec2/resources/instance_types.json.gz (what DescribeInstanceTypes
  returned on AWS) and ec2/resources/instance_type_offerings/availability-zone-id/<region>.json.gz (what
  DescribeInstanceTypeOfferings returned per zone id);
- botocore's EC2 service model: its InstanceType enum, the names RunInstances accepts in LocalVPC (the table keeps only
  the types in both, so every type described can be launched and every type offered is described).

Offerings are kept per zone id only: zone names differ per AWS account, and LocalVPC derives the name and region
offerings from RegionCatalog's fixed mapping. Run: python3 Tools/instance-types/generate.py [--check]
(--check writes nothing and fails when the committed table differs from what it would write).
"""

import gzip
import io
import json
import os
import sys

import botocore
import moto

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, "Sources/CloudModel/InstanceTypes/Generated/InstanceTypeTable.swift")
MOTO = os.path.join(os.path.dirname(moto.__file__), "ec2", "resources")
BOTOCORE = os.path.join(os.path.dirname(botocore.__file__), "data", "ec2", "2016-11-15", "service-2.json.gz")

# The row's columns, in order; InstanceTypeInfo+Row.swift reads them in the same order.
COLUMNS = """instance-type current-generation free-tier-eligible supported-usage-classes supported-root-device-types
supported-virtualization-types bare-metal hypervisor architectures sustained-clock-speed-in-ghz manufacturer
processor-features default-vcpus default-cores default-threads-per-core valid-cores valid-threads-per-core
memory-size-in-mib instance-storage-supported storage-total-size-in-gb storage-disks storage-nvme-support
storage-encryption-support ebs-optimized-support ebs-encryption-support ebs-nvme-support ebs-attachment-limit-type
ebs-maximum-attachments ebs-baseline-bandwidth-in-mbps ebs-baseline-throughput-in-mbps ebs-baseline-iops
ebs-maximum-bandwidth-in-mbps ebs-maximum-throughput-in-mbps ebs-maximum-iops network-performance
maximum-network-interfaces maximum-network-cards default-network-card-index ipv4-addresses-per-interface
ipv6-addresses-per-interface ipv6-supported ena-support efa-supported maximum-efa-interfaces
encryption-in-transit-supported ena-srd-supported flexible-ena-queues-support bandwidth-weightings
placement-group-strategies hibernation-supported burstable-performance-supported dedicated-hosts-supported
auto-recovery-supported supported-boot-modes nitro-enclaves-support nitro-tpm-support nitro-tpm-versions
phc-support reboot-migration-support offered-in-zones""".split()


def text(value):
    """One cell: booleans as 1/0, lists joined with commas, absent as empty; never a separator character."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value) if abs(value) < 1e15 else value
    result = str(value)
    assert "|" not in result and "\n" not in result and "\\" not in result, result
    return result


def row(info, mask):
    processor = info.get("ProcessorInfo", {})
    vcpu = info.get("VCpuInfo", {})
    storage = info.get("InstanceStorageInfo") or {}
    ebs = info.get("EbsInfo", {})
    optimized = ebs.get("EbsOptimizedInfo") or {}
    network = info.get("NetworkInfo", {})
    disks = [f"{d['Count']}x{d['SizeInGB']}:{d['Type']}" for d in storage.get("Disks", [])]
    cells = [
        info["InstanceType"], info.get("CurrentGeneration"), info.get("FreeTierEligible"), info.get("SupportedUsageClasses", []),
        info.get("SupportedRootDeviceTypes", []), info.get("SupportedVirtualizationTypes", []), info.get("BareMetal"),
        info.get("Hypervisor"), processor.get("SupportedArchitectures", []), processor.get("SustainedClockSpeedInGhz"),
        processor.get("Manufacturer"), processor.get("SupportedFeatures", []), vcpu.get("DefaultVCpus"), vcpu.get("DefaultCores"),
        vcpu.get("DefaultThreadsPerCore"), vcpu.get("ValidCores", []), vcpu.get("ValidThreadsPerCore", []),
        info.get("MemoryInfo", {}).get("SizeInMiB"), info.get("InstanceStorageSupported"), storage.get("TotalSizeInGB"), disks,
        storage.get("NvmeSupport"), storage.get("EncryptionSupport"), ebs.get("EbsOptimizedSupport"), ebs.get("EncryptionSupport"),
        ebs.get("NvmeSupport"), ebs.get("AttachmentLimitType"), ebs.get("MaximumEbsAttachments"),
        optimized.get("BaselineBandwidthInMbps"), optimized.get("BaselineThroughputInMBps"), optimized.get("BaselineIops"),
        optimized.get("MaximumBandwidthInMbps"), optimized.get("MaximumThroughputInMBps"), optimized.get("MaximumIops"),
        network.get("NetworkPerformance"), network.get("MaximumNetworkInterfaces"), network.get("MaximumNetworkCards"),
        network.get("DefaultNetworkCardIndex"), network.get("Ipv4AddressesPerInterface"), network.get("Ipv6AddressesPerInterface"),
        network.get("Ipv6Supported"), network.get("EnaSupport"), network.get("EfaSupported"),
        (network.get("EfaInfo") or {}).get("MaximumEfaInterfaces"), network.get("EncryptionInTransitSupported"),
        network.get("EnaSrdSupported"), network.get("FlexibleEnaQueuesSupport"), network.get("BandwidthWeightings", []),
        (info.get("PlacementGroupInfo") or {}).get("SupportedStrategies", []), info.get("HibernationSupported"),
        info.get("BurstablePerformanceSupported"), info.get("DedicatedHostsSupported"), info.get("AutoRecoverySupported"),
        info.get("SupportedBootModes", []), info.get("NitroEnclavesSupport"), info.get("NitroTpmSupport"),
        (info.get("NitroTpmInfo") or {}).get("SupportedVersions", []), info.get("PhcSupport"), info.get("RebootMigrationSupport"),
        format(mask, "x"),
    ]
    assert len(cells) == len(COLUMNS)
    return "|".join(text(c) for c in cells)


def main():
    types = json.load(gzip.open(os.path.join(MOTO, "instance_types.json.gz")))
    model = json.load(gzip.open(BOTOCORE))
    launchable = set(model["shapes"]["InstanceType"]["enum"])
    offerings_dir = os.path.join(MOTO, "instance_type_offerings", "availability-zone-id")
    zones = []
    offered = {}
    for name in sorted(os.listdir(offerings_dir)):
        for offering in json.load(gzip.open(os.path.join(offerings_dir, name))):
            zone = offering["Location"]
            if zone not in zones:
                zones.append(zone)
            offered.setdefault(offering["InstanceType"], set()).add(zones.index(zone))
    rows = [row(types[name], sum(1 << bit for bit in offered.get(name, ()))) for name in sorted(set(types) & launchable)]
    # Most columns hold a handful of distinct values: each column gets a dictionary of its values (most common first),
    # and a row stores, after the type's name, each column's index in base 36 at the column's fixed width.
    cells = [r.split("|") for r in rows]
    dictionaries = []
    for column in range(1, len(COLUMNS)):
        counts = {}
        for r in cells:
            counts[r[column]] = counts.get(r[column], 0) + 1
        dictionaries.append(sorted(counts, key=lambda v: (-counts[v], v)))
    widths = [1 if len(d) <= 36 else 2 for d in dictionaries]
    encoded = []
    for r in cells:
        code = "".join(base36(d.index(r[i + 1]), w) for i, (d, w) in enumerate(zip(dictionaries, widths)))
        encoded.append(f"{r[0]} {code}")
    header = (
        f"// Generated by Tools/instance-types/generate.py from moto {moto.__version__}'s captured AWS data\n"
        "// (ec2/resources/instance_types.json.gz, instance_type_offerings/availability-zone-id/*.json.gz; moto is Apache-2.0)\n"
        f"// and botocore {botocore.__version__}'s InstanceType enum. Do not edit; run python3 Tools/instance-types/generate.py.\n"
        "// swift-format-ignore-file\n"
    )
    out = io.StringIO()
    out.write(header)
    out.write("\nextension InstanceTypeCatalog {\n")
    out.write("    /// The zone ids of the `offered-in-zones` masks: bit N of a mask (hexadecimal) is the Nth id here.\n")
    out.write(f'    static let zoneIdColumns = "{" ".join(zones)}"\n\n')
    out.write("    /// Every column but the first (`instance-type`): its name, then its distinct values, `|`-separated. A list\n")
    out.write("    /// value is comma-separated; a boolean is 1 or 0; an empty value is an absent field.\n")
    out.write('    static let dictionaries = #"""\n')
    out.write("\n".join("|".join([name] + d) for name, d in zip(COLUMNS[1:], dictionaries)))
    out.write('\n"""#\n\n')
    out.write(f"    /// One row per instance type ({len(rows)}): its name, a space, then each column's index into its\n")
    out.write("    /// dictionary in base 36, one digit wide (two when the dictionary has more than 36 values).\n")
    out.write('    static let rows = #"""\n')
    out.write("\n".join(encoded))
    out.write('\n"""#\n}\n')
    text = out.getvalue()
    if "--check" in sys.argv[1:]:
        with open(OUTPUT) as committed:
            if committed.read() != text:
                sys.exit(f"{OUTPUT} is stale for moto {moto.__version__} and botocore {botocore.__version__}: run {sys.argv[0]}")
        return
    with open(OUTPUT, "w") as output:
        output.write(text)
    print(f"{OUTPUT}: {len(rows)} instance types, {len(zones)} zones, {len(text)} bytes", file=sys.stderr)


def base36(number, width):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    result = ""
    for _ in range(width):
        result = digits[number % 36] + result
        number //= 36
    assert number == 0
    return result


if __name__ == "__main__":
    main()
