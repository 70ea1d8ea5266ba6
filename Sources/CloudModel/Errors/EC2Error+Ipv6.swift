/// Refusals about IPv6 blocks of subnets and IPv6 addresses of interfaces, worded as AWS words them.
extension EC2Error {
    static let ipv6NativeNeedsIpv6Block = EC2Error(
        code: "MissingParameter", message: "Either 'ipv6CidrBlock' or 'ipv6IpamPoolId' should be provided.")

    static let ipv6NativeWithIpv4Block = EC2Error.invalidParameterCombination(
        "When specifying ipv4 parameters, cidrBlock or ipv4IpamPoolId, you cannot set ipv6Native to true.")

    /// An IPv6 setting turned on in a subnet without an IPv6 block, in AWS's words for each (`attribute` is
    /// `assign-ipv6-address-on-creation`, `enable-dns64` or `enable-resource-name-dns-aaaa-record-on-launch`, as
    /// Terraform users quote them: terraform-aws-modules/terraform-aws-vpc#930, terraform-provider-aws#32410).
    static func subnetHasNoIpv6Block(_ subnetId: String, attribute: String) -> EC2Error {
        .invalidParameterValue(
            "Invalid value 'true' for \(attribute). Cannot set \(attribute) to true unless the subnet (\(subnetId)) has an IPv6 CIDR block associated with it."
        )
    }

    static func ipv6OnlySubnetHasNoIpv4(_ subnetId: String) -> EC2Error {
        .invalidParameterValue("The subnet \(subnetId) is IPv6-only: it has no IPv4 addresses.")
    }

    static func ipv6OnlySubnetMustAssignIpv6(_ subnetId: String) -> EC2Error {
        .invalidParameterValue(
            "Invalid value 'false' for assign-ipv6-address-on-creation. An IPv6-only subnet (\(subnetId)) must assign IPv6 addresses on creation.")
    }

    static func subnetAlreadyHasIpv6Block(_ subnetId: String) -> EC2Error {
        EC2Error(code: "CidrLimitExceeded", message: "The subnet '\(subnetId)' already has an IPv6 CIDR block associated with it.")
    }

    static func vpcHasNoIpv6Block(_ vpcId: String, _ cidr: String) -> EC2Error {
        EC2Error(code: "InvalidSubnet.Range", message: "The CIDR '\(cidr)' is invalid: the VPC '\(vpcId)' has no IPv6 CIDR block.")
    }

    static func subnetCidrAssociationNotFound(_ associationId: String) -> EC2Error {
        EC2Error(
            code: "InvalidSubnetCidrBlockAssociationID.NotFound",
            message: "The subnet CIDR block with association ID '\(associationId)' does not exist")
    }

    static func subnetIpv6BlockAssignsOnCreation(_ associationId: String) -> EC2Error {
        EC2Error(
            code: "InvalidCidrBlock.InUse",
            message:
                "The subnet IPv6 CIDR block with association ID \(associationId) may not be disassociated, because its subnet has assign-ipv6-address-on-creation set to true."
        )
    }

    static func subnetIpv6BlockInUse(_ associationId: String) -> EC2Error {
        EC2Error(
            code: "InvalidCidrBlock.InUse",
            message: "The subnet IPv6 CIDR block with association ID \(associationId) may not be disassociated, because it has addresses in use.")
    }

    static func ipv6OnlySubnetKeepsItsBlock(_ associationId: String) -> EC2Error {
        EC2Error(
            code: "OperationNotPermitted",
            message: "The subnet IPv6 CIDR block with association ID \(associationId) may not be disassociated: the subnet is IPv6-only.")
    }

    static func noIpv6BlockForAddresses(_ subnetId: String) -> EC2Error {
        .invalidParameterValue("You cannot assign IPv6 addresses to a network interface in subnet \(subnetId): it has no IPv6 CIDR block.")
    }

    static func invalidIpv6Address(_ value: String) -> EC2Error {
        .invalidParameterValue("Invalid value '\(value)' for IPv6 address.")
    }

    static func ipv6AddressOutsideSubnet(_ value: String) -> EC2Error {
        .invalidParameterValue("The specified address \(value) is not in the subnet's IPv6 CIDR block.")
    }

    static func ipv6AddressInUse(_ value: String) -> EC2Error {
        EC2Error(code: "InvalidIPAddress.InUse", message: "Address \(value) is in use.")
    }

    static func ipv6AddressNotAssigned(_ value: String, _ interfaceId: String) -> EC2Error {
        EC2Error(code: "InvalidParameterValue", message: "Some of the specified addresses are not assigned to interface \(interfaceId): \(value)")
    }

    static let ipv6AddressLimitExceeded = EC2Error(code: "Ipv6AddressLimitExceeded", message: "Number of IPv6 addresses will exceed limit.")

    static let ipv6AddressesAndCount = EC2Error.invalidParameterCombination(
        "You may specify the ipv6AddressCount or specific IPv6 addresses, but not both.")

    static func ipv6OnlySubnetLaunch(_ subnetId: String) -> EC2Error {
        EC2Error(
            code: "UnsupportedOperation",
            message: "Network interfaces and instances in an IPv6-only subnet (\(subnetId)) are not supported by LocalVPC yet.")
    }
}
