import Addressing

/// Changes laid over a state without changing it: a `Transaction`'s own writes, and the changes of earlier commands
/// still being made durable, which every command running meanwhile reads through.
///
/// The writer lays pending changes once, as each command joins the write queue, and hands the same value to every
/// command that runs until they are written: laying a launch of 1,000 instances (3,000 changes) costs milliseconds,
/// which each command would otherwise pay again. Laying changes whose state is already applied changes nothing a
/// reader sees (the same values), so the layer may lag behind the state it is laid over.
public struct PendingChanges: Sendable {
    /// Every resource laid, by id; nil when deleted.
    private(set) var overlay: [String: Resource?] = [:]
    /// The ids in `overlay`, in the order they were first laid.
    private(set) var order: [String] = []
    /// The account and region of each id in `overlay`.
    private(set) var scopes: [String: AccountRegion] = [:]
    /// Public addresses held by laid resources that the state laid over does not count as in use, so that handing out
    /// public addresses costs one lookup each, not a pass over every write (which made a launch of n instances n²).
    /// Never shrinks: an address freed here is not handed out again until the layer is dropped.
    private(set) var publicIps: Set<IPv4Address> = []
    /// The ids put, by resource type, in the order they were first put: `Transaction.all(_:)` reads the writes of one
    /// type instead of every write (terminating many instances reads addresses and flow logs once per instance).
    private(set) var idsByType: [ObjectIdentifier: [String]] = [:]
    private var typed: Set<String> = []
    /// The ids ever laid attached to each instance (some may have moved since: callers check).
    private(set) var idsByInstance: [String: Set<String>] = [:]

    public init() {}

    /// Whether nothing is laid.
    public var isEmpty: Bool { order.isEmpty }

    /// How many resources are laid.
    public var count: Int { order.count }

    /// Lays `changes`, in order, over `base`.
    public mutating func lay(_ changes: [ResourceChange], over base: CloudState) {
        for change in changes {
            switch change {
            case .put(let resource): lay(resource.id, scope: resource.scope, resource, over: base)
            case .delete(let id, let scope): lay(id, scope: scope, nil, over: base)
            }
        }
    }

    /// Lays `resource` (nil: a deletion) for `id`.
    mutating func lay(_ id: String, scope: AccountRegion, _ resource: Resource?, over base: CloudState) {
        if overlay[id] == nil { order.append(id) }
        scopes[id] = scope
        overlay[id] = .some(resource)
        guard let resource else { return }
        for address in resource.publicIps where !base.publicIpsInUse.contains(address) { publicIps.insert(address) }
        let written = resource.base
        if typed.insert(id).inserted { idsByType[ObjectIdentifier(type(of: written)), default: []].append(id) }
        if let instanceId = written.attachedInstanceId { idsByInstance[instanceId, default: []].insert(id) }
    }

    /// Puts `earlier` under what is laid here, as if its changes had been laid first: what laying `earlier`'s changes
    /// and then these would have made. Costs about as much as `earlier` holds, not as much as this layer does: a
    /// launch worked out aside (3,000 changes, its own layer) joining a queue that holds a few small commands took
    /// 12 ms of the actor's time when its changes were laid over theirs.
    public mutating func lay(under earlier: PendingChanges) {
        guard !earlier.isEmpty else { return }
        guard !isEmpty else { return self = earlier }
        let later = order
        for id in earlier.order where overlay[id] == nil {
            overlay[id] = earlier.overlay[id]
            scopes[id] = earlier.scopes[id]
        }
        order = earlier.order + later.filter { earlier.overlay[$0] == nil }
        publicIps.formUnion(earlier.publicIps)
        for (type, ids) in idsByType {
            idsByType[type] = (earlier.idsByType[type] ?? []) + ids.filter { !earlier.typed.contains($0) }
        }
        for (type, ids) in earlier.idsByType where idsByType[type] == nil { idsByType[type] = ids }
        typed.formUnion(earlier.typed)
        for (instanceId, ids) in earlier.idsByInstance { idsByInstance[instanceId, default: []].formUnion(ids) }
    }

    /// What was laid, in the order first laid, one change per resource (its last version).
    var changes: [ResourceChange] {
        order.map { id in
            if let resource = overlay[id] ?? nil { return .put(resource) }
            return .delete(id: id, scope: scopes[id]!)
        }
    }
}
