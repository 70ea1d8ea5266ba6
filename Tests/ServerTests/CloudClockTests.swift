import CloudModel
import Foundation
import Persistence
import Server
import Testing

/// The server's clock: bounded wherever an offset enters, and kept with the state across restarts.
struct CloudClockTests {
    static let century = CloudClock.maximumOffset

    @Test(arguments: [
        (0.0, 0.0), (3600.0, 3600.0), (-5.0, 0.0), (century, century), (century + 1, century), (1e16, century),
        (Double.infinity, century), (-Double.infinity, 0.0), (Double.nan, 0.0),
    ])
    func anOffsetIsHeldToZeroThroughAHundredYears(given: Double, kept: Double) {
        #expect(CloudClock(offset: given).offset == kept)
        let clock = CloudClock()
        clock.set(offset: given)
        #expect(clock.offset == kept)
    }

    @Test func advancingNeverPassesTheMaximumNorGoesBack() {
        let clock = CloudClock()
        clock.advance(by: Self.century - 10)
        #expect(clock.remainingAdvance == 10)
        clock.advance(by: 1e16)
        #expect(clock.offset == Self.century)
        clock.advance(by: -1e9)
        clock.advance(by: .nan)
        #expect(clock.offset == Self.century)
    }

    /// A fresh state directory, removed when the test ends.
    static func withDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("localvpc-clock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory)
    }

    @Test func theMovedClockIsKeptWithTheStateUntilAReset() async throws {
        try await Self.withDirectory { directory in
            let first = try CloudService(store: SQLiteStateStore(directory: directory))
            try await first.advanceClock(by: 8 * 86_400)
            try await first.advanceClock(by: 3600)
            #expect(first.clock.offset == 8 * 86_400 + 3600)

            let second = try CloudService(store: SQLiteStateStore(directory: directory))
            #expect(second.clock.offset == 8 * 86_400 + 3600)
            try await second.reset()
            #expect(second.clock.offset == 0)

            let third = try CloudService(store: SQLiteStateStore(directory: directory))
            #expect(third.clock.offset == 0)
        }
    }

    /// An offset written by anyone (an older server, a hand-edited file) is bounded again on load.
    @Test func aStoredOffsetIsBoundedOnLoad() async throws {
        try await Self.withDirectory { directory in
            _ = try SQLiteStateStore(directory: directory).append(.clockOffset(1e16), after: 0)
            let cloud = try CloudService(store: SQLiteStateStore(directory: directory))
            #expect(cloud.clock.offset == CloudClock.maximumOffset)
        }
    }

    @Test func aClockThatCannotBeMadeDurableDoesNotMove() async throws {
        let cloud = try CloudService(store: FailingStore())
        await #expect(throws: FailingStore.DiskFull.self) { try await cloud.advanceClock(by: 60) }
        #expect(cloud.clock.offset == 0)
    }
}
