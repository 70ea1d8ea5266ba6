extension SQLiteStateStore {
    /// The changes staged and not yet folded into `resource`, as positions in `staged_change`: kept here so that a fold
    /// skips a change that a later published one overwrites or deletes (`foldSlice()`). Only this process's: what
    /// another process staged (it reloads: `SQLiteStateStore`) is folded, never skipped.
    struct Backlog {
        /// How many published changes are not yet folded.
        var count = 0
        /// The position of each resource's latest published change not yet folded.
        var latest: [String: Int64] = [:]
        /// What is staged in each batch not yet published, by batch.
        var staged: [Int64: [StagedPosition]] = [:]

        mutating func publish(_ changes: [StagedPosition]) {
            count += changes.count
            for change in changes where change.position > latest[change.id] ?? 0 { latest[change.id] = change.position }
        }

        /// Forgets `folded`, folded (or skipped) now.
        mutating func fold(_ folded: [StagedPosition]) {
            count = max(0, count - folded.count)
            for change in folded where latest[change.id] == change.position { latest[change.id] = nil }
        }
    }

    /// A staged change: the resource's id, and its row's position in `staged_change`.
    struct StagedPosition {
        let id: String
        let position: Int64
    }
}
