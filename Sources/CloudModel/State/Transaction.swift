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
    /// Changes of earlier commands still being made durable, laid over `base` once for every command that runs meanwhile.
    private let pending: PendingChanges
    /// What this command wrote, over `pending`.
    private var own = PendingChanges()

    public init(
        base: CloudState,
        pending: [ResourceChange] = [],
        scope: AccountRegion,
        now: Date,
        configuration: CloudConfiguration = CloudConfiguration(),
        generator: any RandomNumberGenerator = SystemRandomNumberGenerator()
    ) {
        var laid = PendingChanges()
        laid.lay(pending, over: base)
        self.init(base: base, laid: laid, scope: scope, now: now, configuration: configuration, generator: generator)
    }

    /// A transaction over changes already laid (`PendingChanges`): laying thousands of them (a launch being written)
    /// for every command that runs meanwhile would cost each command as much.
    public init(
        base: CloudState,
        laid pending: PendingChanges,
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
        self.pending = pending
    }

    /// What the command wrote, in order, one change per resource touched.
    public var changes: [ResourceChange] { own.changes }

    /// What the command wrote, laid over `base`: what a writer with nothing else pending lays for the commands after
    /// it, without laying the changes again.
    public var laidChanges: PendingChanges { own }

    /// Public addresses held by resources laid over `base` that `base` does not count as in use (see
    /// `PendingChanges.publicIps`): those pending, then this command's.
    func isPublicIpWrittenOverBase(_ address: IPv4Address) -> Bool {
        own.publicIps.contains(address) || pending.publicIps.contains(address)
    }

    /// How many addresses `isPublicIpWrittenOverBase` holds, at most (one may be counted twice, or be in use in `base`
    /// by now: pending changes may already be applied).
    var publicIpsWrittenOverBaseCount: Int { own.publicIps.count + pending.publicIps.count }

    /// How many addresses `isPublicIpWrittenOverBase` holds that `inUse` does not: exact, and a pass over them.
    func publicIpsWrittenOverBase(notIn inUse: Set<IPv4Address>) -> Int {
        own.publicIps.union(pending.publicIps).subtracting(inUse).count
    }

    /// The account and region a resource with `id` is stored in, as this transaction sees it (written here or pending,
    /// else in `base`); nil when there is none. For resources two scopes share, such as transit gateway peering
    /// attachments, found by id from the side that does not store them.
    func storedScope(of id: String) -> AccountRegion? {
        if let written = written(id) { return written == nil ? nil : (own.scopes[id] ?? pending.scopes[id]) }
        return base.regions.first { $0.value.resource(id) != nil }?.key
    }

    /// The resource of type `R` with `id`, in the caller's region unless `scope` says otherwise.
    public func get<R: CloudResource>(_ type: R.Type, _ id: String, in scope: AccountRegion? = nil) -> R? {
        let scope = scope ?? self.scope
        if let written = written(id) {
            guard let written, let value = R.unwrap(written), value.scope == scope else { return nil }
            return value
        }
        return base.get(type, id, in: scope)
    }

    /// The ids of type `R` laid over `base` (pending, then this command's), each once, in the order first laid.
    private func writtenIds<R: CloudResource>(_ type: R.Type) -> [String] {
        let key = ObjectIdentifier(R.self)
        let pendingIds = pending.idsByType[key] ?? []
        guard let ownIds = own.idsByType[key], !ownIds.isEmpty else { return pendingIds }
        return pendingIds + ownIds.filter { pending.overlay[$0] == nil }
    }

    /// Every resource of type `R` in a region (the caller's by default), as the command sees them.
    public func all<R: CloudResource>(_ type: R.Type, in scope: AccountRegion? = nil) -> [R] {
        let scope = scope ?? self.scope
        var result = base[scope][keyPath: R.table].values.filter { written($0.id) == nil }
        for id in writtenIds(R.self) {
            if let written = written(id) ?? nil, let value = R.unwrap(written), value.scope == scope { result.append(value) }
        }
        return result
    }

    /// The first resource of type `R` in the caller's region that `matches`, as the command sees them, without
    /// gathering the others (`all` copies every one): for lookups that expect at most one match.
    public func first<R: CloudResource>(_ type: R.Type, where matches: (R) -> Bool) -> R? {
        for id in writtenIds(R.self) {
            if let written = written(id) ?? nil, let value = R.unwrap(written), value.scope == scope, matches(value) { return value }
        }
        return base[scope][keyPath: R.table].values.first { written($0.id) == nil && matches($0) }
    }

    /// The resources of type `R` that belong to `vpcId` (`RegionState.all(_:inVpc:)`), as the command sees them.
    public func all<R: CloudResource>(_ type: R.Type, inVpc vpcId: String, in scope: AccountRegion? = nil) -> [R] {
        let scope = scope ?? self.scope
        var result = base[scope].all(R.self, inVpc: vpcId).filter { written($0.id) == nil }
        for id in writtenIds(R.self) {
            if let written = written(id) ?? nil, let value = R.unwrap(written), value.scope == scope, value.vpcId == vpcId {
                result.append(value)
            }
        }
        return result
    }

    /// The resources of type `R` attached to instance `instanceId` (interfaces, volumes), found through the region's
    /// instance index and the writes laid over it: a cost of what the instance holds plus what was written, not of
    /// the region's size (terminating many instances of a large region stays linear).
    public func all<R: CloudResource>(_ type: R.Type, attachedTo instanceId: String, in scope: AccountRegion? = nil) -> [R] {
        let written = (pending.idsByInstance[instanceId] ?? []).union(own.idsByInstance[instanceId] ?? [])
        let scope = scope ?? self.scope
        return all(R.self, filed: base[scope].idsByInstance[instanceId], scope: scope, written: written) {
            $0.attachedInstanceId == instanceId
        }
    }

    /// The resources of type `R` that hold private addresses of subnet `subnetId` (interfaces), through the region's
    /// subnet index and the writes laid over it.
    public func all<R: CloudResource>(_ type: R.Type, inSubnet subnetId: String, in scope: AccountRegion? = nil) -> [R] {
        let scope = scope ?? self.scope
        return all(R.self, filed: base[scope].idsBySubnet[subnetId], scope: scope, written: writtenIds(R.self)) {
            $0.indexedSubnetId == subnetId
        }
    }

    /// The resources of type `R` associated with network interface `interfaceId` (Elastic IPs), through the region's
    /// interface index and the writes laid over it.
    public func all<R: CloudResource>(_ type: R.Type, associatedWith interfaceId: String, in scope: AccountRegion? = nil) -> [R] {
        let scope = scope ?? self.scope
        return all(R.self, filed: base[scope].idsByNetworkInterface[interfaceId], scope: scope, written: writtenIds(R.self)) {
            $0.associatedNetworkInterfaceId == interfaceId
        }
    }

    /// The resources of type `R` among the ids `filed` under one key of a region's index and not written over, then
    /// those among the `written` ids that `isFiled` says are filed there now.
    private func all<R: CloudResource>(
        _ type: R.Type, filed: PersistentSet<String>?, scope: AccountRegion, written: some Sequence<String>, isFiled: (R) -> Bool
    ) -> [R] {
        let region = base[scope]
        var result: [R] = []
        for id in filed ?? [] where self.written(id) == nil {
            if let value = region[keyPath: R.table][id] { result.append(value) }
        }
        for id in written {
            if let resource = self.written(id) ?? nil, let value = R.unwrap(resource), value.scope == scope, isFiled(value) {
                result.append(value)
            }
        }
        return result
    }

    /// What this transaction sees written for `id` (by this command, else pending): nil when untouched, `.some(nil)`
    /// when deleted.
    func written(_ id: String) -> Resource?? {
        if let written = own.overlay[id] { return written }
        return pending.overlay[id]
    }

    /// Everything laid over `base` (pending, then this command's) and not deleted, in the order first laid.
    var writtenResources: [Resource] {
        (pending.order + own.order.filter { pending.overlay[$0] == nil }).compactMap { written($0) ?? nil }
    }

    /// Writes `resource` whole.
    public mutating func put<R: CloudResource>(_ resource: R) {
        own.lay(resource.id, scope: resource.scope, resource.resource, over: base)
    }

    /// Removes `resource`.
    public mutating func delete<R: CloudResource>(_ resource: R) {
        own.lay(resource.id, scope: resource.scope, nil, over: base)
    }

    /// A fresh id with `prefix`, unused anywhere in the caller's region.
    public mutating func newId(_ prefix: ResourceId.Prefix) -> String {
        while true {
            let id = ResourceId.make(prefix, using: &generator)
            if written(id) == nil && base[scope].resource(id) == nil { return id }
        }
    }

    /// A random number for choices that AWS makes at random (an IPv6 block, say).
    public mutating func random(in range: ClosedRange<UInt64>) -> UInt64 {
        UInt64.random(in: range, using: &generator)
    }
}
