public import Addressing

/// What the Amazon DNS server does with one question, and why: the answer's records (none: the name exists without a
/// record of that type), no such name, a refusal (not a name it serves), or silence (the VPC's resolver is off).
public struct DnsResolution: Sendable, Hashable {
    /// The DNS outcome, as the response code (or its absence) says it.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// NOERROR, with the records (possibly none: NODATA).
        case answered
        /// NXDOMAIN: a name of Amazon's zones that no interface holds.
        case noSuchName
        /// REFUSED: a name the VPC resolver does not serve (LocalVPC never forwards a question).
        case refused
        /// No response at all: the asking VPC has `enableDnsSupport` off, and the question times out, as on AWS.
        case noResponse
    }

    /// One record of an answer.
    public enum Record: Sendable, Hashable {
        /// An A or AAAA record.
        case address(IPAddress)
        /// A PTR record.
        case name(String)
    }

    public let outcome: Outcome
    public let records: [Record]
    /// Why, in the order the rules found it.
    public let reasons: [DnsReason]

    public init(_ outcome: Outcome, records: [Record] = [], reasons: [DnsReason] = []) {
        self.outcome = outcome
        self.records = records
        self.reasons = reasons
    }

    /// The addresses answered.
    public var addresses: [IPAddress] {
        records.compactMap { if case .address(let address) = $0 { address } else { nil } }
    }
}
