import Testing

@testable import Server

struct RequestIdentityTests {
    @Test(arguments: [
        (
            "AWS4-HMAC-SHA256 Credential=123456789012/20261121/eu-west-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
            "123456789012", "eu-west-1", "ec2", "123456789012"
        ),
        (
            "AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x", "test", "us-east-1", "sts",
            "000000000000"
        ),
        (
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261121/ap-south-1/ec2/aws4_request", "AKIAIOSFODNN7EXAMPLE", "ap-south-1", "ec2",
            "000000000000"
        ),
    ])
    func theCredentialScopeNamesKeyRegionAndService(header: String, key: String, region: String, service: String, account: String) {
        let identity = RequestIdentity(authorization: header)
        #expect(identity.accessKeyId == key && identity.region == region && identity.service == service)
        #expect(identity.account(motoAccountHeader: nil, defaultAccount: "000000000000") == account)
    }

    @Test func motoAccountHeaderWinsAndGarbageIsHarmless() {
        let identity = RequestIdentity(authorization: "garbage")
        #expect(identity.region == nil)
        #expect(identity.account(motoAccountHeader: "999999999999", defaultAccount: "000000000000") == "999999999999")
        #expect(identity.account(motoAccountHeader: "not-an-account", defaultAccount: "000000000000") == "000000000000")
        #expect(RequestIdentity(authorization: nil, credentialParameter: "k/d/us-west-2/ec2/aws4_request").region == "us-west-2")
    }
}
