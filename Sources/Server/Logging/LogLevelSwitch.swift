public import Logging
import Synchronization

/// The server's log level, one value shared by every logger the process makes, changeable while it runs
/// (`POST /_localvpc/log-level`) as well as per start (`serve --log-level`, `LOCALVPC_LOG_LEVEL`).
///
/// swift-log asks a handler for its level on every log call, so `KeyValueLogHandler` reads it from here each
/// time: one atomic load, and a change reaches loggers made before it.
public final class LogLevelSwitch: Sendable {
    private let raw: Atomic<Int>

    public init(_ level: Logger.Level) { raw = Atomic(Self.index(of: level)) }

    public var level: Logger.Level {
        get { Logger.Level.allCases[raw.load(ordering: .relaxed)] }
        set { raw.store(Self.index(of: newValue), ordering: .relaxed) }
    }

    private static func index(of level: Logger.Level) -> Int { Logger.Level.allCases.firstIndex(of: level)! }
}
