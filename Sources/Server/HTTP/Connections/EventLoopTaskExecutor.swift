import NIOCore

/// A connection's event loop as a `TaskExecutor`: under its preference, the task answering the connection's requests
/// (Hummingbird's request loop, the middleware, the handlers) runs on the loop that reads and writes its socket.
///
/// `serve` also asks NIO to take over Swift's global executor, but with Swift 6.3 that hook is not used for a request's
/// task (it is for other tasks with no preference: the cloud's write queue resumed on the loops until it preferred the
/// cloud's thread, `CloudExecutor.tasks`): a profile (callgrind on the release server) showed every handler running on
/// Dispatch's worker threads, so each request crossed threads twice (the loop hands the request to a worker, the
/// worker hands the answer back), with a futex wake and an eventfd write each way. Preferring the connection's own loop removes both hops. Work that must not
/// hold a loop still leaves it: long reads prefer `LongReadExecutor`, and the cloud's actor runs on its own executor.
final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
