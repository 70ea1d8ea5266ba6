/// A resource that names a prefix list, as GetManagedPrefixListAssociations lists it: a route table with a route to
/// the list, or a security group with a rule naming it.
public struct PrefixListAssociation: Sendable, Hashable {
    public let resourceId: String
    public let resourceOwner: String

    /// The route tables and groups of `tables` and `groups` that name the list `id`, tables first, each once.
    static func find(_ id: String, tables: [RouteTable], groups: [SecurityGroup]) -> [PrefixListAssociation] {
        let tables = tables.filter { $0.prefixListIds.contains(id) }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        let groups = groups.filter { ($0.ingress + $0.egress).contains { $0.peer.prefixListId == id } }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        return tables.map { PrefixListAssociation(resourceId: $0.id, resourceOwner: $0.scope.account) }
            + groups.map { PrefixListAssociation(resourceId: $0.id, resourceOwner: $0.scope.account) }
    }
}

extension CloudState {
    /// The route tables and groups of `scope` that name the prefix list `id`.
    public func prefixListAssociations(_ id: String, in scope: AccountRegion) -> [PrefixListAssociation] {
        let region = self[scope]
        return PrefixListAssociation.find(id, tables: Array(region.routeTables.values), groups: Array(region.securityGroups.values))
    }
}

extension Transaction {
    /// The caller's route tables and groups that name the prefix list `id`, as this transaction sees them.
    func prefixListReferences(to id: String) -> [PrefixListAssociation] {
        PrefixListAssociation.find(id, tables: all(RouteTable.self), groups: all(SecurityGroup.self))
    }
}
