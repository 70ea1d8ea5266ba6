import Addressing
import CloudModel
import Foundation
import Reachability
import Testing

@testable import DataPlane

/// Windows by the server's clock: closing on time, after the clock jumps, on demand; which interfaces each flow log
/// covers; dropped first packets as records at the blocking side.
struct FlowLogRecorderTests {
    typealias F = FlowLogFixtures
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    static func recorder(_ flowLogs: [FlowLog]) -> FlowLogRecorder {
        var recorder = FlowLogRecorder()
        recorder.update(interfaces: F.interfaces(flowLogs), views: [F.view.namespace: F.view], now: t0)
        return recorder
    }

    @Test func aWindowClosesAfterItsIntervalAndTheNextFollowsOn() throws {
        var recorder = Self.recorder([F.flowLog(interval: 60)])
        let early = recorder.closeDue(now: Self.t0.addingTimeInterval(59))
        #expect(early.isEmpty)
        let due = recorder.closeDue(now: Self.t0.addingTimeInterval(61))
        let closed = try #require(due.first)
        #expect((closed.start, closed.end) == (Self.t0, Self.t0.addingTimeInterval(60)))
        #expect(closed.records.map(\.logStatus) == [.noData, .noData])
        let nextDue = recorder.closeDue(now: Self.t0.addingTimeInterval(121))
        let next = try #require(nextDue.first)
        #expect(next.start == Self.t0.addingTimeInterval(60))
    }

    /// `POST /_localvpc/clock` moving an hour on: the open window closes at its end, the next opens at the new now.
    @Test func aClockJumpClosesTheWindowAndOpensOneAtTheNewTime() throws {
        var recorder = Self.recorder([F.flowLog(interval: 600)])
        let later = Self.t0.addingTimeInterval(3600)
        let due = recorder.closeDue(now: later)
        let closed = try #require(due.first)
        #expect(closed.end == Self.t0.addingTimeInterval(600))
        let notYet = recorder.closeDue(now: later.addingTimeInterval(599))
        #expect(notYet.isEmpty)
        let onTime = recorder.closeDue(now: later.addingTimeInterval(600))
        #expect(onTime.count == 1)
    }

    @Test func closingOnDemandEndsTheWindowNow() throws {
        var recorder = Self.recorder([F.flowLog()])
        let window = recorder.close("fl-00000000000000001", now: Self.t0.addingTimeInterval(5))
        let closed = try #require(window)
        #expect(!closed.records.isEmpty)
        #expect(closed.records.allSatisfy { $0.end == 1_700_000_005 })
        let unknown = recorder.close("fl-unknown", now: Self.t0)
        #expect(unknown == nil)
    }

    @Test(
        arguments: [
            (F.vpcId, [F.eniA, F.eniB]), ("subnet-b", [F.eniB]), (F.eniA, [F.eniA]), ("vpc-0ffffffffffffffff", []),
        ] as [(String, [String])])
    func eachResourceTypeCoversItsInterfaces(_ resourceId: String, _ covered: [String]) {
        let interfaces = F.interfaces([F.flowLog(resourceId: resourceId)])
        #expect(interfaces.covered["fl-00000000000000001"] == Set(covered))
    }

    @Test func observationsGoToEveryFlowLogCoveringTheirInterface() {
        var recorder = Self.recorder([F.flowLog("fl-1", resourceId: F.vpcId), F.flowLog("fl-2", resourceId: F.eniB)])
        let key = FlowObservation.Key(
            interfaceId: F.eniA, source: F.addressA, destination: F.addressB, sourcePort: 0, destinationPort: 0, ipProtocol: 1, action: .accept,
            direction: .egress, trafficPath: 1)
        recorder.observe([FlowObservation(key: key, packets: 1, bytes: 84)], at: Self.t0)
        let first = recorder.close("fl-1", now: Self.t0)?.records.filter { $0.logStatus == .ok }
        let second = recorder.close("fl-2", now: Self.t0)?.records.filter { $0.logStatus == .ok }
        #expect(first?.count == 1)
        #expect(second?.isEmpty == true)
    }

    /// A group at B refuses A's first packet: A sent it (ACCEPT at A), B refused it (REJECT at B).
    @Test func aFirstPacketBlockedAtTheReceiverIsAcceptedAtTheSenderAndRejectedThere() {
        let recorder = Self.recorder([F.flowLog()])
        let header = IPPacketHeader(source: F.addressA, destination: F.addressB, ipProtocol: 6, sourcePort: 40000, destinationPort: 22)
        let rejection = FlowRejections.Rejection(
            namespace: F.view.namespace, arrival: 16, header: header, bytes: 60, blockedAt: .destination(networkInterfaceId: F.eniB))
        let seen = recorder.observations(of: rejection)
        #expect(
            seen.map { "\($0.key.interfaceId) \($0.key.action) \($0.key.direction) \($0.tcpFlags)" }.sorted() == [
                "\(F.eniA) accept egress 2", "\(F.eniB) reject ingress 2",
            ])
        #expect(seen.first { $0.key.direction == .egress }?.key.trafficPath == TrafficPath.sameVpc)
    }

    @Test func aFirstPacketBlockedAtTheSenderIsOneRejectThere() {
        let recorder = Self.recorder([F.flowLog()])
        let header = IPPacketHeader(source: F.addressA, destination: F.addressB, ipProtocol: 1, sourcePort: 0, destinationPort: 8)
        let rejection = FlowRejections.Rejection(namespace: F.view.namespace, arrival: 16, header: header, bytes: 84, blockedAt: .source)
        let seen = recorder.observations(of: rejection)
        #expect(seen.count == 1)
        #expect(seen.first?.key.action == .reject && seen.first?.key.direction == .egress && seen.first?.key.destinationPort == 0)
        #expect(seen.first?.key.trafficPath == nil, "refused before it left: no path")
    }
}
