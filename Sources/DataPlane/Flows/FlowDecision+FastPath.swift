import Addressing
import Reachability

extension FlowDecision {
    /// The routers an accepted flow crosses, for the fast path to carry it past their stacks: a flow between two
    /// interfaces of one VPC (one router), or across a peering (both routers), delivered at the address it was sent to
    /// (nothing translated) and carried both ways. Nil for every other flow, which the routers go on carrying: to or
    /// from the internet, through a transit gateway, one whose replies are dropped. `routers`: every router's view, by
    /// namespace.
    static func fastPathHops(
        for verdict: FlowVerdict, mark: FlowMark, destination: IPAddress, in view: RouterView, routers: [String: RouterView]
    ) -> [FastPath.Hop]? {
        guard !mark.repliesDropped, !mark.isDropped, case .networkInterface(let senderId) = view.destinations[mark.replyLink],
            case .networkInterface(let receiverId, let vpcId, let address, let crossing)? = verdict.delivery, address == destination
        else { return nil }
        let sender = DataPlaneNames.link(.networkInterface, senderId)
        let receiver = DataPlaneNames.link(.networkInterface, receiverId)
        if vpcId == view.vpcId, crossing == nil {
            guard let departure = view.indexes[receiver] else { return nil }
            return [
                FastPath.Hop(namespace: view.namespace, arrival: mark.replyLink, arrivalName: sender, departure: departure, departureName: receiver)
            ]
        }
        guard let peeringId = crossing?.vpcPeeringConnectionId, let peer = routers[DataPlaneNames.router(of: vpcId)] else { return nil }
        let peering = DataPlaneNames.link(.vpcPeeringConnection, peeringId)
        guard view.indexes[peering] == mark.forwardLink, let arrival = peer.indexes[peering], let departure = peer.indexes[receiver] else {
            return nil
        }
        return [
            FastPath.Hop(
                namespace: view.namespace, arrival: mark.replyLink, arrivalName: sender, departure: mark.forwardLink, departureName: peering),
            FastPath.Hop(namespace: peer.namespace, arrival: arrival, arrivalName: peering, departure: departure, departureName: receiver),
        ]
    }
}
