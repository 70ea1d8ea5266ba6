/// Refusals and failure reasons of NAT gateways, worded as AWS words them.
extension EC2Error {
    static let publicNatGatewayNeedsAllocation = EC2Error.missingParameter("AllocationId")

    static let privateNatGatewayWithAllocation = EC2Error.invalidParameterCombination(
        "Elastic IP addresses (AllocationId, SecondaryAllocationIds) cannot be used with a private NAT gateway.")

    /// The API reference marks `SecondaryPrivateIpAddressCount` "[Private NAT gateway only]"; AWS's words for the
    /// refusal are not known.
    static let publicNatGatewayWithAddressCount = EC2Error.invalidParameterCombination(
        "SecondaryPrivateIpAddressCount is for private NAT gateways only; a public NAT gateway takes SecondaryAllocationIds.")

    static func natGatewayNotDeletable(_ id: String, state: String) -> EC2Error {
        EC2Error(code: "NatGatewayNotFound", message: "The NAT gateway \(id) is \(state) and cannot be deleted.")
    }

    static func natGatewayElsewhere(table: String, natGatewayId: String) -> EC2Error {
        .invalidParameterValue("route table \(table) and network gateway \(natGatewayId) belong to different networks")
    }

    static func natGatewayNotAvailable(_ id: String) -> EC2Error {
        .invalidParameterValue("The NAT gateway \(id) is not available: routes can name only an available NAT gateway.")
    }

    /// A NAT gateway's interface belongs to the gateway, an interface endpoint's to the endpoint: users may look at
    /// it, never change it.
    static func requesterManagedInterface(_ id: String, type: NetworkInterface.InterfaceType = .natGateway) -> EC2Error {
        let owner =
            switch type {
            case .vpcEndpoint: "VPC endpoint"
            case .transitGateway: "transit gateway attachment"
            default: "NAT gateway"
            }
        return EC2Error(
            code: "OperationNotPermitted", message: "The network interface \(id) is managed by a \(owner): change the \(owner), not its interface.")
    }

    /// The `FailureCode`s and `FailureMessage`s a NAT gateway that could not be created shows.
    enum NatGatewayFailure {
        static func gatewayNotAttached(vpcId: String) -> NatGateway.Failure {
            NatGateway.Failure(code: "Gateway.NotAttached", message: "Network \(vpcId) has no Internet gateway attached")
        }

        static func allocationNotFound(_ allocationId: String) -> NatGateway.Failure {
            NatGateway.Failure(
                code: "InvalidAllocationID.NotFound", message: "Elastic IP address \(allocationId) could not be associated with this NAT gateway")
        }

        static func alreadyAssociated(_ allocationId: String) -> NatGateway.Failure {
            NatGateway.Failure(code: "Resource.AlreadyAssociated", message: "Elastic IP address \(allocationId) is already associated")
        }

        static func noFreeAddresses(_ subnetId: String) -> NatGateway.Failure {
            NatGateway.Failure(
                code: "InsufficientFreeAddressesInSubnet", message: "Subnet \(subnetId) has insufficient free addresses to create this NAT gateway")
        }
    }
}
