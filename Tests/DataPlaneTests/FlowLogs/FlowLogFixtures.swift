import Addressing
import CloudModel
import Foundation

@testable import DataPlane

/// A VPC's router with two instance links (A at 10.0.1.10 by link 16, B at 10.0.2.20 by link 17), a peering (18) and
/// an internet gateway (19), and flow logs over it.
enum FlowLogFixtures {
    static let vpcId = "vpc-0aaaaaaaaaaaaaaaa"
    static let eniA = "eni-0000000000000000a"
    static let eniB = "eni-0000000000000000b"
    static let addressA = IPAddress.v4(IPv4Address(10, 0, 1, 10))
    static let addressB = IPAddress.v4(IPv4Address(10, 0, 2, 20))
    static let internetHost = IPAddress.v4(IPv4Address(203, 0, 113, 10))
    static let publicB = IPAddress.v4(IPv4Address(198, 18, 0, 7))
    static let scope = AccountRegion(account: "123456789012", region: "us-east-1")

    static let view = RouterView(
        router: VpcRouter(
            vpcId: vpcId,
            links: [
                RouterLink(destination: .networkInterface(eniA), mtu: 9001), RouterLink(destination: .networkInterface(eniB), mtu: 9001),
                RouterLink(destination: .vpcPeeringConnection("pcx-00000000000000001", peerVpcId: "vpc-0bbbbbbbbbbbbbbbb"), mtu: 9001),
                RouterLink(destination: .internetGateway("igw-00000000000000001"), mtu: 1500),
            ],
            publicAddresses: [:]),
        indexes: [
            DataPlaneNames.link(.networkInterface, eniA): 16, DataPlaneNames.link(.networkInterface, eniB): 17,
            DataPlaneNames.link(.vpcPeeringConnection, "pcx-00000000000000001"): 18,
            DataPlaneNames.link(.internetGateway, "igw-00000000000000001"): 19,
        ])

    static func interface(_ id: String, _ address: IPAddress, subnet: String) -> FlowLogInterfaces.Interface {
        FlowLogInterfaces.Interface(
            id: id, accountId: scope.account, region: scope.region, vpcId: vpcId, subnetId: subnet, instanceId: "i-" + id.dropFirst(4),
            availabilityZoneId: "use1-az1", primaryAddress: address, addresses: [address])
    }

    static func flowLog(
        _ id: String = "fl-00000000000000001", resourceId: String = vpcId, trafficType: String = "ALL", interval: Int = 60,
        destination: FlowLogDestination = FlowLogDestination(kind: .cloudWatchLogs, logGroupName: "flows")
    ) -> FlowLog {
        FlowLog(
            id: id, scope: scope, resourceId: resourceId, trafficType: trafficType, destination: destination, logFormat: FlowLogFormat.defaultFormat,
            maxAggregationInterval: interval, deliverLogsPermissionArn: nil, deliverCrossAccountRole: nil, clientToken: nil,
            createdAt: Date(timeIntervalSince1970: 0))
    }

    static func interfaces(_ flowLogs: [FlowLog] = [flowLog()]) -> FlowLogInterfaces {
        FlowLogInterfaces(
            interfaces: [interface(eniA, addressA, subnet: "subnet-a"), interface(eniB, addressB, subnet: "subnet-b")], flowLogs: flowLogs)
    }

    static func entry(
        from source: IPAddress, to destination: IPAddress, replyFrom replySource: IPAddress? = nil, ipProtocol: UInt8 = IPPacketHeader.icmp,
        ports: (UInt16, UInt16) = (0, 8), mark: FlowMark, counters: Conntrack.Entry.Counters, tcp: Conntrack.Entry.TCPInfo? = nil
    ) -> Conntrack.Entry {
        var original = IPPacketHeader(source: source, destination: destination, ipProtocol: ipProtocol)
        original.sourcePort = ports.0
        original.destinationPort = ports.1
        var reply = IPPacketHeader(source: replySource ?? destination, destination: source, ipProtocol: ipProtocol)
        reply.sourcePort = ports.1
        reply.destinationPort = ports.0
        var entry = Conntrack.Entry(original: original, reply: reply, mark: mark.rawValue)
        entry.counters = counters
        entry.tcp = tcp
        return entry
    }
}
