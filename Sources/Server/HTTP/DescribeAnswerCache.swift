import CloudModel
import EC2Protocol
import Synchronization

/// Rendered answers of describes whose answer is a pure function of the state, the account and region, and the
/// request: the next identical request at the same state version gets the same bytes, with its own request id
/// spliced in, instead of the state being read, filtered, sorted, converted and written again.
///
/// Why an answer may be reused, by construction:
/// - **The state.** Every change to the cloud's state (a batch of changes, a reset, a region's activation, catching up
///   with another server) is published under the next `CloudService.stateVersion`, after the state holding it is in
///   place. A request reads the version *before* the handler takes its snapshot, so an answer is stored under a
///   version no newer than the state it was rendered from: an answer never stands for a state older than its key.
///   Only entries of the newest version seen are kept; the first answer of a newer version drops all the others.
/// - **The account and region** are part of the key (`AccountRegion`, after signature verification decided them).
/// - **The request.** The key holds the request's whole form text (query string and body, `Action` included), so
///   ids, filters, `MaxResults`, `NextToken` and anything else a client sends are in it. Two requests that differ only
///   in the order of their parameters miss each other, which costs a render, never a wrong answer.
/// - **The clock.** Only answers that read no time are kept (`cacheableActions`, `clockFreeActions`). DescribeVpcs qualifies:
///   a VPC is visible from creation to deletion (`Filterable.isVisible`'s default, never overridden by `Vpc`), its
///   filters (`Vpc.filterValues`) and its wire form (`EC2.Vpc.init(_:)`) read only the VPC. The same holds for subnets
///   (their free address count is read from the state's interfaces), internet gateways, network ACLs and DHCP option
///   sets. Describes whose answer moves with the clock are not cached: instances (pending to running), peering
///   connections (expiry, and how long a deleted one is shown), NAT gateways, endpoints and transit gateways. Security
///   groups and route tables read the clock only sometimes (`clockFreeActions`): a rule naming a group in another VPC
///   reports the peering between them while it lives, and a route to a peering or a transit gateway is `active` or
///   `blackhole` as theirs moves. Their answers are kept only when the handler did not read the clock
///   (`AnswerClock`).
/// - **Other servers.** On a store shared with other servers, the caller catches up before it reads the version, so a
///   change another server acknowledged is a newer version here before the key is made (`QueryEndpoint`).
/// - **The request id** is the only part of an answer that differs between identical requests; its place in the
///   document is recorded as it is rendered (`EC2ResponseDocument.requestIdRange`).
///
/// Only successful answers are kept; errors and `DryRun` are answered afresh. Memory is bounded: requests whose form
/// is longer than `maximumFormLength`, answers over `maximumAnswerSize`, and at most `maximumBytes` in all (the
/// cache is emptied when a new answer would pass it).
final class DescribeAnswerCache: Sendable {
    /// The actions whose answers depend on nothing but the state, the scope and the request (see above).
    static let cacheableActions: Set<String> = [
        "DescribeVpcs", "DescribeSubnets", "DescribeInternetGateways", "DescribeNetworkAcls", "DescribeDhcpOptions",
    ]
    /// The actions whose answers are kept only when rendering them read no clock (`AnswerClock`).
    static let clockFreeActions: Set<String> = ["DescribeSecurityGroups", "DescribeRouteTables"]

    /// Whether an answer to `action` may be kept.
    static func isCacheable(_ action: String) -> Bool { cacheableActions.contains(action) || clockFreeActions.contains(action) }
    static let maximumFormLength = 4096
    static let maximumAnswerSize = 4 << 20
    /// The most the kept answers and their keys may add up to.
    let maximumBytes: Int

    /// What an answer depends on.
    struct Key: Hashable, Sendable {
        let version: UInt64
        let scope: AccountRegion
        let form: String
    }

    struct Answer: Sendable {
        let bytes: [UInt8]
        let requestIdRange: Range<Int>
    }

    private struct Entries: Sendable {
        var version: UInt64 = 0
        var answers: [Key: Answer] = [:]
        var bytes = 0
    }

    private let entries = Mutex(Entries())

    init(maximumBytes: Int = 32 << 20) {
        self.maximumBytes = maximumBytes
    }

    /// The key for a request, or nil when its answer is not to be cached (its action, or its size).
    static func key(action: String?, form: String, scope: AccountRegion, version: UInt64) -> Key? {
        guard let action, isCacheable(action), form.utf8.count <= maximumFormLength else { return nil }
        return Key(version: version, scope: scope, form: form)
    }

    /// The stored answer for `key`, nil if none: its bytes and where the request id goes in them (`AnswerBody` writes
    /// it with the request's own id in that place).
    func answer(for key: Key) -> Answer? {
        entries.withLock { $0.version == key.version ? $0.answers[key] : nil }
    }

    /// Keeps `document` as the answer for `key`.
    func store(_ document: EC2ResponseDocument, for key: Key) {
        let size = document.bytes.count + key.form.utf8.count
        guard size <= min(Self.maximumAnswerSize, maximumBytes) else { return }
        entries.withLock { entries in
            if key.version < entries.version { return }
            if key.version > entries.version || entries.bytes + size > maximumBytes {
                entries.answers.removeAll()
                entries.bytes = 0
                entries.version = key.version
            }
            guard entries.answers[key] == nil else { return }
            entries.answers[key] = Answer(bytes: document.bytes, requestIdRange: document.requestIdRange)
            entries.bytes += size
        }
    }

    /// How many answers are kept, and their size with their keys' (tests).
    var count: (answers: Int, bytes: Int) { entries.withLock { ($0.answers.count, $0.bytes) } }
}
