import Foundation

// TEMPORARY instrumentation for issue 16 item 3 (removed before merge): LOCALVPC_TRACE_FAIRNESS=1 prints what took long.
package enum FairnessTrace {
    package static let enabled = ProcessInfo.processInfo.environment["LOCALVPC_TRACE_FAIRNESS"] != nil
    static let threshold = Duration.microseconds(500)

    package static func note(_ what: @autoclosure () -> String, _ elapsed: Duration) {
        guard enabled, elapsed >= threshold else { return }
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let name = ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
        let line = "trace \(Date().timeIntervalSince1970) \(name) \((ms * 100).rounded() / 100)ms \(what())\n"
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    package static func time<T>(_ what: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let started = ContinuousClock.now
        defer { note(what(), ContinuousClock.now - started) }
        return try body()
    }
}
