import NIOCore
import Testing

@testable import Server

/// Which timeout a connection is under, and when it runs out, as requests come and go.
struct ConnectionDeadlinesTests {
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)
    static var policy: ConnectionPolicy {
        var policy = ConnectionPolicy()
        policy.idleTimeout = .seconds(60)
        policy.requestHeadTimeout = .seconds(20)
        policy.bodyReadTimeout = .seconds(10)
        return policy
    }

    func at(_ seconds: Int64) -> NIODeadline { Self.start + .seconds(seconds) }

    @Test func aNewConnectionIsIdleUntilItsFirstByte() {
        let deadlines = ConnectionDeadlines(policy: Self.policy, now: at(0))
        #expect(deadlines.waitingFor == "idle")
        #expect(deadlines.deadline == at(60))
    }

    @Test func aHeadSentByteByByteKeepsItsFirstByteDeadline() {
        var deadlines = ConnectionDeadlines(policy: Self.policy, now: at(0))
        deadlines.bytesArrived(at: at(5))
        for second in 6..<30 { deadlines.bytesArrived(at: at(Int64(second))) }
        #expect(deadlines.waitingFor == "request-head")
        #expect(deadlines.deadline == at(25), "slowloris cannot stretch the head timeout")
    }

    @Test func aBodyMayPauseUpToTheBodyTimeoutBetweenReads() {
        var deadlines = ConnectionDeadlines(policy: Self.policy, now: at(0))
        deadlines.bytesArrived(at: at(1))
        deadlines.headRead(at: at(1))
        #expect(deadlines.deadline == at(11))
        deadlines.bytesArrived(at: at(9))
        #expect(deadlines.waitingFor == "body")
        #expect(deadlines.deadline == at(19))
    }

    @Test func theServersOwnWorkHasNoDeadlineAndIdleCountsFromTheAnswer() {
        var deadlines = ConnectionDeadlines(policy: Self.policy, now: at(0))
        deadlines.bytesArrived(at: at(1))
        deadlines.headRead(at: at(1))
        deadlines.bodyEnded()
        #expect(deadlines.deadline == nil)
        #expect(deadlines.waitingFor == "answer")
        deadlines.answerEnded(at: at(500))
        #expect(deadlines.waitingFor == "idle")
        #expect(deadlines.deadline == at(560))
    }

    @Test func aPipelinedRequestKeepsTheConnectionBusyUntilBothAreAnswered() {
        var deadlines = ConnectionDeadlines(policy: Self.policy, now: at(0))
        deadlines.bytesArrived(at: at(1))
        deadlines.headRead(at: at(1))
        deadlines.bodyEnded()
        deadlines.headRead(at: at(1))
        deadlines.bodyEnded()
        deadlines.answerEnded(at: at(2))
        #expect(deadlines.deadline == nil)
        deadlines.answerEnded(at: at(3))
        #expect(deadlines.deadline == at(63))
    }
}
