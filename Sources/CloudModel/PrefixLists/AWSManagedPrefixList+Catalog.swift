/// AWS's S3 and DynamoDB prefix lists per region: their real ids and the CIDR blocks AWS published in them.
///
/// Source: the output of `aws ec2 describe-prefix-lists` in every region, as a user captured and published it when
/// these regions were all there were, and, for eu-north-1, the ids a public project lists (its CIDRs were not captured,
/// so LocalVPC shows that region's lists without entries rather than invent addresses). AWS adds blocks to
/// these lists over time; what matters to LocalVPC is that the ids are AWS's and the blocks are AWS's own ranges for
/// the service in that region, so a route or rule built on them reads as it would on AWS.
extension AWSManagedPrefixList {
    struct Known: Sendable {
        let id: String
        let cidrs: [String]
    }

    static let catalog: [String: [String: Known]] = [
        "us-east-1": [
            "s3": Known(id: "pl-63a5400a", cidrs: ["54.231.0.0/17", "52.216.0.0/15"]),
            "dynamodb": Known(id: "pl-02cd2c6b", cidrs: ["52.94.0.0/22", "52.119.224.0/20"]),
        ],
        "us-east-2": [
            "s3": Known(id: "pl-7ba54012", cidrs: ["52.219.80.0/20", "52.219.96.0/20", "52.92.76.0/22"]),
            "dynamodb": Known(id: "pl-4ca54025", cidrs: ["52.94.4.0/24"]),
        ],
        "us-west-1": [
            "s3": Known(id: "pl-6ba54002", cidrs: ["52.219.20.0/22", "54.231.232.0/21", "52.219.24.0/21", "52.92.48.0/22"]),
            "dynamodb": Known(id: "pl-6ea54007", cidrs: ["52.94.12.0/24"]),
        ],
        "us-west-2": [
            "s3": Known(id: "pl-68a54001", cidrs: ["54.231.160.0/19", "52.218.128.0/17", "52.92.32.0/22"]),
            "dynamodb": Known(id: "pl-00a54069", cidrs: ["52.94.28.0/23"]),
        ],
        "ca-central-1": [
            "s3": Known(id: "pl-7da54014", cidrs: ["52.95.146.0/23", "52.95.145.0/24", "52.92.84.0/22"]),
            "dynamodb": Known(id: "pl-4ea54027", cidrs: ["52.94.14.0/24"]),
        ],
        "eu-west-1": [
            "s3": Known(id: "pl-6da54004", cidrs: ["52.218.0.0/17", "54.231.128.0/19"]),
            "dynamodb": Known(id: "pl-6fa54006", cidrs: ["52.94.5.0/24", "52.119.240.0/21", "52.94.24.0/23"]),
        ],
        "eu-west-2": [
            "s3": Known(id: "pl-7ca54015", cidrs: ["52.95.150.0/24", "52.92.88.0/22", "52.95.148.0/23"]),
            "dynamodb": Known(id: "pl-b3a742da", cidrs: ["52.94.15.0/24"]),
        ],
        "eu-west-3": [
            "s3": Known(id: "pl-23ad484a", cidrs: ["52.95.154.0/23", "52.95.156.0/24"]),
            "dynamodb": Known(id: "pl-abb451c2", cidrs: ["52.94.16.0/24"]),
        ],
        "eu-central-1": [
            "s3": Known(id: "pl-6ea54007", cidrs: ["52.219.44.0/22", "54.231.192.0/20", "52.219.72.0/22"]),
            "dynamodb": Known(id: "pl-66a5400f", cidrs: ["52.94.17.0/24"]),
        ],
        "eu-north-1": [
            "s3": Known(id: "pl-c3aa4faa", cidrs: []),
            "dynamodb": Known(id: "pl-adae4bc4", cidrs: []),
        ],
        "ap-south-1": [
            "s3": Known(id: "pl-78a54011", cidrs: ["52.92.248.0/22", "52.219.62.0/23", "52.219.64.0/22"]),
            "dynamodb": Known(id: "pl-66a7420f", cidrs: ["52.94.20.0/24"]),
        ],
        "ap-southeast-1": [
            "s3": Known(id: "pl-6fa54006", cidrs: ["52.219.32.0/21", "52.219.40.0/22", "54.231.240.0/22", "52.219.76.0/22"]),
            "dynamodb": Known(id: "pl-67a5400e", cidrs: ["52.94.11.0/24"]),
        ],
        "ap-southeast-2": [
            "s3": Known(id: "pl-6ca54005", cidrs: ["54.231.248.0/22", "54.231.252.0/24", "52.95.128.0/21"]),
            "dynamodb": Known(id: "pl-62a5400b", cidrs: ["52.94.13.0/24"]),
        ],
        "ap-northeast-1": [
            "s3": Known(id: "pl-61a54008", cidrs: ["52.219.0.0/20", "54.231.224.0/21", "52.219.16.0/22", "52.219.68.0/22"]),
            "dynamodb": Known(id: "pl-78a54011", cidrs: ["52.94.8.0/24"]),
        ],
        "ap-northeast-2": [
            "s3": Known(id: "pl-78a54011", cidrs: ["52.92.0.0/20", "52.219.60.0/23", "52.219.56.0/22"]),
            "dynamodb": Known(id: "pl-48a54021", cidrs: ["52.94.6.0/24"]),
        ],
        "sa-east-1": [
            "s3": Known(
                id: "pl-6aa54003", cidrs: ["52.95.138.0/24", "52.92.64.0/22", "52.95.163.0/24", "52.95.136.0/23", "52.92.72.0/22", "52.95.164.0/23"]),
            "dynamodb": Known(id: "pl-60a54009", cidrs: ["52.94.7.0/24"]),
        ],
    ]
}
