import Foundation
import Testing

@testable import Server

/// `RequestIds`: AWS-shaped request ids, distinct, made without a system call.
struct RequestIdsTests {
    @Test func idsAreLowercaseVersion4UUIDsAndDistinct() {
        let ids = (0..<10_000).map { _ in RequestIds.next() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            #expect(id.utf8.count == 36)
            #expect(id == id.lowercased())
            let uuid = UUID(uuidString: id)
            #expect(uuid != nil)
            #expect(Array(id)[14] == "4", "version 4")
            #expect("89ab".contains(Array(id)[19]), "RFC 4122 variant")
        }
    }

    @Test(arguments: [
        (UInt64(0), UInt64(0), "00000000-0000-4000-8000-000000000000"),
        (UInt64.max, UInt64.max, "ffffffff-ffff-4fff-bfff-ffffffffffff"),
        (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210, "01234567-89ab-4def-bedc-ba9876543210"),
    ])
    func formatsEveryNibbleInPlace(high: UInt64, low: UInt64, text: String) {
        #expect(RequestIds.format(high: high, low: low) == text)
    }

    /// The mixing is a bijection on its inputs: consecutive counters never give the same half.
    @Test func mixingKeepsCountersApart() {
        let mixed = (UInt64(0)..<100_000).map(RequestIds.mix)
        #expect(Set(mixed).count == mixed.count)
    }
}
