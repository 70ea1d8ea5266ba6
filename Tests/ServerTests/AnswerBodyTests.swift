import HTTPTypes
import HummingbirdCore
import NIOCore
import Testing

@testable import Server

/// `AnswerBody`: an answer written in pieces is the rendered bytes with the request id in its place, however the pieces
/// fall, in pieces no larger than `AnswerBody.pieceSize`, with its length announced and the answer finished once.
struct AnswerBodyTests {
    /// What a connection would be given: the pieces, and how many times the answer was finished.
    final class RecordingWriter: ResponseBodyWriter {
        var pieces: [ByteBuffer] = []
        var finished = 0

        func write(_ buffer: ByteBuffer) async throws { pieces.append(buffer) }
        func finish(_ trailingHeaders: HTTPFields?) async throws { finished += 1 }
    }

    static let piece = AnswerBody.pieceSize

    /// Sizes around one piece and several, and request id places at the start, across a piece's end, and at the end.
    @Test(arguments: [
        (0, 0..<0), (100, 10..<20), (piece, 0..<36), (piece + 1, piece - 5..<piece + 1), (3 * piece + 17, piece - 18..<piece + 18),
        (3 * piece + 17, 3 * piece - 19..<3 * piece + 17), (5 * piece, 0..<0),
    ])
    func theAnswerIsTheRenderedBytesWithTheRequestIdInItsPlace(size: Int, range: Range<Int>) async throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) }
        let requestId = range.isEmpty ? "" : "5a1e3c9d-0000-4000-8000-0123456789ab"
        let body = AnswerBody.body(bytes, requestId: requestId, replacing: range)
        let expected = Array(bytes[..<range.lowerBound]) + Array(requestId.utf8) + Array(bytes[range.upperBound...])
        #expect(body.contentLength == expected.count)
        let recorded = RecordingWriter()
        try await body.write(recorded)
        let received = recorded.pieces.flatMap { Array($0.readableBytesView) }
        #expect(received.count == expected.count)
        #expect(received.elementsEqual(expected))
        #expect(recorded.pieces.allSatisfy { $0.readableBytes <= Self.piece })
        // An answer of one piece or less is one buffer, written with its head in one flush.
        if expected.count <= Self.piece { #expect(recorded.pieces.count == 1) }
        #expect(recorded.finished == 1)
    }
}
