import EC2Client
import Foundation
import SigV4
import Synchronization
import Testing

/// A transport that answers from a script and remembers what it was sent.
final class ScriptedTransport: HTTPTransport {
    private let state: Mutex<(answers: [HTTPResponse], sent: [HTTPRequest])>

    init(_ answers: [HTTPResponse]) {
        state = Mutex((answers, []))
    }

    var sent: [HTTPRequest] { state.withLock { $0.sent } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try state.withLock { state in
            state.sent.append(request)
            guard !state.answers.isEmpty else { throw URLError(.cannotConnectToHost) }
            return state.answers.removeFirst()
        }
    }
}

/// Requests on the wire, responses and AWS error documents.
struct EC2ClientTests {
    static func client(_ transport: ScriptedTransport) -> EC2Client {
        let configuration = EC2Client.Configuration(
            credentials: AWSCredentials(accessKeyId: "test", secretAccessKey: "test"), region: "us-east-1",
            endpoint: URL(string: "http://127.0.0.1:4566")!)
        return EC2Client(configuration: configuration, transport: transport, retryPauses: [.zero, .zero])
    }

    static func answer(_ status: Int, _ xml: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, body: Data(xml.utf8))
    }

    static let errorDocument = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID 'vpc-1' does not exist</Message></Error></Errors>\
        <RequestID>req-42</RequestID></Response>
        """

    @Test func successReturnsTheDocumentWithoutItsNamespace() async throws {
        let transport = ScriptedTransport([
            Self.answer(
                200,
                """
                <DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>
                  <vpcSet><item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item><item><vpcId>vpc-2</vpcId></item></vpcSet>
                </DescribeVpcsResponse>
                """)
        ])
        let response = try await Self.client(transport).call("DescribeVpcs", [("VpcId.1", "vpc-1")])
        #expect(response.name == "DescribeVpcsResponse")
        #expect(response.items("vpcSet").map { $0.text("vpcId") } == ["vpc-1", "vpc-2"])
        #expect(response.text("vpcSet/item/cidrBlock") == "10.0.0.0/16")
        #expect(response.text("vpcSet/item/missing") == nil)
        let request = try #require(transport.sent.first)
        #expect(request.method == "POST")
        #expect(request.header("content-type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(String(decoding: request.body, as: UTF8.self) == "Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1")
        #expect(request.header("authorization")?.contains("Credential=test/") == true)
        #expect(request.header("authorization")?.contains("/us-east-1/ec2/aws4_request") == true)
    }

    @Test func errorDocumentBecomesEC2ClientError() async throws {
        let transport = ScriptedTransport([Self.answer(400, Self.errorDocument)])
        let error = await #expect(throws: EC2ClientError.self) { try await Self.client(transport).call("DescribeVpcs") }
        #expect(error?.code == "InvalidVpcID.NotFound")
        #expect(error?.message == "The vpc ID 'vpc-1' does not exist")
        #expect(error?.requestId == "req-42")
        #expect(error?.statusCode == 400)
        #expect(error?.isServiceError == true)
        #expect(transport.sent.count == 1)
    }

    @Test func throttlingIsRetriedThenSucceeds() async throws {
        let throttled = Self.errorDocument.replacingOccurrences(of: "InvalidVpcID.NotFound", with: "RequestLimitExceeded")
        let transport = ScriptedTransport([Self.answer(503, throttled), Self.answer(503, "<html>busy</html>"), Self.answer(200, "<OkResponse/>")])
        let response = try await Self.client(transport).call("DescribeVpcs")
        #expect(response.name == "OkResponse")
        #expect(transport.sent.count == 3)
    }

    @Test func retriesAreBounded() async throws {
        let throttled = Self.errorDocument.replacingOccurrences(of: "InvalidVpcID.NotFound", with: "Throttling")
        let transport = ScriptedTransport(Array(repeating: Self.answer(400, throttled), count: 5))
        await #expect(throws: EC2ClientError.self) { try await Self.client(transport).call("DescribeVpcs") }
        #expect(transport.sent.count == 3)
    }

    @Test func nonXMLAnswerIsUnexpectedResponse() async throws {
        let transport = ScriptedTransport([Self.answer(404, "<html><body>Not Found</body>")])
        let error = await #expect(throws: EC2ClientError.self) { try await Self.client(transport).call("DescribeVpcs") }
        #expect(error?.code == "UnexpectedResponse")
        #expect(error?.statusCode == 404)
    }

    @Test func noAnswerIsRequestFailed() async throws {
        let error = await #expect(throws: EC2ClientError.self) { try await Self.client(ScriptedTransport([])).call("DescribeVpcs") }
        #expect(error?.code == "RequestFailed")
        #expect(error?.isServiceError == false)
    }

    @Test func pagesFollowNextToken() async throws {
        let transport = ScriptedTransport([
            Self.answer(200, "<R><subnetSet><item><subnetId>s-1</subnetId></item></subnetSet><nextToken>t1</nextToken></R>"),
            Self.answer(200, "<R><subnetSet><item><subnetId>s-2</subnetId></item></subnetSet><nextToken/></R>"),
        ])
        let pages = try await Self.client(transport).callPages("DescribeSubnets", [("Filter.1.Name", "vpc-id")])
        #expect(pages.flatMap { $0.items("subnetSet") }.map { $0.text("subnetId") } == ["s-1", "s-2"])
        #expect(String(decoding: transport.sent[1].body, as: UTF8.self).hasSuffix("&NextToken=t1"))
    }

    @Test(
        arguments: [
            ("<Response><Errors><Error><Code>A</Code><Message>m</Message></Error></Errors><RequestID>x</RequestID></Response>", "A"),
            ("<ErrorResponse><Error><Type>Sender</Type><Code>B</Code><Message>m</Message></Error><RequestId>x</RequestId></ErrorResponse>", "B"),
            ("<DescribeVpcsResponse><vpcSet/></DescribeVpcsResponse>", nil),
        ] as [(String, String?)])
    func errorDocumentShapes(xml: String, code: String?) throws {
        let document = try #require(XMLTree(parsing: Data(xml.utf8)))
        let error = EC2Client.serviceError(in: document, statusCode: 400)
        #expect(error?.code == code)
        #expect(error?.requestId == (code == nil ? nil : "x"))
    }

    @Test func malformedXMLIsNil() {
        #expect(XMLTree(parsing: Data("<a><b></a>".utf8)) == nil)
        #expect(XMLTree(parsing: Data("not xml".utf8)) == nil)
    }

    @Test func formEncodingKeepsOrderAndEncodes() {
        #expect(
            [("Action", "CreateRoute"), ("DestinationCidrBlock", "10.0.0.0/16")].awsFormEncoded
                == "Action=CreateRoute&DestinationCidrBlock=10.0.0.0%2F16")
    }
}
