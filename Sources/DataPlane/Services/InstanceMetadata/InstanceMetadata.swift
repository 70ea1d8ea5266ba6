import Addressing
import CloudModel
import Foundation

/// What the instance metadata service shows one instance, in AWS's layout: `/` lists the versions, each version
/// (`latest`, `2009-04-04`, …) holds `meta-data/`, `dynamic/` and, when the instance has any, `user-data`.
///
/// Built from the state at the moment of the request, so every change (an Elastic IP, a group, a tag) shows at once.
/// Only categories LocalVPC can answer truthfully are there: no IAM credentials, events or spot notices; a path that
/// is not in the tree is a 404, as on AWS.
struct InstanceMetadata {
    let instance: Instance
    let state: CloudState

    /// The versions `/` lists (AWS's, oldest first); every one answers what `latest` does.
    static let versions = [
        "1.0", "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10", "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04", "2011-01-01",
        "2011-05-01", "2012-01-12", "2014-02-25", "2014-11-05", "2015-10-20", "2016-04-19", "2016-06-30", "2016-09-02", "2018-03-28",
        "2018-08-17", "2018-09-24", "2019-10-01", "2020-10-27", "2021-01-03", "2021-03-23", "2021-07-15", "2022-09-24", "2024-04-11", "latest",
    ]

    /// The whole tree, from `/`.
    var root: MetadataNode {
        let version = self.version
        return .directory(Self.versions.map { ($0, version) }, marksDirectories: false)
    }

    /// What one version holds.
    var version: MetadataNode {
        var entries: [(String, MetadataNode)] = [("dynamic", dynamic), ("meta-data", metaData)]
        if let userData { entries.append(("user-data", .value(userData))) }
        return .directory(entries, marksDirectories: false)
    }

    /// The user data as the instance sees it: decoded from the base64 the API took.
    var userData: [UInt8]? {
        guard let encoded = instance.userData else { return nil }
        return Data(base64Encoded: encoded, options: .ignoreUnknownCharacters).map { Array($0) } ?? Array(encoded.utf8)
    }

    var dynamic: MetadataNode {
        .directory([("instance-identity", .directory([("document", .text(InstanceIdentityDocument(metadata: self).json))]))])
    }

    /// `meta-data/`.
    var metaData: MetadataNode {
        let region = instance.scope.region
        var entries: [(String, MetadataNode)] = [
            ("ami-id", .text(instance.imageId)),
            ("ami-launch-index", .text(String(instance.amiLaunchIndex))),
            ("ami-manifest-path", .text("(unknown)")),
            ("block-device-mapping", .directory([("ami", .text(instance.rootDeviceName)), ("root", .text(instance.rootDeviceName))])),
            ("instance-action", .text("none")),
            ("instance-id", .text(instance.id)),
            ("instance-life-cycle", .text("on-demand")),
            ("instance-type", .text(instance.instanceType)),
            ("placement", placement),
            ("profile", .text("default-hvm")),
            ("reservation-id", .text(instance.reservationId)),
            ("services", .directory([("domain", .text("amazonaws.com")), ("partition", .text("aws"))])),
        ]
        let interfaces = state.interfaces(of: instance)
        if let primary = state.primaryInterface(of: instance) {
            let hostname = CloudState.privateDnsName(primary.primaryPrivateIp, region: region)
            entries += [
                ("hostname", .text(hostname)),
                ("local-hostname", .text(hostname)),
                ("local-ipv4", .text(primary.primaryPrivateIp.description)),
                ("mac", .text(primary.macAddress)),
                ("security-groups", .lines(groups(of: primary).map(\.groupName))),
                ("network", .directory([("interfaces", .directory([("macs", .directory(interfaces.map { ($0.macAddress, self.interface($0)) }))]))])),
            ]
            if let ipv6 = primary.ipv6Addresses.first { entries.append(("ipv6", .text(ipv6.description))) }
            if let association = state.publicAssociation(of: primary, privateIp: primary.primaryPrivateIp) {
                entries.append(("public-ipv4", .text(association.ip)))
                if !association.dnsName.isEmpty { entries.append(("public-hostname", .text(association.dnsName))) }
            }
        }
        if let publicKeys { entries.append(("public-keys", publicKeys)) }
        if instance.configuration.metadataOptions.instanceMetadataTags == .enabled { entries.append(("tags", tags)) }
        return .directory(entries.sorted { $0.0 < $1.0 })
    }

    var placement: MetadataNode {
        var entries: [(String, MetadataNode)] = [("availability-zone", .text(instance.availabilityZone)), ("region", .text(instance.scope.region))]
        if let subnet = state.get(Subnet.self, instance.subnetId, in: instance.scope) {
            entries.append(("availability-zone-id", .text(subnet.availabilityZoneId)))
        }
        return .directory(entries.sorted { $0.0 < $1.0 })
    }

    /// `public-keys/`: `0=NAME`, and `0/openssh-key`, the key the instance was launched with.
    var publicKeys: MetadataNode? {
        guard let name = instance.keyName else { return nil }
        let key = instance.launchPublicKey ?? state[instance.scope].keyPairs.values.first { $0.name == name }?.publicKey
        guard let key else { return nil }
        let keyDirectory = MetadataNode.directory([("openssh-key", .text(key))])
        // The listing says `0=NAME`; the path to the key is `0/openssh-key`.
        return .directory([MetadataNode.Entry(name: "0", node: keyDirectory, listed: "0=\(name)")])
    }

    /// `tags/instance/`: each tag key, whose value is the tag's (only with InstanceMetadataTags on). AWS refuses keys
    /// with `/` there; a key that could not be a path is left out.
    var tags: MetadataNode {
        let usable = instance.tags.filter { !$0.key.contains("/") && $0.key != "." && $0.key != ".." && !$0.key.isEmpty }
        return .directory([("instance", .directory(usable.sorted { $0.key < $1.key }.map { ($0.key, .text($0.value)) }))])
    }

    /// `network/interfaces/macs/MAC/`.
    func interface(_ interface: NetworkInterface) -> MetadataNode {
        let region = interface.scope.region
        let groups = groups(of: interface)
        var entries: [(String, MetadataNode)] = [
            ("device-number", .text(String(interface.attachment?.deviceIndex ?? 0))),
            ("interface-id", .text(interface.id)),
            ("local-hostname", .text(CloudState.privateDnsName(interface.primaryPrivateIp, region: region))),
            ("local-ipv4s", .lines(interface.privateIpAddresses.map(\.description))),
            ("mac", .text(interface.macAddress)),
            ("owner-id", .text(interface.scope.account)),
            ("security-group-ids", .lines(groups.map(\.id))),
            ("security-groups", .lines(groups.map(\.groupName))),
            ("subnet-id", .text(interface.subnetId)),
            ("vpc-id", .text(interface.interfaceVpcId)),
        ]
        let associations = interface.privateIpAddresses.compactMap { address in
            state.publicAssociation(of: interface, privateIp: address).map { (publicIp: $0.ip, dnsName: $0.dnsName, privateIp: address) }
        }
        if !associations.isEmpty {
            entries.append(("public-ipv4s", .lines(associations.map(\.publicIp))))
            entries.append(("ipv4-associations", .directory(associations.map { ($0.publicIp, .text($0.privateIp.description)) })))
            if let dnsName = associations.first(where: { $0.privateIp == interface.primaryPrivateIp })?.dnsName, !dnsName.isEmpty {
                entries.append(("public-hostname", .text(dnsName)))
            }
        }
        if !interface.ipv6Addresses.isEmpty { entries.append(("ipv6s", .lines(interface.ipv6Addresses.map(\.description)))) }
        if let subnet = state.get(Subnet.self, interface.subnetId, in: interface.scope) {
            if let block = subnet.cidrBlock { entries.append(("subnet-ipv4-cidr-block", .text(block.description))) }
            let blocks = subnet.ipv6CidrBlockAssociations.map(\.ipv6CidrBlock.description)
            if !blocks.isEmpty { entries.append(("subnet-ipv6-cidr-blocks", .lines(blocks))) }
        }
        if let vpc = state.get(Vpc.self, interface.interfaceVpcId, in: interface.scope) {
            entries.append(("vpc-ipv4-cidr-block", .text(vpc.cidrBlock.description)))
            entries.append(("vpc-ipv4-cidr-blocks", .lines(vpc.ipv4Blocks.map(\.description))))
            if !vpc.ipv6Blocks.isEmpty { entries.append(("vpc-ipv6-cidr-blocks", .lines(vpc.ipv6Blocks.map(\.description)))) }
        }
        return .directory(entries.sorted { $0.0 < $1.0 })
    }

    /// An interface's groups, in the order it has them.
    private func groups(of interface: NetworkInterface) -> [SecurityGroup] {
        interface.groupIds.compactMap { state.get(SecurityGroup.self, $0, in: interface.scope) }
    }
}
