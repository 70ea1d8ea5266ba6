import CloudModel
import Foundation

/// What the console hears of one committed batch: enough to know which of its views to read again.
struct ConsoleEvent: Sendable, Hashable {
    let version: UInt64
    let isReset: Bool
    /// The ids put or deleted, at most `maximumIds` of them (a page re-reads everything past that).
    let ids: [String]
    let truncated: Bool

    static let maximumIds = 200

    init(_ batch: CommittedBatch) {
        version = batch.version
        isReset = batch.isReset
        let all = batch.changes.map(\.id)
        ids = Array(all.prefix(Self.maximumIds))
        truncated = all.count > Self.maximumIds
    }

    var json: String {
        let object: [String: Any] = ["version": version, "reset": isReset, "ids": ids, "truncated": truncated]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
