import Addressing
import CloudModel
import Foundation

/// What the evaluator needs of every transit gateway, indexed once per snapshot so that a walk through one costs
/// lookups: the gateways, their live VPC attachments by id and by VPC, their route tables, and each table's routes as
/// AWS lists them (`CloudState.transitGatewayRoutes(of:at:)`: static over propagated on equal prefixes, a static route
/// to a gone attachment a blackhole) in a longest-prefix trie.
struct TransitGatewayRouting: Sendable {
    let gateways: [String: TransitGateway]
    /// Live VPC attachments (any state: the walk asks whether one is `available`).
    let attachments: [String: TransitGatewayAttachment]
    /// VPC → its live attachments, one per transit gateway.
    let attachmentsByVpc: [String: [TransitGatewayAttachment]]
    /// Live peering attachments between transit gateways, by id (stored once, in the requester's region).
    let peerings: [String: TransitGatewayPeeringAttachment]
    /// Live route tables by id.
    let tables: [String: TransitGatewayRouteTable]
    /// Each live table's routes, as SearchTransitGatewayRoutes shows them.
    let routes: [String: [TransitGatewayRoute]]
    let tries: [String: IPv4PrefixTrie<TransitGatewayRoute>]

    init(state: CloudState, at now: Date) {
        var gateways: [String: TransitGateway] = [:]
        var attachments: [String: TransitGatewayAttachment] = [:]
        var byVpc: [String: [TransitGatewayAttachment]] = [:]
        var tables: [String: TransitGatewayRouteTable] = [:]
        var routes: [String: [TransitGatewayRoute]] = [:]
        var tries: [String: IPv4PrefixTrie<TransitGatewayRoute>] = [:]
        var peerings: [String: TransitGatewayPeeringAttachment] = [:]
        for region in state.regions.values {
            for peering in region.transitGatewayPeeringAttachments.values where peering.isLive { peerings[peering.id] = peering }
            for gateway in region.transitGateways.values where gateway.isLive { gateways[gateway.id] = gateway }
            for attachment in region.transitGatewayAttachments.values where attachment.isLive {
                attachments[attachment.id] = attachment
                byVpc[attachment.attachmentVpcId, default: []].append(attachment)
            }
            for table in region.transitGatewayRouteTables.values where table.isLive {
                tables[table.id] = table
                let listed = state.transitGatewayRoutes(of: table, at: now)
                var trie = IPv4PrefixTrie<TransitGatewayRoute>()
                // The list holds one route per prefix but where two propagating VPCs share a block: the first is kept.
                for route in listed where trie.exactMatch(route.destination) == nil { trie.insert(route.destination, value: route) }
                routes[table.id] = listed
                tries[table.id] = trie
            }
        }
        self.gateways = gateways
        self.attachments = attachments
        self.peerings = peerings
        attachmentsByVpc = byVpc.mapValues { $0.sorted { $0.id < $1.id } }
        self.tables = tables
        self.routes = routes
        self.tries = tries
    }

    /// `vpcId`'s live attachment to `gatewayId` (AWS allows one per VPC and gateway).
    func attachment(of gatewayId: String, vpcId: String) -> TransitGatewayAttachment? {
        attachmentsByVpc[vpcId]?.first { $0.transitGatewayId == gatewayId }
    }

    /// The table associated with `attachment`, when it is live.
    func table(associatedWith attachment: TransitGatewayAttachment) -> TransitGatewayRouteTable? {
        attachment.associatedRouteTableId.flatMap { tables[$0] }
    }

    /// The route `tableId` gives `address`: longest prefix (static already preferred over propagated on equal prefixes).
    func route(for address: IPv4Address, in tableId: String) -> TransitGatewayRoute? {
        tries[tableId]?.longestMatch(for: address)?.value
    }

    /// The table a fix associates an attachment of `gatewayId` with: the gateway's default association table, else its
    /// first table.
    func tableToAssociate(on gatewayId: String) -> TransitGatewayRouteTable? {
        if let id = gateways[gatewayId]?.associationDefaultRouteTableId, let table = tables[id] { return table }
        return tables.values.filter { $0.transitGatewayId == gatewayId }.min { $0.id < $1.id }
    }

    /// A transit gateway both VPCs have an attachment to (the one a missing VPC route could point at), preferring one
    /// whose attachments are both `available`.
    func sharedGateway(of vpcId: String, and otherVpcId: String, at now: Date) -> String? {
        let shared = (attachmentsByVpc[vpcId] ?? []).compactMap { mine in
            attachment(of: mine.transitGatewayId, vpcId: otherVpcId).map { (mine, $0) }
        }
        let ready = shared.first { $0.0.state(at: now) == .available && $0.1.state(at: now) == .available }
        return (ready ?? shared.first)?.0.transitGatewayId
    }

    /// Whether a rule in `groupVpcId` may refer to a group of `peerVpcId` across a transit gateway: AWS requires security
    /// group referencing support on the gateway and on both VPCs' attachments to it ("Security group referencing" in
    /// the Transit Gateways guide); without it only CIDR rules match traffic that crosses a transit gateway.
    func referencesGroups(between groupVpcId: String, _ peerVpcId: String) -> Bool {
        (attachmentsByVpc[groupVpcId] ?? []).contains { mine in
            guard mine.options.securityGroupReferencingSupport,
                gateways[mine.transitGatewayId]?.options.securityGroupReferencingSupport == true,
                let theirs = attachment(of: mine.transitGatewayId, vpcId: peerVpcId)
            else { return false }
            return theirs.options.securityGroupReferencingSupport
        }
    }
}
