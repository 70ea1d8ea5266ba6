import Addressing

/// CreateDhcpOptions' checks on each option, as the EC2 API Reference states them.
extension DhcpConfiguration {
    /// Checks one requested option (its key as the request spells it) and returns it as stored.
    static func validated(key: String, values: [String]) throws(EC2Error) -> DhcpConfiguration {
        guard let known = Key(rawValue: key) else { throw .dhcpOptionUnknown(key) }
        let values = values.map { $0.trimmingWhitespace }
        guard !values.isEmpty, !values.contains(where: \.isEmpty) else { throw .dhcpOptionInvalid(key, values) }
        switch known {
        case .domainName:
            guard values.count == 1 else { throw .dhcpOptionInvalid(key, values) }
        case .domainNameServers:
            // Up to four resolvers, each an address or the VPC's own.
            guard values.count <= 4, values.allSatisfy({ $0 == Self.amazonProvidedDns || IPAddress($0) != nil }) else {
                throw .dhcpOptionInvalid(key, values)
            }
        case .ntpServers:
            // Up to four IPv4 and four IPv6 addresses.
            let addresses = values.compactMap(IPAddress.init)
            guard addresses.count == values.count, addresses.filter(\.isIPv6).count <= 4, addresses.filter({ !$0.isIPv6 }).count <= 4 else {
                throw .dhcpOptionInvalid(key, values)
            }
        case .netbiosNameServers:
            guard values.count <= 4, values.allSatisfy({ IPv4Address($0) != nil }) else { throw .dhcpOptionInvalid(key, values) }
        case .netbiosNodeType:
            guard values.count == 1, ["1", "2", "4", "8"].contains(values[0]) else { throw .dhcpOptionInvalid(key, values) }
        case .ipv6AddressPreferredLeaseTime:
            guard values.count == 1, let seconds = Int(values[0]), (140...2_147_483_647).contains(seconds) else {
                throw .dhcpOptionInvalid(key, values)
            }
        }
        return DhcpConfiguration(key: known, values: values)
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
