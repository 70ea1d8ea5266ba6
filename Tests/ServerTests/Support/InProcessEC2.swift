import CloudModel
import EC2Protocol
import Foundation
import Persistence

@testable import Server

/// The EC2 handlers over an in-memory cloud, driven with real query strings as the AWS CLI sends them.
struct InProcessEC2 {
    let cloud: CloudService
    let handlers: EC2Handlers
    let context = EC2RequestContext(scope: AccountRegion(account: "123456789012", region: "eu-west-1"), requestId: "test")

    init(store: some StateStore = InMemoryStateStore()) throws {
        cloud = try CloudService(store: store)
        handlers = EC2Handlers(cloud: cloud)
    }

    /// The XML answer to `query` (`Action=…&…`), or the `EC2Error` it raises.
    func call(_ query: String) async throws -> String {
        let parameters = QueryParameters(formEncoded: query)
        return try await handlers.handle(action: parameters["Action"], parameters: parameters, requestId: "test", context: context).xml
    }
}

extension String {
    /// The text of the first `<name>…</name>` element of an XML answer.
    func firstText(of name: String) -> String? {
        guard let open = range(of: "<\(name)>"), let close = range(of: "</\(name)>", range: open.upperBound..<endIndex) else { return nil }
        return String(self[open.upperBound..<close.lowerBound])
    }
}
