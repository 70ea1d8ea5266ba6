import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// Which flows security groups track (AWS, "Security group connection tracking"): a TCP or UDP flow is untracked only
/// when the groups of both ends allow it with all addresses and allow every reply back; ICMP is always tracked.
struct ConnectionTrackingTests {
    enum Groups: CaseIterable {
        /// Each default group, admitting the other VPC's block.
        case admittingThePeer
        /// Every group admitting all traffic from 0.0.0.0/0 (egress is all traffic to 0.0.0.0/0 by default).
        case openToEverywhere
        /// A open to everywhere; B admitting TCP 80 from 0.0.0.0/0 (and the peer's block for anything else).
        case port80FromEverywhere
        /// Open to everywhere inbound, but B's outbound only TCP 1024–65535: not every reply port.
        case narrowEgress
    }

    static let cases: [(Groups, UInt8, UInt16, tracked: Bool)] = [
        (.admittingThePeer, FlowPacket.tcp, 22, true),
        (.openToEverywhere, FlowPacket.tcp, 22, false),
        (.openToEverywhere, FlowPacket.udp, 53, false),
        (.openToEverywhere, FlowPacket.icmp, 8, true),
        (.port80FromEverywhere, FlowPacket.tcp, 80, false),
        (.port80FromEverywhere, FlowPacket.tcp, 22, true),
        (.narrowEgress, FlowPacket.tcp, 22, true),
    ]

    @Test(arguments: cases)
    func tracked(_ groups: Groups, ipProtocol: UInt8, port: UInt16, tracked: Bool) throws {
        var pair = try PeeredPair()
        try pair.peer()
        try pair.openGroups()
        let fromEverywhere = IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)])
        switch groups {
        case .admittingThePeer:
            break
        case .openToEverywhere:
            try pair.authorize(.ingress, fromEverywhere, in: pair.vpcA.id)
            try pair.authorize(.ingress, fromEverywhere, in: pair.vpcB.id)
        case .port80FromEverywhere:
            try pair.authorize(.ingress, fromEverywhere, in: pair.vpcA.id)
            try pair.authorize(
                .ingress, IpPermission(ipProtocol: "tcp", fromPort: 80, toPort: 80, ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)]),
                in: pair.vpcB.id)
        case .narrowEgress:
            try pair.authorize(.ingress, fromEverywhere, in: pair.vpcA.id)
            try pair.authorize(.ingress, fromEverywhere, in: pair.vpcB.id)
            try pair.revoke(.egress, fromEverywhere, in: pair.vpcB.id)
            try pair.authorize(
                .egress, IpPermission(ipProtocol: "tcp", fromPort: 1024, toPort: 65535, ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)]),
                in: pair.vpcB.id)
        }
        let verdict = pair.decide(from: pair.instanceA, to: pair.address(of: pair.instanceB), ipProtocol, port: port)
        #expect(verdict.delivery == pair.deliveryToB)
        #expect(verdict.tracked == tracked)
    }

    /// Untracked flows are the ones a revoked rule cuts at once: re-decided with the groups, the flow is dropped.
    @Test func revokingTheRuleOfAnUntrackedFlowCutsItAtOnce() throws {
        var pair = try PeeredPair()
        try pair.peer()
        let fromEverywhere = IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)])
        try pair.authorize(.ingress, fromEverywhere, in: pair.vpcA.id)
        try pair.authorize(.ingress, fromEverywhere, in: pair.vpcB.id)
        let before = pair.connect()
        #expect(before.isAccepted && !before.tracked)
        try pair.revoke(.ingress, fromEverywhere, in: pair.vpcB.id)
        #expect(pair.connect().blockedBy == .eniSecurityGroupRulesMismatch)
    }

    /// A flow through a NAT gateway is tracked, however open the groups (AWS tracks it automatically).
    @Test func aFlowThroughANatGatewayIsAlwaysTracked() throws {
        var f = try NatGatewayReachabilityTests.PrivateSubnetBehindNat()
        let group = f.cloud.state[TestCloud.scope].securityGroups.values.first { $0.groupVpcId == f.vpcId && $0.isDefault }!.id
        let fromEverywhere = IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)])
        try f.cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: group, groupName: nil, permissions: [fromEverywhere]) }
        let verdict = f.decide(FlowPacket.tcp, port: 443)
        #expect(verdict.isAccepted && verdict.tracked)
    }
}
