/// One filter value, compiled once per request: literal text, or AWS's wildcards (`*` any run of characters, `?` one
/// character, `\` escaping the next character) cut into the literal runs between the stars.
///
/// Compiling costs the value's length once; matching a candidate then costs the candidate's length (squared at worst,
/// for a pattern of several stars), never the pattern's: a pattern longer than the candidate can hold is refused before
/// any character is compared. So a megabyte-long filter value costs a megabyte once, not a megabyte per resource.
struct FilterPattern: Sendable, Hashable {
    /// One position of a segment: a character to equal, or `?`.
    enum Unit: Sendable, Hashable {
        case character(Character)
        case anyCharacter
    }

    private enum Form: Sendable, Hashable {
        /// No wildcard at all: the value matches only itself.
        case literal(String)
        /// The runs between stars. With `anchoredStart` the first run starts the candidate; with `anchoredEnd` the last
        /// ends it. A single run anchored both ways is a whole-candidate match of fixed length.
        case wildcards(segments: [[Unit]], anchoredStart: Bool, anchoredEnd: Bool, length: Int)
        /// A lone `\` at the end escapes nothing: the value matches no candidate.
        case never
    }

    private let form: Form

    init(_ value: String) {
        guard Self.hasWildcards(value) else {
            form = .literal(value)
            return
        }
        var segments: [[Unit]] = [[]]
        var escaping = false
        var anchoredStart = true
        var endsWithStar = false
        for character in value {
            if escaping {
                segments[segments.count - 1].append(.character(character))
                escaping = false
                endsWithStar = false
                continue
            }
            switch character {
            case "\\": escaping = true
            case "?": segments[segments.count - 1].append(.anyCharacter)
            case "*":
                if segments.count == 1 && segments[0].isEmpty { anchoredStart = false }
                // Consecutive stars are one star.
                if !segments[segments.count - 1].isEmpty { segments.append([]) }
            default: segments[segments.count - 1].append(.character(character))
            }
            endsWithStar = character == "*"
        }
        guard !escaping else {
            form = .never
            return
        }
        let anchoredEnd = !endsWithStar
        if segments.count > 1 && segments[segments.count - 1].isEmpty { segments.removeLast() }
        form = .wildcards(
            segments: segments, anchoredStart: anchoredStart, anchoredEnd: anchoredEnd, length: segments.reduce(0) { $0 + $1.count })
    }

    /// Whether `value` holds `*`, `?` or `\`, so is not plain text. Looked for in the UTF-8 bytes, not by Character
    /// (which was most of the time a megabyte-long filter value took): the three are ASCII, and no byte of a
    /// multi-byte character is ASCII.
    static func hasWildcards(_ value: String) -> Bool {
        func isWildcard(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "\\") }
        return value.utf8.withContiguousStorageIfAvailable { $0.contains(where: isWildcard) } ?? value.utf8.contains(where: isWildcard)
    }

    /// Whether `text` matches the whole pattern.
    func matches(_ text: String) -> Bool {
        switch form {
        case .literal(let value): return text == value
        case .never: return false
        case .wildcards(let segments, let anchoredStart, let anchoredEnd, let length):
            // Cheap refusals first: the fixed characters must fit.
            let count = text.count
            guard count >= length else { return false }
            if segments.count == 1, anchoredStart, anchoredEnd, count != length { return false }
            let characters = Array(text)
            var start = 0
            var end = characters.count
            var middle = segments[...]
            if anchoredEnd, let last = middle.last {
                // The last run must end the text; it is matched first so that the runs before it cannot use its characters.
                guard end - last.count >= 0, Self.fits(last, characters, at: end - last.count) else { return false }
                end -= last.count
                middle = middle.dropLast()
                if middle.isEmpty { return !anchoredStart || end == 0 }
            }
            if anchoredStart, let first = middle.first {
                guard first.count <= end, Self.fits(first, characters, at: 0) else { return false }
                start = first.count
                middle = middle.dropFirst()
            }
            // Each run between stars at its leftmost place: leaving the most room for the runs after it, which is enough.
            for segment in middle {
                guard let found = Self.firstPlace(of: segment, in: characters, from: start, before: end) else { return false }
                start = found + segment.count
            }
            return start <= end
        }
    }

    private static func fits(_ segment: [Unit], _ characters: [Character], at offset: Int) -> Bool {
        for (index, unit) in segment.enumerated() {
            if case .character(let wanted) = unit, characters[offset + index] != wanted { return false }
        }
        return true
    }

    private static func firstPlace(of segment: [Unit], in characters: [Character], from start: Int, before end: Int) -> Int? {
        guard end - start >= segment.count else { return nil }
        for offset in start...(end - segment.count) where fits(segment, characters, at: offset) { return offset }
        return nil
    }
}
