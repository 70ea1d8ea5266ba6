import Foundation

/// One kind of traffic `--allow` admits from the peer: `icmp`, `tcp:22`, `tcp:8000-8080`, `udp:53` or `all`.
///
/// `icmp` is all of ICMP (protocol `icmp`, type and code -1); `all` is every protocol (`-1`).
public struct AllowedTraffic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The wire's `IpProtocol`: `tcp`, `udp`, `icmp` or `-1`.
    public var ipProtocol: String
    /// First port (ICMP: type); nil for `all`.
    public var fromPort: Int?
    /// Last port (ICMP: code); nil for `all`.
    public var toPort: Int?

    /// Traffic from its parts.
    public init(ipProtocol: String, fromPort: Int?, toPort: Int?) {
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
    }

    /// Parses one item of the `--allow` list.
    public init(parsing text: String) throws(PeeringSetupError) {
        let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first ?? "", parts.count) {
        case ("all", 1), ("-1", 1):
            self.init(ipProtocol: "-1", fromPort: nil, toPort: nil)
        case ("icmp", 1):
            self.init(ipProtocol: "icmp", fromPort: -1, toPort: -1)
        case ("tcp", 2), ("udp", 2):
            let bounds = parts[1].split(separator: "-", maxSplits: 1).map { Int($0) }
            guard let first = bounds.first ?? nil, let last = bounds.last ?? nil, (0...65535).contains(first), (first...65535).contains(last) else {
                throw .invalidAllow(text)
            }
            self.init(ipProtocol: parts[0], fromPort: first, toPort: last)
        default:
            throw .invalidAllow(text)
        }
    }

    /// Parses a comma-separated `--allow` list, dropping repeats.
    public static func parseList(_ text: String) throws(PeeringSetupError) -> [AllowedTraffic] {
        var list: [AllowedTraffic] = []
        for item in text.split(separator: ",") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            let traffic = try AllowedTraffic(parsing: item.trimmingCharacters(in: .whitespaces))
            if !list.contains(traffic) { list.append(traffic) }
        }
        return list
    }

    /// True when `permission` admits exactly this traffic (protocol numbers and names are the same protocol).
    public func isGranted(by permission: IpPermission) -> Bool {
        let names = ["6": "tcp", "17": "udp", "1": "icmp", "all": "-1"]
        let granted = names[permission.ipProtocol.lowercased()] ?? permission.ipProtocol.lowercased()
        guard granted == ipProtocol else { return false }
        return ipProtocol == "-1" || (permission.fromPort == fromPort && permission.toPort == toPort)
    }

    /// The `IpPermissions.1.…` parameters of an authorize call admitting this traffic from `cidr`.
    public func permissionParameters(cidr: String, description: String) -> [(String, String)] {
        var parameters = [("IpPermissions.1.IpProtocol", ipProtocol)]
        if let fromPort, let toPort {
            parameters += [("IpPermissions.1.FromPort", String(fromPort)), ("IpPermissions.1.ToPort", String(toPort))]
        }
        return parameters + [("IpPermissions.1.IpRanges.1.CidrIp", cidr), ("IpPermissions.1.IpRanges.1.Description", description)]
    }

    /// The `--allow` spelling: `icmp`, `tcp:22`, `tcp:8000-8080`, `all`.
    public var description: String {
        switch ipProtocol {
        case "-1": return "all"
        case "icmp": return "icmp"
        default: return fromPort == toPort ? "\(ipProtocol):\(fromPort ?? 0)" : "\(ipProtocol):\(fromPort ?? 0)-\(toPort ?? 0)"
        }
    }
}
