import Addressing
import Reachability

/// Turns the evaluator's verdict on a flow into the mark the router carries it by (see `FlowMark`).
enum FlowDecision {
    /// Where a first packet that came in by link `arrival` entered the cloud, for the evaluator.
    static func origin(of arrival: Int32, in router: RouterView) -> FlowOrigin? {
        switch router.destinations[arrival] {
        case .networkInterface(let id): .networkInterface(id)
        case .internetGateway: .internet(vpcId: router.vpcId)
        default: nil
        }
    }

    /// The mark of an accepted flow, or nil when it is dropped (by the verdict, or because the router has no link the
    /// verdict's way, as when the peer VPC's router or the transit gateway's namespace is not made yet).
    static func mark(for verdict: FlowVerdict, in router: RouterView, arrival: Int32) -> FlowMark? {
        // A flow whose replies only are blocked is carried one way: the request is delivered, the replies dropped.
        guard let delivery = verdict.delivery ?? verdict.requestDelivery else { return nil }
        let forward: Int32?
        switch delivery {
        case .networkInterface(_, let vpcId, _, let crossing):
            if vpcId == router.vpcId {
                forward = 0
            } else if let peering = crossing?.vpcPeeringConnectionId {
                forward = router.index(of: .vpcPeeringConnection, peering)
            } else if case .transitGateway(_, let attachmentId, _) = crossing {
                // Into the transit gateway by the sending VPC's attachment; its route tables take it on from there.
                forward = router.index(of: .transitGatewayAttachment, attachmentId)
            } else {
                // Another VPC's public address: out through this VPC's internet gateway, back in through the other's.
                forward = router.destinations.first { if case .internetGateway = $0.value { true } else { false } }?.key
            }
        case .internet(let kind, let gatewayId, _):
            switch kind {
            case .internetGateway: forward = router.index(of: .internetGateway, gatewayId)
            case .natGateway: forward = router.index(of: .natGateway, gatewayId)
            case .egressOnlyInternetGateway: forward = router.index(of: .egressOnlyInternetGateway, gatewayId)
            default: forward = nil
            }
        }
        guard let forward else { return nil }
        return FlowMark(
            forwardLink: forward, replyLink: arrival, untracked: !verdict.tracked, repliesDropped: verdict.delivery == nil,
            atSource: verdict.blockedAt == .source)
    }
}
