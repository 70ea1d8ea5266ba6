import Addressing
import CloudModel
import Foundation

/// One flow log's open aggregation interval: what each covered interface carried, added up per interface, 5-tuple and
/// action, until the interval closes (`MaxAggregationInterval` after it opened, when the server's clock is moved past
/// that, or on demand) and becomes records.
struct FlowLogWindow: Sendable {
    struct Aggregate: Sendable, Hashable {
        var packets = 0
        var bytes = 0
        var tcpFlags = 0
        var first: Date
        var last: Date
    }

    let start: Date
    private(set) var flows: [FlowObservation.Key: Aggregate] = [:]

    init(start: Date) {
        self.start = start
    }

    /// When the interval closes by itself.
    func closes(interval: Int) -> Date { start.addingTimeInterval(TimeInterval(interval)) }

    mutating func add(_ observation: FlowObservation, at time: Date) {
        var aggregate = flows[observation.key] ?? Aggregate(first: time, last: time)
        aggregate.packets += observation.packets
        aggregate.bytes += observation.bytes
        aggregate.tcpFlags |= observation.tcpFlags
        aggregate.last = max(aggregate.last, time)
        aggregate.first = min(aggregate.first, time)
        flows[observation.key] = aggregate
    }

    /// The records of the interval closing at `end`: the flows `flowLog`'s `TrafficType` keeps, and `NODATA` for each
    /// covered interface that carried nothing at all. Sorted by interface, then start, for stable output.
    func records(of flowLog: FlowLog, covering interfaceIds: Set<String>, interfaces: FlowLogInterfaces, end: Date) -> [FlowLogRecord] {
        let startSeconds = Int(start.timeIntervalSince1970)
        let endSeconds = max(Int(end.timeIntervalSince1970), startSeconds)
        var records: [FlowLogRecord] = []
        var active: Set<String> = []
        for (key, aggregate) in flows where interfaceIds.contains(key.interfaceId) {
            active.insert(key.interfaceId)
            guard flowLog.trafficType == "ALL" || flowLog.trafficType == key.action.rawValue else { continue }
            let interface = interfaces.interfaces[key.interfaceId]
            let first = min(max(Int(aggregate.first.timeIntervalSince1970), startSeconds), endSeconds)
            let last = min(max(Int(aggregate.last.timeIntervalSince1970), first), endSeconds)
            var record = FlowLogRecord(
                accountId: interface?.accountId ?? flowLog.scope.account, interfaceId: key.interfaceId, start: first, end: last)
            record.sourceAddress = key.source.description
            record.destinationAddress = key.destination.description
            record.sourcePort = Int(key.sourcePort)
            record.destinationPort = Int(key.destinationPort)
            record.ipProtocol = Int(key.ipProtocol)
            record.packets = aggregate.packets
            record.bytes = aggregate.bytes
            record.action = key.action
            record.vpcId = interface?.vpcId
            record.subnetId = interface?.subnetId
            record.instanceId = interface?.instanceId
            // 0 when the interval saw no flag AWS reports (always, for protocols other than TCP).
            record.tcpFlags = key.ipProtocol == IPPacketHeader.tcp ? aggregate.tcpFlags : 0
            record.type = key.source.isIPv6 ? "IPv6" : "IPv4"
            record.packetSourceAddress = record.sourceAddress
            record.packetDestinationAddress = record.destinationAddress
            // AWS ("Flow log limitations"): traffic to a secondary address (or one the interface does not hold) shows the
            // primary private IPv4 address as dstaddr, and traffic from an address it does not hold shows it as srcaddr;
            // pkt-dstaddr and pkt-srcaddr keep the packet's own.
            if let interface, case .v4 = interface.primaryAddress {
                if key.direction == .ingress, case .v4 = key.destination, key.destination != interface.primaryAddress {
                    record.destinationAddress = interface.primaryAddress.description
                }
                if key.direction == .egress, case .v4 = key.source, !interface.addresses.contains(key.source) {
                    record.sourceAddress = interface.primaryAddress.description
                }
            }
            record.region = interface?.region ?? flowLog.scope.region
            record.availabilityZoneId = interface?.availabilityZoneId
            record.flowDirection = key.direction
            record.trafficPath = key.trafficPath
            records.append(record)
        }
        for id in interfaceIds.subtracting(active) {
            let account = interfaces.interfaces[id]?.accountId ?? flowLog.scope.account
            records.append(.noData(accountId: account, interfaceId: id, start: startSeconds, end: endSeconds))
        }
        return records.sorted {
            ($0.interfaceId, $0.start, $0.sourceAddress ?? "", $0.destinationAddress ?? "", $0.sourcePort ?? 0, $0.destinationPort ?? 0)
                < ($1.interfaceId, $1.start, $1.sourceAddress ?? "", $1.destinationAddress ?? "", $1.sourcePort ?? 0, $1.destinationPort ?? 0)
        }
    }
}
