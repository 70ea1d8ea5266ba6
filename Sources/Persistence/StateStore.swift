public import CloudModel

/// Where the cloud's state is kept between runs.
///
/// The server writes a command's changes here *before* it applies them or answers, so an acknowledged
/// change survives a crash; at start-up it loads the state back.
public protocol StateStore: Sendable {
    /// The whole state as last committed.
    func load() throws -> CloudState
    /// Makes `changes` durable, all or none.
    func commit(_ changes: [ResourceChange]) throws
    /// Forgets everything.
    func reset() throws
}
