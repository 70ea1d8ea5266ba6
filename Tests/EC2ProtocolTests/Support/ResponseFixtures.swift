import EC2Protocol

/// Response shapes with every member set, nested structures included, so that every element name gets written.
enum ResponseFixtures {
    static let tag = EC2.Tag(key: "Name", value: "main <&> \"quoted\" 'single' ü")

    static let vpc = EC2.Vpc(
        ownerId: "123456789012",
        instanceTenancy: "default",
        ipv6CidrBlockAssociationSet: [
            EC2.VpcIpv6CidrBlockAssociation(
                associationId: "vpc-cidr-assoc-0b",
                ipv6CidrBlock: "2600:1f18:abcd:1200::/56",
                ipv6CidrBlockState: EC2.VpcCidrBlockState(state: "associated", statusMessage: "ok"),
                networkBorderGroup: "us-east-1",
                ipv6Pool: "Amazon",
                ipv6AddressAttribute: "public",
                ipSource: "amazon"
            )
        ],
        cidrBlockAssociationSet: [
            EC2.VpcCidrBlockAssociation(
                associationId: "vpc-cidr-assoc-0a",
                cidrBlock: "10.0.0.0/16",
                cidrBlockState: EC2.VpcCidrBlockState(state: "associated", statusMessage: "ok")
            )
        ],
        isDefault: false,
        encryptionControl: EC2.VpcEncryptionControl(
            vpcId: "vpc-0a1b2c3d",
            vpcEncryptionControlId: "vpcec-1",
            mode: "monitor",
            state: "available",
            stateMessage: "ok",
            resourceExclusions: EC2.VpcEncryptionControlExclusions(
                internetGateway: exclusion,
                egressOnlyInternetGateway: exclusion,
                natGateway: exclusion,
                virtualPrivateGateway: exclusion,
                vpcPeering: exclusion,
                lambda: exclusion,
                vpcLattice: exclusion,
                elasticFileSystem: exclusion
            ),
            tags: [tag]
        ),
        tags: [tag, EC2.Tag(key: "env", value: "")],
        blockPublicAccessStates: EC2.BlockPublicAccessStates(internetGatewayBlockMode: "off"),
        vpcId: "vpc-0a1b2c3d",
        state: "available",
        cidrBlock: "10.0.0.0/16",
        dhcpOptionsId: "dopt-1"
    )

    static let subnet = EC2.Subnet(
        availabilityZoneId: "use1-az1",
        enableLniAtDeviceIndex: 1,
        mapCustomerOwnedIpOnLaunch: false,
        customerOwnedIpv4Pool: "pool-1",
        ownerId: "123456789012",
        assignIpv6AddressOnCreation: false,
        ipv6CidrBlockAssociationSet: [
            EC2.SubnetIpv6CidrBlockAssociation(
                associationId: "subnet-cidr-assoc-1",
                ipv6CidrBlock: "2600:1f18:abcd:1200::/64",
                ipv6CidrBlockState: EC2.SubnetCidrBlockState(state: "associated", statusMessage: "ok"),
                ipv6AddressAttribute: "public",
                ipSource: "amazon"
            )
        ],
        tags: [tag],
        subnetArn: "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-1",
        outpostArn: "arn:aws:outposts:us-east-1:123456789012:outpost/op-1",
        enableDns64: false,
        ipv6Native: false,
        privateDnsNameOptionsOnLaunch: EC2.PrivateDnsNameOptionsOnLaunch(
            hostnameType: "ip-name",
            enableResourceNameDnsARecord: true,
            enableResourceNameDnsAAAARecord: false
        ),
        blockPublicAccessStates: EC2.BlockPublicAccessStates(internetGatewayBlockMode: "off"),
        type: "Elastic VPC",
        subnetId: "subnet-1",
        state: "available",
        vpcId: "vpc-0a1b2c3d",
        cidrBlock: "10.0.1.0/24",
        availableIpAddressCount: 251,
        availabilityZone: "us-east-1a",
        defaultForAz: false,
        mapPublicIpOnLaunch: true
    )

    static let routeTable = EC2.RouteTable(
        associations: [
            EC2.RouteTableAssociation(
                main: true,
                routeTableAssociationId: "rtbassoc-1",
                routeTableId: "rtb-1",
                subnetId: "subnet-1",
                gatewayId: "igw-1",
                publicIpv4Pool: "ipv4pool-ec2-1",
                associationState: EC2.RouteTableAssociationState(state: "associated", statusMessage: "ok")
            )
        ],
        propagatingVgws: [EC2.PropagatingVgw(gatewayId: "vgw-1")],
        routeTableId: "rtb-1",
        routes: [
            EC2.Route(
                destinationCidrBlock: "0.0.0.0/0",
                destinationIpv6CidrBlock: "::/0",
                destinationPrefixListId: "pl-1",
                egressOnlyInternetGatewayId: "eigw-1",
                gatewayId: "igw-1",
                instanceId: "i-1",
                instanceOwnerId: "123456789012",
                natGatewayId: "nat-1",
                transitGatewayId: "tgw-1",
                localGatewayId: "lgw-1",
                carrierGatewayId: "cagw-1",
                networkInterfaceId: "eni-1",
                origin: "CreateRoute",
                state: "active",
                vpcPeeringConnectionId: "pcx-1",
                coreNetworkArn: "arn:aws:networkmanager::123456789012:core-network/core-network-1",
                odbNetworkArn: "arn:aws:odb:us-east-1:123456789012:odb-network/odb-1",
                ipAddress: "10.0.0.5"
            )
        ],
        tags: [tag],
        vpcId: "vpc-0a1b2c3d",
        ownerId: "123456789012"
    )

    static let describeVpcsResult = EC2.DescribeVpcsResult(nextToken: "token-2", vpcs: [vpc, EC2.Vpc(tags: [], vpcId: "vpc-empty")])

    static let describeTagsResult = EC2.DescribeTagsResult(
        nextToken: "token-3",
        tags: [EC2.TagDescription(key: "Name", resourceId: "vpc-0a1b2c3d", resourceType: "vpc", value: "main")]
    )

    private static let exclusion = EC2.VpcEncryptionControlExclusion(state: "enabled", stateMessage: "ok")
}
