import Foundation
import Testing

@testable import Server

/// The admin routes' JSON writer: what it writes reads back as what was given, and it declines what it cannot write.
struct JSONTextTests {
    @Test(arguments: [
        (["b": 1, "a": true, "c": "x"] as [String: any Sendable], #"{"a":true,"b":1,"c":"x"}"#),
        (["n": 0, "f": false], #"{"f":false,"n":0}"#),
        (["uptime": 12.5, "whole": 3.0], #"{"uptime":12.5,"whole":3}"#),
        (["list": ["a/b", "q\"\\\n\u{1}"]], #"{"list":["a\/b","q\"\\\n\u0001"]}"#),
        (
            ["nested": ["enabled": false, "reason": "off: not root"] as [String: any Sendable], "records": [String]() as any Sendable]
                as [String: any Sendable], #"{"nested":{"enabled":false,"reason":"off: not root"},"records":[]}"#
        ),
    ])
    func writesSortedCompactJSON(object: [String: any Sendable], expected: String) throws {
        let bytes = try #require(JSONText.encode(object))
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        // And Foundation reads back the same values.
        let read = try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary
        let direct = try JSONSerialization.jsonObject(with: JSONSerialization.data(withJSONObject: object)) as? NSDictionary
        #expect(read == direct)
    }

    @Test func declinesWhatItCannotWrite() {
        #expect(JSONText.encode(["x": Double.infinity]) == nil)
        #expect(JSONText.encode(["when": Date()]) == nil)
    }

    /// Typed values (the health document's) are written as the same values given untyped would be.
    @Test func writesTypedFieldsAsTheUntypedObject() throws {
        let object: JSONText.Field = .object([
            ("status", .string("ok")), ("resources", .integer(42)), ("uptimeSeconds", .number(1.25)), ("whole", .number(3)),
            ("dataPlaneLeader", .flag(true)), ("signatures", .object([("verified", .flag(false)), ("b", .integer(2))])),
            ("delta", .signed(-7)), ("a\"b", .string("x/y")),
        ])
        var typed: [UInt8] = []
        #expect(JSONText.write(field: object, into: &typed))
        #expect(typed == JSONText.encode(untyped(object)))
        var unwritable: [UInt8] = []
        #expect(!JSONText.write(field: .object([("x", .number(.nan))]), into: &unwritable))
    }

    private func untyped(_ field: JSONText.Field) -> any Sendable {
        switch field {
        case .string(let text): text
        case .integer(let number): number
        case .signed(let number): number
        case .number(let number): number
        case .flag(let flag): flag
        case .object(let fields): Dictionary(uniqueKeysWithValues: fields.map { ($0.key, untyped($0.value)) }) as [String: any Sendable]
        }
    }
}
