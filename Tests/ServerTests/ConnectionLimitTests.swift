import Testing

@testable import Server

/// How many connections the server takes, against its maximum and the process's descriptor limit.
struct ConnectionLimitTests {
    @Test(arguments: [
        (4096, 1024, 16, 960), (4096, 1_048_576, 16, 4096), (4, 1024, 16, 4), (4096, 1024, 100, 916), (4096, 100, 16, 75),
        (4096, 32, 16, 8), (4096, 24, 16, 1), (4096, 8, 16, 1), (10, .max, 16, 10),
    ])
    func theCapStaysBelowTheDescriptorLimit(maximum: Int, descriptorLimit: Int, baseline: Int, cap: Int) {
        #expect(ConnectionLimit.cap(maximum: maximum, descriptorLimit: descriptorLimit, baseline: baseline) == cap)
    }

    /// One read of the listening socket accepts four connections at once with room for two: all four are counted
    /// before the first is set up, and exactly the two beyond the cap are closed, so the two within it are served.
    @Test func aBatchOfAcceptsPastTheCapClosesOnlyTheConnectionsBeyondIt() {
        let limit = ConnectionLimit(maximum: 2)
        for _ in 0..<4 { limit.connectionOpened() }
        #expect((0..<4).map { _ in limit.takeOneOverCap() }.filter { $0 }.count == 2)
        limit.connectionClosed()
        limit.connectionClosed()
        #expect(limit.open == 2)
        #expect(!limit.isAcceptingNewConnections())
        limit.connectionOpened()
        #expect(limit.takeOneOverCap())
        #expect(!limit.takeOneOverCap())
    }
}
