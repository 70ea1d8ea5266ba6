/// Lines of Swift source with 4-space indentation, as `.swift-format` wants them.
struct SwiftCode {
    private(set) var lines: [String] = []
    private var depth: Int

    /// Starts at `depth` levels of indentation.
    init(depth: Int = 0) {
        self.depth = depth
    }

    /// The indentation of the current line.
    var indentation: String { String(repeating: "    ", count: depth) }

    mutating func line(_ text: String = "") {
        lines.append(text.isEmpty ? "" : indentation + text)
    }

    mutating func lines(_ texts: [String]) {
        for text in texts { line(text) }
    }

    /// `opener {`, the body one level deeper, `}`; a body that writes nothing becomes `opener {}`.
    mutating func block(_ opener: String, _ body: (inout SwiftCode) -> Void) {
        line(opener + " {")
        appendBody(body)
    }

    /// Like ``block(_:_:)`` with a ``call(_:_:_:)`` as the opener: `public init(a: A, b: B) {`.
    mutating func block(call head: String, _ arguments: [String], _ body: (inout SwiftCode) -> Void) {
        call(head, arguments, " {")
        appendBody(body)
    }

    /// The lines `body` writes, one level deeper (a `case` body).
    mutating func indented(_ body: (inout SwiftCode) -> Void) {
        depth += 1
        body(&self)
        depth -= 1
    }

    private mutating func appendBody(_ body: (inout SwiftCode) -> Void) {
        let start = lines.count
        depth += 1
        body(&self)
        depth -= 1
        if lines.count == start {
            lines[start - 1] += "}"
        } else {
            line("}")
        }
    }

    /// A call or declaration `head(arguments)tail` on one line if it fits in 150 columns, else one argument per line.
    mutating func call(_ head: String, _ arguments: [String], _ tail: String = "") {
        let single = head + "(" + arguments.joined(separator: ", ") + ")" + tail
        guard indentation.count + single.count > 150, !arguments.isEmpty else {
            line(single)
            return
        }
        line(head + "(")
        depth += 1
        for (index, argument) in arguments.enumerated() {
            line(argument + (index == arguments.count - 1 ? "" : ","))
        }
        depth -= 1
        line(")" + tail)
    }

    /// A `///` comment, wrapped to 150 columns.
    mutating func documentation(_ text: String) {
        lines.append(contentsOf: DocumentationSummary.commentLines(text, indentation: indentation))
    }

    var text: String { lines.joined(separator: "\n") + "\n" }
}
