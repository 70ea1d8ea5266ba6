/// The whole cloud: every account in every region, as one value.
///
/// A value type, so a reader's snapshot is a copy that never changes under it. It changes only by
/// `apply(_:)`, with the changes a `Transaction` produced and the journal already holds.
public struct CloudState: Sendable, Equatable {
    public private(set) var regions: [AccountRegion: RegionState] = [:]

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
                regions[resource.scope, default: RegionState(scope: resource.scope)].apply(resource)
            case .delete(let id, let scope):
                regions[scope]?.removeAny(id: id)
            }
        }
    }

    /// The resource of type `R` with `id` in `scope`.
    public func get<R: CloudResource>(_ type: R.Type, _ id: String, in scope: AccountRegion) -> R? {
        regions[scope]?[keyPath: R.table][id]
    }

    /// How many resources the whole cloud holds.
    public var resourceCount: Int { regions.values.reduce(0) { $0 + $1.resourceCount } }
}
