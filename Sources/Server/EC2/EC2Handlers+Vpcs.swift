import Addressing
import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createVpc(_ request: EC2.CreateVpcRequest, context: Context) async throws -> EC2.CreateVpcResult {
        try Unsupported.refuse(
            [
                "Ipv4IpamPoolId": request.ipv4IpamPoolId, "Ipv6IpamPoolId": request.ipv6IpamPoolId, "Ipv6Pool": request.ipv6Pool,
                "Ipv6CidrBlock": request.ipv6CidrBlock,
            ])
        let vpc = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createVpc(
                cidrBlock: request.cidrBlock, amazonProvidedIpv6CidrBlock: request.amazonProvidedIpv6CidrBlock ?? false,
                instanceTenancy: request.instanceTenancy, tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        // AWS answers CreateVpc with the VPC still `pending`; it is `available` by the next Describe.
        var wire = EC2.Vpc(vpc)
        wire.state = "pending"
        return EC2.CreateVpcResult(vpc: wire)
    }

    func deleteVpc(_ request: EC2.DeleteVpcRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in try transaction.deleteVpc(request.vpcId) }
    }

    func describeVpcs(_ request: EC2.DescribeVpcsRequest, context: Context) async throws -> EC2.DescribeVpcsResult {
        let (page, _) = try await describe(
            Vpc.self, context, dryRun: request.dryRun, ids: request.vpcIds, filters: request.filters, maxResults: request.maxResults,
            nextToken: request.nextToken)
        return EC2.DescribeVpcsResult(nextToken: page.nextToken, vpcs: page.items.map(EC2.Vpc.init))
    }

    func modifyVpcTenancy(_ request: EC2.ModifyVpcTenancyRequest, context: Context) async throws -> EC2.ModifyVpcTenancyResult {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyVpcTenancy(request.vpcId, instanceTenancy: request.instanceTenancy)
        }
        return EC2.ModifyVpcTenancyResult(returnValue: true)
    }

    func modifyVpcAttribute(_ request: EC2.ModifyVpcAttributeRequest, context: Context) async throws {
        let given: [(Transaction.VpcAttribute, EC2.AttributeBooleanValue?)] = [
            (.enableDnsSupport, request.enableDnsSupport), (.enableDnsHostnames, request.enableDnsHostnames),
            (.enableNetworkAddressUsageMetrics, request.enableNetworkAddressUsageMetrics),
        ]
        let set = given.filter { $0.1 != nil }
        guard set.count == 1, let (attribute, wrapper) = set.first else {
            if set.isEmpty { throw EC2Error.missingParameter("EnableDnsSupport, EnableDnsHostnames or EnableNetworkAddressUsageMetrics") }
            throw EC2Error.invalidParameterCombination(
                "Fields for multiple attribute types specified: \(set.map(\.0.rawValue).joined(separator: ", "))")
        }
        guard let value = wrapper?.value else {
            throw EC2Error.missingParameter("\(attribute.rawValue.prefix(1).uppercased() + attribute.rawValue.dropFirst()).Value")
        }
        try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.modifyVpcAttribute(request.vpcId, attribute, to: value)
        }
    }

    func describeVpcAttribute(_ request: EC2.DescribeVpcAttributeRequest, context: Context) async throws -> EC2.DescribeVpcAttributeResult {
        guard let attribute = Transaction.VpcAttribute(rawValue: request.attribute) else {
            throw EC2Error.invalidParameterValue("Value (\(request.attribute)) for parameter attribute is invalid. Unknown attribute.")
        }
        let state = try await snapshot(context, dryRun: request.dryRun)
        try Vpc.idKind.validate(request.vpcId)
        guard let vpc = state.get(Vpc.self, request.vpcId, in: context.scope) else { throw Vpc.idKind.notFound([request.vpcId]) }
        var result = EC2.DescribeVpcAttributeResult(vpcId: vpc.id)
        switch attribute {
        case .enableDnsSupport: result.enableDnsSupport = .init(vpc.enableDnsSupport)
        case .enableDnsHostnames: result.enableDnsHostnames = .init(vpc.enableDnsHostnames)
        case .enableNetworkAddressUsageMetrics: result.enableNetworkAddressUsageMetrics = .init(vpc.enableNetworkAddressUsageMetrics)
        }
        return result
    }

    func associateVpcCidrBlock(_ request: EC2.AssociateVpcCidrBlockRequest, context: Context) async throws -> EC2.AssociateVpcCidrBlockResult {
        try Unsupported.refuse(
            [
                "Ipv4IpamPoolId": request.ipv4IpamPoolId, "Ipv6IpamPoolId": request.ipv6IpamPoolId, "Ipv6Pool": request.ipv6Pool,
                "Ipv6CidrBlock": request.ipv6CidrBlock,
            ])
        let (vpc, added) = try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.associateVpcCidrBlock(
                request.vpcId, cidrBlock: request.cidrBlock, amazonProvidedIpv6CidrBlock: request.amazonProvidedIpv6CidrBlock ?? false)
        }
        // The call answers while the block is still being associated, as AWS does.
        var result = EC2.AssociateVpcCidrBlockResult(vpcId: vpc.id)
        switch added {
        case .ipv4(let association): result.cidrBlockAssociation = .init(association, state: "associating")
        case .ipv6(let association): result.ipv6CidrBlockAssociation = .init(association, state: "associating")
        }
        return result
    }

    func disassociateVpcCidrBlock(_ request: EC2.DisassociateVpcCidrBlockRequest, context: Context) async throws -> EC2.DisassociateVpcCidrBlockResult
    {
        let (vpc, removed) = try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.disassociateVpcCidrBlock(associationId: request.associationId)
        }
        var result = EC2.DisassociateVpcCidrBlockResult(vpcId: vpc.id)
        switch removed {
        case .ipv4(let association): result.cidrBlockAssociation = .init(association, state: "disassociating")
        case .ipv6(let association): result.ipv6CidrBlockAssociation = .init(association, state: "disassociating")
        }
        return result
    }
}

extension EC2.Vpc {
    init(_ vpc: Vpc) {
        self.init(
            ownerId: vpc.scope.account, instanceTenancy: vpc.instanceTenancy,
            ipv6CidrBlockAssociationSet: vpc.ipv6CidrBlockAssociations.isEmpty
                ? nil : vpc.ipv6CidrBlockAssociations.map { EC2.VpcIpv6CidrBlockAssociation($0, state: "associated") },
            cidrBlockAssociationSet: vpc.cidrBlockAssociations.map { EC2.VpcCidrBlockAssociation($0, state: "associated") },
            isDefault: vpc.isDefault, tags: vpc.tags.wire, vpcId: vpc.id, state: "available", cidrBlock: vpc.cidrBlock.description,
            dhcpOptionsId: vpc.dhcpOptionsId)
    }
}

extension EC2.VpcCidrBlockAssociation {
    init(_ association: CloudModel.VpcCidrBlockAssociation, state: String) {
        self.init(associationId: association.associationId, cidrBlock: association.cidrBlock.description, cidrBlockState: .init(state: state))
    }
}

extension EC2.VpcIpv6CidrBlockAssociation {
    init(_ association: CloudModel.VpcIpv6CidrBlockAssociation, state: String) {
        self.init(
            associationId: association.associationId, ipv6CidrBlock: association.ipv6CidrBlock.description,
            ipv6CidrBlockState: .init(state: state), networkBorderGroup: association.networkBorderGroup, ipv6Pool: "Amazon",
            ipv6AddressAttribute: "public", ipSource: "amazon")
    }
}
