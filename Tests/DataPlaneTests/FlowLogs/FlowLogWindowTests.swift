import Addressing
import CloudModel
import Foundation
import Testing

@testable import DataPlane

/// An aggregation interval: observations added up per interface, 5-tuple and action; TrafficType; NODATA.
struct FlowLogWindowTests {
    typealias F = FlowLogFixtures
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func observation(_ interface: String, _ action: FlowLogRecord.Action, packets: Int, flags: Int = 0, ipProtocol: UInt8 = 6)
        -> FlowObservation
    {
        let key = FlowObservation.Key(
            interfaceId: interface, source: F.addressA, destination: F.addressB, sourcePort: 40000, destinationPort: 80, ipProtocol: ipProtocol,
            action: action, direction: interface == F.eniA ? .egress : .ingress, trafficPath: interface == F.eniA ? 1 : nil)
        return FlowObservation(key: key, packets: packets, bytes: packets * 100, tcpFlags: flags)
    }

    @Test func observationsOfOneFlowAddUpIntoOneRecord() throws {
        var window = FlowLogWindow(start: Self.start)
        window.add(Self.observation(F.eniA, .accept, packets: 2, flags: 2), at: Self.start.addingTimeInterval(3))
        window.add(Self.observation(F.eniA, .accept, packets: 5, flags: 1), at: Self.start.addingTimeInterval(9))
        let records = window.records(of: F.flowLog(), covering: [F.eniA], interfaces: F.interfaces(), end: Self.start.addingTimeInterval(60))
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect((record.packets, record.bytes, record.tcpFlags) == (7, 700, 3))
        #expect((record.start, record.end) == (1_700_000_003, 1_700_000_009))
        #expect(
            (record.vpcId, record.subnetId, record.instanceId, record.availabilityZoneId) == (F.vpcId, "subnet-a", "i-0000000000000000a", "use1-az1"))
        #expect((record.flowDirection, record.trafficPath, record.type) == (.egress, 1, "IPv4"))
    }

    @Test(arguments: [("ALL", 2), ("ACCEPT", 1), ("REJECT", 1)])
    func trafficTypeKeepsItsActions(_ trafficType: String, _ count: Int) {
        var window = FlowLogWindow(start: Self.start)
        window.add(Self.observation(F.eniA, .accept, packets: 1), at: Self.start)
        window.add(Self.observation(F.eniA, .reject, packets: 1), at: Self.start)
        let records = window.records(of: F.flowLog(trafficType: trafficType), covering: [F.eniA], interfaces: F.interfaces(), end: Self.start)
        #expect(records.count == count)
        #expect(records.allSatisfy { trafficType == "ALL" || $0.action?.rawValue == trafficType })
    }

    @Test func aCoveredInterfaceThatCarriedNothingIsNoData() {
        var window = FlowLogWindow(start: Self.start)
        window.add(Self.observation(F.eniA, .accept, packets: 1), at: Self.start)
        let end = Self.start.addingTimeInterval(60)
        let records = window.records(of: F.flowLog(), covering: [F.eniA, F.eniB], interfaces: F.interfaces(), end: end)
        let noData = records.filter { $0.logStatus == .noData }
        #expect(noData == [.noData(accountId: F.scope.account, interfaceId: F.eniB, start: 1_700_000_000, end: 1_700_000_060)])
    }

    @Test func observationsOfInterfacesNotCoveredAreLeftOut() {
        var window = FlowLogWindow(start: Self.start)
        window.add(Self.observation(F.eniB, .accept, packets: 1), at: Self.start)
        let records = window.records(of: F.flowLog(), covering: [F.eniA], interfaces: F.interfaces(), end: Self.start)
        #expect(records.map(\.logStatus) == [.noData])
    }

    /// AWS: traffic to a secondary address shows the primary one as dstaddr, the secondary as pkt-dstaddr.
    @Test func aSecondaryAddressIsThePacketsDestinationAndThePrimaryTheRecords() throws {
        let secondary = IPAddress.v4(IPv4Address(10, 0, 2, 21))
        let b = FlowLogInterfaces.Interface(
            id: F.eniB, accountId: F.scope.account, region: F.scope.region, vpcId: F.vpcId, subnetId: "subnet-b", instanceId: nil,
            availabilityZoneId: nil, primaryAddress: F.addressB, addresses: [F.addressB, secondary])
        let interfaces = FlowLogInterfaces(interfaces: [b], flowLogs: [F.flowLog()])
        var window = FlowLogWindow(start: Self.start)
        let key = FlowObservation.Key(
            interfaceId: F.eniB, source: F.addressA, destination: secondary, sourcePort: 40000, destinationPort: 80, ipProtocol: 6, action: .accept,
            direction: .ingress, trafficPath: nil)
        window.add(FlowObservation(key: key, packets: 1, bytes: 60), at: Self.start)
        let record = try #require(window.records(of: F.flowLog(), covering: [F.eniB], interfaces: interfaces, end: Self.start).first)
        #expect((record.destinationAddress, record.packetDestinationAddress) == ("10.0.2.20", "10.0.2.21"))
        #expect((record.sourceAddress, record.packetSourceAddress) == ("10.0.1.10", "10.0.1.10"))
    }
}
