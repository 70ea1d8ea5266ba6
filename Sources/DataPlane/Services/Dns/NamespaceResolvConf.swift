import Addressing
public import CloudModel
import Foundation

/// What a namespace of LocalVPC's resolves names with: `/etc/netns/NAME/resolv.conf`, which `ip netns exec` (so
/// `localvpc instance exec`, and the user data script, spawned through it) bind-mounts over `/etc/resolv.conf`.
///
/// An instance's follows its VPC's DHCP options set, as AWS's DHCP server hands them out: `domain-name-servers`
/// (`AmazonProvidedDNS` is the VPC's resolver at its base + 2) and `domain-name` as the search list. A VPC with no
/// options set (`default`) gives its instances no name server at all, as on AWS.
public struct NamespaceResolvConf: Sendable, Hashable {
    public let nameservers: [String]
    public let search: [String]

    /// Where `ip netns exec` looks for a namespace's own `/etc` files.
    static let directory = "/etc/netns"

    public init(nameservers: [String], search: [String]) {
        self.nameservers = nameservers
        self.search = search
    }

    /// An instance's in `vpc`, whose options set is `options` (nil for `default`).
    public init(vpc: Vpc, options: DhcpOptions?) {
        let configurations = options?.configurations ?? []
        let resolver = VpcServiceAddress.resolver(ofPrimaryBlock: vpc.cidrBlock).description
        let servers = configurations.filter { $0.key == .domainNameServers }.flatMap(\.values)
        self.nameservers = servers.map { $0 == DhcpConfiguration.amazonProvidedDns ? resolver : $0 }
        // AWS takes a space-separated list in one domain-name value (Linux search lists).
        self.search = configurations.filter { $0.key == .domainName }.flatMap(\.values).flatMap { $0.split(separator: " ").map(String.init) }
    }

    /// The file's text.
    public var text: String {
        var lines = ["# Written by LocalVPC: the VPC's DHCP options set, as AWS's DHCP server gives it"]
        if !search.isEmpty { lines.append("search \(search.joined(separator: " "))") }
        lines += nameservers.prefix(3).map { "nameserver \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the file for `namespace` (one of ours: `lvpc-…`).
    func write(namespace: String) throws {
        guard namespace.hasPrefix(DataPlaneNames.prefix) else { return }
        let folder = "\(Self.directory)/\(namespace)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(folder)/resolv.conf"), options: .atomic)
    }

    /// Removes what `write` made for `namespace`.
    static func remove(namespace: String) {
        guard namespace.hasPrefix(DataPlaneNames.prefix) else { return }
        try? FileManager.default.removeItem(atPath: "\(directory)/\(namespace)")
    }

    /// The `lvpc-` namespaces that have a folder under `/etc/netns` (some may be left by an earlier run).
    static func namespaces() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix(DataPlaneNames.prefix) }
    }
}
