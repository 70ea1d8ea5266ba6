import Addressing
public import Foundation

/// One command's view of the cloud: the state as it was, plus what the command has written so far.
///
/// Commands read through it (seeing their own writes) and write only through `put`/`delete`, which
/// record `changes`. Changes of earlier commands that are not yet in `base` (still being made durable) can
/// be laid over it as `pending`: the command sees them as it sees its own writes, but they are not its changes. Nothing reaches the state until the caller has made those changes durable and
/// applies them, so a command that throws half-way leaves no trace. Writes are kept in an overlay rather
/// than in a copy of the state, so a write costs what it changes, not the size of the cloud.
public struct Transaction {
    /// The state the command started from.
    public let base: CloudState
    /// The caller's account and region.
    public let scope: AccountRegion
    /// The injected time of this command.
    public let now: Date
    public let configuration: CloudConfiguration
    private var generator: any RandomNumberGenerator
    /// Every resource written over `base` (pending changes, then this command's), by id; nil when deleted.
    private var overlay: [String: Resource?] = [:]
    /// The ids in `overlay`, in the order they were first written.
    private var order: [String] = []
    private var overlayScopes: [String: AccountRegion] = [:]
    /// The ids this command wrote, in order (a subset of `order`).
    private var ownOrder: [String] = []
    private var ownIds: Set<String> = []
    /// Public addresses held by resources laid over `base` that `base` does not count as in use, so that handing out
    /// public addresses costs one lookup each, not a pass over every write (which made a launch of n instances n²).
    /// Never shrinks: an address a command frees is not handed out again by the same command.
    private(set) var publicIpsWrittenOverBase: Set<IPv4Address> = []
    /// The ids in `overlay` by resource type, in the order they were first put: `all(_:)` reads the writes of one type
    /// instead of every write (terminating many instances reads addresses and flow logs once per instance).
    private var orderByType: [ObjectIdentifier: [String]] = [:]
    private var typed: Set<String> = []
    /// The ids in `overlay` ever laid attached to each instance (some may have moved since: callers check).
    private var idsByInstance: [String: Set<String>] = [:]

    public init(
        base: CloudState,
        pending: [ResourceChange] = [],
        scope: AccountRegion,
        now: Date,
        configuration: CloudConfiguration = CloudConfiguration(),
        generator: any RandomNumberGenerator = SystemRandomNumberGenerator()
    ) {
        self.base = base
        self.scope = scope
        self.now = now
        self.configuration = configuration
        self.generator = generator
        for change in pending {
            switch change {
            case .put(let resource): lay(resource.id, scope: resource.scope, resource)
            case .delete(let id, let scope): lay(id, scope: scope, nil)
            }
        }
    }

    /// What the command wrote, in order, one change per resource touched.
    public var changes: [ResourceChange] {
        ownOrder.map { id in
            if let resource = overlay[id] ?? nil { return .put(resource) }
            return .delete(id: id, scope: overlayScopes[id]!)
        }
    }

    /// The account and region a resource with `id` is stored in, as this transaction sees it (written here or pending,
    /// else in `base`); nil when there is none. For resources two scopes share, such as transit gateway peering
    /// attachments, found by id from the side that does not store them.
    func storedScope(of id: String) -> AccountRegion? {
        if let written = overlay[id] { return written == nil ? nil : overlayScopes[id] }
        return base.regions.first { $0.value.resource(id) != nil }?.key
    }

    /// The resource of type `R` with `id`, in the caller's region unless `scope` says otherwise.
    public func get<R: CloudResource>(_ type: R.Type, _ id: String, in scope: AccountRegion? = nil) -> R? {
        let scope = scope ?? self.scope
        if let written = overlay[id] {
            guard let written, let value = R.unwrap(written), value.scope == scope else { return nil }
            return value
        }
        return base.get(type, id, in: scope)
    }

    /// Every resource of type `R` in a region (the caller's by default), as the command sees them.
    public func all<R: CloudResource>(_ type: R.Type, in scope: AccountRegion? = nil) -> [R] {
        let scope = scope ?? self.scope
        var result = base[scope][keyPath: R.table].values.filter { overlay[$0.id] == nil }
        for id in orderByType[ObjectIdentifier(R.self)] ?? [] {
            if let written = overlay[id] ?? nil, let value = R.unwrap(written), value.scope == scope { result.append(value) }
        }
        return result
    }

    /// The resources of type `R` that belong to `vpcId`, found through the region's VPC index.
    public func all<R: CloudResource>(_ type: R.Type, inVpc vpcId: String, in scope: AccountRegion? = nil) -> [R] {
        let scope = scope ?? self.scope
        let region = base[scope]
        var result: [R] = []
        for id in region.idsByVpc[vpcId] ?? [] where overlay[id] == nil {
            if let value = region[keyPath: R.table][id] { result.append(value) }
        }
        for id in orderByType[ObjectIdentifier(R.self)] ?? [] {
            if let written = overlay[id] ?? nil, let value = R.unwrap(written), value.scope == scope, value.vpcId == vpcId {
                result.append(value)
            }
        }
        return result
    }

    /// The resources of type `R` attached to instance `instanceId` (interfaces, volumes), found through the region's
    /// instance index and this transaction's own writes: a cost of what the instance holds plus what was written, not of
    /// the region's size (terminating many instances of a large region stays linear).
    public func all<R: CloudResource>(_ type: R.Type, attachedTo instanceId: String, in scope: AccountRegion? = nil) -> [R] {
        let scope = scope ?? self.scope
        let region = base[scope]
        var result: [R] = []
        for id in region.idsByInstance[instanceId] ?? [] where overlay[id] == nil {
            if let value = region[keyPath: R.table][id] { result.append(value) }
        }
        for id in idsByInstance[instanceId] ?? [] {
            if let written = overlay[id] ?? nil, let value = R.unwrap(written), value.scope == scope, value.attachedInstanceId == instanceId {
                result.append(value)
            }
        }
        return result
    }

    /// What this transaction wrote for `id`: nil when untouched, `.some(nil)` when deleted.
    func written(_ id: String) -> Resource?? { overlay[id] }

    /// Everything this transaction has put (not deleted), in order.
    var writtenResources: [Resource] { order.compactMap { overlay[$0] ?? nil } }

    /// Writes `resource` whole.
    public mutating func put<R: CloudResource>(_ resource: R) {
        if ownIds.insert(resource.id).inserted { ownOrder.append(resource.id) }
        lay(resource.id, scope: resource.scope, resource.resource)
    }

    /// Removes `resource`.
    public mutating func delete<R: CloudResource>(_ resource: R) {
        if ownIds.insert(resource.id).inserted { ownOrder.append(resource.id) }
        lay(resource.id, scope: resource.scope, nil)
    }

    /// A fresh id with `prefix`, unused anywhere in the caller's region.
    public mutating func newId(_ prefix: ResourceId.Prefix) -> String {
        while true {
            let id = ResourceId.make(prefix, using: &generator)
            if overlay[id] == nil && base[scope].resource(id) == nil { return id }
        }
    }

    /// A random number for choices that AWS makes at random (an IPv6 block, say).
    public mutating func random(in range: ClosedRange<UInt64>) -> UInt64 {
        UInt64.random(in: range, using: &generator)
    }

    /// Lays `resource` (nil: a deletion) over `base` for `id`.
    private mutating func lay(_ id: String, scope: AccountRegion, _ resource: Resource?) {
        if overlay[id] == nil { order.append(id) }
        overlayScopes[id] = scope
        overlay[id] = .some(resource)
        guard let resource else { return }
        for address in resource.publicIps where !base.publicIpsInUse.contains(address) { publicIpsWrittenOverBase.insert(address) }
        let written = resource.base
        if typed.insert(id).inserted { orderByType[ObjectIdentifier(type(of: written)), default: []].append(id) }
        if let instanceId = written.attachedInstanceId { idsByInstance[instanceId, default: []].insert(id) }
    }
}
