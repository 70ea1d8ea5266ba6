import Addressing
import CloudModel

/// Turns a router's conntrack entries (their counters and marks) into what each logged interface sent and received
/// since the last sample: the kernel carries every packet of an accepted flow and only counts them, so flow logs are
/// made from those counters per flow, never per packet.
///
/// A router sees each flow once: the interface it came in by is the sender's (the mark's reply link), and a flow
/// routed by the main table (forward link 0) is for an interface of this VPC, the one holding the reply's source
/// address (after the internet gateway's translation). A flow from another VPC (across a peering or through a transit
/// gateway) is counted at the destination's interface by the destination's router only, at the sender's by the
/// sender's router; what the sender's router decided about its replies (dropped, and on whose side) is read from the
/// sender's router's entry for the same flow (``CrossingKey``), since only that router knows.
struct ConntrackAccounting {
    /// A flow leaving its VPC by a peering or a transit gateway, as both routers' tables hold it (neither translates
    /// addresses).
    struct CrossingKey: Hashable {
        /// The peering connection's id, or the transit gateway's (the two ends' links are different attachments').
        let crossingId: String
        let original: IPPacketHeader
        let icmpIdentifier: UInt16
    }

    /// What the last sample saw of a flow.
    private struct Seen {
        var counters = Conntrack.Entry.Counters()
        var originalFlags = 0
        var replyFlags = 0
        var established = false
    }

    private struct FlowKey: Hashable {
        let original: IPPacketHeader
        let icmpIdentifier: UInt16
    }

    private var seen: [String: [FlowKey: Seen]] = [:]

    /// The marks of the flows each router sends across a peering or through a transit gateway, for the routers at
    /// the other side.
    static func crossingMarks(_ tables: [(view: RouterView, entries: [Conntrack.Entry])]) -> [CrossingKey: FlowMark] {
        var marks: [CrossingKey: FlowMark] = [:]
        for (view, entries) in tables {
            for entry in entries {
                let mark = FlowMark(rawValue: entry.mark)
                guard mark.forwardLink != 0, let id = view.destinations[mark.forwardLink]?.crossingId else { continue }
                marks[CrossingKey(crossingId: id, original: entry.original, icmpIdentifier: entry.icmpIdentifier)] = mark
            }
        }
        return marks
    }

    /// The crossing a flow came in by at `view`'s router (across a peering or through a transit gateway), as the
    /// sending router's table holds it (``crossingMarks(_:)``); nil for a flow that did not come in by one.
    static func arrivalKey(of entry: Conntrack.Entry, in view: RouterView) -> CrossingKey? {
        guard let id = view.destinations[FlowMark(rawValue: entry.mark).replyLink]?.crossingId else { return nil }
        return CrossingKey(crossingId: id, original: entry.original, icmpIdentifier: entry.icmpIdentifier)
    }

    /// The observations since the last sample of `view`'s router, whose table now holds `entries`; `peeringMarks`:
    /// the sending routers' marks of flows that came in across a peering or through a transit gateway
    /// (``crossingMarks(_:)``).
    mutating func sample(
        _ entries: [Conntrack.Entry], view: RouterView, interfaces: FlowLogInterfaces, crossingMarks: [CrossingKey: FlowMark] = [:]
    ) -> [FlowObservation] {
        var before = seen[view.namespace] ?? [:]
        var now: [FlowKey: Seen] = [:]
        var observations: [FlowObservation] = []
        // A flow that came in by no link (reply link 0, `FlowMark.vpcService`) is for the router's own services, the
        // Amazon DNS server and instance metadata: AWS does not log that traffic.
        for entry in entries where entry.mark != 0 && FlowMark(rawValue: entry.mark).replyLink != 0 {
            let key = FlowKey(original: entry.original, icmpIdentifier: entry.icmpIdentifier)
            let previous = before.removeValue(forKey: key) ?? Seen()
            var current = previous
            current.counters = entry.counters
            var flags = (original: 0, reply: 0)
            if let tcp = entry.tcp {
                let all = TCPFlags.seen(tcp, established: previous.established)
                flags = (all.original & ~previous.originalFlags, all.reply & ~previous.replyFlags)
                current.originalFlags |= all.original
                current.replyFlags |= all.reply
                current.established = previous.established || (3...7).contains(tcp.state)
            }
            now[key] = current
            let delta = Self.delta(entry.counters, since: previous.counters)
            var mark = FlowMark(rawValue: entry.mark)
            if let key = Self.arrivalKey(of: entry, in: view), let decided = crossingMarks[key] {
                mark = FlowMark(
                    forwardLink: mark.forwardLink, replyLink: mark.replyLink, untracked: mark.isUntracked, repliesDropped: decided.repliesDropped,
                    atSource: decided.repliesDroppedAtSource
                ).dropped(decided.isDropped)
            }
            observations += Self.observations(of: entry, mark: mark, delta: delta, flags: flags, view: view, interfaces: interfaces)
        }
        seen[view.namespace] = now
        return observations
    }

    /// Forgets the routers not in `namespaces` (removed).
    mutating func keep(_ namespaces: Set<String>) {
        seen = seen.filter { namespaces.contains($0.key) }
    }

    /// What passed since `previous`; a counter that went down belongs to a new entry with the same tuple.
    static func delta(_ counters: Conntrack.Entry.Counters, since previous: Conntrack.Entry.Counters) -> Conntrack.Entry.Counters {
        func minus(_ a: UInt64, _ b: UInt64) -> UInt64 { a >= b ? a - b : a }
        return Conntrack.Entry.Counters(
            originalPackets: minus(counters.originalPackets, previous.originalPackets),
            originalBytes: minus(counters.originalBytes, previous.originalBytes), replyPackets: minus(counters.replyPackets, previous.replyPackets),
            replyBytes: minus(counters.replyBytes, previous.replyBytes))
    }

    /// One entry's traffic as its interfaces in this router see it.
    static func observations(
        of entry: Conntrack.Entry, mark: FlowMark, delta: Conntrack.Entry.Counters, flags: (original: Int, reply: Int), view: RouterView,
        interfaces: FlowLogInterfaces
    ) -> [FlowObservation] {
        let original = entry.original
        let icmp = original.ipProtocol == IPPacketHeader.icmp || original.ipProtocol == IPPacketHeader.icmpv6
        // AWS writes 0 for both ports of ICMP; conntrack keeps the type and code there.
        let (sourcePort, destinationPort) = icmp ? (UInt16(0), UInt16(0)) : (original.sourcePort, original.destinationPort)
        let replyBlocked = mark.repliesDropped || mark.isDropped
        var observations: [FlowObservation] = []
        func add(
            _ interfaceId: String, _ source: IPAddress, _ destination: IPAddress, _ ports: (UInt16, UInt16), _ action: FlowLogRecord.Action,
            _ direction: FlowLogRecord.FlowDirection, _ path: Int?, packets: UInt64, bytes: UInt64, flags: Int
        ) {
            guard packets > 0, interfaces.isLogged(interfaceId) else { return }
            let key = FlowObservation.Key(
                interfaceId: interfaceId, source: source, destination: destination, sourcePort: ports.0, destinationPort: ports.1,
                ipProtocol: original.ipProtocol, action: action, direction: direction, trafficPath: direction == .egress ? path : nil)
            observations.append(FlowObservation(key: key, packets: Int(packets), bytes: Int(bytes), tcpFlags: flags))
        }
        // The sender's side.
        if case .networkInterface(let id) = view.destinations[mark.replyLink] {
            add(
                id, original.source, original.destination, (sourcePort, destinationPort), mark.isDropped ? .reject : .accept, .egress,
                trafficPath(of: mark.forwardLink, in: view, interfaces: interfaces), packets: delta.originalPackets, bytes: delta.originalBytes,
                flags: flags.original)
            // Replies dropped on the way back reach the sender only when its own side is the one that drops them.
            if !replyBlocked || mark.repliesDroppedAtSource || mark.isDropped {
                add(
                    id, original.destination, original.source, (destinationPort, sourcePort), replyBlocked ? .reject : .accept, .ingress, nil,
                    packets: delta.replyPackets, bytes: delta.replyBytes, flags: flags.reply)
            }
        }
        // The receiver's side: an interface of this VPC, at the address the flow was translated to.
        if mark.forwardLink == 0, !mark.isDropped, let receiver = interfaces.interface(at: entry.reply.source, in: view.vpcId) {
            let receiverPort = icmp ? 0 : entry.reply.sourcePort
            add(
                receiver.id, original.source, entry.reply.source, (sourcePort, receiverPort), .accept, .ingress, nil,
                packets: delta.originalPackets, bytes: delta.originalBytes, flags: flags.original)
            let droppedHere = mark.repliesDropped && !mark.repliesDroppedAtSource
            add(
                receiver.id, entry.reply.source, original.source, (receiverPort, sourcePort), droppedHere ? .reject : .accept, .egress,
                trafficPath(of: mark.replyLink, in: view, interfaces: interfaces), packets: delta.replyPackets, bytes: delta.replyBytes,
                flags: flags.reply)
        }
        return observations
    }

    /// The `traffic-path` of what leaves this router by link `index`.
    static func trafficPath(of index: Int32, in view: RouterView, interfaces: FlowLogInterfaces) -> Int? {
        guard index != 0, let destination = view.destinations[index] else { return TrafficPath.sameVpc }
        switch destination {
        // A transit gateway attachment is an interface in the VPC ("resources that create a network interface in the VPC").
        case .networkInterface, .natGateway, .transitGatewayAttachment: return TrafficPath.sameVpc
        case .vpcPeeringConnection(_, let peerVpcId):
            let sameRegion = interfaces.regionOfVpc[peerVpcId].map { $0 == interfaces.regionOfVpc[view.vpcId] } ?? true
            return sameRegion ? TrafficPath.intraRegionPeering : TrafficPath.interRegionPeering
        case .internetGateway, .egressOnlyInternetGateway: return TrafficPath.internetGateway
        }
    }
}

extension RouterLink.Destination {
    /// What both ends of a flow between two VPCs name the crossing by: the peering connection, or the transit gateway
    /// (its two ends are different attachments). nil for a link that stays in the VPC or leads to the internet.
    var crossingId: String? {
        switch self {
        case .vpcPeeringConnection(let id, _): id
        case .transitGatewayAttachment(_, let transitGatewayId): transitGatewayId
        default: nil
        }
    }
}
