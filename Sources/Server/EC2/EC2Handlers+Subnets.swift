import Addressing
import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createSubnet(_ request: EC2.CreateSubnetRequest, context: Context) async throws -> EC2.CreateSubnetResult {
        try Unsupported.refuse(
            [
                "Ipv6CidrBlock": request.ipv6CidrBlock, "Ipv4IpamPoolId": request.ipv4IpamPoolId, "Ipv6IpamPoolId": request.ipv6IpamPoolId,
                "OutpostArn": request.outpostArn, "Ipv6Native": request.ipv6Native == true ? "true" : nil,
            ])
        let subnet = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createSubnet(
                vpcId: request.vpcId, cidrBlock: request.cidrBlock, availabilityZone: request.availabilityZone,
                availabilityZoneId: request.availabilityZoneId, tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        return EC2.CreateSubnetResult(subnet: EC2.Subnet(subnet, in: cloud.snapshot()))
    }

    func deleteSubnet(_ request: EC2.DeleteSubnetRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in try transaction.deleteSubnet(request.subnetId) }
    }

    func describeSubnets(_ request: EC2.DescribeSubnetsRequest, context: Context) async throws -> EC2.DescribeSubnetsResult {
        let (page, state) = try await describe(
            Subnet.self, context, dryRun: request.dryRun, ids: request.subnetIds, filters: request.filters, maxResults: request.maxResults,
            nextToken: request.nextToken)
        return EC2.DescribeSubnetsResult(nextToken: page.nextToken, subnets: page.items.map { EC2.Subnet($0, in: state) })
    }

    func modifySubnetAttribute(_ request: EC2.ModifySubnetAttributeRequest, context: Context) async throws {
        let attribute: Transaction.SubnetAttribute
        switch (request.mapPublicIpOnLaunch?.value, request.assignIpv6AddressOnCreation?.value) {
        case (let value?, nil): attribute = .mapPublicIpOnLaunch(value)
        case (nil, let value?): attribute = .assignIpv6AddressOnCreation(value)
        case (nil, nil):
            throw EC2Error.missingParameter("MapPublicIpOnLaunch.Value or AssignIpv6AddressOnCreation.Value")
        default:
            throw EC2Error.invalidParameterCombination("Specify only one attribute to modify.")
        }
        try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.modifySubnetAttribute(request.subnetId, attribute)
        }
    }
}

extension EC2.Subnet {
    init(_ subnet: Subnet, in state: CloudState) {
        self.init(
            availabilityZoneId: subnet.availabilityZoneId, mapCustomerOwnedIpOnLaunch: false, ownerId: subnet.scope.account,
            assignIpv6AddressOnCreation: subnet.assignIpv6AddressOnCreation,
            ipv6CidrBlockAssociationSet: subnet.ipv6CidrBlockAssociations.map {
                EC2.SubnetIpv6CidrBlockAssociation(
                    associationId: $0.associationId, ipv6CidrBlock: $0.ipv6CidrBlock.description, ipv6CidrBlockState: .init(state: "associated"))
            },
            tags: subnet.tags.wire, subnetArn: subnet.arn, enableDns64: false, ipv6Native: false,
            privateDnsNameOptionsOnLaunch: EC2.PrivateDnsNameOptionsOnLaunch(
                hostnameType: "ip-name", enableResourceNameDnsARecord: false, enableResourceNameDnsAAAARecord: false),
            subnetId: subnet.id, state: "available", vpcId: subnet.subnetVpcId, cidrBlock: subnet.cidrBlock.description,
            availableIpAddressCount: state.availableIpAddressCount(of: subnet), availabilityZone: subnet.availabilityZone,
            defaultForAz: subnet.defaultForAz,
            mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch)
    }
}
