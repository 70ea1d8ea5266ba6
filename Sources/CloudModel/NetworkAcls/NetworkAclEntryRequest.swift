import Addressing

/// The parameters of a CreateNetworkAclEntry or ReplaceNetworkAclEntry call, as the client sent them.
public struct NetworkAclEntryRequest: Sendable, Hashable {
    public var ruleNumber: Int
    public var egress: Bool
    /// `-1` or a protocol number; the API takes no names (the AWS CLI turns `tcp`, `udp`, `icmp`, `all` into numbers).
    public var ipProtocol: String
    public var ruleAction: String
    public var cidrBlock: String?
    public var ipv6CidrBlock: String?
    /// `PortRange.From` / `PortRange.To`.
    public var fromPort: Int?
    public var toPort: Int?
    /// `Icmp.Type` / `Icmp.Code`.
    public var icmpType: Int?
    public var icmpCode: Int?

    public init(
        ruleNumber: Int,
        egress: Bool,
        ipProtocol: String,
        ruleAction: String,
        cidrBlock: String? = nil,
        ipv6CidrBlock: String? = nil,
        fromPort: Int? = nil,
        toPort: Int? = nil,
        icmpType: Int? = nil,
        icmpCode: Int? = nil
    ) {
        self.ruleNumber = ruleNumber
        self.egress = egress
        self.ipProtocol = ipProtocol
        self.ruleAction = ruleAction
        self.cidrBlock = cidrBlock
        self.ipv6CidrBlock = ipv6CidrBlock
        self.fromPort = fromPort
        self.toPort = toPort
        self.icmpType = icmpType
        self.icmpCode = icmpCode
    }
}

extension NetworkAclEntry {
    /// The entry `request` describes, refusing what AWS refuses.
    ///
    /// Blocks are made canonical (`10.0.0.18/16` is stored as `10.0.0.0/16`). A port range is kept for TCP and UDP
    /// only, where it is required; an ICMP type and code for ICMP, and for ICMPv6 on an IPv6 block, where they are
    /// required. Every other protocol covers all ports and types, so whatever else was sent is dropped, as AWS does.
    public init(validating request: NetworkAclEntryRequest) throws(EC2Error) {
        try Self.validate(ruleNumber: request.ruleNumber)
        let ipProtocol = try Self.protocolNumber(request.ipProtocol)
        guard let action = RuleAction(rawValue: request.ruleAction.lowercased()) else {
            throw .invalidParameterValue("Value (\(request.ruleAction)) for parameter ruleAction is invalid. Valid values are allow and deny.")
        }
        let block: IPCIDR
        switch (request.cidrBlock, request.ipv6CidrBlock) {
        case (let v4?, nil):
            guard let parsed = IPv4CIDR(v4) else { throw .invalidCidr(v4, parameter: "cidrBlock") }
            block = .v4(parsed.canonical)
        case (nil, let v6?):
            guard let parsed = IPv6CIDR(v6) else { throw .invalidCidr(v6, parameter: "ipv6CidrBlock") }
            block = .v6(parsed.canonical)
        case (nil, nil):
            throw .missingParameter("cidrBlock or ipv6CidrBlock")
        case (.some, .some):
            throw .invalidParameterCombination("Only one of cidrBlock and ipv6CidrBlock may be specified.")
        }
        self.init(ruleNumber: request.ruleNumber, egress: request.egress, ipProtocol: ipProtocol, ruleAction: action, cidrBlock: block)
        switch ipProtocol {
        case "6", "17":
            guard let from = request.fromPort, let to = request.toPort else {
                throw .invalidParameterValue("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.")
            }
            guard (0...65535).contains(from), (0...65535).contains(to), from <= to else {
                throw .invalidParameterValue("Invalid port range \(from)-\(to). Ports are 0-65535, and From may not exceed To.")
            }
            portRange = from...to
        case "1", "58":
            guard ipProtocol == "1" || block.ipv6 != nil else { break }  // ICMPv6 on an IPv4 block covers every type
            guard let type = request.icmpType, let code = request.icmpCode else {
                throw .invalidParameterValue("Invalid value 'Must specify both ICMP type and code.' for icmpTypeCode.")
            }
            guard (-1...255).contains(type), (-1...255).contains(code) else {
                throw .invalidParameterValue("Invalid ICMP type/code \(type)/\(code). Each is -1 (any) or 0-255.")
            }
            icmpType = type
            icmpCode = code
        default:
            break
        }
    }

    /// Refuses a rule number outside 1–32766; the `*` rules above are AWS's own.
    static func validate(ruleNumber: Int) throws(EC2Error) {
        guard ruleNumbers.contains(ruleNumber) else {
            // AWS's words, as a CreateNetworkAclEntry with 32767 answers.
            throw .invalidParameterValue("Value (\(ruleNumber)) for parameter ruleNumber is invalid. Rulenumber must be in range 1..32766")
        }
    }

    /// `-1`, or a protocol number 0–255 as its plain decimal string (`06` is `6`).
    static func protocolNumber(_ value: String) throws(EC2Error) -> String {
        if value == "-1" { return "-1" }
        guard let number = Int(value), (0...255).contains(number) else {
            // AWS's words for `tcp` and other names, which the API does not take.
            throw .invalidParameterValue("Invalid value '\(value)' for IP protocol. Unknown protocol.")
        }
        return String(number)
    }
}
