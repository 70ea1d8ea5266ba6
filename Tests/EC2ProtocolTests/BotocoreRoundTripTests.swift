import EC2Protocol
import Foundation
import Testing

/// Our responses, parsed by botocore's own `EC2QueryParser`, as the AWS CLI and boto3 parse them.
struct BotocoreRoundTripTests {
    /// Parses `body` as the response to `operation` with botocore; returns the parsed dictionary as JSON objects.
    private func parse(_ body: String, operation: String, status: Int = 200) throws -> [String: Any] {
        let script = """
            import base64, datetime, json, sys
            import botocore.parsers, botocore.session
            request = json.load(sys.stdin)
            model = botocore.session.get_session().get_service_model("ec2").operation_model(request["operation"])
            parsed = botocore.parsers.create_parser("ec2").parse(
                {"body": request["body"].encode("utf-8"), "headers": {}, "status_code": request["status"]}, model.output_shape)
            def plain(value):
                if isinstance(value, datetime.datetime): return value.isoformat()
                if isinstance(value, bytes): return base64.b64encode(value).decode()
                raise TypeError(type(value))
            print(json.dumps(parsed, default=plain))
            """
        let input = try JSONSerialization.data(withJSONObject: ["operation": operation, "body": body, "status": status])
        let output = try Botocore.python(script, input: String(decoding: input, as: UTF8.self))
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    @Test func describeVpcs() throws {
        let xml = EC2ResponseDocument(action: "DescribeVpcs", requestId: "req-42", result: ResponseFixtures.describeVpcsResult).xml
        let parsed = try parse(xml, operation: "DescribeVpcs")

        #expect((parsed["ResponseMetadata"] as? [String: Any])?["RequestId"] as? String == "req-42")
        #expect(parsed["NextToken"] as? String == "token-2")
        let vpcs = try #require(parsed["Vpcs"] as? [[String: Any]])
        #expect(vpcs.count == 2)
        let vpc = vpcs[0]
        #expect(vpc["VpcId"] as? String == "vpc-0a1b2c3d")
        #expect(vpc["CidrBlock"] as? String == "10.0.0.0/16")
        #expect(vpc["IsDefault"] as? Bool == false)
        #expect(vpc["InstanceTenancy"] as? String == "default")
        let tags = try #require(vpc["Tags"] as? [[String: String]])
        #expect(tags == [["Key": "Name", "Value": "main <&> \"quoted\" 'single' ü"], ["Key": "env", "Value": ""]])
        let association = try #require((vpc["CidrBlockAssociationSet"] as? [[String: Any]])?.first)
        #expect(association["AssociationId"] as? String == "vpc-cidr-assoc-0a")
        #expect((association["CidrBlockState"] as? [String: String]) == ["State": "associated", "StatusMessage": "ok"])
        let exclusions = try #require((vpc["EncryptionControl"] as? [String: Any])?["ResourceExclusions"] as? [String: Any])
        #expect((exclusions["VpcPeering"] as? [String: String])?["State"] == "enabled")

        let sparse = vpcs[1]
        #expect(sparse["VpcId"] as? String == "vpc-empty")
        #expect(sparse["Tags"] as? [Any] != nil && (sparse["Tags"] as? [Any])?.isEmpty == true, "an empty list parses as []")
        #expect(sparse["CidrBlock"] == nil)
    }

    @Test func subnetsAndRouteTablesKeepTheirTypes() throws {
        let subnets = EC2ResponseDocument(
            action: "DescribeSubnets",
            requestId: "r",
            result: EC2.DescribeSubnetsResult(subnets: [ResponseFixtures.subnet])
        )
        let subnet = try #require((try parse(subnets.xml, operation: "DescribeSubnets")["Subnets"] as? [[String: Any]])?.first)
        #expect(subnet["AvailableIpAddressCount"] as? Int == 251)
        #expect(subnet["MapPublicIpOnLaunch"] as? Bool == true)
        #expect(subnet["Type"] as? String == "Elastic VPC")

        let routeTables = EC2ResponseDocument(
            action: "DescribeRouteTables",
            requestId: "r",
            result: EC2.DescribeRouteTablesResult(routeTables: [ResponseFixtures.routeTable])
        )
        let table = try #require((try parse(routeTables.xml, operation: "DescribeRouteTables")["RouteTables"] as? [[String: Any]])?.first)
        #expect((table["Associations"] as? [[String: Any]])?.first?["Main"] as? Bool == true)
        #expect((table["Routes"] as? [[String: Any]])?.first?["GatewayId"] as? String == "igw-1")
    }

    @Test func operationWithoutResult() throws {
        let xml = EC2ResponseDocument(action: "DeleteVpc", requestId: "req-7", result: EC2ReturnValue(true)).xml
        let parsed = try parse(xml, operation: "DeleteVpc")
        #expect((parsed["ResponseMetadata"] as? [String: Any])?["RequestId"] as? String == "req-7")
    }

    @Test func errorDocument() throws {
        let xml = EC2ErrorDocument(code: "InvalidVpcID.NotFound", message: "The vpc ID 'vpc-1' does not exist & <never> did", requestId: "req-9").xml
        let parsed = try parse(xml, operation: "DescribeVpcs", status: 400)
        #expect(
            (parsed["Error"] as? [String: String]) == ["Code": "InvalidVpcID.NotFound", "Message": "The vpc ID 'vpc-1' does not exist & <never> did"]
        )
        #expect((parsed["ResponseMetadata"] as? [String: Any])?["RequestId"] as? String == "req-9")
    }

    @Test func timestampsParseToTheSameInstant() throws {
        let dates = [0, 1_795_227_632.5, 951_782_400.123, -1].map { Date(timeIntervalSince1970: $0) }
        let texts = dates.map { date in
            var writer = XMLWriter()
            date.encode(to: &writer)
            return writer.output
        }
        let script = """
            import json, sys
            from botocore.utils import parse_timestamp
            print(json.dumps([parse_timestamp(text).timestamp() for text in json.load(sys.stdin)]))
            """
        let input = String(decoding: try JSONSerialization.data(withJSONObject: texts), as: UTF8.self)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(try Botocore.python(script, input: input).utf8)) as? [Double])
        #expect(parsed == dates.map(\.timeIntervalSince1970))
    }
}
