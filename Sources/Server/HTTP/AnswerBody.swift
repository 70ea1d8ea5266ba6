import HummingbirdCore
import NIOCore
import Synchronization

/// An EC2 answer's body, written from the bytes it was rendered into (`EC2ResponseDocument.bytes`), a piece at a time.
///
/// A describe of thousands of resources renders megabytes, on a long-read thread. Copied whole into one new buffer on
/// the event loop, fresh memory page by page, it held the loop 10–20 ms at a time under load (`perf`, 2026-12-06), and
/// every request of every connection on that loop waited as long. Written in pieces, each copy is small and reuses
/// memory, each large piece is flushed and waited for (`HTTP1ExchangeHandler.writeBody`), so the loop serves its other
/// connections between pieces and a slow reader holds back one piece, not the answer; the rendered bytes are let go on
/// the reclaiming thread (`Reclaimer`).
enum AnswerBody {
    /// How much of an answer one piece carries: answers no longer than this are one buffer, as before.
    static let pieceSize = 64 << 10

    /// `bytes`, with `requestId` in place of `bytes[range]` (a kept answer, `DescribeAnswerCache`) when given.
    static func body(_ bytes: [UInt8], requestId: String = "", replacing range: Range<Int> = 0..<0) -> ResponseBody {
        let length = bytes.count - range.count + requestId.utf8.count
        guard length > pieceSize else {
            var buffer = ByteBuffer()
            buffer.reserveCapacity(length)
            bytes.withUnsafeBufferPointer { bytes in
                buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[..<range.lowerBound]))
                buffer.writeString(requestId)
                buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[range.upperBound...]))
            }
            return ResponseBody(byteBuffer: buffer)
        }
        let held = Mutex<[UInt8]?>(bytes)
        return ResponseBody(contentLength: length) { writer in
            // Taken out, so that the last reference is the one handed to the reclaiming thread.
            guard let bytes = held.withLock({ $0.take() }) else { return }
            let written: Result<Void, any Error>
            do {
                try await write(bytes[..<range.lowerBound], to: &writer)
                if !requestId.isEmpty { try await writer.write(ByteBuffer(string: requestId)) }
                try await write(bytes[range.upperBound...], to: &writer)
                written = .success(())
            } catch {
                written = .failure(error)
            }
            Reclaimer.release(consume bytes)
            try written.get()
            try await writer.finish(nil)
        }
    }

    private static func write(_ bytes: ArraySlice<UInt8>, to writer: inout any ResponseBodyWriter) async throws {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = min(start + pieceSize, bytes.endIndex)
            try await writer.write(ByteBuffer(bytes: bytes[start..<end]))
            start = end
        }
    }
}
