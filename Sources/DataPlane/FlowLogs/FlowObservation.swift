import Addressing
import CloudModel

/// Traffic one network interface sent or received of one flow, one way, since the last look: what a flow log record
/// adds up over its aggregation interval.
struct FlowObservation: Sendable, Hashable {
    /// What tells records apart within an interval: AWS writes one record per interface and 5-tuple and action.
    struct Key: Sendable, Hashable {
        var interfaceId: String
        /// As the interface sees them: its private address, never a public one the internet gateway maps to it.
        var source: IPAddress
        var destination: IPAddress
        var sourcePort: UInt16
        var destinationPort: UInt16
        var ipProtocol: UInt8
        var action: FlowLogRecord.Action
        var direction: FlowLogRecord.FlowDirection
        /// For egress: how it leaves (`traffic-path`).
        var trafficPath: Int?
    }

    var key: Key
    var packets: Int
    var bytes: Int
    var tcpFlags: Int = 0
}

/// `traffic-path` values (VPC User Guide, "Available fields").
enum TrafficPath {
    /// Through another resource in the same VPC (an instance, a NAT gateway).
    static let sameVpc = 1
    static let intraRegionPeering = 4
    static let interRegionPeering = 5
    /// Through an internet gateway (Nitro-based instances, which LocalVPC's are).
    static let internetGateway = 8
}
