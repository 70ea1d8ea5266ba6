import Addressing
import Reachability
import Synchronization

/// The first packets the flow decider drops, on their way to the flow log recorder: a dropped packet makes no
/// conntrack entry, so the decider is the only one who knows of it. Appending is a short lock and nothing more, so
/// the decider's threads never wait on flow logs; with no flow log anywhere nothing is kept.
final class FlowRejections: Sendable {
    /// One dropped first packet, as the router it arrived at saw it.
    struct Rejection: Sendable, Hashable {
        let namespace: String
        /// The router link it came in by.
        let arrival: Int32
        let header: IPPacketHeader
        let bytes: Int
        /// Where the evaluator found it blocked.
        let blockedAt: FlowVerdict.End?
    }

    private struct State {
        var recording = false
        var pending: [Rejection] = []
    }

    /// At most this many wait between two drains (a flood of dropped packets must not grow memory without bound).
    static let limit = 100_000

    private let state = Mutex(State())

    func record(_ rejection: Rejection) {
        state.withLock { state in
            guard state.recording, state.pending.count < Self.limit else { return }
            state.pending.append(rejection)
        }
    }

    /// Whether there is any flow log to record for.
    func setRecording(_ recording: Bool) {
        state.withLock { state in
            state.recording = recording
            if !recording { state.pending = [] }
        }
    }

    var isRecording: Bool { state.withLock { $0.recording } }

    /// Everything recorded since the last drain.
    func drain() -> [Rejection] {
        state.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
    }
}
