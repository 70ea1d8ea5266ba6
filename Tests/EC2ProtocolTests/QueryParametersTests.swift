import EC2Protocol
import Foundation
import Testing

/// Parsing form bodies into the parameter tree.
struct QueryParametersTests {
    @Test(arguments: [
        ("a=b+c", "b c"),
        ("a=%2B%26%3D%25", "+&=%"),
        ("a=%C3%BC%E2%82%AC", "ü€"),
        ("a=%zz", "%zz"),
        ("a=%4", "%4"),
        ("a=100%", "100%"),
        ("a=%%41", "%A"),
        ("a=x=y", "x=y"),
        ("a", ""),
        ("a=", ""),
        ("a=%FF", "\u{FFFD}"),
    ])
    func percentDecoding(_ body: String, _ value: String) {
        #expect(QueryParameters(formEncoded: body)["a"] == value)
    }

    @Test func keysArePercentDecodedToo() {
        let query = QueryParameters(formEncoded: "Filter%2E1%2EName=x&&Action=Describe%56pcs")
        #expect(query["Action"] == "DescribeVpcs")
        #expect(query.child("Filter")?.child("1")?["Name"] == "x")
    }

    @Test func lastValueOfARepeatedKeyWins() {
        #expect(QueryParameters(pairs: [("Action", "A"), ("Action", "B")])["Action"] == "B")
    }

    @Test func childrenKnowTheirFullPath() throws {
        let query = QueryParameters(pairs: [("TagSpecification.1.Tag.2.Key", "k")])
        let key = try #require(query.child("TagSpecification")?.elements.first?.child("Tag")?.elements.first?.child("Key"))
        #expect(key.path == "TagSpecification.1.Tag.2.Key")
        #expect(key.value == "k")
    }

    @Test func elementsAreTheNumericChildrenInOrder() {
        let query = QueryParameters(pairs: [("L.2", "b"), ("L.x", "ignored"), ("L.10", "c"), ("L.1", "a"), ("L.-1", "ignored"), ("L", "")])
        #expect(query.child("L")?.elements.map(\.value) == ["a", "b", "c"])
    }

    @Test func anEmptyListParameterIsAnEmptyList() throws {
        let vpcIds: [String]? = try QueryParameters(formEncoded: "VpcId=").decodeIfPresent("VpcId")
        #expect(vpcIds == [])
    }

    @Test func absurdlyDeepKeysAreIgnored() {
        let deep = Array(repeating: "a", count: 10_000).joined(separator: ".")
        let query = QueryParameters(pairs: [(deep, "x"), ("Action", "DescribeVpcs")])
        #expect(query["Action"] == "DescribeVpcs")
        #expect(query.child("a") == nil)
    }

    @Test func largeRequestsDecodeQuickly() throws {
        let pairs = (1...20_000).map { ("VpcId.\($0)", "vpc-\($0)") }
        let clock = ContinuousClock()
        var request: EC2.DescribeVpcsRequest?
        let elapsed = try clock.measure {
            request = try EC2.DescribeVpcsRequest(query: QueryParameters(pairs: pairs))
        }
        #expect(request?.vpcIds?.count == 20_000)
        #expect(request?.vpcIds?.last == "vpc-20000")
        #expect(elapsed < .seconds(5))
    }

    @Test func scalarsDecodeFromTheirText() throws {
        let query = QueryParameters(pairs: [
            ("Time", "2026-11-21T02:20:32Z"), ("Micro", "2026-11-21T02:20:32.123456Z"), ("Offset", "2026-11-21T04:20:32+02:00"),
            ("Blob", "aGVsbG8="), ("Number", "2.5"), ("BadTime", "2026-02-30T00:00:00Z"), ("BadBlob", "***"),
        ])
        let time: Date = try query.decode("Time")
        #expect(time == Date(timeIntervalSince1970: 1_795_227_632))
        let micro: Date = try query.decode("Micro")
        #expect(abs(micro.timeIntervalSince1970 - 1_795_227_632.123456) < 0.000_001)
        let offset: Date = try query.decode("Offset")
        #expect(offset == time)
        let blob: Data = try query.decode("Blob")
        #expect(blob == Data("hello".utf8))
        let number: Double = try query.decode("Number")
        #expect(number == 2.5)
        #expect(throws: QueryDecodingError.invalidParameterValue(name: "BadTime", value: "2026-02-30T00:00:00Z")) {
            let _: Date = try query.decode("BadTime")
        }
        #expect(throws: QueryDecodingError.invalidParameterValue(name: "BadBlob", value: "***")) {
            let _: Data = try query.decode("BadBlob")
        }
    }
}
