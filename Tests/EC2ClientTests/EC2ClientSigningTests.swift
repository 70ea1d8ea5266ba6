import EC2Client
import Foundation
import SigV4
import Testing

/// EC2Client signs its requests as botocore does (with the shared `SigV4` target).
struct EC2ClientSigningTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    /// What botocore's `SigV4Auth` produced for the same EC2 request (computed once with botocore 1.x, date pinned).
    @Test(arguments: [
        (nil, "content-type;host;x-amz-date", "3cc3590a8c8bda8a321f118ee017d7ac65ef6f111bff350b2b6c9ab3f60aaec2"),
        (
            "FQoGZXIvYXdzEXAMPLETOKEN", "content-type;host;x-amz-date;x-amz-security-token",
            "a4b3a5191df9675608607a176113704b43fcf2702c694a9df9e58de68ad7e202"
        ),
    ])
    func ec2RequestSignsAsBotocoreDoes(token: String?, signedHeaders: String, signature: String) throws {
        let endpoint = try #require(URL(string: "http://127.0.0.1:4566"))
        let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: token)
        let client = EC2Client(configuration: .init(credentials: credentials, region: "eu-west-1", endpoint: endpoint), now: { Self.suiteDate })
        let request = client.signedRequest("DescribeVpcs", [("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", "my vpc")])
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=my%20vpc")
        #expect(request.header("host") == "127.0.0.1:4566")
        #expect(request.header("x-amz-security-token") == token)
        #expect(
            request.header("authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/ec2/aws4_request, SignedHeaders=\(signedHeaders), Signature=\(signature)"
        )
    }

}
