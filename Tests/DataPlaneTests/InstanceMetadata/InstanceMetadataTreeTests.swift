import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

@testable import DataPlane

/// The metadata tree of a typical instance, path by path, as AWS lays it out.
struct InstanceMetadataTreeTests {
    /// Each path and what it answers; `{…}` is filled from the fixture.
    static let values: [(path: String, expected: String)] = [
        ("latest/meta-data/ami-id", "ami-12345678"),
        ("latest/meta-data/ami-launch-index", "0"),
        ("latest/meta-data/hostname", "ip-10-0-1-10.ec2.internal"),
        ("latest/meta-data/local-hostname", "ip-10-0-1-10.ec2.internal"),
        ("latest/meta-data/instance-id", "{instance}"),
        ("latest/meta-data/instance-type", "t3.micro"),
        ("latest/meta-data/instance-life-cycle", "on-demand"),
        ("latest/meta-data/local-ipv4", "10.0.1.10"),
        ("latest/meta-data/public-ipv4", "{public}"),
        ("latest/meta-data/mac", "{mac}"),
        ("latest/meta-data/reservation-id", "{reservation}"),
        ("latest/meta-data/security-groups", "default"),
        ("latest/meta-data/placement/availability-zone", "{zone}"),
        ("latest/meta-data/placement/availability-zone-id", "{zone-id}"),
        ("latest/meta-data/placement/region", "us-east-1"),
        ("latest/meta-data/placement/", "availability-zone\navailability-zone-id\nregion"),
        ("latest/meta-data/network/interfaces/macs/", "{mac}/"),
        ("latest/meta-data/network/interfaces/macs/{mac}/device-number", "0"),
        ("latest/meta-data/network/interfaces/macs/{mac}/interface-id", "{eni}"),
        ("latest/meta-data/network/interfaces/macs/{mac}/local-ipv4s", "10.0.1.10"),
        ("latest/meta-data/network/interfaces/macs/{mac}/local-hostname", "ip-10-0-1-10.ec2.internal"),
        ("latest/meta-data/network/interfaces/macs/{mac}/mac", "{mac}"),
        ("latest/meta-data/network/interfaces/macs/{mac}/owner-id", "111111111111"),
        ("latest/meta-data/network/interfaces/macs/{mac}/public-ipv4s", "{public}"),
        ("latest/meta-data/network/interfaces/macs/{mac}/ipv4-associations/{public}", "10.0.1.10"),
        ("latest/meta-data/network/interfaces/macs/{mac}/security-group-ids", "{group}"),
        ("latest/meta-data/network/interfaces/macs/{mac}/security-groups", "default"),
        ("latest/meta-data/network/interfaces/macs/{mac}/subnet-id", "{subnet}"),
        ("latest/meta-data/network/interfaces/macs/{mac}/subnet-ipv4-cidr-block", "10.0.1.0/24"),
        ("latest/meta-data/network/interfaces/macs/{mac}/vpc-id", "{vpc}"),
        ("latest/meta-data/network/interfaces/macs/{mac}/vpc-ipv4-cidr-block", "10.0.0.0/16"),
        ("latest/meta-data/network/interfaces/macs/{mac}/vpc-ipv4-cidr-blocks", "10.0.0.0/16"),
        ("latest/meta-data/public-keys/", "0=lab-key"),
        ("latest/meta-data/public-keys/0", "openssh-key"),
        ("latest/meta-data/public-keys/0/openssh-key", InstanceMetadataFixture.publicKey),
        ("latest/user-data", InstanceMetadataFixture.script),
        ("latest/", "dynamic\nmeta-data\nuser-data"),
        ("latest/dynamic/", "instance-identity/"),
        ("latest/dynamic/instance-identity/", "document"),
        // Dated versions answer as `latest` does (cloud-init asks for 2009-04-04 and later ones).
        ("2009-04-04/meta-data/instance-id", "{instance}"),
        ("2021-03-23/meta-data/local-ipv4", "10.0.1.10"),
    ]

    @Test(arguments: values)
    func aTypicalInstanceSees(path: String, expected: String) throws {
        let fixture = try InstanceMetadataFixture()
        #expect(fixture.metadata(fill(path, fixture)) == fill(expected, fixture))
    }

    /// What is only there when the instance has it: a 404 (nil) for the bare instance.
    @Test(arguments: [
        "latest/meta-data/public-ipv4", "latest/meta-data/public-keys/", "latest/meta-data/public-keys/0/openssh-key", "latest/user-data",
        "latest/meta-data/tags/instance/", "latest/meta-data/ipv6", "latest/meta-data/network/interfaces/macs/{mac}/public-ipv4s",
        "latest/meta-data/network/interfaces/macs/{mac}/ipv6s", "latest/meta-data/no-such-category", "no-such-version/meta-data/",
    ])
    func whatTheInstanceDoesNotHaveIsNotFound(path: String) throws {
        let fixture = try InstanceMetadataFixture()
        let mac = fixture.interface(of: fixture.bare).macAddress
        #expect(fixture.metadata(path.replacingOccurrences(of: "{mac}", with: mac), of: fixture.bare) == nil)
    }

    @Test func theMetaDataListingMarksSubTreesWithASlash() throws {
        let fixture = try InstanceMetadataFixture()
        let listing = try #require(fixture.metadata("latest/meta-data/")).split(separator: "\n").map(String.init)
        for directory in ["block-device-mapping/", "network/", "placement/", "public-keys/", "services/"] { #expect(listing.contains(directory)) }
        for value in ["ami-id", "hostname", "instance-id", "local-ipv4", "mac", "public-ipv4", "security-groups"] { #expect(listing.contains(value)) }
        #expect(listing == listing.sorted(), "AWS lists categories alphabetically")
        #expect(!listing.contains("public-hostname"), "the VPC has DNS hostnames off")
        #expect(fixture.metadata("latest/meta-data") == fixture.metadata("latest/meta-data/"), "with or without the trailing slash")
        let versions = try #require(fixture.metadata("/")).split(separator: "\n")
        #expect(versions.first == "1.0" && versions.last == "latest" && versions.contains("2009-04-04"))
    }

    @Test func publicHostnamesAppearWithDnsHostnames() throws {
        var fixture = try InstanceMetadataFixture()
        let vpcId = fixture.vpc.id
        try fixture.cloud.run { try $0.modifyVpcAttribute(vpcId, .enableDnsHostnames, to: true) }
        let publicIp = try #require(fixture.metadata("latest/meta-data/public-ipv4"))
        let name = "ec2-" + publicIp.replacingOccurrences(of: ".", with: "-") + ".compute-1.amazonaws.com"
        #expect(fixture.metadata("latest/meta-data/public-hostname") == name)
    }

    @Test func tagsAppearOnlyWithInstanceMetadataTags() throws {
        var fixture = try InstanceMetadataFixture()
        #expect(fixture.metadata("latest/meta-data/tags/instance/") == nil)
        try fixture.modifyMetadataOptions(InstanceMetadataOptions.Change(instanceMetadataTags: .enabled))
        #expect(fixture.metadata("latest/meta-data/tags/instance/") == "Name\nteam")
        #expect(fixture.metadata("latest/meta-data/tags/instance/Name") == "web")
        #expect(fixture.metadata("latest/meta-data/")?.split(separator: "\n").contains("tags/") == true)
    }

    @Test func theKeyIsTheOneTheInstanceWasLaunchedWith() throws {
        var fixture = try InstanceMetadataFixture()
        try fixture.cloud.run { _ = try $0.deleteKeyPair(name: "lab-key", id: nil) }
        try fixture.cloud.run { _ = try $0.addKeyPair(name: "lab-key", keyType: .ed25519, fingerprint: "fp2", publicKey: "ssh-ed25519 AAAAother") }
        #expect(fixture.metadata("latest/meta-data/public-keys/0/openssh-key") == InstanceMetadataFixture.publicKey)
    }

    @Test func anElasticIpReplacesThePublicAddressAtOnce() throws {
        var fixture = try InstanceMetadataFixture()
        let (id, vpcId) = (fixture.bare.id, fixture.vpc.id)
        let gateway = try fixture.cloud.run { try $0.createInternetGateway() }.id
        try fixture.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcId) }
        let address = try fixture.cloud.run { try $0.allocateAddress() }
        try fixture.cloud.run {
            _ = try $0.associateAddress(address, instanceId: id, networkInterfaceId: nil, privateIpAddress: nil, allowReassociation: false)
        }
        #expect(fixture.metadata("latest/meta-data/public-ipv4", of: fixture.bare) == address.publicIp.description)
    }

    @Test func theIdentityDocumentIsAwsJson() throws {
        let fixture = try InstanceMetadataFixture()
        let text = try #require(fixture.metadata("latest/dynamic/instance-identity/document"))
        #expect(text.hasPrefix("{\n  \"accountId\" : \"111111111111\",\n"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["instanceId"] as? String == fixture.instance.id)
        #expect(document["privateIp"] as? String == "10.0.1.10")
        #expect(document["region"] as? String == "us-east-1")
        #expect(document["availabilityZone"] as? String == fixture.subnet.availabilityZone)
        #expect(document["imageId"] as? String == "ami-12345678")
        #expect(document["version"] as? String == "2017-09-30")
        #expect(document["pendingTime"] as? String == "2027-01-15T08:00:00Z")
        #expect(document["kernelId"] is NSNull)
    }

    @Test func anInstanceIsFoundByItsAddressInItsVpcOnly() throws {
        let fixture = try InstanceMetadataFixture()
        #expect(fixture.state.instance(holding: IPAddress("10.0.1.10")!, inVpc: fixture.vpc.id)?.id == fixture.instance.id)
        #expect(fixture.state.instance(holding: IPAddress("10.0.1.11")!, inVpc: fixture.vpc.id)?.id == fixture.bare.id)
        #expect(fixture.state.instance(holding: IPAddress("10.0.1.12")!, inVpc: fixture.vpc.id) == nil)
        #expect(fixture.state.instance(holding: IPAddress("10.0.1.10")!, inVpc: "vpc-00000000000000000") == nil)
    }

    private func fill(_ text: String, _ fixture: InstanceMetadataFixture) -> String {
        let interface = fixture.interface(of: fixture.instance)
        let replacements = [
            "{instance}": fixture.instance.id, "{reservation}": fixture.instance.reservationId, "{mac}": interface.macAddress, "{eni}": interface.id,
            "{public}": fixture.state.publicIp(of: interface)?.description ?? "none", "{group}": interface.groupIds.joined(separator: "\n"),
            "{subnet}": fixture.subnet.id, "{vpc}": fixture.vpc.id, "{zone}": fixture.subnet.availabilityZone,
            "{zone-id}": fixture.subnet.availabilityZoneId,
        ]
        return replacements.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }
}
