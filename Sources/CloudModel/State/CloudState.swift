public import Addressing

/// The whole cloud: every account in every region, as one value.
///
/// A value type, so a reader's snapshot is a copy that never changes under it. It changes only by
/// `apply(_:)`, with the changes a `Transaction` produced and the journal already holds.
public struct CloudState: Sendable, Equatable {
    public private(set) var regions: [AccountRegion: RegionState] = [:]
    /// The peering connections each account-and-region can see, as requester or accepter.
    public private(set) var peeringIdsByScope: [AccountRegion: Set<String>] = [:]
    /// The requester scope (where it is stored) of each peering connection.
    private var peeringHome: [String: AccountRegion] = [:]
    /// The peering connections each VPC is a side of, so per-VPC checks (quotas, duplicates) need no scan.
    private var peeringIdsByVpc: [VpcReference: Set<String>] = [:]
    /// Every public address in use, in any account or region (auto-assigned and Elastic): they are unique.
    public private(set) var publicIpsInUse: Set<IPv4Address> = []

    public init() {}

    /// The state of one account in one region; an empty one when it was never used.
    public subscript(scope: AccountRegion) -> RegionState {
        regions[scope] ?? RegionState(scope: scope)
    }

    /// Applies journalled changes in order.
    public mutating func apply(_ changes: some Sequence<ResourceChange>) {
        for change in changes {
            switch change {
            case .put(let resource):
                if let old = regions[resource.scope]?.resource(resource.id) { publicIpsInUse.subtract(old.publicIps) }
                publicIpsInUse.formUnion(resource.publicIps)
                regions[resource.scope, default: RegionState(scope: resource.scope)].apply(resource)
                if case .vpcPeeringConnection(let peering) = resource { index(peering) }
            case .delete(let id, let scope):
                if let peering = regions[scope]?.vpcPeeringConnections[id] { unindex(peering) }
                if let old = regions[scope]?.resource(id) { publicIpsInUse.subtract(old.publicIps) }
                regions[scope]?.removeAny(id: id)
            }
        }
    }

    /// The resource of type `R` with `id` in `scope`.
    public func get<R: CloudResource>(_ type: R.Type, _ id: String, in scope: AccountRegion) -> R? {
        regions[scope]?[keyPath: R.table][id]
    }

    /// The peering connection `id`, wherever it is stored; visibility is the caller's to check.
    public func peering(_ id: String) -> VpcPeeringConnection? {
        peeringHome[id].flatMap { regions[$0]?.vpcPeeringConnections[id] }
    }

    /// The peering connections `scope` is a side of, visible or not.
    public func peerings(of scope: AccountRegion) -> [VpcPeeringConnection] {
        (peeringIdsByScope[scope] ?? []).compactMap(peering)
    }

    /// The peering connections `vpcId` of `scope` is a side of, visible or not.
    public func peerings(ofVpc vpcId: String, in scope: AccountRegion) -> [VpcPeeringConnection] {
        (peeringIdsByVpc[VpcReference(scope: scope, vpcId: vpcId)] ?? []).compactMap(peering)
    }

    private mutating func index(_ peering: VpcPeeringConnection) {
        peeringHome[peering.id] = peering.requester.scope
        for side in [peering.requester, peering.accepter] {
            peeringIdsByScope[side.scope, default: []].insert(peering.id)
            peeringIdsByVpc[VpcReference(scope: side.scope, vpcId: side.vpcId), default: []].insert(peering.id)
        }
    }

    private mutating func unindex(_ peering: VpcPeeringConnection) {
        peeringHome[peering.id] = nil
        for side in [peering.requester, peering.accepter] {
            peeringIdsByScope[side.scope]?.remove(peering.id)
            let reference = VpcReference(scope: side.scope, vpcId: side.vpcId)
            peeringIdsByVpc[reference]?.remove(peering.id)
            if peeringIdsByVpc[reference]?.isEmpty == true { peeringIdsByVpc[reference] = nil }
        }
    }

    /// How many resources the whole cloud holds.
    public var resourceCount: Int { regions.values.reduce(0) { $0 + $1.resourceCount } }
}

/// A VPC named by its owner's account-and-region and its id.
private struct VpcReference: Hashable, Sendable {
    var scope: AccountRegion
    var vpcId: String
}
