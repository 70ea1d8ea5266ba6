import CloudModel
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Persistence
import Synchronization
import Testing

@testable import Server

/// What the EC2 endpoint answers when a request goes wrong: an AWS error for that request alone, never a crash.
struct QueryEndpointFailureTests {
    /// An application with the EC2 endpoint over `store`, as `LocalVPC.application` wires it.
    static func application(store: some StateStore) throws -> some ApplicationProtocol {
        let endpoint = QueryEndpoint(ec2: EC2Handlers(cloud: try CloudService(store: store)), configuration: ServerConfiguration())
        let router = Router()
        router.post("/") { request, context in await endpoint.respond(to: request, context: context) }
        return Application(router: router, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    static func form(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// A store whose first commit fails (the disk full for a moment), then works.
    final class FailingOnceStore: StateStore {
        let stored = InMemoryStateStore()
        let failures = Mutex(1)

        func load() throws -> StoredCloud { try stored.load() }
        func entries(after version: UInt64) throws -> [JournalEntry]? { try stored.entries(after: version) }
        func append(_ entry: JournalEntry, after version: UInt64) throws -> JournalAppend {
            let fails = failures.withLock { count in
                defer { count -= 1 }
                return count > 0
            }
            if fails { throw FailingStore.DiskFull() }
            return try stored.append(entry, after: version)
        }
    }

    /// A shared store (PostgreSQL) that can be taken down and brought back.
    final class OutageStore: StateStore {
        let stored = InMemoryStateStore(isShared: true)
        let down = Mutex(false)
        var isShared: Bool { true }

        func reachable() throws {
            if down.withLock({ $0 }) { throw StoreUnavailable(reason: "cannot connect to PostgreSQL at postgres://test@127.0.0.1:5432/test") }
        }
        func load() throws -> StoredCloud { try reachable(); return try stored.load() }
        func entries(after version: UInt64) throws -> [JournalEntry]? { try reachable(); return try stored.entries(after: version) }
        func latestVersion() throws -> UInt64 { try reachable(); return try stored.latestVersion() }
        func append(_ entry: JournalEntry, after version: UInt64) throws -> JournalAppend {
            try reachable()
            return try stored.append(entry, after: version)
        }
    }

    /// PostgreSQL down: reads and writes that need it answer AWS's `ServiceUnavailable` with HTTP 503 (which botocore
    /// retries), in the Query API's XML error form, and change nothing; once it is back the same server answers again.
    @Test(arguments: ["Action=CreateVpc&CidrBlock=10.0.0.0%2F16", "Action=DescribeVpcs&Version=2016-11-15"])
    func anUnreachableStoreIsServiceUnavailable(request: String) async throws {
        let store = OutageStore()
        try await Self.application(store: store).test(.router) { client in
            store.down.withLock { $0 = true }
            try await client.execute(uri: "/", method: .post, body: Self.form(request)) { response in
                #expect(response.status == .serviceUnavailable)
                let body = String(buffer: response.body)
                #expect(body.contains("<Errors><Error><Code>ServiceUnavailable</Code>"))
                #expect(body.contains("temporary failure of the server"))
                #expect(body.contains("<RequestID>"))
            }
            #expect(try store.stored.load().state == CloudState())
            store.down.withLock { $0 = false }
            try await client.execute(uri: "/", method: .post, body: Self.form(request)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// A failure nobody foresaw (here the disk refusing a write) is `InternalError` 500 for that request only: the
    /// same server goes on answering the next one.
    @Test func anUnexpectedFailureIsInternalErrorForThatRequestOnly() async throws {
        try await Self.application(store: FailingOnceStore()).test(.router) { client in
            try await client.execute(uri: "/", method: .post, body: Self.form("Action=CreateVpc&CidrBlock=10.0.0.0%2F16")) { response in
                #expect(response.status == .internalServerError)
                let body = String(buffer: response.body)
                #expect(body.contains("<Code>InternalError</Code>"))
                #expect(body.contains("<RequestID>"))
            }
            try await client.execute(uri: "/", method: .post, body: Self.form("Action=DescribeVpcs&Version=2016-11-15")) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// A body over `QueryEndpoint.maximumBodySize` (4 MiB) is AWS's 413 `RequestEntityTooLarge`, not a 500; one of
    /// exactly that size is read.
    @Test(arguments: [(QueryEndpoint.maximumBodySize + 1, 413), (QueryEndpoint.maximumBodySize, 200)])
    func bodiesAreReadUpTo4MiB(size: Int, status: Int) async throws {
        let head = "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1="
        let body = head + String(repeating: "x", count: size - head.utf8.count)
        try await Self.application(store: InMemoryStateStore()).test(.live) { client in
            try await client.execute(uri: "/", method: .post, body: Self.form(body)) { response in
                #expect(response.status.code == status)
                if status == 413 { #expect(String(buffer: response.body).contains("<Code>RequestEntityTooLarge</Code>")) }
            }
        }
    }
}
