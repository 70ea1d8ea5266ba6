import Testing

@testable import Server

/// The console's Connect routes run commands as root: only the console's own page, on a loopback name of this
/// server, gets through.
struct ConsoleShellRoutesTests {
    @Test(
        arguments: [
            ("1", "127.0.0.1:4566", nil, true),
            ("1", "localhost:4566", "http://localhost:4566", true),
            ("1", "[::1]:4566", "http://[::1]:4566", true),
            ("1", "LOCALHOST:4566", nil, true),
            (nil, "127.0.0.1:4566", nil, false),  // no console header: what another origin can send without a preflight
            ("0", "127.0.0.1:4566", nil, false),
            ("1", "evil.example:4566", nil, false),  // DNS rebinding: another name for this address
            ("1", "127.0.0.1.evil.example:4566", nil, false),
            ("1", "127.0.0.1:8080", nil, false),  // another port's page
            ("1", "127.0.0.1:4566", "http://evil.example", false),
            ("1", "127.0.0.1:4566", "null", false),
            ("1", nil, nil, false),
        ] as [(String?, String?, String?, Bool)])
    func onlyTheConsolesOwnPageGetsThrough(header: String?, authority: String?, origin: String?, admitted: Bool) {
        #expect(ConsoleShellRoutes.isFromTheConsole(consoleHeader: header, authority: authority, origin: origin, port: 4566) == admitted)
    }

    @Test func aServerOnPortZeroStillRequiresALoopbackName() {
        #expect(ConsoleShellRoutes.isFromTheConsole(consoleHeader: "1", authority: "127.0.0.1:40123", origin: nil, port: 0))
        #expect(!ConsoleShellRoutes.isFromTheConsole(consoleHeader: "1", authority: "example.com:40123", origin: nil, port: 0))
    }
}
