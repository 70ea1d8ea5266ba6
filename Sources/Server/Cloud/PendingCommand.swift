import CloudModel
import Persistence

// The queue of commands on the cloud's actor (`CloudService`): what waits there, and what each answered.

/// A command that ran, waiting for its changes to be durable; or refused on changes still in flight, waiting for them
/// before it answers (they may yet be undone).
struct PendingCommand {
    /// The region the command ran in, and how to run it again; nil for a caller only waiting for what is pending.
    var scope = AccountRegion(account: "", region: "")
    var run: ((inout Transaction) throws(EC2Error) -> Void)?
    var changes: [ResourceChange] = [] {
        didSet { summary = ChangeSummary(changes) }
    }
    /// What `changes` touch, for the write queue's stamps and flights.
    private(set) var summary = ChangeSummary([])
    /// The rows of `changes` as the store keeps them, written ahead (`CloudService.performAside`), or nil.
    var rows: [RowBody?]?
    /// What the command was refused with, the last time it ran: answered once what it read is durable.
    var refusal: EC2Error?
    /// An entry that is appended alone, in its turn, made when it is written (the clock moved, a reset; nil: only
    /// catching up with other servers).
    var alone: (() -> JournalEntry?)?
    var continuation: CheckedContinuation<Void, any Error>?
    /// `changes` as the store staged them (`StateStore.stage`), to append at once, or nil.
    var staged: StagedBatch?
    /// Worked out aside (`CloudService.performAside`): it read only its own region and the public address pool.
    var isWorkedOutAside = false
    /// Run beside a flight, on the state without the flight's changes, and applied before them (`Flight`).
    var isBesideFlight = false

    /// `summary`, when given, is `changes`' (worked out where they were, off the actor).
    init(
        scope: AccountRegion = AccountRegion(account: "", region: ""), run: ((inout Transaction) throws(EC2Error) -> Void)? = nil,
        changes: [ResourceChange] = [], summary: ChangeSummary? = nil
    ) {
        self.scope = scope
        self.run = run
        self.changes = changes
        self.summary = summary ?? ChangeSummary(changes)
    }

    init(alone: @escaping () -> JournalEntry?) {
        self.alone = alone
    }

    /// Answers the caller: the command's changes (or what it was refused on) are durable.
    func answer() {
        if let refusal { continuation?.resume(throwing: refusal) } else { continuation?.resume() }
    }
}

/// What a command answered, the last time it ran.
///
/// `@unchecked Sendable`: a command runs one at a time, worked out aside first (`performAside`) and then only on the
/// actor; whoever reads the value does so after the last run.
final class CommandResult<Value>: @unchecked Sendable {
    var value: Value?

    /// Never thrown by a command that completed: its result is set each time it runs. Answered as `InternalError`.
    struct Missing: Error {}

    func take() throws -> Value {
        guard let value else { throw Missing() }
        return value
    }
}
