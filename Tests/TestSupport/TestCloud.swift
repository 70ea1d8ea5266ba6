public import CloudModel
public import Foundation

/// A cloud for tests: runs commands the way the server does (transaction, then apply), without a server.
///
/// Ids come from a seeded generator and time from `now`, so a test's cloud is the same every run.
public struct TestCloud {
    public var state = CloudState()
    public var now = Date(timeIntervalSince1970: 1_800_000_000)
    public var configuration = CloudConfiguration()
    private var generator = SeededGenerator(seed: 42)

    /// The account and region tests act in unless they say otherwise.
    public static let scope = AccountRegion(account: "111111111111", region: "us-east-1")

    public init() {}

    /// Runs `command` in `scope` (activating the region first, as the server does) and applies its changes.
    @discardableResult
    public mutating func run<Result>(
        in scope: AccountRegion = TestCloud.scope,
        _ command: (inout Transaction) throws -> Result
    ) throws -> Result {
        if !state[scope].isActivated { try apply(in: scope) { $0.activateRegion() } }
        return try apply(in: scope, command)
    }

    /// The changes `command` would make, without applying them.
    public mutating func changes<Result>(
        in scope: AccountRegion = TestCloud.scope,
        _ command: (inout Transaction) throws -> Result
    ) throws -> [ResourceChange] {
        var transaction = Transaction(base: state, scope: scope, now: now, configuration: configuration, generator: generator)
        _ = try command(&transaction)
        return transaction.changes
    }

    /// The EC2 error `command` throws, or nil when it succeeds (its changes are then applied).
    public mutating func error<Result>(
        in scope: AccountRegion = TestCloud.scope,
        _ command: (inout Transaction) throws -> Result
    ) -> EC2Error? {
        do {
            try run(in: scope, command)
            return nil
        } catch let error as EC2Error {
            return error
        } catch {
            return EC2Error(code: "NotAnEC2Error", message: "\(error)")
        }
    }

    /// Runs `command` as `run` does and returns every change it made (the region's activation first, when it was not
    /// active): the batch a server appends to its journal.
    public mutating func journaled(
        in scope: AccountRegion = TestCloud.scope,
        _ command: (inout Transaction) throws -> Void
    ) throws -> [ResourceChange] {
        var changes: [ResourceChange] = []
        if !state[scope].isActivated { changes += try applied(in: scope) { $0.activateRegion() } }
        return changes + (try applied(in: scope, command))
    }

    private mutating func applied(in scope: AccountRegion, _ command: (inout Transaction) throws -> Void) throws -> [ResourceChange] {
        generator.advance()
        var transaction = Transaction(base: state, scope: scope, now: now, configuration: configuration, generator: generator)
        try command(&transaction)
        state.apply(transaction.changes)
        return transaction.changes
    }

    @discardableResult
    private mutating func apply<Result>(
        in scope: AccountRegion,
        _ command: (inout Transaction) throws -> Result
    ) throws -> Result {
        generator.advance()
        var transaction = Transaction(base: state, scope: scope, now: now, configuration: configuration, generator: generator)
        let result = try command(&transaction)
        state.apply(transaction.changes)
        return result
    }
}

/// SplitMix64: a small, fast, seeded generator for reproducible ids in tests.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Moves to a fresh stream, so successive transactions do not mint the same ids.
    mutating func advance() { state = next() }
}
