import CloudModel
import Foundation
import TestSupport
import Testing

/// Transit gateway peering attachments: the request, who may accept or reject it (the peer's owner, in the peer's
/// region), its states on the clock, and the gateways it holds.
struct TransitGatewayPeeringRulesTests {
    static let requester = AccountRegion(account: "111111111111", region: "us-east-1")
    static let accepter = AccountRegion(account: "222222222222", region: "us-west-2")

    struct Pair {
        var cloud = TestCloud()
        let attachment: TransitGatewayPeeringAttachment
        let local: String
        let peer: String

        init() throws {
            var cloud = TestCloud()
            local = try cloud.run(in: requester) { try $0.createTransitGateway(description: "", options: .init(), tags: [:]) }.id
            peer = try cloud.run(in: accepter) { try $0.createTransitGateway(description: "", options: .init(), tags: [:]) }.id
            let (local, peer) = (local, peer)
            attachment = try cloud.run(in: requester) {
                try $0.createTransitGatewayPeeringAttachment(
                    transitGatewayId: local, peerTransitGatewayId: peer, peerAccountId: accepter.account, peerRegion: accepter.region, tags: [:])
            }
            self.cloud = cloud
        }
    }

    /// Who may accept: only the accepter's account in the accepter's region.
    @Test(arguments: [
        (requester, "OperationNotPermitted"),
        (AccountRegion(account: "222222222222", region: "us-east-1"), "InvalidTransitGatewayAttachmentID.NotFound"),
        (AccountRegion(account: "333333333333", region: "us-west-2"), "InvalidTransitGatewayAttachmentID.NotFound"), (accepter, ""),
    ])
    func onlyThePeersOwnerInThePeersRegionAccepts(caller: AccountRegion, code: String) throws {
        var pair = try Pair()
        let id = pair.attachment.id
        #expect(pair.cloud.error(in: caller) { _ = try $0.acceptTransitGatewayPeeringAttachment(id) }?.code ?? "" == code)
    }

    @Test func statesOnTheClock() throws {
        var pair = try Pair()
        let id = pair.attachment.id
        #expect(pair.attachment.state(at: pair.cloud.now) == "pendingAcceptance")
        let accepted = try pair.cloud.run(in: Self.accepter) { try $0.acceptTransitGatewayPeeringAttachment(id) }
        #expect(accepted.state(at: pair.cloud.now) == "pending")
        #expect(accepted.state(at: pair.cloud.now + TransitGatewayLifecycle.transitionTime) == "available")
        // Accepted, it holds both gateways; either side may delete it.
        let (local, peer) = (pair.local, pair.peer)
        #expect(pair.cloud.error(in: Self.accepter) { _ = try $0.deleteTransitGateway(peer) }?.code == "IncorrectState")
        #expect(pair.cloud.error(in: Self.requester) { _ = try $0.deleteTransitGateway(local) }?.code == "IncorrectState")
        #expect(pair.cloud.error(in: Self.accepter) { _ = try $0.rejectTransitGatewayPeeringAttachment(id) }?.code == "IncorrectState")
        let deleted = try pair.cloud.run(in: Self.accepter) { try $0.deleteTransitGatewayPeeringAttachment(id) }
        #expect(deleted.state(at: pair.cloud.now) == "deleting" && !deleted.isLive)
        #expect(pair.cloud.error(in: Self.requester) { _ = try $0.deleteTransitGateway(local) } == nil)
        // Both sides describe it under the same id, until the window closes.
        let later = pair.cloud.now + 60
        for viewer in [Self.requester, Self.accepter] {
            let page = try pair.cloud.state.describeTransitGatewayPeeringAttachments(seenFrom: viewer, query: DescribeQuery(), at: later)
            #expect(page.items.map(\.id) == [id] && page.items[0].state(at: later) == "deleted")
        }
        let gone = pair.cloud.now + TransitGatewayLifecycle.visibleAfterDelete + 10
        #expect(
            try pair.cloud.state.describeTransitGatewayPeeringAttachments(seenFrom: Self.accepter, query: DescribeQuery(), at: gone).items.isEmpty)
    }

    @Test func aMissingPeerFailsTheRequest() throws {
        var cloud = TestCloud()
        let local = try cloud.run(in: Self.requester) { try $0.createTransitGateway(description: "", options: .init(), tags: [:]) }.id
        let attachment = try cloud.run(in: Self.requester) {
            try $0.createTransitGatewayPeeringAttachment(
                transitGatewayId: local, peerTransitGatewayId: "tgw-0123456789abcdef0", peerAccountId: "222222222222", peerRegion: "us-west-2",
                tags: [:])
        }
        #expect(attachment.state(at: cloud.now) == "failed" && !attachment.isLive)
    }
}
