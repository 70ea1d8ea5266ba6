import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createDefaultVpc(_ request: EC2.CreateDefaultVpcRequest, context: Context) async throws -> EC2.CreateDefaultVpcResult {
        let vpc = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in try transaction.createDefaultVpc() }
        // As CreateVpc, AWS answers with the VPC still `pending`.
        var wire = EC2.Vpc(vpc)
        wire.state = "pending"
        return EC2.CreateDefaultVpcResult(vpc: wire)
    }

    func createDefaultSubnet(_ request: EC2.CreateDefaultSubnetRequest, context: Context) async throws -> EC2.CreateDefaultSubnetResult {
        try Unsupported.refuse(["Ipv6Native": request.ipv6Native == true ? "true" : nil])
        let zone: String
        let parameter: String
        switch (request.availabilityZone, request.availabilityZoneId) {
        case (let name?, nil): (zone, parameter) = (name, "availabilityZone")
        case (nil, let id?): (zone, parameter) = (id, "availabilityZoneId")
        case (nil, nil): throw EC2Error.missingParameter("AvailabilityZone")
        default: throw EC2Error.invalidParameterCombination("Either AvailabilityZone or AvailabilityZoneId must be specified, but not both.")
        }
        let subnet = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createDefaultSubnet(zone: zone, parameter: parameter)
        }
        return EC2.CreateDefaultSubnetResult(subnet: EC2.Subnet(subnet, in: cloud.snapshot()))
    }
}
