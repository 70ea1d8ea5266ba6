import Synchronization

/// What a request turned out to be, noted by whoever learns it (the Query endpoint knows the `Action` and the AWS
/// error code) and read by `MetricsMiddleware` once the answer is made: one place records, the rest only note.
final class RequestOutcome: Sendable {
    /// The outcome of the request this task is answering, when `MetricsMiddleware` is in the chain.
    @TaskLocal static var current: RequestOutcome?

    private let noted = Mutex<(action: String?, code: String?)>((nil, nil))

    /// The EC2 or STS `Action` the client asked for (as sent; `ServerMetrics` bounds it).
    func note(action: String) { noted.withLock { $0.action = action } }

    /// The AWS error code the request was answered with.
    func note(code: String) { noted.withLock { $0.code = code } }

    var action: String? { noted.withLock { $0.action } }
    var code: String? { noted.withLock { $0.code } }
}
