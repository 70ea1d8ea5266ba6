import Addressing
import CloudModel
import Testing

@testable import DataPlane

/// Conntrack's counters as the records of each interface: both ends of a flow inside the VPC, the statefulness
/// cases (replies dropped at either side, a flow dropped later), deltas between samples, the internet gateway.
struct ConntrackAccountingTests {
    typealias F = FlowLogFixtures
    static let pingCounters = Conntrack.Entry.Counters(originalPackets: 3, originalBytes: 252, replyPackets: 3, replyBytes: 252)

    func sample(_ entry: Conntrack.Entry, _ accounting: inout ConntrackAccounting) -> [FlowObservation.Key: FlowObservation] {
        let observations = accounting.sample([entry], view: F.view, interfaces: F.interfaces())
        return Dictionary(observations.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func key(
        _ interface: String, _ source: IPAddress, _ destination: IPAddress, _ action: FlowLogRecord.Action, _ direction: FlowLogRecord.FlowDirection,
        path: Int? = nil, ports: (UInt16, UInt16) = (0, 0), ipProtocol: UInt8 = 1
    ) -> FlowObservation.Key {
        FlowObservation.Key(
            interfaceId: interface, source: source, destination: destination, sourcePort: ports.0, destinationPort: ports.1,
            ipProtocol: ipProtocol, action: action, direction: direction, trafficPath: path)
    }

    @Test func aPingInsideTheVpcIsAcceptedBothWaysAtBothInterfaces() {
        var accounting = ConntrackAccounting()
        let entry = F.entry(
            from: F.addressA, to: F.addressB, mark: FlowMark(forwardLink: 0, replyLink: 16, untracked: false), counters: Self.pingCounters)
        let seen = sample(entry, &accounting)
        #expect(seen.count == 4)
        #expect(seen[key(F.eniA, F.addressA, F.addressB, .accept, .egress, path: 1)]?.packets == 3)
        #expect(seen[key(F.eniA, F.addressB, F.addressA, .accept, .ingress)]?.bytes == 252)
        #expect(seen[key(F.eniB, F.addressA, F.addressB, .accept, .ingress)]?.packets == 3)
        #expect(seen[key(F.eniB, F.addressB, F.addressA, .accept, .egress, path: 1)]?.packets == 3)
    }

    @Test func theNextSampleCountsOnlyWhatPassedSince() {
        var accounting = ConntrackAccounting()
        let mark = FlowMark(forwardLink: 0, replyLink: 16, untracked: false)
        _ = sample(F.entry(from: F.addressA, to: F.addressB, mark: mark, counters: Self.pingCounters), &accounting)
        let more = Conntrack.Entry.Counters(originalPackets: 5, originalBytes: 420, replyPackets: 3, replyBytes: 252)
        let seen = sample(F.entry(from: F.addressA, to: F.addressB, mark: mark, counters: more), &accounting)
        #expect(seen.count == 2, "no reply passed since")
        #expect(seen[key(F.eniA, F.addressA, F.addressB, .accept, .egress, path: 1)]?.bytes == 168)
        #expect(accounting.sample([], view: F.view, interfaces: F.interfaces()).isEmpty)
    }

    /// B's subnet ACL drops B's replies: B received the request and its reply is refused at B; A never sees a reply.
    @Test func repliesDroppedAtTheReceiversSideAreARejectThere() {
        var accounting = ConntrackAccounting()
        let mark = FlowMark(forwardLink: 0, replyLink: 16, untracked: false, repliesDropped: true, atSource: false)
        let seen = sample(F.entry(from: F.addressA, to: F.addressB, mark: mark, counters: Self.pingCounters), &accounting)
        #expect(
            Set(seen.keys) == [
                key(F.eniA, F.addressA, F.addressB, .accept, .egress, path: 1), key(F.eniB, F.addressA, F.addressB, .accept, .ingress),
                key(F.eniB, F.addressB, F.addressA, .reject, .egress, path: 1),
            ])
    }

    /// A's subnet ACL drops the replies coming in: B sent them (ACCEPT), A refuses them.
    @Test func repliesDroppedAtTheSendersSideAreARejectThere() {
        var accounting = ConntrackAccounting()
        let mark = FlowMark(forwardLink: 0, replyLink: 16, untracked: false, repliesDropped: true, atSource: true)
        let seen = sample(F.entry(from: F.addressA, to: F.addressB, mark: mark, counters: Self.pingCounters), &accounting)
        #expect(seen[key(F.eniA, F.addressB, F.addressA, .reject, .ingress)] != nil)
        #expect(seen[key(F.eniB, F.addressB, F.addressA, .accept, .egress, path: 1)] != nil)
    }

    @Test func aFlowDroppedByALaterDecisionIsRejectedAtTheSender() {
        var accounting = ConntrackAccounting()
        let mark = FlowMark(forwardLink: 0, replyLink: 16, untracked: false).dropped(true)
        let seen = sample(F.entry(from: F.addressA, to: F.addressB, mark: mark, counters: Self.pingCounters), &accounting)
        #expect(
            Set(seen.keys) == [
                key(F.eniA, F.addressA, F.addressB, .reject, .egress, path: 1), key(F.eniA, F.addressB, F.addressA, .reject, .ingress),
            ])
    }

    /// From the internet to B's public address: B's records show its private address, as AWS's do.
    @Test func theInternetGatewaysTranslationIsUndoneForTheInstancesRecords() {
        var accounting = ConntrackAccounting()
        let entry = F.entry(
            from: F.internetHost, to: F.publicB, replyFrom: F.addressB, mark: FlowMark(forwardLink: 0, replyLink: 19, untracked: false),
            counters: Self.pingCounters)
        let seen = sample(entry, &accounting)
        #expect(
            Set(seen.keys) == [
                key(F.eniB, F.internetHost, F.addressB, .accept, .ingress), key(F.eniB, F.addressB, F.internetHost, .accept, .egress, path: 8),
            ])
    }

    @Test func flowsAcrossAPeeringAreCountedAtTheSendersRouterForTheSenderOnly() {
        var accounting = ConntrackAccounting()
        let peer = IPAddress.v4(IPv4Address(10, 9, 0, 5))
        let seen = sample(
            F.entry(from: F.addressA, to: peer, mark: FlowMark(forwardLink: 18, replyLink: 16, untracked: false), counters: Self.pingCounters),
            &accounting)
        #expect(Set(seen.keys) == [key(F.eniA, F.addressA, peer, .accept, .egress, path: 4), key(F.eniA, peer, F.addressA, .accept, .ingress)])
    }

    @Test func tcpFlagsAreReportedOnceAsTheStateMoves() {
        var accounting = ConntrackAccounting()
        let mark = FlowMark(forwardLink: 0, replyLink: 16, untracked: false)
        func flags(_ state: UInt8, _ packets: UInt64) -> (egress: Int?, ingress: Int?) {
            let counters = Conntrack.Entry.Counters(
                originalPackets: packets, originalBytes: packets * 60, replyPackets: packets, replyBytes: packets * 60)
            let entry = F.entry(
                from: F.addressA, to: F.addressB, ipProtocol: 6, ports: (40000, 80), mark: mark, counters: counters,
                tcp: .init(state: state, originalClosedFirst: true))
            let seen = sample(entry, &accounting)
            return (
                seen[key(F.eniA, F.addressA, F.addressB, .accept, .egress, path: 1, ports: (40000, 80), ipProtocol: 6)]?.tcpFlags,
                seen[key(F.eniA, F.addressB, F.addressA, .accept, .ingress, ports: (80, 40000), ipProtocol: 6)]?.tcpFlags
            )
        }
        #expect(flags(3, 3) == (2, 18))  // established: SYN out, SYN-ACK back
        #expect(flags(3, 5) == (0, 0))  // data only: ACK is not reported
        #expect(flags(7, 7) == (1, 1))  // both FINs
    }

    /// A ping from a peered VPC's instance (`peer`) to B, whose replies B's subnet refuses: the entry in B's router
    /// (`F.view`, by its peering link 18), the sending router and its entry, marked with that decision.
    static func pingAcrossAPeering() -> (peer: IPAddress, entry: Conntrack.Entry, sender: RouterView, senderEntry: Conntrack.Entry) {
        let peer = IPAddress.v4(IPv4Address(10, 9, 0, 5))
        let entry = F.entry(from: peer, to: F.addressB, mark: FlowMark(forwardLink: 0, replyLink: 18, untracked: false), counters: Self.pingCounters)
        let sender = RouterView(
            router: VpcRouter(
                vpcId: "vpc-0bbbbbbbbbbbbbbbb",
                links: [RouterLink(destination: .vpcPeeringConnection("pcx-00000000000000001", peerVpcId: F.vpcId), mtu: 9001)],
                publicAddresses: [:]),
            indexes: [DataPlaneNames.link(.vpcPeeringConnection, "pcx-00000000000000001"): 30])
        var senderEntry = entry
        senderEntry.mark = FlowMark(forwardLink: 30, replyLink: 16, untracked: false, repliesDropped: true, atSource: false).rawValue
        return (peer, entry, sender, senderEntry)
    }

    /// A flow from a peered VPC's instance to B, whose replies B's subnet refuses: the sending router decided that,
    /// and its mark tells the receiving router that B's egress is a REJECT.
    @Test func theSendingRoutersMarkSaysWhatHappensToRepliesAcrossAPeering() {
        let (peer, entry, sender, senderEntry) = Self.pingAcrossAPeering()
        let marks = ConntrackAccounting.crossingMarks([(sender, [senderEntry])])
        var accounting = ConntrackAccounting()
        let seen = Set(accounting.sample([entry], view: F.view, interfaces: F.interfaces(), crossingMarks: marks).map(\.key))
        #expect(seen == [key(F.eniB, peer, F.addressB, .accept, .ingress), key(F.eniB, F.addressB, peer, .reject, .egress, path: 4)])
        var unaware = ConntrackAccounting()
        #expect(unaware.sample([entry], view: F.view, interfaces: F.interfaces()).allSatisfy { $0.key.action == .accept })
    }

    /// The routers are read one after the other: a sender read before the ping began and a receiver read after its
    /// first reply (CI at 2689eab: B's egress recorded as ACCEPT 1 then REJECT 1). The routers on that crossing are
    /// read again for their marks, once, and only when a crossing flow has none.
    @Test func aSenderReadBeforeTheFlowBeganIsReadAgainForItsMark() {
        let (peer, entry, sender, senderEntry) = Self.pingAcrossAPeering()
        var reads: [String: Int] = [:]
        let tables = ConntrackAccounting.read([sender, F.view]) { view in
            reads[view.namespace, default: 0] += 1
            if view == F.view { return [entry] }
            return reads[view.namespace] == 1 ? [] : [senderEntry]
        }
        #expect(reads == [sender.namespace: 2, F.view.namespace: 2], "both ends of the crossing are read again")
        #expect(tables.tables.map(\.entries.count) == [0, 1], "what is counted is the first reading")
        var accounting = ConntrackAccounting()
        let seen = Set(
            tables.tables.flatMap { accounting.sample($0.entries, view: $0.view, interfaces: F.interfaces(), crossingMarks: tables.crossingMarks) }
                .map(\.key))
        #expect(seen == [key(F.eniB, peer, F.addressB, .accept, .ingress), key(F.eniB, F.addressB, peer, .reject, .egress, path: 4)])

        // Every crossing flow matched: nobody is read twice.
        reads = [:]
        _ = ConntrackAccounting.read([sender, F.view]) { view in
            reads[view.namespace, default: 0] += 1
            return view == F.view ? [entry] : [senderEntry]
        }
        #expect(reads == [sender.namespace: 1, F.view.namespace: 1])
    }

    /// The same through a transit gateway: the two routers' links are different attachments of one gateway, which is
    /// what names the crossing; the receiver's egress goes through the attachment's interface in its VPC (path 1).
    @Test func theSendingRoutersMarkSaysWhatHappensToRepliesThroughATransitGateway() {
        let (gateway, spoke) = ("tgw-00000000000000001", IPAddress.v4(IPv4Address(10, 9, 0, 5)))
        let receiver = RouterView(
            router: VpcRouter(
                vpcId: F.vpcId,
                links: [
                    RouterLink(destination: .networkInterface(F.eniB), mtu: 9001),
                    RouterLink(destination: .transitGatewayAttachment("tgw-attach-0000000000000000b", transitGatewayId: gateway), mtu: 8500),
                ],
                publicAddresses: [:]),
            indexes: [
                DataPlaneNames.link(.networkInterface, F.eniB): 17,
                DataPlaneNames.link(.transitGatewayAttachment, "tgw-attach-0000000000000000b"): 20,
            ])
        let sender = RouterView(
            router: VpcRouter(
                vpcId: "vpc-0cccccccccccccccc",
                links: [RouterLink(destination: .transitGatewayAttachment("tgw-attach-0000000000000000c", transitGatewayId: gateway), mtu: 8500)],
                publicAddresses: [:]),
            indexes: [DataPlaneNames.link(.transitGatewayAttachment, "tgw-attach-0000000000000000c"): 30])
        let entry = F.entry(from: spoke, to: F.addressB, mark: FlowMark(forwardLink: 0, replyLink: 20, untracked: false), counters: Self.pingCounters)
        var senderEntry = entry
        senderEntry.mark = FlowMark(forwardLink: 30, replyLink: 16, untracked: false, repliesDropped: true, atSource: false).rawValue
        let marks = ConntrackAccounting.crossingMarks([(sender, [senderEntry])])
        var accounting = ConntrackAccounting()
        let seen = Set(accounting.sample([entry], view: receiver, interfaces: F.interfaces(), crossingMarks: marks).map(\.key))
        #expect(seen == [key(F.eniB, spoke, F.addressB, .accept, .ingress), key(F.eniB, F.addressB, spoke, .reject, .egress, path: 1)])
        // Counted once: the sender's router has no receiver's interface for it, the receiver's none of the sender's.
        var senderAccounting = ConntrackAccounting()
        #expect(senderAccounting.sample([senderEntry], view: sender, interfaces: F.interfaces()).isEmpty)
    }

    /// The services' mark (forward and reply link 0, untracked): traffic to the Amazon DNS server or instance
    /// metadata is never logged.
    @Test(arguments: ["169.254.169.254", "169.254.169.253", "10.0.0.2"])
    func trafficToTheRoutersOwnServicesIsNotLogged(_ service: String) throws {
        var accounting = ConntrackAccounting()
        let address = try #require(IPv4Address(service))
        let entry = F.entry(
            from: F.addressA, to: .v4(address), ipProtocol: 17, ports: (40000, 53), mark: FlowMark.vpcService, counters: Self.pingCounters
        )
        #expect(accounting.sample([entry], view: F.view, interfaces: F.interfaces()).isEmpty)
    }
}
