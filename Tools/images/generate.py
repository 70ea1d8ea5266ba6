#!/usr/bin/env python3
"""Writes Sources/CloudModel/Images/Generated/ImageTable.swift: the public images DescribeImages answers in each
region, as two compact text tables compiled into the binary.

Input, installed with the Python packages the client tests already use: moto's captured AWS data (moto is
Apache-2.0), ec2/resources/latest_amis/<region>.json.gz: what DescribeImages returned on AWS, per region, for the
Amazon Linux images AWS publishes (Amazon Linux 2023, Amazon Linux 2 and the Amazon Linux AMI, standard and minimal,
x86_64 and arm64). Their ids are the real regional AMI ids. moto's other file, amis.json.gz, mixes images of 2017
with moto's own test fixtures (ids such as ami-ekslinux): it is left out.

moto keeps only some of an image's fields. The others are derived here, by rules the generator checks on every row
(it fails when a new name does not fit them), rather than invented one by one:
- CreationDate: the build date every Amazon Linux image name carries (al2023-ami-2023.11.20260427.1-… was built on
  2026-04-27), at midnight UTC; AWS's real creation time is some hours later that day.
- ImageLocation: `amazon/<name>`, as AWS writes it for images Amazon owns; ImageOwnerAlias: `amazon` (every row is an
  Amazon Linux image published by Amazon, from a regional Amazon account in opt-in regions).
- The root volume (BlockDeviceMappings): at RootDeviceName, of the type the name ends with (`-gp2` gp2, `-ebs`
  standard, Amazon Linux 2023 gp3), deleted on termination, not encrypted, and 8 GiB. 8 GiB is what the standard
  images give; the minimal ones are assumed to give the same. No snapshot id: LocalVPC has no snapshots.
- ImdsSupport `v2.0` for Amazon Linux 2023 (AWS documents it so: instances launched from it require IMDSv2 with a
  hop limit of 2); BootMode `uefi` for arm64 and `uefi-preferred` for Amazon Linux 2023 on x86_64, none otherwise;
  EnaSupport for HVM images.
What is the same for every row (public, available, machine, xen, ebs root, sriov simple, Linux/UNIX) is checked here
and written once in ImageCatalog.swift.

Run: python3 Tools/images/generate.py [--check]
(--check writes nothing and fails when the committed table differs from what it would write).
"""

import gzip
import io
import json
import os
import re
import sys

import moto

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, "Sources/CloudModel/Images/Generated/ImageTable.swift")
SOURCE = os.path.join(os.path.dirname(moto.__file__), "ec2", "resources", "latest_amis")

# The columns of a description line, in order; ImageCatalog.swift reads them in the same order.
COLUMNS = [
    "name", "description", "architecture", "virtualization-type", "root-device-name", "root-volume-type", "root-volume-size",
    "creation-date", "imds-support", "boot-mode", "ena-support",
]

# What every row must hold, as ImageCatalog.swift writes it for all.
CONSTANT = {
    "public": True, "state": "available", "image_type": "machine", "hypervisor": "xen", "root_device_type": "ebs",
    "sriov": "simple", "platform": None, "tags": {},
}

AMAZON_LINUX = re.compile(r"^(al2023-ami|amzn2-ami|amzn-ami)-")
BUILD_DATE = re.compile(r"\.(20\d\d)(\d\d)(\d\d)\.")
AMI_ID = re.compile(r"^ami-[0-9a-f]{8}([0-9a-f]{9})?$")


def root_volume_type(name):
    if name.startswith("al2023-ami-"):
        return "gp3"
    if name.endswith("-gp2"):
        return "gp2"
    if name.endswith("-ebs"):
        return "standard"
    sys.exit(f"{name}: no rule gives its root volume type")


def boot_mode(name, architecture):
    if architecture == "arm64":
        return "uefi"
    return "uefi-preferred" if name.startswith("al2023-ami-") else ""


def description_line(image):
    name = image["name"]
    if not AMAZON_LINUX.match(name):
        sys.exit(f"{name}: not an Amazon Linux image; the derivation rules do not cover it")
    date = BUILD_DATE.search(name)
    if not date:
        sys.exit(f"{name}: no build date in the name")
    for key, value in CONSTANT.items():
        if image.get(key) != value:
            sys.exit(f"{image['ami_id']} {name}: {key} is {image.get(key)!r}, the table assumes {value!r}")
    cells = [
        name, image["description"], image["architecture"], image["virtualization_type"], image["root_device_name"],
        root_volume_type(name), "8", f"{date.group(1)}-{date.group(2)}-{date.group(3)}T00:00:00.000Z",
        "v2.0" if name.startswith("al2023-ami-") else "", boot_mode(name, image["architecture"]),
        "1" if image["virtualization_type"] == "hvm" else "0",
    ]
    assert len(cells) == len(COLUMNS)
    for cell in cells:
        assert "|" not in cell and "\n" not in cell and '"""#' not in cell, cell
    return "|".join(cells)


def main():
    descriptions = []
    regions = []
    for file in sorted(os.listdir(SOURCE)):
        region = file.removesuffix(".json.gz")
        images = json.load(gzip.open(os.path.join(SOURCE, file)))
        owners = {image["owner_id"] for image in images}
        if len(owners) != 1:
            sys.exit(f"{region}: several owners {owners}; the table keeps one per region")
        entries = []
        for image in sorted(images, key=lambda image: image["name"]):
            if not AMI_ID.match(image["ami_id"]):
                sys.exit(f"{region}: {image['ami_id']} is not an AMI id")
            line = description_line(image)
            if line not in descriptions:
                descriptions.append(line)
            entries.append(f"{descriptions.index(line)}:{image['ami_id']}")
        regions.append(f"{region} {owners.pop()} {' '.join(entries)}")
    header = (
        f"// Generated by Tools/images/generate.py from moto {moto.__version__}'s captured AWS data\n"
        "// (ec2/resources/latest_amis/*.json.gz; moto is Apache-2.0). Do not edit; run python3 Tools/images/generate.py.\n"
        "// swift-format-ignore-file\n"
    )
    out = io.StringIO()
    out.write(header)
    out.write("\nextension ImageCatalog {\n")
    out.write(f"    /// One line per distinct image ({len(descriptions)}), `|`-separated: {', '.join(COLUMNS)}.\n")
    out.write("    /// A boolean is 1 or 0; an empty cell is an absent field.\n")
    out.write('    static let descriptions = #"""\n')
    out.write("\n".join(descriptions))
    out.write('\n"""#\n\n')
    out.write(f"    /// One line per region ({len(regions)}): its name, the account that owns its images, then each image as\n")
    out.write("    /// `<line of descriptions>:<image id>`.\n")
    out.write('    static let regions = #"""\n')
    out.write("\n".join(regions))
    out.write('\n"""#\n}\n')
    text = out.getvalue()
    if "--check" in sys.argv[1:]:
        with open(OUTPUT) as committed:
            if committed.read() != text:
                sys.exit(f"{OUTPUT} is stale for moto {moto.__version__}: run {sys.argv[0]}")
        return
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as output:
        output.write(text)
    count = sum(len(line.split()) - 2 for line in regions)
    print(f"{OUTPUT}: {count} images in {len(regions)} regions, {len(descriptions)} distinct, {len(text)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
