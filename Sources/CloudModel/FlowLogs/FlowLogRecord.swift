/// One flow log record: what one network interface sent or received of one flow (or nothing, `NODATA`) in one
/// aggregation interval, with every field of versions 2 to 5 (VPC User Guide, "Flow log records").
///
/// Values are kept as AWS writes them, so ``line(format:)`` only picks fields: addresses and ids as text, "-" where a
/// field has no value (a `NODATA` record's flow fields, a sublocation the interface is not in, an AWS service that is
/// not one end).
public struct FlowLogRecord: Sendable, Hashable, Codable {
    /// `ACCEPT` or `REJECT`; nil for a `NODATA` record.
    public enum Action: String, Sendable, Hashable, Codable {
        case accept = "ACCEPT", reject = "REJECT"
    }

    /// `OK`, or `NODATA` when the interface carried nothing in the interval.
    public enum LogStatus: String, Sendable, Hashable, Codable {
        case ok = "OK", noData = "NODATA"
    }

    /// As seen by the interface the record is for.
    public enum FlowDirection: String, Sendable, Hashable, Codable {
        case ingress, egress
    }

    public var accountId: String
    public var interfaceId: String
    public var sourceAddress: String?
    public var destinationAddress: String?
    public var sourcePort: Int?
    public var destinationPort: Int?
    public var ipProtocol: Int?
    public var packets: Int?
    public var bytes: Int?
    /// Unix seconds: the first and last packet of the flow in the interval (for `NODATA`, the interval itself).
    public var start: Int
    public var end: Int
    public var action: Action?
    public var logStatus: LogStatus
    public var vpcId: String?
    public var subnetId: String?
    public var instanceId: String?
    /// The OR of the TCP flags seen in the interval (SYN 2, SYN-ACK 18, FIN 1, RST 4; ACK is not reported).
    public var tcpFlags: Int?
    /// `IPv4` or `IPv6`.
    public var type: String?
    /// The packet's own addresses, which differ from ``sourceAddress``/``destinationAddress`` only at an interface
    /// that forwards for others (a NAT gateway's).
    public var packetSourceAddress: String?
    public var packetDestinationAddress: String?
    public var region: String?
    public var availabilityZoneId: String?
    public var flowDirection: FlowDirection?
    /// For egress records: how the traffic leaves (1 another resource of the VPC, 4 an intra-region peering, 5 an
    /// inter-region one, 8 an internet gateway); nil ("-") for ingress.
    public var trafficPath: Int?

    public init(accountId: String, interfaceId: String, start: Int, end: Int, logStatus: LogStatus = .ok) {
        self.accountId = accountId
        self.interfaceId = interfaceId
        self.start = start
        self.end = end
        self.logStatus = logStatus
    }

    /// A `NODATA` record: version, account and interface, the interval, and "-" in every flow field.
    public static func noData(accountId: String, interfaceId: String, start: Int, end: Int) -> FlowLogRecord {
        FlowLogRecord(accountId: accountId, interfaceId: interfaceId, start: start, end: end, logStatus: .noData)
    }

    /// The record as a line of `format` (a `${field}` list `FlowLogFormat.validate` accepted): each field's value, one
    /// space between them.
    public func line(format: String) -> String {
        let version = FlowLogFormat.version(of: format)
        return FlowLogFormat.fieldNames(of: format).map { value(of: $0, version: version) }.joined(separator: " ")
    }

    /// One field's value as AWS writes it.
    public func value(of field: String, version: Int = 2) -> String {
        let noData = logStatus == .noData
        func text(_ value: String?) -> String { noData ? "-" : value ?? "-" }
        func number(_ value: Int?) -> String { noData ? "-" : value.map(String.init) ?? "-" }
        switch field {
        case "version": return String(version)
        case "account-id": return accountId
        case "interface-id": return interfaceId
        case "srcaddr": return text(sourceAddress)
        case "dstaddr": return text(destinationAddress)
        case "srcport": return number(sourcePort)
        case "dstport": return number(destinationPort)
        case "protocol": return number(ipProtocol)
        case "packets": return number(packets)
        case "bytes": return number(bytes)
        case "start": return String(start)
        case "end": return String(end)
        case "action": return text(action?.rawValue)
        case "log-status": return logStatus.rawValue
        case "vpc-id": return text(vpcId)
        case "subnet-id": return text(subnetId)
        case "instance-id": return text(instanceId)
        case "tcp-flags": return number(tcpFlags)
        case "type": return text(type)
        case "pkt-srcaddr": return text(packetSourceAddress)
        case "pkt-dstaddr": return text(packetDestinationAddress)
        case "region": return text(region)
        case "az-id": return text(availabilityZoneId)
        case "flow-direction": return text(flowDirection?.rawValue)
        case "traffic-path": return number(trafficPath)
        // LocalVPC has no Wavelength or Outposts sublocations and no AWS service addresses: AWS writes "-" then.
        case "sublocation-type", "sublocation-id", "pkt-src-aws-service", "pkt-dst-aws-service": return "-"
        // No ECS tasks, and no rejection for a reason AWS names (block public access, encryption controls): "-".
        case let field where field.hasPrefix("ecs-") || field == "reject-reason": return "-"
        default: return "-"
        }
    }
}
