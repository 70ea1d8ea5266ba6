public import Addressing

/// A prefix list as routes, security group rules and the evaluator see it: one of the account's own
/// (`ManagedPrefixList`), or one AWS manages in the region (`AWSManagedPrefixList`).
public enum PrefixList: Sendable, Hashable {
    case customerManaged(ManagedPrefixList)
    case awsManaged(AWSManagedPrefixList)

    public var id: String {
        switch self {
        case .customerManaged(let list): list.id
        case .awsManaged(let list): list.id
        }
    }

    public var name: String {
        switch self {
        case .customerManaged(let list): list.name
        case .awsManaged(let list): list.name
        }
    }

    public var addressFamily: AddressFamily {
        switch self {
        case .customerManaged(let list): list.addressFamily
        case .awsManaged(let list): list.addressFamily
        }
    }

    /// The current entries.
    public var entries: [PrefixListEntry] {
        switch self {
        case .customerManaged(let list): list.entries
        case .awsManaged(let list): list.entries
        }
    }

    /// What one reference to the list counts for against a route table's or a group's quota: a customer list's
    /// `MaxEntries` (not its current size, as AWS counts), an AWS list's weight.
    public var weight: Int {
        switch self {
        case .customerManaged(let list): list.maxEntries
        case .awsManaged(let list): list.weight
        }
    }

    public var isAWSManaged: Bool {
        if case .awsManaged = self { true } else { false }
    }

    /// The owner id AWS reports: the account, or `AWS`.
    public var ownerId: String {
        switch self {
        case .customerManaged(let list): list.scope.account
        case .awsManaged: AWSManagedPrefixList.ownerId
        }
    }
}

extension CloudState {
    /// The prefix list `id` as `scope` sees it: the account's own list in that region, or the region's AWS-managed one.
    public func prefixList(_ id: String, seenFrom scope: AccountRegion) -> PrefixList? {
        if let list = get(ManagedPrefixList.self, id, in: scope) { return .customerManaged(list) }
        return AWSManagedPrefixList.withId(id, in: scope.region).map { .awsManaged($0) }
    }
}

extension Transaction {
    /// The prefix list `id` as the caller sees it (its own, or the region's AWS-managed one).
    public func prefixList(_ id: String) -> PrefixList? {
        if let list = get(ManagedPrefixList.self, id) { return .customerManaged(list) }
        return AWSManagedPrefixList.withId(id, in: scope.region).map { .awsManaged($0) }
    }

    /// The prefix list `id`, or `InvalidPrefixListId.Malformed` / `InvalidPrefixListID.NotFound`.
    public func requirePrefixList(_ id: String) throws(EC2Error) -> PrefixList {
        try ResourceIdKind.prefixList.validate(id)
        guard let list = prefixList(id) else { throw ResourceIdKind.prefixList.notFound([id]) }
        return list
    }
}
