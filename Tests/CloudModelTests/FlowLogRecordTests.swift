import CloudModel
import Testing

/// Flow log records as AWS writes them: each field of versions 2 to 8, the version a format carries, NODATA.
struct FlowLogRecordTests {
    static let record: FlowLogRecord = {
        var record = FlowLogRecord(accountId: "123456789012", interfaceId: "eni-0123456789abcdef0", start: 1_700_000_000, end: 1_700_000_042)
        record.sourceAddress = "10.0.1.10"
        record.destinationAddress = "10.0.2.20"
        record.sourcePort = 43210
        record.destinationPort = 443
        record.ipProtocol = 6
        record.packets = 10
        record.bytes = 840
        record.action = .accept
        record.vpcId = "vpc-0aaaaaaaaaaaaaaaa"
        record.subnetId = "subnet-0bbbbbbbbbbbbbbbb"
        record.instanceId = "i-0cccccccccccccccc"
        record.tcpFlags = 3
        record.type = "IPv4"
        record.packetSourceAddress = "10.0.1.10"
        record.packetDestinationAddress = "10.0.2.20"
        record.region = "us-east-1"
        record.availabilityZoneId = "use1-az1"
        record.flowDirection = .egress
        record.trafficPath = 1
        return record
    }()

    @Test(arguments: [
        ("version", "2"), ("account-id", "123456789012"), ("interface-id", "eni-0123456789abcdef0"), ("srcaddr", "10.0.1.10"),
        ("dstaddr", "10.0.2.20"), ("srcport", "43210"), ("dstport", "443"), ("protocol", "6"), ("packets", "10"), ("bytes", "840"),
        ("start", "1700000000"), ("end", "1700000042"), ("action", "ACCEPT"), ("log-status", "OK"), ("vpc-id", "vpc-0aaaaaaaaaaaaaaaa"),
        ("subnet-id", "subnet-0bbbbbbbbbbbbbbbb"), ("instance-id", "i-0cccccccccccccccc"), ("tcp-flags", "3"), ("type", "IPv4"),
        ("pkt-srcaddr", "10.0.1.10"), ("pkt-dstaddr", "10.0.2.20"), ("region", "us-east-1"), ("az-id", "use1-az1"),
        ("sublocation-type", "-"), ("sublocation-id", "-"), ("pkt-src-aws-service", "-"), ("pkt-dst-aws-service", "-"),
        ("flow-direction", "egress"), ("traffic-path", "1"), ("ecs-cluster-name", "-"), ("ecs-task-id", "-"), ("reject-reason", "-"),
    ])
    func eachFieldIsWrittenAsAWSWritesIt(_ field: String, _ value: String) {
        #expect(Self.record.line(format: "${\(field)}") == (field == "version" ? "2" : value))
    }

    @Test func everyFieldOfEveryVersionIsCovered() {
        let all = FlowLogFormat.fieldsByVersion.values.joined().sorted()
        let format = all.map { "${\($0)}" }.joined(separator: " ")
        #expect(Self.record.line(format: format).split(separator: " ").count == all.count)
        #expect(all.count == 40)
    }

    @Test func theDefaultFormatIsVersion2InAWSOrder() {
        #expect(
            Self.record.line(format: FlowLogFormat.defaultFormat)
                == "2 123456789012 eni-0123456789abcdef0 10.0.1.10 10.0.2.20 43210 443 6 10 840 1700000000 1700000042 ACCEPT OK")
    }

    /// AWS: the version is the highest among the format's fields.
    @Test(arguments: [
        ("${srcaddr} ${dstaddr}", 2), ("${version} ${vpc-id}", 3), ("${srcaddr} ${az-id} ${tcp-flags}", 4), ("${traffic-path}", 5),
        ("${srcaddr} ${ecs-task-arn}", 7), ("${reject-reason} ${traffic-path}", 8), (FlowLogFormat.defaultFormat, 2),
    ])
    func theVersionIsTheHighestOfTheFormatsFields(_ format: String, _ version: Int) {
        #expect(FlowLogFormat.version(of: format) == version)
        #expect(Self.record.line(format: "${version} " + format).hasPrefix("\(version) "))
    }

    @Test func aNoDataRecordFillsOnlyVersionAccountInterfaceAndTheInterval() {
        let record = FlowLogRecord.noData(accountId: "123456789012", interfaceId: "eni-1", start: 100, end: 160)
        #expect(record.line(format: FlowLogFormat.defaultFormat) == "2 123456789012 eni-1 - - - - - - - 100 160 - NODATA")
        #expect(record.line(format: "${vpc-id} ${tcp-flags} ${flow-direction} ${log-status}") == "- - - NODATA")
    }

    @Test func theHeaderIsTheFieldNames() {
        #expect(FlowLogFormat.header(of: "${version} ${srcaddr}  ${pkt-dstaddr}") == "version srcaddr pkt-dstaddr")
    }
}
