public import Addressing
public import Foundation

/// A customer-managed prefix list (`pl-…`): a named, versioned set of CIDR blocks of one address family that routes
/// and security group rules refer to as one destination or source.
///
/// Every change to the entries makes a new version, and earlier versions are kept (AWS keeps 1,000; the oldest goes
/// first), so `GetManagedPrefixListEntries` can read them and `RestoreManagedPrefixListVersion` can bring one back.
/// AWS's own lists (`com.amazonaws.REGION.s3`, …) are not stored: see `AWSManagedPrefixList`.
public struct ManagedPrefixList: IdentifiedResource, IdempotentlyCreated {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, ManagedPrefixList>> { \.managedPrefixLists }
    public static let resourceType = "prefix-list"
    public static let idKind = ResourceIdKind.prefixList
    public var resource: Resource { .managedPrefixList(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .managedPrefixList(let value) = resource { value } else { nil }
    }

    /// How many versions AWS keeps per list; a new version beyond that pushes the oldest out.
    public static let versionsKept = 1000
    /// The largest `MaxEntries` AWS allows.
    public static let maxEntriesLimit = 1000

    public let id: String
    public let scope: AccountRegion
    public var name: String
    public let addressFamily: AddressFamily
    public var maxEntries: Int
    /// The stored versions, oldest first; the last one is current.
    public internal(set) var versions: [Version]
    /// The state the last change left, always a finished one (`create-complete`, `modify-failed`, …): the calls
    /// answer with the `…-in-progress` state AWS reports while it works, and the next read sees where it ended.
    public internal(set) var state: State
    /// Why the last change failed (`modify-failed`), as AWS shows it in `StateMessage`.
    public internal(set) var stateMessage: String?
    public let clientToken: String?
    public var requestFingerprint: String?
    public var tags: TagSet
    public let createdAt: Date

    public var vpcId: String? { nil }

    /// The current version's number.
    public var version: Int { versions.last?.number ?? 1 }
    /// The current version's entries.
    public var entries: [PrefixListEntry] { versions.last?.entries ?? [] }

    /// `arn:aws:ec2:REGION:ACCOUNT:prefix-list/pl-…`.
    public var arn: String { "arn:aws:ec2:\(scope.region):\(scope.account):prefix-list/\(id)" }

    /// The entries of version `number`, when it is still stored.
    public func entries(ofVersion number: Int) -> [PrefixListEntry]? {
        versions.first { $0.number == number }?.entries
    }

    public init(
        id: String, scope: AccountRegion, name: String, addressFamily: AddressFamily, maxEntries: Int, entries: [PrefixListEntry],
        clientToken: String?, tags: TagSet, createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.name = name
        self.addressFamily = addressFamily
        self.maxEntries = maxEntries
        self.versions = [Version(number: 1, entries: entries)]
        self.state = .createComplete
        self.clientToken = clientToken
        self.tags = tags
        self.createdAt = createdAt
    }

    /// Makes `entries` the new current version, dropping the oldest stored one past `versionsKept`.
    mutating func addVersion(_ entries: [PrefixListEntry]) {
        versions.append(Version(number: version + 1, entries: entries))
        if versions.count > Self.versionsKept { versions.removeFirst(versions.count - Self.versionsKept) }
    }

    /// One stored version: its number (1 first) and its entries.
    public struct Version: Sendable, Hashable, Codable {
        public let number: Int
        public let entries: [PrefixListEntry]
    }

    /// A list's states, as AWS spells them.
    public enum State: String, Sendable, Hashable, Codable {
        case createInProgress = "create-in-progress", createComplete = "create-complete", createFailed = "create-failed"
        case modifyInProgress = "modify-in-progress", modifyComplete = "modify-complete", modifyFailed = "modify-failed"
        case restoreInProgress = "restore-in-progress", restoreComplete = "restore-complete", restoreFailed = "restore-failed"
        case deleteInProgress = "delete-in-progress", deleteComplete = "delete-complete", deleteFailed = "delete-failed"
    }
}

/// The address family of a prefix list, as `AddressFamily` spells it.
public enum AddressFamily: String, Sendable, Hashable, Codable {
    case ipv4 = "IPv4"
    case ipv6 = "IPv6"

    /// The family of `block`.
    public init(of block: IPCIDR) {
        self = block.ipv4 != nil ? .ipv4 : .ipv6
    }
}

/// One entry of a prefix list: a CIDR block and an optional description.
public struct PrefixListEntry: Sendable, Hashable, Codable {
    public let cidr: IPCIDR
    public let description: String?

    public init(cidr: IPCIDR, description: String? = nil) {
        self.cidr = cidr
        self.description = description
    }
}
