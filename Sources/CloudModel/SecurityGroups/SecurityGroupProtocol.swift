/// The protocol of a security group rule, as AWS stores it: `-1`, `tcp`, `udp`, `icmp`, `icmpv6`, or a number.
enum SecurityGroupProtocol {
    /// The stored name of `value`, or nil when it is not a protocol (names are case-insensitive; numbers 0–255).
    static func normalize(_ value: String) -> String? {
        switch value.lowercased() {
        case "-1", "all": return "-1"
        case "tcp", "6": return "tcp"
        case "udp", "17": return "udp"
        case "icmp", "1": return "icmp"
        case "icmpv6", "58": return "icmpv6"
        default:
            guard let number = Int(value), (0...255).contains(number) else { return nil }
            return String(number)
        }
    }

    /// The protocol number of a stored name (`tcp` is `6`); nil for `-1` and for protocols stored as numbers.
    static func number(of ipProtocol: String) -> String? {
        ["tcp": "6", "udp": "17", "icmp": "1", "icmpv6": "58"][ipProtocol]
    }

    /// The port range (or ICMP type and code) a rule keeps for `ipProtocol`, refusing what AWS refuses.
    static func ports(for ipProtocol: String, from: Int?, to: Int?) throws(EC2Error) -> (Int?, Int?) {
        switch ipProtocol {
        case "tcp", "udp":
            guard let from, let to else {
                throw .invalidParameterValue("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.")
            }
            guard (0...65535).contains(from), (0...65535).contains(to), from <= to else {
                throw .invalidParameterValue("Invalid port range \(from)-\(to) for \(ipProtocol). Ports are 0-65535 and fromPort ≤ toPort.")
            }
            return (from, to)
        case "icmp", "icmpv6":
            // FromPort is the ICMP type and ToPort the code; -1 means any.
            let type = from ?? -1
            let code = to ?? -1
            guard (-1...255).contains(type), (-1...255).contains(code) else {
                throw .invalidParameterValue("Invalid ICMP type/code \(type)/\(code). Each is -1 (any) or 0-255.")
            }
            // "If the start port is -1 (all ICMP types), then the end port must be -1 (all ICMP codes)" (the API reference).
            guard type != -1 || code == -1 else {
                throw .invalidParameterValue("Invalid ICMP type/code -1/\(code). With all ICMP types (-1), the code must be -1 (all codes).")
            }
            return (type, code)
        default:
            return (nil, nil)
        }
    }
}
