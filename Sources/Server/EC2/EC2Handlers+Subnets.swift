import Addressing
import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createSubnet(_ request: EC2.CreateSubnetRequest, context: Context) async throws -> EC2.CreateSubnetResult {
        try Unsupported.refuse(
            ["Ipv4IpamPoolId": request.ipv4IpamPoolId, "Ipv6IpamPoolId": request.ipv6IpamPoolId, "OutpostArn": request.outpostArn])
        let subnet = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createSubnet(
                vpcId: request.vpcId, cidrBlock: request.cidrBlock, ipv6CidrBlock: request.ipv6CidrBlock, ipv6Native: request.ipv6Native ?? false,
                availabilityZone: request.availabilityZone,
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
        try Unsupported.refuse(
            [
                "MapCustomerOwnedIpOnLaunch": request.mapCustomerOwnedIpOnLaunch.map { _ in "" },
                "CustomerOwnedIpv4Pool": request.customerOwnedIpv4Pool,
                "EnableLniAtDeviceIndex": request.enableLniAtDeviceIndex.map(String.init),
                "DisableLniAtDeviceIndex": request.disableLniAtDeviceIndex.map { _ in "" },
            ])
        var given: [Transaction.SubnetAttribute] = []
        if let value = request.mapPublicIpOnLaunch?.value { given.append(.mapPublicIpOnLaunch(value)) }
        if let value = request.assignIpv6AddressOnCreation?.value { given.append(.assignIpv6AddressOnCreation(value)) }
        if let value = request.enableDns64?.value { given.append(.enableDns64(value)) }
        if let text = request.privateDnsHostnameTypeOnLaunch {
            guard let type = PrivateDnsNameOptions.HostnameType(rawValue: text) else {
                throw EC2Error.invalidParameterValue("Value (\(text)) for parameter privateDnsHostnameTypeOnLaunch is invalid.")
            }
            given.append(.privateDnsHostnameTypeOnLaunch(type))
        }
        if let value = request.enableResourceNameDnsARecordOnLaunch?.value { given.append(.enableResourceNameDnsARecordOnLaunch(value)) }
        if let value = request.enableResourceNameDnsAAAARecordOnLaunch?.value { given.append(.enableResourceNameDnsAAAARecordOnLaunch(value)) }
        guard given.count == 1, let attribute = given.first else {
            if given.isEmpty { throw EC2Error.missingParameter("MapPublicIpOnLaunch.Value or AssignIpv6AddressOnCreation.Value") }
            throw EC2Error.invalidParameterCombination("Specify only one attribute to modify.")
        }
        try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.modifySubnetAttribute(request.subnetId, attribute)
        }
    }

    func associateSubnetCidrBlock(_ request: EC2.AssociateSubnetCidrBlockRequest, context: Context) async throws -> EC2.AssociateSubnetCidrBlockResult
    {
        try Unsupported.refuse(["Ipv6IpamPoolId": request.ipv6IpamPoolId])
        guard let block = request.ipv6CidrBlock else { throw EC2Error.missingParameter("Ipv6CidrBlock") }
        let association = try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.associateSubnetCidrBlock(request.subnetId, ipv6CidrBlock: block)
        }
        // The call answers while the block is still being associated, as AWS does.
        return EC2.AssociateSubnetCidrBlockResult(
            ipv6CidrBlockAssociation: EC2.SubnetIpv6CidrBlockAssociation(association, state: "associating"), subnetId: request.subnetId)
    }

    func disassociateSubnetCidrBlock(_ request: EC2.DisassociateSubnetCidrBlockRequest, context: Context) async throws
        -> EC2.DisassociateSubnetCidrBlockResult
    {
        let (subnet, association) = try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.disassociateSubnetCidrBlock(associationId: request.associationId)
        }
        return EC2.DisassociateSubnetCidrBlockResult(
            ipv6CidrBlockAssociation: EC2.SubnetIpv6CidrBlockAssociation(association, state: "disassociating"), subnetId: subnet.id)
    }
}

extension EC2.Subnet {
    init(_ subnet: Subnet, in state: CloudState) {
        self.init(
            availabilityZoneId: subnet.availabilityZoneId, mapCustomerOwnedIpOnLaunch: false, ownerId: subnet.scope.account,
            assignIpv6AddressOnCreation: subnet.assignIpv6AddressOnCreation,
            ipv6CidrBlockAssociationSet: subnet.ipv6CidrBlockAssociations.map { EC2.SubnetIpv6CidrBlockAssociation($0, state: "associated") },
            tags: subnet.tags.wire, subnetArn: subnet.arn, enableDns64: subnet.enableDns64, ipv6Native: subnet.ipv6Native,
            privateDnsNameOptionsOnLaunch: EC2.PrivateDnsNameOptionsOnLaunch(
                hostnameType: subnet.privateDnsNameOptionsOnLaunch.hostnameType.rawValue,
                enableResourceNameDnsARecord: subnet.privateDnsNameOptionsOnLaunch.enableResourceNameDnsARecord,
                enableResourceNameDnsAAAARecord: subnet.privateDnsNameOptionsOnLaunch.enableResourceNameDnsAAAARecord),
            subnetId: subnet.id, state: "available", vpcId: subnet.subnetVpcId, cidrBlock: subnet.cidrBlock?.description,
            availableIpAddressCount: state.availableIpAddressCount(of: subnet), availabilityZone: subnet.availabilityZone,
            defaultForAz: subnet.defaultForAz,
            mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch)
    }
}

extension EC2.SubnetIpv6CidrBlockAssociation {
    init(_ association: CloudModel.SubnetIpv6CidrBlockAssociation, state: String) {
        self.init(
            associationId: association.associationId, ipv6CidrBlock: association.ipv6CidrBlock.description, ipv6CidrBlockState: .init(state: state))
    }
}
