import EC2Protocol
import Foundation
import Testing

/// The XML text of scalars, escaping and element structure.
struct XMLWriterTests {
    private func encoded(_ value: some XMLEncodable) -> String {
        var writer = XMLWriter()
        writer.element("v", value)
        return writer.output
    }

    @Test func scalars() {
        #expect(encoded("vpc-1") == "<v>vpc-1</v>")
        #expect(encoded("") == "<v/>")
        #expect(encoded(42) == "<v>42</v>")
        #expect(encoded(-7) == "<v>-7</v>")
        #expect(encoded(true) == "<v>true</v>")
        #expect(encoded(false) == "<v>false</v>")
        #expect(encoded(2.5) == "<v>2.5</v>")
        #expect(encoded(Data("hello".utf8)) == "<v>aGVsbG8=</v>")
        #expect(encoded(["a", "b"]) == "<v><item>a</item><item>b</item></v>")
        #expect(encoded([String]()) == "<v/>")
    }

    @Test(arguments: [
        (1_795_227_632.0, "2026-11-21T02:20:32.000Z"),
        (1_795_227_632.5, "2026-11-21T02:20:32.500Z"),
        (1_795_227_632.1239, "2026-11-21T02:20:32.123Z"),  // truncated, never later than the event (AWSTimestamp)
        (0.0, "1970-01-01T00:00:00.000Z"),
        (951_782_400.0, "2000-02-29T00:00:00.000Z"),
        (-1.0, "1969-12-31T23:59:59.000Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
    ])
    func timestampsHaveMillisecondsInUTC(_ seconds: Double, _ text: String) {
        #expect(encoded(Date(timeIntervalSince1970: seconds)) == "<v>\(text)</v>")
    }

    @Test func textIsEscaped() {
        #expect(encoded("a&b<c>d\"e'f") == "<v>a&amp;b&lt;c&gt;d&quot;e&apos;f</v>")
        #expect(encoded("line\r\nnext\ttab") == "<v>line&#13;\nnext\ttab</v>")
        #expect(encoded("nul\u{0}bell\u{7}ü😀") == "<v>nul\u{FFFD}bell\u{FFFD}ü😀</v>")
    }

    @Test func nilIsOmittedAndCustomItemNamesAreHonoured() {
        var writer = XMLWriter()
        writer.element("absent", String?.none)
        writer.element("set", ["x"], itemName: "member")
        writer.element("outer") { xml in
            xml.element("inner") { _ in }
        }
        #expect(writer.output == "<set><member>x</member></set><outer><inner/></outer>")
    }

    @Test func errorDocument() {
        let document = EC2ErrorDocument(code: "InvalidVpcID.NotFound", message: "The vpc ID 'vpc-1' does not exist", requestId: "req-1")
        #expect(
            document.xml
                == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>"
                + "<Message>The vpc ID &apos;vpc-1&apos; does not exist</Message></Error></Errors><RequestID>req-1</RequestID></Response>"
        )
        #expect(EC2ErrorDocument(.missingAction, requestId: "r").code == "MissingAction")
    }

    @Test func responseDocument() {
        let document = EC2ResponseDocument(action: "DeleteVpc", requestId: "req-1", result: EC2ReturnValue(true))
        #expect(
            document.xml
                == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeleteVpcResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<requestId>req-1</requestId><return>true</return></DeleteVpcResponse>"
        )
    }
}
