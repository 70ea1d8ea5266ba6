import Addressing
import Reachability
import Testing

@testable import DataPlane

/// The evaluator's verdicts as the marks a router carries flows by: which link a flow leaves by each way, and
/// whether the groups track it.
struct FlowDecisionTests {
    /// A router with an instance link (16), a peering link (17), an internet gateway link (18), a NAT link (19) and a
    /// transit gateway attachment's link (20).
    static let router = VpcRouter(
        vpcId: "vpc-aaaaaaaaaaaaaaaaa",
        links: [
            RouterLink(destination: .networkInterface("eni-00000000000000001"), mtu: 9001),
            RouterLink(destination: .vpcPeeringConnection("pcx-00000000000000001", peerVpcId: "vpc-bbbbbbbbbbbbbbbbb"), mtu: 9001),
            RouterLink(destination: .internetGateway("igw-00000000000000001"), mtu: 1500),
            RouterLink(destination: .natGateway("nat-00000000000000001", publicIp: IPv4Address(198, 18, 0, 9)), mtu: 1500),
            RouterLink(destination: .transitGatewayAttachment("tgw-attach-00000000000000001", transitGatewayId: "tgw-00000000000000001"), mtu: 8500),
        ],
        publicAddresses: [:])
    static let view = RouterView(
        router: router,
        indexes: [
            DataPlaneNames.link(.networkInterface, "eni-00000000000000001"): 16,
            DataPlaneNames.link(.vpcPeeringConnection, "pcx-00000000000000001"): 17,
            DataPlaneNames.link(.internetGateway, "igw-00000000000000001"): 18, DataPlaneNames.link(.natGateway, "nat-00000000000000001"): 19,
            DataPlaneNames.link(.transitGatewayAttachment, "tgw-attach-00000000000000001"): 20,
        ])
    static let address = IPAddress.v4(IPv4Address(10, 0, 1, 5))

    @Test(arguments: [
        (FlowVerdict.Delivery.networkInterface(id: "eni-2", vpcId: "vpc-aaaaaaaaaaaaaaaaa", address: address, crossing: nil), Int32(0)),
        (
            .networkInterface(
                id: "eni-3", vpcId: "vpc-bbbbbbbbbbbbbbbbb", address: address, crossing: .vpcPeeringConnection("pcx-00000000000000001")), 17
        ),
        (.internet(gateway: .internetGateway, gatewayId: "igw-00000000000000001", translatedSource: .v4(IPv4Address(198, 18, 0, 7))), 18),
        (.internet(gateway: .natGateway, gatewayId: "nat-00000000000000001", translatedSource: .v4(IPv4Address(198, 18, 0, 9))), 19),
        // Into the transit gateway by the sending VPC's attachment, whatever attachment it leaves the gateway by.
        (
            .networkInterface(
                id: "eni-5", vpcId: "vpc-ccccccccccccccccc", address: address,
                crossing: .transitGateway(
                    "tgw-00000000000000001", attachmentId: "tgw-attach-00000000000000001", targetAttachmentId: "tgw-attach-00000000000000003")), 20
        ),
    ])
    func acceptedFlowsLeaveByTheVerdictsLinkAndReplyByTheArrivalLink(_ delivery: FlowVerdict.Delivery, _ link: Int32) throws {
        let mark = try #require(FlowDecision.mark(for: FlowVerdict(delivery: delivery), in: Self.view, arrival: 16))
        #expect(mark.forwardLink == link)
        #expect(mark.replyLink == 16)
        #expect(!mark.isUntracked && !mark.isDropped)
    }

    @Test func droppedFlowsAndMissingLinksHaveNoMark() {
        #expect(FlowDecision.mark(for: FlowVerdict(delivery: nil, blockedBy: .noRouteToDestination), in: Self.view, arrival: 16) == nil)
        // A peering whose link is not made (the peer VPC has nothing running): nowhere to send it.
        let elsewhere = FlowVerdict.Delivery.networkInterface(
            id: "eni-4", vpcId: "vpc-ccccccccccccccccc", address: Self.address, crossing: .vpcPeeringConnection("pcx-00000000000000002"))
        #expect(FlowDecision.mark(for: FlowVerdict(delivery: elsewhere), in: Self.view, arrival: 16) == nil)
        // A transit gateway whose namespace or link is not made yet.
        let unlinked = FlowVerdict.Delivery.networkInterface(
            id: "eni-4", vpcId: "vpc-ccccccccccccccccc", address: Self.address,
            crossing: .transitGateway(
                "tgw-00000000000000002", attachmentId: "tgw-attach-00000000000000009", targetAttachmentId: "tgw-attach-0000000000000000a"))
        #expect(FlowDecision.mark(for: FlowVerdict(delivery: unlinked), in: Self.view, arrival: 16) == nil)
    }

    @Test func untrackedFlowsSaySo() throws {
        let delivery = FlowVerdict.Delivery.networkInterface(
            id: "eni-2", vpcId: "vpc-aaaaaaaaaaaaaaaaa", address: Self.address, crossing: nil)
        let mark = try #require(FlowDecision.mark(for: FlowVerdict(delivery: delivery, tracked: false), in: Self.view, arrival: 16))
        #expect(mark.isUntracked)
    }

    @Test func originsComeFromTheArrivalLink() {
        #expect(FlowDecision.origin(of: 16, in: Self.view) == .networkInterface("eni-00000000000000001"))
        #expect(FlowDecision.origin(of: 18, in: Self.view) == .internet(vpcId: "vpc-aaaaaaaaaaaaaaaaa"))
        // Flows arriving over a peering, through a NAT gateway or a transit gateway are not decided here.
        #expect(FlowDecision.origin(of: 17, in: Self.view) == nil)
        #expect(FlowDecision.origin(of: 19, in: Self.view) == nil)
        // Nor through a transit gateway: the router the flow started in decided it.
        #expect(FlowDecision.origin(of: 20, in: Self.view) == nil)
        #expect(FlowDecision.origin(of: 99, in: Self.view) == nil)
    }

    @Test(arguments: [(Int32(0), Int32(16)), (17, 16), (16383, 16383), (1, 16383)])
    func marksKeepBothLinksAndTheFlags(_ forward: Int32, _ reply: Int32) {
        let mark = FlowMark(forwardLink: forward, replyLink: reply, untracked: true)
        #expect((mark.forwardLink, mark.replyLink, mark.isUntracked, mark.isDropped) == (forward, reply, true, false))
        let dropped = mark.dropped(true)
        #expect((dropped.forwardLink, dropped.replyLink, dropped.isUntracked, dropped.isDropped) == (forward, reply, true, true))
        #expect(dropped.dropped(false) == mark)
    }

    /// Only the replies are blocked: the request is carried (AWS delivers it), its replies dropped, and the mark says
    /// on whose side, for flow logs.
    @Test(arguments: [(FlowVerdict.End.source, true), (.destination(networkInterfaceId: "eni-2"), false)])
    func aFlowWhoseRepliesAreBlockedIsCarriedOneWay(_ end: FlowVerdict.End, _ atSource: Bool) throws {
        let delivery = FlowVerdict.Delivery.networkInterface(
            id: "eni-2", vpcId: "vpc-aaaaaaaaaaaaaaaaa", address: Self.address, crossing: nil)
        let verdict = try #require(FlowVerdict.repliesBlocked(delivery: delivery, by: .subnetAclRestriction, at: end))
        let mark = try #require(FlowDecision.mark(for: verdict, in: Self.view, arrival: 16))
        #expect((mark.forwardLink, mark.replyLink, mark.repliesDropped, mark.repliesDroppedAtSource) == (0, 16, true, atSource))
        #expect(!mark.isDropped)
        let accepted = try #require(FlowDecision.mark(for: FlowVerdict(delivery: delivery), in: Self.view, arrival: 16))
        #expect(!accepted.repliesDropped && !accepted.repliesDroppedAtSource)
    }

    @Test func theRepliesBitsSurviveDroppingAndStayClearOfTheLinks() {
        let mark = FlowMark(forwardLink: 16383, replyLink: 16383, untracked: true, repliesDropped: true, atSource: true)
        #expect(
            (mark.forwardLink, mark.replyLink, mark.isUntracked, mark.repliesDropped, mark.repliesDroppedAtSource) == (16383, 16383, true, true, true)
        )
        #expect(mark.dropped(true).repliesDropped && mark.dropped(true).isDropped)
        // The VPC services' mark: forward and reply link 0, untracked, whatever the links' width.
        #expect(FlowMark.vpcService.rawValue == 0x4000_0000)
    }
}
