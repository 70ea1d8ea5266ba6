import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

struct PeeringRulesTests {
    static let requester = AccountRegion(account: "111111111111", region: "us-east-1")
    static let accepter = AccountRegion(account: "222222222222", region: "us-east-1")
    static let sameAccountOtherRegion = AccountRegion(account: "111111111111", region: "eu-west-1")

    /// Two VPCs (one per scope) and a pending request between them.
    struct Fixture {
        var cloud = TestCloud()
        let vpcA: Vpc
        let vpcB: Vpc
        var peering: VpcPeeringConnection

        init(accepter: AccountRegion = PeeringRulesTests.accepter, blocks: (String, String) = ("10.0.0.0/16", "10.1.0.0/16")) throws {
            vpcA = try cloud.run(in: PeeringRulesTests.requester) { try $0.createVpc(cidrBlock: blocks.0) }
            vpcB = try cloud.run(in: accepter) { try $0.createVpc(cidrBlock: blocks.1) }
            let (a, b) = (vpcA.id, vpcB.id)
            peering = try cloud.run(in: PeeringRulesTests.requester) {
                try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: b, peerOwnerId: accepter.account, peerRegion: accepter.region)
            }
        }

        var current: VpcPeeringConnection { cloud.state.peering(peering.id)! }
        var status: PeeringStatus { current.status(at: cloud.now) }

        mutating func act(_ action: Action) -> EC2Error? {
            let id = peering.id
            switch action {
            case .accept: return cloud.error(in: current.accepter.scope) { try $0.acceptVpcPeeringConnection(id) }
            case .reject: return cloud.error(in: current.accepter.scope) { try $0.rejectVpcPeeringConnection(id) }
            case .deleteByRequester: return cloud.error(in: current.requester.scope) { try $0.deleteVpcPeeringConnection(id) }
            case .deleteByAccepter: return cloud.error(in: current.accepter.scope) { try $0.deleteVpcPeeringConnection(id) }
            case .acceptByRequester: return cloud.error(in: current.requester.scope) { try $0.acceptVpcPeeringConnection(id) }
            }
        }
    }

    enum Action: String, CaseIterable { case accept, reject, deleteByRequester, deleteByAccepter, acceptByRequester }
    enum Start: String, CaseIterable { case pending, active, rejected, deleted, expired }

    static func fixture(in start: Start) throws -> Fixture {
        var f = try Fixture()
        switch start {
        case .pending: break
        case .active: #expect(f.act(.accept) == nil)
        case .rejected: #expect(f.act(.reject) == nil)
        case .deleted: #expect(f.act(.accept) == nil && f.act(.deleteByAccepter) == nil)
        case .expired: f.cloud.now += VpcPeeringConnection.acceptanceWindow
        }
        return f
    }

    /// Who may do what in each state, and the code of every refusal (AWS-SEMANTICS.md, "Peering lifecycle").
    @Test(arguments: [
        (Start.pending, Action.accept, "active"), (.pending, .reject, "rejected"), (.pending, .deleteByRequester, "deleted"),
        (.pending, .deleteByAccepter, "OperationNotPermitted"), (.pending, .acceptByRequester, "OperationNotPermitted"),
        (.active, .accept, "InvalidStateTransition"), (.active, .reject, "InvalidStateTransition"), (.active, .deleteByRequester, "deleted"),
        (.active, .deleteByAccepter, "deleted"),
        (.rejected, .accept, "InvalidStateTransition"), (.rejected, .deleteByRequester, "InvalidStateTransition"),
        (.deleted, .accept, "InvalidStateTransition"), (.deleted, .deleteByRequester, "InvalidStateTransition"),
        (.expired, .accept, "InvalidStateTransition"), (.expired, .reject, "InvalidStateTransition"),
        (.expired, .deleteByRequester, "InvalidStateTransition"),
    ])
    func lifecycle(start: Start, action: Action, outcome: String) throws {
        var f = try Self.fixture(in: start)
        let before = f.status
        let error = f.act(action)
        if let error {
            #expect(error.code == outcome)
            #expect(f.status == before, "a refused action changes nothing")
        } else {
            #expect(f.status.rawValue == outcome)
        }
    }

    @Test func overlappingBlocksFailTheConnectionInsteadOfTheCall() throws {
        let f = try Fixture(blocks: ("10.0.0.0/16", "10.0.128.0/17"))
        #expect(f.status == .failed)
        #expect(f.current.statusMessage == "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range")
    }

    /// Any two overlapping blocks make a peering fail, and only overlapping ones.
    @Test func failsExactlyWhenBlocksOverlap() throws {
        var random = SeededGenerator(seed: 11)
        for _ in 0..<60 {
            func block() -> String {
                let length = Int.random(in: 16...24, using: &random)
                let address = IPv4Address(value: UInt32.random(in: 0...UInt32.max, using: &random) & 0x0AFF_FFFF | 0x0A00_0000)
                return IPv4CIDR(address: address, prefixLength: length)!.canonical.description
            }
            let (a, b) = (block(), block())
            let f = try Fixture(blocks: (a, b))
            #expect((f.status == .failed) == IPv4CIDR(a)!.overlaps(IPv4CIDR(b)!), "\(a) and \(b)")
        }
    }

    @Test func aWrongPeerOwnerFailsTheConnection() throws {
        var cloud = TestCloud()
        let a = try cloud.run(in: Self.requester) { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
        let b = try cloud.run(in: Self.accepter) { try $0.createVpc(cidrBlock: "10.1.0.0/16") }.id
        let peering = try cloud.run(in: Self.requester) {
            try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: b, peerOwnerId: "333333333333")
        }
        #expect(peering.status == .failed)
    }

    @Test func theSameRequestAgainAnswersTheLiveConnectionAndAReverseOneCannotBeAccepted() throws {
        var f = try Fixture()
        let (a, b, id) = (f.vpcA.id, f.vpcB.id, f.peering.id)
        let again = try f.cloud.run(in: Self.requester) {
            try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: b, peerOwnerId: Self.accepter.account)
        }
        #expect(again.id == id)
        #expect(f.act(.accept) == nil)
        let reverse = try f.cloud.run(in: Self.accepter) {
            try $0.createVpcPeeringConnection(vpcId: b, peerVpcId: a, peerOwnerId: Self.requester.account)
        }
        #expect(reverse.id != id && reverse.status == .pendingAcceptance)
        #expect(f.cloud.error(in: Self.requester) { try $0.acceptVpcPeeringConnection(reverse.id) }?.code == "VpcPeeringConnectionAlreadyExists")
        #expect(f.cloud.error(in: Self.requester) { try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: a) }?.code == "InvalidParameterValue")
    }

    @Test func crossRegionIsAcceptedOnlyInTheAccepterRegion() throws {
        var f = try Fixture(accepter: Self.sameAccountOtherRegion)
        let id = f.peering.id
        let wrongRegion = f.cloud.error(in: Self.requester) { try $0.acceptVpcPeeringConnection(id) }
        #expect(wrongRegion?.code == "OperationNotPermitted")
        #expect(wrongRegion?.message.contains("eu-west-1") == true)
        #expect(f.act(.accept) == nil)
        #expect(f.status == .active)
    }

    /// The accepter's owner answering from any other region (across accounts, where that region holds no side of
    /// theirs) hears AWS's words naming the region to use, not `InvalidVpcPeeringConnectionID.NotFound`.
    @Test(arguments: [
        (Action.accept, "accepted", "us-east-1"), (Action.reject, "accepted or rejected", "us-east-1"),
        (Action.accept, "accepted", "ap-south-1"),
    ])
    func theAccepterOwnerInAnotherRegionHearsTheRightRegion(action: Action, words: String, region: String) throws {
        var f = try Fixture(accepter: AccountRegion(account: "222222222222", region: "eu-west-1"))
        let id = f.peering.id
        let elsewhere = AccountRegion(account: "222222222222", region: region)
        let error = f.cloud.error(in: elsewhere) {
            if action == .accept { _ = try $0.acceptVpcPeeringConnection(id) } else { try $0.rejectVpcPeeringConnection(id) }
        }
        #expect(error?.code == "OperationNotPermitted")
        #expect(
            error?.message
                == "Incorrect region (\(region)) specified for this request. VPC peering connection \(id) must be \(words) in region eu-west-1")
        #expect(f.status == .pendingAcceptance)
        #expect(f.act(action) == nil)
    }

    @Test func aThirdAccountSeesNothing() throws {
        var f = try Fixture()
        let id = f.peering.id
        let third = AccountRegion(account: "333333333333", region: "us-east-1")
        #expect(f.cloud.error(in: third) { try $0.deleteVpcPeeringConnection(id) }?.code == "InvalidVpcPeeringConnectionID.NotFound")
        #expect(f.cloud.error(in: third) { try $0.deleteVpcPeeringConnection("pcx-1") }?.code == "InvalidVpcPeeringConnectionId.Malformed")
    }

    /// How long an ended connection stays visible, to each side (AWS-SEMANTICS.md).
    @Test(
        arguments: [
            (Start.deleted, 1.9, true, true), (.deleted, 2.1, false, true), (.deleted, 47, false, true), (.deleted, 49, false, false),
            (.rejected, 1.9, true, true), (.rejected, 2.1, true, false), (.rejected, 49, false, false),
            (.expired, 47, true, true), (.expired, 49, false, false),
        ] as [(Start, Double, Bool, Bool)])
    func visibilityWindows(start: Start, afterHours hours: Double, requesterSees: Bool, accepterSees: Bool) throws {
        // In `deleted`, the accepter deleted it: 2 h for the deleter (accepter), 2 days for the requester.
        var f = try Self.fixture(in: start)
        f.cloud.now += hours * 3600
        #expect(f.current.isVisible(to: Self.requester, at: f.cloud.now) == (start == .deleted ? accepterSees : requesterSees))
        #expect(f.current.isVisible(to: Self.accepter, at: f.cloud.now) == (start == .deleted ? requesterSees : accepterSees))
    }

    @Test func routesToAPeeringAreBlackholeUntilActiveAndAfterDeletion() throws {
        var f = try Fixture()
        let (id, vpcA) = (f.peering.id, f.vpcA.id)
        let table = try f.cloud.run(in: Self.requester) { try $0.createRouteTable(vpcId: vpcA) }.id
        try f.cloud.run(in: Self.requester) { try $0.createRoute(table, destination: "10.1.0.0/16", target: .vpcPeeringConnection(id)) }
        func state() -> RouteState {
            let current = f.cloud.state[Self.requester].routeTables[table]!
            return f.cloud.state.state(of: current.routes.last!, in: current, at: f.cloud.now)
        }
        #expect(state() == .blackhole)
        #expect(f.act(.accept) == nil)
        #expect(state() == .active)
        #expect(f.act(.deleteByRequester) == nil)
        #expect(state() == .blackhole)
    }

    @Test func aVpcWithALiveConnectionCannotBeDeleted() throws {
        var f = try Fixture()
        let vpcA = f.vpcA.id
        #expect(f.cloud.error(in: Self.requester) { try $0.deleteVpc(vpcA) }?.code == "DependencyViolation")
        #expect(f.act(.deleteByRequester) == nil)
        #expect(f.cloud.error(in: Self.requester) { try $0.deleteVpc(vpcA) } == nil)
    }

    @Test func quotasCountOutstandingAndActiveConnections() throws {
        var cloud = TestCloud()
        cloud.configuration.quotas.outstandingPeeringsPerVpc = 2
        cloud.configuration.quotas.activePeeringsPerVpc = 1
        let hub = try cloud.run(in: Self.requester) { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
        let spokes = try (1...3).map { index in try cloud.run(in: Self.requester) { try $0.createVpc(cidrBlock: "10.\(index).0.0/16") }.id }
        let first = try cloud.run(in: Self.requester) { try $0.createVpcPeeringConnection(vpcId: hub, peerVpcId: spokes[0]) }.id
        try cloud.run(in: Self.requester) { try $0.createVpcPeeringConnection(vpcId: hub, peerVpcId: spokes[1]) }
        let third = cloud.error(in: Self.requester) { try $0.createVpcPeeringConnection(vpcId: hub, peerVpcId: spokes[2]) }
        #expect(third?.code == "OutstandingVpcPeeringConnectionLimitExceeded")
        try cloud.run(in: Self.requester) { try $0.acceptVpcPeeringConnection(first) }
        let secondActive = cloud.error(in: Self.requester) { try $0.createVpcPeeringConnection(vpcId: hub, peerVpcId: spokes[2]) }
        #expect(secondActive?.code == "ActiveVpcPeeringConnectionPerVpcLimitExceeded")
    }

    @Test func dnsResolutionOptionsNeedAnActiveConnectionAndDnsHostnames() throws {
        var f = try Fixture()
        let (id, a) = (f.peering.id, f.vpcA.id)
        let notActive = f.cloud.error(in: Self.requester) {
            try $0.modifyVpcPeeringConnectionOptions(id, requesterAllowDnsResolution: true, accepterAllowDnsResolution: nil)
        }
        #expect(notActive?.code == "OperationNotPermitted")
        #expect(f.act(.accept) == nil)
        let disabled = f.cloud.error(in: Self.requester) {
            try $0.modifyVpcPeeringConnectionOptions(id, requesterAllowDnsResolution: true, accepterAllowDnsResolution: nil)
        }
        #expect(disabled?.code == "InvalidVpcPeeringConnectionState.DnsHostnamesDisabled")
        try f.cloud.run(in: Self.requester) { try $0.modifyVpcAttribute(a, .enableDnsHostnames, to: true) }
        // Only the requester's own VPC needs DNS hostnames for the requester's side.
        let otherSide = f.cloud.error(in: Self.requester) {
            try $0.modifyVpcPeeringConnectionOptions(id, requesterAllowDnsResolution: nil, accepterAllowDnsResolution: true)
        }
        #expect(otherSide?.code == "OperationNotPermitted", "each owner sets its own side")
        try f.cloud.run(in: Self.requester) {
            try $0.modifyVpcPeeringConnectionOptions(id, requesterAllowDnsResolution: true, accepterAllowDnsResolution: nil)
        }
        #expect(f.current.requester.allowDnsResolutionFromRemoteVpc && !f.current.accepter.allowDnsResolutionFromRemoteVpc)
    }
}
