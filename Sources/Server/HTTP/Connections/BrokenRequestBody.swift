import NIOCore
import NIOHTTP1

/// A body whose framing broke while it was read: what was read, then the decoder's error, which the route's
/// `collect(upTo:)` throws.
struct BrokenRequestBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let read: ByteBuffer?
    let error: HTTPParserError

    struct AsyncIterator: AsyncIteratorProtocol {
        var read: ByteBuffer?
        var error: HTTPParserError?

        mutating func next() async throws -> ByteBuffer? {
            if let bytes = read {
                read = nil
                return bytes
            }
            if let error {
                self.error = nil
                throw error
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(read: read, error: error) }
}
