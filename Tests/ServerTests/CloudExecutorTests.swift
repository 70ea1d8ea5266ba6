import Foundation
import Persistence
import Testing

@testable import Server

/// The cloud's thread as the actor's executor and as a task executor (`CloudExecutor.tasks`): a task that prefers it
/// comes back to it after a continuation resumed elsewhere, never through Swift's global executor (in `serve`, the
/// event loops, where it waited behind whatever the loop was doing).
struct CloudExecutorTests {
    /// What runs outside the actor in a task preferring the cloud's thread, after a continuation another thread
    /// resumed: the step back to the actor, which a write resumed by the store's thread takes.
    @Test func aContinuationResumedElsewhereComesBackOnTheCloudsThread() async {
        let thread = await Task(executorPreference: CloudExecutor.shared.tasks) { () async -> String? in
            await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume() }
            }
            return currentThreadName()
        }.value
        #expect(thread == "localvpc-cloud")
    }

    /// The actor's jobs and the preferring tasks' jobs share the thread, one at a time, in the order they came.
    @Test func theActorsJobsAndThePreferringTasksRunOnOneThread() async throws {
        let cloud = try CloudService(store: InMemoryStateStore())
        let threads = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<20 {
                group.addTask(executorPreference: CloudExecutor.shared.tasks) { currentThreadName() }
                group.addTask { await cloud.threadName() }
            }
            return await group.reduce(into: Set<String?>()) { $0.insert($1) }
        }
        #expect(threads == ["localvpc-cloud"])
    }
}

/// The name of the thread this runs on (`Thread.current` may not be read in an async function itself).
private func currentThreadName() -> String? { Thread.current.name }

extension CloudService {
    /// The thread the actor runs on, for the tests.
    fileprivate func threadName() -> String? { currentThreadName() }
}
