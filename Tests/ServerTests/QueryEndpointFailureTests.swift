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
