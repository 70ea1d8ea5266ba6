import Addressing
import Logging
import Reachability

/// Decides the flows a router's kernel is carrying again, after the state changed: AWS applies network ACLs, routes
/// and peerings to live flows at once, and security groups to untracked flows only (a tracked flow outlives the rule
/// that let it in). A flow that is dropped now is marked so, not forgotten: if the state changes back it goes on.
enum FlowReview {
    /// Re-decides every flow of `view`'s router; returns how many changed verdict.
    /// A flow whose verdict changes leaves the fast path, if it was on it: the routers carry it as the new verdict says.
    static func review(_ view: RouterView, evaluator: Evaluator, fastPath: FastPath? = nil, logger: Logger) -> Int {
        let entries: [Conntrack.Entry]
        do {
            entries = try Conntrack.entries(namespace: view.namespace)
        } catch {
            logger.warning("data plane: could not list the flows of \(view.namespace): \(error)")
            return 0
        }
        var changed = 0
        for entry in entries {
            let mark = FlowMark(rawValue: entry.mark)
            // Flows that arrived from a peered VPC were decided by the router they started in, which reviews them.
            guard mark.rawValue != 0, let origin = FlowDecision.origin(of: mark.replyLink, in: view) else { continue }
            let packet = FlowPacket(
                source: entry.source, destination: entry.destination, ipProtocol: entry.ipProtocol, sourcePort: entry.sourcePort,
                destinationPort: entry.destinationPort)
            let verdict = evaluator.decide(packet, from: origin, checkingSecurityGroups: mark.isUntracked)
            let now: FlowMark
            if let accepted = FlowDecision.mark(for: verdict, in: view, arrival: mark.replyLink) {
                // Tracking is decided by the flow's first packet and kept.
                now = FlowMark(
                    forwardLink: accepted.forwardLink, replyLink: mark.replyLink, untracked: mark.isUntracked,
                    repliesDropped: accepted.repliesDropped,
                    atSource: accepted.repliesDroppedAtSource)
            } else {
                now = mark.dropped(true)
            }
            guard now != mark else { continue }
            if let tuple = FastPathTuple(conntrackOriginal: entry.original, icmpIdentifier: entry.icmpIdentifier) { fastPath?.forget(tuple) }
            do {
                try Conntrack.setMark(now.rawValue, of: entry, namespace: view.namespace)
                changed += 1
            } catch {
                logger.debug("data plane: could not re-mark a flow in \(view.namespace): \(error)")
            }
        }
        return changed
    }
}
