import Addressing
import CloudModel
import Foundation
import Reachability

/// Every flow log's open interval and what closes it: observations go into the window of each flow log covering
/// their interface; a window closes `MaxAggregationInterval` seconds after it opened (by the server's clock, which
/// `POST /_localvpc/clock` moves) or on demand, and becomes records.
///
/// A plain value: the service around it (``FlowLogService``) samples the kernel and delivers the records.
struct FlowLogRecorder: Sendable {
    /// An interval that closed, and its records.
    struct ClosedWindow: Sendable {
        let flowLog: FlowLog
        let start: Date
        let end: Date
        let records: [FlowLogRecord]
    }

    private(set) var interfaces = FlowLogInterfaces()
    private(set) var views: [String: RouterView] = [:]
    private var windows: [String: FlowLogWindow] = [:]

    /// Whether any flow log exists (else nothing needs sampling).
    var isRecording: Bool { !interfaces.flowLogs.isEmpty }

    /// The cloud after a change: new flow logs open their first window now, deleted ones are dropped.
    mutating func update(interfaces: FlowLogInterfaces, views: [String: RouterView], now: Date) {
        self.interfaces = interfaces
        self.views = views
        windows = windows.filter { interfaces.flowLogs[$0.key] != nil }
        for id in interfaces.flowLogs.keys where windows[id] == nil { windows[id] = FlowLogWindow(start: now) }
    }

    /// Adds what an interface carried to the open window of every flow log covering it.
    mutating func observe(_ observations: [FlowObservation], at time: Date) {
        guard !observations.isEmpty else { return }
        for (id, interfaceIds) in interfaces.covered {
            for observation in observations where interfaceIds.contains(observation.key.interfaceId) {
                windows[id]?.add(observation, at: time)
            }
        }
    }

    /// The windows whose interval has passed at `now`, closed at the end of their interval; the next one opens where
    /// it ended, or now when the clock jumped past it.
    mutating func closeDue(now: Date) -> [ClosedWindow] {
        var closed: [ClosedWindow] = []
        for (id, window) in windows.sorted(by: { $0.key < $1.key }) {
            guard let flowLog = interfaces.flowLogs[id] else { continue }
            let end = window.closes(interval: flowLog.maxAggregationInterval)
            guard now >= end else { continue }
            closed.append(close(id, flowLog: flowLog, window: window, end: end))
            windows[id] = FlowLogWindow(start: now >= end.addingTimeInterval(TimeInterval(flowLog.maxAggregationInterval)) ? now : end)
        }
        return closed
    }

    /// Closes `flowLogId`'s window now, whatever its age; the next opens now.
    mutating func close(_ flowLogId: String, now: Date) -> ClosedWindow? {
        guard let flowLog = interfaces.flowLogs[flowLogId], let window = windows[flowLogId] else { return nil }
        windows[flowLogId] = FlowLogWindow(start: now)
        return close(flowLogId, flowLog: flowLog, window: window, end: max(now, window.start))
    }

    private func close(_ id: String, flowLog: FlowLog, window: FlowLogWindow, end: Date) -> ClosedWindow {
        let records = window.records(of: flowLog, covering: interfaces.covered[id] ?? [], interfaces: interfaces, end: end)
        return ClosedWindow(flowLog: flowLog, start: window.start, end: end, records: records)
    }

    /// A dropped first packet as the interfaces record it: the sender's egress REJECT when its side blocked (its
    /// group, its subnet's ACL, its route); else the sender's egress ACCEPT (the packet left it) and the receiver's
    /// ingress REJECT, at the receiver's private address when it was sent to a public one.
    func observations(of rejection: FlowRejections.Rejection) -> [FlowObservation] {
        guard let view = views[rejection.namespace] else { return [] }
        let header = rejection.header
        let icmp = header.ipProtocol == IPPacketHeader.icmp || header.ipProtocol == IPPacketHeader.icmpv6
        // A new flow's first TCP packet is its SYN.
        let flags = header.ipProtocol == IPPacketHeader.tcp ? TCPFlags.syn : 0
        func observation(
            _ interfaceId: String, to destination: IPAddress, _ action: FlowLogRecord.Action, _ direction: FlowLogRecord.FlowDirection,
            path: Int? = nil
        ) -> FlowObservation? {
            guard interfaces.isLogged(interfaceId) else { return nil }
            let key = FlowObservation.Key(
                interfaceId: interfaceId, source: header.source, destination: destination, sourcePort: icmp ? 0 : header.sourcePort,
                destinationPort: icmp ? 0 : header.destinationPort, ipProtocol: header.ipProtocol, action: action, direction: direction,
                trafficPath: direction == .egress ? path : nil)
            return FlowObservation(key: key, packets: 1, bytes: rejection.bytes, tcpFlags: flags)
        }
        var sender: String?
        if case .networkInterface(let id) = view.destinations[rejection.arrival] { sender = id }
        switch rejection.blockedAt {
        case .destination(networkInterfaceId: let id):
            var destination = header.destination
            if let interface = interfaces.interfaces[id], !interface.addresses.contains(destination) { destination = interface.primaryAddress }
            // The packet left the sender toward the receiver: within the VPC, or across a peering.
            var path = TrafficPath.sameVpc
            if let receiver = interfaces.interfaces[id], receiver.vpcId != view.vpcId {
                path = interfaces.regionOfVpc[view.vpcId] == receiver.region ? TrafficPath.intraRegionPeering : TrafficPath.interRegionPeering
            }
            return [
                sender.flatMap { observation($0, to: header.destination, .accept, .egress, path: path) },
                observation(id, to: destination, .reject, .ingress),
            ].compactMap { $0 }
        case .source, nil:
            // Refused before it left: it took no path ("-").
            return [sender.flatMap { observation($0, to: header.destination, .reject, .egress) }].compactMap { $0 }
        }
    }
}
