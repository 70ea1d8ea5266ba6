#!/usr/bin/env bash
# Regenerates Sources/EC2Protocol/Generated from the EC2 service model of the installed botocore
# (pip install botocore, or the AWS CLI's), for the operations listed in Tools/ec2-codegen/operations.txt.
#
# The generator is built as a small package of its own under .build-codegen/, so this never resolves the
# project's dependencies and never touches a build running in .build/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tool="$root/Tools/ec2-codegen"
work="$root/.build-codegen"
package="$work/package"

read -r model version < <(python3 -c '
import os, botocore
print(os.path.join(os.path.dirname(botocore.__file__), "data", "ec2", "2016-11-15", "service-2.json.gz"), botocore.__version__)
') || { echo "regenerate.sh: python3 with botocore is required" >&2; exit 1; }

mkdir -p "$package/Sources"
ln -sfn "$tool/Sources/EC2Codegen" "$package/Sources/EC2Codegen"
ln -sfn "$tool/Sources/ec2-codegen" "$package/Sources/ec2-codegen"
cat > "$package/Package.swift" <<'MANIFEST'
// swift-tools-version: 6.2
// Written by Tools/ec2-codegen/regenerate.sh: builds only the generator, with the settings of the main Package.swift.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ec2-codegen",
    platforms: [.macOS(.v15)],
    targets: [
        .target(name: "EC2Codegen", swiftSettings: swiftSettings),
        .executableTarget(name: "ec2-codegen", dependencies: ["EC2Codegen"], swiftSettings: swiftSettings),
    ]
)
MANIFEST

swift build --package-path "$package" --configuration release --product ec2-codegen >&2
"$package/.build/release/ec2-codegen" \
    --model "$model" \
    --botocore-version "$version" \
    --operations "$tool/operations.txt" \
    --output "$root/Sources/EC2Protocol/Generated"

# The generator writes lint-clean code; say so loudly if it ever stops.
swift format lint --strict --configuration "$root/.swift-format" --recursive "$root/Sources/EC2Protocol/Generated"
