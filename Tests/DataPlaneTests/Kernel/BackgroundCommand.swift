#if os(Linux)
    import DataPlane
    import Foundation
    import Synchronization

    /// A program run by ``KernelCommand`` on a thread of its own, so that a test can answer the queue while, say, a ping
    /// waits for replies.
    ///
    /// A plain thread, not a task: the tests block on `poll`, and a task might wait for a cooperative thread that a
    /// blocked test holds.
    final class BackgroundCommand: Sendable {
        private let result = Mutex<Result<String, any Error>?>(nil)
        private let finished = DispatchSemaphore(value: 0)

        /// Starts `executable` with `arguments` in `namespace`.
        init(_ executable: String, _ arguments: [String], namespace: String) {
            let thread = Thread { [self] in
                let outcome = Result { try KernelCommand.run(executable, arguments, namespace: namespace) }
                result.withLock { $0 = outcome }
                finished.signal()
            }
            thread.start()
        }

        /// Whether the program has exited.
        var isFinished: Bool { result.withLock { $0 != nil } }

        /// Waits for the program to exit, and returns its output or throws its failure.
        func wait() throws -> String {
            finished.wait()
            finished.signal()
            return try result.withLock { $0! }.get()
        }
    }
#endif
