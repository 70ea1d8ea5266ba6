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
    /// Forgets everything, the clock's offset included.
    func reset() throws
    /// How far the server's clock was last moved ahead of the system clock (`POST /_localvpc/clock`), 0 if never.
    ///
    /// Kept with the state because the state's times were read from that clock: after a restart an expired peering
    /// must still be expired.
    func loadClockOffset() throws -> Double
    /// Makes a moved clock's offset durable.
    func saveClockOffset(_ offset: Double) throws
}
