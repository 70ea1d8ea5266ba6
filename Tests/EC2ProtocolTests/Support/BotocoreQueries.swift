/// Request bodies exactly as botocore 1.43.11's `EC2Serializer` and `urlencode` produce them (what the AWS CLI and
/// boto3 send), made with:
///
///     ser = botocore.serialize.create_serializer('ec2')
///     body = ser.serialize_to_request(params, session.get_service_model('ec2').operation_model(op))['body']
///     urllib.parse.urlencode(body, doseq=True)
enum BotocoreQueries {
    /// `describe_vpcs(Filters=[{Name: tag:Name, Values: [prod vpc, dev&test]}, {Name: cidr-block, Values: [10.0.0.0/16]}],
    /// VpcIds=[vpc-1a2b3c4d, vpc-5e6f7a8b], MaxResults=5, DryRun=False)`
    static let describeVpcs =
        "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=prod+vpc&Filter.1.Value.2=dev%26test"
        + "&Filter.2.Name=cidr-block&Filter.2.Value.1=10.0.0.0%2F16&VpcId.1=vpc-1a2b3c4d&VpcId.2=vpc-5e6f7a8b&MaxResults=5&DryRun=false"

    /// `create_vpc(CidrBlock=10.0.0.0/16, AmazonProvidedIpv6CidrBlock=True, InstanceTenancy=default,
    /// TagSpecifications=[{ResourceType: vpc, Tags: [{Key: Name, Value: main/vpc=1}, {Key: env, Value: prod ü}]}])`
    static let createVpc =
        "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16&AmazonProvidedIpv6CidrBlock=true&InstanceTenancy=default"
        + "&TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=main%2Fvpc%3D1"
        + "&TagSpecification.1.Tag.2.Key=env&TagSpecification.1.Tag.2.Value=prod+%C3%BC"

    /// `create_tags(Resources=[vpc-1, subnet-2], Tags=[{Key: Name, Value: a+b c}, {Key: empty, Value: ''}])`
    static let createTags =
        "Action=CreateTags&Version=2016-11-15&ResourceId.1=vpc-1&ResourceId.2=subnet-2&Tag.1.Key=Name&Tag.1.Value=a%2Bb+c"
        + "&Tag.2.Key=empty&Tag.2.Value="

    /// `modify_vpc_attribute(VpcId=vpc-1, EnableDnsHostnames={Value: True})`
    static let modifyVpcAttribute = "Action=ModifyVpcAttribute&Version=2016-11-15&VpcId=vpc-1&EnableDnsHostnames.Value=true"

    /// `describe_availability_zones(AllAvailabilityZones=True, ZoneNames=[us-east-1a], ZoneIds=[use1-az1])`
    static let describeAvailabilityZones =
        "Action=DescribeAvailabilityZones&Version=2016-11-15&AllAvailabilityZones=true&ZoneName.1=us-east-1a&ZoneId.1=use1-az1"

    /// `describe_regions(RegionNames=[us-east-1, eu-west-1], AllRegions=True)`
    static let describeRegions = "Action=DescribeRegions&Version=2016-11-15&RegionName.1=us-east-1&RegionName.2=eu-west-1&AllRegions=true"

    /// `create_route(RouteTableId=rtb-1, DestinationCidrBlock=0.0.0.0/0, GatewayId=igw-1)`
    static let createRoute = "Action=CreateRoute&Version=2016-11-15&RouteTableId=rtb-1&DestinationCidrBlock=0.0.0.0%2F0&GatewayId=igw-1"

    /// `delete_vpc(VpcId=vpc-1)`
    static let deleteVpc = "Action=DeleteVpc&Version=2016-11-15&VpcId=vpc-1"
}
