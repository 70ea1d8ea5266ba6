import Foundation

/// Turns botocore's HTML documentation into a one-sentence `///` comment.
enum DocumentationSummary {
    /// The first sentence of `html` as plain text, or nil if there is none.
    static func firstSentence(of html: String?) -> String? {
        guard let html else { return nil }
        let text = collapsingWhitespace(decodingEntities(strippingTags(html)))
        guard !text.isEmpty else { return nil }
        if let end = text.range(of: ". ") {
            return String(text[..<end.lowerBound]) + "."
        }
        return text
    }

    /// `text` as `///` lines of at most `width` columns including `indentation`.
    static func commentLines(_ text: String, indentation: String, width: Int = 150) -> [String] {
        let prefix = indentation + "/// "
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, prefix.count + current.count + 1 + word.count > width {
                lines.append(prefix + current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(prefix + current) }
        return lines
    }

    private static func strippingTags(_ html: String) -> String {
        var result = ""
        var insideTag = false
        for character in html {
            switch character {
            case "<": insideTag = true
            case ">" where insideTag:
                insideTag = false
                result.append(" ")
            default: if !insideTag { result.append(character) }
            }
        }
        return result
    }

    private static func decodingEntities(_ text: String) -> String {
        let entities = ["&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&apos;": "'", "&nbsp;": " ", "&amp;": "&"]
        var result = text
        for (entity, character) in entities.sorted(by: { $0.key < $1.key }) where entity != "&amp;" {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result.replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func collapsingWhitespace(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace })
        var joined = words.joined(separator: " ")
        // Tags replaced by spaces leave "word ." and "( word"; tidy the punctuation.
        for (spaced, tight) in [(" .", "."), (" ,", ","), (" )", ")"), ("( ", "("), (" :", ":"), (" ;", ";")] {
            joined = joined.replacingOccurrences(of: spaced, with: tight)
        }
        return joined
    }
}
