/// The AWS services VPC endpoints reach, per region: S3 and DynamoDB as gateway and interface services, and the
/// interface services people use most (EC2, Systems Manager, STS, CloudWatch, KMS, Secrets Manager, ECR, SQS, SNS,
/// API Gateway, Lambda, …), offered in every zone of every region LocalVPC knows.
///
/// Names, DNS names and policy support follow AWS's `DescribeVpcEndpointServices` answers. AWS offers some 150
/// services, not all in every region; LocalVPC lists the common ones everywhere.
public enum VpcEndpointServiceCatalog {
    /// What one service offers; the region makes it a `VpcEndpointService`.
    struct Offering {
        /// The last part of the service name: `s3`, `ecr.api`.
        let suffix: String
        /// The first labels of its DNS names: `s3`, `api.ecr`.
        let dnsLabel: String
        /// The first labels of its private DNS name (`ec2`, `*.s3`, `api.ecr`), when it has one.
        let privateDnsLabel: String?
        let gateway: Bool
        let interface: Bool
        let policySupported: Bool
        let ipv6: Bool
        let privateDnsByDefault: Bool

        /// `privateDns` absent means the service's private name starts as its DNS names do; `.some(nil)` means it has
        /// none (DynamoDB's interface endpoints).
        init(
            _ suffix: String, dns: String? = nil, privateDns: String?? = .none, gateway: Bool = false, interface: Bool = true,
            policy: Bool = true, ipv6: Bool = false, privateDnsByDefault: Bool = true
        ) {
            self.suffix = suffix
            self.dnsLabel = dns ?? suffix
            self.privateDnsLabel = privateDns ?? (dns ?? suffix)
            self.gateway = gateway
            self.interface = interface
            self.policySupported = policy
            self.ipv6 = ipv6
            self.privateDnsByDefault = privateDnsByDefault
        }
    }

    static let offerings: [Offering] = [
        // S3 has no private DNS by default on its interface endpoints: it came years after them, and needs the
        // choice of PrivateDnsOnlyForInboundResolverEndpoint. Which services answer over IPv6 (S3, EC2) and which
        // take no endpoint policy (ec2messages, ssmmessages) is LocalVPC's reading of AWS's documentation.
        Offering("s3", privateDns: "*.s3", gateway: true, ipv6: true, privateDnsByDefault: false),
        Offering("dynamodb", privateDns: .some(nil), gateway: true),
        Offering("ec2", ipv6: true),
        Offering("ec2messages", policy: false),
        Offering("ssm"),
        Offering("ssmmessages", policy: false),
        Offering("sts"),
        Offering("logs"),
        Offering("monitoring"),
        Offering("events"),
        Offering("kms"),
        Offering("secretsmanager"),
        Offering("ecr.api", dns: "api.ecr"),
        Offering("ecr.dkr", dns: "dkr.ecr", privateDns: "*.dkr.ecr"),
        Offering("ecs"),
        Offering("eks"),
        Offering("sqs"),
        Offering("sns"),
        Offering("execute-api", privateDns: "*.execute-api"),
        Offering("elasticloadbalancing"),
        Offering("autoscaling"),
        Offering("application-autoscaling"),
        Offering("lambda"),
        Offering("states"),
        Offering("kinesis-streams", dns: "kinesis"),
        Offering("kinesis-firehose", dns: "firehose"),
        Offering("elasticfilesystem"),
        Offering("ebs"),
        Offering("rds"),
        Offering("elasticache"),
        Offering("athena"),
        Offering("glue"),
        Offering("cloudformation"),
        Offering("cloudtrail"),
        Offering("config"),
        Offering("codebuild"),
        Offering("codecommit"),
        Offering("git-codecommit"),
        Offering("backup"),
        Offering("xray"),
        Offering("sagemaker.api", dns: "api.sagemaker"),
        Offering("sagemaker.runtime", dns: "runtime.sagemaker"),
        Offering("email-smtp"),
        Offering("servicecatalog"),
        Offering("acm-pca"),
    ]

    private static let byRegion: [String: [VpcEndpointService]] = Dictionary(
        uniqueKeysWithValues: RegionCatalog.regions.map { ($0.name, makeServices(in: $0)) })

    /// Every service offered in `region`, ordered by name and then type, as AWS lists them.
    public static func services(in region: String) -> [VpcEndpointService] { byRegion[region] ?? [] }

    /// The services (one per endpoint type) called `name` in `region`.
    public static func services(named name: String, in region: String) -> [VpcEndpointService] {
        services(in: region).filter { $0.name == name }
    }

    /// The service called `name` with endpoints of `type` in `region`.
    public static func service(named name: String, type: VpcEndpoint.EndpointType, in region: String) -> VpcEndpointService? {
        services(in: region).first { $0.name == name && $0.type == type }
    }

    private static func makeServices(in region: RegionCatalog.Region) -> [VpcEndpointService] {
        var services: [VpcEndpointService] = []
        for offering in offerings {
            let name = "com.amazonaws.\(region.name).\(offering.suffix)"
            if offering.gateway {
                services.append(
                    VpcEndpointService(
                        name: name, region: region.name, type: .gateway, baseEndpointDnsName: "\(offering.dnsLabel).\(region.name).amazonaws.com",
                        privateDnsName: nil, privateDnsByDefault: false, endpointPolicySupported: offering.policySupported,
                        supportsIpv6: offering.ipv6, wildcardDnsNames: false, hasGatewayEndpoints: true, availabilityZones: region.zones))
            }
            if offering.interface {
                services.append(
                    VpcEndpointService(
                        name: name, region: region.name, type: .interface,
                        baseEndpointDnsName: "\(offering.dnsLabel).\(region.name).vpce.amazonaws.com",
                        privateDnsName: offering.privateDnsLabel.map { "\($0).\(region.name).amazonaws.com" },
                        privateDnsByDefault: offering.privateDnsLabel != nil && offering.privateDnsByDefault,
                        endpointPolicySupported: offering.policySupported, supportsIpv6: offering.ipv6,
                        wildcardDnsNames: offering.privateDnsLabel?.hasPrefix("*.") == true && offering.gateway,
                        hasGatewayEndpoints: offering.gateway, availabilityZones: region.zones))
            }
        }
        return services.sorted { ($0.name, $0.type.rawValue) < ($1.name, $1.type.rawValue) }
    }
}
